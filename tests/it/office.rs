//! DOCX and XLSX: every example's files are read back (the DOCX body parsed with quick-xml, the
//! workbooks with calamine) and compared item by item with `checklist.json`; the same input gives
//! the same bytes; LibreOffice, where installed, converts every file to PDF.
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;
use riskctl::Engine;
use riskctl::export::{Artifact, Format};
use riskctl::pipeline::{self, Options};
use serde_json::Value;

use super::common::{examples, soffice_to_pdf};

/// Every example rendered as JSON, DOCX and XLSX: (example file name, files by name).
fn generate_all() -> Vec<(String, BTreeMap<String, Vec<u8>>)> {
    let engine = Engine::load(&[] as &[&str]).expect("catalog");
    let options = Options {
        templates: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
        formats: vec![Format::Json, Format::Docx, Format::Xlsx],
        font: None,
        month: None,
    };
    examples()
        .into_iter()
        .map(|profile| {
            let name = profile.file_name().unwrap().to_string_lossy().into_owned();
            let generated = pipeline::generate(&engine, &[profile], Path::new("unused"), &options)
                .expect("generate");
            let files = generated.outputs[0]
                .files
                .iter()
                .map(|Artifact { name, bytes }| (name.clone(), bytes.clone()))
                .collect();
            (name, files)
        })
        .collect()
}

fn part(zip_bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).expect("a zip package");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("part {name}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[derive(Debug, Default)]
struct Row {
    header: bool,
    cant_split: bool,
    cells: Vec<String>,
}

/// The rows of every table in a `word/document.xml`, and the text of paragraphs outside tables.
fn docx_tables(xml: &str) -> (Vec<Vec<Row>>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut tables, mut paragraphs) = (Vec::new(), Vec::new());
    let (mut table, mut row, mut text): (Vec<Row>, Row, String) = Default::default();
    let (mut depth, mut in_text) = (0, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:tbl" => depth += 1,
            Event::Start(e) => match e.name().as_ref() {
                "w:t" => in_text = true,
                "w:tr" => row = Row::default(),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tblHeader" => row.header = true,
                "w:cantSplit" => row.cant_split = true,
                "w:br" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let entity = format!("&{};", r.xml10_content());
                text.push_str(&quick_xml::escape::unescape(&entity).unwrap());
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:tc" => row.cells.push(std::mem::take(&mut text).trim().to_string()),
                "w:tr" => table.push(std::mem::take(&mut row)),
                "w:tbl" => {
                    depth -= 1;
                    tables.push(std::mem::take(&mut table));
                }
                "w:p" if depth == 0 => paragraphs.push(std::mem::take(&mut text)),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (tables, paragraphs)
}

fn items(json: &Value) -> Vec<(&Value, &str)> {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            let id = g["id"].as_str().unwrap();
            g["items"].as_array().unwrap().iter().map(move |i| (i, id))
        })
        .collect()
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(a) => a.iter().map(s).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// The rows of the tables whose header starts with `header`, by their first cell.
fn rows_under<'a>(tables: &'a [Vec<Row>], header: &[&str]) -> BTreeMap<String, &'a Row> {
    let mut found = BTreeMap::new();
    for table in tables {
        let Some(head) = table.first() else { continue };
        if !head
            .cells
            .starts_with(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>())
        {
            continue;
        }
        assert!(head.header, "the header row repeats on every page");
        for row in &table[1..] {
            assert!(row.cant_split && !row.header, "body rows are kept whole");
            let clash = found.insert(row.cells[0].clone(), row);
            assert!(clash.is_none(), "序号 {} appears once", row.cells[0]);
        }
    }
    found
}

