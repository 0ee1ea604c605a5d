//! The record store through the CLI (issue 13): a month of daily records written by the test (a
//! CSV for one officer, a filled workbook for the other), imported, rolled up into the weekly
//! report and monthly minutes; a bad row rejected with the store unchanged; re-import changing
//! nothing; seals that survive amendments and catch a tampered row; a killed import leaving a
//! consistent store.
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use riskctl::Engine;
use rust_xlsxwriter::Workbook;

use super::common::{Case, example, riskctl};

/// When the test's imports are made: Saturday 28 November 2026, 18:00 Beijing time.
const NOW: &str = "2026-11-28T18:00:00+08:00";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// The working days (Monday to Saturday) of November 2026 up to the 28th.
fn working_days() -> Vec<NaiveDate> {
    (2..=28)
        .map(day)
        .filter(|d| d.weekday() != Weekday::Sun)
        .collect()
}

/// A daily item: its number and risk point.
#[derive(Clone)]
struct Item {
    no: usize,
    id: String,
}

/// The daily items each keeper covers on the checklist of November 2026, as the daily record
/// lists them: each officer the company-wide points and their product lines, then the director
/// the company-wide daily points the director (or the principal) owns.
fn items_of(profile: &Path) -> Vec<(String, Vec<Item>)> {
    let engine = Engine::load(&[] as &[&str]).unwrap();
    let valid = engine.profile(profile).unwrap();
    let checklist = engine.checklist(&valid, day(2)).unwrap();
    riskctl::forms::keepers(&checklist)
        .iter()
        .map(|k| {
            let items = k
                .daily_items(&checklist)
                .into_iter()
                .map(|i| Item {
                    no: i.no,
                    id: i.id.clone(),
                })
                .collect();
            (k.name.clone(), items)
        })
        .collect()
}

/// The problems of the month: (day, officer index, item index, problem, handling).
const PROBLEMS: [(u32, usize, usize, &str, &str); 4] = [
    (
        5,
        0,
        1,
        "温控器来料批次缺少合格证明",
        "暂停使用该批次，联系供方补证",
    ),
    (24, 0, 2, "气密性检测仪超过校准有效期", "停用并送检"),
    (10, 1, 1, "玩具小零件抽检发现一件可被吞咽", "隔离该批次"),
    (25, 1, 2, "童装绳带长度超出标准要求", "返工剪短"),
];

fn row(date: NaiveDate, officer: usize, item: usize) -> (&'static str, &'static str, &'static str) {
    PROBLEMS
        .iter()
        .find(|p| day(p.0) == date && p.1 == officer && p.2 == item)
        .map_or(("符合", "", ""), |p| ("不符合", p.3, p.4))
}

struct Month {
    dir: tempfile::TempDir,
    profile: PathBuf,
    csv: PathBuf,
    xlsx: PathBuf,
    /// The director's own daily items, every working day, as a CSV.
    director: PathBuf,
    /// Entries per day of each keeper: the two officers, then the director.
    per_day: [usize; 3],
}

impl Month {
    fn db(&self) -> PathBuf {
        self.dir.path().join("consumer-goods.records.sqlite")
    }

    fn records(&self, args: &[&str]) -> Case {
        Case::new(&["records"]).args(args).arg(&self.profile)
    }
}

