//! The views of the model built from a draft: items, products, certificates; and the document
//! fields every item and the checklist get once the checklist is complete ([`finish`]): risk
//! level, target, duties, the company's department names, document control, catalog layers.
use chrono::{Datelike, NaiveDate};

use super::Draft;
use crate::catalog::{LayerMeta, Product};
use crate::model::{
    CertView, Checklist, DocumentView, Duties, Item, LayerView, LineView, ProductView, Provenance,
    RevisionView, SignoffView,
};
use crate::profile::document::{Signoff, department_name};
use crate::profile::{Certificate, People, ProductLine, Profile};
use crate::vocab::{CertKind, Frequency, Level, Owner, Severity};

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
        id: def.id.to_string(),
        scope: line.map_or_else(|| "全厂通用".to_string(), |l| l.name.clone()),
        stage: def.stage,
        stage_label: def.stage.label().to_string(),
        point: def.point.to_string(),
        hazard: def.hazard.to_string(),
        measures: def.measures.iter().map(|m| m.to_string()).collect(),
        check: def.check.to_string(),
        frequency: d.frequency,
        frequency_label: d.frequency.label().to_string(),
        owner: d.owner,
        owner_label: d.owner.label().to_string(),
        responsible: responsible(d.owner, line, people),
        basis: def.basis.to_string(),
        severity: def.severity,
        risk_level: String::new(),
        target: def.target.as_deref().unwrap_or_default().to_string(),
        duties: Duties::default(),
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
        id: p.id.to_string(),
        name: p.name.to_string(),
        category: p.category.to_string(),
        licence: p.licence,
        licence_scope: p.licence_scope.as_deref().map(str::to_owned),
        ccc: p.ccc,
        ccc_scope: p.ccc_scope.as_deref().map(str::to_owned),
        level: p.level.label().to_string(),
        tags: p.tags.iter().map(|t| t.to_string()).collect(),
        standards: p.standards.iter().map(|t| t.to_string()).collect(),
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
            expires_label: date_label(c.expires),
        }
    })
}

pub use crate::model::chinese_date as date_label;

/// 风险等级: the hazard's severity, one step up on a product of the highest supervision level
/// and one step down on one of the lowest (catalog/README.md, "Risk rating").
pub fn risk_level(severity: Severity, level: Level) -> Level {
    let score = match severity {
        Severity::High => 3,
        Severity::Medium => 2,
        Severity::Low => 1,
    } + match level {
        Level::High => 1,
        Level::Medium => 0,
        Level::Low => -1,
    };
    match score {
        3.. => Level::High,
        2 => Level::Medium,
        _ => Level::Low,
    }
}

/// ★ 主管, ● 主要相关, ○ 相关 of principal, director and officers for an item of `owner` done
/// at `frequency`: the named role leads; a department's item is led by the officers when it is
/// checked day to day or weekly, by the director otherwise (the monthly scheduling).
pub fn duties(owner: Owner, frequency: Frequency) -> Duties {
    let marks = |p: &str, d: &str, o: &str| Duties {
        principal: p.into(),
        director: d.into(),
        officer: o.into(),
    };
    match owner {
        Owner::Principal => marks("★", "●", "○"),
        Owner::Director => marks("○", "★", "●"),
        Owner::Officer => marks("○", "●", "★"),
        _ if matches!(
            frequency,
            Frequency::PerBatch | Frequency::Daily | Frequency::Weekly
        ) =>
        {
            marks("○", "●", "★")
        }
        _ => marks("○", "★", "●"),
    }
}

/// The supervision level an item is rated against: its line's product; company-wide items and
/// lines without a catalog product are rated on their severity alone (level 中).
fn item_level(item: &Item, lines: &[LineView]) -> Level {
    item.provenance
        .line
        .as_ref()
        .and_then(|id| lines.iter().find(|l| &l.id == id))
        .and_then(|l| l.product.as_ref())
        .and_then(|p| Level::ALL.iter().copied().find(|v| v.label() == p.level))
        .unwrap_or(Level::Medium)
}

