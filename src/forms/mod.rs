//! The records a run writes and what each one shows: the daily record of every person who keeps
//! one, for one day or every working day of a month (`--month`); the per-batch record; the weekly
//! report of each week that touches the period; the monthly minutes. [`Plan::jobs`] lists the
//! documents with their file names (ASCII dates, so runs for different dates never overwrite
//! each other) and the values their templates print (Chinese dates: 2026年11月30日, 2026年第49周).
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::model::{Checklist, Item};
use crate::profile::calendar::Calendar;
use crate::vocab::Frequency;

/// What the records cover: one day, or every working day of the month that starts on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day(NaiveDate),
    Month(NaiveDate),
}

/// Reads `YYYY-MM` as the first day of that month.
pub fn parse_month(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    t.split_once('-')
        .filter(|(y, m)| y.len() == 4 && (1..=2).contains(&m.len()))
        .and_then(|(y, m)| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1))
        .ok_or_else(|| format!("`{text}` is not a month: write YYYY-MM, e.g. 2026-12"))
}

/// 2026年11月30日.
pub use crate::model::chinese_date as cn_date;

mod keeper;
pub use keeper::{Keeper, keepers};

/// 2026年第49周 (the ISO week and its year).
pub fn cn_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}年第{}周", w.year(), w.week())
}

/// 星期一…星期日.
pub fn cn_weekday(d: NaiveDate) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][d.weekday().num_days_from_monday() as usize]
}

/// The Monday of the ISO week of `d`.
fn monday(d: NaiveDate) -> NaiveDate {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// Text usable as part of a file name: no separators, control or reserved characters.
pub fn plain_name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    cleaned
        .trim_start_matches('.')
        .trim()
        .chars()
        .take(100)
        .collect()
}

/// A row of a record table.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// 序号 within the table.
    pub no: usize,
    /// Whether the row starts a new product line (or the company-wide items) in the table.
    pub new_scope: bool,
    pub scope: &'a str,
    pub point: &'a str,
    pub check: &'a str,
    pub frequency: &'a str,
    pub owner: &'a str,
    /// When the item is due (monthly minutes): e.g. 3月、6月、9月、12月.
    pub due: String,
}

/// Numbered rows for `items`, marking where the product line changes.
pub fn rows<'a>(items: &[&'a Item]) -> Vec<Row<'a>> {
    items
        .iter()
        .enumerate()
        .map(|(k, i)| Row {
            no: k + 1,
            new_scope: k == 0 || items[k - 1].scope != i.scope,
            scope: &i.scope,
            point: &i.point,
            check: &i.check,
            frequency: &i.frequency_label,
            owner: &i.owner_label,
            due: String::new(),
        })
        .collect()
}

/// Table lines one page of a daily record holds (estimated; table text of 9 pt on A4 portrait,
/// after the title, the record's header and the signatures).
const PAGE_LINES: usize = 50;
/// Lines the closing block (采取的防范措施) takes on a record's last page.
const CLOSING_LINES: usize = 7;

/// Splits a record's rows into pages by an estimate of their height, so that every page ends
/// with the signatures and no signature sits on a page of its own.
fn paginate(rows: Vec<Row<'_>>) -> Vec<Vec<Row<'_>>> {
    // A row is at least the three stacked result boxes tall, plus padding; a scope row is one line.
    let height = |r: &Row| {
        let chars = |s: &str, per: usize| s.chars().count().div_ceil(per);
        let lines = chars(r.point, 9).max(chars(r.check, 16)).max(3);
        lines + 1 + 2 * usize::from(r.new_scope)
    };
    let mut pages: Vec<Vec<Row>> = vec![Vec::new()];
    let mut used = 0;
    for row in rows {
        let h = height(&row);
        if used + h > PAGE_LINES && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            used = 0;
        }
        used += h;
        if let Some(page) = pages.last_mut() {
            page.push(row);
        }
    }
    // The last page also carries the closing block: move rows on until it fits.
    let mut moved = Vec::new();
    while used + CLOSING_LINES > PAGE_LINES
        && let Some(row) = pages.last_mut().filter(|p| p.len() > 1).and_then(Vec::pop)
    {
        used -= height(&row);
        moved.insert(0, row);
    }
    if !moved.is_empty() {
        pages.push(moved);
    }
    // A continued table names the product line again.
    for page in pages.iter_mut().skip(1) {
        if let Some(first) = page.first_mut() {
            first.new_scope = true;
        }
    }
    pages
}

/// One keeper's record for one day: its pages of rows.
#[derive(Serialize)]
struct Sheet<'a> {
    keeper: &'a Keeper,
    date: String,
    weekday: &'static str,
    pages: Vec<Vec<Row<'a>>>,
}

/// One keeper's per-batch record for one product line.
#[derive(Serialize)]
struct BatchSheet<'a> {
    keeper: &'a Keeper,
    scope: &'a str,
    rows: Vec<Row<'a>>,
}

