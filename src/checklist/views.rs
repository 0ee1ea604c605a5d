//! The views of the model built from a draft: items, products, certificates.
use chrono::NaiveDate;

use super::Draft;
use crate::catalog::Product;
use crate::model::{CertView, Item, LineView, ProductView, Provenance};
use crate::profile::{Certificate, People, ProductLine};
use crate::vocab::{CertKind, Owner};

pub(super) fn item(
    no: usize,
    d: Draft,
    line: Option<&ProductLine>,
    lines: &[LineView],
    people: &People,
) -> Item {
    let def = d.def;
    let line_view = line.and_then(|l| lines.iter().find(|v| v.id == l.id));
    Item {
        no,
        id: def.id.clone(),
        scope: line.map_or_else(|| "全厂通用".to_string(), |l| l.name.clone()),
        stage: def.stage,
        stage_label: def.stage.label().to_string(),
        point: def.point.clone(),
        hazard: def.hazard.clone(),
        measures: def.measures.clone(),
        check: def.check.clone(),
        frequency: d.frequency,
        frequency_label: d.frequency.label().to_string(),
        owner: d.owner,
        owner_label: d.owner.label().to_string(),
        responsible: responsible(d.owner, line, people),
        basis: def.basis.clone(),
        provenance: Provenance {
            kind: d.kind,
            source: d.source,
            label: d.label,
            line: line.map(|l| l.id.clone()),
            product: line_view.and_then(|v| v.product.as_ref().map(|p| p.id.clone())),
            defined_at: def.origin.as_ref().map(ToString::to_string),
            adjustments: d.adjustments,
            facts: d.facts,
            merged: d.merged,
        },
    }
}

fn responsible(owner: Owner, line: Option<&ProductLine>, people: &People) -> String {
    match owner {
        Owner::Principal => people.principal.name.clone(),
        Owner::Director => people.director.name.clone(),
        Owner::Officer => {
            let names: Vec<&str> = people
                .officers
                .iter()
                .filter(|o| o.lines.is_empty() || line.is_none_or(|l| o.lines.contains(&l.id)))
                .map(|o| o.name.as_str())
                .collect();
            names.join("、")
        }
        _ => String::new(),
    }
}

pub(super) fn product_view(p: &Product) -> ProductView {
    ProductView {
        id: p.id.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        licence: p.licence,
        licence_scope: p.licence_scope.clone(),
        ccc: p.ccc,
        ccc_scope: p.ccc_scope.clone(),
        level: p.level.label().to_string(),
        tags: p.tags.clone(),
        standards: p.standards.clone(),
    }
}

pub(super) fn cert_view(
    kind: CertKind,
    cert: Option<&Certificate>,
    date: NaiveDate,
) -> Option<CertView> {
    cert.map(|c| {
        let state = Certificate::state(kind, Some(c), date);
        CertView {
            kind,
            number: c.number.clone(),
            expires: c.expires,
            days_left: (c.expires - date).num_days(),
            state,
            state_label: state.label().to_string(),
        }
    })
}
