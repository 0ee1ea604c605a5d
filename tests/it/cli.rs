//! The CLI contract, driven through the binary.
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use super::common::{Case, example, examples, riskctl};

/// `riskctl generate PROFILES --out OUT ARGS...`, ready to assert on.
fn generate(profiles: &[PathBuf], out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    riskctl()
        .arg("generate")
        .args(profiles)
        .arg("--out")
        .arg(out)
        .args(args)
        .assert()
}

/// `value` as a JSON array of `len` objects, each with every one of `keys`.
fn rows_with_keys<'a>(
    value: &'a serde_json::Value,
    len: usize,
    keys: &[&str],
) -> &'a Vec<serde_json::Value> {
    let rows = value.as_array().expect("a JSON array");
    assert_eq!(rows.len(), len);
    for row in rows {
        assert_keys(row, keys);
    }
    rows
}

/// Fails unless `value` has every one of `keys`.
fn assert_keys(value: &serde_json::Value, keys: &[&str]) {
    for key in keys {
        assert!(value.get(key).is_some(), "missing {key} in {value}");
    }
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

#[test]
fn init_writes_a_profile_that_checks_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("company.yaml");
    riskctl().arg("init").arg(&path).assert().success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("    answers:"), "questions written: {text}");
    assert!(text.contains("默认值，请核实"), "{text}");
    riskctl()
        .arg("check")
        .arg(&path)
        .arg("--date")
        .arg("2026-11-24")
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"));
    riskctl()
        .arg("init")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    riskctl()
        .arg("init")
        .arg(&path)
        .arg("--force")
        .assert()
        .success();
}

#[test]
fn every_example_checks_with_lines_matched() {
    let paths = examples();
    assert!(paths.len() >= 4, "at least four examples");
    for path in paths {
        let out = riskctl()
            .arg("check")
            .arg(&path)
            .arg("--date")
            .arg("2026-11-24")
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            !stderr.contains("no catalog product chosen"),
            "{}: {stderr}",
            path.display()
        );
    }
}

#[test]
fn match_json_follows_the_contract() {
    let out = riskctl()
        .args([
            "match",
            "--json",
            "60227 IEC 01(BV) 450/750V 1×2.5",
            "JZT-2(12T) 家用燃气灶",
            "冷冻带鱼段 500g",
        ])
        .assert()
        .success();
    let rows = json(&out.get_output().stdout);
    let rows = rows_with_keys(
        &rows,
        3,
        &[
            "input",
            "status",
            "product",
            "product_id",
            "category",
            "score",
            "candidates",
        ],
    );
    assert_eq!(rows[0]["status"], "matched");
    assert_eq!(rows[0]["product"], "电线电缆");
    assert_eq!(rows[1]["product"], "家用燃气灶");
    assert_eq!(rows[2]["status"], "unmatched");
    assert!(rows[2]["product"].is_null());
    let candidate = &rows[0]["candidates"][0];
    assert_keys(candidate, &["product", "product_id", "score"]);
}

#[test]
fn match_reads_names_from_stdin() {
    let ran = Case::new(&["match", "--json", "-"])
        .stdin("電動自行車 TDR520-79Z\n\n手提式灭火器 MFZ/ABC4\n")
        .run();
    let rows = json(ran.stdout.as_bytes());
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    assert_eq!(rows[0]["product"], "电动自行车");
}

#[test]
fn generate_one_profile_writes_into_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &[example("cable-maker.yaml")],
        dir.path(),
        &["--date", "2026-11-24", "--format", "md,json"],
    )
    .success();
    for name in [
        "checklist.md",
        "daily-record-2026-11-24.md",
        "batch-record-2026-11-24.md",
        "weekly-report-2026-W48.md",
        "monthly-minutes-2026-11.md",
        "checklist.json",
    ] {
        assert!(dir.path().join(name).is_file(), "{name} written");
    }
    let model = json(&std::fs::read(dir.path().join("checklist.json")).unwrap());
    assert_eq!(model["date"], "2026-11-24");
    assert_eq!(model["period"]["iso_week"], "2026-W48");
    assert_eq!(model["lines"][0]["product"]["id"], "wire-cable");
    let first_item = &model["groups"][1]["items"][0];
    assert_keys(
        first_item,
        &[
            "no",
            "id",
            "stage",
            "point",
            "hazard",
            "measures",
            "frequency",
            "owner",
            "basis",
            "provenance",
        ],
    );
}

