//! The profile as a questionnaire workbook (issue 12, item 3): YAML → XLSX → YAML keeps every
//! generated document byte for byte for every example and test profile; a workbook filled by hand
//! (written here with rust_xlsxwriter, in its own column order and with typed cells) converts to a
//! valid profile; problems name the sheet and cell; `init --xlsx` writes the expected sheets.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use riskctl::Engine;
use riskctl::export::{Artifact, Format};
use riskctl::pipeline::{self, Options};
use riskctl::profile::Profile;
use riskctl::questionnaire;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

use crate::common::{Case, example, examples, soffice_to_pdf, yaml_files};

fn engine() -> Engine {
    Engine::load(&[] as &[&Path]).expect("catalog")
}

/// checklist.json and the Markdown documents of `profile` on a fixed date.
fn documents(engine: &Engine, profile: &Path) -> BTreeMap<String, Vec<u8>> {
    let options = Options {
        templates: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
        formats: vec![Format::Md, Format::Json],
        font: None,
        month: None,
    };
    let generated = pipeline::generate(
        engine,
        &[profile.to_path_buf()],
        Path::new("unused"),
        &options,
    )
    .expect("generate");
    generated.outputs[0]
        .files
        .iter()
        .map(|Artifact { name, bytes }| (name.clone(), bytes.clone()))
        .collect()
}

#[test]
fn yaml_to_workbook_to_yaml_keeps_every_document() {
    let engine = engine();
    let dir = tempfile::tempdir().unwrap();
    let profiles: Vec<PathBuf> = examples()
        .into_iter()
        .chain(yaml_files("tests/data/profiles"))
        .collect();
    assert!(profiles.len() >= 16);
    for path in profiles {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let valid = engine.profile(&path).expect("valid profile");
        let book = questionnaire::write(&engine, Some(&valid)).expect("workbook");
        let again = questionnaire::write(&engine, Some(&valid)).unwrap();
        assert!(book == again, "{name}: same profile, same bytes");
        let back = questionnaire::read(&engine, &book, "q.xlsx").expect("reads back");
        let round = dir.path().join(&name);
        std::fs::write(&round, &back.yaml).unwrap();
        let (before, after) = (documents(&engine, &path), documents(&engine, &round));
        assert!(before.contains_key("checklist.json"));
        assert!(before.keys().filter(|n| n.ends_with(".md")).count() >= 3);
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        for (file, bytes) in &before {
            assert!(
                after[file] == *bytes,
                "{name}: {file} differs after the round trip"
            );
        }
    }
}

/// What a hand-filled workbook says; each test changes one thing.
struct Filled {
    credit_code: &'static str,
    /// The CCC expiry as typed text; None: a date cell.
    ccc_expires: Option<&'static str>,
    answer_line: &'static str,
    officer_lines: &'static str,
    /// A row of 其他: (path, value).
    other: Option<(&'static str, &'static str)>,
}

impl Default for Filled {
    fn default() -> Self {
        Filled {
            credit_code: "91370200MA3C4N7T8W",
            ccc_expires: None,
            answer_line: "kettle",
            officer_lines: "kettle",
            other: None,
        }
    }
}

