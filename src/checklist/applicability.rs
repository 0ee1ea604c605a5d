//! What applies to one product line: its facts (settled from the catalog product, the profile's
//! answers, the line's own words or a stated default), the sentences the documents print about
//! them, and the merging of points that cover one control into one item.
use super::{Draft, GroupDraft};
use crate::catalog::{Catalog, Product};
use crate::error::{Diagnostics, did_you_mean};
use crate::facts::{FactSource, LineFacts, ResolvedFact, resolve};
use crate::model::ProvenanceKind;
use crate::profile::{LoadedProfile, ProductLine};
use crate::rules::matching::normalize;
use crate::vocab::Condition;

/// The line's own words: name, models, materials, processes and standards, normalised.
pub fn line_text(line: &ProductLine) -> String {
    let parts = std::iter::once(&line.name)
        .chain(&line.models)
        .chain(&line.materials)
        .chain(&line.processes)
        .chain(&line.standards);
    normalize(&parts.cloned().collect::<Vec<_>>().join(" "))
}

/// Settles the facts of `product` for `line`.
pub fn line_facts(catalog: &Catalog, product: &Product, line: &ProductLine) -> LineFacts {
    resolve(
        catalog.product_facts(product),
        &line_text(line),
        &line.answer_values(),
    )
}