/// A week as the weekly report prints it, with the counts the tool knows.
#[derive(Serialize)]
struct Week {
    label: String,
    start: String,
    end: String,
    working_days: usize,
    keepers: usize,
    records_due: usize,
}

/// A month as the minutes print it, with the counts the tool knows.
#[derive(Serialize)]
struct Month {
    label: String,
    working_days: usize,
    keepers: usize,
    records_due: usize,
    weeks: Vec<String>,
}

/// A person at the monthly meeting.
#[derive(Serialize)]
struct Attendee<'a> {
    name: &'a str,
    role: &'a str,
}

/// One document to render: its template, the file it becomes, and what it prints beyond the
/// checklist.
pub struct Job {
    pub template: &'static str,
    /// The Markdown file name (the other formats change the extension).
    pub name: String,
    pub context: tera::Context,
    /// The last day a weekly report or the minutes cover (None for the other documents).
    pub period_end: Option<NaiveDate>,
}

/// What one run writes for a checklist.
pub struct Plan {
    pub span: Span,
    /// The days that get a daily record: the day asked for, or the month's working days.
    pub days: Vec<NaiveDate>,
    /// The Mondays of the weeks that get a weekly report.
    pub weeks: Vec<NaiveDate>,
    /// The first day of the month of the minutes.
    pub month: NaiveDate,
    pub keepers: Vec<Keeper>,
    calendar: Calendar,
}

impl Plan {
    pub fn new(span: Span, calendar: &Calendar, checklist: &Checklist) -> Plan {
        let (days, weeks, month) = match span {
            Span::Day(d) => (vec![d], vec![monday(d)], d.with_day(1).unwrap_or(d)),
            Span::Month(first) => {
                let last = last_of_month(first);
                let mut weeks = Vec::new();
                let mut w = monday(first);
                while w <= last {
                    weeks.push(w);
                    w = w + chrono::Days::new(7);
                }
                (calendar.working_days_between(first, last), weeks, first)
            }
        };
        Plan {
            span,
            days,
            weeks,
            month,
            keepers: keepers(checklist),
            calendar: calendar.clone(),
        }
    }

    /// The date part of file names: `2026-11-30` for a day, `2026-12` for a month.
    pub fn label(&self) -> String {
        match self.span {
            Span::Day(d) => d.format("%Y-%m-%d").to_string(),
            Span::Month(m) => m.format("%Y-%m").to_string(),
        }
    }

    /// The documents to render, in order: daily records, per-batch record, weekly reports,
    /// monthly minutes.
    pub fn jobs(&self, checklist: &Checklist) -> Vec<Job> {
        let mut jobs = Vec::new();
        let label = self.label();
        match self.span {
            // One file for the day, each keeper's record on its own pages.
            Span::Day(_) => jobs.push(self.daily_job(
                checklist,
                &self.keepers.iter().collect::<Vec<_>>(),
                format!("daily-record-{label}.md"),
            )),
            // One file per keeper, every working day of the month: what an officer prints.
            Span::Month(_) => {
                for keeper in &self.keepers {
                    let name = format!("daily-records-{label}-{}.md", plain_name(&keeper.name));
                    jobs.push(self.daily_job(checklist, &[keeper], name));
                }
            }
        }
        let plural = if matches!(self.span, Span::Month(_)) {
            "s"
        } else {
            ""
        };
        jobs.push(self.batch_job(checklist, format!("batch-record{plural}-{label}.md")));
        for &start in &self.weeks {
            jobs.push(self.weekly_job(checklist, start));
        }
        jobs.push(self.monthly_job(checklist));
        jobs
    }

    fn daily_job(&self, checklist: &Checklist, keepers: &[&Keeper], name: String) -> Job {
        let mut sheets = Vec::new();
        for keeper in keepers {
            let items = keeper.daily_items(checklist);
            for &day in &self.days {
                sheets.push(Sheet {
                    keeper,
                    date: cn_date(day),
                    weekday: cn_weekday(day),
                    pages: paginate(rows(&items)),
                });
            }
        }
        let mut context = tera::Context::new();
        context.insert("sheets", &sheets);
        job("daily-record.md", name, context)
    }

    fn batch_job(&self, checklist: &Checklist, name: String) -> Job {
        let mut sheets = Vec::new();
        for keeper in &self.keepers {
            let items = keeper.items(checklist, |f| f == Frequency::PerBatch);
            let company: Vec<&Item> = items
                .iter()
                .copied()
                .filter(|i| i.provenance.line.is_none())
                .collect();
            let mut scopes: Vec<&str> = items
                .iter()
                .map(|i| i.scope.as_str())
                .filter(|s| company.iter().all(|c| c.scope != *s))
                .collect();
            scopes.dedup();
            if scopes.is_empty() && !company.is_empty() {
                scopes.push(&company[0].scope);
            }
            for scope in scopes {
                // A batch belongs to one product line: its items, then the company-wide ones.
                let line: Vec<&Item> = items
                    .iter()
                    .copied()
                    .filter(|i| i.scope == scope && i.provenance.line.is_some())
                    .chain(company.iter().copied())
                    .collect();
                sheets.push(BatchSheet {
                    keeper,
                    scope,
                    rows: rows(&line),
                });
            }
        }
        let mut context = tera::Context::new();
        context.insert("batch_sheets", &sheets);
        job("batch-record.md", name, context)
    }

