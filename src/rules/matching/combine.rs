//! Weighing one product's clues against the others' and combining them into a candidate.
use super::head::{self, Role};
use super::{Candidate, Clue, ClueKind, Input, LIST_THRESHOLD, ProductClues, TermHit, VETO_FACTOR};

/// Everything one product has in the input.
pub(super) struct Found<'a> {
    pub(super) product: &'a ProductClues,
    pub(super) term: Option<TermHit>,
    pub(super) keywords: Vec<KeywordHit<'a>>,
    pub(super) other: Vec<Clue>,
}

/// A keyword found in the input.
pub(super) struct KeywordHit<'a> {
    pub(super) text: &'a str,
    pub(super) span: (usize, usize),
    /// It ends its run of Chinese text.
    pub(super) head: bool,
    /// It lies inside a longer name of another product ("燃气" in "燃气灶"): no evidence.
    pub(super) inside_name: bool,
}

/// Vetoes that strike every candidate not naming the accessory itself.
pub(super) struct InputVetoes {
    /// An accessory noun after some product's name, covered by no product's own name.
    accessory: Option<String>,
    namesake: Option<&'static str>,
}

/// Settles each name's role against the others: a name inside a longer name of another product
/// is that product's modifier ("自行车" in "电动自行车"); a name that another product, itself
/// named in the input, lists as a keyword is that product's attribute ("燃气灶 天然气"); and an
/// accessory noun that another product's name covers ("婴儿床" + "垫" in "婴儿床垫") is no
/// accessory.
pub(super) fn judge_heads(found: &mut [Found], input: &Input) -> InputVetoes {
    let spans: Vec<(usize, usize)> = found
        .iter()
        // A name found with gaps spans loosely: it cannot claim the words inside it.
        .filter_map(|f| f.term.as_ref().filter(|t| !t.gapped).map(|t| t.span))
        .collect();
    // Keyword spans of products whose own name heads the input somewhere else.
    let attribute_spans: Vec<(&str, (usize, usize))> = found
        .iter()
        .filter(|f| f.term.as_ref().is_some_and(|t| t.role == Role::Head))
        .flat_map(|f| {
            let own = f.term.as_ref().map(|t| t.span);
            f.keywords
                .iter()
                .filter(move |k| Some(k.span) != own)
                .map(move |k| (f.product.id.as_str(), k.span))
        })
        .collect();
    let mut accessory = None;
    for f in found.iter_mut() {
        for k in &mut f.keywords {
            let (s, e) = k.span;
            k.inside_name = spans
                .iter()
                .any(|&(os, oe)| os <= s && e <= oe && oe - os > e - s);
        }
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
        namesake: head::namesake_marker(&input.text),
    }
}

impl KeywordHit<'_> {
    fn weight(&self) -> f64 {
        if self.head { 0.3 } else { 0.15 }
    }
}

impl Found<'_> {
    /// Combines the clues as independent evidence (noisy-or), then applies any veto. None when
    /// the candidate is too weak to list.
    pub(super) fn into_candidate(self, vetoes: &InputVetoes) -> Option<Candidate> {
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
        let keywords: Vec<&KeywordHit> = self.keywords.iter().filter(|k| !k.inside_name).collect();
        let total: f64 = keywords.iter().map(|k| k.weight()).sum();
        let scale = if total > 0.45 { 0.45 / total } else { 1.0 };
        for k in keywords {
            let place = if k.head { "（中心词）" } else { "" };
            clues.push(Clue::new(
                ClueKind::Keyword,
                k.text,
                k.weight() * scale,
                format!("关键词“{}”{place}", k.text),
            ));
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
            && let Some(marker) = vetoes.namesake
        {
            veto = Some(Clue::new(
                ClueKind::NamesakeVeto,
                marker,
                -(1.0 - VETO_FACTOR),
                format!("“{marker}”：医疗器械或宠物用品，不是本目录的同名产品"),
            ));
        }
        let factor = if veto.is_some() { VETO_FACTOR } else { 1.0 };
        clues.extend(veto);
        Some(Candidate {
            product_id: self.product.id.to_string(),
            product: self.product.name.to_string(),
            score: (before_veto * factor * 1000.0).round() / 1000.0,
            clues,
        })
    }
}
