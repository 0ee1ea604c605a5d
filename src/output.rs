//! The write stage: all or nothing. Everything is rendered before this runs; then every file is
//! written into a fresh staging folder inside `--out` (created exclusively, with an unpredictable
//! name, so nothing planted there can redirect a write), and only then moved into place by
//! renames within `--out`. A file already at a target is first moved into the staging folder, so
//! if any step fails, what this run moved in is taken out again and `--out` is left as it was.
//! Staging folders that a killed run left behind are recognised by their prefix and removed by
//! the next run.
//!
//! The files are not fsynced: everything written here is derived from the profile, the catalog
//! and the templates and is made again by running the command again, and the fsyncs were a
//! fifth of a whole `generate` run. The renames still make a run's files appear all together or
//! not at all. (The record store, which holds what cannot be made again, syncs every entry.)
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// The prefix of our staging folders; `--out` entries with it belong to riskctl.
pub const STAGING_PREFIX: &str = ".riskctl-staging-";

/// A rendered file, ready to be written.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The files of one folder: `folder` is None for `--out` itself, else one sub-folder name.
#[derive(Debug, Clone, Copy)]
pub struct Set<'a> {
    pub folder: Option<&'a str>,
    pub files: &'a [Artifact],
}

/// A step of the commit, undone in reverse order on failure.
enum Step {
    CreatedDir(PathBuf),
    /// A file that was at `target`, parked at `backup`.
    Parked {
        target: PathBuf,
        backup: PathBuf,
    },
    /// Our file, moved from `staged` to `target`.
    Placed {
        target: PathBuf,
        staged: PathBuf,
    },
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A name that is one plain path component and not ours (no separators, no leading dot).
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && Path::new(name).components().count() == 1
}

/// Writes every set into `out` (created if needed), all or nothing.
pub fn write_sets(out: &Path, sets: &[Set]) -> Result<()> {
    for set in sets {
        let names = set
            .folder
            .into_iter()
            .chain(set.files.iter().map(|f| f.name.as_str()));
        if let Some(bad) = names.into_iter().find(|n| !plain_name(n)) {
            return Err(Error::Usage(format!(
                "refusing to write `{bad}`: not a plain file or folder name"
            )));
        }
    }
    let started = SystemTime::now();
    fs::create_dir_all(out).map_err(write_error(out))?;
    remove_stale_staging(out, started);
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(out)
        .map_err(write_error(out))?;
    // One flat folder, new files as `<set>-<name>` and replaced ones as `old-<n>` (names that
    // cannot meet): creating and removing a folder each waits for the disk (blocks allocated,
    // then discarded), where a file's unwritten blocks cost nothing yet.
    let staged = staging.path();
    // Everything is written first: a full disk fails here, before `--out` changes.
    let mut moves = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        let to_dir = set
            .folder
            .map_or_else(|| out.to_path_buf(), |f| out.join(f));
        for file in set.files {
            let from = staged.join(format!("{i}-{}", file.name));
            write_new(&from, &file.bytes).map_err(write_error(&from))?;
            moves.push((from, to_dir.join(&file.name)));
        }
    }
    check_targets(out, sets)?;
    let mut done = Vec::new();
    let result = commit(out, sets, &moves, staged, &mut done);
    if result.is_err() {
        roll_back(done);
    }
    // Dropping `staging` removes it with what is left inside: the files this run replaced.
    drop(staging);
    result
}

/// Creates `path` (never an existing file or a link) and writes `bytes` into it.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// Every target must be free or a file we may replace, and every sub-folder a real folder: found
/// before anything moves.
fn check_targets(out: &Path, sets: &[Set]) -> Result<()> {
    let refuse = |path: &Path, why: &str| {
        Err(Error::Write {
            path: path.to_path_buf(),
            source: io::Error::other(why.to_string()),
        })
    };
    for set in sets {
        let dir = set
            .folder
            .map_or_else(|| out.to_path_buf(), |f| out.join(f));
        if set.folder.is_some() {
            match fs::symlink_metadata(&dir) {
                Ok(m) if m.file_type().is_symlink() => {
                    return refuse(&dir, "is a symbolic link; refusing to write through it");
                }
                Ok(m) if !m.is_dir() => return refuse(&dir, "exists and is not a folder"),
                _ => {}
            }
        }
        for file in set.files {
            let target = dir.join(&file.name);
            if let Ok(m) = fs::symlink_metadata(&target)
                && m.is_dir()
            {
                return refuse(&target, "is a folder; move it away first");
            }
        }
    }
    Ok(())
}

