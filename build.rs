//! Embeds the default catalog and templates: every file under `catalog/` and `templates/` becomes a
//! `(relative path, contents)` entry, so the binary runs with no files beside it.
use std::{env, fs, path::Path};

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
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
            out.push(format!(
                "({rel:?}, include_str!({:?})),",
                path.canonicalize().unwrap()
            ));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    for (name, dir) in [("CATALOG", "catalog/national"), ("TEMPLATES", "templates")] {
        let mut entries = Vec::new();
        collect(&root.join(dir), &root.join(dir), &mut entries);
        code.push_str(&format!(
            "pub static {name}: &[(&str, &str)] = &[\n{}\n];\n",
            entries.join("\n")
        ));
        println!("cargo:rerun-if-changed={dir}");
    }
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs"),
        code,
    )
    .unwrap();
}
