//! Writes rendered files so that a reader never sees half a file: each goes to a temporary name
//! in the target folder and is renamed into place. Everything is rendered before anything is written.
use std::path::Path;

use crate::error::{Error, Result};

/// A rendered file, ready to be written.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Writes `files` into `dir` (created if needed), each renamed into place.
pub fn write_all(dir: &Path, files: &[Artifact]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for file in files {
        let target = dir.join(&file.name);
        let temp = dir.join(format!(".{}.riskctl-{}.tmp", file.name, std::process::id()));
        let result =
            std::fs::write(&temp, &file.bytes).and_then(|()| std::fs::rename(&temp, &target));
        if let Err(source) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
    }
    Ok(())
}
