//! A profile written in Chinese: enumerations by their Chinese labels (and a few synonyms), the
//! catalog product pinned by its Chinese name, did-you-mean for misspelt Chinese labels, and
//! `check` warning about the sample values `init` writes.
use std::path::Path;

use crate::common::{Case, example};

/// consumer-goods.yaml with every enumeration and the pin written in Chinese.
fn chinese_consumer_goods() -> String {
    let ascii = std::fs::read_to_string(example("consumer-goods.yaml")).expect("example");
    let mut text = ascii;
    for (from, to) in [
        ("role: both", "role: 生产和销售"),
        ("channels: [online, export]", "channels: [网店, 出口]"),
        (
            "channels: [wholesale, retail]",
            "channels: [批发, 零售门店]",
        ),
        ("channels: [online, oem]", "channels: [电商, 贴牌]"),
        ("channels: [online, retail]", "channels: [网络销售, 零售]"),
        (
            "catalog_product: children-clothing",
            "catalog_product: 儿童及婴幼儿服装",
        ),
        (
            "frequency: daily, owner: director",
            "frequency: 每日, owner: 质量安全总监",
        ),
        ("stage: labelling", "stage: 标签"),
        ("frequency: per_batch", "frequency: 每批"),
        ("owner: technical", "owner: 技术部门"),
    ] {
        assert!(text.contains(from), "example changed: {from}");
        text = text.replace(from, to);
    }
    text
}

fn checklist_json(profile: &Path, out: &Path) -> serde_json::Value {
    Case::new(&["generate"])
        .arg(profile)
        .args(&["--date", "2026-11-24", "--format", "json", "--out"])
        .arg(out)
        .run();
    let text = std::fs::read_to_string(out.join("checklist.json")).expect("checklist.json");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn chinese_labels_give_the_same_checklist_as_ascii_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let chinese = dir.path().join("consumer-goods.yaml");
    std::fs::write(&chinese, chinese_consumer_goods()).expect("write");
    let ran = Case::new(&["check"]).arg(&chinese).run();
    assert!(ran.stdout.starts_with("ok:"), "{}", ran.stdout);

    let ascii = checklist_json(&example("consumer-goods.yaml"), &dir.path().join("ascii"));
    let han = checklist_json(&chinese, &dir.path().join("han"));
    assert_eq!(ascii["company"], han["company"]);
    assert_eq!(ascii["lines"], han["lines"]);
    assert_eq!(ascii["groups"], han["groups"]);
    assert_eq!(ascii["excluded"], han["excluded"]);
    // The JSON keeps the ASCII keys.
    assert_eq!(han["company"]["role"], "both");
}

#[test]
fn misspelt_chinese_labels_get_a_chinese_suggestion_at_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typo.yaml");
    let text = chinese_consumer_goods()
        .replace("channels: [网店, 出口]", "channels: [网络消售, 出口]")
        .replace("frequency: 每批", "frequency: 每批次检")
        .replace("role: 生产和销售", "role: 生产企亚");
    std::fs::write(&path, &text).expect("write");
    let ran = Case::new(&["check"]).arg(&path).code(1).run();
    let err = &ran.stderr;
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("line")
    };
    for (bad, suggestion) in [
        ("网络消售", "网络销售"),
        ("生产企亚", "生产企业"),
        ("每批次检", "每批次"),
    ] {
        let line = line_of(bad);
        let column = text.lines().nth(line - 1).unwrap().find(bad).unwrap();
        let column = text.lines().nth(line - 1).unwrap()[..column]
            .chars()
            .count()
            + 1;
        assert!(
            err.contains(&format!("typo.yaml:{line}:{column}")),
            "{bad} at {line}:{column}: {err}"
        );
        assert!(
            err.contains(&format!("unknown value `{bad}`"))
                && err.contains(&format!("did you mean `{suggestion}`?")),
            "{bad}: {err}"
        );
    }
    // ASCII typos still get ASCII suggestions.
    let ascii = text.replace(
        "channels: [批发, 零售门店]",
        "channels: [wholesal, 零售门店]",
    );
    std::fs::write(&path, &ascii).expect("write");
    let ran = Case::new(&["check"]).arg(&path).code(1).run();
    assert!(
        ran.stderr.contains("did you mean `wholesale`?"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_misspelt_chinese_pin_suggests_the_product_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pin.yaml");
    let text = chinese_consumer_goods().replace("儿童及婴幼儿服装", "儿童及婴幼儿服饰装");
    std::fs::write(&path, &text).expect("write");
    let ran = Case::new(&["check"]).arg(&path).code(1).run();
    assert!(
        ran.stderr.contains("did you mean `儿童及婴幼儿服装`?"),
        "{}",
        ran.stderr
    );
}

#[test]
fn check_warns_about_the_sample_values_init_wrote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.yaml");
    Case::new(&["init"]).arg(&path).run();
    let ran = Case::new(&["check"]).arg(&path).run();
    let starter = std::fs::read_to_string(&path).expect("starter");
    for sample in ["张三", "李四", "王五", "91330100MA27XY312C"] {
        let line = starter
            .lines()
            .position(|l| l.contains(&format!(" {sample}")))
            .map(|i| i + 1)
            .expect("sample in starter");
        assert!(
            ran.stderr.contains(&format!("new.yaml:{line}:"))
                && ran
                    .stderr
                    .contains(&format!("`{sample}` is the sample value")),
            "{sample}: {}",
            ran.stderr
        );
    }
    // Once the company's own values are in, the warnings go.
    let own = starter
        .replace("张三", "陈建国")
        .replace("李四", "周敏")
        .replace("王五", "刘洋")
        .replace("示例电器有限公司", "慈溪市海通电器有限公司")
        .replace(
            "浙江省杭州市示例区示例路 1 号",
            "浙江省慈溪市观海卫镇工业园 8 号",
        )
        .replace("91330100MA27XY312C", "91330282MA2AXX4Q15")
        .replace("2021010701000001", "2024010701654321");
    std::fs::write(&path, own).expect("write");
    let ran = Case::new(&["check"]).arg(&path).run();
    assert!(!ran.stderr.contains("sample value"), "{}", ran.stderr);
}
