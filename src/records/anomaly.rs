//! What an inspector distrusts in a month of daily records, flagged for the director: days with
//! no record, every answer a pass (no 不符合 in a month of checks), and records identical day
//! after day (copied forward rather than checked). The last two need enough days to mean
//! something: [`MIN_DAYS`] recorded days of the officer in the month.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::store::Entry;
use super::{NONCONFORMING, cn_day};

/// Recorded days an officer needs in a month before all-pass or identical records are flagged.
pub const MIN_DAYS: usize = 10;
/// Missing days listed by date before the rest are only counted.
const LISTED: usize = 8;

/// The flags for `entries` (one month's latest revisions), per officer, in Chinese.
pub fn flags(entries: &[&Entry], officers: &[String], due_days: &[NaiveDate]) -> Vec<String> {
    let mut out = Vec::new();
    for officer in officers {
        let mine: Vec<&&Entry> = entries
            .iter()
            .filter(|e| e.row.checker == *officer)
            .collect();
        // Day → that day's answers, item by item.
        let mut days: BTreeMap<NaiveDate, BTreeSet<(&str, &str, &str, &str)>> = BTreeMap::new();
        for e in &mine {
            let e = &e.row;
            days.entry(e.date).or_default().insert((
                e.item_id.as_str(),
                e.result.as_str(),
                e.problem.as_str(),
                e.handling.as_str(),
            ));
        }
        let missing: Vec<&NaiveDate> = due_days.iter().filter(|d| !days.contains_key(d)).collect();
        if !missing.is_empty() {
            let mut listed: Vec<String> =
                missing.iter().take(LISTED).map(|d| cn_day(**d)).collect();
            if missing.len() > LISTED {
                listed.push(format!("等{}天", missing.len()));
            }
            out.push(format!(
                "{officer}本月缺{}天检查记录：{}",
                missing.len(),
                listed.join("、")
            ));
        }
        if days.len() < MIN_DAYS {
            continue;
        }
        if mine.iter().all(|e| e.row.result != NONCONFORMING) {
            out.push(format!(
                "{officer}本月{}天{}条记录全部为符合或不适用，无一项不符合：请核实是否逐项如实检查",
                days.len(),
                mine.len()
            ));
        }
        let mut answers = days.values();
        if let Some(first) = answers.next()
            && answers.all(|a| a == first)
        {
            out.push(format!(
                "{officer}本月{}天的检查结果逐日完全相同：请核实记录是否当日如实填写",
                days.len()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::store::NewEntry;

    fn entry(day: u32, result: &str) -> Entry {
        Entry {
            id: i64::from(day),
            row: NewEntry {
                date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                item_no: 1,
                item_id: "a".into(),
                point: String::new(),
                result: result.into(),
                problem: String::new(),
                handling: String::new(),
                checker: "王芳".into(),
                source: String::new(),
            },
            entered_at: String::new(),
            revision: 0,
            amends: None,
        }
    }

    #[test]
    fn a_month_of_identical_passes_is_flagged_and_a_varied_one_is_not() {
        let officers = vec!["王芳".to_string()];
        let days: Vec<NaiveDate> = (2..=13)
            .map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
            .collect();
        let same: Vec<Entry> = (2..=12).map(|d| entry(d, "符合")).collect();
        let refs: Vec<&Entry> = same.iter().collect();
        let f = flags(&refs, &officers, &days);
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].contains("缺1天") && f[0].contains("11月13日"), "{f:?}");
        let mut varied = same.clone();
        varied[3].row.result = NONCONFORMING.into();
        let refs: Vec<&Entry> = varied.iter().collect();
        assert_eq!(flags(&refs, &officers, &days[..11]), Vec::<String>::new());
    }
}
