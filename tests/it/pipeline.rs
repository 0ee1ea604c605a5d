//! The library pipeline: `generate` renders every format in memory and writes nothing; `write`
//! is the one stage that touches the disk.
use riskctl::Engine;
use riskctl::export::Format;
use riskctl::pipeline::{self, Options};

use super::common::example;

#[test]
fn generate_renders_in_memory_and_write_is_the_only_stage_that_writes() {
    let engine = Engine::load(&[] as &[&str]).expect("catalog");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("docs");
    let options = Options {
        templates: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
        formats: vec![Format::Json, Format::Md],
        font: None,
        month: None,
    };
    let generated =
        pipeline::generate(&engine, &[example("food-plastics.yaml")], &target, &options)
            .expect("generate");
    assert!(!target.exists(), "generate wrote nothing");
    let [output] = generated.outputs.as_slice() else {
        panic!("one output per profile")
    };
    assert_eq!(output.dir, target, "one profile: straight into --out");
    let names: Vec<&str> = output.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "checklist.md",
            "daily-record-2026-11-24.md",
            "batch-record-2026-11-24.md",
            "weekly-report-2026-W48.md",
            "monthly-minutes-2026-11.md",
            "checklist.json"
        ],
        "Markdown first, then JSON, whatever order --format gives"
    );
    pipeline::write(&target, &generated).expect("write");
    for file in &output.files {
        assert_eq!(std::fs::read(target.join(&file.name)).unwrap(), file.bytes);
    }
}