/// Writes November's records: officer 0 as a CSV (every working day but the 4th), officer 1 as a
/// filled daily workbook (a sheet per day, laid out like `daily-record.xlsx`); the director's own
/// sheet as a second CSV (every working day).
fn month() -> Month {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("consumer-goods.yaml");
    std::fs::copy(example("consumer-goods.yaml"), &profile).unwrap();
    let officers = items_of(&profile);
    let names: Vec<&str> = officers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["郑晓东", "王琍", "黄丽萍"]);
    let mut csv = String::from("日期,序号,结果,问题,处置,检查人\n");
    let (zheng, items) = &officers[0];
    for date in working_days().into_iter().filter(|d| *d != day(4)) {
        for (i, item) in items.iter().enumerate() {
            let (result, problem, handling) = row(date, 0, i);
            csv.push_str(&format!(
                "{date},{},{result},{problem},{handling},{zheng}\n",
                item.no
            ));
        }
    }
    let csv_path = dir.path().join("zheng.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let (wang, items) = &officers[1];
    let mut book = Workbook::new();
    for date in working_days() {
        let sheet = book.add_worksheet();
        sheet
            .set_name(format!("{}-{} {wang}", date.month(), date.day()))
            .unwrap();
        sheet
            .write_string(0, 0, "每日工业产品质量安全检查记录")
            .unwrap();
        sheet.write_string(1, 0, "企业名称").unwrap();
        sheet.write_string(1, 3, "检查日期").unwrap();
        sheet.write_string(1, 4, date.to_string()).unwrap();
        sheet.write_string(1, 5, "质量安全员").unwrap();
        sheet.write_string(1, 6, wang.as_str()).unwrap();
        let header = [
            "序号",
            "产品线",
            "风险点",
            "检查内容",
            "检查结果",
            "问题描述",
            "处置结果",
            "风险点编号",
        ];
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(3, c as u16, *h).unwrap();
        }
        for (i, item) in items.iter().enumerate() {
            let r = 4 + i as u32;
            let (result, problem, handling) = row(date, 1, i);
            sheet.write_number(r, 0, item.no as f64).unwrap();
            sheet.write_string(r, 4, result).unwrap();
            sheet.write_string(r, 5, problem).unwrap();
            sheet.write_string(r, 6, handling).unwrap();
            sheet.write_string(r, 7, item.id.as_str()).unwrap();
        }
        sheet
            .write_string(5 + items.len() as u32, 2, "质量安全员签字")
            .unwrap();
    }
    // A form printed for next week and not filled in yet.
    let blank = book.add_worksheet();
    blank.set_name("11-30").unwrap();
    blank.write_string(3, 0, "序号").unwrap();
    blank.write_string(3, 4, "检查结果").unwrap();
    blank.write_number(4, 0, items[0].no as f64).unwrap();
    let xlsx = dir.path().join("wang.xlsx");
    book.save(&xlsx).unwrap();
    let (huang, items) = &officers[2];
    let mut csv = String::from("日期,序号,结果,问题,处置,检查人\n");
    for date in working_days() {
        for item in items {
            csv.push_str(&format!("{date},{},符合,,,{huang}\n", item.no));
        }
    }
    let director = dir.path().join("huang.csv");
    std::fs::write(&director, csv).unwrap();
    Month {
        per_day: [officers[0].1.len(), officers[1].1.len(), items.len()],
        director,
        dir,
        profile,
        csv: csv_path,
        xlsx,
    }
}

