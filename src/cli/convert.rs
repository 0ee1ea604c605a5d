//! `riskctl convert A B` (a profile between YAML and the questionnaire workbook, by extension) and
//! `riskctl init --xlsx FILE` (an empty questionnaire).
use std::path::{Path, PathBuf};

use clap::Args;
use riskctl::error::{Diagnostic, Error, Result};
use riskctl::input::read_bytes;
use riskctl::questionnaire::{self, MAX_WORKBOOK_BYTES};

use super::init::write_file;

#[derive(Args)]
pub struct ConvertArgs {
    /// The profile (.yaml, .yml) or questionnaire workbook (.xlsx) to read.
    from: PathBuf,
    /// The file to write; its extension decides the format. A workbook converted to a workbook
    /// gets the questions of the products its lines now name.
    to: PathBuf,
    /// Overwrite an existing TO.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    catalog: super::CatalogArgs,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Yaml,
    Xlsx,
}

fn kind(path: &Path) -> Result<Kind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("yaml" | "yml") => Ok(Kind::Yaml),
        Some("xlsx") => Ok(Kind::Xlsx),
        _ => Err(Error::Usage(format!(
            "{}: convert reads and writes .yaml, .yml (a profile) or .xlsx (a questionnaire)",
            path.display()
        ))),
    }
}

pub fn run(args: ConvertArgs) -> Result<()> {
    let (from, to) = (kind(&args.from)?, kind(&args.to)?);
    if from == Kind::Yaml && to == Kind::Yaml {
        return Err(Error::Usage(
            "both files are YAML: convert turns a profile into a workbook or back".into(),
        ));
    }
    if args.to.symlink_metadata().is_ok() && !args.force {
        return Err(Diagnostic::new(format!(
            "{} exists; pass --force to overwrite it",
            args.to.display()
        ))
        .into());
    }
    let engine = super::engine(&args.catalog.layers)?;
    let bytes = match from {
        Kind::Yaml => {
            let valid = engine.profile(&args.from)?;
            questionnaire::write(engine, Some(&valid))?
        }
        Kind::Xlsx => {
            let workbook = read_bytes(&args.from, MAX_WORKBOOK_BYTES)?;
            let name = args.from.file_name().unwrap_or_default().to_string_lossy();
            let read = questionnaire::read(engine, &workbook, &name)?;
            for note in &read.open_questions {
                eprintln!("note: {}: {note}", args.from.display());
            }

            match to {
                Kind::Yaml => read.yaml.into_bytes(),
                Kind::Xlsx => questionnaire::write(engine, Some(&read.profile))?,
            }
        }
    };
    write_file(&args.to, &bytes, args.force)?;
    eprintln!("wrote {}", args.to.display());
    Ok(())
}

/// `riskctl init --xlsx FILE`: the empty questionnaire.
pub fn init(path: &Path, force: bool) -> Result<()> {
    if kind(path).ok() != Some(Kind::Xlsx) {
        return Err(Error::Usage(format!(
            "--xlsx writes a workbook: name it *.xlsx, not {}",
            path.display()
        )));
    }
    let engine = super::engine(&[] as &[&Path])?;
    write_file(path, &questionnaire::write(engine, None)?, force)?;
    eprintln!(
        "wrote {} — fill it in Excel or WPS, then run `riskctl convert {} profile.yaml`",
        path.display(),
        path.display()
    );
    Ok(())
}
