//! Looking products up by what a person types: `catalog search` ranking, and resolving a pin
//! written as an id, the official Chinese name or an alias.
use serde::Serialize;

use super::text::on_boundaries;
use super::{Clue, ClueKind, Matcher, ProductClues, normalize};

/// A product found by [`Matcher::search`], with the clue that ranked it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub product_id: String,
    pub product: String,
    pub score: f64,
    pub clue: Clue,
}

/// Hits below this relevance are unrelated and not listed.
const SEARCH_THRESHOLD: f64 = 0.35;

/// Why a pin names no single product.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PinError {
    #[error("no catalog product `{pin}`{}", hint_text(.hint))]
    Unknown { pin: String, hint: Option<String> },
    #[error("`{pin}` names several catalog products ({}); pin one by its id", .ids.join(", "))]
    Ambiguous { pin: String, ids: Vec<String> },
}

fn hint_text(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|h| format!("; did you mean `{h}`?"))
        .unwrap_or_default()
}

/// Where `needle` occurs in `field` on word and code boundaries, as a share of the field.
fn contained_share(field: &str, needle: &str) -> Option<f64> {
    let mut found = field.match_indices(needle).peekable();
    found.peek()?;
    let chars: Vec<char> = field.chars().collect();
    let len = needle.chars().count();
    found.find_map(|(at, _)| {
        let start = field[..at].chars().count();
        on_boundaries(&chars, start, start + len).then_some(len as f64 / chars.len() as f64)
    })
}

impl Matcher {
    /// Products whose names, aliases or keywords contain `text`, or that the matcher finds named
    /// in it, most relevant first: an exact name, then an exact alias, then names containing the
    /// text (the closer the fit the higher), keywords, and matcher candidates no veto struck.
    pub fn search(&self, text: &str) -> Vec<SearchHit> {
        let needle = normalize(text);
        if needle.is_empty() {
            return Vec::new();
        }
        let matched = self.match_name(text, &[]);
        let mut hits: Vec<SearchHit> = Vec::new();
        for p in &self.products {
            let mut best: Option<(f64, Clue)> = None;
            let mut consider = |score: f64, clue: Clue| {
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, clue));
                }
            };
            if p.id == text.trim() {
                consider(
                    1.0,
                    Clue::new(ClueKind::Name, p.id.as_str(), 1.0, "目录编号"),
                );
            }
            for t in &p.terms {
                let exact = if t.kind == ClueKind::Name { 1.0 } else { 0.95 };
                let score = if t.text == needle {
                    Some(exact)
                } else {
                    contained_share(&t.text, &needle).map(|share| 0.5 + 0.4 * share)
                };
                if let Some(score) = score {
                    let note = format!("名称“{}”含“{needle}”", t.text);
                    consider(score, Clue::new(t.kind, t.text.as_str(), score, note));
                }
            }
            for k in &p.keywords {
                if let Some(share) = contained_share(k, &needle) {
                    let score = 0.3 + 0.3 * share;
                    let note = format!("关键词“{k}”含“{needle}”");
                    consider(score, Clue::new(ClueKind::Keyword, k.as_str(), score, note));
                }
            }
            if let Some(c) = matched.candidates.iter().find(|c| {
                p.id == c.product_id
                    && !c.vetoed()
                    && c.clues.iter().any(|k| k.kind != ClueKind::Overlap)
            }) && let Some(clue) = c.clues.iter().max_by(|a, b| a.weight.total_cmp(&b.weight))
            {
                consider(c.score * 0.9, clue.clone());
            }
            if let Some((score, clue)) = best.filter(|(s, _)| *s >= SEARCH_THRESHOLD) {
                hits.push(SearchHit {
                    product_id: p.id.to_string(),
                    product: p.name.to_string(),
                    score: (score * 1000.0).round() / 1000.0,
                    clue,
                });
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.product_id.cmp(&b.product_id))
        });
        hits
    }

    /// The product a profile's pin names: its id, its official Chinese name (or a part of it) or
    /// one of its aliases, in that order of precedence, written in any of the forms `normalize`
    /// folds (traditional characters, full-width letters).
    pub fn resolve_pin(&self, pin: &str) -> Result<&str, PinError> {
        let trimmed = pin.trim();
        if let Some(p) = self.products.iter().find(|p| p.id == trimmed) {
            return Ok(&p.id);
        }
        let n = normalize(trimmed);
        for kind in [ClueKind::Name, ClueKind::Alias] {
            let owners: Vec<&ProductClues> = self
                .products
                .iter()
                .filter(|p| p.terms.iter().any(|t| t.kind == kind && t.text == n))
                .collect();
            // The full official name beats a product whose list merely includes it.
            let full: Vec<&ProductClues> = owners
                .iter()
                .copied()
                .filter(|p| normalize(&p.name) == n)
                .collect();
            match (full.as_slice(), owners.as_slice()) {
                ([one], _) | ([], [one]) => return Ok(&one.id),
                ([], []) => {}
                _ => {
                    return Err(PinError::Ambiguous {
                        pin: trimmed.to_string(),
                        ids: owners.iter().map(|p| p.id.to_string()).collect(),
                    });
                }
            }
        }
        let hint = crate::error::did_you_mean(
            trimmed,
            self.products
                .iter()
                .flat_map(|p| [p.id.as_str(), p.name.as_str()]),
        )
        .map(str::to_owned);
        Err(PinError::Unknown {
            pin: trimmed.to_string(),
            hint,
        })
    }
}
