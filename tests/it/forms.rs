//! The records as an inspector reads them: a daily record per officer with only that officer's
//! daily items, signatures on every officer's sheet, `--month` writing every working day, the
//! weekly reports and the minutes under dated names, Chinese dates, and a yearly item due in one
//! month of the year.
use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::common::{Case, example};

/// The general points that are the record system itself (no record lists them).
const RECORD_POINTS: [&str; 3] = [
    "general-daily-control",
    "general-weekly-investigation",
    "general-monthly-scheduling",
];

/// The items (from `checklist.json`) one officer's daily record must list: daily items of the
/// officer's lines (all when none are named) and the company-wide daily items not owned by the
/// principal or the director, without the record system's own points.
pub fn officer_daily<'a>(model: &'a Value, officer: &Value) -> Vec<&'a Value> {
    let lines: Vec<&str> = officer["lines"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut items = Vec::new();
    for group in model["groups"].as_array().unwrap() {
        let id = group["id"].as_str().unwrap();
        let company = id == "company";
        if !company && !lines.is_empty() && !lines.contains(&id) {
            continue;
        }
        for item in group["items"].as_array().unwrap() {
            let owner = item["owner"].as_str().unwrap();
            if item["frequency"] == "daily"
                && !RECORD_POINTS.contains(&item["id"].as_str().unwrap())
                && !(company && matches!(owner, "principal" | "director"))
            {
                items.push(item);
            }
        }
    }
    items
}

/// The items (from `checklist.json`) the director's own daily record must list: the company-wide
/// daily items the principal or the director own, without the record system's own points.
pub fn director_daily(model: &Value) -> Vec<&Value> {
    model["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == "company")
        .flat_map(|g| g["items"].as_array().unwrap())
        .filter(|i| {
            i["frequency"] == "daily"
                && matches!(i["owner"].as_str().unwrap(), "principal" | "director")
                && !RECORD_POINTS.contains(&i["id"].as_str().unwrap())
        })
        .collect()
}

fn generate(out: &Path, profile: &str, extra: &[&str]) {
    Case::new(&["generate"])
        .arg(example(profile))
        .arg("--out")
        .arg(out)
        .args(&["--date", "2026-11-30", "--format", "md,json"])
        .args(extra)
        .run();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The sections of a daily record, one per officer and day (each starts with a `##` heading).
fn sections(markdown: &str) -> Vec<&str> {
    markdown.split("\n## ").skip(1).collect()
}

#[test]
fn each_officer_gets_only_the_daily_items_of_their_lines_with_a_signature() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "consumer-goods.yaml", &[]);
    let model: Value = serde_json::from_str(&read(dir.path(), "checklist.json")).unwrap();
    let daily = read(dir.path(), "daily-record-2026-11-30.md");
    let officers = model["people"]["officers"].as_array().unwrap();
    // Each officer's sheet (质量安全员, reviewed by the director), then the director's own sheet
    // of the company-wide daily items the director owns (reviewed by the principal).
    let mut keepers: Vec<(&str, Vec<&Value>, &str, &str)> = officers
        .iter()
        .map(|o| {
            let name = o["name"].as_str().unwrap();
            (name, officer_daily(&model, o), "质量安全员", "质量安全总监")
        })
        .collect();
    let director = model["people"]["director"]["name"].as_str().unwrap();
    keepers.push((
        director,
        director_daily(&model),
        "质量安全总监",
        "主要负责人",
    ));
    let sheets = sections(&daily);
    assert_eq!(
        sheets.len(),
        officers.len() + 1,
        "one sheet per officer and the director's"
    );
    let all: Vec<&Value> = model["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    for ((name, wanted, role, reviewer), sheet) in keepers.iter().zip(&sheets) {
        assert!(sheet.starts_with(name), "{sheet}");
        assert!(!wanted.is_empty(), "{name} has daily items");
        let rows: Vec<&str> = sheet
            .lines()
            .filter(|l| l.contains("□符合<br>□不符合<br>□不适用"))
            .collect();
        assert_eq!(rows.len(), wanted.len(), "{name}: one row per daily item");
        for item in wanted.iter() {
            let point = item["point"].as_str().unwrap();
            let check = item["check"].as_str().unwrap();
            assert!(
                rows.iter()
                    .any(|r| r.contains(&format!("| {point} | {check} |"))),
                "{name}: {point}"
            );
        }
        // Nothing per batch, weekly or rarer, or on events: every row is one of the wanted items.
        for item in &all {
            if item["frequency"] != "daily" {
                let row = format!(
                    "| {} | {} |",
                    item["point"].as_str().unwrap(),
                    item["check"].as_str().unwrap()
                );
                assert!(
                    !rows.iter().any(|r| r.contains(&row)),
                    "{name}: {} item {row}",
                    item["frequency"]
                );
            }
        }
        assert!(!sheet.contains("日管控"), "no self-referential item");
        assert!(sheet.contains("采取的防范措施"));
        assert!(
            sheet.contains(&format!("{role}签字："))
                && sheet.contains(&format!("{reviewer}审核：")),
            "{name}: signatures on the keeper's own sheet"
        );
        assert_eq!(sheet.matches("审核：").count(), 1, "{name}: one reviewer");
    }
    assert!(
        daily.contains("<!-- pagebreak -->"),
        "each officer's record starts a new page"
    );
    // The per-batch items go to their own record, with a batch number to fill in.
    let batch = read(dir.path(), "batch-record-2026-11-30.md");
    assert!(batch.contains("| 批号 |"));
    for item in all.iter().filter(|i| i["frequency"] == "per_batch") {
        assert!(
            batch.contains(item["check"].as_str().unwrap()),
            "{}",
            item["point"]
        );
    }
}

