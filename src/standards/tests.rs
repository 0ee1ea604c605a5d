use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_yaml_ng::Value;

use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn registry() -> &'static Registry {
    Registry::embedded().expect("embedded registry is valid")
}

fn resolve(citation: &str, date: &str) -> Resolution {
    let mut all = parse_citations(citation);
    assert_eq!(all.len(), 1, "{citation}");
    registry()
        .resolve(&all.remove(0), day(date))
        .unwrap_or_else(|e| panic!("{citation}: {e}"))
}

fn in_force(r: &Resolution) -> String {
    r.in_force
        .as_ref()
        .map(|f| f.edition.to_string())
        .unwrap_or_default()
}

/// (phase, from, first target, effective)
fn transitions(r: &Resolution) -> Vec<(Phase, String, String, String)> {
    r.transitions
        .iter()
        .map(|t| {
            (
                t.phase,
                t.change.from.to_string(),
                t.change.to[0].to_string(),
                t.change.effective.to_string(),
            )
        })
        .collect()
}

#[test]
fn household_safety_switches_to_gbt_4706_on_2026_08_01() {
    let before = resolve("GB 4706.1-2005 第22章", "2026-03-02");
    assert_eq!(before.status, CitationStatus::Current);
    assert_eq!(before.text(), "GB 4706.1-2005 第22章");
    assert_eq!(
        transitions(&before),
        [(
            Phase::Upcoming,
            "GB 4706.1-2005".into(),
            "GB/T 4706.1-2024".into(),
            "2026-08-01".into()
        )]
    );
    let milestones: Vec<_> = before.transitions[0]
        .change
        .milestones
        .iter()
        .map(|m| m.date.to_string())
        .collect();
    assert_eq!(milestones, ["2026-08-01", "2026-11-01"]);

    let after = resolve("GB 4706.1-2005 第22章", "2026-11-30");
    assert!(after.is_superseded());
    assert_eq!(
        after.text(),
        "GB/T 4706.1-2024",
        "clauses renumbered: no clause"
    );
    assert_eq!(transitions(&after)[0].0, Phase::Recent);

    // Citing the new edition before its date falls back to the old one.
    let early = resolve("GB/T 4706.1-2024", "2026-03-02");
    assert_eq!(early.status, CitationStatus::NotYetInForce);
    assert_eq!(in_force(&early), "GB 4706.1-2005");
    assert_eq!(resolve("GB 4706.1", "2026-11-30").text(), "GB/T 4706.1");
    assert_eq!(resolve("GB 4706.1", "2026-03-02").text(), "GB 4706.1");
}

#[test]
fn transition_windows_are_12_months_ahead_and_6_months_back() {
    let phases = |date: &str| -> Vec<Phase> {
        let r = resolve("GB 4706.1-2005", date);
        r.transitions.iter().map(|t| t.phase).collect()
    };
    assert_eq!(phases("2025-07-31"), []);
    assert_eq!(phases("2025-08-01"), [Phase::Upcoming]);
    assert_eq!(phases("2026-08-01"), [Phase::Recent]);
    assert_eq!(phases("2027-02-01"), [Phase::Recent]);
    // The 2026-11-01 revocation milestone keeps the change in view until 2027-05-01.
    assert_eq!(phases("2027-02-02"), [Phase::Ongoing]);
    assert_eq!(phases("2027-05-02"), []);
}

#[test]
fn rewrites_a_basis_text_for_the_document_date() {
    let basis = "GB 4706.1-2005 第22章；相关 GB 4706 第2部分；GB/T 5023.1-2008、按 GB 17761-2018 第6章 规定判定";
    let early = registry()
        .rewrite(basis, day("2025-06-01"))
        .expect("resolves");
    assert_eq!(early.text, basis);
    assert_eq!(early.resolutions.len(), 3);
    let late = registry()
        .rewrite(basis, day("2026-11-30"))
        .expect("resolves");
    assert_eq!(
        late.text,
        "GB/T 4706.1-2024；相关 GB 4706 第2部分；GB/T 5023.1-2008、按 GB 17761-2024 规定判定"
    );
    assert!(
        registry()
            .rewrite("GB 99999-2020", day("2026-11-30"))
            .is_err()
    );
}

#[test]
fn part_2s_follow_the_series_with_its_verification_state() {
    let r = resolve("GB 4706.13-2014 第22章", "2026-11-30");
    let f = r.in_force.expect("in force");
    assert_eq!(f.edition.to_string(), "GB/T 4706.13-2024");
    assert_eq!(f.verified, Verified::DomainDocSeries);
}