#[test]
fn generate_several_profiles_writes_one_folder_each() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &[example("cable-maker.yaml"), example("food-plastics.yaml")],
        dir.path(),
        &["--date", "2026-11-24", "--format", "md"],
    )
    .success();
    assert!(dir.path().join("cable-maker/checklist.md").is_file());
    assert!(
        dir.path()
            .join("food-plastics/monthly-minutes-2026-11.md")
            .is_file()
    );
}

#[test]
fn output_is_reproducible_under_source_date_epoch() {
    let run = || {
        let dir = tempfile::tempdir().unwrap();
        riskctl()
            .env("SOURCE_DATE_EPOCH", "1795478400") // 2026-11-24T00:00:00Z
            .arg("generate")
            .arg(example("consumer-goods.yaml"))
            .arg("--out")
            .arg(dir.path())
            .args(["--format", "md,json"])
            .assert()
            .success();
        let mut files = Vec::new();
        for name in [
            "checklist.md",
            "weekly-report-2026-W48.md",
            "checklist.json",
        ] {
            files.push(std::fs::read(dir.path().join(name)).unwrap());
        }
        files
    };
    let first = run();
    assert_eq!(first, run());
    assert!(String::from_utf8_lossy(&first[2]).contains("\"date\": \"2026-11-24\""));
}

#[test]
fn user_templates_override_builtin_ones_by_name() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("checklist.md"),
        "# 自定义清单 {{ company.name }}\n共 {{ item_count }} 项\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    riskctl()
        .arg("generate")
        .arg(example("food-plastics.yaml"))
        .arg("--templates")
        .arg(templates.path())
        .arg("--out")
        .arg(out.path())
        .args(["--date", "2026-11-24", "--format", "md"])
        .assert()
        .success();
    let checklist = std::fs::read_to_string(out.path().join("checklist.md")).unwrap();
    assert!(
        checklist.starts_with("# 自定义清单 浙江绿盒食品包装有限公司"),
        "{checklist}"
    );
    let daily = std::fs::read_to_string(out.path().join("daily-record-2026-11-24.md")).unwrap();
    assert!(
        daily.contains("每日工业产品质量安全检查记录"),
        "built-in template still used for the others"
    );
}

#[test]
fn template_syntax_error_points_at_the_template_and_writes_nothing() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("weekly-report.md"),
        "# 周报\n{% for x in %}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("docs");
    riskctl()
        .arg("generate")
        .arg(example("food-plastics.yaml"))
        .arg("--templates")
        .arg(templates.path())
        .arg("--out")
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("weekly-report.md").and(predicate::str::contains("2:")));
    assert!(!target.exists(), "nothing written on failure");
}

#[test]
fn a_failing_profile_among_several_fails_alone() {
    let out = tempfile::tempdir().unwrap();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/unknown-field.yaml");
    riskctl()
        .arg("generate")
        .arg(example("cable-maker.yaml"))
        .arg(&bad)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1);
    assert!(out.path().join("cable-maker/checklist.md").is_file());
    assert!(!out.path().join("unknown-field").exists());
}

#[test]
fn user_text_cannot_break_markdown_tables() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("food-plastics.yaml"))
        .unwrap()
        .replace(
            "name: 浙江绿盒食品包装有限公司",
            "name: \"浙江|绿盒\\n*包装* 有限公司\"",
        );
    let profile = dir.path().join("p.yaml");
    std::fs::write(&profile, text).unwrap();
    generate(
        std::slice::from_ref(&profile),
        dir.path(),
        &["--date", "2026-11-24", "--format", "md"],
    )
    .success();
    let md = std::fs::read_to_string(dir.path().join("checklist.md")).unwrap();
    assert!(
        md.contains("| 企业名称 | 浙江\\|绿盒 \\*包装\\* 有限公司 |"),
        "{md}"
    );
}

