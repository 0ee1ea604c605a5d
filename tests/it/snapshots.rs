//! Snapshots of every document of every example and of its `checklist.json`, rendered through the
//! CLI on a fixed date; the JSON must also read back into the model unchanged.
use super::common::{Case, examples};

#[test]
fn rendered_documents_and_json_of_every_example() {
    for example in examples() {
        let stem = example.file_stem().unwrap().to_string_lossy().to_string();
        let out = tempfile::tempdir().unwrap();
        Case::new(&["generate"])
            .arg(&example)
            .arg("--out")
            .arg(out.path())
            .args(&["--date", "2026-11-24", "--format", "md,json"])
            .run();
        for doc in riskctl::render::DOCUMENTS {
            // The records carry their date in the file name (daily-record-2026-11-24.md…).
            let kind = doc.trim_end_matches(".md");
            let file = std::fs::read_dir(out.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with(kind) && n.ends_with(".md"))
                .unwrap_or_else(|| panic!("{stem}: no {kind} document"));
            let text = std::fs::read_to_string(out.path().join(file)).unwrap();
            insta::assert_snapshot!(format!("{stem}__{doc}"), text);
        }
        let json = std::fs::read_to_string(out.path().join("checklist.json")).unwrap();
        insta::assert_snapshot!(format!("{stem}__checklist.json"), json);
        let model: riskctl::model::Checklist =
            serde_json::from_str(&json).expect("checklist.json reads back into the model");
        let again = riskctl::export::checklist_json(&model);
        assert_eq!(
            String::from_utf8(again.bytes).unwrap(),
            json,
            "{stem}: checklist.json round-trips through the model"
        );
    }
}
