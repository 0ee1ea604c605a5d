//! The standards pass over a resolved checklist: every citation in the items and in the product
//! standards lists is printed as the edition in force on the document date; a line whose
//! standards change within [`UPCOMING_MONTHS`](super::resolve::UPCOMING_MONTHS) after the date (or
//! changed within [`RECENT_MONTHS`](super::resolve::RECENT_MONTHS) before it) gets one transition
//! item per change, and a warning; a profile `standards:` list that names a superseded edition
//! is warned about.
use chrono::NaiveDate;

use super::{
    CitationStatus, EditionRef, Phase, Registry, Resolution, StandardsError, Transition, Verified,
    parse_citations,
};
use crate::model::{Checklist, Group, Item, LineView, Provenance, ProvenanceKind};
use crate::vocab::{Frequency, Owner, Stage};

/// Right after an undated number, marks a citation that deliberately means the edition current on
/// the document date: "JJF 1070（现行版）".
pub const CURRENT_EDITION_MARK: &str = "（现行版）";

/// A transition item is an event control: it is due when the standard changes edition.
const TRANSITION_FREQUENCY: Frequency = Frequency::OnStandardChange;

/// Where the registry comes from, as items added by this pass record it.
const REGISTRY_FILE: &str = "catalog/standards/registry.yaml";

/// Whether an undated citation carries [`CURRENT_EDITION_MARK`].
pub fn is_deliberately_undated(citation: &super::Citation) -> bool {
    citation.year.is_none()
        && citation
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with(CURRENT_EDITION_MARK))
}

/// Words right before a citation that name a withdrawn edition on purpose.
const WITHDRAWN: &[&str] = &[
    "已废止的",
    "废止的",
    "已作废的",
    "已被替代的",
    "被替代的",
    "旧版",
    "原",
];

/// Words after a citation, in the same clause, that tell of a change of edition: "按 GB 27887-2011
/// 获证的型号", "GB 14746-2006 已由 GB/T 14746-2025 代替".
const CHANGE_WORDS: &[&str] = &["获证", "已由", "代替", "替代", "废止", "作废"];

/// Whether a dated citation in `text` names its edition on purpose, so that it is printed as
/// written on any date: a withdrawn edition called so ("已废止的 GB 17761-2018"), an edition
/// given with its start date ("GB 38031-2025（2026-07-01起实施）"), or one in a clause that tells
/// of the change ("GB 14746-2006 已由 GB/T 14746-2025 代替").
pub fn is_pinned(text: &str, citation: &super::Citation) -> bool {
    if citation.year.is_none() {
        return false;
    }
    let rest = &text[citation.span.start..];
    let clause = &rest[..rest.find(['，', '。', '；', ';']).unwrap_or(rest.len())];
    if CHANGE_WORDS.iter().any(|w| clause.contains(w)) {
        return true;
    }
    let before = text[..citation.span.start].trim_end();
    let dated = citation.detail.as_deref().is_some_and(|d| {
        d.strip_prefix('（')
            .and_then(|rest| rest.split('）').next())
            .is_some_and(|inside| inside.contains("实施"))
    });
    dated || WITHDRAWN.iter().any(|w| before.ends_with(w))
}

/// A product line's own `standards:` list, as the profile declares it.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    pub line: &'a str,
    pub standards: &'a [String],
}

/// Resolves every citation of `checklist` for its date, adds the transition items and returns the
/// warnings (once per standard change per line, once per superseded entry of a profile list).
pub fn apply(checklist: &mut Checklist, declared: &[Declared], registry: &Registry) -> Vec<String> {
    let date = checklist.date;
    let mut warnings = Vec::new();
    let mut seen: Vec<Vec<Resolution>> = Vec::new();
    for group in &mut checklist.groups {
        let mut resolutions = Vec::new();
        for item in &mut group.items {
            let id = item.id.clone();
            let texts = [
                &mut item.point,
                &mut item.hazard,
                &mut item.check,
                &mut item.basis,
            ]
            .into_iter()
            .chain(item.measures.iter_mut());
            for text in texts {
                let (rewritten, found, errors) = rewrite(registry, text, date);
                *text = rewritten;
                resolutions.extend(found);
                warnings.extend(
                    errors
                        .iter()
                        .map(|e| format!("checklist item `{id}`: {e}; cited as written")),
                );
            }
        }
        seen.push(resolutions);
    }
    for line in &mut checklist.lines {
        let Some(product) = &mut line.product else {
            continue;
        };
        // The catalog product's list is printed in force too, but only what the line's own items
        // and its declared standards cite brings a transition: the product's list also names
        // standards of kinds the line does not make (a plain toy line, the electric-toy standard).
        let mut listed: Vec<String> = Vec::new();
        for entry in &product.standards {
            let (text, _, _) = rewrite(registry, entry, date);
            for part in text.split('、') {
                if !listed.iter().any(|l| l == part) {
                    listed.push(part.to_owned());
                }
            }
        }
        product.standards = listed;
    }
    for d in declared {
        let (w, found) = check_declared(d, registry, date);
        warnings.extend(w);
        if let Some(g) = group_of(&checklist.groups, d.line) {
            seen[g].extend(found);
        }
    }
    for (group, resolutions) in checklist.groups.iter_mut().zip(&seen) {
        let target = Target::of(group, &checklist.lines);
        for change in changes(resolutions) {
            warnings.push(change.warning(&target));
            group.items.push(change.item(&target));
        }
    }
    renumber(&mut checklist.groups);
    warnings
}

