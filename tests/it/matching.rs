//! Matcher accuracy on the development set of real product names (tests/data/matching-dev-set.tsv,
//! copied from the project's shared domain folder), on everyday names we wrote from what each
//! product is (matching-everyday.tsv), and on accessories, parts, packaging, medical namesakes and
//! look-alikes that must not be matched (matching-decoys.tsv). A `NONE` row is correct when the
//! status is not `matched`.
use riskctl::Engine;
use riskctl::rules::matching::{ClueKind, MatchStatus, Matcher, PinError};

fn engine() -> Engine {
    Engine::load(&[] as &[&str]).expect("catalog loads")
}

/// Rows of a TSV file with a header: (input, expected).
fn rows(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?, cols.next()?))
        })
        .collect()
}

/// Share of rows right, and the misses; `by_id` compares product ids instead of names.
fn accuracy(matcher: &Matcher, rows: &[(&str, &str)], by_id: bool) -> (f64, Vec<String>) {
    let mut misses = Vec::new();
    for (input, expected) in rows {
        let result = matcher.match_name(input, &[]);
        let chosen = result
            .chosen()
            .map(|c| if by_id { &c.product_id } else { &c.product });
        let ok = match *expected {
            "NONE" => result.status != MatchStatus::Matched,
            want => chosen.is_some_and(|c| c == want),
        };
        if !ok {
            misses.push(format!(
                "{input} → {:?} {:?} (expected {expected})",
                result.status,
                result.candidates.first().map(|c| &c.product_id)
            ));
        }
    }
    let share = 1.0 - misses.len() as f64 / rows.len() as f64;
    (share, misses)
}