#[test]
fn e_bike_battery_and_fireworks_editions_by_date() {
    let bike = resolve("GB 17761-2018", "2025-06-01");
    assert_eq!(bike.status, CitationStatus::Current);
    assert_eq!(transitions(&bike)[0].0, Phase::Upcoming);
    assert_eq!(transitions(&bike)[0].3, "2025-09-01");
    let bike = resolve("GB 17761-2018", "2026-11-30");
    assert_eq!(in_force(&bike), "GB 17761-2024");
    assert!(
        bike.transitions.is_empty(),
        "switch and end of old stock are over a year ago"
    );

    let battery = resolve("GB 38031-2020", "2026-11-30");
    assert_eq!(in_force(&battery), "GB 38031-2025");
    assert_eq!(transitions(&battery)[0].0, Phase::Recent);
    let battery = resolve("GB 38031-2020", "2027-03-01");
    assert_eq!(
        battery.transitions[0].phase,
        Phase::Ongoing,
        "all types by 2027-07-01"
    );

    for old in ["GB 10631-2013", "GB 31368-2015", "GB 24426-2015"] {
        let before = resolve(old, "2026-03-02");
        assert_eq!(before.status, CitationStatus::Current, "{old}");
        assert_eq!(
            transitions(&before)[0],
            (
                Phase::Upcoming,
                old.into(),
                "GB 10631-2025".into(),
                "2026-05-01".into()
            )
        );
        assert_eq!(
            in_force(&resolve(old, "2026-11-30")),
            "GB 10631-2025",
            "{old}"
        );
    }
}

/// Every row of the table in standards-2026.md: (cited, successor, in force from).
const DOMAIN_DOC_SWITCHES: &[(&str, &str, &str)] = &[
    ("GB 4706.1-2005", "GB/T 4706.1-2024", "2026-08-01"),
    ("GB 17761-2018", "GB 17761-2024", "2025-09-01"),
    ("GB 38031-2020", "GB 38031-2025", "2026-07-01"),
    ("GB 7000.1-2015", "GB/T 7000.1-2023", "2026-01-01"),
    ("GB 7247.1-2012", "GB/T 7247.1-2024", "2025-04-01"),
    ("GB 34668-2017", "GB 34668-2024", "2025-08-01"),
    ("GB 10631-2013", "GB 10631-2025", "2026-05-01"),
    ("GB 31368-2015", "GB 10631-2025", "2026-05-01"),
    ("GB 24426-2015", "GB 10631-2025", "2026-05-01"),
    ("GB 18580-2017", "GB 18580-2025", "2026-06-01"),
    ("GB 4343.1-2018", "GB 4343.1-2024", "2026-06-01"),
    ("GB 19865-2005", "GB/T 19865-2024", "2026-08-01"),
    ("GB 14746-2006", "GB/T 14746-2025", "2026-11-01"),
    ("GB 14747-2006", "GB/T 14747-2025", "2026-11-01"),
    ("GB/T 7251.1-2013", "GB/T 7251.1-2023", "2024-03-01"),
    ("GB/T 14048.1-2012", "GB/T 14048.1-2023", "2024-06-01"),
    ("GB/T 10002.1-2006", "GB/T 10002.1-2023", "2024-04-01"),
    ("GB/T 10002.2-2003", "GB/T 10002.2-2023", "2024-04-01"),
    ("GB/T 2099.7-2015", "GB 2099.7-2024", "2025-08-01"),
    ("GB/T 1002-2021", "GB 1002-2024", "2025-08-01"),
    ("GB/T 16915.1-2014", "GB/T 16915.1-2024", "2025-10-01"),
    ("NB/T 47014-2011", "NB/T 47014-2023", "2024-06-28"),
    ("GB 8624-2012", "GB 8624-2025", "2027-01-01"),
    ("GB 11174-2011", "GB 11174-2025", "2026-11-01"),
];

#[test]
fn every_switch_of_the_domain_notes_happens_on_its_date() {
    for &(old, new, from) in DOMAIN_DOC_SWITCHES {
        let eve = (day(from) - chrono::Days::new(1)).to_string();
        let before = resolve(old, &eve);
        assert_eq!(
            (before.status, in_force(&before)),
            (CitationStatus::Current, old.to_owned()),
            "{old} on {eve}"
        );
        assert_eq!(
            transitions(&before),
            [(
                Phase::Upcoming,
                old.to_owned(),
                new.to_owned(),
                from.to_owned()
            )],
            "{old} on {eve}"
        );
        let on = resolve(old, from);
        assert_eq!(
            (on.status, in_force(&on)),
            (CitationStatus::Superseded, new.to_owned()),
            "{old} on {from}"
        );
        assert_eq!(transitions(&on)[0].0, Phase::Recent, "{old} on {from}");
        // A merged standard falls back to its own old edition, not to the ones merged into it.
        let fallback = if new == "GB 10631-2025" {
            "GB 10631-2013"
        } else {
            old
        };
        assert_eq!(
            in_force(&resolve(new, &eve)),
            fallback,
            "{new} cited on {eve}"
        );
    }
}