#[test]
fn a_month_writes_every_working_day_and_every_week_under_dated_names() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "consumer-goods.yaml", &["--month", "2026-12"]);
    // December 2026, Monday to Saturday: 31 days less 4 Sundays.
    // The officers, then the director for the company-wide daily items the director owns.
    for (officer, role) in [
        ("郑晓东", "质量安全员"),
        ("王琍", "质量安全员"),
        ("黄丽萍", "质量安全总监"),
    ] {
        let record = read(dir.path(), &format!("daily-records-2026-12-{officer}.md"));
        let days: BTreeSet<&str> = sections(&record)
            .iter()
            .map(|s| s.lines().next().unwrap())
            .collect();
        assert_eq!(days.len(), 27, "{officer}: {days:?}");
        assert!(days.iter().all(|d| d.starts_with(officer)));
        assert!(days.iter().any(|d| d.contains("2026年12月31日（星期四）")));
        assert!(!record.contains("2026年12月6日"), "no record on a Sunday");
        assert_eq!(
            record.matches(&format!("{role}签字：")).count(),
            record.matches("\n## ").count(),
            "{officer}: a signature on every sheet"
        );
    }
    for week in 49..=53 {
        let report = read(dir.path(), &format!("weekly-report-2026-W{week}.md"));
        assert!(report.contains(&format!("2026年第{week}周")));
        assert!(report.contains("上周问题整改核实"));
        assert!(report.contains("□风险可控　　□需尽快采取防范措施　　□存在严重隐患"));
    }
    let first = read(dir.path(), "weekly-report-2026-W49.md");
    assert!(
        first.contains("本周工作日 6 天，应形成每日检查记录 18 份（6 天 × 3 人）"),
        "counts filled in"
    );
    let minutes = read(dir.path(), "monthly-minutes-2026-12.md");
    assert!(minutes.contains("本月工作日 27 天，应形成每日检查记录 81 份（27 天 × 3 人）"));
    assert!(minutes.contains("应形成每周排查治理报告 5 份（2026年第49周至2026年第53周）"));
    for field in [
        "记录人",
        "参会人员签到",
        "尚未整改完成的问题",
        "会议决定的措施",
    ] {
        assert!(minutes.contains(field), "{field}");
    }

    // A second month beside the first overwrites nothing.
    let december = read(dir.path(), "daily-records-2026-12-郑晓东.md");
    generate(dir.path(), "consumer-goods.yaml", &["--month", "2027-01"]);
    assert_eq!(
        read(dir.path(), "daily-records-2026-12-郑晓东.md"),
        december
    );
    assert!(dir.path().join("daily-records-2027-01-郑晓东.md").is_file());
    assert!(dir.path().join("monthly-minutes-2026-12.md").is_file());
    assert!(dir.path().join("monthly-minutes-2027-01.md").is_file());
    assert!(dir.path().join("weekly-report-2027-W01.md").is_file());
}

#[test]
fn records_write_dates_and_weeks_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "cable-maker.yaml", &[]);
    for name in [
        "daily-record-2026-11-30.md",
        "batch-record-2026-11-30.md",
        "weekly-report-2026-W49.md",
        "monthly-minutes-2026-11.md",
    ] {
        let text = read(dir.path(), name);
        let body = text.split("\n---\n").nth(1).unwrap_or(&text);
        for iso in ["W49", "W48", "2026-11-30", "2026-12-06", "2026-11"] {
            assert!(!body.contains(iso), "{name}: ISO form {iso}");
        }
        for word in ["是/否", "□是", "已落实", "未落实"] {
            assert!(!body.contains(word), "{name}: {word}");
        }
    }
    let weekly = read(dir.path(), "weekly-report-2026-W49.md");
    assert!(weekly.contains("2026年第49周（2026年11月30日至2026年12月6日）"));
    assert!(read(dir.path(), "daily-record-2026-11-30.md").contains("2026年11月30日（星期一）"));
}

