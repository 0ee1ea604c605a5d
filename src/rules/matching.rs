//! Maps free-text product names ("ZR-RVV 4*1m㎡", "電動自行車 TDR520-79Z") onto catalog products.
//!
//! Each product contributes evidence of several kinds — its official name and aliases found in the
//! text, its model-code patterns, distinctive keywords, standards cited — and the pieces combine as
//! independent evidence (noisy-or), so one strong clue or several weak ones both count. Chinese
//! product names put the product noun last ("电动自行车专用锂电池" is a battery), so a name found at the
//! end of a run of Chinese characters weighs more than one found in front of other words.
use std::collections::HashMap;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::catalog::{Catalog, Product};

/// A match at or above this score can be `matched`.
pub const MATCH_THRESHOLD: f64 = 0.6;
/// The winner must lead the runner-up by this much, or the result is `ambiguous`.
pub const MIN_LEAD: f64 = 0.08;
/// Candidates below this score are not listed.
const LIST_THRESHOLD: f64 = 0.25;
const MAX_CANDIDATES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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
    for alias in Product::list(&p.aliases) {
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
        let products: Vec<ProductClues> = catalog
            .products
            .iter()
            .map(|p| ProductClues {
                id: p.id.clone(),
                name: p.name().to_string(),
                terms: product_terms(p),
                keywords: Product::list(&p.keywords)
                    .iter()
                    .map(|k| normalize(k))
                    .filter(|k| k.chars().count() >= 2)
                    .collect(),
                // Patterns were compiled once when the catalog was validated; this cannot fail.
                patterns: Product::list(&p.patterns)
                    .iter()
                    .filter_map(|r| Regex::new(r).ok())
                    .collect(),
                standards: Product::list(&p.standards)
                    .iter()
                    .map(|s| standard_key(s))
                    .collect(),
                name_chars: normalize(p.name()).chars().filter(|c| is_cjk(*c)).collect(),
            })
            .collect();
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
    pub fn match_name(&self, input: &str, standards: &[String]) -> MatchResult {
        let text = normalize(input);
        let chars: Vec<char> = text.chars().collect();
        let cited: Vec<String> = standards
            .iter()
            .map(|s| standard_key(s))
            .chain(
                self.standard_re
                    .find_iter(&text)
                    .map(|m| standard_key(m.as_str())),
            )
            .collect();
        let input_cjk: std::collections::HashSet<char> =
            chars.iter().copied().filter(|c| is_cjk(*c)).collect();

        let mut scored: Vec<Candidate> = self
            .products
            .iter()
            .filter_map(|p| self.score(p, &text, &chars, &cited, &input_cjk))
            .collect();
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
            input: input.to_string(),
            status,
            status_label: status.label(),
            candidates: scored,
        }
    }

    fn score(
        &self,
        p: &ProductClues,
        text: &str,
        chars: &[char],
        cited: &[String],
        input_cjk: &std::collections::HashSet<char>,
    ) -> Option<Candidate> {
        let mut evidence: Vec<(f64, String)> = Vec::new();

        // The best name or alias found in the text.
        let best_term = p
            .terms
            .iter()
            .filter_map(|(term, official)| {
                let start = text.find(term.as_str())?;
                let start_char = text[..start].chars().count();
                let len = term.chars().count();
                let end_char = start_char + len;
                // Characters of the same Chinese run that follow the term: the product noun comes last.
                let trailing = chars[end_char..].iter().take_while(|c| is_cjk(**c)).count();
                let base = (0.4 + 0.1 * len as f64).min(0.9);
                let mut weight = if trailing <= 1 { base } else { base * 0.5 };
                if *official && trailing <= 1 {
                    weight = weight.max(0.85);
                }
                Some((weight, format!("名称含“{term}”")))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        evidence.extend(best_term);

        if let Some(re) = p.patterns.iter().find(|re| re.is_match(text)) {
            let code = re
                .find(text)
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            evidence.push((0.7, format!("型号代码“{code}”")));
        }

        let keywords: Vec<&String> = p
            .keywords
            .iter()
            .filter(|k| text.contains(k.as_str()))
            .collect();
        if !keywords.is_empty() {
            let weight = (0.2 * keywords.len() as f64).min(0.4);
            let names: Vec<&str> = keywords.iter().map(|k| k.as_str()).collect();
            evidence.push((weight, format!("关键词“{}”", names.join("、"))));
        }

        for s in cited {
            if p.standards.contains(s) {
                let shared = self.standard_use.get(s).copied().unwrap_or(1);
                evidence.push((if shared <= 2 { 0.6 } else { 0.25 }, format!("标准 {s}")));
                break;
            }
        }

        if evidence.is_empty() {
            return None;
        }
        // Shared characters with the official name separate near-ties ("电动自行车用充电器" vs "车载充电器").
        if !p.name_chars.is_empty() {
            let shared = p
                .name_chars
                .iter()
                .filter(|c| input_cjk.contains(c))
                .count();
            let coverage = shared as f64 / p.name_chars.len() as f64;
            if coverage > 0.0 {
                evidence.push((
                    0.15 * coverage,
                    format!("与目录名称字重合 {:.0}%", coverage * 100.0),
                ));
            }
        }
        let miss: f64 = evidence.iter().map(|(w, _)| 1.0 - w).product();
        let score = ((1.0 - miss) * 1000.0).round() / 1000.0;
        Some(Candidate {
            product_id: p.id.clone(),
            product: p.name.clone(),
            score,
            evidence: evidence.into_iter().map(|(_, e)| e).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_variants() {
        assert_eq!(normalize("電纜 ＺＲ－ＲＶＶ 4*1m㎡"), "电缆 ZR-RVV 4X1M2");
        assert_eq!(normalize("“BOSCH”家用燃气灶  JZT"), "BOSCH 家用燃气灶 JZT");
        assert_eq!(standard_key("GB/T 5023.3-2008"), "GB5023.3");
    }
}
