//! The checklist as a controlled document, through the CLI: document control and revisions,
//! risk levels, responsibility marks, the licence and certificate table, the company's
//! department names, and regional catalog layers named by their own metadata.
use std::path::{Path, PathBuf};

use crate::common::{example, layer_error, riskctl, write_layer};

/// Generates `profile` (with `extra` catalog arguments) on 2026-11-30 into `out`; returns the
/// checklist Markdown and its JSON model.
fn generate(profile: &Path, out: &Path, extra: &[&str]) -> (String, serde_json::Value) {
    riskctl()
        .arg("generate")
        .arg(profile)
        .args(extra)
        .arg("--out")
        .arg(out)
        .args(["--date", "2026-11-30", "--format", "md,json"])
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("checklist.md")).unwrap();
    let json = serde_json::from_slice(&std::fs::read(out.join("checklist.json")).unwrap()).unwrap();
    (md, json)
}

/// The consumer-goods example with `extra` YAML appended, written into `dir`.
fn profile_with(dir: &Path, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(example("consumer-goods.yaml")).unwrap();
    let path = dir.join("profile.yaml");
    std::fs::write(&path, format!("{text}\n{extra}")).unwrap();
    path
}

/// The table row of the checklist whose first cell is `label`.
fn row<'a>(md: &'a str, label: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row `{label}` in\n{md}"))
}

#[test]
fn document_control_defaults_come_from_the_company_and_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let (md, _) = generate(&example("consumer-goods.yaml"), dir.path(), &[]);
    let head = row(&md, "文件编号");
    assert!(head.contains("QS-C4N7T8-FKQD-2026"), "{head}");
    assert!(
        head.contains("| A/0 |") && head.contains("2026年11月30日"),
        "{head}"
    );
    assert!(row(&md, "编制（质量安全总监）").contains("黄丽萍"));
    assert!(row(&md, "批准（主要负责人）").contains("林志强"));
    assert!(
        row(&md, "审核").contains("________"),
        "reviewer left to fill in"
    );
    assert!(md.contains("## 修订记录"));
    assert!(row(&md, "A/0").contains("首次发布"));
    assert!(row(&md, "编制日期").contains("2026年11月30日"));
    assert!(
        !md.contains("2026-11-30"),
        "dates are written the Chinese way"
    );
}

#[test]
fn document_control_and_department_names_follow_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_with(
        dir.path(),
        "document:\n  number: JLM-QS-001\n  version: B/1\n  effective: 2026-12-01\n  reviewed: { name: 陈建国, date: 2026-11-28 }\n  approved: { name: 林志强, date: 2026-11-29 }\n  revisions:\n    - { version: A/0, date: 2025-12-01, change: 首次发布, by: 黄丽萍 }\n    - { version: B/1, date: 2026-11-28, change: 新增童装产品线, by: 黄丽萍 }\ndepartments:\n  质检部门: 品质部\n  technical: 研发中心\n",
    );
    let (md, json) = generate(&profile, dir.path(), &[]);
    let head = row(&md, "文件编号");
    assert!(
        head.contains("JLM-QS-001") && head.contains("B/1"),
        "{head}"
    );
    assert!(head.contains("2026年12月1日"), "{head}");
    assert!(row(&md, "审核").contains("陈建国") && row(&md, "审核").contains("2026年11月28日"));
    assert!(row(&md, "批准（主要负责人）").contains("2026年11月29日"));
    assert!(row(&md, "B/1").contains("新增童装产品线"));
    assert!(row(&md, "A/0").contains("2025年12月1日"));
    // Every item the catalog gives to the inspection department names 品质部 instead.
    let items: Vec<&serde_json::Value> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    let inspection: Vec<_> = items
        .iter()
        .filter(|i| i["owner"] == "inspection")
        .collect();
    assert!(!inspection.is_empty());
    assert!(inspection.iter().all(|i| i["owner_label"] == "品质部"));
    assert!(items.iter().any(|i| i["owner_label"] == "研发中心"));
    assert!(
        md.contains("| 品质部 |"),
        "the checklist prints the company's name"
    );
    assert!(!md.contains("| 质检部门 |"));
}

#[test]
fn an_unknown_department_is_reported_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_with(dir.path(), "departments:\n  质检部: 品质部\n");
    let out = riskctl().arg("check").arg(&profile).assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("`质检部` is not a responsible post"),
        "{stderr}"
    );
    assert!(stderr.contains("质检部门"), "{stderr}");
}

