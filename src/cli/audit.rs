//! `riskctl audit PROFILE` (the audit workbook and printable checklist) and `riskctl audit report
//! PROFILE FILLED.xlsx` (the audit report): the library's `audit` module renders, then the
//! pipeline's write stage writes. Several profiles (or folders of them) make a batch, as in
//! `generate`: one sub-folder per client, a summary and an index.
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use riskctl::audit::{self, Options};
use riskctl::error::{Error, Result};
use riskctl::export::Format;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: Option<AuditCommand>,
    /// Profile files to audit, or folders of them (`*.yaml`): several make a batch (one
    /// sub-folder of --out per profile file stem, and index.md).
    #[arg(required = true)]
    profiles: Vec<PathBuf>,
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
    /// Folder of templates that override the built-in ones by name (audit-checklist.md,
    /// audit-report.md).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

impl Common {
    fn options(&self, formats: Vec<Format>) -> Options {
        Options {
            date: self.date,
            formats,
            font: self.font.clone(),
            templates: self.templates.clone(),
            month: None,
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
            let engine = super::engine(&common.catalog.layers)?;
            let options = common.options(format);
            let generated = audit::report(engine, &profile, &filled, &common.out, &options)?;
            super::generate::write(&common.out, &generated, "report rows")
        }
        None => {
            let engine = super::engine(&args.common.catalog.layers)?;
            let options = args.common.options(args.format);
            let out = &args.common.out;
            if riskctl::batch::is_batch(&args.profiles) {
                let profiles = riskctl::batch::expand(&args.profiles)?;
                let (clients, warnings) = audit::audit_each(engine, &profiles, out, &options)?;
                return super::generate::finish_batch(&clients, &warnings, out);
            }
            let profile = args
                .profiles
                .first()
                .ok_or_else(|| Error::Usage("audit needs a PROFILE".into()))?;
            let generated = audit::audit(engine, profile, out, &options)?;
            super::generate::write(out, &generated, "audit rows")
        }
    }
}