/// Reports answers to questions the line's product does not ask (with the nearest fact id).
pub fn check_answers(
    loaded: &LoadedProfile,
    index: usize,
    facts: Option<&LineFacts>,
    problems: &mut Diagnostics,
) {
    let line = &loaded.profile.product_lines[index];
    let known: Vec<&str> = facts.map_or(Vec::new(), |f| f.0.keys().map(String::as_str).collect());
    for id in line.answers.keys() {
        if known.contains(&id.as_str()) {
            continue;
        }
        let hint = did_you_mean(id, known.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                Some(if known.is_empty() {
                    "this line's catalog product asks no questions".to_string()
                } else {
                    format!("this line's product asks: {}", known.join(", "))
                })
            });
        problems.0.push(
            loaded
                .diagnostic_at(
                    &format!("product_lines[{index}].answers.{id}"),
                    format!(
                        "product line `{}` answers `{id}`, which its catalog product does not ask",
                        line.id
                    ),
                )
                .with_hint(hint),
        );
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

/// One fact in a few words: the question, the value and where it came from.
pub fn brief(f: &ResolvedFact) -> String {
    let source = match &f.source {
        FactSource::Product => "目录产品设定".to_string(),
        FactSource::Answered => "档案回答".to_string(),
        FactSource::Detected { word } => format!("依据“{word}”"),
        FactSource::Assumed => "未说明，按默认".to_string(),
    };
    format!("{}{}（{source}）", f.question, yes_no(f.value))
}

/// The 适用性说明 sentence of a fact the documents must state: detected, answered or assumed
/// (facts the catalog product fixes go without saying).
pub fn note(f: &ResolvedFact) -> Option<String> {
    let value = yes_no(f.value);
    match &f.source {
        FactSource::Product => None,
        FactSource::Answered => Some(format!("档案回答“{}”：{value}", f.question)),
        FactSource::Detected { word } => {
            Some(format!("依据“{word}”判定“{}”为“{value}”", f.question))
        }
        FactSource::Assumed => Some(format!("未说明“{}”，按“{value}”处理", f.question)),
    }
}

/// The facts a condition reads, in a few words each.
pub fn read_by(condition: Option<&Condition>, facts: &LineFacts) -> Vec<String> {
    let mut ids = condition.map(Condition::facts).unwrap_or_default();
    ids.dedup();
    ids.iter()
        .filter_map(|id| facts.0.get(*id))
        .map(brief)
        .collect()
}

/// The fact that keeps a point out: the first fact read whose other value would let the
/// condition hold (else the first fact read).
pub fn deciding(condition: &Condition, facts: &LineFacts) -> String {
    let read = condition.facts();
    let flips = |id: &str| {
        let known = |f: &str| {
            let v = facts.value(f)?;
            Some(if f == id { !v } else { v })
        };
        condition.eval_facts(&known) == Some(true)
    };
    read.iter()
        .find(|id| flips(id))
        .or(read.first())
        .map_or_else(String::new, |id| id.to_string())
}

/// How specific a definition is: the most specific text wins a merge.
fn rank(kind: ProvenanceKind) -> u8 {
    match kind {
        ProvenanceKind::General => 0,
        ProvenanceKind::Family => 1,
        ProvenanceKind::Rule => 2,
        ProvenanceKind::Product | ProvenanceKind::Standard => 3,
        ProvenanceKind::Custom => 4,
    }
}

/// What makes two drafts one item: the control they cover, or the point's name.
fn keys(d: &Draft) -> Vec<String> {
    let mut keys = vec![format!("point:{}", d.def.point)];
    if let Some(c) = &d.def.control {
        keys.push(format!("control:{c}"));
    }
    keys
}

/// One item per control and per point name: the most specific text wins, with the stricter
/// frequency; the winner lists what it absorbed.
pub fn merge(drafts: Vec<Draft<'_>>) -> Vec<Draft<'_>> {
    let mut out: Vec<(Vec<String>, Draft)> = Vec::new();
    for d in drafts {
        let k = keys(&d);
        match out
            .iter()
            .position(|(seen, _)| k.iter().any(|x| seen.contains(x)))
        {
            None => out.push((k, d)),
            Some(i) => {
                let (seen, kept) = out.remove(i);
                let merged = absorb(kept, d);
                let mut all = seen;
                all.extend(k);
                out.insert(i, (all, merged));
            }
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// Merges two drafts of one control into the more specific (the first on a tie).
pub fn absorb<'a>(a: Draft<'a>, b: Draft<'a>) -> Draft<'a> {
    let (mut winner, loser) = if rank(b.kind) > rank(a.kind) {
        (b, a)
    } else {
        (a, b)
    };
    let stricter = winner.frequency.stricter(loser.frequency);
    winner.merged.push(format!(
        "{}（{}，{}）",
        loser.def.id,
        loser.label,
        loser.frequency.label()
    ));
    winner.merged.extend(loser.merged);
    winner.absorbed.push(&loser.def.id);
    winner.absorbed.extend(loser.absorbed);
    winner.adjustments.extend(loser.adjustments);
    for f in loser.facts {
        if !winner.facts.contains(&f) {
            winner.facts.push(f);
        }
    }
    if stricter != winner.frequency {
        winner.adjustments.push(format!(
            "合并 {}：频次 {} → {}",
            loser.def.id,
            winner.frequency.label(),
            stricter.label()
        ));
        winner.frequency = stricter;
    }
    winner
}

/// A general point whose control every matched product line covers with its own point merges
/// into those lines' items and leaves the company-wide group (the first group).
pub fn merge_general(groups: &mut [GroupDraft<'_>], matched: &[bool]) {
    let Some((company, lines)) = groups.split_first_mut() else {
        return;
    };
    let lines: Vec<&mut GroupDraft> = lines
        .iter_mut()
        .zip(matched)
        .filter(|(_, m)| **m)
        .map(|(g, _)| g)
        .collect();
    if lines.is_empty() {
        return;
    }
    let mut lines = lines;
    let mut kept = Vec::with_capacity(company.drafts.len());
    for general in std::mem::take(&mut company.drafts) {
        let control = general
            .def
            .control
            .as_deref()
            .filter(|_| general.kind == ProvenanceKind::General);
        let covering = |g: &GroupDraft| {
            control.and_then(|c| {
                g.drafts
                    .iter()
                    .position(|d| d.def.control.as_deref() == Some(c))
            })
        };
        if control.is_none() || lines.iter().any(|g| covering(g).is_none()) {
            kept.push(general);
            continue;
        }
        for g in lines.iter_mut() {
            if let Some(i) = covering(g) {
                let own = g.drafts.remove(i);
                g.drafts.insert(i, absorb(own, general.clone()));
            }
        }
    }
    company.drafts = kept;
}

/// The unanswered questions of a line, as `check` warns of them.
pub fn unanswered(line: &ProductLine, facts: &LineFacts) -> Vec<String> {
    facts
        .assumed()
        .map(|f| {
            format!(
                "product line `{}` ({}): question not answered: “{}” — assumed {}; answer it under `answers:` as `{}: 是` or `{}: 否`",
                line.id,
                line.name,
                f.question,
                yes_no(f.value),
                f.id,
                f.id
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{RiskPoint, Text};
    use crate::vocab::{Frequency, Owner, Stage};

    fn point(id: &str, name: &str, control: Option<&str>, frequency: Frequency) -> RiskPoint {
        RiskPoint {
            id: id.into(),
            stage: Stage::Production,
            point: name.into(),
            hazard: Text::default(),
            measures: vec![Text::default()],
            check: Text::default(),
            frequency,
            owner: Owner::Production,
            basis: Text::default(),
            severity: None,
            target: None,
            when: None,
            control: control.map(Into::into),
            origin: None,
        }
    }

    #[test]
    fn the_deciding_fact_is_the_one_that_would_let_the_point_in() {
        use crate::facts::{FactDecl, resolve};
        let decl = |id: &str, detect: &str| FactDecl {
            id: id.into(),
            question: Some(format!("{id}？")),
            detect: vec![detect.into()],
            detect_not: vec![],
            default: Some(false),
            value: None,
        };
        let (belt, net) = (decl("belt", "安全带"), decl("helmet", "安全帽"));
        let facts = resolve([&belt, &net], "安全帽", &Default::default());
        let condition: Condition = serde_yaml_ng::with::singleton_map_recursive::deserialize(
            serde_yaml_ng::Deserializer::from_str("{ all: [ { fact: helmet }, { fact: belt } ] }"),
        )
        .unwrap();
        assert_eq!(deciding(&condition, &facts), "belt");
    }

    #[test]
    fn one_item_per_control_or_name_most_specific_text_stricter_frequency() {
        let family = point("fam", "气密性", Some("tightness"), Frequency::PerBatch);
        let product = point(
            "prod",
            "燃气通路气密性",
            Some("tightness"),
            Frequency::Daily,
        );
        let rule = point("rule", "燃气通路气密性", None, Frequency::Monthly);
        let other = point("other", "热效率", None, Frequency::OnDesignChange);
        let drafts = vec![
            Draft::new(&family, ProvenanceKind::Family, "f", "产品族".into()),
            Draft::new(&other, ProvenanceKind::Family, "f", "产品族".into()),
            Draft::new(&product, ProvenanceKind::Product, "p", "产品".into()),
            Draft::new(&rule, ProvenanceKind::Rule, "r", "规则".into()),
        ];
        let merged = merge(drafts);
        assert_eq!(merged.len(), 2);
        let item = &merged[0];
        assert_eq!(item.def.id, "prod");
        assert_eq!(item.frequency, Frequency::PerBatch);
        assert!(item.covers("fam") && item.covers("rule"));
        assert_eq!(item.merged.len(), 2);
        assert_eq!(merged[1].frequency, Frequency::OnDesignChange);
    }
}