/// [`Registry::rewrite`] of `text`; where a citation does not resolve (a number the registry does
/// not list, in a profile's own point), each part between separators is rewritten on its own and
/// the failing parts stay as written.
fn rewrite(
    registry: &Registry,
    text: &str,
    date: NaiveDate,
) -> (String, Vec<Resolution>, Vec<StandardsError>) {
    if let Ok(r) = registry.rewrite(text, date) {
        return (r.text, r.resolutions, Vec::new());
    }
    let (mut out, mut found, mut errors) = (String::new(), Vec::new(), Vec::new());
    for part in text.split_inclusive(['；', ';', '、', '，', ',', '。']) {
        match registry.rewrite(part, date) {
            Ok(r) => {
                out.push_str(&r.text);
                found.extend(r.resolutions);
            }
            Err(e) => {
                out.push_str(part);
                errors.push(e);
            }
        }
    }
    (out, found, errors)
}

fn group_of(groups: &[Group], line: &str) -> Option<usize> {
    groups.iter().position(|g| g.id == line)
}

/// Warnings for a profile `standards:` list, and the resolutions of its entries.
fn check_declared(
    d: &Declared,
    registry: &Registry,
    date: NaiveDate,
) -> (Vec<String>, Vec<Resolution>) {
    let mut warnings = Vec::new();
    let mut found = Vec::new();
    let citations = d.standards.iter().flat_map(|s| parse_citations(s));
    for c in citations.filter(|c| !c.series) {
        let prefix = format!("product line `{}`: standards list names {c}", d.line);
        match registry.resolve(&c, date) {
            Ok(r) => {
                let in_force = r
                    .in_force
                    .as_ref()
                    .map(|f| (f.edition.to_string(), f.since));
                match (r.status, in_force) {
                    (CitationStatus::Superseded, Some((edition, since))) => {
                        let since = since.map_or(String::new(), |s| format!(" since {s}"));
                        warnings.push(format!(
                            "{prefix}, superseded by {edition}{since}: 请按现行版本更新执行标准、检验规程和标签"
                        ));
                    }
                    (CitationStatus::NotYetInForce, in_force) => {
                        let until = in_force
                            .map_or(String::new(), |(e, _)| format!("; until then {e} applies"));
                        warnings.push(format!("{prefix}, which is not in force on {date}{until}"));
                    }
                    _ => {}
                }
                found.push(r);
            }
            Err(StandardsError::UnknownNumber(_)) => warnings.push(format!(
                "{prefix}, which the standards registry does not list: its edition is not checked"
            )),
            Err(e) => warnings.push(format!("{prefix}: {e}")),
        }
    }
    (warnings, found)
}

/// The group a transition item goes to.
struct Target {
    /// The line id, `None` for the company-wide group.
    line: Option<String>,
    scope: String,
    product: Option<String>,
    /// The line's product is under CCC (or the line holds a certificate).
    ccc: bool,
}

impl Target {
    fn of(group: &Group, lines: &[LineView]) -> Target {
        match lines.iter().find(|l| l.id == group.id) {
            Some(l) => Target {
                line: Some(l.id.clone()),
                scope: l.name.clone(),
                product: l.product.as_ref().map(|p| p.id.clone()),
                ccc: l.ccc.is_some() || l.product.as_ref().is_some_and(|p| p.ccc),
            },
            None => Target {
                line: None,
                scope: "全厂通用".to_owned(),
                product: None,
                ccc: false,
            },
        }
    }
}

/// One change of edition a group's citations meet, with every cited predecessor.
struct Pending {
    from: Vec<EditionRef>,
    transition: Transition,
}

/// The changes of a group's resolutions, one per new edition and date, in order of date.
fn changes(resolutions: &[Resolution]) -> Vec<Pending> {
    let mut out: Vec<Pending> = Vec::new();
    for t in resolutions.iter().flat_map(|r| &r.transitions) {
        let from = &t.change.from;
        match out.iter_mut().find(|p| {
            p.transition.change.to == t.change.to
                && p.transition.change.effective == t.change.effective
        }) {
            Some(p) if !p.from.contains(from) => p.from.push(from.clone()),
            Some(_) => {}
            None => out.push(Pending {
                from: vec![from.clone()],
                transition: t.clone(),
            }),
        }
    }
    out.sort_by(|a, b| {
        (a.transition.change.effective, &a.transition.change.to)
            .cmp(&(b.transition.change.effective, &b.transition.change.to))
    });
    out
}

