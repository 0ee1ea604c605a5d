//! Maps free-text product names ("ZR-RVV 4*1m㎡", "電動自行車 TDR520-79Z") onto catalog products.
//!
//! Each product contributes evidence of several kinds — its official name and aliases found in the
//! text, its model-code patterns, distinctive keywords, standards cited — and the pieces combine as
//! independent evidence (noisy-or), so one strong clue or several weak ones both count. Chinese
//! product names put the head noun last ("电动自行车专用锂电池" is a battery), so a name that ends its
//! run of Chinese text weighs more than one in front of other words, and a name in front of an
//! accessory, part or packaging noun ("手机壳") is vetoed: see [`head`]. Latin keywords and codes
//! count only on word and code boundaries. Every clue is kept, with its weight, as evidence.
mod combine;
mod head;
mod index;
mod literals;
mod result;
mod search;
mod sieve;
mod text;

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_lite::Regex;

use crate::catalog::{Catalog, Product, Text};
use combine::{Found, KeywordHit, judge_heads};
use head::Role;
pub use index::Index;
use index::{ProductClues, Term};
pub use result::{Candidate, Clue, ClueKind, MatchResult, MatchStatus};
pub use search::{PinError, SearchHit};
use sieve::{ProductSet, Sieve};
pub use text::normalize;
use text::{is_cjk, on_boundaries, space_scripts, standard_key};

/// A match at or above this score can be `matched`.
pub const MATCH_THRESHOLD: f64 = 0.6;
/// The winner must lead the runner-up by this much, or the result is `ambiguous`.
pub const MIN_LEAD: f64 = 0.08;
/// Candidates below this score (before any veto) are not listed.
const LIST_THRESHOLD: f64 = 0.25;
const MAX_CANDIDATES: usize = 5;
/// What a veto leaves of a candidate's score.
const VETO_FACTOR: f64 = 0.25;

pub struct Matcher {
    products: Vec<ProductClues>,
    /// Each product's model-code patterns, compiled the first time a name holds one of a pattern's
    /// literals: one entry per product, in the same order.
    compiled: Vec<Vec<OnceLock<Option<Regex>>>>,
    sieve: Sieve,
    /// How many products cite each standard: a standard shared by many is weak evidence.
    standard_use: HashMap<Text, usize>,
    standard_re: Regex,
}

impl Matcher {
    /// A matcher for `catalog`, indexed now.
    pub fn new(catalog: &Catalog) -> Matcher {
        Matcher::from_index(Index::build(catalog))
    }

    /// A matcher for the embedded national catalog alone, from the index the build script made.
    pub fn builtin() -> Matcher {
        Matcher::from_index(
            Index::from_blob(crate::assets::MATCHER_INDEX)
                .expect("build.rs wrote the index from these very types"),
        )
    }

    fn from_index(index: Index) -> Matcher {
        let compiled = index
            .products
            .iter()
            .map(|p| p.patterns.iter().map(|_| OnceLock::new()).collect())
            .collect();
        Matcher {
            products: index.products,
            compiled,
            sieve: index.sieve,
            standard_use: index.standard_use.into_iter().collect(),
            standard_re: Regex::new(r"\b(?:GB|QB|JB|HG|GA|JG|SN|FZ|YY|NY|DL|SJ|QC|LY|JC|YB|WS|MT|CJ)(?:/T)?\s*\d+(?:\.\d+)?").unwrap_or_else(|_| unreachable!()),
        }
    }

