//! `riskctl init`: the commented starter profile.
use std::io::Write;
use std::path::Path;

use riskctl::error::{Diagnostic, Error, Result, SourceFile};
use riskctl::facts::FactSource;
use riskctl::profile::{LoadedProfile, STARTER};

pub fn run(path: &Path, force: bool) -> Result<()> {
    write_file(path, starter()?.as_bytes(), force)?;
    eprintln!(
        "wrote {} — edit it, then run `riskctl check {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

/// Writes `bytes` to `path` (a file, not a folder), refusing to replace an existing one without
/// `force`.
pub(super) fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let written_as_folder = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    if written_as_folder || path.is_dir() {
        return Err(Diagnostic::new(format!(
            "{} is a folder; give a file name, e.g. {}",
            path.display(),
            path.join("profile.yaml").display()
        ))
        .into());
    }
    if path.symlink_metadata().is_ok() && !force {
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
    let fail = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    // A temporary file created exclusively under a random name, renamed into place: a reader never
    // sees half a file, and nothing planted beside it is followed.
    let mut temp = tempfile::Builder::new()
        .prefix(".riskctl-write-")
        .tempfile_in(dir)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    if force {
        temp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    Ok(())
}

/// The starter profile with its product line's questions written out as `answers:` entries: the
/// value the line's text gives, or the question's default, each with the question beside it.
fn starter() -> Result<String> {
    let engine = super::engine(&[] as &[&Path])?;
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
