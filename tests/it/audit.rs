//! `audit` and `audit report` through the CLI: the audit workbook is read back with calamine, a
//! filled copy is written with rust_xlsxwriter (chosen results in chosen rows), and the report's
//! counts, rate, deadlines and warnings are checked in `audit-report.json` and the Markdown; a
//! mistyped result or a foreign row id stops the report with the sheet and cell, writing nothing.
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use super::common::{Case, example};

const SHEET: &str = "审核检查表";
const HEADER_ROW: usize = 3;
const RESULT_COL: u16 = 9;
const EVIDENCE_COL: u16 = 10;
const ID_COL: usize = 12;

/// Every cell of the audit sheet as text, from A1.
fn cells(xlsx: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(xlsx).expect("audit.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let range = book.worksheet_range(SHEET).expect("the audit sheet");
    let (r0, c0) = range.start().expect("cells");
    let (r1, c1) = range.end().expect("cells");
    (0..=r1)
        .map(|r| {
            (0..=c1)
                .map(|c| {
                    if r < r0 || c < c0 {
                        return String::new();
                    }
                    match range.get_value((r, c)) {
                        Some(Data::Empty) | None => String::new(),
                        Some(v) => v.to_string(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Writes `grid` to `path` as a workbook with the audit sheet, with `results` (row, result,
/// evidence) put in the result and evidence columns.
fn fill(grid: &[Vec<String>], results: &[(usize, &str, &str)], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    for (row, result, evidence) in results {
        sheet
            .write_string(*row as u32, RESULT_COL, *result)
            .unwrap();
        if !evidence.is_empty() {
            sheet
                .write_string(*row as u32, EVIDENCE_COL, *evidence)
                .unwrap();
        }
    }
    book.save(path).unwrap();
}

/// The data rows (0-based sheet rows) and their ids.
fn item_rows(grid: &[Vec<String>]) -> Vec<(usize, String)> {
    grid.iter()
        .enumerate()
        .skip(HEADER_ROW + 1)
        .filter(|(_, row)| !row[ID_COL].is_empty())
        .map(|(r, row)| (r, row[ID_COL].clone()))
        .collect()
}

fn audit(dir: &Path) -> Vec<Vec<String>> {
    let profile = example("consumer-goods.yaml");
    Case::new(&["audit"])
        .arg(&profile)
        .args(&["--date", "2026-11-30", "--out"])
        .arg(dir)
        .run();
    for f in [
        "audit.xlsx",
        "audit-checklist.md",
        "audit-checklist.pdf",
        "audit-checklist.docx",
    ] {
        assert!(dir.join(f).is_file(), "{f} written");
    }
    cells(&dir.join("audit.xlsx"))
}

#[test]
fn the_audit_files_are_the_same_bytes_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    audit(&a);
    audit(&b);
    for f in ["audit.xlsx", "audit-checklist.docx", "audit-checklist.pdf"] {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
}

#[test]
fn a_filled_workbook_gives_the_counts_and_rate_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let grid = audit(&tmp.path().join("audit"));
    assert_eq!(
        grid[HEADER_ROW][..12],
        [
            "序号",
            "产品线",
            "风险环节",
            "风险点",
            "管控措施",
            "管控频次",
            "责任岗位",
            "检查方法",
            "证据要求",
            "结果",
            "证据记录",
            "备注"
        ]
    );
    let rows = item_rows(&grid);
    // System items first, then every checklist item but the six general points they absorb.
    let checklist: Value = {
        let out = tmp.path().join("gen");
        Case::new(&["generate"])
            .arg(example("consumer-goods.yaml"))
            .args(&["--date", "2026-11-30", "--format", "json", "--out"])
            .arg(&out)
            .run();
        serde_json::from_slice(&std::fs::read(out.join("checklist.json")).unwrap()).unwrap()
    };
    let items: usize = checklist["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["items"].as_array().unwrap().len())
        .sum();
    let system = rows
        .iter()
        .filter(|(_, id)| id.starts_with("system/"))
        .count();
    assert_eq!(rows.len(), system + items - 6);
    assert!(rows.iter().any(|(_, id)| id == "system/ccc/cooker"));
    assert!(rows.iter().any(|(_, id)| id == "system/appointment"));
    assert!(grid[rows[0].0][0].starts_with("体系-1"));
    // Evidence follows the frequency; the cooker's CCC row carries its number and expiry.
    for (r, id) in &rows {
        let row = &grid[*r];
        match (id.starts_with("system/"), row[5].as_str()) {
            (false, "每日") => assert!(row[8].contains("近一个月每日检查记录"), "{row:?}"),
            (false, "每批") => assert!(row[8].contains("不少于3个批次"), "{row:?}"),
            _ => {}
        }
    }
    let ccc_row = &grid[rows
        .iter()
        .find(|(_, id)| id == "system/ccc/cooker")
        .unwrap()
        .0];
    assert!(
        ccc_row[7].contains("2022012101000777") && ccc_row[7].contains("2027年9月30日"),
        "{ccc_row:?}"
    );

    // 3 不符合 (the cooker's CCC, with evidence; two more, one without), 2 不适用, 1 观察项.
    let ccc = rows
        .iter()
        .find(|(_, id)| id == "system/ccc/cooker")
        .unwrap()
        .0;
    let plain: Vec<usize> = rows
        .iter()
        .filter(|(_, id)| !id.starts_with("system/"))
        .map(|(r, _)| *r)
        .collect();
    let mut results: Vec<(usize, &str, &str)> = vec![
        (ccc, "不符合", "证书2022012101000777未覆盖JZT-2(12T)新型号"),
        (plain[0], "不符合", "10月12日至10月20日无检查记录"),
        (plain[1], "×", ""),
        (plain[2], "不适用", ""),
        (plain[3], "○", ""),
        (plain[4], "观察项", "培训签到表有代签迹象"),
    ];
    let chosen: Vec<usize> = results.iter().map(|r| r.0).collect();
    for (r, _) in &rows {
        if !chosen.contains(r) {
            results.push((*r, "符合", ""));
        }
    }
    let filled = tmp.path().join("filled.xlsx");
    fill(&grid, &results, &filled);

    let out = tmp.path().join("report");
    let ran = Case::new(&["audit", "report"])
        .arg(example("consumer-goods.yaml"))
        .arg(&filled)
        .arg("--out")
        .arg(&out)
        .run();
    // The 不符合 without evidence is named by its cell.
    let missing = format!("{SHEET}!J{}", plain[1] + 1);
    assert!(
        ran.stderr.contains(&missing) && ran.stderr.contains("证据记录"),
        "{}",
        ran.stderr
    );
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("audit-report.json")).unwrap()).unwrap();
    let report = &json["report"];
    let all = &report["overall"];
    let conform = rows.len() - 6;
    assert_eq!(all["items"], rows.len());
    assert_eq!(all["conform"], conform);
    assert_eq!(all["nonconform"], 3);
    assert_eq!(all["not_applicable"], 2);
    assert_eq!(all["observation"], 1);
    assert_eq!(all["unchecked"], 0);
    let rate = conform as f64 / (conform + 3) as f64;
    assert!((all["rate"].as_f64().unwrap() - rate).abs() < 1e-9);
    // The audit date came from the workbook.
    assert_eq!(report["audit_date"], "2026-11-30");
    let findings = report["nonconformities"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    let cert = findings
        .iter()
        .find(|f| f["key"] == "system/ccc/cooker")
        .unwrap();
    assert_eq!(cert["deadline_days"], 30);
    assert_eq!(cert["deadline"], "2026-12-30");
    assert!(!cert["action"].as_array().unwrap().is_empty());
    assert_eq!(report["observations"].as_array().unwrap().len(), 1);
    let stage_total: u64 = report["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["nonconform"].as_u64().unwrap())
        .sum();
    assert_eq!(stage_total, 3);

    let md = std::fs::read_to_string(out.join("audit-report.md")).unwrap();
    let label = format!("{:.1}%", rate * 100.0);
    assert!(md.contains(&format!("**总体符合率 {label}**")), "{md}");
    assert!(md.contains(&format!(
        "符合 {conform} 项，不符合 3 项，不适用 2 项，观察项 1 项"
    )));
    assert!(md.contains("不适用项不计入，观察项单独统计"));
    assert!(
        md.contains("证书2022012101000777未覆盖JZT-2\\(12T\\)新型号")
            || md.contains("证书2022012101000777未覆盖JZT-2(12T)新型号")
    );
    assert!(md.contains("受审核方代表（签字）"));
    for f in ["audit-report.pdf", "audit-report.docx"] {
        assert!(out.join(f).is_file(), "{f} written");
    }
}

#[test]
fn a_mistyped_result_or_a_foreign_row_stops_the_report_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let grid = audit(&tmp.path().join("audit"));
    let rows = item_rows(&grid);
    let (bad_row, _) = rows[4];
    let filled = tmp.path().join("filled.xlsx");
    fill(
        &grid,
        &[(rows[0].0, "符合", ""), (bad_row, "不合格", "")],
        &filled,
    );
    let out = tmp.path().join("report");
    let ran = Case::new(&["audit", "report"])
        .arg(example("consumer-goods.yaml"))
        .arg(&filled)
        .arg("--out")
        .arg(&out)
        .code(1)
        .run();
    let cell = format!("{SHEET}!J{}", bad_row + 1);
    assert!(ran.stderr.contains(&cell), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("did you mean `不符合`?"),
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");

    // A row id that is not on this profile's checklist names the id cell.
    let mut foreign = grid.clone();
    foreign[rows[2].0][ID_COL] = "kettle/no-such-point".into();
    fill(&foreign, &[], &filled);
    let ran = Case::new(&["audit", "report"])
        .arg(example("consumer-goods.yaml"))
        .arg(&filled)
        .arg("--out")
        .arg(&out)
        .code(1)
        .run();
    assert!(
        ran.stderr.contains(&format!("{SHEET}!M{}", rows[2].0 + 1))
            && ran.stderr.contains("kettle/no-such-point"),
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");

    // Another company's profile is named, not row by row.
    let ran = Case::new(&["audit", "report"])
        .arg(example("cable-maker.yaml"))
        .arg(&filled)
        .arg("--out")
        .arg(&out)
        .code(1)
        .run();
    assert!(
        ran.stderr.contains(&format!("{SHEET}!B2")) && ran.stderr.matches("error:").count() == 1,
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");
}