#[test]
fn risk_levels_combine_the_hazard_and_the_product_level() {
    let dir = tempfile::tempdir().unwrap();
    let (md, json) = generate(&example("consumer-goods.yaml"), dir.path(), &[]);
    assert!(
        md.contains("风险<br>等级") && md.contains("★ 主管"),
        "column and legend"
    );
    let items: Vec<&serde_json::Value> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    assert!(
        items
            .iter()
            .all(|i| ["高", "中", "低"].contains(&i["risk_level"].as_str().unwrap()))
    );
    assert!(
        items
            .iter()
            .all(|i| !i["target"].as_str().unwrap().is_empty())
    );
    // The gas cooker is a 高 product: its high-severity gas-tightness point rates 高, and so
    // does a medium hazard of it.
    let cooker: Vec<_> = items
        .iter()
        .filter(|i| i["provenance"]["line"] == "cooker")
        .collect();
    let tight = cooker
        .iter()
        .find(|i| i["id"] == "gas-cooker-household-tightness")
        .expect("gas tightness on the cooker line");
    assert_eq!(tight["severity"], "high");
    assert_eq!(tight["risk_level"], "高");
    assert!(tight["target"].as_str().unwrap().contains("0.07 L/h"));
    assert!(
        cooker
            .iter()
            .filter(|i| i["severity"] == "medium")
            .all(|i| i["risk_level"] == "高")
    );
    // The kettle is a 中 product: a low-severity point of it rates 低.
    let kettle_low = items
        .iter()
        .filter(|i| i["provenance"]["line"] == "kettle" && i["severity"] == "low")
        .collect::<Vec<_>>();
    assert!(kettle_low.iter().all(|i| i["risk_level"] == "低"));
    // Duties: the officer leads a per-batch department item, the principal his own.
    let principal = items.iter().find(|i| i["owner"] == "principal").unwrap();
    assert_eq!(principal["duties"]["principal"], "★");
}

#[test]
fn catalog_requirement_and_held_certificate_are_separate_columns() {
    for name in [
        "consumer-goods.yaml",
        "cable-maker.yaml",
        "ebike-maker.yaml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (md, _) = generate(&example(name), dir.path(), &[]);
        assert!(md.contains("| 目录要求 | 企业持有证书 | 证书编号 | 有效期至 | 剩余天数 |"));
        let table = &md[md.find("## 一").unwrap()..md.find("## 二").unwrap()];
        assert!(
            !table.contains("否（"),
            "{name}: a 否 followed by a certificate"
        );
        assert!(!table.contains("自动匹配"), "{name}: no tool words");
    }
    let dir = tempfile::tempdir().unwrap();
    let (md, _) = generate(&example("cable-maker.yaml"), dir.path(), &[]);
    // A certificate the catalog does not require for the line is said to be the company's own.
    assert!(md.contains("（目录不要求，企业自有）"));
    assert!(md.contains("2027年1月31日 | 62 |"), "expiry and days left");
}

#[test]
fn a_layer_is_named_in_the_basis_by_its_own_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let layer = write_layer(
        dir.path(),
        "zhejiang.yaml",
        "catalog:\n  title: 浙江省重点工业产品质量安全监管目录（测试层）\n  publisher: 浙江省市场监督管理局\n  published: \"2025-03-01\"\n",
    );
    let (md, json) = generate(
        &example("consumer-goods.yaml"),
        &dir.path().join("a"),
        &["--catalog", layer.to_str().unwrap()],
    );
    let basis = row(&md, "编制依据");
    assert!(
        basis.contains("《全国重点工业产品质量安全监管目录》"),
        "{basis}"
    );
    assert!(
        basis.contains(
            "《浙江省重点工业产品质量安全监管目录（测试层）》（浙江省市场监督管理局，2025年3月1日）"
        ),
        "{basis}"
    );
    assert_eq!(json["catalog"]["publisher"], "国家市场监督管理总局");
    assert_eq!(json["catalog"]["title"], "全国重点工业产品质量安全监管目录");

    // A layer that says nothing about itself is named by its file, never with SAMR's publisher.
    let bare = write_layer(dir.path(), "local.yaml", "general: []\n");
    let (md, json) = generate(
        &example("consumer-goods.yaml"),
        &dir.path().join("b"),
        &["--catalog", bare.to_str().unwrap()],
    );
    let basis = row(&md, "编制依据");
    assert!(basis.contains("地方目录层“local.yaml”"), "{basis}");
    let layer = &json["catalog"]["layer_info"][0];
    assert!(layer["publisher"].is_null() && layer["published"].is_null());
    assert_eq!(basis.matches("国家市场监督管理总局").count(), 0);
}

#[test]
fn a_layer_with_ascii_quotes_in_chinese_text_is_refused() {
    let stderr = layer_error(
        "general:\n  - id: zj-quotes\n    stage: labelling\n    point: 宣称用语\n    hazard: '宣称\"防蓝光\"无依据'\n    measures: [核对宣称]\n    frequency: monthly\n    owner: officer\n    basis: 浙江省监管要求\n",
    );
    assert!(
        stderr.contains("`hazard` quotes Chinese text with ASCII"),
        "{stderr}"
    );
}

#[test]
fn every_national_point_is_rated_and_most_have_a_target() {
    let catalog = riskctl::catalog::Catalog::builtin().unwrap();
    let points: Vec<_> = catalog.all_points().collect();
    let unrated: Vec<&str> = points
        .iter()
        .filter(|p| p.severity.is_none())
        .map(|p| p.id.as_str())
        .collect();
    assert!(unrated.is_empty(), "no severity: {unrated:?}");
    let with_target = points.iter().filter(|p| p.target.is_some()).count();
    assert!(
        with_target * 3 > points.len(),
        "{with_target} of {}",
        points.len()
    );
}