#[test]
fn explain_names_the_source_of_every_item() {
    let out = riskctl()
        .arg("explain")
        .arg(example("consumer-goods.yaml"))
        .args(["--date", "2026-11-24"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("通用管理要求"));
    assert!(text.contains("产品族："));
    assert!(text.contains("规则：网络销售"));
    assert!(text.contains("企业自定风险点"));
    assert!(text.contains("企业自定：频次"), "override shown");
    assert!(text.contains("rule-export-domestic-sale") && text.contains("excluded"));
    assert!(text.contains("defined at builtin:catalog/"));
}

#[test]
fn catalog_list_json_follows_the_contract() {
    let out = riskctl()
        .args(["catalog", "list", "--json"])
        .assert()
        .success();
    let rows = json(&out.get_output().stdout);
    let rows = rows_with_keys(
        &rows,
        328,
        &[
            "id",
            "name",
            "category",
            "licence",
            "ccc",
            "level",
            "risk_points",
        ],
    );
    for row in rows {
        assert!(row["risk_points"].as_u64().unwrap_or(0) >= 6, "{row}");
    }
    let cable = rows
        .iter()
        .find(|r| r["name"] == "电线电缆")
        .expect("cable");
    assert_eq!(cable["licence"], true);
    assert_eq!(cable["level"], "高");
}

#[test]
fn catalog_show_and_search() {
    riskctl()
        .args(["catalog", "show", "wire-cable"])
        .assert()
        .success()
        .stdout(predicate::str::contains("电线电缆").and(predicate::str::contains("GB/T")));
    riskctl()
        .args(["catalog", "show", "wire-cabel"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `wire-cable`"));
    riskctl()
        .args(["catalog", "search", "燃气"])
        .assert()
        .success()
        .stdout(predicate::str::contains("家用燃气灶"));
    riskctl()
        .args(["catalog", "search", "量子计算机"])
        .assert()
        .code(1);
}

#[test]
fn schema_profile_is_json_schema() {
    let out = riskctl().args(["schema", "profile"]).assert().success();
    let schema = json(&out.get_output().stdout);
    assert!(schema["properties"]["company"].is_object());
    assert!(schema["properties"]["product_lines"].is_object());
}

#[test]
fn usage_errors_exit_2() {
    riskctl().arg("frobnicate").assert().code(2);
    riskctl()
        .args(["generate", "x.yaml", "--date", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a date"));
    riskctl()
        .args(["generate", "x.yaml", "--format", "odt"])
        .assert()
        .code(2);
}

#[test]
fn missing_profile_file_is_a_clear_error() {
    riskctl()
        .args(["check", "no-such-file.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read no-such-file.yaml"));
}

/// Each file in tests/invalid starts with `# expect: TEXT`, optional `# hint: TEXT` and
/// `# at: LINE:COL`; the whole error text of each is snapshotted too.
#[test]
fn invalid_profiles_are_explained_with_file_line_and_column() {
    let fixtures = super::common::yaml_files("tests/invalid");
    for path in &fixtures {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let header = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("# {key}: ")).map(str::to_owned))
        };
        // Run beside the fixture, so the message names it the same way on every machine.
        let stderr = Case::new(&["check", &file, "--date", "2026-11-24"])
            .current_dir(path.parent().unwrap())
            .code(1)
            .run()
            .stderr;
        assert!(!stderr.contains("panicked"), "{stderr}");
        let expect = header("expect").unwrap_or_else(|| panic!("{file} has no # expect"));
        assert!(
            stderr.contains(&expect),
            "{file}: expected `{expect}` in\n{stderr}"
        );
        if let Some(hint) = header("hint") {
            assert!(
                stderr.contains(&hint),
                "{file}: expected hint `{hint}` in\n{stderr}"
            );
        }
        if let Some(at) = header("at") {
            assert!(
                stderr.contains(&format!("{file}:{at}")),
                "{file}: expected location {at} in\n{stderr}"
            );
        }
        insta::assert_snapshot!(format!("invalid__{file}"), stderr);
    }
    assert!(fixtures.len() >= 10, "fixtures found: {}", fixtures.len());
}

#[test]
fn a_regional_catalog_layer_adds_points_to_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("regional.yaml");
    std::fs::write(
        &layer,
        "products:\n  - id: food-plastics\n    risk_points:\n      - id: zj-food-plastics-online-sampling\n        stage: sales\n        point: 省级电商抽检跟踪\n        hazard: 网售食品用塑料制品抽检不合格\n        measures: [每月检索省级抽检通报并比对在售批次]\n        check: 查阅比对记录\n        frequency: monthly\n        owner: director\n        basis: 浙江省市场监管局监管要求\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    riskctl()
        .arg("generate")
        .arg(example("food-plastics.yaml"))
        .arg("--catalog")
        .arg(&layer)
        .arg("--out")
        .arg(&out)
        .args(["--date", "2026-11-24", "--format", "md,json"])
        .assert()
        .success();
    let checklist = std::fs::read_to_string(out.join("checklist.md")).unwrap();
    assert!(checklist.contains("省级电商抽检跟踪"));
    let minutes = std::fs::read_to_string(out.join("monthly-minutes-2026-11.md")).unwrap();
    assert!(
        minutes.contains("省级电商抽检跟踪"),
        "monthly point reaches the monthly minutes"
    );
    let model = json(&std::fs::read(out.join("checklist.json")).unwrap());
    // The layer by file name and content hash, not by the path as typed.
    let name = model["catalog"]["layers"][1].as_str().unwrap().to_string();
    let file = layer.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("{file} (")), "{name}");
}