    /// Matches one name; `standards` are standards the user cites beside it (may be empty).
    pub fn match_name(&self, original: &str, standards: &[String]) -> MatchResult {
        let input = Input::new(original, standards, &self.standard_re);
        let mut found: Vec<Found> = self
            .possible(&input)
            .iter()
            .filter_map(|i| self.clues(i, &input))
            .collect();
        let vetoes = judge_heads(&mut found, &input);

        let mut scored: Vec<Candidate> = found
            .into_iter()
            .filter_map(|f| f.into_candidate(&vetoes))
            .collect();
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.product_id.cmp(&b.product_id))
        });
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

    /// The products that may have a clue in the input (the others surely have none): those its
    /// characters wake, and those whose standards it cites.
    fn possible(&self, input: &Input) -> ProductSet {
        let mut possible = ProductSet::new(self.products.len());
        self.sieve.wake([&input.text, &input.spaced], &mut possible);
        if !input.cited.is_empty() {
            for (i, p) in self.products.iter().enumerate() {
                if p.standards
                    .iter()
                    .any(|k| input.cited.iter().any(|s| k == s))
                {
                    possible.insert(i);
                }
            }
        }
        possible
    }

    /// The first match of product `i`'s model-code patterns in `text`. A pattern runs only on a
    /// text holding one of its literals.
    fn code_in<'t>(&self, i: usize, text: &'t str) -> Option<regex_lite::Match<'t>> {
        let patterns = self.products[i].patterns.iter().zip(&self.compiled[i]);
        patterns.into_iter().find_map(|(pattern, compiled)| {
            let needles = pattern.needles.as_deref();
            if needles.is_some_and(|n| !n.iter().any(|n| text.contains(n.as_str()))) {
                return None;
            }
            // Validation parsed every pattern, so none fails here.
            compiled
                .get_or_init(|| Regex::new(&pattern.source).ok())
                .as_ref()?
                .find(text)
        })
    }

    /// Every clue product `i` has in the input, or None when there is none.
    fn clues(&self, i: usize, input: &Input) -> Option<Found<'_>> {
        let p = &self.products[i];
        let mut term = p
            .terms
            .iter()
            .filter_map(|t| term_hit(t, input))
            .min_by(|a, b| {
                a.role
                    .rank()
                    .cmp(&b.role.rank())
                    .then(b.weight.total_cmp(&a.weight))
                    .then((b.span.1 - b.span.0).cmp(&(a.span.1 - a.span.0)))
            });
        // A name followed by one of its own component keywords names that part of it
        // ("微波炉转盘", "空调压缩机").
        if let Some(t) = term.as_mut().filter(|t| t.role == Role::Modifier) {
            let tail: String = input.chars[t.span.1..]
                .iter()
                .take_while(|c| is_cjk(**c))
                .collect();
            if let Some(k) = p
                .keywords
                .iter()
                .find(|k| head::is_part_noun(k) && tail.starts_with(k.as_str()))
            {
                t.role = Role::Accessory(k.to_string());
            }
        }
        let mut other: Vec<Clue> = Vec::new();

        if let Some(m) = self.code_in(i, &input.spaced) {
            let code = m.as_str().trim();
            other.push(Clue::new(
                ClueKind::Pattern,
                code,
                0.7,
                format!("型号代码“{code}”"),
            ));
        }

        // Keywords weigh more where they name the thing; in front of an accessory they do not count.
        let keywords: Vec<KeywordHit> = p
            .keywords
            .iter()
            .filter_map(|k| {
                input
                    .occurrences(k)
                    .map(|span| (head::role(&input.chars, span.0, span.1), span))
                    .min_by_key(|(role, _)| role.rank())
                    .filter(|(role, _)| role.rank() < 2)
                    .map(|(role, span)| KeywordHit {
                        text: k,
                        span,
                        head: role == Role::Head,
                        inside_name: false,
                    })
            })
            .collect();

        if let Some(s) = input
            .cited
            .iter()
            .find(|s| p.standards.iter().any(|k| k == *s))
        {
            let shared = self.standard_use.get(s.as_str()).copied().unwrap_or(1);
            other.push(Clue::new(
                ClueKind::Standard,
                s.as_str(),
                if shared <= 2 { 0.6 } else { 0.25 },
                format!("标准 {s}"),
            ));
        }

        if term.is_none() && keywords.is_empty() && other.is_empty() {
            return None;
        }
        // Shared characters with the official name separate near-ties ("电动自行车用充电器" vs "车载充电器").
        if !p.name_chars.is_empty() {
            let shared = p
                .name_chars
                .iter()
                .filter(|c| input.charset.contains(c))
                .count();
            let coverage = shared as f64 / p.name_chars.len() as f64;
            if coverage > 0.0 {
                other.push(Clue::new(
                    ClueKind::Overlap,
                    "",
                    0.15 * coverage,
                    format!("与目录名称字重合 {:.0}%", coverage * 100.0),
                ));
            }
        }
        Some(Found {
            product: p,
            term,
            keywords,
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
                product_id: product.id.to_string(),
                product: product.name().to_string(),
                score: 1.0,
                clues: vec![Clue::new(
                    ClueKind::Pin,
                    product.id.as_str(),
                    1.0,
                    "用户指定 catalog_product",
                )],
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
    /// Every character of the input: a name whose first character is missing is not searched.
    charset: rustc_hash::FxHashSet<char>,
    /// Standards cited beside or inside the name.
    cited: Vec<String>,
}

impl Input {
    fn new(original: &str, standards: &[String], standard_re: &Regex) -> Input {
        let text = normalize(original);
        let cited: Vec<String> = standards
            .iter()
            .map(|s| standard_key(s))
            .chain(
                standard_re
                    .find_iter(&text)
                    .map(|m| standard_key(m.as_str())),
            )
            .collect();
        Input {
            chars: text.chars().collect(),
            spaced: space_scripts(&text),
            charset: text.chars().collect(),
            cited,
            text,
        }
    }

    /// The char spans where `needle` occurs on word and code boundaries.
    fn occurrences<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let possible = needle
            .chars()
            .next()
            .is_some_and(|c| self.charset.contains(&c));
        let len = if possible { needle.chars().count() } else { 0 };
        possible
            .then(|| self.text.match_indices(needle))
            .into_iter()
            .flatten()
            .filter_map(move |(at, _)| {
                let start = self.text[..at].chars().count();
                on_boundaries(&self.chars, start, start + len).then_some((start, start + len))
            })
    }
}

