//! riskctl: turns a producer's profile into the quality-safety risk-control checklist and the
//! daily / weekly / monthly records that SAMR Order No. 75 expects.
//!
//! Data flows one way: [`catalog`] and [`profile`] are loaded and validated, [`rules`] match each
//! product line onto catalog products and decide which risk points apply, [`checklist`] resolves
//! one model, [`render`] (Markdown, JSON) and [`pdf`] turn it into documents, [`output`] writes them.
mod assets;
pub mod catalog;
pub mod checklist;
pub mod error;
pub mod location;
pub mod output;
pub mod profile;
pub mod render;
pub mod rules;

use std::path::Path;

use catalog::Catalog;
use checklist::Checklist;
use error::Result;
use profile::LoadedProfile;
use rules::matching::Matcher;

pub use error::Error;

/// A loaded catalog with its matcher: what every command works against.
pub struct Engine {
    pub catalog: Catalog,
    pub matcher: Matcher,
}

impl Engine {
    /// The embedded national catalog with `layers` on top.
    pub fn load(layers: &[impl AsRef<Path>]) -> Result<Engine> {
        let catalog = Catalog::load(layers)?;
        let matcher = Matcher::new(&catalog);
        Ok(Engine { catalog, matcher })
    }

    /// Reads and validates a profile.
    pub fn profile(&self, path: &Path) -> Result<LoadedProfile> {
        let loaded = LoadedProfile::read(path)?;
        loaded.validate(&self.catalog)?;
        Ok(loaded)
    }

    /// Resolves a validated profile into its checklist for `date`.
    pub fn checklist(&self, profile: &LoadedProfile, date: chrono::NaiveDate) -> Result<Checklist> {
        checklist::resolve(&self.catalog, &self.matcher, profile, date)
    }
}