#[test]
fn documents_follow_the_date() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &[example("ebike-maker.yaml")],
        dir.path(),
        &["--date", "2027-01-04", "--format", "md"],
    )
    .success()
    // The charger's CCC certificate (2026-12-20) has expired by then: the warning names it, its
    // expiry date and the days since.
    .stderr(predicate::str::contains(
        "CCC证书 2023011119000457 (product lines `charger`) expired on 2026-12-20 (15 days ago)",
    ));
    let weekly = std::fs::read_to_string(dir.path().join("weekly-report-2027-W01.md")).unwrap();
    assert!(
        weekly.contains("2027年第1周（2027年1月4日至2027年1月10日）"),
        "{weekly}"
    );
    let monthly = std::fs::read_to_string(dir.path().join("monthly-minutes-2027-01.md")).unwrap();
    assert!(monthly.contains("2027年1月"));
    let checklist = std::fs::read_to_string(dir.path().join("checklist.md")).unwrap();
    assert!(checklist.contains("CCC证书失效停止出厂"));
}

#[test]
fn generate_writes_a_pdf_beside_every_markdown_document_by_default() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &[example("food-plastics.yaml")],
        dir.path(),
        &["--date", "2026-11-24"],
    )
    .success();
    for doc in [
        "checklist",
        "daily-record-2026-11-24",
        "batch-record-2026-11-24",
        "weekly-report-2026-W48",
        "monthly-minutes-2026-11",
    ] {
        let md = dir.path().join(format!("{doc}.md"));
        let pdf = std::fs::read(dir.path().join(format!("{doc}.pdf"))).unwrap();
        assert!(md.is_file(), "{doc}.md");
        assert!(
            pdf.starts_with(b"%PDF-") && pdf.len() > 10_000,
            "{doc}.pdf is a PDF"
        );
    }
    assert!(dir.path().join("checklist.json").is_file());
}

#[test]
fn pdf_output_is_reproducible_and_reports_missing_glyphs() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("food-plastics.yaml"))
        .unwrap()
        .replace("name: 陈伟", "name: 陈𪚥");
    let profile = dir.path().join("p.yaml");
    std::fs::write(&profile, text).unwrap();
    let run = |out: &str| {
        let out = dir.path().join(out);
        let assert = generate(
            std::slice::from_ref(&profile),
            &out,
            &["--date", "2026-11-24", "--format", "pdf"],
        )
        .success();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        (std::fs::read(out.join("checklist.pdf")).unwrap(), stderr)
    };
    let (first, stderr) = run("a");
    let (second, _) = run("b");
    assert_eq!(first, second, "same input, same bytes");
    assert!(
        stderr.contains("checklist.pdf: the font lacks 1 characters") && stderr.contains('𪚥'),
        "{stderr}"
    );
    assert!(
        !dir.path().join("a/checklist.md").exists(),
        "--format pdf writes no Markdown"
    );
}

#[test]
fn a_bad_font_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    generate(
        &[example("food-plastics.yaml")],
        &out,
        &["--font", "/no/such/font.ttf"],
    )
    .code(1)
    .stderr(predicate::str::contains("/no/such/font.ttf"));
    assert!(!out.exists());
}

#[test]
fn pdf_metadata_names_the_document_company_and_generator() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &[example("cable-maker.yaml")],
        dir.path(),
        &["--date", "2026-11-24", "--format", "pdf"],
    )
    .success();
    let doc =
        lopdf::Document::load(dir.path().join("weekly-report-2026-W48.pdf")).expect("valid PDF");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .expect("Info");
    let text = |key: &[u8]| -> String {
        let bytes = info
            .get(key)
            .and_then(|o| o.as_str())
            .expect("string entry");
        match bytes.strip_prefix(&[0xFE, 0xFF]) {
            Some(utf16) => String::from_utf16_lossy(
                &utf16
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            ),
            None => String::from_utf8_lossy(bytes).into_owned(),
        }
    };
    assert_eq!(text(b"Title"), "每周工业产品质量安全排查治理报告");
    assert_eq!(text(b"Author"), "江苏华缆电线电缆有限公司");
    assert!(text(b"Creator").starts_with("riskctl "));
    assert!(text(b"CreationDate").starts_with("D:20261124"));
}
