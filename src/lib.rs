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
pub mod pdf;
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

/// Maps `f` over `items` on all cores, keeping the order. Start-up work (parsing the catalog,
/// indexing it for matching) splits into independent pieces, and a CLI run is short enough that
/// this is where its time goes.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

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
