//! `audit` and `audit report` through the CLI: the audit workbook is read back with calamine, a
//! filled copy is written with rust_xlsxwriter (chosen results in chosen rows), and the report's
//! counts, rate, deadlines and warnings are checked in `audit-report.json` and the Markdown; a
//! mistyped result or a foreign row id stops the report with the sheet and cell, writing nothing.
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use super::common::{Case, Ran, example, root};

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

/// What `audit` writes for a client, in every default format.
const AUDIT_FILES: [&str; 4] = [
    "audit.xlsx",
    "audit-checklist.md",
    "audit-checklist.pdf",
    "audit-checklist.docx",
];

/// `riskctl audit report PROFILE FILLED --out OUT` (an example profile), expecting `code`.
fn report(profile: &str, filled: &Path, out: &Path, code: i32) -> Ran {
    Case::new(&["audit", "report"])
        .arg(example(profile))
        .arg(filled)
        .arg("--out")
        .arg(out)
        .code(code)
        .run()
}

fn audit(dir: &Path) -> Vec<Vec<String>> {
    let profile = example("consumer-goods.yaml");
    Case::new(&["audit"])
        .arg(&profile)
        .args(&["--date", "2026-11-30", "--out"])
        .arg(dir)
        .run();
    for f in AUDIT_FILES {
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
    let ran = report("consumer-goods.yaml", &filled, &out, 0);
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
    let ran = report("consumer-goods.yaml", &filled, &out, 1);
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
    let ran = report("consumer-goods.yaml", &filled, &out, 1);
    assert!(
        ran.stderr.contains(&format!("{SHEET}!M{}", rows[2].0 + 1))
            && ran.stderr.contains("kettle/no-such-point"),
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");

    // Another company's profile is named, not row by row.
    let ran = report("cable-maker.yaml", &filled, &out, 1);
    assert!(
        ran.stderr.contains(&format!("{SHEET}!B2")) && ran.stderr.matches("error:").count() == 1,
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_audit_batch_writes_every_good_client_a_summary_and_an_index() {
    let tmp = tempfile::tempdir().unwrap();
    let clients = tmp.path().join("clients");
    std::fs::create_dir(&clients).unwrap();
    for (from, to) in [
        ("cable-maker.yaml", "a.yaml"),
        ("consumer-goods.yaml", "c.yaml"),
        ("food-plastics.yaml", "d.yaml"),
    ] {
        std::fs::copy(example(from), clients.join(to)).unwrap();
    }
    std::fs::write(clients.join("b.yaml"), "company:\n  name: [未闭合\n").unwrap();
    let ran = Case::new(&["audit", "--date", "2026-11-30", "--out", "out", "clients"])
        .current_dir(tmp.path())
        .code(1)
        .run();
    let (out, err) = (tmp.path().join("out"), &ran.stderr);
    for good in ["a", "c", "d"] {
        for f in AUDIT_FILES {
            assert!(out.join(good).join(f).is_file(), "{good}/{f}");
        }
    }
    assert!(!out.join("b").exists(), "nothing of the broken client");
    assert!(
        err.contains("summary: 4 profiles, 3 written, 1 failed"),
        "{err}"
    );
    assert!(err.contains("clients/b.yaml failed:"), "{err}");
    assert!(err.contains("1 of 4 profiles failed"), "{err}");
    // c's line: the rows of its workbook, its warnings, its company.
    let rows = item_rows(&cells(&out.join("c/audit.xlsx"))).len();
    let line = err
        .lines()
        .find(|l| l.trim_start().starts_with("c "))
        .unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields[1], rows.to_string(), "{line}");
    let warned = err
        .lines()
        .filter(|l| l.starts_with("warning: clients/c.yaml:"))
        .count();
    assert!(warned > 0);
    assert_eq!(fields[2], warned.to_string(), "{line}");
    assert_eq!(fields[4], "ok:", "{line}");
    // a's production licence (three lines, one number) expires on 2027-01-31: one warning.
    let line_a = err
        .lines()
        .find(|l| l.trim_start().starts_with("a "))
        .unwrap();
    assert_eq!(line_a.split_whitespace().nth(3), Some("1"), "{line_a}");
    assert!(line.ends_with("宁波家乐美日用品有限公司"), "{line}");
    // A client's folder holds what a single audit of its profile writes.
    let single = tmp.path().join("single");
    Case::new(&["audit", "--date", "2026-11-30", "--format", "xlsx", "--out"])
        .arg(&single)
        .arg(clients.join("c.yaml"))
        .run();
    assert!(
        std::fs::read(single.join("audit.xlsx")).unwrap()
            == std::fs::read(out.join("c/audit.xlsx")).unwrap()
    );
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(index.starts_with("# 质量安全审核文件索引"), "{index}");
    assert!(index.contains("| 文件夹 | 审核项 |"), "{index}");
    for link in [
        "[audit.xlsx](a/audit.xlsx)",
        "[audit-checklist.docx](c/audit-checklist.docx)",
        "[audit-checklist.pdf](d/audit-checklist.pdf)",
    ] {
        assert!(index.contains(link), "{link} in {index}");
    }
    assert!(
        index.contains(&format!("| 宁波家乐美日用品有限公司 | c | {rows} |")),
        "{index}"
    );
    assert!(index.contains("| clients/b.yaml | b |") && index.contains("生成失败："));
    assert!(
        index.contains("编制日期：2026年11月30日。共 4 家企业，已生成 3 家，失败 1 家"),
        "{index}"
    );
    assert!(out.join("index.pdf").is_file());
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}'),
        "no progress bar: {err:?}"
    );
}

#[test]
fn user_templates_override_the_audit_documents_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let builtin =
        |name: &str| std::fs::read_to_string(root().join("templates").join(name)).unwrap();
    let checklist =
        builtin("audit-checklist.md").replace("## 审核结论与签字", "## 审核结论与签字（内审）");
    assert!(checklist.contains("（内审）"));
    std::fs::write(templates.join("audit-checklist.md"), checklist).unwrap();
    let report_template = builtin("audit-report.md") + "\n本报告仅限内部使用。\n";
    std::fs::write(templates.join("audit-report.md"), report_template).unwrap();

    let out = tmp.path().join("audit");
    let ran = Case::new(&[
        "audit",
        "--date",
        "2026-11-30",
        "--format",
        "xlsx,md",
        "--templates",
    ])
    .arg(&templates)
    .arg(example("consumer-goods.yaml"))
    .arg("--out")
    .arg(&out)
    .run();
    let md = std::fs::read_to_string(out.join("audit-checklist.md")).unwrap();
    assert!(md.contains("## 审核结论与签字（内审）"), "{md}");
    assert!(!ran.stderr.contains("names no document"), "{}", ran.stderr);
    let reported = tmp.path().join("report");
    Case::new(&["audit", "report", "--format", "md", "--templates"])
        .arg(&templates)
        .arg(example("consumer-goods.yaml"))
        .arg(out.join("audit.xlsx"))
        .arg("--out")
        .arg(&reported)
        .run();
    let md = std::fs::read_to_string(reported.join("audit-report.md")).unwrap();
    assert!(md.trim_end().ends_with("本报告仅限内部使用。"), "{md}");

    // A template that fails while rendering is named by its file; nothing is written.
    let broken = templates.join("audit-checklist.md");
    std::fs::write(&broken, "{{ audit.no_such_field }}\n").unwrap();
    let out = tmp.path().join("unrendered");
    let ran = Case::new(&["audit", "--format", "md", "--templates"])
        .arg(&templates)
        .arg(example("consumer-goods.yaml"))
        .arg("--out")
        .arg(&out)
        .code(1)
        .run();
    assert!(
        ran.stderr.contains(&broken.display().to_string()) && ran.stderr.contains("no_such_field"),
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "nothing written");

    // A template that does not parse is named, and nothing is written, for one profile or a batch.
    std::fs::write(&broken, "{% if audit %}未闭合\n").unwrap();
    for profiles in [
        vec!["consumer-goods.yaml"],
        vec!["consumer-goods.yaml", "cable-maker.yaml"],
    ] {
        let out = tmp.path().join("broken");
        let mut case = Case::new(&["audit", "--format", "md,pdf", "--templates"])
            .arg(&templates)
            .arg("--out")
            .arg(&out)
            .code(1);
        for p in &profiles {
            case = case.arg(example(p));
        }
        let ran = case.run();
        assert!(
            ran.stderr.contains(&broken.display().to_string()),
            "{}",
            ran.stderr
        );
        assert!(!out.exists(), "nothing written for {profiles:?}");
    }
}
