//! `riskctl init`: the commented starter profile.
use std::path::Path;

use riskctl::Engine;
use riskctl::error::{Diagnostic, Result};
use riskctl::export::Artifact;
use riskctl::facts::FactSource;
use riskctl::profile::{LoadedProfile, STARTER};
use riskctl::{error::SourceFile, output};

pub fn run(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Diagnostic::new(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output::write_all(
        dir,
        &[Artifact {
            name,
            bytes: starter()?.into_bytes(),
        }],
    )?;
    eprintln!(
        "wrote {} — edit it, then run `riskctl check {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

/// The starter profile with its product line's questions written out as `answers:` entries: the
/// value the line's text gives, or the question's default, each with the question beside it.
fn starter() -> Result<String> {
    let engine = Engine::load(&[] as &[&Path])?;
    let valid =
        LoadedProfile::parse(SourceFile::new("starter", STARTER))?.validate(&engine.catalog)?;
    let checklist = engine.checklist(&valid, chrono::Local::now().date_naive())?;
    let mut block = String::new();
    for fact in checklist.lines.iter().take(1).flat_map(|l| &l.facts) {
        let how = match &fact.source {
            FactSource::Product => continue,
            FactSource::Detected { word } => format!("依据“{word}”"),
            FactSource::Answered | FactSource::Assumed => "默认值，请核实".to_string(),
        };
        let value = if fact.value { "是" } else { "否" };
        block.push_str(&format!(
            "      {}: {value}    # {}（{how}）\n",
            fact.id, fact.question
        ));
    }
    if block.is_empty() {
        return Ok(STARTER.to_string());
    }
    let header = "    answers:                          # the catalog's questions for this product: 是 or 否\n";
    Ok(STARTER.replacen("\ntailoring:", &format!("{header}{block}\ntailoring:"), 1))
}
