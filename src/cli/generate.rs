//! `riskctl generate`: the library's pipeline renders everything, then its write stage writes.
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use riskctl::Engine;
use riskctl::error::{Error, Result};
use riskctl::export::Format;
use riskctl::model::Checklist;
use riskctl::pipeline::{self, Options};
use riskctl::records::rollup::{self, RecordsView};
use riskctl::records::store::Store;

#[derive(Args)]
pub struct GenerateArgs {
    /// Profile files, or folders of them (`*.yaml`): several make a batch.
    #[arg(required = true)]
    profiles: Vec<PathBuf>,
    /// Output folder (with several profiles, one sub-folder per profile file stem, and index.md).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    catalog: super::CatalogArgs,
    /// Folder of templates that override the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Document date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = super::parse_date)]
    date: Option<NaiveDate>,
    /// Write the records of a whole month, YYYY-MM: every working day's daily records (one file
    /// per officer), the weekly reports of the weeks that touch the month and the monthly minutes.
    #[arg(long, value_parser = riskctl::forms::parse_month, value_name = "YYYY-MM")]
    month: Option<NaiveDate>,
    /// Formats to write.
    #[arg(long, value_delimiter = ',', default_value = "md,pdf,json")]
    format: Vec<Format>,
    /// Font for the PDFs: a TTF/OTF file, or `PATH#N` for face N of a collection
    /// (default: the Noto Sans CJK SC subset compiled into riskctl).
    #[arg(long, value_name = "PATH")]
    font: Option<String>,
    /// Record store whose entries fill the weekly report and monthly minutes (one profile).
    #[arg(long, value_name = "DB")]
    records: Option<PathBuf>,
    /// With --records: entries made more than this many days after their date are 补记.
    #[arg(long, default_value_t = riskctl::records::LATE_DAYS)]
    late_days: u32,
}

pub fn run(args: GenerateArgs) -> Result<()> {
    let options = Options {
        templates: args.templates,
        date: args.date,
        formats: args.format,
        font: args.font,
        month: args.month,
    };
    pipeline::prepare(&options);
    let engine = super::engine(&args.catalog.layers)?;
    let store = match &args.records {
        Some(_) if riskctl::batch::is_batch(&args.profiles) => {
            return Err(Error::Usage(
                "--records fills the records of one company: give one profile".into(),
            ));
        }
        Some(db) => Some(Store::open_existing(db)?),
        None => None,
    };
    if riskctl::batch::is_batch(&args.profiles) {
        return run_batch(engine, &args.profiles, &args.out, &options);
    }
    let records = |checklist: &Checklist, as_of: NaiveDate| -> Result<Option<RecordsView>> {
        store
            .as_ref()
            .map(|s| rollup::view(s, checklist, as_of, args.late_days).map_err(Error::from))
            .transpose()
    };
    let generated = pipeline::generate_with(engine, &args.profiles, &args.out, &options, &records)?;
    write(&args.out, &generated, "checklist items")?;
    // The process ends next: the system takes the memory back faster than freeing it would
    // (pipeline::Sources says why).
    std::mem::forget(generated);
    Ok(())
}

/// The write stage of one profile (`generate` or `audit`): the warnings, then the files, then
/// what was written where, its items counted as `what`.
pub(super) fn write(
    out: &std::path::Path,
    generated: &pipeline::Generated,
    what: &str,
) -> Result<()> {
    // Each report goes out in one write: stderr is unbuffered, and a line written piece by
    // piece costs a system call per piece (a run can warn dozens of times).
    let warnings: String = generated
        .warnings
        .iter()
        .map(|w| format!("warning: {w}\n"))
        .collect();
    eprint!("{warnings}");
    pipeline::write(out, generated)?;
    let wrote: String = generated
        .outputs
        .iter()
        .map(|o| {
            let names: Vec<&str> = o.files.iter().map(|f| f.name.as_str()).collect();
            format!(
                "wrote {} ({} {what}): {}\n",
                o.dir.display(),
                o.items,
                names.join(", ")
            )
        })
        .collect();
    eprint!("{wrote}");
    Ok(())
}

/// Several profiles: all rendered and written (the good ones even if some fail), then the
/// summary; exit 1 if any failed.
fn run_batch(
    engine: &Engine,
    args: &[PathBuf],
    out: &std::path::Path,
    options: &Options,
) -> Result<()> {
    let profiles = riskctl::batch::expand(args)?;
    let (clients, warnings) = pipeline::generate_each(engine, &profiles, out, options)?;
    finish_batch(&clients, &warnings, out)
}

/// The end of a batch (`generate` or `audit`): the run's and each client's warnings, the summary
/// and where the index is, on stderr; [`Error::Batch`] if any client failed.
pub(super) fn finish_batch(
    clients: &[riskctl::batch::Client],
    warnings: &[String],
    out: &std::path::Path,
) -> Result<()> {
    let client_warnings = clients
        .iter()
        .filter_map(|c| c.outcome.as_ref().ok())
        .flat_map(|d| &d.warnings);
    for w in warnings.iter().chain(client_warnings) {
        eprintln!("warning: {w}");
    }
    eprint!("{}", riskctl::batch::summary(clients));
    eprintln!("index: {}", out.join("index.md").display());
    let failed = clients.iter().filter(|c| c.outcome.is_err()).count();
    if failed > 0 {
        return Err(riskctl::Error::Batch {
            failed,
            total: clients.len(),
        });
    }
    Ok(())
}
