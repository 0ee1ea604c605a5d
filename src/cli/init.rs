//! `riskctl init`: the commented starter profile.
use std::path::Path;

use riskctl::error::{Diagnostic, Result};
use riskctl::export::Artifact;
use riskctl::{output, profile};

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
            bytes: profile::STARTER.as_bytes().to_vec(),
        }],
    )?;
    eprintln!(
        "wrote {} — edit it, then run `riskctl check {}`",
        path.display(),
        path.display()
    );
    Ok(())
}
