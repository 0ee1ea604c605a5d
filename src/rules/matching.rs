//! Maps free-text product names ("ZR-RVV 4*1m㎡", "電動自行車 TDR520-79Z") onto catalog products.
//!
//! Each product contributes evidence of several kinds — its official name and aliases found in the
//! text, its model-code patterns, distinctive keywords, standards cited — and the pieces combine as
//! independent evidence (noisy-or), so one strong clue or several weak ones both count. Chinese
//! product names put the product noun last ("电动自行车专用锂电池" is a battery), so a name found at the
//! end of a run of Chinese characters weighs more than one found in front of other words.
use std::collections::HashMap;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::catalog::{Catalog, Product};

/// A match at or above this score can be `matched`.
pub const MATCH_THRESHOLD: f64 = 0.6;
/// The winner must lead the runner-up by this much, or the result is `ambiguous`.
pub const MIN_LEAD: f64 = 0.08;
/// Candidates below this score are not listed.
const LIST_THRESHOLD: f64 = 0.25;
const MAX_CANDIDATES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    Matched,
    Ambiguous,
    Unmatched,
    /// The profile named the product explicitly.
    Pinned,
}

impl MatchStatus {
    pub fn label(self) -> &'static str {
        match self {
            MatchStatus::Matched => "自动匹配",
            MatchStatus::Ambiguous => "匹配不确定",
            MatchStatus::Unmatched => "未匹配",
            MatchStatus::Pinned => "指定",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Candidate {
    pub product_id: String,
    pub product: String,
    pub score: f64,
    /// Why it scored: the clues found.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchResult {
    pub input: String,
    pub status: MatchStatus,
    pub status_label: &'static str,
    pub candidates: Vec<Candidate>,
}

impl MatchResult {
    /// The chosen candidate, when the status is matched or pinned.
    pub fn chosen(&self) -> Option<&Candidate> {
        match self.status {
            MatchStatus::Matched | MatchStatus::Pinned => self.candidates.first(),
            _ => None,
        }
    }

    pub fn score(&self) -> f64 {
        self.candidates.first().map_or(0.0, |c| c.score)
    }
}

/// A product's clues, normalised once.
struct ProductClues {
    id: String,
    name: String,
    /// (normalised term, is the official name)
    terms: Vec<(String, bool)>,
    keywords: Vec<String>,
    patterns: Vec<Regex>,
    standards: Vec<String>,
    name_chars: Vec<char>,
}

pub struct Matcher {
    products: Vec<ProductClues>,
    /// How many products cite each standard: a standard shared by many is weak evidence.
    standard_use: HashMap<String, usize>,
    standard_re: Regex,
}

/// Traditional → simplified, full-width → half-width (NFKC), Latin upper-case, `×`/`*` → `X`,
/// quotes dropped, white space folded.
pub fn normalize(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let simplified = fast2s::convert(&nfkc);
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        let c = match c {
            '×' | '*' | '✕' | '╳' => 'X',
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '《' | '》' | '【'
            | '】' => ' ',
            c if c.is_whitespace() => ' ',
            c => c.to_ascii_uppercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// Puts a space where Chinese meets Latin letters or digits, so that `\b` in a model-code pattern
/// also marks the edge of "雅迪TDR91Z" (to the regex engine both scripts are word characters).
fn space_scripts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev
            && ((is_cjk(p) && c.is_ascii_alphanumeric())
                || (p.is_ascii_alphanumeric() && is_cjk(c)))
        {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `GB/T 5023.3-2008` → `GB5023.3`: the part that identifies a standard across editions.
fn standard_key(text: &str) -> String {
    let n = normalize(text).replace([' ', '/', 'T'], "");
    n.split('-').next().unwrap_or_default().to_string()
}

/// The terms a product can be named by: its official name, the name without its parenthesised
/// part, each item of a parenthesised list, and its aliases.
fn product_terms(p: &Product) -> Vec<(String, bool)> {
    let name = normalize(p.name());
    let mut terms = vec![(name.clone(), true)];
    if let Some(open) = name.find('(') {
        let head = name[..open].trim();
        if head.chars().count() >= 2 {
            terms.push((head.to_string(), false));
        }
        let inner = name[open + 1..].trim_end_matches(')');
        for item in inner.split(['、', ',', '(', ')']) {
            let item = item.trim_start_matches("含").trim_end_matches('等').trim();
            if item.chars().count() >= 2 {
                terms.push((item.to_string(), false));
            }
        }
    }
    for alias in &p.aliases {
        let a = normalize(alias);
        if a.chars().count() >= 2 {
            terms.push((a, false));
        }
    }
    terms.sort();
    terms.dedup_by(|a, b| a.0 == b.0);
    terms
}

impl Matcher {
    pub fn new(catalog: &Catalog) -> Matcher {
        let products: Vec<ProductClues> =
            crate::parallel_map(&catalog.products, |p| ProductClues {
                id: p.id.clone(),
                name: p.name().to_string(),
                terms: product_terms(p),
                keywords: p
                    .keywords
                    .iter()
                    .map(|k| normalize(k))
                    .filter(|k| k.chars().count() >= 2)
                    .collect(),
                // Validation parsed every pattern, so none is dropped here.
                patterns: p
                    .patterns
                    .iter()
                    .filter_map(|r| Regex::new(r).ok())
                    .collect(),
                standards: p.standards.iter().map(|s| standard_key(s)).collect(),
                name_chars: normalize(p.name()).chars().filter(|c| is_cjk(*c)).collect(),
            });
        let mut standard_use: HashMap<String, usize> = HashMap::new();
        for p in &products {
            for s in &p.standards {
                *standard_use.entry(s.clone()).or_default() += 1;
            }
        }
        Matcher {
            products,
            standard_use,
            standard_re: Regex::new(r"\b(?:GB|QB|JB|HG|GA|JG|SN|FZ|YY|NY|DL|SJ|QC|LY|JC|YB|WS|MT|CJ)(?:/T)?\s*\d+(?:\.\d+)?").unwrap_or_else(|_| unreachable!()),
        }
    }

    /// Matches one name; `standards` are standards the user cites beside it (may be empty).
    pub fn match_name(&self, original: &str, standards: &[String]) -> MatchResult {
        let text = normalize(original);
        let cited: Vec<String> = standards
            .iter()
            .map(|s| standard_key(s))
            .chain(
                self.standard_re
                    .find_iter(&text)
                    .map(|m| standard_key(m.as_str())),
            )
            .collect();
        let input = Input {
            chars: text.chars().collect(),
            spaced: space_scripts(&text),
            cjk: text.chars().filter(|c| is_cjk(*c)).collect(),
            cited,
            text,
        };
        let mut clues: Vec<Clues> = self
            .products
            .iter()
            .filter_map(|p| self.clues(p, &input))
            .collect();

        // A name found inside a longer name of another product is that product's modifier, not
        // its own evidence: "自行车" inside "电动自行车", "天然气" inside "天然气灶".
        let spans: Vec<(usize, usize)> = clues
            .iter()
            .filter_map(|c| c.term.as_ref().map(|t| t.span))
            .collect();
        for c in &mut clues {
            if let Some(term) = &mut c.term {
                let (s, e) = term.span;
                if spans
                    .iter()
                    .any(|&(os, oe)| os <= s && e <= oe && oe - os > e - s)
                {
                    term.weight *= 0.3;
                    term.label.push_str("（被更长名称包含）");
                }
            }
        }

        let mut scored: Vec<Candidate> = clues.into_iter().map(Clues::into_candidate).collect();
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.product_id.cmp(&b.product_id))
        });
        scored.retain(|c| c.score >= LIST_THRESHOLD);
        scored.truncate(MAX_CANDIDATES);

        let top = scored.first().map_or(0.0, |c| c.score);
        let second = scored.get(1).map_or(0.0, |c| c.score);
        let status = if top < MATCH_THRESHOLD {
            MatchStatus::Unmatched
        } else if top - second < MIN_LEAD {
            MatchStatus::Ambiguous
        } else {
            MatchStatus::Matched
        };
        MatchResult {
            input: original.to_string(),
            status,
            status_label: status.label(),
            candidates: scored,
        }
    }

    /// Every clue product `p` has in the input, or None when there is none.
    fn clues<'a>(&self, p: &'a ProductClues, input: &Input) -> Option<Clues<'a>> {
        let term = p
            .terms
            .iter()
            .filter_map(|(term, official)| term_hit(term, *official, input))
            .max_by(|a, b| a.weight.total_cmp(&b.weight));
        let mut other: Vec<(f64, String)> = Vec::new();

        if let Some(m) = p.patterns.iter().find_map(|re| re.find(&input.spaced)) {
            other.push((0.7, format!("型号代码“{}”", m.as_str().trim())));
        }

        // Keywords weigh more where they end a run of Chinese text: there they name the product.
        let mut keyword_weight = 0.0;
        let mut found = Vec::new();
        for k in &p.keywords {
            if let Some(at) = input.find(k.as_str()) {
                let end = input.text[..at].chars().count() + k.chars().count();
                keyword_weight += if input.ends_run(end) { 0.3 } else { 0.15 };
                found.push(k.as_str());
            }
        }
        if !found.is_empty() {
            other.push((
                f64::min(keyword_weight, 0.45),
                format!("关键词“{}”", found.join("、")),
            ));
        }

        if let Some(s) = input.cited.iter().find(|s| p.standards.contains(s)) {
            let shared = self.standard_use.get(s).copied().unwrap_or(1);
            other.push((if shared <= 2 { 0.6 } else { 0.25 }, format!("标准 {s}")));
        }

        if term.is_none() && other.is_empty() {
            return None;
        }
        // Shared characters with the official name separate near-ties ("电动自行车用充电器" vs "车载充电器").
        if !p.name_chars.is_empty() {
            let shared = p
                .name_chars
                .iter()
                .filter(|c| input.cjk.contains(c))
                .count();
            let coverage = shared as f64 / p.name_chars.len() as f64;
            if coverage > 0.0 {
                other.push((
                    0.15 * coverage,
                    format!("与目录名称字重合 {:.0}%", coverage * 100.0),
                ));
            }
        }
        Some(Clues {
            product: p,
            term,
            other,
        })
    }