    fn weekly_job(&self, checklist: &Checklist, start: NaiveDate) -> Job {
        let end = start + chrono::Days::new(6);
        let working_days = self.calendar.working_days_between(start, end).len();
        let week = Week {
            label: cn_week(start),
            start: cn_date(start),
            end: cn_date(end),
            working_days,
            keepers: self.keepers.len(),
            records_due: working_days * self.keepers.len(),
        };
        let items: Vec<&Item> = checklist
            .weekly_items()
            .into_iter()
            .filter(|i| !i.is_record_point())
            .collect();
        let mut context = tera::Context::new();
        context.insert("week", &week);
        context.insert("week_rows", &rows(&items));
        // The officers attend the director's weekly investigation; the director organises it.
        let attendees: Vec<&Keeper> = self
            .keepers
            .iter()
            .filter(|k| !k.is_director_beside_officers())
            .collect();
        context.insert("attendees", &attendees);
        let iso = start.iso_week();
        let name = format!("weekly-report-{}-W{:02}.md", iso.year(), iso.week());
        Job {
            period_end: Some(end),
            ..job("weekly-report.md", name, context)
        }
    }

    fn monthly_job(&self, checklist: &Checklist) -> Job {
        let first = self.month;
        let working_days = self
            .calendar
            .working_days_between(first, last_of_month(first))
            .len();
        let mut weeks = Vec::new();
        let mut w = monday(first);
        while w <= last_of_month(first) {
            weeks.push(cn_week(w));
            w = w + chrono::Days::new(7);
        }
        let month = Month {
            label: format!("{}年{}月", first.year(), first.month()),
            working_days,
            keepers: self.keepers.len(),
            records_due: working_days * self.keepers.len(),
            weeks,
        };
        let schedule = checklist.due_months();
        let (due, later): (Vec<_>, Vec<_>) = schedule
            .iter()
            .partition(|(_, months)| months.contains(&first.month()));
        let events: Vec<&Item> = checklist
            .event_items()
            .into_iter()
            .filter(|i| !i.is_record_point())
            .collect();
        let people = &checklist.people;
        let mut attendees = vec![
            Attendee {
                name: &people.principal.name,
                role: "主要负责人",
            },
            Attendee {
                name: &people.director.name,
                role: "质量安全总监",
            },
        ];
        attendees.extend(people.officers.iter().map(|o| Attendee {
            name: &o.name,
            role: "质量安全员",
        }));
        let mut context = tera::Context::new();
        context.insert("month", &month);
        context.insert("due_rows", &with_due(&due));
        context.insert("later_rows", &with_due(&later));
        context.insert("event_rows", &rows(&events));
        context.insert("attendees", &attendees);
        let name = format!("monthly-minutes-{}.md", first.format("%Y-%m"));
        Job {
            period_end: Some(last_of_month(first)),
            ..job("monthly-minutes.md", name, context)
        }
    }
}

/// Rows for scheduled items, each with the months it is due.
fn with_due<'a>(list: &[&(&'a Item, Vec<u32>)]) -> Vec<Row<'a>> {
    let items: Vec<&Item> = list.iter().map(|(i, _)| *i).collect();
    let mut rows = rows(&items);
    for (row, (_, months)) in rows.iter_mut().zip(list) {
        row.due = months
            .iter()
            .map(|m| format!("{m}月"))
            .collect::<Vec<_>>()
            .join("、");
    }
    rows
}

fn job(template: &'static str, name: String, context: tera::Context) -> Job {
    Job {
        template,
        name,
        context,
        period_end: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_and_weeks() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(cn_date(d), "2026年11月30日");
        assert_eq!(cn_week(d), "2026年第49周");
        assert_eq!(cn_weekday(d), "星期一");
        assert_eq!(
            parse_month("2026-12"),
            NaiveDate::from_ymd_opt(2026, 12, 1).ok_or(String::new())
        );
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("12-2026").is_err());
    }

    #[test]
    fn long_records_split_into_pages_and_continued_tables_name_the_line() {
        let rows: Vec<Row> = (0..40)
            .map(|k| Row {
                no: k + 1,
                new_scope: k == 0,
                scope: "电热水壶",
                point: "温控器",
                check: "查来料检验记录",
                frequency: "每日",
                owner: "质检部门",
                due: String::new(),
            })
            .collect();
        let pages = paginate(rows);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 40);
        assert!(pages.iter().all(|p| p[0].new_scope));
        assert!(
            pages.last().unwrap().len() < pages[0].len(),
            "room to close"
        );
    }

    #[test]
    fn file_name_parts_are_plain() {
        assert_eq!(plain_name("../王/芳"), "_王_芳");
        assert_eq!(plain_name(" 郑晓东 "), "郑晓东");
    }
}