impl Role {
    /// Preference among several occurrences: the one that names the thing first.
    fn rank(&self) -> u8 {
        match self {
            Role::Head => 0,
            Role::Modifier => 1,
            Role::Accessory(_) | Role::Imitation(_) => 2,
        }
    }
}

/// A name or alias found in the input.
struct TermHit {
    kind: ClueKind,
    term: String,
    weight: f64,
    /// Char positions [start, end) in the normalised input.
    span: (usize, usize),
    role: Role,
    /// Found with other words between its modifier and its head.
    gapped: bool,
    /// Why it is a mere part of another product's name: inside a longer name of another
    /// product, or a keyword of another product named elsewhere in the input.
    contained: Option<&'static str>,
}

/// Finds `term` in the input, contiguously, or — for names of four or more characters — with other
/// words between its modifier and its last two characters ("PLA全降解吸管" for "PLA吸管").
fn term_hit(term: &Term, input: &Input) -> Option<TermHit> {
    let len = term.len;
    let base = (0.4 + 0.1 * len as f64).min(0.9);
    let hit = |span: (usize, usize), weight: f64, gapped: bool| TermHit {
        kind: term.kind,
        term: term.text.to_string(),
        weight,
        span,
        role: head::role(&input.chars, span.0, span.1),
        gapped,
        contained: None,
    };
    let contiguous = input
        .occurrences(&term.text)
        .map(|span| {
            let mut h = hit(span, base, false);
            if h.role == Role::Head && term.kind == ClueKind::Name {
                h.weight = h.weight.max(0.85);
            }
            h
        })
        .min_by_key(|h| h.role.rank());
    if contiguous.is_some() || len < 4 {
        return contiguous;
    }
    if !term
        .text
        .chars()
        .rev()
        .take(2)
        .all(|c| input.charset.contains(&c))
    {
        return None;
    }
    let term_chars: Vec<char> = term.text.chars().collect();
    let (modifier, last_two) = term_chars.split_at(len - 2);
    let chars = &input.chars;
    let end = (0..chars.len().saturating_sub(1)).find(|&i| chars[i..i + 2] == *last_two)? + 2;
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
    let h = hit((start, end), base * 0.75, true);
    (h.role == Role::Head).then_some(h)
}
