//! `riskctl init`: the commented starter profile.
use std::io::Write;
use std::path::Path;

use riskctl::error::{Diagnostic, Error, Result};
use riskctl::profile;

pub fn run(path: &Path, force: bool) -> Result<()> {
    let written_as_folder = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    if written_as_folder || path.is_dir() {
        return Err(Diagnostic::new(format!(
            "{} is a folder; give the profile a file name, e.g. {}",
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
    // sees half a profile, and nothing planted beside it is followed.
    let mut temp = tempfile::Builder::new()
        .prefix(".riskctl-init-")
        .tempfile_in(dir)
        .map_err(fail)?;
    temp.write_all(profile::STARTER.as_bytes()).map_err(fail)?;
    if force {
        temp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    eprintln!(
        "wrote {} — edit it, then run `riskctl check {}`",
        path.display(),
        path.display()
    );
    Ok(())
}
