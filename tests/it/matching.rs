//! Matcher accuracy on the development set of real product names (tests/data/matching-dev-set.tsv,
//! copied from the project's shared domain folder). A `NONE` row is correct when the status is not
//! `matched`.
use riskctl::Engine;
use riskctl::rules::matching::MatchStatus;

#[test]
fn dev_set_accuracy_is_at_least_90_percent() {
    let engine = Engine::load(&[] as &[&str]).expect("catalog loads");
    let text = include_str!("../data/matching-dev-set.tsv");
    let mut total = 0;
    let mut correct = 0;
    let mut misses = Vec::new();
    for line in text.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(input), Some(expected)) = (cols.next(), cols.next()) else {
            continue;
        };
        total += 1;
        let result = engine.matcher.match_name(input, &[]);
        let ok = match expected {
            "NONE" => result.status != MatchStatus::Matched,
            name => result.status == MatchStatus::Matched && result.candidates[0].product == name,
        };
        if ok {
            correct += 1;
        } else {
            misses.push(format!(
                "{input} → {:?} {:?} (expected {expected})",
                result.status,
                result.candidates.first().map(|c| &c.product)
            ));
        }
    }
    let accuracy = correct as f64 / total as f64;
    println!(
        "dev-set accuracy: {correct}/{total} = {:.1}%",
        accuracy * 100.0
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(total >= 50);
    assert!(
        accuracy >= 0.90,
        "accuracy {:.1}% below 90%:\n{}",
        accuracy * 100.0,
        misses.join("\n")
    );
}

#[test]
fn statuses_are_explained_and_pins_win() {
    let engine = Engine::load(&[] as &[&str]).expect("catalog loads");
    let m = engine.matcher.match_name("ZR-RVV 4*1m㎡", &[]);
    assert_eq!(m.status, MatchStatus::Matched);
    assert_eq!(m.candidates[0].product_id, "wire-cable");
    assert!(!m.candidates[0].evidence.is_empty());
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