    /// The result for a product line pinned to `product` by the user.
    pub fn pinned(input: &str, product: &Product) -> MatchResult {
        MatchResult {
            input: input.to_string(),
            status: MatchStatus::Pinned,
            status_label: MatchStatus::Pinned.label(),
            candidates: vec![Candidate {
                product_id: product.id.clone(),
                product: product.name().to_string(),
                score: 1.0,
                evidence: vec!["用户指定 catalog_product".into()],
            }],
        }
    }
}

/// The normalised input, in the forms the clues need.
struct Input {
    text: String,
    chars: Vec<char>,
    /// With spaces where Chinese meets Latin, for model-code patterns.
    spaced: String,
    cjk: std::collections::HashSet<char>,
    /// Standards cited beside or inside the name.
    cited: Vec<String>,
}

impl Input {
    /// Where `needle` starts in the text. Most needles cannot occur (their first character is not
    /// in the name at all); those are ruled out without setting up a substring search, which
    /// dominated `match -` over many names.
    fn find(&self, needle: &str) -> Option<usize> {
        let first = needle.chars().next()?;
        if is_cjk(first) && !self.cjk.contains(&first) {
            return None;
        }
        self.text.find(needle)
    }

    /// Whether a match ending at char `end` ends its run of Chinese characters (one trailing
    /// character such as 具, 型 or 类 is allowed).
    fn ends_run(&self, end: usize) -> bool {
        self.chars
            .get(end..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| is_cjk(**c))
            .count()
            <= 1
    }
}

