//! Helpers shared by the test modules: paths of the examples and fixtures, and [`Case`], a small
//! builder for one run of the binary (arguments, stdin, expected exit code) in the manner of
//! `just`'s test harness.
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The binary, with `SOURCE_DATE_EPOCH` cleared so that `--date` decides.
pub fn riskctl() -> Command {
    let mut cmd = Command::cargo_bin("riskctl").expect("binary built");
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// The `*.yaml` files of a folder under the repository root, sorted.
pub fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .expect("folder exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

pub fn examples() -> Vec<PathBuf> {
    yaml_files("examples")
}

/// One run of `riskctl`: build it up, then [`Case::run`] checks the exit code and returns the
/// output as text.
#[derive(Default)]
pub struct Case {
    args: Vec<OsString>,
    stdin: Option<String>,
    code: i32,
    /// Run in this folder, so that relative paths in messages are stable.
    dir: Option<PathBuf>,
}

/// What a [`Case`] printed.
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
}

impl Case {
    pub fn new(args: &[&str]) -> Case {
        Case::default().args(args)
    }

    pub fn args(mut self, args: &[&str]) -> Case {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Case {
        self.args.push(arg.into());
        self
    }

    pub fn stdin(mut self, text: &str) -> Case {
        self.stdin = Some(text.to_string());
        self
    }

    /// The expected exit code (default 0).
    pub fn code(mut self, code: i32) -> Case {
        self.code = code;
        self
    }

    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Case {
        self.dir = Some(dir.into());
        self
    }

    pub fn run(self) -> Ran {
        let mut cmd = riskctl();
        cmd.args(&self.args);
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        if let Some(text) = self.stdin {
            cmd.write_stdin(text);
        }
        let out = cmd.assert().code(self.code).get_output().clone();
        Ran {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Converts `inputs` to PDF into `out` with LibreOffice (its user profile under `home`), or None
/// when `soffice` is not installed, so that the caller can skip.
pub fn soffice_to_pdf(home: &Path, out: &Path, inputs: &[PathBuf]) -> Option<std::process::Output> {
    let soffice = || std::process::Command::new("soffice");
    let installed = soffice()
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return None;
    }
    let profile = format!("-env:UserInstallation=file://{}", home.display());
    let output = soffice()
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out)
        .args(inputs)
        .output()
        .expect("soffice runs");
    Some(output)
}