fn check_docx(example: &str, files: &BTreeMap<String, Vec<u8>>, json: &Value) {
    let company = json["company"]["name"].as_str().unwrap();
    for name in [
        "checklist",
        "daily-record-2026-11-24",
        "batch-record-2026-11-24",
        "weekly-report-2026-W48",
        "monthly-minutes-2026-11",
    ] {
        let docx = &files[&format!("{name}.docx")];
        let document = part(docx, "word/document.xml");
        assert!(
            document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"")
                || document.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\""),
            "{example} {name}: A4"
        );
        let header = part(docx, "word/header1.xml");
        assert!(
            header.contains(&*quick_xml::escape::escape(company)),
            "{example} {name}: running header"
        );
        let footer = part(docx, "word/footer1.xml");
        let footer_text: String = footer
            .split("<w:t xml:space=\"preserve\">")
            .skip(1)
            .filter_map(|t| t.split('<').next())
            .collect();
        assert_eq!(
            footer_text, "第  页 共  页",
            "{example} {name}: footer text around the fields"
        );
        assert!(footer.find(" PAGE ").unwrap() < footer.find(" NUMPAGES ").unwrap());
    }

    let (tables, _) = docx_tables(&part(&files["checklist.docx"], "word/document.xml"));
    assert!(part(&files["checklist.docx"], "word/document.xml").contains("w:orient=\"landscape\""));
    let rows = rows_under(
        &tables,
        &["序号", "风险环节", "风险点", "风险描述", "管控措施"],
    );
    let all = items(json);
    assert_eq!(
        rows.len(),
        all.len(),
        "{example}: one checklist row per item"
    );
    for (item, _) in &all {
        let row = rows[&s(&item["no"])];
        let c = &row.cells;
        assert_eq!(
            c[1],
            s(&item["stage_label"]),
            "{example}: stage of {}",
            item["id"]
        );
        assert_eq!(c[2], s(&item["point"]));
        assert_eq!(c[3], s(&item["hazard"]));
        for m in item["measures"].as_array().unwrap() {
            assert!(
                c[4].contains(m.as_str().unwrap()),
                "{example}: measure {m} in {c:?}"
            );
        }
        assert_eq!(c[5], s(&item["frequency_label"]));
        assert!(c[6].starts_with(&s(&item["owner_label"])));
        assert!(c[6].contains(&s(&item["responsible"])));
        assert_eq!(c[7], s(&item["basis"]));
    }

    // The daily record: each officer's sheet lists that officer's daily items, in order; then the
    // director's own sheet the company-wide daily items the director owns, when there are any.
    let (tables, paragraphs) = docx_tables(&part(
        &files["daily-record-2026-11-24.docx"],
        "word/document.xml",
    ));
    let sheets: Vec<&Vec<Row>> = tables
        .iter()
        .filter(|t| {
            t.first()
                .is_some_and(|h| h.cells.starts_with(&["序号".into(), "风险点".into()]))
        })
        .collect();
    let officers = json["people"]["officers"].as_array().unwrap();
    let mut keepers: Vec<(&Value, Vec<&Value>)> = officers
        .iter()
        .map(|o| (&o["name"], super::forms::officer_daily(json, o)))
        .collect();
    let director = super::forms::director_daily(json);
    if !director.is_empty() {
        keepers.push((&json["people"]["director"]["name"], director));
    }
    assert_eq!(
        sheets.len(),
        keepers.len(),
        "{example}: a table per officer and the director's"
    );
    let director_sheet = usize::from(keepers.len() > officers.len());
    for ((name, wanted), table) in keepers.into_iter().zip(sheets) {
        assert!(table[0].header, "the header row repeats on every page");
        let rows: Vec<&Row> = table[1..]
            .iter()
            .filter(|r| !r.cells[0].is_empty())
            .collect();
        assert_eq!(rows.len(), wanted.len(), "{example}: {name}");
        for (row, item) in rows.iter().zip(wanted) {
            assert!(row.cant_split, "body rows are kept whole");
            assert_eq!(
                (&row.cells[1], &row.cells[2]),
                (&s(&item["point"]), &s(&item["check"]))
            );
        }
    }
    assert!(
        paragraphs.iter().any(|p| p.starts_with("质量安全员签字")),
        "{example}: the officer signs the record"
    );
    let reviews = |who: &str| {
        paragraphs
            .iter()
            .filter(|p| p.contains(&format!("{who}审核")))
            .count()
    };
    assert_eq!(
        (reviews("质量安全总监"), reviews("主要负责人")),
        (officers.len(), director_sheet),
        "{example}: the director reviews the officers' sheets, the principal the director's"
    );
}

