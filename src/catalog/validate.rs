//! Turns the merged raw layers into a complete [`Catalog`]: every required field present, every
//! reference resolved, every pattern compiled once to prove it parses. Downstream code reads
//! complete types and has no defaults to guess.
use std::collections::HashSet;

use super::{
    Adjustment, Catalog, CatalogMeta, Family, LayerMeta, Product, RiskPoint, Rule, Text, raw,
};
use crate::error::{Diagnostic, Location, did_you_mean};

pub(super) fn at(origin: &Option<Location>, message: String) -> Diagnostic {
    Diagnostic {
        location: origin.clone(),
        ..Diagnostic::new(message)
    }
}

/// A complete risk point, or one diagnostic per missing field (`check` is optional: empty when
/// absent).
pub fn complete_point(p: raw::RiskPoint) -> Result<RiskPoint, Vec<Diagnostic>> {
    let measures = p.measures.filter(|m| !m.is_empty());
    match (
        p.stage,
        p.point,
        p.hazard,
        measures,
        p.frequency,
        p.owner,
        p.basis,
    ) {
        (
            Some(stage),
            Some(point),
            Some(hazard),
            Some(measures),
            Some(frequency),
            Some(owner),
            Some(basis),
        ) => Ok(RiskPoint {
            id: p.id.into(),
            stage,
            point: point.into(),
            hazard: hazard.into(),
            measures: texts(measures),
            check: p.check.unwrap_or_default().into(),
            frequency,
            owner,
            basis: basis.into(),
            severity: p.severity,
            target: p.target.filter(|t| !t.trim().is_empty()).map(Text::from),
            when: p.when,
            control: p.control.map(Text::from),
            origin: p.origin,
        }),
        (stage, point, hazard, measures, frequency, owner, basis) => Err([
            ("stage", stage.is_none()),
            ("point", point.is_none()),
            ("hazard", hazard.is_none()),
            ("measures", measures.is_none()),
            ("frequency", frequency.is_none()),
            ("owner", owner.is_none()),
            ("basis", basis.is_none()),
        ]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(field, _)| at(&p.origin, format!("risk point `{}` has no `{field}`", p.id)))
        .collect()),
    }
}

/// One diagnostic per Chinese text field of `p` that quotes with ASCII `"` pairs (Chinese text
/// quotes with “…”).
fn ascii_quotes(p: &RiskPoint) -> Vec<Diagnostic> {
    let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let fields = [
        ("point", p.point.as_str()),
        ("hazard", &p.hazard),
        ("check", &p.check),
        ("target", p.target.as_deref().unwrap_or_default()),
    ];
    let measures = p.measures.iter().map(|m| ("measures", m.as_str()));
    fields
        .into_iter()
        .chain(measures)
        .filter(|(_, text)| chinese(text) && text.matches('"').count() >= 2)
        .map(|(field, _)| {
            at(
                &p.origin,
                format!(
                    "risk point `{}`: `{field}` quotes Chinese text with ASCII \" pairs; write “…”",
                    p.id
                ),
            )
        })
        .collect()
}

/// Problems found, kept in the order the checks have always reported them.
#[derive(Default)]
struct Problems {
    points: Vec<Diagnostic>,
    rules: Vec<Diagnostic>,
    products: Vec<Diagnostic>,
    references: Vec<Diagnostic>,
}

impl Problems {
    fn into_vec(self) -> Vec<Diagnostic> {
        [self.points, self.rules, self.products, self.references].concat()
    }
}

/// Validates the merged catalog as a whole.
pub fn validate(merged: raw::Merged) -> Result<Catalog, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut points = |list: Vec<raw::RiskPoint>, problems: &mut Problems| -> Vec<RiskPoint> {
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            if !seen.insert(p.id.clone()) {
                problems.points.push(at(
                    &p.origin,
                    format!("risk point id `{}` is used twice", p.id),
                ));
            }
            match complete_point(p) {
                Ok(p) => {
                    problems.points.extend(ascii_quotes(&p));
                    out.push(p);
                }
                Err(ds) => problems.points.extend(ds),
            }
        }
        out
    };
    let general = points(merged.general, &mut problems);
    let family_ids: HashSet<String> = merged.families.iter().map(|f| f.id.clone()).collect();
    let families: Vec<Family> = merged
        .families
        .into_iter()
        .map(|f| Family {
            name: f.name.unwrap_or_else(|| f.id.clone()).into(),
            id: f.id.into(),
            standards: texts(f.standards.unwrap_or_default()),
            facts: f.facts.unwrap_or_default().into(),
            risk_points: points(f.risk_points, &mut problems).into(),
            origin: f.origin,
        })
        .collect();
    let mut products = Vec::with_capacity(merged.products.len());
    for mut pr in merged.products {
        let risk_points = points(std::mem::take(&mut pr.risk_points), &mut problems);
        if let Some(p) = complete_product(pr, risk_points, &family_ids, &mut problems.products) {
            products.push(p);
        }
    }
    let mut raw_rules = merged.rules;
    let adds: Vec<Vec<RiskPoint>> = raw_rules
        .iter_mut()
        .map(|r| points(std::mem::take(&mut r.add), &mut problems))
        .collect();
    check_rule_references(&raw_rules, &seen, &mut problems.references);
    let mut rules = Vec::with_capacity(raw_rules.len());
    for (r, add) in raw_rules.into_iter().zip(adds) {
        let Some(when) = r.when else {
            problems.rules.push(at(
                &r.origin,
                format!("rule `{}` has no `when` condition", r.id),
            ));
            continue;
        };
        rules.push(Rule {
            name: r.name.unwrap_or_else(|| r.id.clone()),
            id: r.id,
            scope: r.scope.unwrap_or_default(),
            when,
            warn: r.warn,
            add,
            drop: r.drop.unwrap_or_default(),
            adjust: r.adjust.unwrap_or_default(),
            origin: r.origin,
        });
    }
    super::scope::check(&families, &products, &mut problems.references);
    let meta = complete_meta(merged.meta, &mut problems.products);
    let problems = problems.into_vec();
    match meta {
        Some(meta) if problems.is_empty() => Ok(Catalog {
            meta,
            layers: merged.layers,
            layer_meta: merged
                .layer_meta
                .into_iter()
                .map(|(name, m)| LayerMeta {
                    name,
                    title: m.title,
                    edition: m.edition,
                    publisher: m.publisher,
                    published: m.published,
                    source: m.source,
                    provenance: m.provenance,
                })
                .collect(),
            families,
            products,
            general,
            rules,
            sorted_point_ids: Vec::new(),
        }
        .with_point_ids()),
        _ => Err(problems),
    }
}

