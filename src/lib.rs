//! riskctl: turns a producer's profile into the quality-safety risk-control checklist and the
//! daily / weekly / monthly records that SAMR Order No. 75 expects.
//!
//! Data flows one way, each module importing only those before it:
//! [`error`], [`location`], [`vocab`] (shared words), [`facts`] (product-line facts) → [`catalog`] (raw layers validated into
//! complete types) → [`profile`] → [`rules`] (matching, conditions) → [`model`] (the typed
//! checklist) → [`checklist`] (resolves it) → [`standards`] (the registry; cites the editions in
//! force on the document date) → [`records`] (the record store and its roll-ups) → [`render`] (Markdown via Tera) → [`document`] (the
//! tree parsed from that Markdown) → [`pdf`] (typesetting) → [`export`] (one exporter per format)
//! → [`pipeline`] (`generate`: everything in memory) → [`output`] (the write stage).
//! Beside the flow, [`questionnaire`] turns a profile into a workbook and back (`convert`).
mod assets;
pub mod audit;
mod base;
pub mod batch;
pub mod catalog;
pub mod checklist;
pub mod document;
pub mod error;
pub mod export;
pub mod facts;
pub mod forms;
pub mod input;
pub mod location;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod profile;
pub mod questionnaire;
pub mod records;
pub mod render;
pub mod rules;
pub mod standards;
pub mod vocab;

use std::path::Path;

use catalog::{Catalog, Product};
use error::Result;
use model::Checklist;
use profile::{LoadedProfile, ValidProfile};
use rules::matching::Matcher;

pub use base::parallel_map;
pub(crate) use base::{FNV_SEED, fnv};
pub use error::Error;

/// Each product line's own `standards:` list.
pub fn declared(profile: &ValidProfile) -> Vec<standards::Declared<'_>> {
    profile
        .loaded
        .profile
        .product_lines
        .iter()
        .map(|l| standards::Declared {
            line: &l.id,
            standards: &l.standards,
        })
        .collect()
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without printing it: for third-party code (the font subsetter)
/// that may panic on a damaged input which we then report ourselves. Other threads' panics still
/// print.
pub(crate) fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// A loaded catalog with its matcher: what every command works against.
pub struct Engine {
    pub catalog: Catalog,
    pub matcher: Matcher,
}

impl Engine {
    /// The embedded national catalog with `layers` on top.
    pub fn load(layers: &[impl AsRef<Path>]) -> Result<Engine> {
        if !layers.is_empty() {
            let catalog = Catalog::load(layers)?;
            let matcher = Matcher::new(&catalog);
            return Ok(Engine { catalog, matcher });
        }
        // Both come from blobs the build script made, independent of each other: decode them side
        // by side.
        let (catalog, matcher) = rayon::join(Catalog::builtin, Matcher::builtin);
        Ok(Engine {
            catalog: catalog?,
            matcher,
        })
    }

    /// Reads and validates a profile.
    pub fn profile(&self, path: &Path) -> Result<ValidProfile> {
        let mut loaded = LoadedProfile::read(path)?;
        self.resolve_pins(&mut loaded);
        loaded.validate(&self.catalog)
    }

    /// Rewrites each `catalog_product` pin that names a product by an alias, part of its official
    /// name or traditional characters into the product's id; a pin that names no single product
    /// is left for validation to report.
    pub fn resolve_pins(&self, loaded: &mut LoadedProfile) {
        for line in &mut loaded.profile.product_lines {
            if let Some(pin) = &line.catalog_product
                && self.catalog.find_product(pin).is_none()
                && let Ok(id) = self.matcher.resolve_pin(pin)
            {
                line.catalog_product = Some(id.to_string());
            }
        }
    }

    /// Resolves a validated profile into its checklist for `date`, then cites the standards in
    /// force on that date (the standards pass).
    pub fn checklist(&self, profile: &ValidProfile, date: chrono::NaiveDate) -> Result<Checklist> {
        let mut checklist = checklist::resolve(&self.catalog, &self.matcher, profile, date)?;
        let registry =
            standards::Registry::embedded().map_err(|e| Error::Standards(e.to_string()))?;
        let warnings = standards::apply(&mut checklist, &declared(profile), registry);
        checklist.warnings.extend(warnings);
        checklist::finish(&mut checklist, &profile.loaded.profile);
        Ok(checklist)
    }

    /// Catalog products for what a person typed, most relevant first (the matcher's ranking).
    pub fn search(&self, text: &str) -> Vec<&Product> {
        self.matcher
            .search(text)
            .iter()
            .filter_map(|hit| self.catalog.product(&hit.product_id))
            .collect()
    }
}
