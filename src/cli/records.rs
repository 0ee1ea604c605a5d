//! `riskctl records`: the company's record store — import filled daily records, close corrective
//! actions, seal a signed-off week or month, verify the seals, list and export.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use riskctl::error::{Error, Result};
use riskctl::profile::{LoadedProfile, People};
use riskctl::records::seal::{self, SignOff};
use riskctl::records::store::Store;
use riskctl::records::{self, Period, RecordsError, Span, export, import};

#[derive(Args)]
pub struct Db {
    /// The record store (default: beside the profile, `<profile stem>.records.sqlite`).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

/// A store named by `--db`, or found beside a profile.
#[derive(Args)]
pub struct Target {
    /// The profile whose store this is (not needed with --db).
    #[arg(required_unless_present = "db")]
    profile: Option<PathBuf>,
    #[command(flatten)]
    db: Db,
}

impl Target {
    fn path(&self) -> PathBuf {
        db_path(
            &self.db,
            self.profile.as_deref().unwrap_or(Path::new("profile")),
        )
    }
}

#[derive(Args)]
pub struct Range {
    /// First day, YYYY-MM-DD.
    #[arg(long, value_parser = super::parse_date)]
    from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD.
    #[arg(long, value_parser = super::parse_date)]
    to: Option<NaiveDate>,
    /// Entries made more than this many days after their date are marked 补记.
    #[arg(long, default_value_t = records::LATE_DAYS)]
    late_days: u32,
}

impl Range {
    fn span(&self) -> Result<Option<Span>> {
        match (self.from, self.to) {
            (None, None) => Ok(None),
            (from, to) => {
                let span = Span {
                    from: from.unwrap_or(NaiveDate::MIN),
                    to: to.unwrap_or(NaiveDate::MAX),
                };
                if span.from > span.to {
                    return Err(Error::Usage("--from is after --to".into()));
                }
                Ok(Some(span))
            }
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Json,
}

#[derive(Subcommand)]
pub enum RecordsCommand {
    /// Import a filled daily workbook (.xlsx) or a CSV (日期,序号,结果,问题,处置,检查人): every row
    /// is checked first, and one bad row rejects the file.
    Import {
        profile: PathBuf,
        file: PathBuf,
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        catalog: super::CatalogArgs,
        /// The date of rows (or sheets) that carry none.
        #[arg(long, value_parser = super::parse_date)]
        date: Option<NaiveDate>,
        /// Entries made more than this many days after their date are reported as 补记.
        #[arg(long, default_value_t = records::LATE_DAYS)]
        late_days: u32,
    },
    /// Close a corrective action: the evidence of the fix, who verified it and when.
    Close {
        profile: PathBuf,
        /// The action's number (`records list` shows them).
        action: i64,
        #[arg(long)]
        evidence: String,
        /// Who verified the fix (one of the people in the profile).
        #[arg(long)]
        by: String,
        /// The day it was verified (default: today).
        #[arg(long, value_parser = super::parse_date)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        db: Db,
    },
    /// Seal a signed-off week (the weekly investigation) or month (the monthly meeting).
    Seal {
        profile: PathBuf,
        /// An ISO week: 2026-W49.
        #[arg(long, conflicts_with = "month", required_unless_present = "month")]
        week: Option<String>,
        /// A month: 2026-11.
        #[arg(long)]
        month: Option<String>,
        /// Who signs off (default: the director for a week, the principal for a month).
        #[arg(long)]
        by: Option<String>,
        /// The week's evaluation: 风险可控, 需尽快采取防范措施 or 存在严重隐患.
        #[arg(long, required_unless_present = "month")]
        evaluation: Option<String>,
        /// A note on the week, or the month meeting's decisions.
        #[arg(long, default_value = "")]
        note: String,
        /// The day the monthly meeting was held (default: today).
        #[arg(long, value_parser = super::parse_date)]
        held_on: Option<NaiveDate>,
        #[command(flatten)]
        db: Db,
    },
    /// Check every seal against the entries now stored; exit 1 on a mismatch.
    Verify {
        #[command(flatten)]
        target: Target,
    },
    /// List the entries of a period.
    List {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        range: Range,
    },
    /// Export the entries, corrective actions and seals of a period.
    Export {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        range: Range,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (JSON goes to stdout without one).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

const EVALUATIONS: [&str; 3] = ["风险可控", "需尽快采取防范措施", "存在严重隐患"];

fn db_path(db: &Db, profile: &Path) -> PathBuf {
    db.db
        .clone()
        .unwrap_or_else(|| records::default_db(profile))
}

/// The profile's people (read, not validated against the catalog: only the names matter here).
fn people(profile: &Path) -> Result<People> {
    Ok(LoadedProfile::read(profile)?.profile.people)
}

fn person(people: &People, name: &str) -> Result<String> {
    let known = [&people.principal, &people.director]
        .into_iter()
        .chain(&people.officers)
        .any(|p| p.name == name);
    if known {
        Ok(name.to_string())
    } else {
        Err(RecordsError::Person(name.into()).into())
    }
}

pub fn run(command: RecordsCommand) -> Result<()> {
    match command {
        RecordsCommand::Import {
            profile,
            file,
            db,
            catalog,
            date,
            late_days,
        } => {
            let engine = super::engine(&catalog.layers)?;
            let valid = engine.profile(&profile)?;
            let now = records::try_now()?;
            let today = now.date_naive();
            let prepared = import::prepare(engine, &valid, &file, date, today)?;
            let path = db_path(&db, &profile);
            let mut store = Store::open(&path)?;
            let written = store.write(&prepared.entries, &now.to_rfc3339())?;
            for sheet in &prepared.blank_sheets {
                eprintln!("note: sheet {sheet} has no results filled in; skipped");
            }
            let late = prepared
                .entries
                .iter()
                .filter(|v| (today - v.entry.date).num_days() > i64::from(late_days))
                .count();
            eprintln!(
                "imported {} into {}: {} new, {} amended, {} unchanged; {} corrective action(s) opened",
                file.display(),
                path.display(),
                written.new,
                written.amended,
                written.unchanged,
                written.actions_opened
            );
            if written.actions_superseded > 0 {
                eprintln!(
                    "{} open corrective action(s) withdrawn: amended to 符合 or 不适用",
                    written.actions_superseded
                );
            }
            if late > 0 && written.new + written.amended > 0 {
                eprintln!(
                    "note: {late} row(s) are dated more than {late_days} days ago: recorded as 补记"
                );
            }
            Ok(())
        }
        RecordsCommand::Close {
            profile,
            action,
            evidence,
            by,
            on,
            db,
        } => {
            let by = person(&people(&profile)?, &by)?;
            let on = on.unwrap_or(records::try_now()?.date_naive());
            let mut store = Store::open_existing(&db_path(&db, &profile))?;
            store.close_action(action, &evidence, &by, on)?;
            eprintln!("closed corrective action #{action} (verified by {by} on {on})");
            Ok(())
        }
        RecordsCommand::Seal {
            profile,
            week,
            month,
            by,
            evaluation,
            note,
            held_on,
            db,
        } => {
            let people = people(&profile)?;
            let (period, sign_off, default_by) = match (week, month) {
                (Some(w), _) => {
                    let evaluation = evaluation.unwrap_or_default();
                    if !EVALUATIONS.contains(&evaluation.as_str()) {
                        return Err(Error::Usage(format!(
                            "--evaluation must be one of {}",
                            EVALUATIONS.join(", ")
                        )));
                    }
                    let sign_off = SignOff::Week { evaluation, note };
                    (Period::parse(&w)?, sign_off, &people.director.name)
                }
                (None, m) => {
                    let held_on = held_on.unwrap_or(records::try_now()?.date_naive());
                    let sign_off = SignOff::Month {
                        held_on: held_on.to_string(),
                        decisions: note,
                    };
                    let m = m.unwrap_or_default();
                    (Period::parse(&m)?, sign_off, &people.principal.name)
                }
            };
            let by = person(&people, by.as_deref().unwrap_or(default_by))?;
            let mut store = Store::open_existing(&db_path(&db, &profile))?;
            let s = seal::seal(&mut store, &period, &by, &sign_off)?;
            out!(
                "sealed {} ({} to {}): {} entries, sha256 {}",
                s.period,
                s.date_from,
                s.date_to,
                s.entries,
                s.sha256
            );
            Ok(())
        }
        RecordsCommand::Verify { target } => {
            let store = Store::open_existing(&target.path())?;
            let integrity = store.integrity()?;
            out!("integrity: {integrity}");
            let checked = seal::verify(&store)?;
            let mut bad = usize::from(integrity != "ok");
            for c in &checked {
                if c.ok {
                    out!("{} ok ({} entries)", c.seal.period, c.seal.entries);
                } else {
                    bad += 1;
                    out!(
                        "{} MISMATCH: sealed {} entries, sha256 {}; now {} entries, sha256 {}",
                        c.seal.period,
                        c.seal.entries,
                        c.seal.sha256,
                        c.entries_now,
                        c.sha256_now
                    );
                }
            }
            if checked.is_empty() {
                out!("no seals yet");
            }
            if bad > 0 {
                return Err(RecordsError::Tampered(bad).into());
            }
            Ok(())
        }
        RecordsCommand::List { target, range } => {
            let store = Store::open_existing(&target.path())?;
            let export = export::collect(&store, range.span()?, range.late_days)?;
            for x in &export.entries {
                let (e, row) = (&x.entry, &x.entry.row);
                let mut marks = String::new();
                if x.late {
                    marks.push_str(" [补记]");
                }
                if let Some(a) = e.amends {
                    marks.push_str(&format!(" [更正 #{a}]"));
                }
                let detail = [row.problem.as_str(), row.handling.as_str()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" / ");
                out!(
                    "#{} {} {} 序号{} {} {}{marks}{}{detail}",
                    e.id,
                    row.date,
                    row.checker,
                    row.item_no,
                    row.point,
                    row.result,
                    if detail.is_empty() { "" } else { ": " }
                );
            }
            for a in &export.actions {
                let state = match (&a.verified_by, a.verified_at, a.superseded_by) {
                    (_, _, Some(by)) => format!("withdrawn: amended by entry #{by}"),
                    (Some(by), Some(at), _) => format!("closed {at} by {by}"),
                    _ => format!("open, due {}", a.deadline),
                };
                out!(
                    "action #{} {} {}: {} ({state})",
                    a.id,
                    a.date,
                    a.owner,
                    a.problem
                );
            }
            eprintln!(
                "{} entries, {} corrective actions",
                export.entries.len(),
                export.actions.len()
            );
            Ok(())
        }
        RecordsCommand::Export {
            target,
            range,
            format,
            out,
        } => {
            let store = Store::open_existing(&target.path())?;
            let export = export::collect(&store, range.span()?, range.late_days)?;
            let bytes = match format {
                ExportFormat::Json => export::json(&export).into_bytes(),
                ExportFormat::Xlsx => export::xlsx(&export).map_err(|e| Error::Office {
                    format: "XLSX",
                    document: "records export".into(),
                    message: e.to_string(),
                })?,
            };
            match (out, format) {
                (Some(path), _) => {
                    std::fs::write(&path, bytes).map_err(|source| Error::Write { path, source })?
                }
                (None, ExportFormat::Json) => out!("{}", String::from_utf8_lossy(&bytes)),
                (None, ExportFormat::Xlsx) => {
                    return Err(Error::Usage("--format xlsx needs --out FILE".into()));
                }
            }
            Ok(())
        }
    }
}
