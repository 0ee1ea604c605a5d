//! Checks the catalog's applicability data: every `fact` a condition reads is declared in scope
//! (a family point: the family's facts; a product point: the product's and its families'), a
//! product's `value` entries fix a fact of one of its families, a product lists each family once,
//! and no two points of one specificity on a product cover the same control.
use std::collections::{BTreeMap, HashSet};

use super::validate::at;
use super::{Family, Product, RiskPoint};
use crate::error::{Diagnostic, Location, did_you_mean};
use crate::facts::FactDecl;
use crate::vocab::Condition;

pub fn check(families: &[Family], products: &[Product], problems: &mut Vec<Diagnostic>) {
    for f in families {
        let owner = format!("family `{}`", f.id);
        check_decls(&f.facts, &f.origin, &owner, &[], problems);
        let scope: Vec<&str> = f.facts.iter().map(|d| d.id.as_str()).collect();
        for p in &f.risk_points {
            check_facts_read(
                p.when.as_ref(),
                &p.origin,
                &format!("risk point `{}`", p.id),
                &scope,
                problems,
            );
        }
    }
    for pr in products {
        check_product(pr, families, problems);
    }
}

fn check_product(pr: &Product, families: &[Family], problems: &mut Vec<Diagnostic>) {
    let mut listed = HashSet::new();
    for id in &pr.families {
        if !listed.insert(id) {
            problems.push(at(
                &pr.origin,
                format!("product `{}` lists family `{id}` twice", pr.id),
            ));
        }
    }
    let fams: Vec<&Family> = pr
        .families
        .iter()
        .filter_map(|id| families.iter().find(|f| &f.id == id))
        .collect();
    let family_facts: Vec<&str> = fams
        .iter()
        .flat_map(|f| f.facts.iter().map(|d| d.id.as_str()))
        .collect();
    let owner = format!("product `{}`", pr.id);
    check_decls(&pr.facts, &pr.origin, &owner, &family_facts, problems);
    let scope: Vec<&str> = family_facts
        .iter()
        .copied()
        .chain(pr.facts.iter().map(|d| d.id.as_str()))
        .collect();
    for p in &pr.risk_points {
        check_facts_read(
            p.when.as_ref(),
            &p.origin,
            &format!("risk point `{}`", p.id),
            &scope,
            problems,
        );
    }
    for (key, cond) in [
        ("licence_applies", &pr.licence_applies),
        ("ccc_applies", &pr.ccc_applies),
    ] {
        let what = format!("`{key}` of product `{}`", pr.id);
        check_facts_read(cond.as_ref(), &pr.origin, &what, &scope, problems);
    }
    // Same control at one specificity: the product's own points, then its families' points
    // that the product's fixed facts do not rule out.
    same_control(pr.risk_points.iter(), &pr.id, "product", problems);
    let fixed: BTreeMap<&str, bool> = pr
        .facts
        .iter()
        .filter_map(|d| d.value.map(|v| (d.id.as_str(), v)))
        .collect();
    let open = fams.iter().flat_map(|f| &f.risk_points).filter(|p| {
        p.when
            .as_ref()
            .is_none_or(|c| c.eval_facts(&|id| fixed.get(id).copied()) != Some(false))
    });
    same_control(open, &pr.id, "family", problems);
}

fn same_control<'a>(
    points: impl Iterator<Item = &'a RiskPoint>,
    product: &str,
    level: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let mut by_control: BTreeMap<&str, &RiskPoint> = BTreeMap::new();
    for p in points {
        let Some(control) = p.control.as_deref() else {
            continue;
        };
        if let Some(first) = by_control.insert(control, p) {
            problems.push(
                at(
                    &p.origin,
                    format!(
                        "{level} points `{}` and `{}` both cover control `{control}` on product `{product}`",
                        first.id, p.id
                    ),
                )
                .with_hint(Some(
                    "give them different controls, drop one, or make their `when` exclusive"
                        .into(),
                )),
            );
        }
    }
}

fn check_decls(
    decls: &[FactDecl],
    origin: &Option<Location>,
    owner: &str,
    family_facts: &[&str],
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for d in decls {
        if !seen.insert(d.id.as_str()) {
            problems.push(at(
                origin,
                format!("{owner} declares fact `{}` twice", d.id),
            ));
        }
        if d.value.is_some() && d.question.is_none() && !family_facts.contains(&d.id.as_str()) {
            let hint = did_you_mean(&d.id, family_facts.iter().copied())
                .map(|s| format!("did you mean `{s}`?"));
            problems.push(
                at(
                    origin,
                    format!(
                        "{owner} fixes fact `{}`, which none of its families declares",
                        d.id
                    ),
                )
                .with_hint(hint),
            );
        }
        if d.value.is_none() && d.question.as_deref().is_none_or(|q| q.trim().is_empty()) {
            problems.push(at(
                origin,
                format!("fact `{}` of {owner} has no `question`", d.id),
            ));
        }
    }
}

fn check_facts_read(
    cond: Option<&Condition>,
    origin: &Option<Location>,
    what: &str,
    scope: &[&str],
    problems: &mut Vec<Diagnostic>,
) {
    for id in cond.map(Condition::facts).unwrap_or_default() {
        if !scope.contains(&id) {
            let hint =
                did_you_mean(id, scope.iter().copied()).map(|s| format!("did you mean `{s}`?"));
            problems.push(
                at(
                    origin,
                    format!("{what} reads fact `{id}`, which is not declared in its scope"),
                )
                .with_hint(hint),
            );
        }
    }
}
