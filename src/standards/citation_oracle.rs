//! The hand-written citation scanner against the regular expressions it replaced, kept here as the
//! oracle: over every text of the embedded catalog, the registry and the examples, and over
//! generated hostile strings, both must find the same citations field for field, spans included.
use std::path::Path;

use regex::Regex;
use serde_yaml_ng::Value;

use super::{Citation, parse_citations};

const PREFIXES: &str = "GB/T|GB/Z|GB|JJF|JJG|TSG|(?:AQ|BB|CB|CJ|DL|FZ|GA|GY|HG|HJ|JB|JC|JG|JR|JT|LD|LY|MH|MT|NB|NY|QB|QC|SB|SH|SJ|SL|SN|TB|WB|WS|XF|YB|YD|YY|YZ)(?:/T)?";
const SPACE: &str = r"[\t\n\x0B\x0C\r ]";
const SEPARATORS: &[char] = &['；', ';', '、', '，', ',', '。'];

struct Oracle {
    citation: Regex,
    clause: Regex,
}

impl Oracle {
    fn new() -> Oracle {
        let number = r"[0-9]+(?:\.[0-9]+)*";
        Oracle {
            citation: Regex::new(&format!(
                r"({PREFIXES}){SPACE}?({number})(?:{SPACE}?[-–—]{SPACE}?([0-9]{{4}}))?"
            ))
            .unwrap(),
            clause: Regex::new(&format!(
                r"^(第{SPACE}*{number}{SPACE}*[章条节款]|附录{SPACE}*[A-Z]+|表{SPACE}*[A-Z]?[0-9]+|[0-9]+(?:\.[0-9]+)+)"
            ))
            .unwrap(),
        }
    }

    /// `parse_citations` as it was with the regular expressions.
    fn parse(&self, text: &str) -> Vec<Citation> {
        let matches: Vec<_> = self
            .citation
            .captures_iter(text)
            .filter(|c| {
                let start = c.get(0).unwrap().start();
                !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric() || p == '/')
            })
            .collect();
        matches
            .iter()
            .enumerate()
            .map(|(i, caps)| {
                let whole = caps.get(0).unwrap();
                let next = matches
                    .get(i + 1)
                    .map_or(text.len(), |c| c.get(0).unwrap().start());
                let rest = text[whole.end()..next]
                    .split(SEPARATORS)
                    .next()
                    .unwrap_or_default()
                    .trim_end();
                let end = whole.end() + rest.len();
                let rest = rest.trim_start();
                let year = caps.get(3).and_then(|y| y.as_str().parse().ok());
                let series = year.is_none() && super::citation::is_series_marker(rest);
                let clause = self.clause.find(rest).map(|m| m.as_str());
                let detail = rest[clause.map_or(0, str::len)..].trim();
                Citation {
                    number: format!("{} {}", &caps[1], &caps[2]),
                    year,
                    clause: clause.map(str::to_owned),
                    detail: (!detail.is_empty()).then(|| detail.to_owned()),
                    series,
                    span: whole.start()..end,
                }
            })
            .collect()
    }

    /// The texts where the scanner and the oracle disagree, with both answers.
    fn differences<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        texts
            .into_iter()
            .filter_map(|text| {
                let (old, new) = (self.parse(text), parse_citations(text));
                (old != new).then(|| format!("{text:?}\n  regex:   {old:?}\n  scanner: {new:?}"))
            })
            .collect()
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => map.values().for_each(|v| strings(v, out)),
        Value::Sequence(items) => items.iter().for_each(|v| strings(v, out)),
        Value::String(text) => out.push(text.clone()),
        _ => {}
    }
}

/// Every string of every YAML file under `dir`.
fn yaml_strings(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_strings(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let value: Value =
                serde_yaml_ng::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            strings(&value, out);
        }
    }
}

#[test]
fn the_scanner_finds_what_the_regex_found_in_every_catalog_text() {
    let oracle = Oracle::new();
    let catalog = crate::catalog::Catalog::builtin().unwrap();
    let texts = super::catalog_texts(&catalog);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut raw = Vec::new();
    for dir in ["catalog", "examples"] {
        yaml_strings(&root.join(dir), &mut raw);
    }
    let cited = texts.iter().filter(|t| !parse_citations(t).is_empty());
    assert!(cited.count() > 1000, "expected the whole catalog");
    let differences = oracle.differences(texts.into_iter().chain(raw.iter().map(String::as_str)));
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Pieces of citations and of what only looks like one, glued into hostile strings.
const PIECES: &[&str] = &[
    "GB",
    "GB/T",
    "GB/Z",
    "/T",
    "/",
    "T",
    "Z",
    "JJF",
    "JJG",
    "TSG",
    "HG/T",
    "QB",
    "YZ",
    "XGB",
    "KN95",
    "PM2.5",
    "PE100",
    "T/CAS",
    "ABGB",
    "gb",
    " ",
    "  ",
    "\t",
    "\u{3000}",
    "4706",
    "1",
    "13",
    ".",
    ".1",
    "-",
    "–",
    "—",
    "‑",
    "2024",
    "202",
    "20241",
    "１２",
    "４７０６",
    "第",
    "5.4",
    "条",
    "章",
    "部分",
    "系列",
    "附录",
    "A",
    "表",
    "B3",
    "5.4.5",
    "；",
    "、",
    "，",
    ",",
    "。",
    "（现行版）",
    "电",
    "é",
    "检验",
    "\n",
    "\r",
    "\u{b}",
    "KN",
    "T95",
];

/// Every string of up to three pieces, then random ones of four to twelve.
fn hostile() -> Vec<String> {
    let mut out = Vec::new();
    let mut level = vec![String::new()];
    for _ in 0..3 {
        level = level
            .iter()
            .flat_map(|s| PIECES.iter().map(move |p| format!("{s}{p}")))
            .collect();
        out.extend(level.iter().cloned());
    }
    // xorshift64: the same strings on every run.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut rand = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..100_000 {
        let len = 4 + rand(9);
        out.push((0..len).map(|_| PIECES[rand(PIECES.len())]).collect());
    }
    out
}

#[test]
fn the_scanner_finds_what_the_regex_found_in_hostile_strings() {
    let oracle = Oracle::new();
    let mut texts = hostile();
    texts.extend(
        [
            "GB/T4706.1—2008",
            "GB 4706 系列",
            "XGB 123",
            "GB/",
            "GB 1-",
            "GB 1-202",
            "GB 1 – 2020 第 5.4 条",
            "GB 1—2020附录A",
            "GB 1-2020 表3",
            "GB 1-2020 表 B12 说明",
            "电GB 1电",
            "éGB 1-2020",
            "KN95、PM2.5、GB１２",
            "GB 4706.1.",
            "GB 4706..1",
            "GB\u{3000}4706",
            "HG/T/T 1",
        ]
        .map(str::to_owned),
    );
    let found = texts.iter().filter(|t| !parse_citations(t).is_empty());
    assert!(found.count() > 10_000, "the strings reach the parser");
    let differences = oracle.differences(texts.iter().map(String::as_str));
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