/// A name or alias found in the input.
struct TermHit {
    weight: f64,
    /// Char positions [start, end) in the normalised input.
    span: (usize, usize),
    label: String,
}

/// Finds `term` in the input, contiguously, or — for names of four or more characters — with other
/// words between its modifier and its last two characters ("PLA全降解吸管" for "PLA吸管").
fn term_hit(term: &str, official: bool, input: &Input) -> Option<TermHit> {
    let term_chars: Vec<char> = term.chars().collect();
    let len = term_chars.len();
    let base = (0.4 + 0.1 * len as f64).min(0.9);
    if let Some(at) = input.find(term) {
        let start = input.text[..at].chars().count();
        let end = start + len;
        let head = input.ends_run(end);
        let mut weight = if head { base } else { base * 0.4 };
        if official && head {
            weight = weight.max(0.85);
        }
        return Some(TermHit {
            weight,
            span: (start, end),
            label: format!("名称含“{term}”"),
        });
    }
    if len < 4 {
        return None;
    }
    let (modifier, head) = term_chars.split_at(len - 2);
    let chars = &input.chars;
    let end = (0..chars.len().saturating_sub(1)).find(|&i| chars[i..i + 2] == *head)? + 2;
    if !input.ends_run(end) {
        return None;
    }
    // The modifier's characters, in order, before the head and within a short window.
    let window_start = (end - 2).saturating_sub(3 * len);
    let mut want = modifier.iter().rev().peekable();
    let mut start = end - 2;
    for i in (window_start..end - 2).rev() {
        if want.peek() == Some(&&chars[i]) {
            want.next();
            start = i;
        }
    }
    if want.peek().is_some() {
        return None;
    }
    Some(TermHit {
        weight: base * 0.75,
        span: (start, end),
        label: format!("名称近似“{term}”"),
    })
}

/// Everything one product has in the input.
struct Clues<'a> {
    product: &'a ProductClues,
    term: Option<TermHit>,
    other: Vec<(f64, String)>,
}

impl Clues<'_> {
    /// Combines the clues as independent evidence (noisy-or).
    fn into_candidate(self) -> Candidate {
        let mut evidence: Vec<(f64, String)> =
            self.term.map(|t| (t.weight, t.label)).into_iter().collect();
        evidence.extend(self.other);
        let miss: f64 = evidence.iter().map(|(w, _)| 1.0 - w).product();
        Candidate {
            product_id: self.product.id.clone(),
            product: self.product.name.clone(),
            score: ((1.0 - miss) * 1000.0).round() / 1000.0,
            evidence: evidence.into_iter().map(|(_, e)| e).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_variants() {
        assert_eq!(normalize("電纜 ＺＲ－ＲＶＶ 4*1m㎡"), "电缆 ZR-RVV 4X1MM2");
        assert_eq!(normalize("“BOSCH”家用燃气灶  JZT"), "BOSCH 家用燃气灶 JZT");
        assert_eq!(standard_key("GB/T 5023.3-2008"), "GB5023.3");
        assert_eq!(space_scripts("雅迪TDR91Z型"), "雅迪 TDR91Z 型");
    }
}