fn cell(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn sheet(xlsx: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).expect("xlsx");
    let range = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    // calamine's range starts at the first used cell; the sheets start at A1.
    range.rows().map(|r| r.iter().map(cell).collect()).collect()
}

const CHECKLIST_HEADER: [&str; 29] = [
    "序号",
    "适用范围",
    "风险环节",
    "风险点",
    "风险描述",
    "管控措施",
    "检查内容",
    "管控频次",
    "责任岗位",
    "责任人",
    "依据",
    "风险点编号",
    "分组编号",
    "环节代码",
    "频次代码",
    "岗位代码",
    "来源类型",
    "来源编号",
    "来源说明",
    "来源产品线",
    "来源目录产品",
    "定义位置",
    "调整记录",
    "适用依据",
    "合并来源",
    "管控目标",
    "风险等级",
    "危害程度代码",
    "职责（负责人/总监/安全员）",
];

fn check_xlsx(example: &str, files: &BTreeMap<String, Vec<u8>>, json: &Value) {
    let rows = sheet(&files["checklist.xlsx"], "风险管控清单");
    assert_eq!(rows[0], CHECKLIST_HEADER);
    let all = items(json);
    assert_eq!(rows.len() - 1, all.len(), "{example}: one row per item");
    for ((item, group), row) in all.iter().zip(&rows[1..]) {
        let p = &item["provenance"];
        let expected = [
            s(&item["no"]),
            s(&item["scope"]),
            s(&item["stage_label"]),
            s(&item["point"]),
            s(&item["hazard"]),
            s(&item["measures"]),
            s(&item["check"]),
            s(&item["frequency_label"]),
            s(&item["owner_label"]),
            s(&item["responsible"]),
            s(&item["basis"]),
            s(&item["id"]),
            group.to_string(),
            s(&item["stage"]),
            s(&item["frequency"]),
            s(&item["owner"]),
            s(&p["kind"]),
            s(&p["source"]),
            s(&p["label"]),
            s(&p["line"]),
            s(&p["product"]),
            s(&p["defined_at"]),
            s(&p["adjustments"]),
            s(&p["facts"]),
            s(&p["merged"]),
            s(&item["target"]),
            s(&item["risk_level"]),
            s(&item["severity"]),
            ["principal", "director", "officer"]
                .map(|r| s(&item["duties"][r]))
                .concat(),
        ];
        assert_eq!(row, &expected, "{example}: item {}", item["id"]);
        let fields = item.as_object().unwrap().len() + p.as_object().unwrap().len() - 1;
        assert_eq!(
            fields, 28,
            "every field of the model has its column (update the test with the model)"
        );
    }
    let excluded = sheet(&files["checklist.xlsx"], "不适用的风险点");
    let json_excluded = json["excluded"].as_array().unwrap();
    assert_eq!(excluded.len() - 1, json_excluded.len());
    for (x, row) in json_excluded.iter().zip(&excluded[1..]) {
        assert_eq!(
            row,
            &[
                s(&x["id"]),
                s(&x["point"]),
                s(&x["line"]),
                s(&x["reason"]),
                s(&x["by"])
            ]
        );
    }
    let sheet1 = part(&files["checklist.xlsx"], "xl/worksheets/sheet1.xml");
    for needle in [
        "<pane ySplit=\"1\"",
        "<autoFilter ref=\"A1:AC",
        "fitToPage=\"1\"",
        "fitToHeight=\"0\"",
        "orientation=\"landscape\"",
        "paperSize=\"9\"",
    ] {
        assert!(
            sheet1.contains(needle),
            "{example}: checklist sheet has {needle}"
        );
    }
    let workbook = part(&files["checklist.xlsx"], "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "{example}: header row repeats"
    );
    assert!(
        workbook.contains("_xlnm.Print_Area"),
        "{example}: the readable columns print"
    );

    // The daily record: one sheet per officer, each with that officer's daily points; then the
    // director's own sheet of the company-wide daily points the director owns, when any.
    let xlsx = &files["daily-record-2026-11-24.xlsx"];
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.as_slice())).unwrap();
    let mut keepers: Vec<(String, Vec<&Value>)> = json["people"]["officers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (s(&o["name"]), super::forms::officer_daily(json, o)))
        .collect();
    let director = super::forms::director_daily(json);
    if !director.is_empty() {
        keepers.push((s(&json["people"]["director"]["name"]), director));
    }
    let names: Vec<&String> = keepers.iter().map(|(name, _)| name).collect();
    assert_eq!(
        book.sheet_names().iter().collect::<Vec<_>>(),
        names,
        "{example}: a sheet per officer and the director's"
    );
    for (n, (name, wanted)) in keepers.iter().enumerate() {
        let mut covered = Vec::new();
        let rows = sheet(xlsx, name);
        assert_eq!(
            rows[3],
            [
                "序号",
                "产品线",
                "风险点",
                "检查内容",
                "检查结果",
                "问题描述",
                "处置结果",
                "风险点编号"
            ]
        );
        assert!(rows[1].contains(name));
        for row in rows[4..].iter().take_while(|r| !r[7].is_empty()) {
            let item = all
                .iter()
                .find(|(i, _)| s(&i["id"]) == row[7] && s(&i["no"]) == row[0])
                .expect("a checklist item")
                .0;
            assert_eq!((&row[2], &row[3]), (&s(&item["point"]), &s(&item["check"])));
            covered.push(row[7].clone());
        }
        let wanted: Vec<String> = wanted.iter().map(|i| s(&i["id"])).collect();
        assert_eq!(covered, wanted, "{example}: {name}'s daily points");
        let xml = part(xlsx, &format!("xl/worksheets/sheet{}.xml", n + 1));
        assert!(
            xml.contains("<sheetProtection"),
            "{example}: {name} is protected"
        );
        assert!(
            xml.contains("type=\"list\"") && xml.contains("\"符合,不符合,不适用\""),
            "{example}: drop-down"
        );
    }
    assert!(
        part(xlsx, "xl/styles.xml").contains("locked=\"0\""),
        "entry cells are unlocked"
    );
}