/// Fills the document fields of every item (risk level, target, duties, the company's name for
/// the owner) once every pass has added its items.
pub fn finish(checklist: &mut Checklist, profile: &Profile) {
    let lines = std::mem::take(&mut checklist.lines);
    for item in checklist.groups.iter_mut().flat_map(|g| &mut g.items) {
        let level = item_level(item, &lines);
        item.risk_level = risk_level(item.severity.unwrap_or(Severity::Medium), level)
            .label()
            .to_string();
        if item.target.is_empty() {
            item.target = super::target::derive(item);
        }
        item.duties = duties(item.owner, item.frequency);
        item.owner_label = department_name(&profile.departments, item.owner)
            .unwrap_or(item.owner.label())
            .to_string();
    }
    checklist.lines = lines;
}

/// The `--catalog` layers as 编制依据 names them: by their own title, publisher and date, or by
/// file name when a layer says nothing about itself.
pub fn layer_views(layers: &[LayerMeta]) -> Vec<LayerView> {
    layers
        .iter()
        .map(|m| {
            let file = m
                .name
                .rsplit_once(" (")
                .map_or(m.name.as_str(), |(f, _)| f)
                .to_string();
            let published = m.published.as_deref().map(|p| {
                NaiveDate::parse_from_str(p, "%Y-%m-%d").map_or_else(|_| p.to_string(), date_label)
            });
            let by: Vec<&str> = [m.publisher.as_deref(), published.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let mut label = match &m.title {
                Some(t) => format!("《{t}》"),
                None => format!("地方目录层“{file}”"),
            };
            if let Some(edition) = &m.edition {
                label.push_str(&format!("（{edition}）"));
            }
            if !by.is_empty() {
                label.push_str(&format!("（{}）", by.join("，")));
            }
            LayerView {
                file,
                title: m.title.clone(),
                publisher: m.publisher.clone(),
                published: m.published.clone(),
                label,
            }
        })
        .collect()
}

/// The checklist's document control: the profile's `document` section, defaults filled in.
pub fn document_view(profile: &Profile, date: NaiveDate) -> DocumentView {
    let doc = &profile.document;
    let code: String = profile.company.credit_code.chars().collect();
    let tail: String = code
        .chars()
        .skip(code.chars().count().saturating_sub(7))
        .take(6)
        .collect();
    let version = doc.version.clone().unwrap_or_else(|| "A/0".into());
    let effective = doc.effective.unwrap_or(date);
    let people = &profile.people;
    let signoff = |given: &Option<Signoff>, default: &str| SignoffView {
        name: given
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| default.to_string()),
        date_label: given
            .as_ref()
            .and_then(|s| s.date)
            .map(date_label)
            .unwrap_or_default(),
    };
    let prepared = signoff(&doc.prepared, &people.director.name);
    let revisions = if doc.revisions.is_empty() {
        vec![RevisionView {
            version: version.clone(),
            date_label: date_label(effective),
            change: "首次发布".into(),
            by: prepared.name.clone(),
        }]
    } else {
        doc.revisions
            .iter()
            .map(|r| RevisionView {
                version: r.version.clone(),
                date_label: date_label(r.date),
                change: r.change.clone(),
                by: r.by.clone().unwrap_or_default(),
            })
            .collect()
    };
    DocumentView {
        number: doc
            .number
            .clone()
            .unwrap_or_else(|| format!("QS-{tail}-FKQD-{}", effective.year())),
        version,
        effective_label: date_label(effective),
        reviewed: signoff(&doc.reviewed, ""),
        approved: signoff(&doc.approved, &people.principal.name),
        prepared,
        revisions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_medium_hazard_on_a_highest_level_product_rates_high() {
        assert_eq!(risk_level(Severity::Medium, Level::High), Level::High);
        assert_eq!(risk_level(Severity::High, Level::Low), Level::Medium);
        assert_eq!(risk_level(Severity::Medium, Level::Medium), Level::Medium);
        assert_eq!(risk_level(Severity::Low, Level::Medium), Level::Low);
        assert_eq!(risk_level(Severity::Low, Level::High), Level::Medium);
    }

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date_label(d), "2026年11月3日");
    }
}