fn commit(
    out: &Path,
    sets: &[Set],
    moves: &[(PathBuf, PathBuf)],
    staging: &Path,
    done: &mut Vec<Step>,
) -> Result<()> {
    for folder in sets.iter().filter_map(|s| s.folder) {
        let dir = out.join(folder);
        match fs::create_dir(&dir) {
            Ok(()) => done.push(Step::CreatedDir(dir)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(write_error(&dir)(e)),
        }
    }
    for (i, (from, target)) in moves.iter().enumerate() {
        if fs::symlink_metadata(target).is_ok() {
            let backup = staging.join(format!("old-{i}"));
            fs::rename(target, &backup).map_err(write_error(target))?;
            done.push(Step::Parked {
                target: target.clone(),
                backup,
            });
        }
        fs::rename(from, target).map_err(write_error(target))?;
        done.push(Step::Placed {
            target: target.clone(),
            staged: from.clone(),
        });
    }
    Ok(())
}

/// Undoes `done` in reverse: our files back to staging, parked files back in place, new folders gone.
fn roll_back(done: Vec<Step>) {
    for step in done.into_iter().rev() {
        let _ = match step {
            Step::Placed { target, staged } => fs::rename(target, staged),
            Step::Parked { target, backup } => fs::rename(backup, target),
            Step::CreatedDir(dir) => fs::remove_dir(dir),
        };
    }
}

/// A staging folder lives for the seconds the write stage takes; one older than this was left by
/// a killed run (a younger one may belong to a run writing into the same folder right now).
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// Removes staging folders (ours by prefix) last changed [`STALE_AFTER`] before this run.
fn remove_stale_staging(out: &Path, started: SystemTime) {
    let Some(cutoff) = started.checked_sub(STALE_AFTER) else {
        return;
    };
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(STAGING_PREFIX));
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta.modified().is_ok_and(|m| m < cutoff);
        if ours && old && meta.is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> Artifact {
        Artifact {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut all = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                if p.is_dir() {
                    stack.push(p);
                    all.push((rel, String::new()));
                } else {
                    all.push((rel, fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        all.sort();
        all
    }

    #[test]
    fn a_failed_commit_leaves_the_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::write(out.join("a.md"), "old a").unwrap();
        fs::create_dir(out.join("c.md")).unwrap();
        let before = listing(out);
        let files = [
            file("a.md", "new a"),
            file("b.md", "new b"),
            file("c.md", "x"),
        ];
        let sets = [Set {
            folder: None,
            files: &files,
        }];
        assert!(write_sets(out, &sets).is_err());
        assert_eq!(listing(out), before);
    }

    #[test]
    fn roll_back_restores_replaced_files_and_removes_new_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::write(out.join("a.md"), "old a").unwrap();
        let before = listing(out);
        let files = [file("a.md", "new a"), file("b.md", "new b")];
        let sub = [file("x.md", "x")];
        let sets = [
            Set {
                folder: None,
                files: &files,
            },
            Set {
                folder: Some("p"),
                files: &sub,
            },
        ];
        let staging = out.join(".riskctl-staging-test");
        fs::create_dir_all(staging.join("old")).unwrap();
        let mut moves = Vec::new();
        for (i, set) in sets.iter().enumerate() {
            let d = staging.join(i.to_string());
            fs::create_dir_all(&d).unwrap();
            let to = set.folder.map_or(out.to_path_buf(), |f| out.join(f));
            for f in set.files {
                fs::write(d.join(&f.name), &f.bytes).unwrap();
                moves.push((d.join(&f.name), to.join(&f.name)));
            }
        }
        let mut done = Vec::new();
        commit(out, &sets, &moves, &staging.join("old"), &mut done).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.md")).unwrap(), "new a");
        roll_back(done);
        fs::remove_dir_all(&staging).unwrap();
        assert_eq!(listing(out), before);
    }

    /// Makes `dir` look an hour old.
    fn age(dir: &Path) {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        fs::File::open(dir).unwrap().set_modified(hour_ago).unwrap();
    }

    #[test]
    fn stale_staging_folders_are_removed_and_fresh_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let stale = out.join(format!("{STAGING_PREFIX}old"));
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("x"), "x").unwrap();
        age(&stale);
        let live = out.join(format!("{STAGING_PREFIX}live"));
        fs::create_dir(&live).unwrap();
        let mine = out.join("keep");
        fs::create_dir(&mine).unwrap();
        age(&mine);
        let files = [file("a.md", "a")];
        write_sets(
            out,
            &[Set {
                folder: None,
                files: &files,
            }],
        )
        .unwrap();
        assert!(!stale.exists());
        let left: Vec<_> = listing(out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(left, [".riskctl-staging-live", "a.md", "keep"]);
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        for bad in ["..", ".", "", "a/b", ".hidden"] {
            let files = [file("a.md", "a")];
            let sets = [Set {
                folder: Some(bad),
                files: &files,
            }];
            assert!(write_sets(tmp.path(), &sets).is_err(), "{bad}");
        }
        assert!(listing(tmp.path()).is_empty());
    }
}
