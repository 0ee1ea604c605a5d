//! Standards by date (issue 9), through the CLI: the edition in force on the document date,
//! transition items and warnings per line, `riskctl standards`, certificate renewal warnings, and
//! the validation of every citation in the embedded catalog against the standards registry.
use std::path::{Path, PathBuf};

use riskctl::model::{Checklist, Group, Item, ProvenanceKind};
use riskctl::standards::{
    CitationStatus, Registry, catalog_texts, checklist_texts, is_pinned, parse_citations, survey,
};

use super::common::{Case, example, examples, root};

fn data(name: &str) -> PathBuf {
    root().join("tests/data/standards").join(name)
}

/// `generate --format json` on `date`: the checklist model and what was printed on stderr.
fn checklist(profile: &Path, date: &str) -> (Checklist, String) {
    let out = tempfile::tempdir().unwrap();
    let ran = Case::new(&["generate"])
        .arg(profile)
        .arg("--out")
        .arg(out.path())
        .args(&["--date", date, "--format", "json"])
        .run();
    let json = std::fs::read_to_string(out.path().join("checklist.json")).unwrap();
    (serde_json::from_str(&json).unwrap(), ran.stderr)
}

fn group<'a>(c: &'a Checklist, line: &str) -> &'a Group {
    c.groups.iter().find(|g| g.id == line).expect("line group")
}

fn transitions(g: &Group) -> Vec<&Item> {
    g.items
        .iter()
        .filter(|i| i.provenance.kind == ProvenanceKind::Standard)
        .collect()
}

/// Every text of the group's catalog items (not the transition items, which name both editions).
fn cited(g: &Group) -> String {
    g.items
        .iter()
        .filter(|i| i.provenance.kind != ProvenanceKind::Standard)
        .flat_map(|i| {
            [&i.basis, &i.point, &i.hazard, &i.check]
                .into_iter()
                .chain(&i.measures)
        })
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts one transition item from `old` to `new` on `effective`, and its warning once.
fn assert_transition(
    c: &Checklist,
    stderr: &str,
    line: &str,
    old: &str,
    new: &str,
    effective: &str,
) {
    let g = group(c, line);
    let day = chrono::NaiveDate::parse_from_str(effective, "%Y-%m-%d").expect("a date");
    let point = format!(
        "标准换版：{old} → {new}（{}实施）",
        riskctl::model::chinese_date(day)
    );
    let items: Vec<&Item> = transitions(g)
        .into_iter()
        .filter(|i| i.point == point)
        .collect();
    assert_eq!(items.len(), 1, "{line}: {point} in {:#?}", transitions(g));
    let item = items[0];
    assert_eq!(item.stage_label, "设计开发");
    let measures = item.measures.join("\n");
    for word in ["差异分析", "型式试验", "标签"] {
        assert!(measures.contains(word), "{word} in {measures}");
    }
    let warning = format!("product line `{line}`: standard change {old} → {new}");
    assert_eq!(
        stderr.matches(&warning).count(),
        1,
        "{warning} once in {stderr}"
    );
}

#[test]
fn no_item_of_any_example_cites_a_superseded_edition_on_2026_11_30() {
    let registry = Registry::embedded().unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for profile in examples() {
        let (mut c, _) = checklist(&profile, "2026-11-30");
        // A transition item names the edition it replaces on purpose, outside its basis.
        for item in c.groups.iter_mut().flat_map(|g| &mut g.items) {
            if item.provenance.kind == ProvenanceKind::Standard {
                assert!(item.point.starts_with("标准换版："));
                item.point.clear();
                item.hazard.clear();
                item.measures.clear();
            }
        }
        let texts = checklist_texts(&c);
        assert!(texts.iter().any(|t| !parse_citations(t).is_empty()));
        for row in survey(texts, registry, date).iter().filter(|r| !r.pinned) {
            assert!(
                matches!(
                    row.status,
                    Some(CitationStatus::Current | CitationStatus::Undated)
                ),
                "{}: {} is {}",
                profile.display(),
                row.cited,
                row.status_label
            );
        }
    }
}

#[test]
fn kettle_before_the_2024_series_cites_the_2005_edition_and_prepares_the_switch() {
    let (c, stderr) = checklist(&example("consumer-goods.yaml"), "2026-03-02");
    let kettle = group(&c, "kettle");
    let text = cited(kettle);
    assert!(text.contains("GB 4706.1-2005"), "{text}");
    assert!(!text.contains("4706.1-2024"), "{text}");
    assert_transition(
        &c,
        &stderr,
        "kettle",
        "GB 4706.1-2005",
        "GB/T 4706.1-2024",
        "2026-08-01",
    );
    let item = transitions(kettle)
        .into_iter()
        .find(|i| i.point.contains("GB/T 4706.1-2024"))
        .unwrap();
    // The kettle is under CCC: the conversion deadline is named.
    assert!(
        item.measures
            .iter()
            .any(|m| m.contains("CCC") && m.contains("2026年8月1日")),
        "{:?}",
        item.measures
    );
    // Numbered through the checklist, sorted by stage.
    let numbers: Vec<usize> = c
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| i.no)
        .collect();
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());

    let (c, stderr) = checklist(&example("consumer-goods.yaml"), "2026-11-30");
    let text = cited(group(&c, "kettle"));
    assert!(text.contains("GB/T 4706.1-2024") && !text.contains("GB 4706.1-2005"));
    // 2026-08-01 is within six months before: the switch is confirmed, still once.
    assert_transition(
        &c,
        &stderr,
        "kettle",
        "GB 4706.1-2005",
        "GB/T 4706.1-2024",
        "2026-08-01",
    );
    // The profile's own list names the withdrawn edition.
    assert!(stderr.contains(
        "product line `kettle`: standards list names GB 4706.1-2005, superseded by GB/T 4706.1-2024 since 2026-08-01"
    ));
    // The revocation milestone (2026-11-01) keeps the change in view for six months.
    let (c, _) = checklist(&example("consumer-goods.yaml"), "2027-03-01");
    assert!(
        transitions(group(&c, "kettle"))
            .iter()
            .any(|i| i.point.contains("4706.1-"))
    );
    let (c, _) = checklist(&example("consumer-goods.yaml"), "2027-06-01");
    assert!(
        transitions(group(&c, "kettle"))
            .iter()
            .all(|i| !i.point.contains("4706.1-"))
    );
}

