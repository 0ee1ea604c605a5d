//! `records import`: reads a CSV (header `日期,序号,结果,问题,处置,检查人`, or the English
//! `date,no,result,problem,handling,checker`, columns in any order) or a filled daily workbook,
//! then validates every row against the checklist of its own date before anything is written.
//!
//! In a workbook each sheet is read on its own: the table header is the row that names 序号 and a
//! result column; the date is the value beside a 日期 label above it (检查日期), else a date in
//! the sheet's name, else `--date`; the checker is a 检查人 column, else the value beside a
//! 质量安全员 / 检查人 label, else the person the sheet is named after. A sheet whose results are
//! all blank is a form not filled in and is skipped. Errors name the file, row and column
//! (`file:row:column`, or `file sheet!E7`).
mod epoch;
mod read;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use self::epoch::{Epoch, Epochs};
pub use self::read::find_date;
use self::read::{Field, Place, Raw, Read, a1, read};
use super::RESULTS;
use super::store::{NewEntry, Validated};
use crate::Engine;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::profile::ValidProfile;

/// At most this many row errors are listed; the rest are counted.
const MAX_ERRORS: usize = 20;

/// What [`prepare`] found: the entries to write and what it skipped.
pub struct Prepared {
    pub entries: Vec<Validated>,
    pub blank_sheets: Vec<String>,
}

/// Reads and validates `path` against `profile`: every row must be good, or nothing is returned.
pub fn prepare(
    engine: &Engine,
    profile: &ValidProfile,
    path: &Path,
    default_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Prepared> {
    let read = read(path)?;
    let mut v = Validator {
        engine,
        profile,
        read: &read,
        default_date,
        today,
        epochs: Epochs::new(&profile.loaded.profile)?,
        days: HashMap::new(),
        seen: HashMap::new(),
        errors: Vec::new(),
        more: 0,
    };
    v.prefill()?;
    let mut entries = Vec::with_capacity(read.rows.len());
    for raw in &read.rows {
        if let Some(e) = v.row(raw)? {
            entries.push(e);
        }
    }
    if !v.errors.is_empty() {
        let mut errors = v.errors;
        if v.more > 0 {
            errors.push(Diagnostic::new(format!(
                "{} more rows have errors; nothing was imported",
                v.more
            )));
        }
        return Err(Error::Invalid(Diagnostics(errors)));
    }
    Ok(Prepared {
        entries,
        blank_sheets: read.blank_sheets,
    })
}

/// What the daily record of one date holds: its items by number and by id.
struct Day {
    by_no: HashMap<i64, Known>,
    by_id: HashMap<String, i64>,
}

#[derive(Clone)]
struct Known {
    id: String,
    point: String,
    owner: String,
}

fn day_of(engine: &Engine, profile: &ValidProfile, date: NaiveDate) -> Result<Day> {
    let checklist = engine.checklist(profile, date)?;
    let mut day = Day {
        by_no: HashMap::new(),
        by_id: HashMap::new(),
    };
    for item in checklist.daily_items() {
        let no = item.no as i64;
        day.by_id.insert(item.id.clone(), no);
        day.by_no.insert(
            no,
            Known {
                id: item.id.clone(),
                point: item.point.clone(),
                owner: item.responsible.clone(),
            },
        );
    }
    Ok(day)
}

struct Validator<'a> {
    engine: &'a Engine,
    profile: &'a ValidProfile,
    read: &'a Read,
    default_date: Option<NaiveDate>,
    today: NaiveDate,
    epochs: Epochs<'a>,
    /// The daily items of each epoch's checklist (dates of one epoch share one checklist).
    days: HashMap<Epoch, Day>,
    /// (date, item id, checker) → where it was first seen.
    seen: HashMap<(NaiveDate, String, String), String>,
    errors: Vec<Diagnostic>,
    more: usize,
}

