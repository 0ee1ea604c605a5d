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

/// `riskctl generate --format FORMATS --date 2026-11-30 --out OUT`; the profiles and any other
/// options follow.
pub fn generate(formats: &str, out: impl Into<OsString>) -> Case {
    Case::new(&[
        "generate",
        "--format",
        formats,
        "--date",
        "2026-11-30",
        "--out",
    ])
    .arg(out)
}

/// Writes the catalog layer `name` with `yaml` into `dir`.
pub fn write_layer(dir: &Path, name: &str, yaml: &str) -> PathBuf {
    let layer = dir.join(name);
    std::fs::write(&layer, yaml).unwrap();
    layer
}

/// What `catalog list` says of a layer `extra.yaml` holding `yaml`, which it must refuse.
pub fn layer_error(yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    Case::new(&["catalog", "list", "--catalog"])
        .arg(write_layer(dir.path(), "extra.yaml", yaml))
        .code(1)
        .run()
        .stderr
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

impl Ran {
    /// Fails the test unless stderr says `text`.
    pub fn says(&self, text: &str) -> &Ran {
        assert!(
            self.stderr.contains(text),
            "`{text}` not in\n{}",
            self.stderr
        );
        self
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
