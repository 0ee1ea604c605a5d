//! The week's and the month's figures, computed from the store for the weekly report and the
//! monthly minutes: records due (working days Monday to Saturday × keepers, up to the document
//! date), done (every daily item of the keeper has a result that day), partial and missing;
//! entries made late (补记) or amended; problems found, fixed and still
//! open; last week's open problems and their state now; the month's open problems carried
//! forward, its closure rate and the overdue actions escalated; the [`super::anomaly`] flags.
//! A problem whose 不符合 a later revision amended away (its action superseded) is not counted
//! as found but as withdrawn.
//! This is the `records` value of the templates' context.
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::store::{Action, Entry, Store};
use super::{COMPUTED, Period, RecordsError, Span, cn_date, cn_day, seal};
use crate::model::Checklist;

/// The `records` value of the template context.
#[derive(Debug, Clone, Serialize)]
pub struct RecordsView {
    /// 根据检查记录统计: printed beside every computed figure.
    pub marker: &'static str,
    /// The store's file name.
    pub store: String,
    /// Entries made more than this many days after their date are 补记.
    pub late_days: u32,
    /// Counted up to this day (the document date), 2026年11月30日.
    pub as_of: String,
    pub week: Figures,
    pub month: Figures,
    /// 上周问题整改核实: problems found before this week and still open when it began, with
    /// their state at its end.
    pub last_week: Vec<Problem>,
    /// Problems still open at the end of the month, carried forward (oldest first).
    pub carried: Vec<Problem>,
    pub carried_count: usize,
    /// Of those, the ones past their deadline: escalated to the principal.
    pub overdue: Vec<Problem>,
    pub overdue_count: usize,
    /// Weekly investigations signed off (weeks sealed) that end within the month.
    pub weekly_reports: usize,
    /// What the director should look at (missing days, identical or all-pass records), in Chinese.
    pub anomalies: Vec<String>,
}

/// The figures of one period.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// 2026年第48周 / 2026年11月.
    pub label: String,
    pub from: String,
    pub to: String,
    /// Daily records due: working days so far × keepers.
    pub due: usize,
    /// Of those, complete: every daily item of the keeper has a result that day.
    pub done: usize,
    /// Begun but not complete: some of the keeper's daily items have no result that day.
    pub partial: usize,
    /// Each partial record: 11月3日 郑晓东 应查12项、已填9项.
    pub partial_days: Vec<String>,
    /// No entry at all.
    pub missing: usize,
    /// Each missing record: 11月3日 郑晓东.
    pub missing_days: Vec<String>,
    /// Entries (latest revisions) dated in the period.
    pub entries: usize,
    /// Of those, made more than `late_days` after their date (补记).
    pub late: usize,
    /// Entries that amend an earlier one.
    pub amended: usize,
    /// Problems found (不符合, each with a corrective action).
    pub found: usize,
    /// Of those, closed by the period's end.
    pub fixed: usize,
    pub open: usize,
    /// fixed / found, as 75%; — when nothing was found.
    pub closure_rate: String,
    /// 不符合 later amended to 符合 or 不适用: their actions were withdrawn, not counted above.
    pub withdrawn: usize,
    pub problems: Vec<Problem>,
    /// 已封存 with when and by whom, when the period is sealed.
    pub sealed: Option<String>,
}

/// A problem and its corrective action, as the documents print it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub action: i64,
    /// 11月3日.
    pub date: String,
    pub no: i64,
    pub point: String,
    pub problem: String,
    pub handling: String,
    pub checker: String,
    pub owner: String,
    /// 2026年11月10日.
    pub deadline: String,
    /// 已整改, 未整改 or 逾期未整改, as of the period's end.
    pub status: String,
    /// Who verified the fix, when, and the evidence (empty while open).
    pub verified: String,
    /// The entry was made late (补记).
    pub late: bool,
}