#[test]
fn prams_gain_the_new_general_mandatory_standard() {
    let r = resolve("GB 14746-2006", "2026-11-30");
    assert_eq!(r.text(), "GB/T 14746-2025、GB 46517-2025");
    assert_eq!(transitions(&r)[0].0, Phase::Recent);
    assert_eq!(
        resolve("GB 14746-2006", "2026-10-31").text(),
        "GB 14746-2006"
    );
}

#[test]
fn current_editions_and_later_switches() {
    let r = resolve("GB 8624-2012", "2026-11-30");
    assert_eq!(r.status, CitationStatus::Current);
    assert_eq!(transitions(&r)[0].3, "2027-01-01");
    let r = resolve("GB/T 7251.1-2013", "2026-11-30");
    assert_eq!(
        (in_force(&r).as_str(), r.transitions.len()),
        ("GB/T 7251.1-2023", 0)
    );
    let r = resolve("GB/T 2099.7-2015", "2026-11-30");
    assert_eq!(in_force(&r), "GB 2099.7-2024", "prefix change to mandatory");
}

#[test]
fn unknown_numbers_editions_and_series_are_errors() {
    let reg = registry();
    let date = day("2026-11-30");
    let cite = |t: &str| parse_citations(t).remove(0);
    assert_eq!(
        reg.resolve(&cite("GB 99999-2020"), date),
        Err(StandardsError::UnknownNumber("GB 99999".into()))
    );
    assert!(matches!(
        reg.resolve(&cite("GB 4706.1-1998"), date),
        Err(StandardsError::UnknownEdition(_))
    ));
    assert!(matches!(
        reg.resolve(&cite("GB 4706 系列"), date),
        Err(StandardsError::Series(_))
    ));
}

const SMALL: &str = "reference_date: 2026-11-30
standards:
  - number: GB 1
    title: 甲
    kind: mandatory
    verified: unverified
    editions:
      - {year: 2010, published: null, implemented: null, verified: unverified}
    replaced_by:
      - {number: GB/T 1, year: 2024}
  - number: GB/T 1
    title: 甲
    kind: recommended
    verified: unverified
    editions:
      - {year: 2024, published: 2024-07-24, implemented: 2026-08-01, verified: domain-doc}
    replaces:
      - {number: GB 1, year: 2010}
";

