//! riskctl: turns a producer's profile into the quality-safety risk-control checklist and the
//! daily / weekly / monthly records that SAMR Order No. 75 expects.
//!
//! Data flows one way, each module importing only those before it:
//! [`error`], [`location`], [`vocab`] (shared words), [`facts`] (product-line facts) → [`catalog`] (raw layers validated into
//! complete types) → [`profile`] → [`rules`] (matching, conditions) → [`model`] (the typed
//! checklist) → [`checklist`] (resolves it) → [`standards`] (the registry; cites the editions in
//! force on the document date) → [`render`] (Markdown via Tera) → [`document`] (the
//! tree parsed from that Markdown) → [`pdf`] (typesetting) → [`export`] (one exporter per format)
//! → [`pipeline`] (`generate`: everything in memory) → [`output`] (the write stage).
//! Beside the flow, [`questionnaire`] turns a profile into a workbook and back (`convert`).
mod assets;
pub mod catalog;
pub mod checklist;
pub mod document;
pub mod error;
pub mod export;
pub mod facts;
pub mod input;
pub mod location;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod profile;
pub mod questionnaire;
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

pub use error::Error;

/// Maps `f` over `items` on all cores, keeping the order. Start-up work (parsing the catalog,
/// indexing it for matching) and typesetting split into independent pieces of uneven size, so
/// each worker takes the next piece when it is free.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

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

/// 64-bit FNV-1a of `bytes` from `seed`: a stable identity for content (catalog layers, fonts,
/// the PDF document ID), never for security.
pub(crate) fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The FNV-1a offset basis, the usual seed of [`fnv`].
pub(crate) const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

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
        let catalog = Catalog::load(layers)?;
        let matcher = Matcher::new(&catalog);
        Ok(Engine { catalog, matcher })
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
