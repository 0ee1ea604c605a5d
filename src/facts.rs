//! Facts about a product line that decide which risk points apply. The catalog declares each
//! as a yes/no question (on a family or a product); a fact is settled by the product itself, by
//! the profile's answer, by what the line's own text says, or else by the question's stated
//! default — never silently: every resolved fact records where its value came from.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A fact as the catalog declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDecl {
    /// Kebab-case id, unique within a product and its families.
    pub id: String,
    /// The question put to the producer (Chinese).
    pub question: Option<String>,
    /// Words in the line's own text that mean yes.
    #[serde(default)]
    pub detect: Vec<String>,
    /// Words that mean no (looked for first).
    #[serde(default)]
    pub detect_not: Vec<String>,
    /// The value assumed when nothing settles the fact.
    pub default: Option<bool>,
    /// Set on a product to fix a family fact for that product.
    pub value: Option<bool>,
}

/// Where a fact's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactSource {
    /// The catalog product fixes it.
    Product,
    /// The profile answered the question.
    Answered,
    /// The line's text contains this word.
    Detected { word: String },
    /// Nothing settled it: the question's default was assumed.
    Assumed,
}

/// A settled fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedFact {
    pub id: String,
    pub question: String,
    pub value: bool,
    pub source: FactSource,
}

/// The facts of one line for one catalog product, by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFacts(pub BTreeMap<String, ResolvedFact>);

impl LineFacts {
    pub fn value(&self, id: &str) -> Option<bool> {
        self.0.get(id).map(|f| f.value)
    }

    /// The facts that rest on an assumed default: the questions still to answer.
    pub fn assumed(&self) -> impl Iterator<Item = &ResolvedFact> {
        self.0.values().filter(|f| f.source == FactSource::Assumed)
    }
}

/// Merges declarations in order (families first, then the product): a later declaration of the
/// same id replaces the question, and one with `value` fixes the fact.
fn merged<'a>(
    decls: impl IntoIterator<Item = &'a FactDecl>,
) -> BTreeMap<&'a str, (FactDecl, Option<bool>)> {
    let mut out: BTreeMap<&str, (FactDecl, Option<bool>)> = BTreeMap::new();
    for decl in decls {
        let entry = out
            .entry(decl.id.as_str())
            .or_insert_with(|| (decl.clone(), None));
        if decl.value.is_some() {
            entry.1 = decl.value;
        }
        if decl.question.is_some() {
            entry.0 = decl.clone();
        }
    }
    out
}

/// Negations that turn a following word into a "no": 无磁, 不含磁铁, 非金属.
const NEGATIONS: [&str; 5] = ["不含", "不带", "无", "非", "免"];

/// Finds `word` in `text` where no negation stands right before it. `text` and `word` are both
/// normalised (see the matcher), so ASCII is upper case.
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = &text[..at];
        !NEGATIONS.iter().any(|n| before.ends_with(n))
    })
}

/// The most specific word of the line that speaks to the fact: the longest of the `detect`
/// words found (not negated) and the `detect_not` words found; a tie goes to yes, so a line that
/// names two kinds of an umbrella product ("安全帽、安全带") keeps both.
fn detected(decl: &FactDecl, text: &str) -> Option<(bool, String)> {
    let yes = decl.detect.iter().filter(|w| mentions(text, w));
    // A negated `detect` word ("不含磁铁") speaks for no, like a `detect_not` word.
    let negated = decl
        .detect
        .iter()
        .filter(|w| text.contains(w.as_str()) && !mentions(text, w));
    let no = decl
        .detect_not
        .iter()
        .filter(|w| text.contains(w.as_str()))
        .chain(negated);
    let best_yes = yes.max_by_key(|w| w.chars().count());
    let best_no = no.max_by_key(|w| w.chars().count());
    match (best_yes, best_no) {
        (Some(y), Some(n)) if n.chars().count() > y.chars().count() => Some((false, n.clone())),
        (Some(y), _) => Some((true, y.clone())),
        (None, Some(n)) => Some((false, n.clone())),
        (None, None) => None,
    }
}