fn invalid(text: &str) -> String {
    match Registry::parse("t.yaml", text) {
        Err(StandardsError::Invalid { message, .. }) => message,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn small_registry_parses_and_validates() {
    let reg = Registry::parse("t.yaml", SMALL).expect("valid");
    assert_eq!(reg.standards().len(), 2);
    assert_eq!(reg.get("GB/T1").map(|s| s.kind), Some(Kind::Recommended));
    let f = reg
        .edition_in_force("GB/T 1", day("2026-01-01"))
        .unwrap()
        .unwrap();
    assert_eq!(f.edition.to_string(), "GB 1-2010");
    assert_eq!(
        reg.edition_in_force("GB 1", day("2009-12-31")).unwrap(),
        None
    );

    let block = &SMALL[SMALL.find("  - number: GB/T 1").expect("block")..];
    assert!(invalid(&format!("{SMALL}{block}")).contains("twice"));
    assert!(invalid(&SMALL.replace("kind: recommended", "kind: mandatory")).contains("prefix"));
    assert!(
        invalid(&SMALL.replace(
            "{number: GB/T 1, year: 2024}",
            "{number: GB/T 1, year: 2023}"
        ))
        .contains("no such edition")
    );
    let one_sided = SMALL.replace("    replaces:\n      - {number: GB 1, year: 2010}\n", "");
    assert!(invalid(&one_sided).contains("replaces"));
    let unordered = SMALL.replace(
        "      - {year: 2010, published: null, implemented: null, verified: unverified}",
        "      - {year: 2010, published: null, implemented: null, verified: unverified}\n      - {year: 2005, published: null, implemented: null, verified: unverified}",
    );
    assert!(invalid(&unordered).contains("ascending"));
}

#[test]
fn parse_errors_carry_line_and_column() {
    let err = Registry::parse(
        "t.yaml",
        &SMALL.replace(
            "    title: 甲\n    kind: recommended",
            "    titel: 甲\n    kind: recommended",
        ),
    );
    match err {
        Err(StandardsError::Parse { line, column, .. }) => assert_eq!((line, column), (12, 5)),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// A citation found in a catalog file: file, id of the closest enclosing entry, field, citation.
struct Found {
    file: String,
    id: String,
    field: String,
    citation: Citation,
    /// Names its edition on purpose ([`is_pinned`]).
    pinned: bool,
}

fn walk(value: &Value, file: &str, id: &str, field: &str, out: &mut Vec<Found>) {
    match value {
        Value::Mapping(map) => {
            let id = map.get("id").and_then(Value::as_str).unwrap_or(id);
            for (k, v) in map {
                let key = k.as_str().unwrap_or(field);
                // Fact detection words match a line's text; they cite nothing.
                if !matches!(key, "detect" | "detect_not") {
                    walk(v, file, id, key, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| walk(v, file, id, field, out)),
        Value::String(text) => {
            out.extend(parse_citations(text).into_iter().map(|citation| Found {
                file: file.to_owned(),
                id: id.to_owned(),
                field: field.to_owned(),
                pinned: is_pinned(text, &citation),
                citation,
            }))
        }
        _ => {}
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("catalog dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// Every standard citation in every string of catalog/national, as raw YAML.
fn catalog_citations() -> Vec<Found> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("catalog/national"), &mut files);
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable catalog file");
        let value: Value = serde_yaml_ng::from_str(&text).expect("catalog file is YAML");
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        walk(&value, &name, "", "", &mut out);
    }
    out
}

#[test]
fn every_catalog_citation_resolves_to_a_registry_entry() {
    let reg = registry();
    let found = catalog_citations();
    assert!(
        found.len() > 2000,
        "expected the whole catalog, got {} citations",
        found.len()
    );
    let failures: Vec<String> = found
        .iter()
        .filter(|f| !f.citation.series)
        .filter_map(|f| {
            let e = reg.resolve(&f.citation, reg.reference_date()).err()?;
            Some(format!("{} {} {}: {e}", f.file, f.id, f.field))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 9, item 4: no catalog citation is superseded at the reference date, or undated unless it
/// says it means the current edition; citations that name their edition on purpose are exempt.
/// Run with `cargo test --release --lib standards -- --nocapture` for the list on failure
/// (tab-separated: file, entry id, field, citation, status, edition in force, text to print).
#[test]
fn catalog_cites_no_superseded_edition() {
    let reg = registry();
    let mut superseded = Vec::new();
    let citations = catalog_citations();
    for f in citations
        .iter()
        .filter(|f| !f.citation.series && !f.pinned && !is_deliberately_undated(&f.citation))
    {
        let r = reg
            .resolve(&f.citation, reg.reference_date())
            .expect("resolves");
        if r.is_superseded() || f.citation.year.is_none() {
            superseded.push(format!(
                "{}\t{}\t{}\t{}\t{:?}\t{}\t{}",
                f.file,
                f.id,
                f.field,
                f.citation,
                r.status,
                in_force(&r),
                r.text()
            ));
        }
    }
    println!("{}", superseded.join("\n"));
    assert!(
        superseded.is_empty(),
        "{} citations superseded or undated",
        superseded.len()
    );
}

/// The embedded registry is decoded from the blob the build script wrote; it must decode (not fall
/// back to the YAML) and say what the YAML says.
#[test]
fn the_compiled_registry_equals_a_fresh_parse_of_the_yaml() {
    let compiled: RegistryFile = postcard::from_bytes(crate::assets::REGISTRY_BLOB).unwrap();
    let compiled = Registry::indexed(compiled);
    let parsed = Registry::parse(EMBEDDED_NAME, EMBEDDED).unwrap();
    assert!(!parsed.standards().is_empty());
    assert_eq!(compiled.standards(), parsed.standards());
    assert_eq!(compiled.reference_date(), parsed.reference_date());
}

/// Between two breakpoints every citation of every edition resolves alike (what `records import`
/// relies on to resolve a checklist once for many dates), and the breakpoints named in the
/// windows test are among them.
#[test]
fn no_resolution_changes_between_breakpoints() {
    let registry = registry();
    let breakpoints = registry.breakpoints();
    for d in ["2025-08-01", "2026-08-01", "2027-02-02", "2027-05-02"] {
        assert!(breakpoints.contains(&day(d)), "{d}");
    }
    let citations: Vec<Citation> = registry
        .standards()
        .iter()
        .flat_map(|s| {
            s.editions
                .iter()
                .flat_map(|e| parse_citations(&format!("{}-{}", s.number, e.year)))
        })
        .filter(|c| !c.series)
        .collect();
    assert!(citations.len() > 500, "{}", citations.len());
    let resolve_all = |date: NaiveDate| -> Vec<Resolution> {
        citations
            .iter()
            .map(|c| registry.resolve(c, date).unwrap())
            .collect()
    };
    let mut date = day("2025-10-01");
    let mut before = resolve_all(date);
    let mut unchanged = 0;
    while date < day("2027-10-01") {
        date = date.succ_opt().unwrap();
        let now = resolve_all(date);
        if !breakpoints.contains(&date) {
            assert!(now == before, "a resolution changed on {date}");
            unchanged += 1;
        }
        before = now;
    }
    assert!(unchanged > 300, "{unchanged} days without a breakpoint");
}