/// Computes the `records` view for the week and month of `as_of` (the last day a report covers,
/// at most the document date), counting up to that day.
pub fn view(
    store: &Store,
    checklist: &Checklist,
    as_of: NaiveDate,
    late_days: u32,
) -> Result<RecordsView, RecordsError> {
    let week = Period::week_of(as_of);
    let month = Period::month_of(as_of);
    let (Some(week_span), Some(month_span)) = (week.span(), month.span()) else {
        return Err(RecordsError::Period(as_of.to_string()));
    };
    let all = store.entries(None, false)?;
    let entries: HashMap<i64, &Entry> = all.iter().map(|e| (e.id, e)).collect();
    let amended: BTreeSet<i64> = all.iter().filter_map(|e| e.amends).collect();
    let current: Vec<&Entry> = all.iter().filter(|e| !amended.contains(&e.id)).collect();
    let (actions, withdrawn): (Vec<Action>, Vec<Action>) = store
        .actions()?
        .into_iter()
        .partition(|a| !a.is_superseded());
    // Each keeper's daily items, as the daily record form lists them (those of the checklist the
    // documents are made from).
    let keepers: Vec<(String, BTreeSet<String>)> = crate::forms::keepers(checklist)
        .iter()
        .map(|k| {
            let items = k.daily_items(checklist).into_iter().map(|i| i.id.clone());
            (k.name.clone(), items.collect())
        })
        .collect();
    let officers: Vec<String> = keepers.iter().map(|(name, _)| name.clone()).collect();
    let seals = seal::seals(store)?;
    let ctx = Ctx {
        all: &all,
        current: &current,
        entries: &entries,
        actions: &actions,
        withdrawn: &withdrawn,
        keepers: &keepers,
        late_days,
        as_of,
        seals: &seals,
    };
    let week_figures = ctx.figures(&week, week_span);
    let month_figures = ctx.figures(&month, month_span);
    let week_end = week_span.to.min(as_of);
    let last_week = actions
        .iter()
        .filter(|a| {
            a.date < week_span.from && !a.closed_by(week_span.from.pred_opt().unwrap_or(a.date))
        })
        .map(|a| ctx.problem(a, week_end))
        .collect();
    let month_end = month_span.to.min(as_of);
    let open_at_end: Vec<&Action> = actions
        .iter()
        .filter(|a| a.date <= month_end && !a.closed_by(month_end))
        .collect();
    let carried: Vec<Problem> = open_at_end
        .iter()
        .map(|a| ctx.problem(a, month_end))
        .collect();
    let overdue: Vec<Problem> = open_at_end
        .iter()
        .filter(|a| a.deadline < month_end)
        .map(|a| ctx.problem(a, month_end))
        .collect();
    let in_month: Vec<&Entry> = current
        .iter()
        .copied()
        .filter(|e| month_span.contains(e.row.date))
        .collect();
    let due_days = Span {
        from: month_span.from,
        to: month_end,
    }
    .working_days();
    Ok(RecordsView {
        marker: COMPUTED,
        store: store
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        late_days,
        as_of: cn_date(as_of),
        week: week_figures,
        month: month_figures,
        last_week,
        carried_count: carried.len(),
        carried,
        overdue_count: overdue.len(),
        overdue,
        weekly_reports: seal::weekly_investigations(store, month_span)?,
        anomalies: super::anomaly::flags(&in_month, &officers, &due_days),
    })
}

struct Ctx<'a> {
    all: &'a [Entry],
    current: &'a [&'a Entry],
    entries: &'a HashMap<i64, &'a Entry>,
    actions: &'a [Action],
    withdrawn: &'a [Action],
    keepers: &'a [(String, BTreeSet<String>)],
    late_days: u32,
    as_of: NaiveDate,
    seals: &'a [seal::Seal],
}

