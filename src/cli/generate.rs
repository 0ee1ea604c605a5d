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
    #[arg(required = true)]
    profiles: Vec<PathBuf>,
    /// Output folder (with several profiles, one sub-folder per profile file stem).
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
    let engine = Engine::load(&args.catalog.layers)?;
    let options = Options {
        templates: args.templates,
        date: args.date,
        formats: args.format,
        font: args.font,
    };
    let store = match &args.records {
        Some(_) if args.profiles.len() > 1 => {
            return Err(Error::Usage(
                "--records fills the records of one company: give one profile".into(),
            ));
        }
        Some(db) => Some(Store::open_existing(db)?),
        None => None,
    };
    let records = |checklist: &Checklist| -> Result<Option<RecordsView>> {
        store
            .as_ref()
            .map(|s| rollup::view(s, checklist, args.late_days).map_err(Error::from))
            .transpose()
    };
    let generated =
        pipeline::generate_with(&engine, &args.profiles, &args.out, &options, &records)?;
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    pipeline::write(&args.out, &generated)?;
    for o in &generated.outputs {
        let names: Vec<&str> = o.files.iter().map(|f| f.name.as_str()).collect();
        eprintln!(
            "wrote {} ({} checklist items): {}",
            o.dir.display(),
            o.items,
            names.join(", ")
        );
    }
    Ok(())
}
