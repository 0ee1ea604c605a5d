//! Argument parsing and dispatch; each subcommand is a module that calls the library and prints.

/// `println!` that hands a failed write (a closed pipe) back as an error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::print_line(format_args!($($arg)*))?
    };
}

mod audit;
mod catalog;
mod check;
mod convert;
mod explain;
mod generate;
mod init;
mod matching;
mod records;
mod standards;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use riskctl::error::{Error, Result};
use riskctl::model::{Checklist, LineMatch};

#[derive(Parser)]
#[command(
    name = "riskctl",
    version,
    about = "Quality-safety risk-control checklists and records (SAMR Order No. 75) from a producer profile"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct CatalogArgs {
    /// Extra catalog layer (YAML file or folder) over the embedded national catalog; may repeat.
    #[arg(long = "catalog", value_name = "PATH")]
    layers: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a commented starter profile.
    Init {
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
        /// Write an empty questionnaire workbook (.xlsx) instead, to fill in Excel or WPS.
        #[arg(long)]
        xlsx: bool,
    },
    /// Validate profiles; exit 0, or explain every problem.
    Check {
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Which catalog product is this? (NAME `-` reads names from stdin, one a line)
    Match {
        #[arg(required = true)]
        names: Vec<String>,
        #[command(flatten)]
        catalog: CatalogArgs,
        /// Print a JSON array, one object per name.
        #[arg(long)]
        json: bool,
    },
    /// Render the checklist and its records.
    Generate(generate::GenerateArgs),
    /// Audit a client: the audit workbook and checklist, or (`audit report`) the audit report.
    Audit(audit::AuditArgs),
    /// Convert a profile between YAML and a questionnaire workbook (.xlsx), by extension.
    ///
    /// The workbook has sheets for the company, people, product lines (with certificates), the
    /// catalog's questions for each line's product, and tailoring; drop-downs show the Chinese
    /// labels. A workbook is checked like a YAML profile and its problems are reported by sheet
    /// and cell. Comments in a YAML profile are not kept.
    Convert(convert::ConvertArgs),
    /// Show why each checklist item is there.
    Explain {
        profile: PathBuf,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Standards a profile (or the whole catalog) cites: edition in force, status, coming changes.
    Standards {
        /// Without a profile: every standard the catalog cites.
        profile: Option<PathBuf>,
        #[command(flatten)]
        catalog: CatalogArgs,
        /// The date to resolve editions on (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Browse the catalog.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// The record store: import filled daily records, seal, verify, list, export.
    #[command(subcommand)]
    Records(records::RecordsCommand),
    /// Print a JSON Schema.
    Schema {
        #[arg(value_enum)]
        what: SchemaKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Profile,
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD): {e}"))
        .and_then(riskctl::checklist::check_year)
}

/// Parses the command line, runs it, and maps errors to exit codes (1 failed, 2 usage).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // This thread is one of the workers of rayon's pool, so that the parallel work the command
    // starts is the pool's own (never one thread more than there are cores) and what no other
    // worker has taken yet runs here.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`riskctl match - | head -1`): nothing left to say.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let text = e.to_string();
            if text.starts_with("error:") {
                eprintln!("{text}");
            } else {
                eprintln!("error: {text}");
            }
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Init { path, force, xlsx } => {
            if xlsx {
                convert::init(&path, force)
            } else {
                init::run(&path, force)
            }
        }
        Command::Check {
            profiles,
            catalog,
            date,
        } => check::run(&profiles, &catalog.layers, date),
        Command::Match {
            names,
            catalog,
            json,
        } => matching::run(names, &catalog.layers, json),
        Command::Generate(args) => generate::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Explain {
            profile,
            catalog,
            date,
        } => explain::run(&profile, &catalog.layers, date),
        Command::Standards {
            profile,
            catalog,
            date,
            json,
        } => standards::run(profile.as_deref(), &catalog.layers, date, json),
        Command::Catalog(c) => catalog::run(c),
        Command::Records(c) => records::run(c),
        Command::Schema {
            what: SchemaKind::Profile,
        } => {
            out!("{}", riskctl::profile::json_schema());
            Ok(())
        }
    }
}

/// The embedded catalog with `layers` on top, for the rest of the run. It is never freed: the
/// process ends soon after, and dropping its thousands of strings one by one would take a
/// millisecond for nothing.
fn engine(layers: &[impl AsRef<std::path::Path>]) -> Result<&'static riskctl::Engine> {
    Ok(Box::leak(Box::new(riskctl::Engine::load(layers)?)))
}

fn warn_all(checklist: &Checklist, source: &std::path::Path) {
    for w in &checklist.warnings {
        eprintln!("warning: {}: {w}", source.display());
    }
}

/// One line on stdout; a failed write (a closed pipe) is an error, not a panic.
fn print_line(args: std::fmt::Arguments) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })
}

/// A match result: its status, then each candidate with the clues that scored it.
fn print_match(m: &LineMatch, indent: &str) -> Result<()> {
    out!("{indent}{} (score {:.2})", m.status_label, m.score());
    for c in &m.candidates {
        out!(
            "{indent}- {} [{}] {:.2}: {}",
            c.product,
            c.product_id,
            c.score,
            c.evidence_text()
        );
    }
    Ok(())
}

/// Pretty JSON on stdout, object keys sorted (the CLI contract's stable order).
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let value = serde_json::to_value(value).unwrap_or_default();
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    out!("{text}");
    Ok(())
}