fn joined(editions: &[EditionRef]) -> String {
    editions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

impl Pending {
    fn old_text(&self) -> String {
        joined(&self.from)
    }

    fn new_text(&self) -> String {
        joined(&self.transition.change.to)
    }

    fn warning(&self, target: &Target) -> String {
        let change = &self.transition.change;
        let when = match self.transition.phase {
            Phase::Upcoming => "takes effect on",
            Phase::Recent => "took effect on",
            Phase::Ongoing => "in transition since",
        };
        let scope = target
            .line
            .as_ref()
            .map_or("company-wide".to_owned(), |l| format!("product line `{l}`"));
        format!(
            "{scope}: standard change {} → {} {when} {}: transition item added",
            self.old_text(),
            self.new_text(),
            change.effective
        )
    }

    fn item(&self, target: &Target) -> Item {
        let change = &self.transition.change;
        let (old, new) = (self.old_text(), self.new_text());
        let on = crate::model::chinese_date(change.effective);
        let hazard = match self.transition.phase {
            Phase::Upcoming => format!(
                "{new} 将于{on}实施，设计、型式试验、认证证书和标签说明书仍依据 {old}，届时产品不符合现行标准"
            ),
            Phase::Recent | Phase::Ongoing => {
                format!("{new} 已于{on}实施，未完成换版的型号仍按已被替代的 {old} 设计、检验和标注")
            }
        };
        let mut measures = vec![
            format!("对照 {old} 与 {new} 逐条做差异分析，列出受影响的型号、设计和工艺变更"),
            format!("按 {new} 对差异项补做型式试验，更新出厂检验规程和检验项目"),
        ];
        let upcoming = self.transition.phase == Phase::Upcoming;
        let milestones: Vec<String> = change
            .milestones
            .iter()
            .map(|m| format!("{}：{}", crate::model::chinese_date(m.date), m.event))
            .collect();
        let dates = if milestones.is_empty() {
            String::new()
        } else {
            format!("（{}）", milestones.join("；"))
        };
        if target.ccc {
            measures.push(if upcoming {
                format!("向认证机构申请将 CCC 证书转换为依据 {new}{dates}")
            } else {
                format!("确认 CCC 证书已转换为依据 {new}{dates}，未转换的型号停止出厂")
            });
        } else if !milestones.is_empty() {
            measures.push(format!("按过渡安排办理{dates}"));
        }
        measures.push(if upcoming {
            format!("更新产品标签、铭牌、使用说明书和执行标准标注，自{on}起出厂的产品依据 {new}")
        } else {
            format!("核对{on}起出厂产品的标签、铭牌、使用说明书和执行标准标注均依据 {new}，旧版库存按过渡规定处理")
        });
        let caveat = match change.verified {
            Verified::DomainDoc => "",
            Verified::DomainDocSeries => "（随系列换版，本部分新版未逐一核实）",
            Verified::SingleSource | Verified::Unverified => "（实施日期待核实）",
        };
        Item {
            no: 0,
            id: format!("standard-change-{}", slug(&change.to[0])),
            scope: target.scope.clone(),
            stage: Stage::Design,
            stage_label: Stage::Design.label().to_owned(),
            point: format!("标准换版：{old} → {new}（{on}实施）"),
            hazard,
            measures,
            check: "查差异分析报告、型式试验报告、认证证书和标签说明书样稿".to_owned(),
            frequency: TRANSITION_FREQUENCY,
            frequency_label: TRANSITION_FREQUENCY.label().to_owned(),
            owner: Owner::Technical,
            owner_label: Owner::Technical.label().to_owned(),
            responsible: String::new(),
            // The old edition is named in the point and measures; the basis is what applies.
            basis: format!("{new}{caveat}"),
            severity: None,
            risk_level: String::new(),
            target: String::new(),
            duties: Default::default(),
            provenance: Provenance {
                kind: ProvenanceKind::Standard,
                source: change.to[0].to_string(),
                label: format!("标准换版：{}", change.to[0]),
                line: target.line.clone(),
                product: target.product.clone(),
                defined_at: Some(REGISTRY_FILE.to_owned()),
                adjustments: Vec::new(),
                facts: Vec::new(),
                merged: Vec::new(),
            },
        }
    }
}

/// "GB/T 4706.1-2024" → "gb-t-4706-1-2024".
fn slug(edition: &EditionRef) -> String {
    edition
        .to_string()
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Items sorted by stage within each group, numbered through the whole checklist.
fn renumber(groups: &mut [Group]) {
    let mut no = 0;
    for group in groups {
        group.items.sort_by_key(|i| i.stage);
        for item in &mut group.items {
            no += 1;
            item.no = no;
        }
    }
}