/// A questionnaire as a user fills one: typed numbers and dates, labels from the drop-downs,
/// lists with 、 or line breaks, the product line sheet's columns in an order of their own.
fn filled(f: &Filled) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet().set_name("企业信息").unwrap();
    let rows: [(&str, &str, &str); 4] = [
        ("企业名称", "宁波测试电器有限公司", "company.name"),
        ("统一社会信用代码", f.credit_code, "company.credit_code"),
        (
            "生产地址",
            "浙江省宁波市慈溪市兴业路 1 号",
            "company.address",
        ),
        ("单位类型", "生产单位", "company.role"),
    ];
    for (col, head) in ["项目", "填写内容", "填写说明", "字段"].iter().enumerate() {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    for (i, (label, value, path)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, *label).unwrap();
        sheet.write_string(row, 1, *value).unwrap();
        sheet.write_string(row, 3, *path).unwrap();
    }
    sheet.write_string(5, 3, "company.staff").unwrap();
    sheet.write_number(5, 1, 120).unwrap();
    let sheet = book.add_worksheet().set_name("人员").unwrap();
    let people = [
        ["角色", "姓名", "职务", "电话", "负责产品线"],
        ["主要负责人", "张三", "总经理", "", ""],
        ["质量安全总监", "李四", "", "", ""],
        ["质量安全员", "王五", "", "", f.officer_lines],
        ["质量安全员", "", "", "", ""],
    ];
    for (r, cells) in people.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let sheet = book.add_worksheet().set_name("产品线").unwrap();
    let heads = [
        "产品名称",
        "产品线编号",
        "型号规格",
        "执行标准",
        "销售渠道",
        "CCC证书编号",
        "CCC有效期至",
    ];
    for (c, head) in heads.iter().enumerate() {
        sheet.write_string(0, c as u16, *head).unwrap();
    }
    sheet.write_string(1, 0, "电热水壶 1.7L").unwrap();
    sheet.write_string(1, 1, "kettle").unwrap();
    sheet.write_string(1, 2, "K-17\nK-15").unwrap();
    sheet
        .write_string(1, 3, "GB 4706.1-2005、GB 4706.19-2008")
        .unwrap();
    sheet.write_string(1, 4, "网络销售、出口").unwrap();
    sheet.write_number(1, 5, 2021010701000123.0).unwrap();
    match f.ccc_expires {
        Some(text) => sheet.write_string(1, 6, text).unwrap(),
        None => sheet
            .write_datetime_with_format(1, 6, ExcelDateTime::from_ymd(2027, 6, 30).unwrap(), &date)
            .unwrap(),
    };
    let sheet = book.add_worksheet().set_name("问题").unwrap();
    for (c, head) in ["产品线编号", "问题编号", "问题", "回答"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *head).unwrap();
    }
    sheet.write_string(1, 0, f.answer_line).unwrap();
    sheet.write_string(1, 1, "class-i").unwrap();
    sheet.write_string(1, 3, "否").unwrap();
    let sheet = book.add_worksheet().set_name("裁剪").unwrap();
    let tailoring = [
        [
            "类型",
            "风险点编号",
            "产品线",
            "排除理由",
            "管控频次",
            "责任岗位",
        ],
        [
            "排除",
            "rule-export-domestic-sale",
            "kettle",
            "出口型号单独生产",
            "",
            "",
        ],
        ["调整", "general-complaints", "", "", "每日", "质量安全总监"],
    ];
    for (r, cells) in tailoring.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    if let Some((path, value)) = f.other {
        let sheet = book.add_worksheet().set_name("其他").unwrap();
        for (c, text) in ["字段", "内容", path, value].iter().enumerate() {
            sheet
                .write_string(c as u32 / 2, c as u16 % 2, *text)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Converts `bytes` as a workbook with the binary, expecting `code`: the YAML written (on
/// success) and stderr.
fn convert(bytes: &[u8], code: i32) -> (Option<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let (book, yaml) = (dir.path().join("q.xlsx"), dir.path().join("p.yaml"));
    std::fs::write(&book, bytes).unwrap();
    let ran = Case::new(&["convert"])
        .arg(&book)
        .arg(&yaml)
        .code(code)
        .run();
    (std::fs::read_to_string(&yaml).ok(), ran.stderr)
}

#[test]
fn a_hand_filled_workbook_converts_to_a_valid_profile() {
    let (yaml, stderr) = convert(&filled(&Filled::default()), 0);
    let yaml = yaml.expect("profile written");
    assert!(
        stderr.contains("product line `kettle`: ")
            && stderr.contains("`riskctl convert q.xlsx NEW.xlsx` lists them"),
        "questions the sheet does not list yet: {stderr}"
    );
    assert!(yaml.starts_with("# Converted by `riskctl convert`"));
    let profile: Profile = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(profile.company.staff, Some(120));
    assert_eq!(profile.company.role.label(), "生产单位");
    assert_eq!(
        profile.people.officers.len(),
        1,
        "a blank officer row is skipped"
    );
    assert_eq!(profile.people.officers[0].lines, ["kettle"]);
    let line = &profile.product_lines[0];
    assert_eq!(line.models, ["K-17", "K-15"]);
    assert_eq!(line.standards, ["GB 4706.1-2005", "GB 4706.19-2008"]);
    assert_eq!(
        line.channels.iter().map(|c| c.key()).collect::<Vec<_>>(),
        ["online", "export"]
    );
    let ccc = line.ccc.as_ref().expect("ccc");
    assert_eq!(ccc.number, "2021010701000123");
    assert_eq!(ccc.expires.to_string(), "2027-06-30");
    assert!(!line.answer_values()["class-i"]);
    assert_eq!(profile.tailoring.exclude[0].reason, "出口型号单独生产");
    assert_eq!(
        profile.tailoring.r#override[0].owner.map(|o| o.key()),
        Some("director")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(&path, &yaml).unwrap();
    Case::new(&["check", "--date", "2026-11-24"])
        .arg(&path)
        .run();
}

#[test]
fn problems_in_a_workbook_name_the_sheet_and_cell() {
    let (yaml, stderr) = convert(
        &filled(&Filled {
            credit_code: "91370200MA3C4N7T8X",
            ..Filled::default()
        }),
        1,
    );
    assert!(yaml.is_none(), "nothing written on failure");
    assert!(stderr.contains("企业信息!B3: 统一社会信用代码"), "{stderr}");
    assert!(stderr.contains("should be `W`"), "{stderr}");
    assert!(stderr.contains("help: copy the code"), "{stderr}");
    let cases = [
        (
            Filled {
                ccc_expires: Some("2027-13-01"),
                ..Filled::default()
            },
            "产品线!G2: CCC有效期至: `2027-13-01` is not a date",
        ),
        (
            Filled {
                answer_line: "ketle",
                ..Filled::default()
            },
            "问题!A2: unknown product line `ketle`",
        ),
        (
            Filled {
                officer_lines: "kettle、cooker",
                ..Filled::default()
            },
            "人员!E4: unknown product line `cooker`",
        ),
        (
            Filled {
                other: Some(("calendar.holidays[99999999999]", "2026-10-01")),
                ..Filled::default()
            },
            "其他!A2: `calendar.holidays[99999999999]` is not a field of the profile",
        ),
        (
            Filled {
                other: Some(("company.fax", "0574-1")),
                ..Filled::default()
            },
            "其他!B2: company: unknown field `fax`",
        ),
    ];
    for (edit, expected) in cases {
        let (yaml, stderr) = convert(&filled(&edit), 1);
        assert!(yaml.is_none());
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
        assert!(!stderr.contains("panicked"));
        assert!(
            !stderr.contains("is required"),
            "an unreadable cell is not also blank: {stderr}"
        );
    }
    let (_, stderr) = convert(b"not a workbook", 1);
    assert!(stderr.contains("not a questionnaire workbook"), "{stderr}");
}

const SHEETS: [&str; 8] = [
    "说明",
    "企业信息",
    "人员",
    "产品线",
    "问题",
    "裁剪",
    "其他",
    "目录产品",
];

#[test]
fn init_xlsx_writes_the_questionnaire_and_convert_guards_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("q.xlsx");
    Case::new(&["init", "--xlsx"]).arg(&book).run();
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).expect("calamine opens it");
    assert_eq!(xlsx.sheet_names(), SHEETS);
    let company = xlsx.worksheet_range("企业信息").unwrap();
    assert_eq!(
        company.get_value((2, 3)),
        Some(&Data::String("company.credit_code".into()))
    );
    let people = xlsx.worksheet_range("人员").unwrap();
    assert_eq!(
        people.get_value((1, 0)),
        Some(&Data::String("主要负责人".into()))
    );
    let catalog = xlsx.worksheet_range("目录产品").unwrap();
    assert!(
        catalog.height() > 300,
        "the catalog's products for the drop-down"
    );
    // Converting it unfilled says what is missing, where.
    let yaml = dir.path().join("p.yaml");
    let ran = Case::new(&["convert"]).arg(&book).arg(&yaml).code(1).run();
    assert!(
        ran.stderr.contains("企业信息!B2: 企业名称 is required"),
        "{}",
        ran.stderr
    );
    assert!(!yaml.exists());
    Case::new(&["init", "--xlsx"]).arg(&book).code(1).run();
    Case::new(&["init", "--xlsx"])
        .arg(dir.path().join("q.yaml"))
        .code(2)
        .run();

    // YAML → XLSX → XLSX (questions refreshed) → YAML through the binary; no overwrite without --force.
    let from = example("consumer-goods.yaml");
    Case::new(&["convert"]).arg(&from).arg(&book).code(1).run();
    Case::new(&["convert", "--force"])
        .arg(&from)
        .arg(&book)
        .run();
    let refreshed = dir.path().join("r.xlsx");
    Case::new(&["convert"]).arg(&book).arg(&refreshed).run();
    assert_eq!(
        std::fs::read(&book).unwrap(),
        std::fs::read(&refreshed).unwrap()
    );
    Case::new(&["convert"]).arg(&refreshed).arg(&yaml).run();
    let ran = Case::new(&["convert"]).arg(&from).arg(&yaml).code(2).run();
    assert!(ran.stderr.contains("both files are YAML"), "{}", ran.stderr);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let questions = xlsx.worksheet_range("问题").unwrap();
    assert!(
        questions
            .rows()
            .any(|r| r[1] == Data::String("magnets".into()))
    );

    // LibreOffice, where installed, opens the filled and the empty questionnaire.
    let empty = dir.path().join("empty.xlsx");
    Case::new(&["init", "--xlsx"]).arg(&empty).run();
    let out = dir.path().join("pdf");
    let inputs = [book.clone(), empty];
    let Some(status) = soffice_to_pdf(&dir.path().join("lo"), &out, &inputs) else {
        println!("note: soffice is not installed; skipping the questionnaire conversion");
        return;
    };
    assert!(status.status.success(), "{status:?}");
    for name in ["q.pdf", "empty.pdf"] {
        let pdf = std::fs::read(out.join(name)).expect("converted");
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 2000);
    }
}
