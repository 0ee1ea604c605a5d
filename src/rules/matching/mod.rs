//! Maps free-text product names ("ZR-RVV 4*1m㎡", "電動自行車 TDR520-79Z") onto catalog products.
//!
//! Each product contributes evidence of several kinds — its official name and aliases found in the
//! text, its model-code patterns, distinctive keywords, standards cited — and the pieces combine as
//! independent evidence (noisy-or), so one strong clue or several weak ones both count. Chinese
//! product names put the head noun last ("电动自行车专用锂电池" is a battery), so a name that ends its
//! run of Chinese text weighs more than one in front of other words, and a name in front of an
//! accessory, part or packaging noun ("手机壳") is vetoed: see [`head`]. Latin keywords and codes
//! count only on word and code boundaries. Every clue is kept, with its weight, as evidence.
mod head;
mod result;
mod search;
mod text;

use std::collections::HashMap;

use regex_lite::Regex;

use crate::catalog::{Catalog, Product};
use head::Role;
pub use result::{Candidate, Clue, ClueKind, MatchResult, MatchStatus};
pub use search::{PinError, SearchHit};
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

/// A name a product can be called by, normalised.
struct Term {
    text: String,
    kind: ClueKind,
}

/// A product's clues, normalised once.
struct ProductClues {
    id: String,
    name: String,
    terms: Vec<Term>,
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

/// The terms a product can be named by: its official name, the name without its parenthesised
/// part, each item of a parenthesised list, and its aliases.
fn product_terms(p: &Product) -> Vec<Term> {
    let name = normalize(p.name());
    let mut terms = vec![(name.clone(), ClueKind::Name)];
    if let (Some(open), Some(close)) = (name.find('('), name.rfind(')')) {
        let outer = format!("{}{}", &name[..open], &name[close + ')'.len_utf8()..]);
        if outer.chars().count() >= 2 {
            terms.push((outer.trim().to_string(), ClueKind::Name));
        }
        // A name ending in a parenthesised list also names each item of it.
        if close + ')'.len_utf8() == name.len() {
            let inner = &name[open + 1..close];
            for item in inner.split(['、', ',', '(', ')']) {
                let item = item.trim_start_matches('含').trim_end_matches('等').trim();
                if item.chars().count() >= 2 {
                    terms.push((item.to_string(), ClueKind::Name));
                }
            }
        }
    }
    for alias in Product::list(&p.aliases) {
        let a = normalize(alias);
        if a.chars().count() >= 2 {
            terms.push((a, ClueKind::Alias));
        }
    }
    // The official name first, so that a duplicate alias keeps the stronger kind.
    let mut seen = std::collections::HashSet::new();
    terms
        .into_iter()
        .filter(|(t, _)| seen.insert(t.clone()))
        .map(|(text, kind)| Term { text, kind })
        .collect()
}

impl Matcher {
    pub fn new(catalog: &Catalog) -> Matcher {
        let products: Vec<ProductClues> =
            crate::parallel_map(&catalog.products, |p| ProductClues {
                id: p.id.clone(),
                name: p.name().to_string(),
                terms: product_terms(p),
                keywords: Product::list(&p.keywords)
                    .iter()
                    .map(|k| normalize(k))
                    .filter(|k| k.chars().count() >= 2)
                    .collect(),
                // Validation parsed every pattern, so none is dropped here.
                patterns: Product::list(&p.patterns)
                    .iter()
                    .filter_map(|r| Regex::new(r).ok())
                    .collect(),
                standards: Product::list(&p.standards)
                    .iter()
                    .map(|s| standard_key(s))
                    .collect(),
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
        let mut found: Vec<Found> = self
            .products
            .iter()
            .filter_map(|p| self.clues(p, &input))
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

    /// Every clue product `p` has in the input, or None when there is none.
    fn clues<'a>(&self, p: &'a ProductClues, input: &Input) -> Option<Found<'a>> {
        let mut term = p
            .terms
            .iter()
            .filter_map(|t| term_hit(t, input))
            .min_by(|a, b| {
                a.role
                    .rank()
                    .cmp(&b.role.rank())
                    .then(b.weight.total_cmp(&a.weight))
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
                t.role = Role::Accessory(k.clone());
            }
        }
        let mut other: Vec<Clue> = Vec::new();

        if let Some(m) = p.patterns.iter().find_map(|re| re.find(&input.spaced)) {
            let code = m.as_str().trim();
            other.push(Clue::new(
                ClueKind::Pattern,
                code,
                0.7,
                format!("型号代码“{code}”"),
            ));
        }

        // Keywords weigh more where they name the thing; in front of an accessory they do not count.
        let mut keywords: Vec<(f64, &str, bool)> = Vec::new();
        let mut keyword_spans = Vec::new();
        for k in &p.keywords {
            let best = input
                .occurrences(k)
                .map(|span| (head::role(&input.chars, span.0, span.1), span))
                .min_by_key(|(role, _)| role.rank());
            match best {
                Some((Role::Head, span)) => {
                    keywords.push((0.3, k, true));
                    keyword_spans.push(span);
                }
                Some((Role::Modifier, span)) => {
                    keywords.push((0.15, k, false));
                    keyword_spans.push(span);
                }
                _ => {}
            }
        }
        let total: f64 = keywords.iter().map(|k| k.0).sum();
        let scale = if total > 0.45 { 0.45 / total } else { 1.0 };
        for (w, k, at_head) in keywords {
            let place = if at_head { "（中心词）" } else { "" };
            other.push(Clue::new(
                ClueKind::Keyword,
                k,
                w * scale,
                format!("关键词“{k}”{place}"),
            ));
        }

        if let Some(s) = input.cited.iter().find(|s| p.standards.contains(s)) {
            let shared = self.standard_use.get(s).copied().unwrap_or(1);
            other.push(Clue::new(
                ClueKind::Standard,
                s.as_str(),
                if shared <= 2 { 0.6 } else { 0.25 },
                format!("标准 {s}"),
            ));
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
            keyword_spans,
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
    cjk: std::collections::HashSet<char>,
    /// Standards cited beside or inside the name.
    cited: Vec<String>,
}

impl Input {
    /// The char spans where `needle` occurs on word and code boundaries.
    fn occurrences<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let len = needle.chars().count();
        self.text.match_indices(needle).filter_map(move |(at, _)| {
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
    let len = term.text.chars().count();
    let base = (0.4 + 0.1 * len as f64).min(0.9);
    let hit = |span: (usize, usize), weight: f64, gapped: bool| TermHit {
        kind: term.kind,
        term: term.text.clone(),
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

/// Everything one product has in the input.
struct Found<'a> {
    product: &'a ProductClues,
    term: Option<TermHit>,
    /// Where its keywords were found.
    keyword_spans: Vec<(usize, usize)>,
    other: Vec<Clue>,
}

/// Vetoes that strike every candidate not naming the accessory itself.
struct InputVetoes {
    /// An accessory noun after some product's name, covered by no product's own name.
    accessory: Option<String>,
    medical: Option<&'static str>,
}

/// Settles each name's role against the others: a name inside a longer name of another product
/// is that product's modifier ("自行车" in "电动自行车"); a name that another product, itself
/// named in the input, lists as a keyword is that product's attribute ("燃气灶 天然气"); and an
/// accessory noun that another product's name covers ("婴儿床" + "垫" in "婴儿床垫") is no
/// accessory.
fn judge_heads(found: &mut [Found], input: &Input) -> InputVetoes {
    let spans: Vec<(usize, usize)> = found
        .iter()
        .filter_map(|f| f.term.as_ref().map(|t| t.span))
        .collect();
    // Keyword spans of products whose own name heads the input somewhere else.
    let attribute_spans: Vec<(&str, (usize, usize))> = found
        .iter()
        .filter(|f| f.term.as_ref().is_some_and(|t| t.role == Role::Head))
        .flat_map(|f| {
            let own = f.term.as_ref().map(|t| t.span);
            f.keyword_spans
                .iter()
                .filter(move |s| Some(**s) != own)
                .map(move |s| (f.product.id.as_str(), *s))
        })
        .collect();
    let mut accessory = None;
    for f in found.iter_mut() {
        let id = f.product.id.as_str();
        let Some(term) = &mut f.term else { continue };
        let (s, e) = term.span;
        if spans
            .iter()
            .any(|&(os, oe)| os <= s && e <= oe && oe - os > e - s)
        {
            term.contained = Some("（被更长名称包含）");
        } else if attribute_spans
            .iter()
            .any(|(other, span)| *other != id && *span == term.span)
        {
            term.contained = Some("（是另一产品的属性词）");
        }
        if let Role::Accessory(noun) = &term.role {
            if spans.iter().any(|&(os, oe)| os <= e && e < oe) {
                term.role = Role::Modifier;
            } else {
                accessory = Some(noun.clone());
            }
        }
    }
    InputVetoes {
        accessory,
        medical: head::medical_marker(&input.text),
    }
}

impl Found<'_> {
    /// Combines the clues as independent evidence (noisy-or), then applies any veto. None when
    /// the candidate is too weak to list.
    fn into_candidate(self, vetoes: &InputVetoes) -> Option<Candidate> {
        let mut clues = Vec::new();
        let mut veto: Option<Clue> = None;
        if let Some(t) = self.term {
            let place = if t.gapped {
                "名称近似"
            } else {
                "名称含"
            };
            let mut note = format!("{place}“{}”", t.term);
            match &t.role {
                Role::Head if t.contained.is_some() => {
                    note.push_str(t.contained.unwrap_or_default());
                    clues.push(Clue::new(t.kind, &t.term, t.weight * 0.3, note));
                }
                Role::Head => {
                    // The term alone weighs what a modifier does; being the head adds the rest.
                    let as_modifier = t.weight * 0.4;
                    clues.push(Clue::new(t.kind, &t.term, as_modifier, note));
                    clues.push(Clue::new(
                        ClueKind::HeadNoun,
                        &t.term,
                        1.0 - (1.0 - t.weight) / (1.0 - as_modifier),
                        format!("“{}”是名称的中心词", t.term),
                    ));
                }
                Role::Modifier => {
                    note.push_str("（作修饰语）");
                    let factor = if t.contained.is_some() { 0.3 } else { 0.4 };
                    clues.push(Clue::new(t.kind, &t.term, t.weight * factor, note));
                }
                Role::Accessory(noun) => {
                    clues.push(Clue::new(t.kind, &t.term, t.weight * 0.4, note));
                    veto = Some(Clue::new(
                        ClueKind::AccessoryVeto,
                        noun.as_str(),
                        -(1.0 - VETO_FACTOR),
                        format!(
                            "“{}”后接“{noun}”：是其配件、零件或包装，不是产品本身",
                            t.term
                        ),
                    ));
                }
                Role::Imitation(word) => {
                    clues.push(Clue::new(t.kind, &t.term, t.weight * 0.4, note));
                    veto = Some(Clue::new(
                        ClueKind::ImitationVeto,
                        word.as_str(),
                        -(1.0 - VETO_FACTOR),
                        format!("“{}”前有“{word}”：是仿制品或配套件，不是产品本身", t.term),
                    ));
                }
            }
        }
        clues.extend(self.other);
        let miss: f64 = clues.iter().map(|c| 1.0 - c.weight).product();
        let before_veto = 1.0 - miss;
        if before_veto < LIST_THRESHOLD {
            return None;
        }
        if veto.is_none()
            && let Some(noun) = &vetoes.accessory
        {
            veto = Some(Clue::new(
                ClueKind::AccessoryVeto,
                noun.as_str(),
                -(1.0 - VETO_FACTOR),
                format!("名称的中心词是配件、零件或包装“{noun}”"),
            ));
        }
        if veto.is_none()
            && let Some(marker) = vetoes.medical
        {
            veto = Some(Clue::new(
                ClueKind::MedicalVeto,
                marker,
                -(1.0 - VETO_FACTOR),
                format!("“{marker}”：医疗器械不属本目录的同名产品"),
            ));
        }
        let factor = if veto.is_some() { VETO_FACTOR } else { 1.0 };
        clues.extend(veto);
        Some(Candidate {
            product_id: self.product.id.clone(),
            product: self.product.name.clone(),
            score: (before_veto * factor * 1000.0).round() / 1000.0,
            clues,
        })
    }
}
