//! Checklists that fit the company (issue 8): per line, the items that must and must not appear
//! (tests/data/tailoring-expectations.yaml), one item per control for every catalog product,
//! company size by the statistical rule, questions, recycled material and `explain`.
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use riskctl::Engine;
use riskctl::model::Checklist;
use riskctl::profile::{Answer, plain_producer};
use serde::Deserialize;

use crate::common::{Case, root};

#[derive(Deserialize)]
struct Expectation {
    profile: String,
    size: String,
    licence_warning: bool,
    lines: BTreeMap<String, LineExpectation>,
}

#[derive(Deserialize)]
struct LineExpectation {
    #[serde(default)]
    must: Vec<String>,
    #[serde(default)]
    must_not: Vec<String>,
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn engine() -> Engine {
    Engine::load(&[] as &[&Path]).expect("catalog loads")
}

fn checklist(engine: &Engine, path: &Path) -> Checklist {
    let valid = engine.profile(path).expect("profile is valid");
    engine.checklist(&valid, date()).expect("profile resolves")
}

/// Every line of every listed profile: each `must` string in some item's point name or basis,
/// no `must_not` string in any; the size label; the licence-missing warning.
#[test]
fn lines_carry_what_fits_and_nothing_else() {
    let text = std::fs::read_to_string(root().join("tests/data/tailoring-expectations.yaml"))
        .expect("expectations");
    let expectations: Vec<Expectation> = serde_yaml_ng::from_str(&text).expect("parse");
    let engine = engine();
    let mut failures = Vec::new();
    for e in &expectations {
        let c = checklist(&engine, &root().join(&e.profile));
        if c.company.size_label != e.size {
            failures.push(format!(
                "{}: size {} ≠ {}",
                e.profile, c.company.size_label, e.size
            ));
        }
        let warned = c.warnings.iter().any(|w| w.contains("未填写生产许可证"));
        if warned != e.licence_warning {
            failures.push(format!("{}: licence warning {warned}", e.profile));
        }
        for (line, want) in &e.lines {
            let group = c
                .groups
                .iter()
                .find(|g| &g.id == line)
                .unwrap_or_else(|| panic!("{}: no line {line}", e.profile));
            let texts: Vec<String> = group
                .items
                .iter()
                .map(|i| format!("{} ‖ {}", i.point, i.basis))
                .collect();
            for m in &want.must {
                if !texts.iter().any(|t| t.contains(m.as_str())) {
                    failures.push(format!("{} {line}: missing {m}", e.profile));
                }
            }
            for m in &want.must_not {
                for t in texts.iter().filter(|t| t.contains(m.as_str())) {
                    failures.push(format!("{} {line}: has {m}: {t}", e.profile));
                }
            }
        }
    }
    assert!(expectations.len() >= 14, "examples and new profiles listed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every catalog product for a plain producer, its questions all answered yes, then all no: no
/// two items of the line share a point name or a control.
#[test]
fn every_product_has_one_item_per_control_and_name() {
    let engine = engine();
    let mut failures = Vec::new();
    for product in &engine.catalog.products {
        let questions: Vec<String> = engine
            .catalog
            .product_facts(product)
            .filter(|d| d.question.is_some())
            .map(|d| d.id.clone())
            .collect();
        for answer in [true, false] {
            let mut valid = plain_producer(product);
            valid.loaded.profile.product_lines[0].answers = questions
                .iter()
                .map(|q| (q.clone(), Answer::Flag(answer)))
                .collect();
            let c = engine.checklist(&valid, date()).expect("resolves");
            let line = c.groups.iter().find(|g| g.id == "line").expect("line");
            let mut names = HashSet::new();
            let mut controls = HashSet::new();
            for item in &line.items {
                if !names.insert(item.point.as_str()) {
                    failures.push(format!("{} ({answer}): point {}", product.id, item.point));
                }
                let def = engine.catalog.all_points().find(|p| p.id == item.id);
                if let Some(control) = def.and_then(|p| p.control.as_deref())
                    && !controls.insert(control)
                {
                    failures.push(format!("{} ({answer}): control {control}", product.id));
                }
            }
            assert!(
                c.warnings
                    .iter()
                    .all(|w| !w.contains("question not answered")),
                "{}: every question answered",
                product.id
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn write_profile(dir: &Path, company: &str, line: &str) -> std::path::PathBuf {
    let text = format!(
        "company:\n  name: 测试有限公司\n  credit_code: 91350100M000100Y43\n  address: 福州\n  role: producer\n{company}\
         people:\n  principal: {{ name: 甲 }}\n  director: {{ name: 乙 }}\n  officers: [{{ name: 丙 }}]\n\
         product_lines:\n{line}"
    );
    let path = dir.join("profile.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn company_size_by_the_statistical_rule() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine();
    let line = "  - { id: a, name: ABS安全帽 }\n";
    for (staff, revenue, label) in [
        ("85", "2800", "小型"),
        ("1200", "30000", "中型"),
        ("1200", "50000", "大型"),
        ("10", "100", "微型"),
    ] {
        let company = format!("  staff: {staff}\n  revenue_wan: {revenue}\n");
        let c = checklist(&engine, &write_profile(dir.path(), &company, line));
        assert_eq!(c.company.size_label, label, "{staff} staff, {revenue}万");
        assert_eq!(c.company.size_basis, "按从业人员和营业收入");
    }
    let c = checklist(&engine, &write_profile(dir.path(), "  staff: 400\n", line));
    assert_eq!(c.company.size_label, "中型");
    assert!(c.company.size_basis.contains("仅按从业人员"));
}

#[test]
fn unanswered_questions_warn_and_bad_answers_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(
        dir.path(),
        "",
        "  - id: toy\n    name: 塑料积木玩具\n    answers: { magnets: 否, sound: false }\n",
    );
    let out = Case::new(&["check", "--date", "2026-11-30"])
        .arg(&path)
        .run();
    assert!(
        out.stderr.contains("question not answered") && out.stderr.contains("assumed 是"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("`magnets: 是`"),
        "answered: {}",
        out.stderr
    );
    let out = check_toy_line(dir.path(), "magnet: 否", 1);
    assert!(
        out.stderr.contains("profile.yaml:"),
        "located: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `magnets`?"),
        "{}",
        out.stderr
    );
    let out = check_toy_line(dir.path(), "magnets: 也许", 1);
    assert!(
        out.stderr.contains("profile.yaml:"),
        "located: {}",
        out.stderr
    );
    assert!(out.stderr.contains("neither yes nor no"), "{}", out.stderr);
}

#[test]
fn recycled_material_on_a_toy_line_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(
        dir.path(),
        "",
        "  - id: toy\n    name: 塑料积木玩具\n    materials: [回收ABS]\n    answers: { magnets: 否 }\n",
    );
    let engine = engine();
    let c = checklist(&engine, &path);
    assert!(
        c.warnings.iter().any(|w| w.contains("再生/回收")),
        "{:?}",
        c.warnings
    );
    let items: Vec<&str> = c.groups[1].items.iter().map(|i| i.point.as_str()).collect();
    assert!(items.contains(&"玩具禁用、限用再生料"), "{items:?}");
    assert!(!items.contains(&"再生原料控制"), "{items:?}");
}

#[test]
fn explain_shows_facts_merges_and_exclusions() {
    let out = Case::new(&["explain", "--date", "2026-11-30"])
        .arg(root().join("tests/data/profiles/hard-hats.yaml"))
        .run();
    let text = out.stdout;
    assert!(text.contains("依据“安全帽”"), "{text}");
    assert!(text.contains("merged"), "{text}");
    assert!(text.contains("fact:safety-belt"), "{text}");
}

/// `check` of a profile with one toy line answering `answers` (a YAML flow-mapping body), expecting
/// exit `code`.
fn check_toy_line(dir: &Path, answers: &str, code: i32) -> crate::common::Ran {
    let path = write_profile(
        dir,
        "",
        &format!("  - id: toy\n    name: 塑料积木玩具\n    answers: {{ {answers} }}\n"),
    );
    Case::new(&["check", "--date", "2026-11-30"])
        .arg(&path)
        .code(code)
        .run()
}