#[test]
fn a_yearly_item_is_due_in_exactly_one_month_of_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut due = Vec::new();
    for month in 1..=12 {
        let tag = format!("2027-{month:02}");
        generate(
            dir.path(),
            "consumer-goods.yaml",
            &["--month", &tag, "--format", "md"],
        );
        let minutes = read(dir.path(), &format!("monthly-minutes-{tag}.md"));
        let (due_part, rest) = minutes.split_once("本月不到期").unwrap_or((&minutes, ""));
        if due_part.contains("| 缺陷产品召回与停产报告 |") {
            due.push(month);
        } else {
            assert!(
                rest.contains("| 缺陷产品召回与停产报告 | 每年 |"),
                "{tag}: listed as not due"
            );
        }
        // Quarterly items: due in one month of each quarter.
        assert_eq!(
            due_part.contains("| 质量安全培训与考核 |"),
            month % 3 == 1,
            "{tag}"
        );
    }
    assert_eq!(due.len(), 1, "due in {due:?}");
}

#[test]
fn the_profile_calendar_sets_working_days_holidays_and_makeup_days() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.yaml");
    let text = std::fs::read_to_string(example("cable-maker.yaml")).unwrap();
    std::fs::write(
        &profile,
        format!(
            "{text}\ncalendar:\n  working_days: [周一, 周二, 周三, 周四, 周五]\n  holidays: [2026-12-31]\n  workdays: [2026-12-27]\n"
        ),
    )
    .unwrap();
    Case::new(&["generate"])
        .arg(&profile)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(&["--month", "2026-12", "--format", "md"])
        .run();
    let out = dir.path().join("out");
    // December 2026: 23 weekdays, less the 31st, plus Sunday the 27th.
    let record = read(&out, "daily-records-2026-12-陆芳.md");
    assert_eq!(sections(&record).len(), 23);
    assert!(record.contains("2026年12月27日（星期日）"));
    assert!(!record.contains("2026年12月31日"));
    assert!(!record.contains("2026年12月5日"), "Saturdays off");
    let minutes = read(&out, "monthly-minutes-2026-12.md");
    assert!(minutes.contains("本月工作日 23 天"), "{minutes}");
    Case::new(&["check"]).arg(&profile).run();
}

#[test]
fn a_long_day_splits_into_pages_that_each_carry_the_signatures() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "consumer-goods.yaml", &[]);
    let model: Value = serde_json::from_str(&read(dir.path(), "checklist.json")).unwrap();
    // Make every per-batch item of 郑晓东's lines daily: about thirty items for one day.
    let mut overrides = String::new();
    for group in model["groups"].as_array().unwrap() {
        let line = group["id"].as_str().unwrap();
        if !matches!(line, "kettle" | "cooker") {
            continue;
        }
        for item in group["items"].as_array().unwrap() {
            if item["frequency"] == "per_batch" {
                let id = item["id"].as_str().unwrap();
                overrides.push_str(&format!(
                    "    - {{ point: {id}, line: {line}, frequency: daily }}\n"
                ));
            }
        }
    }
    let text = std::fs::read_to_string(example("consumer-goods.yaml"))
        .unwrap()
        .replace("  override:\n", &format!("  override:\n{overrides}"));
    let profile = dir.path().join("long.yaml");
    std::fs::write(&profile, text).unwrap();
    let out = dir.path().join("out");
    Case::new(&["generate"])
        .arg(&profile)
        .arg("--out")
        .arg(&out)
        .args(&["--date", "2026-11-30", "--format", "md,pdf"])
        .run();
    let markdown = read(&out, "daily-record-2026-11-30.md");
    let sheets = sections(&markdown);
    let first: Vec<&&str> = sheets.iter().filter(|s| s.starts_with("郑晓东")).collect();
    assert!(first.len() >= 2, "the long day has several pages");
    for sheet in &sheets {
        let role = if sheet.starts_with("黄丽萍") {
            "质量安全总监"
        } else {
            "质量安全员"
        };
        assert!(
            sheet.contains(&format!("{role}签字：")),
            "signatures on every page"
        );
    }
    assert!(
        sheets.last().unwrap().starts_with("黄丽萍"),
        "the director's own sheet comes last"
    );
    // The estimate holds: one PDF page per sheet, so no signature is pushed onto a page alone.
    let pdf = lopdf::Document::load(out.join("daily-record-2026-11-30.pdf")).unwrap();
    assert_eq!(pdf.get_pages().len(), sheets.len());
}

#[test]
fn the_month_workbook_has_a_sheet_per_working_day_and_officer() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    generate(
        dir.path(),
        "cable-maker.yaml",
        &["--month", "2026-12", "--format", "xlsx"],
    );
    let bytes = std::fs::read(dir.path().join("daily-record-2026-12.xlsx")).unwrap();
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    // 陆芳 and 周建明, then the director 钱晓峰 for the company-wide daily items the director owns.
    assert_eq!(names.len(), 27 * 3, "{names:?}");
    assert_eq!(names[0], "12-01 陆芳");
    assert!(names.contains(&"12-31 周建明".to_string()));
    assert_eq!(names[27 * 2], "12-01 钱晓峰");
    assert_eq!(names.last().unwrap(), "12-31 钱晓峰");
    assert!(!names.iter().any(|n| n.starts_with("12-06")), "no Sunday");
}
