//! riskctl: turns a producer's profile into the quality-safety risk-control checklist and the
//! daily / weekly / monthly records that SAMR Order No. 75 expects.
//!
//! Data flows one way, each module importing only those before it:
//! [`error`], [`location`], [`vocab`] (shared words), [`facts`] (product-line facts) → [`catalog`] (raw layers validated into
//! complete types) → [`profile`] → [`rules`] (matching, conditions) → [`model`] (the typed
//! checklist) → [`checklist`] (resolves it) → [`render`] (Markdown via Tera) → [`document`] (the
//! tree parsed from that Markdown) → [`pdf`] (typesetting) → [`export`] (one exporter per format)
//! → [`pipeline`] (`generate`: everything in memory) → [`output`] (the write stage).
mod assets;
pub mod catalog;
pub mod checklist;
pub mod document;
pub mod error;
pub mod export;
pub mod facts;
pub mod location;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod profile;
pub mod render;
pub mod rules;
pub mod vocab;

use std::path::Path;

use catalog::{Catalog, Product};
use error::Result;
use model::Checklist;
use profile::{LoadedProfile, ValidProfile};
use rules::matching::{Matcher, normalize};

pub use error::Error;

/// Maps `f` over `items` on all cores, keeping the order. Start-up work (parsing the catalog,
/// indexing it for matching) and typesetting split into independent pieces of uneven size, so
/// each worker takes the next piece when it is free.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
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
        LoadedProfile::read(path)?.validate(&self.catalog)
    }

    /// Resolves a validated profile into its checklist for `date`.
    pub fn checklist(&self, profile: &ValidProfile, date: chrono::NaiveDate) -> Result<Checklist> {
        checklist::resolve(&self.catalog, &self.matcher, profile, date)
    }

    /// Products whose id, name, aliases or keywords contain `text` (normalised), then those the
    /// matcher proposes for it.
    pub fn search(&self, text: &str) -> Vec<&Product> {
        let needle = normalize(text);
        let mut found: Vec<&Product> = self
            .catalog
            .products
            .iter()
            .filter(|p| {
                [&p.name, &p.id]
                    .into_iter()
                    .chain(p.aliases.iter().chain(&p.keywords))
                    .map(|f| normalize(f))
                    .any(|f| f.contains(&needle))
            })
            .collect();
        for c in self.matcher.match_name(text, &[]).candidates {
            if let Some(p) = self.catalog.product(&c.product_id)
                && !found.iter().any(|f| f.id == p.id)
            {
                found.push(p);
            }
        }
        found
    }
}
