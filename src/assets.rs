//! Files compiled into the binary by `build.rs`: the national catalog and the default templates,
//! as `(path relative to their folder, contents)`; the catalog also as the blob the build script
//! parsed and validated from them with the matcher's index of it, and the standards registry as a blob read from its YAML.
use std::path::Path;

use crate::catalog::Catalog;
use crate::error::{Result, SourceFile};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// [`Catalog::into_blob`] of the national catalog, written by `build.rs`.
static CATALOG_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

/// [`Index::to_blob`](crate::rules::matching::Index::to_blob) of the national catalog, written by
/// `build.rs`.
pub static MATCHER_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/matcher.bin"));

/// The standards registry (`catalog/standards/registry.yaml`) as a postcard blob of its types,
/// written by `build.rs`; empty if the YAML did not read.
pub static REGISTRY_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/registry.bin"));

/// The national catalog's YAML files under the names diagnostics give them.
pub fn catalog_sources() -> Vec<SourceFile> {
    CATALOG
        .iter()
        .map(|(name, text)| SourceFile::new(format!("builtin:catalog/{name}"), *text))
        .collect()
}

impl Catalog {
    /// The embedded national catalog alone.
    pub fn builtin() -> Result<Catalog> {
        Catalog::load(&[] as &[&Path])
    }

    /// The embedded catalog with `extra` layers (files or folders) on top, in order. Alone, it is
    /// the blob the build script parsed and validated from the YAML (decoded in about a
    /// millisecond); with layers, the embedded YAML is parsed again so the layers can patch it
    /// by id, and their errors keep their file:line:col.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Catalog> {
        if extra.is_empty() {
            return Ok(Catalog::from_blob(CATALOG_BLOB)
                .expect("build.rs wrote the blob from these very types"));
        }
        Catalog::parse(catalog_sources(), extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blob is built from the YAML at build time; a fresh parse of the same YAML must agree
    /// with it field for field, origins included, so the blob cannot go stale unnoticed.
    #[test]
    fn the_compiled_catalog_equals_a_fresh_parse_of_the_yaml() {
        let compiled = Catalog::builtin().unwrap();
        let parsed = Catalog::parse(catalog_sources(), &[] as &[&Path]).unwrap();
        assert!(compiled.products.len() > 300);
        assert!(compiled.all_points().all(|p| p.origin.is_some()));
        assert_eq!(format!("{compiled:?}"), format!("{parsed:?}"));
        let blob = parsed.clone().into_blob().leak();
        let again = Catalog::from_blob(blob).unwrap();
        assert_eq!(format!("{again:?}"), format!("{parsed:?}"));
    }
}
