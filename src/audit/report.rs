//! The audit report's figures, from the rows of the audit and the answers read back from the
//! filled workbook: conformity overall and by stage, product line and owner; every nonconformity
//! with its corrective action (the item's own measures) and a deadline; the observations.
//!
//! 符合率 = 符合 ÷ (符合 + 不符合) × 100 %: 不适用 rows are left out, 观察项 are counted apart and
//! do not lower the rate, and blank rows are listed as not checked.
use chrono::NaiveDate;
use serde::Serialize;

use super::items::{AuditItem, SYSTEM_STAGE, chinese_date, deadline_rule};
use super::workbook::{Answer, Verdict};
use crate::vocab::Stage;

/// The formula as the report states it.
pub const FORMULA: &str = "符合率 = 符合项数 ÷（符合项数 + 不符合项数）× 100%；不适用项不计入，观察项单独统计、不计入符合率";
/// Cells of the text bar: one per 10 %.
const BAR_CELLS: usize = 10;

/// Counts of one set of rows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub items: usize,
    pub conform: usize,
    pub nonconform: usize,
    pub not_applicable: usize,
    pub observation: usize,
    /// Rows left blank.
    pub unchecked: usize,
    /// 符合 ÷ (符合 + 不符合), None when neither was recorded.
    pub rate: Option<f64>,
    /// The rate as printed: `85.7%`, or `—`.
    pub rate_label: String,
    /// The rate as a bar of ■ (one per full 10 %) and □.
    pub bar: String,
}

impl Tally {
    fn add(&mut self, verdict: Option<Verdict>) {
        self.items += 1;
        match verdict {
            Some(Verdict::Conform) => self.conform += 1,
            Some(Verdict::Nonconform) => self.nonconform += 1,
            Some(Verdict::NotApplicable) => self.not_applicable += 1,
            Some(Verdict::Observation) => self.observation += 1,
            None => self.unchecked += 1,
        }
    }

    fn finish(mut self) -> Tally {
        let judged = self.conform + self.nonconform;
        self.rate = (judged > 0).then(|| self.conform as f64 / judged as f64);
        self.rate_label = self
            .rate
            .map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0));
        // Whole cells only, so the bar never shows more than the rate.
        let full = self
            .rate
            .map_or(0, |r| ((r * BAR_CELLS as f64) + 1e-9).floor() as usize);
        self.bar = "■".repeat(full) + &"□".repeat(BAR_CELLS - full);
        self
    }
}

/// The tally of the rows that share one stage, line or owner.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// A row judged 不符合 or 观察项.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub no: String,
    pub key: String,
    pub line: String,
    pub stage: String,
    pub point: String,
    pub owner: String,
    pub responsible: String,
    pub evidence: String,
    pub remark: String,
    /// Required corrective action: the item's measures.
    pub action: Vec<String>,
    pub high_risk: bool,
    /// Days to correct (nonconformities only).
    pub deadline_days: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub deadline_label: String,
    /// Where the result is in the workbook.
    pub cell: String,
}

/// Everything the report documents print.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub audit_date: NaiveDate,
    pub audit_date_label: String,
    /// The workbook's file name.
    pub workbook: String,
    pub formula: &'static str,
    pub deadline_rule: String,
    pub overall: Tally,
    pub by_stage: Vec<Breakdown>,
    pub by_line: Vec<Breakdown>,
    pub by_owner: Vec<Breakdown>,
    pub nonconformities: Vec<Finding>,
    pub observations: Vec<Finding>,
    /// 序号 of the rows left blank.
    pub unchecked: Vec<String>,
    /// Problems that did not stop the report (a 不符合 without evidence…).
    pub warnings: Vec<String>,
}