fn complete_meta(m: raw::CatalogMeta, problems: &mut Vec<Diagnostic>) -> Option<CatalogMeta> {
    match (m.id, m.title, m.edition, m.publisher, m.published) {
        (Some(id), Some(title), Some(edition), Some(publisher), Some(published)) => {
            Some(CatalogMeta {
                id,
                title,
                edition,
                publisher,
                published,
                source: m.source,
                provenance: m.provenance,
            })
        }
        (id, title, edition, publisher, published) => {
            let fields = [
                ("id", id.is_none()),
                ("title", title.is_none()),
                ("edition", edition.is_none()),
                ("publisher", publisher.is_none()),
                ("published", published.is_none()),
            ];
            for (field, _) in fields.iter().filter(|(_, missing)| *missing) {
                problems.push(Diagnostic::new(format!(
                    "the catalog metadata has no `{field}`"
                )));
            }
            None
        }
    }
}

fn complete_product(
    pr: raw::Product,
    risk_points: Vec<RiskPoint>,
    family_ids: &HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Product> {
    let required = [
        ("name", pr.name.is_none()),
        ("category", pr.category.is_none()),
        ("licence", pr.licence.is_none()),
        ("ccc", pr.ccc.is_none()),
        ("level", pr.level.is_none()),
    ];
    for (field, missing) in required {
        if missing {
            problems.push(at(
                &pr.origin,
                format!("product `{}` has no `{field}`", pr.id),
            ));
        }
    }
    let families = pr.families.unwrap_or_default();
    let mut named = HashSet::new();
    for fam in &families {
        if !named.insert(fam) {
            problems.push(at(
                &pr.origin,
                format!("product `{}` names family `{fam}` twice", pr.id),
            ));
        } else if !family_ids.contains(fam) {
            let hint = did_you_mean(fam, family_ids.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            problems.push(
                at(
                    &pr.origin,
                    format!("product `{}` names unknown family `{fam}`", pr.id),
                )
                .with_hint(hint),
            );
        }
    }
    let patterns = pr.patterns.unwrap_or_default();
    for pattern in &patterns {
        if let Err(e) = regex_lite::Regex::new(pattern) {
            problems.push(at(
                &pr.origin,
                format!("product `{}`: bad pattern `{pattern}`: {e}", pr.id),
            ));
        }
    }
    let (Some(name), Some(category), Some(licence), Some(ccc), Some(level)) =
        (pr.name, pr.category, pr.licence, pr.ccc, pr.level)
    else {
        return None;
    };
    Some(Product {
        id: pr.id.into(),
        seq: pr.seq,
        name: name.into(),
        category: category.into(),
        licence,
        licence_scope: pr.licence_scope.map(Text::from),
        ccc,
        ccc_scope: pr.ccc_scope.map(Text::from),
        licence_applies: pr.licence_applies,
        ccc_applies: pr.ccc_applies,
        tags: texts(pr.tags.unwrap_or_default()),
        level,
        families: texts(families),
        aliases: texts(pr.aliases.unwrap_or_default()),
        keywords: texts(pr.keywords.unwrap_or_default()),
        patterns: texts(patterns),
        standards: texts(pr.standards.unwrap_or_default()),
        facts: pr.facts.unwrap_or_default().into(),
        risk_points: risk_points.into(),
        origin: pr.origin,
    })
}

/// Every point a rule drops or adjusts must exist somewhere in the catalog.
fn check_rule_references(
    rules: &[raw::Rule],
    ids: &HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    for r in rules {
        let named = r.drop.iter().flatten().map(String::as_str);
        let adjusted = r
            .adjust
            .iter()
            .flatten()
            .map(|a: &Adjustment| a.point.as_str());
        for id in named.chain(adjusted) {
            if !ids.contains(id) {
                let hint = did_you_mean(id, ids.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                problems.push(
                    at(
                        &r.origin,
                        format!("rule `{}` names unknown risk point `{id}`", r.id),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
}

/// Owned strings as catalog text.
fn texts(strings: Vec<String>) -> Vec<Text> {
    strings.into_iter().map(Text::from).collect()
}