/// `riskctl records import` at [`NOW`].
fn import(m: &Month, file: &Path, code: i32) -> String {
    let out = riskctl()
        .env("RISKCTL_NOW", NOW)
        .args(["records", "import"])
        .arg(&m.profile)
        .arg(file)
        .assert()
        .code(code)
        .get_output()
        .clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn export_json(m: &Month) -> serde_json::Value {
    let out = m.records(&["export", "--format", "json"]).run().stdout;
    serde_json::from_str(&out).unwrap()
}

fn generate(m: &Month) -> (String, String) {
    let out = m.dir.path().join("out");
    Case::new(&[
        "generate",
        "--date",
        "2026-11-28",
        "--format",
        "md",
        "--out",
    ])
    .arg(&out)
    .arg("--records")
    .arg(m.db())
    .arg(&m.profile)
    .run();
    let read = |n: &str| std::fs::read_to_string(out.join(n)).unwrap();
    (
        read("weekly-report-2026-W48.md"),
        read("monthly-minutes-2026-11.md"),
    )
}

#[test]
fn a_month_of_records_rolls_up_into_the_week_and_the_month() {
    let m = month();
    let said = import(&m, &m.csv, 0);
    let zheng = m.per_day[0] * 23;
    assert!(
        said.contains(&format!(
            "{zheng} new, 0 amended, 0 unchanged; 2 corrective"
        )),
        "{said}"
    );
    let said = import(&m, &m.xlsx, 0);
    assert!(said.contains("sheet 11-30 has no results"), "{said}");
    assert!(
        said.contains(&format!("{} new", m.per_day[1] * 24)),
        "{said}"
    );
    // The director's own sheet, every working day.
    let said = import(&m, &m.director, 0);
    assert!(
        said.contains(&format!("{} new", m.per_day[2] * 24)),
        "{said}"
    );

    // Re-import changes nothing.
    let before = export_json(&m);
    let said = import(&m, &m.csv, 0);
    assert!(
        said.contains(&format!(
            "0 new, 0 amended, {zheng} unchanged; 0 corrective"
        )),
        "{said}"
    );
    assert_eq!(export_json(&m), before);

    // A bad row is named and nothing of its file is written.
    let bad = m.dir.path().join("bad.csv");
    let first = items_of(&m.profile)[0].1[0].no;
    let text = format!(
        "date,no,result,problem,handling,checker\n2026-11-27,{first},不适用,,,郑晓东\n2026-11-27,{first},合格,,,王琍\n"
    );
    std::fs::write(&bad, text).unwrap();
    let said = import(&m, &bad, 1);
    assert!(said.contains("bad.csv:3:"), "{said}");
    assert!(
        said.contains("`合格` is not one of 符合/不符合/不适用"),
        "{said}"
    );
    assert_eq!(export_json(&m), before);

    // Close two problems: the 5th's (verified the next day) and the 25th's.
    let actions = before["actions"].as_array().unwrap().clone();
    assert_eq!(actions.len(), 4);
    let id_of = |date: &str| {
        let a = actions.iter().find(|a| a["date"] == date).unwrap();
        a["id"].as_i64().unwrap().to_string()
    };
    for (date, on) in [("2026-11-05", "2026-11-06"), ("2026-11-25", "2026-11-27")] {
        m.records(&[
            "close",
            "--evidence",
            "已整改并复查",
            "--by",
            "黄丽萍",
            "--on",
            on,
        ])
        .arg(id_of(date))
        .run();
    }

    let (weekly, monthly) = generate(&m);
    assert!(weekly.contains("根据检查记录统计"), "{weekly}");
    assert!(
        weekly.contains(
            "本周应完成每日检查记录 18 份，实际完成 18 份（当天应查项目逐项填写了结果才算完成）；"
        ),
        "{weekly}"
    );
    let late = 2 * m.per_day.iter().sum::<usize>();
    assert!(weekly.contains(&format!("其中补记 {late} 条")), "{weekly}");
    assert!(
        weekly.contains("日检发现问题 2 项，已整改 1 项，未整改 1 项"),
        "{weekly}"
    );
    assert!(weekly.contains("气密性检测仪超过校准有效期"), "{weekly}");
    assert!(weekly.contains("11月24日（补记）"), "{weekly}");
    // Last week's open problem: the 10th's, past its deadline of the 17th.
    assert!(weekly.contains("上周末仍未整改的问题 1 项"), "{weekly}");
    assert!(
        weekly.contains("玩具小零件抽检发现一件可被吞咽"),
        "{weekly}"
    );
    assert!(weekly.contains("逾期未整改"), "{weekly}");

    assert!(
        monthly.contains("本月应完成每日检查记录 72 份，实际完成 71 份（当天应查项目逐项填写了结果才算完成），缺 1 份"),
        "{monthly}"
    );
    assert!(
        monthly.contains("发现问题 4 项，已整改 2 项，整改完成率 50%"),
        "{monthly}"
    );
    assert!(
        monthly.contains("月末仍未整改 2 项，转入下月跟踪，其中逾期 1 项"),
        "{monthly}"
    );
    assert!(
        monthly.contains("郑晓东本月缺1天检查记录：11月4日"),
        "{monthly}"
    );
    assert!(monthly.contains("逾期未整改，提请督办"), "{monthly}");

    // Without --records the blanks stay blank.
    let plain = m.dir.path().join("plain");
    Case::new(&[
        "generate",
        "--date",
        "2026-11-28",
        "--format",
        "md",
        "--out",
    ])
    .arg(&plain)
    .arg(&m.profile)
    .run();
    let weekly = std::fs::read_to_string(plain.join("weekly-report-2026-W48.md")).unwrap();
    assert!(!weekly.contains("根据检查记录统计"), "{weekly}");
}

#[test]
fn seals_hold_through_amendments_and_catch_a_tampered_row() {
    let m = month();
    import(&m, &m.csv, 0);
    let sealed = m
        .records(&["seal", "--week", "2026-W48", "--evaluation", "风险可控"])
        .run()
        .stdout;
    assert!(sealed.contains("sealed 2026-W48"), "{sealed}");
    m.records(&["seal", "--week", "2026-W48", "--evaluation", "风险可控"])
        .code(1)
        .run();
    // A later correction of a sealed day is a new entry that amends the old one.
    let fix = m.dir.path().join("fix.csv");
    let first = items_of(&m.profile)[0].1[0].no;
    let text =
        format!("日期,序号,结果,问题,处置,检查人\n2026-11-23,{first},不适用,,当日停产,郑晓东\n");
    std::fs::write(&fix, text).unwrap();
    assert!(import(&m, &fix, 0).contains("0 new, 1 amended"));
    let listed = m
        .records(&["list", "--from", "2026-11-23", "--to", "2026-11-23"])
        .run()
        .stdout;
    assert!(listed.contains("[更正 #"), "{listed}");
    let ok = m.records(&["verify"]).run().stdout;
    assert!(
        ok.contains("integrity: ok") && ok.contains("2026-W48 ok"),
        "{ok}"
    );

    let conn = rusqlite::Connection::open(m.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER daily_result_no_update;
         UPDATE daily_result SET result = '符合', problem = '' WHERE date = '2026-11-24' AND result = '不符合';",
    )
    .unwrap();
    drop(conn);
    let ran = m.records(&["verify"]).code(1).run();
    assert!(ran.stdout.contains("2026-W48 MISMATCH"), "{}", ran.stdout);
    assert!(
        ran.stderr.contains("1 seal(s) do not match"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_killed_import_leaves_a_consistent_store() {
    let m = month();
    // Every daily item of the month's checklist, so that 50,000 rows stay within its dates.
    let items: Vec<usize> = numbering(&m.profile, day(2))
        .into_iter()
        .map(|(no, _)| no)
        .collect();
    let people = ["林志强", "黄丽萍", "郑晓东", "王琍"];
    let mut csv = String::from("date,no,result,problem,handling,checker\n");
    let mut rows = 0;
    let mut date = day(28);
    while rows < 50_000 {
        for who in people {
            for no in &items {
                csv.push_str(&format!("{date},{no},符合,,,{who}\n"));
                rows += 1;
            }
        }
        date = date.pred_opt().unwrap();
    }
    let big = m.dir.path().join("big.csv");
    std::fs::write(&big, csv).unwrap();
    let db = m.db();
    let wal = db.with_file_name("consumer-goods.records.sqlite-wal");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("riskctl"))
        .env("RISKCTL_NOW", NOW)
        .args(["records", "import"])
        .arg(&m.profile)
        .arg(&big)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the transaction has started writing (or after it finished, if it was quick).
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(120) {
        if std::fs::metadata(&wal).is_ok_and(|w| w.len() > 1 << 20) {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "the import failed on its own: {status}");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().ok();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM daily_result", [], |r| r.get(0))
        .unwrap();
    assert!(n == 0 || n as usize == rows, "{n} of {rows} rows");
    drop(conn);
    m.records(&["verify"]).run();
}

/// The daily items (number, id) of the checklist of `date` for `profile`, computed afresh.
fn numbering(profile: &Path, date: NaiveDate) -> Vec<(usize, String)> {
    let engine = Engine::load(&[] as &[&str]).unwrap();
    let valid = engine.profile(profile).unwrap();
    let checklist = engine.checklist(&valid, date).unwrap();
    let items = checklist.daily_items();
    items.iter().map(|i| (i.no, i.id.clone())).collect()
}

/// GB/T 4706.1-2024 comes into view on 1 August 2025 (a year before it takes effect): the kettle
/// line gains a transition item, and every item after it moves down one number. Rows on both
/// sides of that day, each by its own day's number, land on the items that number meant then.
#[test]
fn item_numbers_map_by_the_checklist_of_their_own_date_across_a_transition() {
    let m = month();
    let (before, after) = (
        NaiveDate::from_ymd_opt(2025, 7, 31).unwrap(),
        NaiveDate::from_ymd_opt(2025, 8, 1).unwrap(),
    );
    let dates: Vec<NaiveDate> = (0..14)
        .map(|d| NaiveDate::from_ymd_opt(2025, 7, 25).unwrap() + chrono::Days::new(d))
        .collect();
    let numbered: Vec<Vec<(usize, String)>> =
        dates.iter().map(|d| numbering(&m.profile, *d)).collect();
    let at = |date: NaiveDate| &numbered[dates.iter().position(|d| *d == date).unwrap()];
    // The test means something only if the numbers do move on that day.
    let (old, new) = (at(before), at(after));
    // A daily item whose number changed, and whose old number another daily item holds now.
    let (was, no, id) = new
        .iter()
        .filter_map(|(no, id)| {
            let was = old.iter().find(|(_, i)| i == id)?.0;
            (was != *no && new.iter().any(|(n, _)| *n == was)).then(|| (was, *no, id.clone()))
        })
        .next()
        .expect("a daily item changes its number on 2025-08-01");
    let mut csv = String::from("日期,序号,结果,问题,处置,检查人\n");
    for (date, items) in dates.iter().zip(&numbered) {
        for (no, _) in items {
            csv.push_str(&format!("{date},{no},符合,,,郑晓东\n"));
        }
    }
    let file = m.dir.path().join("summer.csv");
    std::fs::write(&file, csv).unwrap();
    let rows: usize = numbered.iter().map(Vec::len).sum();
    assert!(import(&m, &file, 0).contains(&format!("{rows} new")));
    let entries = export_json(&m)["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), rows);
    for (date, items) in dates.iter().zip(&numbered) {
        for (no, id) in items {
            let e = entries
                .iter()
                .find(|e| e["date"] == date.to_string() && e["item_no"] == *no)
                .unwrap();
            assert_eq!(e["item_id"], id.as_str(), "序号 {no} on {date}");
        }
    }
    // The same item under its number of each day.
    let item = |date: NaiveDate, no: usize| {
        let e = entries
            .iter()
            .find(|e| e["date"] == date.to_string() && e["item_no"] == no)
            .unwrap();
        e["item_id"].as_str().unwrap().to_string()
    };
    assert_eq!(item(before, was), id);
    assert_eq!(item(after, no), id);
    assert_ne!(
        item(after, was),
        id,
        "序号 {was} means another item from 2025-08-01"
    );
}

/// A 不符合 amended to 符合 withdraws its open corrective action: the amendment is kept as its
/// evidence, the first entry stays, and the roll-ups count the problem as withdrawn, not found.
#[test]
fn a_nonconformity_amended_to_a_pass_withdraws_its_action() {
    let m = month();
    import(&m, &m.csv, 0);
    let item = items_of(&m.profile)[0].1[2].no;
    let fix = m.dir.path().join("fix.csv");
    std::fs::write(
        &fix,
        format!("日期,序号,结果,问题,处置,检查人\n2026-11-24,{item},符合,,复核为误记,郑晓东\n"),
    )
    .unwrap();
    let said = import(&m, &fix, 0);
    assert!(said.contains("0 new, 1 amended"), "{said}");
    assert!(
        said.contains("1 open corrective action(s) withdrawn"),
        "{said}"
    );
    let export = export_json(&m);
    let actions = export["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2);
    let withdrawn = actions.iter().find(|a| a["date"] == "2026-11-24").unwrap();
    assert_eq!(withdrawn["status"], "superseded");
    let on_24th: Vec<&serde_json::Value> = export["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date"] == "2026-11-24" && e["item_no"] == item)
        .collect();
    assert_eq!(on_24th.len(), 2, "the 不符合 stays beside its amendment");
    assert_eq!(on_24th[0]["result"], "不符合");
    assert_eq!(withdrawn["superseded_by"], on_24th[1]["id"]);
    let id = withdrawn["id"].as_i64().unwrap().to_string();
    m.records(&["close", "--evidence", "x", "--by", "黄丽萍"])
        .arg(&id)
        .code(1)
        .run()
        .says("was withdrawn");
    let listed = m.records(&["list"]).run().stdout;
    assert!(listed.contains("withdrawn: amended by entry #"), "{listed}");

    let (weekly, monthly) = generate(&m);
    assert!(
        weekly.contains("日检发现问题 0 项，已整改 0 项，未整改 0 项；另有 1 项“不符合”经更正记录改为符合或不适用"),
        "{weekly}"
    );
    assert!(
        monthly.contains(
            "发现问题 1 项，已整改 0 项，整改完成率 0%（另有 1 项“不符合”经更正记录改为符合或不适用"
        ),
        "{monthly}"
    );
    assert!(
        monthly.contains("月末仍未整改 1 项"),
        "only the 5th's problem is carried: {monthly}"
    );
}

/// A day's record counts as done only when every daily item of the officer has a result; a day
/// with some items left blank is partial, and the documents say so.
#[test]
fn a_day_with_items_left_blank_is_partial_not_done() {
    let m = month();
    import(&m, &m.xlsx, 0);
    import(&m, &m.director, 0);
    let engine = Engine::load(&[] as &[&str]).unwrap();
    let checklist = engine
        .checklist(&engine.profile(&m.profile).unwrap(), day(23))
        .unwrap();
    let keepers = riskctl::forms::keepers(&checklist);
    assert_eq!(keepers[0].name, "郑晓东");
    let due: Vec<usize> = keepers[0]
        .daily_items(&checklist)
        .iter()
        .map(|i| i.no)
        .collect();
    assert!(due.len() > 2, "{due:?}");
    // 郑晓东 in week 48: the 26th only two items, nothing on the 27th, the other days complete.
    let mut csv = String::from("日期,序号,结果,问题,处置,检查人\n");
    for d in [23, 24, 25, 26, 28] {
        let items = if d == 26 { &due[..2] } else { &due[..] };
        for no in items {
            csv.push_str(&format!("{},{no},符合,,,郑晓东\n", day(d)));
        }
    }
    let file = m.dir.path().join("zheng-w48.csv");
    std::fs::write(&file, csv).unwrap();
    import(&m, &file, 0);
    let (weekly, monthly) = generate(&m);
    let partial = format!("11月26日 郑晓东 应查{}项、已填2项", due.len());
    assert!(
        weekly.contains(&format!(
            "本周应完成每日检查记录 18 份，实际完成 16 份（当天应查项目逐项填写了结果才算完成），只填写了部分项目、不算完成的 1 份（{partial}），缺 1 份（11月27日 郑晓东）；"
        )),
        "{weekly}"
    );
    // The month: 王琍 and 黄丽萍 24 days complete each, 郑晓东 4 complete, 1 partial, 19 missing.
    assert!(
        monthly.contains("本月应完成每日检查记录 72 份，实际完成 52 份（当天应查项目逐项填写了结果才算完成），只填写了部分项目、不算完成的 1 份，缺 19 份；"),
        "{monthly}"
    );
}

/// Verifying, listing and exporting need only the store: `--db` without a profile.
#[test]
fn a_store_is_verified_listed_and_exported_without_its_profile() {
    let m = month();
    import(&m, &m.csv, 0);
    m.records(&["seal", "--week", "2026-W48", "--evaluation", "风险可控"])
        .run();
    let elsewhere = tempfile::tempdir().unwrap();
    let db = m.db();
    let run = |args: &[&str]| {
        Case::new(&["records"])
            .args(args)
            .arg("--db")
            .arg(&db)
            .current_dir(elsewhere.path())
            .run()
            .stdout
    };
    let verified = run(&["verify"]);
    assert!(
        verified.contains("integrity: ok") && verified.contains("2026-W48 ok"),
        "{verified}"
    );
    let listed = run(&["list", "--from", "2026-11-24", "--to", "2026-11-24"]);
    assert!(listed.contains("气密性检测仪超过校准有效期"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["export", "--format", "json"])).unwrap();
    assert_eq!(json["seals"][0]["period"], "2026-W48");
    // The profile is still accepted; a store that is not there is named.
    m.records(&["verify"]).run();
    Case::new(&["records", "verify", "--db", "missing.sqlite"])
        .current_dir(elsewhere.path())
        .code(1)
        .run()
        .says("no record store at missing.sqlite");
}