/// The report of `rows` as `answers` judge them (one answer per row, matched by key before this).
pub fn report(
    rows: &[AuditItem],
    answers: &[Option<&Answer>],
    date: NaiveDate,
    workbook: &str,
) -> Report {
    let verdict = |i: usize| answers[i].and_then(|a| a.verdict);
    let mut overall = Tally::default();
    let mut nonconformities = Vec::new();
    let mut observations = Vec::new();
    let mut unchecked = Vec::new();
    let mut warnings = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        overall.add(verdict(i));
        let answer = answers[i];
        match verdict(i) {
            Some(Verdict::Nonconform) => {
                let answer = answer.expect("a verdict comes from an answer");
                if answer.evidence.is_empty() {
                    warnings.push(format!(
                        "{}: 不符合 without a 证据记录 (序号 {}, {}): write what was seen",
                        answer.cell, row.no, row.point
                    ));
                }
                nonconformities.push(finding(row, answer, Some(date)));
            }
            Some(Verdict::Observation) => {
                let answer = answer.expect("a verdict comes from an answer");
                observations.push(finding(row, answer, None));
            }
            None => unchecked.push(row.no.clone()),
            _ => {}
        }
    }
    let mut stages: Vec<&str> = vec![SYSTEM_STAGE];
    stages.extend(Stage::ALL.iter().map(|s| s.label()));
    Report {
        audit_date: date,
        audit_date_label: chinese_date(date),
        workbook: workbook.to_string(),
        formula: FORMULA,
        deadline_rule: deadline_rule(),
        overall: overall.finish(),
        by_stage: breakdown(rows, &verdict, |r| r.stage.clone(), Some(&stages)),
        by_line: breakdown(rows, &verdict, |r| r.line.clone(), None),
        by_owner: breakdown(rows, &verdict, |r| r.owner.clone(), None),
        nonconformities,
        observations,
        unchecked,
        warnings,
    }
}

/// Tallies grouped by `key`, in `order` where given, else in order of first appearance.
fn breakdown(
    rows: &[AuditItem],
    verdict: &dyn Fn(usize) -> Option<Verdict>,
    key: impl Fn(&AuditItem) -> String,
    order: Option<&[&str]>,
) -> Vec<Breakdown> {
    let mut groups: Vec<Breakdown> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let name = key(row);
        let at = match groups.iter().position(|g| g.name == name) {
            Some(at) => at,
            None => {
                groups.push(Breakdown {
                    name,
                    tally: Tally::default(),
                });
                groups.len() - 1
            }
        };
        groups[at].tally.add(verdict(i));
    }
    if let Some(order) = order {
        groups.sort_by_key(|g| {
            order
                .iter()
                .position(|o| *o == g.name)
                .unwrap_or(usize::MAX)
        });
    }
    groups
        .into_iter()
        .map(|g| Breakdown {
            name: g.name,
            tally: g.tally.finish(),
        })
        .collect()
}

fn finding(row: &AuditItem, answer: &Answer, from: Option<NaiveDate>) -> Finding {
    let days = from.map(|_| row.deadline_days());
    let deadline = from
        .zip(days)
        .and_then(|(d, n)| d.checked_add_days(chrono::Days::new(n.unsigned_abs())));
    Finding {
        no: row.no.clone(),
        key: row.key.clone(),
        line: row.line.clone(),
        stage: row.stage.clone(),
        point: row.point.clone(),
        owner: row.owner.clone(),
        responsible: row.responsible.clone(),
        evidence: answer.evidence.clone(),
        remark: answer.remark.clone(),
        action: row.measures.clone(),
        high_risk: row.high_risk,
        deadline_days: days,
        deadline,
        deadline_label: deadline
            .zip(days)
            .map(|(d, n)| format!("{}（{n}日内）", chinese_date(d)))
            .unwrap_or_default(),
        cell: answer.cell.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_leaves_out_not_applicable_and_observations() {
        let mut t = Tally::default();
        for v in [
            Verdict::Conform,
            Verdict::Conform,
            Verdict::Conform,
            Verdict::Nonconform,
            Verdict::NotApplicable,
            Verdict::Observation,
        ] {
            t.add(Some(v));
        }
        t.add(None);
        let t = t.finish();
        assert_eq!((t.items, t.unchecked), (7, 1));
        assert_eq!(t.rate, Some(0.75));
        assert_eq!(t.rate_label, "75.0%");
        assert_eq!(t.bar, "■■■■■■■□□□");
        assert_eq!(Tally::default().finish().rate_label, "—");
    }
}
