//! Embeds the default catalog and templates: every file under `catalog/` and `templates/` becomes a
//! `(relative path, contents)` entry, so the binary runs with no files beside it.
//!
//! It also does at build time what every run would otherwise do first: it parses and validates
//! the national catalog with the crate's own catalog modules (compiled into this script below) and
//! writes it as a postcard blob, with the matcher's index of it (its products' names, aliases,
//! keywords and standards normalised) as another, and the standards registry as a third. An invalid
//! national catalog fails the build with its file:line:col diagnostics.
use std::{env, fs, path::Path, path::PathBuf};

// The catalog modules and what they import; each imports only `crate::` paths declared here.
#[allow(dead_code, unused_imports)]
#[path = "src/base.rs"]
mod base;
#[allow(dead_code, unused_imports)]
#[path = "src/catalog/mod.rs"]
mod catalog;
#[allow(dead_code, unused_imports)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code, unused_imports)]
#[path = "src/facts.rs"]
mod facts;
#[allow(dead_code, unused_imports)]
#[path = "src/input.rs"]
mod input;
#[allow(dead_code, unused_imports)]
#[path = "src/location.rs"]
mod location;
#[allow(dead_code, unused_imports)]
#[path = "src/vocab.rs"]
mod vocab;
// The standards registry's data types (src/standards/data.rs).
#[allow(dead_code)]
#[path = "src/standards/data.rs"]
mod standards_data;
// The matcher's index (normalised clues) and what it imports: src/rules/matching/{index,literals,result,sieve,text}.rs.
#[path = "src/rules"]
mod rules {
    pub mod matching {
        #[allow(dead_code, unused_imports)]
        pub mod index;
        #[allow(dead_code, unused_imports)]
        pub mod literals;
        #[allow(dead_code, unused_imports)]
        pub mod result;
        #[allow(dead_code, unused_imports)]
        pub mod sieve;
        #[allow(dead_code, unused_imports)]
        pub mod text;
    }
}

#[allow(unused_imports)]
use base::{FNV_SEED, fnv, parallel_map};

/// The embedded files under `dir`, sorted: `(path relative to root, absolute path)`.
fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("readable asset dir")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "md" | "json")
        ) && path.file_name().is_some_and(|n| n != "README.md")
        {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path.canonicalize().unwrap()));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut code = String::new();
    let mut catalog_files = Vec::new();
    for (name, dir) in [("CATALOG", "catalog/national"), ("TEMPLATES", "templates")] {
        let mut entries = Vec::new();
        collect(&root.join(dir), &root.join(dir), &mut entries);
        let lines: Vec<String> = entries
            .iter()
            .map(|(rel, path)| format!("({rel:?}, include_str!({path:?})),"))
            .collect();
        code.push_str(&format!(
            "pub static {name}: &[(&str, &str)] = &[\n{}\n];\n",
            lines.join("\n")
        ));
        println!("cargo:rerun-if-changed={dir}");
        if name == "CATALOG" {
            catalog_files = entries;
        }
    }
    fs::write(out_dir.join("embedded.rs"), code).unwrap();

    // The same names `assets::catalog_sources` gives the embedded files.
    let sources = catalog_files
        .iter()
        .map(|(rel, path)| {
            let text = fs::read_to_string(path).expect("catalog files are UTF-8");
            error::SourceFile::new(format!("builtin:catalog/{rel}"), text)
        })
        .collect();
    let catalog = match catalog::Catalog::parse(sources, &[] as &[&Path]) {
        Ok(catalog) => catalog,
        Err(e) => panic!("the national catalog is invalid:\n{e}"),
    };
    let index = rules::matching::index::Index::build(&catalog);
    fs::write(out_dir.join("matcher.bin"), index.to_blob()).unwrap();
    fs::write(out_dir.join("catalog.bin"), catalog.into_blob()).unwrap();

    // A registry that does not read becomes an empty blob: the binary then parses the YAML
    // itself and reports where it is wrong. The crate's JSON views of these types skip empty
    // fields, which the blob cannot (see src/standards/data.rs): only the crate gets the cfg.
    let registry = "catalog/standards/registry.yaml";
    println!("cargo:rerun-if-changed={registry}");
    println!("cargo::rustc-cfg=riskctl_lib");
    let yaml = fs::read_to_string(root.join(registry)).expect("readable registry");
    let file: Option<standards_data::RegistryFile> = serde_yaml_ng::from_str(&yaml).ok();
    let blob = file.map(|f| postcard::to_allocvec(&f).expect("a registry serialises"));
    fs::write(out_dir.join("registry.bin"), blob.unwrap_or_default()).unwrap();
}