impl Validator<'_> {
    fn error(&mut self, at: &Place, message: String) {
        if self.errors.len() >= MAX_ERRORS {
            self.more += 1;
            return;
        }
        let d = match (at, &self.read.source) {
            (Place::Csv { line, column }, Some(file)) => file.diagnostic(*line, *column, message),
            (Place::Sheet { sheet, row, col }, _) => Diagnostic::new(format!(
                "{} {sheet}!{}: {message}",
                self.read.name,
                a1(*row, *col)
            )),
            (Place::Csv { line, column }, None) => {
                Diagnostic::new(format!("{}:{line}:{column}: {message}", self.read.name))
            }
        };
        self.errors.push(d);
    }

    /// Resolves the checklist of every epoch the rows' dates fall in, once each, on all cores
    /// (the checklist is the costly part of an import: its items and numbers follow the
    /// certificates' states and the standards in force, see [`epoch`]).
    fn prefill(&mut self) -> Result<()> {
        let mut dates: Vec<NaiveDate> = self
            .read
            .rows
            .iter()
            .filter_map(
                |raw| match raw.fields.get(&Field::Date).filter(|c| !c.text.is_empty()) {
                    Some(c) => find_date(&c.text),
                    None => raw
                        .sheet
                        .as_deref()
                        .and_then(find_date)
                        .or(self.default_date),
                },
            )
            .filter(|d| *d <= self.today)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let mut epochs: Vec<(Epoch, NaiveDate)> = Vec::new();
        for date in dates {
            let epoch = self.epochs.of(date);
            if !epochs.iter().any(|(e, _)| *e == epoch) {
                epochs.push((epoch, date));
            }
        }
        let resolved = crate::parallel_map(&epochs, |(_, d)| day_of(self.engine, self.profile, *d));
        for ((epoch, _), day) in epochs.into_iter().zip(resolved) {
            self.days.insert(epoch, day?);
        }
        Ok(())
    }

    /// The daily items of the checklist for `date` (resolved once per epoch).
    fn day(&mut self, date: NaiveDate) -> Result<&Day> {
        let epoch = self.epochs.of(date);
        if !self.days.contains_key(&epoch) {
            let day = day_of(self.engine, self.profile, date)?;
            self.days.insert(epoch.clone(), day);
        }
        Ok(&self.days[&epoch])
    }

    fn row(&mut self, raw: &Raw) -> Result<Option<Validated>> {
        let row_at = raw.at.clone().unwrap_or(Place::Csv { line: 0, column: 0 });
        let cell = |f: Field| raw.fields.get(&f).filter(|c| !c.text.is_empty());
        let date = match cell(Field::Date) {
            Some(c) => match find_date(&c.text) {
                Some(d) if d > self.today => {
                    self.error(&c.at, format!("the date {d} is in the future"));
                    return Ok(None);
                }
                Some(d) => d,
                None => {
                    self.error(&c.at, format!("`{}` is not a date (YYYY-MM-DD)", c.text));
                    return Ok(None);
                }
            },
            None => match raw
                .sheet
                .as_deref()
                .and_then(find_date)
                .or(self.default_date)
            {
                Some(d) => d,
                None => {
                    self.error(&row_at, "no date: fill in 日期 or pass --date".into());
                    return Ok(None);
                }
            },
        };
        let item = match (cell(Field::Id), cell(Field::No)) {
            (Some(id), _) => {
                let found = self.day(date)?.by_id.get(&id.text).copied();
                match found {
                    Some(no) => no,
                    None => {
                        let m =
                            format!("`{}` is no daily item of the checklist of {date}", id.text);
                        self.error(&id.at, m);
                        return Ok(None);
                    }
                }
            }
            (None, Some(no)) => match no.text.parse::<i64>() {
                Ok(n) if self.day(date)?.by_no.contains_key(&n) => n,
                _ => {
                    let m = format!(
                        "序号 `{}` is no daily item of the checklist of {date}",
                        no.text
                    );
                    self.error(&no.at, m);
                    return Ok(None);
                }
            },
            (None, None) => {
                self.error(&row_at, "no 序号: which item is this?".into());
                return Ok(None);
            }
        };
        let known = self.day(date)?.by_no[&item].clone();
        let result = cell(Field::Result).map(|c| (c.text.clone(), c.at.clone()));
        let result = match result {
            Some((r, _)) if RESULTS.contains(&r.as_str()) => r,
            Some((r, at)) => {
                let m = format!("result `{r}` is not one of {}", RESULTS.join("/"));
                self.error(&at, m);
                return Ok(None);
            }
            None => {
                let at = raw
                    .fields
                    .get(&Field::Result)
                    .map_or(row_at.clone(), |c| c.at.clone());
                self.error(
                    &at,
                    format!("no result: write one of {}", RESULTS.join("/")),
                );
                return Ok(None);
            }
        };
        let text = |f| cell(f).map_or(String::new(), |c| c.text.clone());
        let (problem, handling) = (text(Field::Problem), text(Field::Handling));
        if result == super::NONCONFORMING && problem.is_empty() {
            let at = raw
                .fields
                .get(&Field::Problem)
                .map_or(row_at.clone(), |c| c.at.clone());
            self.error(&at, "a 不符合 needs the problem found (问题)".into());
            return Ok(None);
        }
        let Some(checker) = self.checker(raw, &row_at) else {
            return Ok(None);
        };
        let key = (date, known.id.clone(), checker.clone());
        if let Some(first) = self.seen.get(&key) {
            let m = format!("repeats {first} (same date, item and checker)");
            self.error(&row_at, m);
            return Ok(None);
        }
        self.seen.insert(key, row_at.describe());
        let owner = if known.owner.trim().is_empty() {
            checker.clone()
        } else {
            known.owner
        };
        Ok(Some(Validated {
            entry: NewEntry {
                date,
                item_no: item,
                item_id: known.id,
                point: known.point,
                result,
                problem,
                handling,
                checker,
                source: format!("{} {}", self.read.name, row_at.describe()),
            },
            owner,
        }))
    }

    /// The checker: a person of the profile, named in the row (or the sheet's label or name).
    fn checker(&mut self, raw: &Raw, row_at: &Place) -> Option<String> {
        let people = &self.profile.loaded.profile.people;
        let names: Vec<&str> = [&people.principal, &people.director]
            .into_iter()
            .chain(&people.officers)
            .map(|p| p.name.as_str())
            .collect();
        match raw
            .fields
            .get(&Field::Checker)
            .filter(|c| !c.text.is_empty())
        {
            Some(c) if names.contains(&c.text.as_str()) => Some(c.text.clone()),
            Some(c) => {
                let m = format!(
                    "checker `{}` is not one of the people: {}",
                    c.text,
                    names.join("、")
                );
                self.error(&c.at.clone(), m);
                None
            }
            None => {
                let from_sheet = raw.sheet.as_deref().and_then(|s| {
                    names
                        .iter()
                        .find(|n| s.contains(**n))
                        .map(|n| n.to_string())
                });
                if from_sheet.is_none() {
                    self.error(row_at, "no checker (检查人)".into());
                }
                from_sheet
            }
        }
    }
}
