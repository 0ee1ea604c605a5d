//! Snapshots of every document of every example, rendered through the CLI on a fixed date.
use std::path::Path;

use assert_cmd::Command;

#[test]
fn rendered_documents_of_every_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    for example in examples {
        let stem = example.file_stem().unwrap().to_string_lossy().to_string();
        let out = tempfile::tempdir().unwrap();
        Command::cargo_bin("riskctl")
            .unwrap()
            .env_remove("SOURCE_DATE_EPOCH")
            .arg("generate")
            .arg(&example)
            .arg("--out")
            .arg(out.path())
            .args(["--date", "2026-11-24", "--format", "md"])
            .assert()
            .success();
        for doc in riskctl::render::DOCUMENTS {
            let text = std::fs::read_to_string(out.path().join(doc)).unwrap();
            insta::assert_snapshot!(format!("{stem}__{doc}"), text);
        }
    }
}
