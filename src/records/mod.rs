//! The record store (issue 13): what the officers recorded day by day, linked into the weekly
//! investigation and the monthly meeting. One SQLite file per company ([`store`], schema and
//! migrations in [`schema`]); entries come in from a CSV or a filled daily workbook ([`import`]),
//! are rolled up into the week's and month's figures for the documents ([`rollup`], with the
//! [`anomaly`] checks), sealed period by period ([`seal`]) and exported ([`export`]).
//!
//! Entries are never changed: a correction is a new entry that names the one it amends, so a
//! sealed period can always be checked against its hash.
pub mod anomaly;
pub mod export;
pub mod import;
pub mod rollup;
pub mod schema;
pub mod seal;
pub mod store;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Weekday};

/// A check's outcome, as the daily record writes it.
pub const RESULTS: [&str; 3] = ["符合", "不符合", "不适用"];
/// The result that opens a corrective action.
pub const NONCONFORMING: &str = "不符合";
/// Days a corrective action is given from the day its problem was found.
pub const DEADLINE_DAYS: i64 = 7;
/// Default for `--late-days`: an entry made more than this many days after its date is 补记.
pub const LATE_DAYS: u32 = 3;
/// The marker documents print beside figures computed from the store.
pub const COMPUTED: &str = "根据检查记录统计";

#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("record store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the record store has schema version {found}, newer than the {known} this riskctl knows: use a newer riskctl"
    )]
    NewerSchema { found: usize, known: usize },
    #[error("no record store at {0} (import records first, or name it with --db)")]
    Missing(PathBuf),
    #[error("`{0}` is not a period: write a week as 2026-W49 or a month as 2026-11")]
    Period(String),
    #[error("{period} was already sealed on {sealed_at}; later changes are recorded as amendments")]
    Sealed { period: String, sealed_at: String },
    #[error("{period} has no entries to seal")]
    Empty { period: String },
    #[error("no corrective action #{0}")]
    UnknownAction(i64),
    #[error("corrective action #{0} is already closed")]
    Closed(i64),
    #[error("corrective action #{0} was withdrawn: a later entry amended its 不符合")]
    Superseded(i64),
    #[error("`{0}` is not one of the people in the profile")]
    Person(String),
    #[error("{0} seal(s) do not match their entries: the sealed records were changed")]
    Tampered(usize),
    #[error("RISKCTL_NOW `{0}` is not an RFC 3339 time")]
    Now(String),
}

/// The moment an entry is recorded: the local time, or `RISKCTL_NOW` (RFC 3339) when set, so
/// that tests and replays of old imports can say when the entry was made.
pub fn now() -> DateTime<FixedOffset> {
    try_now().unwrap_or_else(|_| chrono::Local::now().fixed_offset())
}

/// [`now`], failing on a malformed `RISKCTL_NOW`.
pub fn try_now() -> Result<DateTime<FixedOffset>, RecordsError> {
    match std::env::var("RISKCTL_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(text.trim()).map_err(|_| RecordsError::Now(text)),
        Err(_) => Ok(chrono::Local::now().fixed_offset()),
    }
}

/// The store beside a profile, named after it: `plant.yaml` → `plant.records.sqlite`.
pub fn default_db(profile: &Path) -> PathBuf {
    let stem = profile
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".into());
    profile.with_file_name(format!("{stem}.records.sqlite"))
}

/// A span of days the records are counted over (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    /// The days Monday to Saturday: the days a daily record is due (for now).
    pub fn working_days(self) -> Vec<NaiveDate> {
        self.from
            .iter_days()
            .take_while(|d| *d <= self.to)
            .filter(|d| d.weekday() != Weekday::Sun)
            .collect()
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }
}

/// A sealable period: an ISO week or a calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Period {
    Week { year: i32, week: u32 },
    Month { year: i32, month: u32 },
}

impl Period {
    /// Parses `2026-W49` or `2026-11`.
    pub fn parse(text: &str) -> Result<Period, RecordsError> {
        let bad = || RecordsError::Period(text.to_string());
        let t = text.trim();
        let (year, rest) = t.split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let period = match rest.strip_prefix(['W', 'w']) {
            Some(w) => Period::Week {
                year,
                week: w.parse().map_err(|_| bad())?,
            },
            None => Period::Month {
                year,
                month: rest.parse().map_err(|_| bad())?,
            },
        };
        period.span().map(|_| period).ok_or_else(bad)
    }

    /// The period that holds `date` as a week or a month.
    pub fn week_of(date: NaiveDate) -> Period {
        let w = date.iso_week();
        Period::Week {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn month_of(date: NaiveDate) -> Period {
        Period::Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its first and last day (None for a week or month that does not exist).
    pub fn span(&self) -> Option<Span> {
        match *self {
            Period::Week { year, week } => {
                let from = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
                Some(Span {
                    from,
                    to: from + chrono::Days::new(6),
                })
            }
            Period::Month { year, month } => {
                let from = NaiveDate::from_ymd_opt(year, month, 1)?;
                let to = from
                    .checked_add_months(chrono::Months::new(1))?
                    .pred_opt()?;
                Some(Span { from, to })
            }
        }
    }

    /// `week` or `month`, as the seal table stores it.
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Week { .. } => "week",
            Period::Month { .. } => "month",
        }
    }

    /// 2026年第49周 / 2026年11月.
    pub fn label(&self) -> String {
        match self {
            Period::Week { year, week } => format!("{year}年第{week}周"),
            Period::Month { year, month } => format!("{year}年{month}月"),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Week { year, week } => write!(f, "{year}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

/// 2026年11月30日.
pub use crate::model::chinese_date as cn_date;

/// 11月30日.
pub fn cn_day(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

impl From<RecordsError> for crate::error::Error {
    fn from(e: RecordsError) -> Self {
        crate::error::Error::Records(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_span() {
        let w = Period::parse("2026-W49").unwrap();
        let s = w.span().unwrap();
        assert_eq!(s.from.to_string(), "2026-11-30");
        assert_eq!(s.to.to_string(), "2026-12-06");
        assert_eq!(s.working_days().len(), 6);
        assert_eq!(w.to_string(), "2026-W49");
        let m = Period::parse("2026-02").unwrap();
        assert_eq!(m.span().unwrap().to.to_string(), "2026-02-28");
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-W60").is_err());
        assert!(Period::parse("W49").is_err());
    }

    #[test]
    fn default_store_sits_beside_the_profile() {
        let p = default_db(Path::new("/x/plant.yaml"));
        assert_eq!(p, Path::new("/x/plant.records.sqlite"));
    }
}
