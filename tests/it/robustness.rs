//! No input makes riskctl panic: every truncation of a real profile, and single-character
//! corruptions of it, end in a checklist or in diagnostics.
use riskctl::Engine;
use riskctl::error::SourceFile;
use riskctl::profile::LoadedProfile;

fn run(engine: &Engine, text: &str) {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let source = SourceFile::new("mutant.yaml", text);
    if let Ok(valid) = LoadedProfile::parse(source).and_then(|l| l.validate(&engine.catalog)) {
        let _ = engine.checklist(&valid, date);
    }
}

#[test]
fn truncated_and_corrupted_profiles_never_panic() {
    let engine = Engine::load(&[] as &[&str]).unwrap();
    let text = include_str!("../../examples/consumer-goods.yaml");
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &cut in boundaries.iter().step_by(7) {
        run(&engine, &text[..cut]);
    }
    for &at in boundaries.iter().step_by(11) {
        for replacement in [":", "-", "{", "\"", " ", "\n", "电"] {
            let mut mutant = String::with_capacity(text.len());
            mutant.push_str(&text[..at]);
            mutant.push_str(replacement);
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            mutant.push_str(&text[at + next..]);
            run(&engine, &mutant);
        }
    }
}