#[test]
fn every_docx_and_xlsx_reads_back_item_by_item() {
    for (example, files) in generate_all() {
        let json: Value = serde_json::from_slice(&files["checklist.json"]).unwrap();
        check_docx(&example, &files, &json);
        check_xlsx(&example, &files, &json);
    }
}

#[test]
fn docx_and_xlsx_are_the_same_bytes_every_time() {
    let (first, second) = (generate_all(), generate_all());
    for ((example, a), (_, b)) in first.iter().zip(&second) {
        for (name, bytes) in a {
            assert!(bytes == &b[name], "{example}: {name} differs between runs");
        }
    }
    let docx = &first[0].1["checklist.docx"];
    let archive = zip::ZipArchive::new(Cursor::new(docx.as_slice())).unwrap();
    assert_eq!(
        archive.name_for_index(0).map(|n| n.unwrap().into_owned()),
        Some("[Content_Types].xml".to_string())
    );
}

/// Converts every example's DOCX and XLSX files with LibreOffice, where it is installed.
#[test]
fn libreoffice_converts_every_docx_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    for (example, files) in generate_all() {
        for ext in ["docx", "xlsx"] {
            let src = dir.path().join(format!("{example}-{ext}"));
            let out = src.join("pdf");
            std::fs::create_dir_all(&src).unwrap();
            let mut inputs = Vec::new();
            for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(ext)) {
                std::fs::write(src.join(name), bytes).unwrap();
                inputs.push(src.join(name));
            }
            let Some(status) = soffice_to_pdf(&dir.path().join("profile"), &out, &inputs) else {
                println!(
                    "note: soffice is not installed; skipping the LibreOffice conversion test"
                );
                return;
            };
            assert!(
                status.status.success(),
                "{example}: soffice failed: {status:?}"
            );
            for input in &inputs {
                let pdf = out.join(input.with_extension("pdf").file_name().unwrap());
                let bytes = std::fs::read(&pdf)
                    .unwrap_or_else(|_| panic!("{example}: {} converted", input.display()));
                assert!(
                    bytes.starts_with(b"%PDF") && bytes.len() > 2000,
                    "{example}: {} is a PDF",
                    pdf.display()
                );
            }
        }
    }
}