#[test]
fn ebike_battery_and_fireworks_transitions_follow_the_date() {
    let (c, stderr) = checklist(&example("ebike-maker.yaml"), "2025-06-15");
    // The 2024 edition appears only where it is named with its start date (pinned).
    let text = cited(group(&c, "ebike")).replace("GB 17761-2024（2025年9月1日起实施）", "");
    assert!(
        text.contains("GB 17761-2018") && !text.contains("GB 17761-2024"),
        "{text}"
    );
    assert_transition(
        &c,
        &stderr,
        "ebike",
        "GB 17761-2018",
        "GB 17761-2024",
        "2025-09-01",
    );
    let (c, _) = checklist(&example("ebike-maker.yaml"), "2026-11-30");
    let ebike = group(&c, "ebike");
    assert!(cited(ebike).contains("GB 17761-2024"));
    assert!(
        transitions(ebike)
            .iter()
            .all(|i| !i.point.contains("17761"))
    );

    let (c, stderr) = checklist(&data("ev-battery.yaml"), "2026-03-02");
    assert!(cited(group(&c, "pack")).contains("GB 38031-2020"));
    assert_transition(
        &c,
        &stderr,
        "pack",
        "GB 38031-2020",
        "GB 38031-2025",
        "2026-07-01",
    );
    let (c, _) = checklist(&data("ev-battery.yaml"), "2026-11-30");
    let item = transitions(group(&c, "pack"))
        .into_iter()
        .find(|i| i.point.contains("GB 38031-2025"))
        .expect("recent change, existing types follow on 2027-07-01");
    assert!(
        item.measures.iter().any(|m| m.contains("2027年7月1日")),
        "{:?}",
        item.measures
    );

    let (c, stderr) = checklist(&data("fireworks.yaml"), "2025-12-01");
    assert!(cited(group(&c, "fireworks")).contains("GB 10631-2013"));
    assert_transition(
        &c,
        &stderr,
        "fireworks",
        "GB 10631-2013",
        "GB 10631-2025",
        "2026-05-01",
    );
    let (c, _) = checklist(&data("fireworks.yaml"), "2026-11-30");
    let fireworks = group(&c, "fireworks");
    assert!(cited(fireworks).contains("GB 10631-2025"));
    assert!(
        transitions(fireworks).is_empty(),
        "more than six months after 2026-05-01"
    );
}

#[test]
fn citations_that_name_their_edition_on_purpose_stay_as_written() {
    let registry = Registry::embedded().unwrap();
    let text = "车型仍按已废止的 GB 17761-2018 设计定型；GB 43854-2024；GB 38031-2025（2026-07-01起实施）；GB 38031-2020 振动试验；GB 14746-2006 已由 GB/T 14746-2025 代替";
    let on = |d: &str| {
        let date = d.parse().unwrap();
        registry.rewrite(text, date).unwrap().text
    };
    assert_eq!(
        on("2026-03-02"),
        text,
        "every edition cited is in force, or pinned"
    );
    assert_eq!(
        on("2026-11-30"),
        text.replace("GB 38031-2020 振动试验", "GB 38031-2025 振动试验")
    );
    let pinned: Vec<bool> = parse_citations(text)
        .iter()
        .map(|c| is_pinned(text, c))
        .collect();
    assert_eq!(pinned, [true, false, true, false, true, true]);
}