/// Settles every declared fact for a line whose normalised text is `text`.
pub fn resolve<'a>(
    decls: impl IntoIterator<Item = &'a FactDecl>,
    text: &str,
    answers: &BTreeMap<String, bool>,
) -> LineFacts {
    let mut facts = BTreeMap::new();
    for (id, (decl, fixed)) in merged(decls) {
        let question = decl.question.clone().unwrap_or_default();
        let (value, source) = if let Some(v) = fixed {
            (v, FactSource::Product)
        } else if let Some(&v) = answers.get(id) {
            (v, FactSource::Answered)
        } else if let Some((value, word)) = detected(&decl, text) {
            (value, FactSource::Detected { word })
        } else {
            (decl.default.unwrap_or(true), FactSource::Assumed)
        };
        facts.insert(
            id.to_string(),
            ResolvedFact {
                id: id.to_string(),
                question,
                value,
                source,
            },
        );
    }
    LineFacts(facts)
}

/// Reads a profile's answer: 是/否 and their everyday variants, or true/false.
pub fn parse_answer(text: &str) -> Option<bool> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "是" | "有" | "含" | "对" | "适用" | "y" | "yes" | "true" | "1" => Some(true),
        "否" | "无" | "不含" | "没有" | "不是" | "不适用" | "n" | "no" | "false" | "0" => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(id: &str, detect: &[&str], default: bool) -> FactDecl {
        FactDecl {
            id: id.into(),
            question: Some(format!("{id}？")),
            detect: detect.iter().map(|s| s.to_string()).collect(),
            detect_not: vec![],
            default: Some(default),
            value: None,
        }
    }

    #[test]
    fn product_answer_detection_default_in_that_order() {
        let magnets = decl("magnets", &["磁铁"], true);
        let sound = decl("sound", &["发声"], false);
        let fixed = FactDecl {
            id: "sound".into(),
            question: None,
            detect: vec![],
            detect_not: vec![],
            default: None,
            value: Some(true),
        };
        let none = BTreeMap::new();
        let f = resolve([&magnets, &sound], "磁铁积木", &none);
        assert_eq!(f.value("magnets"), Some(true));
        assert_eq!(f.0["sound"].source, FactSource::Assumed);
        assert_eq!(f.value("sound"), Some(false));
        let f = resolve([&magnets, &sound, &fixed], "积木", &none);
        assert_eq!(f.0["sound"].source, FactSource::Product);
        assert_eq!(f.0["sound"].question, "sound？");
        let answers = BTreeMap::from([("magnets".to_string(), false)]);
        let f = resolve([&magnets], "磁铁积木", &answers);
        assert_eq!(f.0["magnets"].source, FactSource::Answered);
        assert!(!f.value("magnets").unwrap());
        assert_eq!(f.assumed().count(), 0);
    }

    #[test]
    fn the_most_specific_word_wins_and_ties_keep_both_kinds() {
        let helmet = FactDecl {
            detect_not: vec!["安全带".into(), "电水壶".into()],
            ..decl("helmet", &["安全帽", "水壶"], true)
        };
        let none = BTreeMap::new();
        assert_eq!(
            resolve([&helmet], "ABS安全帽", &none).value("helmet"),
            Some(true)
        );
        assert_eq!(
            resolve([&helmet], "安全带", &none).value("helmet"),
            Some(false)
        );
        assert_eq!(
            resolve([&helmet], "安全帽、安全带", &none).value("helmet"),
            Some(true)
        );
        assert_eq!(
            resolve([&helmet], "电水壶", &none).value("helmet"),
            Some(false)
        );
    }

    #[test]
    fn negated_words_do_not_detect() {
        let magnets = decl("magnets", &["磁铁"], false);
        let none = BTreeMap::new();
        assert_eq!(
            resolve([&magnets], "不含磁铁的积木", &none).value("magnets"),
            Some(false)
        );
        assert_eq!(
            resolve([&magnets], "无磁铁积木", &none).0["magnets"].source,
            FactSource::Detected {
                word: "磁铁".into()
            }
        );
        assert_eq!(
            resolve([&magnets], "含磁铁积木", &none).value("magnets"),
            Some(true)
        );
    }

    #[test]
    fn answers_in_chinese() {
        assert_eq!(parse_answer("是"), Some(true));
        assert_eq!(parse_answer(" 否 "), Some(false));
        assert_eq!(parse_answer("Yes"), Some(true));
        assert_eq!(parse_answer("也许"), None);
    }
}
