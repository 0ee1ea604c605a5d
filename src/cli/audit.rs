//! `riskctl audit PROFILE` (the audit workbook and printable checklist) and `riskctl audit report
//! PROFILE FILLED.xlsx` (the audit report): the library's `audit` module renders, then the
//! pipeline's write stage writes.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use riskctl::Engine;
use riskctl::audit::{self, Options};
use riskctl::error::{Error, Result};
use riskctl::export::Format;
use riskctl::pipeline::{self, Generated};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: Option<AuditCommand>,
    /// The profile to audit.
    #[arg(required = true)]
    profile: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
    /// Formats to write: the workbook (xlsx) and the printable checklist (pdf, docx, md, json).
    #[arg(long, value_delimiter = ',', default_value = "xlsx,pdf,docx,md")]
    format: Vec<Format>,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Read a filled audit workbook and write the audit report.
    Report {
        /// The profile the workbook was made from.
        profile: PathBuf,
        /// The audit.xlsx filled in at the client.
        filled: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Formats to write.
        #[arg(long, value_delimiter = ',', default_value = "md,pdf,docx,json")]
        format: Vec<Format>,
    },
}

#[derive(Args)]
struct Common {
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    catalog: super::CatalogArgs,
    /// Audit date, YYYY-MM-DD (default: for `audit report` the date the workbook was made for;
    /// otherwise SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = super::parse_date)]
    date: Option<NaiveDate>,
    /// Font for the PDFs: a TTF/OTF file, or `PATH#N` for face N of a collection.
    #[arg(long, value_name = "PATH")]
    font: Option<String>,
}

impl Common {
    fn options(&self, formats: Vec<Format>) -> Options {
        Options {
            date: self.date,
            formats,
            font: self.font.clone(),
        }
    }
}

pub fn run(args: AuditArgs) -> Result<()> {
    match args.command {
        Some(AuditCommand::Report {
            profile,
            filled,
            common,
            format,
        }) => {
            if format.contains(&Format::Xlsx) {
                return Err(Error::Usage(
                    "audit report writes md, pdf, docx and json, not xlsx".into(),
                ));
            }
            let engine = Engine::load(&common.catalog.layers)?;
            let options = common.options(format);
            let generated = audit::report(&engine, &profile, &filled, &common.out, &options)?;
            write(&common.out, &generated, "report rows")
        }
        None => {
            let profile = args
                .profile
                .ok_or_else(|| Error::Usage("audit needs a PROFILE".into()))?;
            let engine = Engine::load(&args.common.catalog.layers)?;
            let options = args.common.options(args.format);
            let generated = audit::audit(&engine, &profile, &args.common.out, &options)?;
            write(&args.common.out, &generated, "audit rows")
        }
    }
}

fn write(out: &Path, generated: &Generated, what: &str) -> Result<()> {
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    pipeline::write(out, generated)?;
    for o in &generated.outputs {
        let names: Vec<&str> = o.files.iter().map(|f| f.name.as_str()).collect();
        eprintln!(
            "wrote {} ({} {what}): {}",
            o.dir.display(),
            o.items,
            names.join(", ")
        );
    }
    Ok(())
}