impl Ctx<'_> {
    fn figures(&self, period: &Period, span: Span) -> Figures {
        let end = span.to.min(self.as_of);
        let counted = Span {
            from: span.from,
            to: end,
        };
        // (day, checker) → the items with a result.
        let mut recorded: HashMap<(NaiveDate, &str), BTreeSet<&str>> = HashMap::new();
        let mut entries = 0;
        let mut late = 0;
        for e in self.current.iter().filter(|e| span.contains(e.row.date)) {
            entries += 1;
            late += usize::from(e.is_late(self.late_days));
            recorded
                .entry((e.row.date, e.row.checker.as_str()))
                .or_default()
                .insert(e.row.item_id.as_str());
        }
        let mut due = 0;
        let mut missing_days = Vec::new();
        let mut partial_days = Vec::new();
        if span.from <= end {
            for day in counted.working_days() {
                for (keeper, items) in self.keepers {
                    due += 1;
                    let Some(done) = recorded.get(&(day, keeper.as_str())) else {
                        missing_days.push(format!("{} {keeper}", cn_day(day)));
                        continue;
                    };
                    let filled = items.iter().filter(|i| done.contains(i.as_str())).count();
                    if filled < items.len() {
                        partial_days.push(format!(
                            "{} {keeper} 应查{}项、已填{filled}项",
                            cn_day(day),
                            items.len()
                        ));
                    }
                }
            }
        }
        let problems: Vec<Problem> = self
            .actions
            .iter()
            .filter(|a| span.contains(a.date))
            .map(|a| self.problem(a, end))
            .collect();
        let fixed = problems.iter().filter(|p| p.status == "已整改").count();
        let name = period.to_string();
        Figures {
            label: period.label(),
            from: cn_date(span.from),
            to: cn_date(span.to),
            due,
            done: due - missing_days.len() - partial_days.len(),
            partial: partial_days.len(),
            partial_days,
            missing: missing_days.len(),
            missing_days,
            entries,
            late,
            amended: self
                .all
                .iter()
                .filter(|e| e.amends.is_some() && span.contains(e.row.date))
                .count(),
            found: problems.len(),
            fixed,
            open: problems.len() - fixed,
            closure_rate: rate(fixed, problems.len()),
            withdrawn: self
                .withdrawn
                .iter()
                .filter(|a| span.contains(a.date))
                .count(),
            problems,
            sealed: self.seals.iter().find(|s| s.period == name).map(|s| {
                let on = chrono::DateTime::parse_from_rfc3339(&s.sealed_at)
                    .map_or_else(|_| s.sealed_at.clone(), |t| cn_date(t.date_naive()));
                format!(
                    "已于{on}由{}签署封存（{} 条记录，SHA-256 {}…）",
                    s.sealed_by,
                    s.entries,
                    &s.sha256[..12.min(s.sha256.len())]
                )
            }),
        }
    }

    /// The action as of `day`.
    fn problem(&self, a: &Action, day: NaiveDate) -> Problem {
        let entry = self.entries.get(&a.result_id);
        let status = if a.closed_by(day) {
            "已整改"
        } else if a.deadline < day {
            "逾期未整改"
        } else {
            "未整改"
        };
        let verified = match (&a.verified_by, a.verified_at) {
            (Some(by), Some(at)) if a.closed_by(day) => format!(
                "{by} {}：{}",
                cn_day(at),
                a.evidence.as_deref().unwrap_or_default()
            ),
            _ => String::new(),
        };
        Problem {
            action: a.id,
            date: cn_day(a.date),
            no: entry.map_or(0, |e| e.row.item_no),
            point: entry.map_or_else(String::new, |e| e.row.point.clone()),
            problem: a.problem.clone(),
            handling: entry.map_or_else(String::new, |e| e.row.handling.clone()),
            checker: a.checker.clone(),
            owner: a.owner.clone(),
            deadline: cn_date(a.deadline),
            status: status.into(),
            verified,
            late: entry.is_some_and(|e| e.is_late(self.late_days)),
        }
    }
}

/// `part` of `whole` as a whole percentage; — for nothing.
fn rate(part: usize, whole: usize) -> String {
    (part * 100 + whole / 2)
        .checked_div(whole)
        .map_or_else(|| "—".into(), |r| format!("{r}%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_rate_rounds_and_shows_a_dash_for_nothing() {
        assert_eq!(rate(2, 3), "67%");
        assert_eq!(rate(3, 3), "100%");
        assert_eq!(rate(0, 0), "—");
    }
}
