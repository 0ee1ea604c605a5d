//! The company's working calendar (`calendar:` in the profile): which weekdays are working days
//! (default Monday to Saturday), public holidays off, and extra working dates (a Sunday made up
//! for a holiday). It decides which days get a daily record and what the weekly report counts.
use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A weekday as the profile writes it: `mon`…`sun`, or 周一…周日 / 星期一…星期日.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkDay(pub Weekday);

const NAMES: [(&str, &str, Weekday); 7] = [
    ("mon", "一", Weekday::Mon),
    ("tue", "二", Weekday::Tue),
    ("wed", "三", Weekday::Wed),
    ("thu", "四", Weekday::Thu),
    ("fri", "五", Weekday::Fri),
    ("sat", "六", Weekday::Sat),
    ("sun", "日", Weekday::Sun),
];

impl TryFrom<String> for WorkDay {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let chinese = t
            .strip_prefix("周")
            .or_else(|| t.strip_prefix("星期"))
            .map(|d| if d == "天" { "日" } else { d });
        NAMES
            .iter()
            .find(|(key, cn, _)| lower.starts_with(key) || chinese == Some(cn))
            .map(|(.., day)| WorkDay(*day))
            .ok_or_else(|| format!("`{text}` is not a weekday: write mon…sun or 周一…周日"))
    }
}

impl From<WorkDay> for String {
    fn from(day: WorkDay) -> String {
        NAMES
            .iter()
            .find(|(.., d)| *d == day.0)
            .map_or_else(String::new, |(key, ..)| key.to_string())
    }
}

/// `calendar:` in the profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Working weekdays: mon…sun or 周一…周日 (default Monday to Saturday).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub working_days: Vec<WorkDay>,
    /// Days off on a working weekday (public holidays), YYYY-MM-DD.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Extra working days on a day off (a weekend made up for a holiday), YYYY-MM-DD.
    #[serde(default)]
    pub workdays: Vec<NaiveDate>,
}

impl Calendar {
    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        if self.holidays.contains(&date) {
            return false;
        }
        let weekday = date.weekday();
        if self.working_days.is_empty() {
            weekday != Weekday::Sun
        } else {
            self.working_days.iter().any(|d| d.0 == weekday)
        }
    }

    /// The working days from `first` to `last`, both included.
    pub fn working_days_between(&self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| self.is_working_day(*d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_read_in_english_and_chinese() {
        for (text, day) in [
            ("mon", Weekday::Mon),
            ("Saturday", Weekday::Sat),
            ("周六", Weekday::Sat),
            ("星期日", Weekday::Sun),
            ("周天", Weekday::Sun),
        ] {
            assert_eq!(WorkDay::try_from(text.to_string()), Ok(WorkDay(day)));
        }
        assert!(WorkDay::try_from("周八".to_string()).is_err());
    }

    #[test]
    fn default_is_monday_to_saturday_with_holidays_and_makeup_days() {
        let calendar = Calendar {
            holidays: vec![day(2026, 12, 1)],
            workdays: vec![day(2026, 12, 6)],
            ..Calendar::default()
        };
        // 2026-11-30 is a Monday; 12-01 a holiday; 12-06 a Sunday made a working day.
        let days = calendar.working_days_between(day(2026, 11, 30), day(2026, 12, 7));
        assert_eq!(days.len(), 7);
        assert!(!days.contains(&day(2026, 12, 1)));
        assert!(days.contains(&day(2026, 12, 6)));
    }
}