#[test]
fn standards_command_lists_editions_status_and_changes() {
    let ran = Case::new(&["standards"])
        .arg(example("ebike-maker.yaml"))
        .args(&["--date", "2025-06-15", "--json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["date"], "2025-06-15");
    let rows = report["standards"].as_array().unwrap();
    let row = |cited: &str| {
        rows.iter()
            .find(|r| r["cited"] == cited)
            .unwrap_or_else(|| panic!("{cited} in {rows:?}"))
    };
    let declared = row("GB 17761-2018");
    assert_eq!(declared["status"], "current");
    assert_eq!(declared["changes"][0]["to"][0]["year"], 2024);
    assert_eq!(declared["changes"][0]["effective"], "2025-09-01");
    let catalog = row("GB 17761-2024");
    assert_eq!(
        (&catalog["status"], &catalog["status_label"]),
        (&"not-yet-in-force".into(), &"即将实施".into())
    );
    assert_eq!(catalog["in_force"], "GB 17761-2018");

    let text = Case::new(&["standards", "--date", "2026-11-30"])
        .run()
        .stdout;
    assert!(text.starts_with("目录全部引用（2026-11-30）"), "{text}");
    assert!(
        text.contains("已被替代 0"),
        "{}",
        text.lines().next().unwrap()
    );
    assert!(text.contains("GB/T 4706.1-2024  现行"));
}

#[test]
fn licence_due_for_renewal_six_months_ahead_warns_once_with_date_and_days() {
    // The cable maker's one licence covers three lines and expires on 2027-01-31.
    let (c, stderr) = checklist(&example("cable-maker.yaml"), "2026-08-31");
    let warning = "生产许可证 (苏)XK06-001-00123 (product lines `power-cable`, `building-wire`, `flexible-cable`) expires on 2027-01-31 (153 days left)";
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    assert!(stderr.contains("第二十五条"));
    assert!(
        c.groups
            .iter()
            .all(|g| g.id == "company" || g.items.iter().any(|i| i.id == "rule-licence-renewal"))
    );
    // Seven months ahead the licence is not yet due.
    let (_, stderr) = checklist(&example("cable-maker.yaml"), "2026-06-30");
    assert!(!stderr.contains("XK06-001-00123"), "{stderr}");
}

#[test]
fn a_certificate_shared_by_two_lines_warns_once() {
    let (c, stderr) = checklist(&data("shared-ccc.yaml"), "2026-11-30");
    let warning = "CCC证书 2024010701009999 (product lines `kettle`, `kettle-glass`) expires on 2027-01-31 (62 days left)";
    assert_eq!(stderr.matches("2024010701009999").count(), 1, "{stderr}");
    assert!(stderr.contains(warning), "{stderr}");
    assert_eq!(c.lines[0].ccc.as_ref().unwrap().days_left, 62);
    // 91 days ahead the CCC certificate is not yet due.
    let (_, stderr) = checklist(&data("shared-ccc.yaml"), "2026-11-01");
    assert!(!stderr.contains("2024010701009999"), "{stderr}");
}

#[test]
fn every_catalog_citation_resolves_and_none_is_superseded_at_the_reference_date() {
    let engine = riskctl::Engine::load(&[] as &[&Path]).unwrap();
    let registry = Registry::embedded().unwrap();
    let rows = survey(
        catalog_texts(&engine.catalog),
        registry,
        registry.reference_date(),
    );
    let citations: usize = rows.iter().map(|r| r.citations).sum();
    assert!(citations > 2000, "the whole catalog: {citations}");
    let unresolved: Vec<_> = rows.iter().filter(|r| r.problem.is_some()).collect();
    assert!(unresolved.is_empty(), "{unresolved:#?}");
    let outdated: Vec<_> = rows
        .iter()
        .filter(|r| !r.pinned)
        .filter(|r| match r.status {
            Some(CitationStatus::Current) => false,
            Some(CitationStatus::Undated) => !r.deliberately_undated,
            _ => true,
        })
        .map(|r| format!("{} {} ×{}", r.cited, r.status_label, r.citations))
        .collect();
    assert!(outdated.is_empty(), "{outdated:#?}");
    // The deliberate "current edition" citations carry their mark.
    assert!(
        rows.iter()
            .any(|r| r.cited == "JJF 1070" && r.deliberately_undated)
    );
}

#[test]
fn a_custom_point_citing_an_unknown_number_keeps_it_and_resolves_the_rest() {
    let text = std::fs::read_to_string(example("consumer-goods.yaml"))
        .unwrap()
        .replace(
            "basis: GB 6675.1-2014 第5章",
            "basis: GB 99999-2020 第5章；GB 19865-2005",
        )
        .replace(
            "standards: [GB 6675.1-2014, GB 6675.2-2014]",
            "standards: [GB 6675.1-2014, \"Q/ABC 001-2020\", GB 99999-2020, GB 4706 系列]",
        );
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("hostile.yaml");
    std::fs::write(&profile, text).unwrap();
    let (c, stderr) = checklist(&profile, "2026-11-30");
    let item = group(&c, "toys")
        .items
        .iter()
        .find(|i| i.id == "custom-toy-oem-artwork")
        .unwrap();
    assert_eq!(item.basis, "GB 99999-2020 第5章；GB/T 19865-2024");
    assert!(stderr.contains(
        "checklist item `custom-toy-oem-artwork`: standard GB 99999 is not in the standards registry; cited as written"
    ));
    assert!(stderr.contains(
        "standards list names GB 99999-2020, which the standards registry does not list"
    ));
    assert!(!stderr.contains("Q/ABC"), "{stderr}");
}