#[test]
fn dev_set_accuracy_is_at_least_90_percent() {
    let engine = engine();
    let rows = rows(include_str!("../data/matching-dev-set.tsv"));
    assert!(rows.len() >= 50);
    let (share, misses) = accuracy(&engine.matcher, &rows, false);
    println!("dev-set accuracy: {:.1}% of {}", share * 100.0, rows.len());
    assert!(
        share >= 0.90,
        "{:.1}%:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}

#[test]
fn everyday_names_across_all_categories_are_at_least_95_percent() {
    let engine = engine();
    let rows = rows(include_str!("../data/matching-everyday.tsv"));
    assert!(rows.len() >= 60);
    let categories: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|(_, id)| engine.catalog.product(id).map(|p| p.category.as_str()))
        .collect();
    assert_eq!(categories.len(), 13, "every category is represented");
    let (share, misses) = accuracy(&engine.matcher, &rows, true);
    println!("everyday accuracy: {:.1}% of {}", share * 100.0, rows.len());
    assert!(
        share >= 0.95,
        "{:.1}%:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}

#[test]
fn accessories_parts_medical_namesakes_and_look_alikes_are_never_matched() {
    let engine = engine();
    let rows = rows(include_str!("../data/matching-decoys.tsv"));
    assert!(rows.len() >= 60);
    let false_matches: Vec<String> = rows
        .iter()
        .filter_map(|(input, kind)| {
            let r = engine.matcher.match_name(input, &[]);
            r.chosen()
                .map(|c| format!("{input} ({kind}) → {} {}", c.product_id, c.score))
        })
        .collect();
    assert!(false_matches.is_empty(), "{}", false_matches.join("\n"));
}

#[test]
fn a_vetoed_accessory_shows_why() {
    let engine = engine();
    let r = engine.matcher.match_name("手机壳 iPhone15", &[]);
    assert_eq!(r.status, MatchStatus::Unmatched);
    let phone = r
        .candidates
        .iter()
        .find(|c| c.product_id == "mobile-phone")
        .expect("the phone is listed, vetoed");
    assert!(phone.vetoed());
    assert!(
        phone
            .clues
            .iter()
            .any(|c| c.kind == ClueKind::AccessoryVeto && c.text == "壳")
    );
    assert!(
        r.candidates
            .iter()
            .all(|c| c.product_id != "wood-based-panels"),
        "E1 inside IPHONE15 is no clue"
    );
    let json = serde_json::to_value(phone).expect("serialises");
    let kinds: Vec<&str> = json["clues"]
        .as_array()
        .expect("clues")
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"name") && kinds.contains(&"accessory-veto"),
        "{kinds:?}"
    );
}

#[test]
fn statuses_are_explained_and_pins_win() {
    let engine = engine();
    let m = engine.matcher.match_name("ZR-RVV 4*1m㎡", &[]);
    assert_eq!(m.status, MatchStatus::Matched);
    assert_eq!(m.candidates[0].product_id, "wire-cable");
    assert!(
        m.candidates[0]
            .clues
            .iter()
            .any(|c| c.kind == ClueKind::Pattern)
    );
    let head = engine.matcher.match_name("家用电动洗衣机", &[]);
    assert!(
        head.candidates[0]
            .clues
            .iter()
            .any(|c| c.kind == ClueKind::HeadNoun)
    );
    let none = engine.matcher.match_name("量子纠缠通信卫星", &[]);
    assert_eq!(none.status, MatchStatus::Unmatched);
    let cited = engine
        .matcher
        .match_name("新款 XR-9", &["GB 17761-2018".to_string()]);
    assert_eq!(
        cited.candidates.first().map(|c| c.product_id.as_str()),
        Some("ebike"),
        "a cited standard is evidence"
    );
}

#[test]
fn two_fitting_products_are_ambiguous_and_both_listed() {
    let engine = engine();
    // One kettle and one rice cooker named side by side: both fit, neither wins.
    let r = engine.matcher.match_name("电水壶 电饭锅", &[]);
    assert_eq!(r.status, MatchStatus::Ambiguous, "{r:?}");
    let ids: Vec<&str> = r.candidates.iter().map(|c| c.product_id.as_str()).collect();
    assert!(
        ids.contains(&"electric-kettle") && ids.contains(&"rice-cooker"),
        "{ids:?}"
    );
}

#[test]
fn search_ranks_by_relevance_without_unrelated_hits() {
    let engine = engine();
    let hits = engine.matcher.search("LED");
    let ids: Vec<&str> = hits.iter().map(|h| h.product_id.as_str()).collect();
    assert!(ids.contains(&"led-lamp-self-ballasted"), "{ids:?}");
    assert!(!ids.contains(&"hot-rolled-rebar"), "{ids:?}");
    assert!(!ids.contains(&"cold-rolled-ribbed-rebar"), "{ids:?}");
    let exact = engine.matcher.search("电水壶");
    assert_eq!(exact[0].product_id, "electric-kettle");
    assert!(exact.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(engine.matcher.search("量子纠缠").is_empty());
}

#[test]
fn a_pin_may_name_the_product_in_chinese() {
    let m = &engine().matcher;
    assert_eq!(m.resolve_pin("ebike"), Ok("ebike"));
    assert_eq!(m.resolve_pin("电动自行车"), Ok("ebike"));
    assert_eq!(m.resolve_pin("電動自行車"), Ok("ebike"));
    assert_eq!(m.resolve_pin("电饭煲"), Ok("rice-cooker"));
    assert_eq!(m.resolve_pin("电饭锅(电饭煲)"), Ok("rice-cooker"));
    assert!(matches!(
        m.resolve_pin("电动自行车x"),
        Err(PinError::Unknown { .. })
    ));
}

/// A profile may pin a product by an everyday Chinese name: `check` accepts it and the checklist
/// carries the product the name stands for.
#[test]
fn a_pin_may_name_the_product_by_an_alias_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::common::example("consumer-goods.yaml"))
        .unwrap()
        .replace(
            "catalog_product: children-clothing",
            "catalog_product: 童装",
        );
    let profile = dir.path().join("pinned.yaml");
    std::fs::write(&profile, text).unwrap();
    crate::common::Case::new(&["check"])
        .arg(&profile)
        .code(0)
        .run();
    let out = crate::common::Case::new(&["explain", "--date", "2026-11-30"])
        .arg(&profile)
        .code(0)
        .run()
        .stdout;
    assert!(out.contains("children-clothing"), "{out}");
}
