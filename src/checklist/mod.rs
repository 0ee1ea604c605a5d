//! Resolves a validated profile against the catalog into the [`Checklist`] model: matches each
//! product line, applies general points, families, product points and rules, then the profile's
//! tailoring, and numbers the items.
mod applicability;
mod target;
mod views;

use chrono::{Datelike, NaiveDate};

use crate::catalog::{Catalog, PointSource, Product, RiskPoint, RuleScope};
use crate::error::{Diagnostics, Error, Result};
use crate::facts::LineFacts;
use crate::model::{
    CatalogSummary, Checklist, CompanyView, Excluded, ExcludedBy, Group, LineView, Period,
    ProductView, ProvenanceKind,
};
use crate::profile::{Certificate, ProductLine, ValidProfile};
use crate::rules::matching::Matcher;
use crate::rules::{Facts, admits, holds};
use crate::vocab::{CertKind, CompanySize, Condition, Frequency, Owner};
use views::{cert_view, item, product_view};
pub use views::{date_label, finish};

const COMPANY: &str = "company";

/// The date the documents carry: `--date`, else `SOURCE_DATE_EPOCH`, else today.
pub fn document_date(explicit: Option<NaiveDate>) -> Result<NaiveDate> {
    let date = match explicit {
        Some(d) => d,
        None => match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(epoch) => {
                let secs: i64 = epoch.trim().parse().map_err(|_| {
                    Error::Usage(format!(
                        "SOURCE_DATE_EPOCH must be whole seconds, got `{epoch}`"
                    ))
                })?;
                chrono::DateTime::from_timestamp(secs, 0)
                    .map(|t| t.date_naive())
                    .ok_or_else(|| {
                        Error::Usage(format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))
                    })?
            }
            Err(_) => chrono::Local::now().date_naive(),
        },
    };
    check_year(date).map_err(Error::Usage)?;
    Ok(date)
}

/// Documents are dated in years 0000 to 9999 (what YYYY-MM-DD and PDF dates can write; far from
/// the end of the date type, so week and month arithmetic cannot overflow).
pub fn check_year(date: NaiveDate) -> std::result::Result<NaiveDate, String> {
    if (0..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "the date {date} is outside the years 0000 to 9999 that documents can carry"
        ))
    }
}

fn period(date: NaiveDate) -> Period {
    let week = date.iso_week();
    let week_start =
        NaiveDate::from_isoywd_opt(week.year(), week.week(), chrono::Weekday::Mon).unwrap_or(date);
    Period {
        iso_week: format!("{}-W{:02}", week.year(), week.week()),
        week_start,
        week_end: week_start
            .checked_add_days(chrono::Days::new(6))
            .unwrap_or(week_start),
        month: format!("{}-{:02}", date.year(), date.month()),
        month_label: format!("{}年{}月", date.year(), date.month()),
    }
}

/// A group being assembled: the company-wide points or one product line's.
struct GroupDraft<'a> {
    id: String,
    title: String,
    line: Option<&'a ProductLine>,
    drafts: Vec<Draft<'a>>,
}

/// A point being assembled, before numbering.
#[derive(Clone)]
struct Draft<'a> {
    def: &'a RiskPoint,
    kind: ProvenanceKind,
    source: String,
    label: String,
    frequency: Frequency,
    owner: Owner,
    adjustments: Vec<String>,
    /// The line's facts that brought the point in.
    facts: Vec<String>,
    /// What merged into this draft.
    merged: Vec<String>,
    /// The ids of the points merged into this draft.
    absorbed: Vec<&'a str>,
}

impl<'a> Draft<'a> {
    fn new(def: &'a RiskPoint, kind: ProvenanceKind, source: &str, label: String) -> Self {
        Draft {
            def,
            kind,
            source: source.to_string(),
            label,
            frequency: def.frequency,
            owner: def.owner,
            adjustments: Vec::new(),
            facts: Vec::new(),
            merged: Vec::new(),
            absorbed: Vec::new(),
        }
    }

    /// Whether the draft is, or absorbed, the point `id`.
    fn covers(&self, id: &str) -> bool {
        self.def.id == id || self.absorbed.contains(&id)
    }
}

/// Resolves a validated profile against the catalog on `date`.
pub fn resolve(
    catalog: &Catalog,
    matcher: &Matcher,
    valid: &ValidProfile,
    date: NaiveDate,
) -> Result<Checklist> {
    let loaded = &valid.loaded;
    let profile = &loaded.profile;
    let size = profile.company.size();
    let mut warnings = Vec::new();
    let mut excluded = Vec::new();
    let mut problems = Diagnostics::default();

    let mut lines = Vec::new();
    let mut line_products: Vec<Option<&Product>> = Vec::new();
    let mut line_facts: Vec<Option<LineFacts>> = Vec::new();
    // Per line: whether the catalog's licence and CCC cover it (see `licence_applies`).
    let mut covered: Vec<(bool, bool)> = Vec::new();
    // Each line is matched and its facts settled on its own: the lines side by side.
    let matched = crate::parallel_map(&profile.product_lines, |line| {
        let text = std::iter::once(line.name.as_str())
            .chain(line.models.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let matching = match line
            .catalog_product
            .as_deref()
            .and_then(|pin| catalog.find_product(pin))
        {
            Some(p) => Matcher::pinned(&line.name, p),
            None => matcher.match_name(&text, &line.standards),
        };
        let product = matching
            .chosen()
            .and_then(|c| catalog.product(&c.product_id));
        let facts = product.map(|p| applicability::line_facts(catalog, p, line));
        (matching, product, facts)
    });
    for ((index, line), (matching, product, facts)) in
        profile.product_lines.iter().enumerate().zip(matched)
    {
        if product.is_none() {
            let candidates: Vec<String> = matching
                .candidates
                .iter()
                .map(|c| format!("{} ({}, {:.2})", c.product, c.product_id, c.score))
                .collect();
            warnings.push(format!(
                "product line `{}` ({}) is {}: no catalog product chosen{}; pin one with `catalog_product`",
                line.id,
                line.name,
                serde_json::to_value(matching.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                if candidates.is_empty() { String::new() } else { format!(" (candidates: {})", candidates.join(", ")) }
            ));
        }
        applicability::check_answers(loaded, index, facts.as_ref(), &mut problems);
        if let Some(f) = &facts {
            warnings.extend(applicability::unanswered(line, f));
        }
        let applies = |condition: &Option<Condition>| {
            let view = Facts {
                line_facts: facts.as_ref(),
                products: product.iter().copied().collect(),
                ..Facts::default()
            };
            admits(condition.as_ref(), &view)
        };
        let cover = product.map_or((false, false), |p| {
            (
                p.licence && applies(&p.licence_applies),
                p.ccc && applies(&p.ccc_applies),
            )
        });
        lines.push(LineView {
            id: line.id.clone(),
            name: line.name.clone(),
            models: line.models.clone(),
            matching: matching.into(),
            product: product.map(|p| ProductView {
                licence: cover.0,
                ccc: cover.1,
                ..product_view(p)
            }),
            licence: cert_view(CertKind::Licence, line.licence.as_ref(), date),
            ccc: cert_view(CertKind::Ccc, line.ccc.as_ref(), date),
            notes: facts
                .iter()
                .flat_map(|f| f.0.values().filter_map(applicability::note))
                .collect(),
            facts: facts.iter().flat_map(|f| f.0.values().cloned()).collect(),
        });
        line_products.push(product);
        line_facts.push(facts);
        covered.push(cover);
    }
    warnings.extend(crate::model::certificate_warnings(&lines));

    let mut groups = Vec::new();
    // Company-wide group: general points and company-scope rules, against the union of all lines.
    {
        let facts = Facts {
            processes: profile
                .product_lines
                .iter()
                .flat_map(|l| l.processes.iter().map(String::as_str))
                .collect(),
            materials: profile
                .product_lines
                .iter()
                .flat_map(|l| l.materials.iter().map(String::as_str))
                .collect(),
            outsourced: profile
                .product_lines
                .iter()
                .flat_map(|l| l.outsourced.iter().map(String::as_str))
                .collect(),
            channels: profile
                .product_lines
                .iter()
                .flat_map(|l| l.channels.iter().copied())
                .collect(),
            role: Some(profile.company.role),
            size,
            licence: None,
            ccc: None,
            products: line_products.iter().flatten().copied().collect(),
            product_licence: zip_covered(&line_products, &covered, |c| c.0),
            product_ccc: zip_covered(&line_products, &covered, |c| c.1),
            line_facts: None,
        };
        let mut drafts: Vec<Draft> = catalog
            .general
            .iter()
            .filter(|p| admits(p.when.as_ref(), &facts))
            .map(|p| Draft::new(p, ProvenanceKind::General, "", "通用管理要求".into()))
            .collect();
        apply_rules(
            catalog,
            RuleScope::Company,
            &facts,
            None,
            &mut drafts,
            &mut excluded,
            &mut warnings,
        );
        let drafts = applicability::merge(drafts);
        groups.push(GroupDraft {
            id: COMPANY.to_string(),
            title: "全厂通用（质量安全管理）".to_string(),
            line: None,
            drafts,
        });
    }
    for (index, (line, product)) in profile.product_lines.iter().zip(&line_products).enumerate() {
        let settled = line_facts[index].as_ref();
        let facts = Facts {
            processes: line.processes.iter().map(String::as_str).collect(),
            materials: line.materials.iter().map(String::as_str).collect(),
            outsourced: line.outsourced.iter().map(String::as_str).collect(),
            channels: line.channels.clone(),
            role: Some(profile.company.role),
            size,
            licence: Some(Certificate::state(
                CertKind::Licence,
                line.licence.as_ref(),
                date,
            )),
            ccc: Some(Certificate::state(CertKind::Ccc, line.ccc.as_ref(), date)),
            products: product.iter().copied().collect(),
            product_licence: product.iter().map(|_| covered[index].0).collect(),
            product_ccc: product.iter().map(|_| covered[index].1).collect(),
            line_facts: settled,
        };
        let mut drafts: Vec<Draft> = Vec::new();
        if let (Some(product), Some(settled)) = (product, settled) {
            for (source, def) in catalog.product_points(product) {
                let read = applicability::read_by(def.when.as_ref(), settled);
                if !admits(def.when.as_ref(), &facts) {
                    if let Some(c) = def.when.as_ref().filter(|_| !read.is_empty()) {
                        excluded.push(Excluded {
                            id: def.id.to_string(),
                            point: def.point.to_string(),
                            line: Some(line.id.clone()),
                            reason: format!("不适用：{}", read.join("；")),
                            by: ExcludedBy::Fact(applicability::deciding(c, settled)),
                        });
                    }
                    continue;
                }
                let mut draft = match source {
                    PointSource::Family(f) => Draft::new(
                        def,
                        ProvenanceKind::Family,
                        &f.id,
                        format!("产品族：{}", f.name),
                    ),
                    PointSource::Product => Draft::new(
                        def,
                        ProvenanceKind::Product,
                        &product.id,
                        format!("产品：{}", product.name),
                    ),
                };
                draft.facts = read;
                drafts.push(draft);
            }
        }
        apply_rules(
            catalog,
            RuleScope::Line,
            &facts,
            Some(line),
            &mut drafts,
            &mut excluded,
            &mut warnings,
        );
        let drafts = applicability::merge(drafts);
        let title = match product {
            Some(p) => format!("{}（{}）", line.name, p.name),
            None => format!("{}（未匹配目录产品）", line.name),
        };
        groups.push(GroupDraft {
            id: line.id.clone(),
            title,
            line: Some(line),
            drafts,
        });
    }
    let matched: Vec<bool> = line_products.iter().map(Option::is_some).collect();
    applicability::merge_general(&mut groups, &matched);

    // Tailoring, in the order the profile gives it.
    let tailoring = &profile.tailoring;
    for (i, ex) in tailoring.exclude.iter().enumerate() {
        let mut hit = false;
        for GroupDraft {
            id: gid, drafts, ..
        } in groups.iter_mut()
        {
            if ex.line.as_ref().is_some_and(|l| l != gid) {
                continue;
            }
            if let Some(pos) = drafts.iter().position(|d| d.covers(&ex.point)) {
                let d = drafts.remove(pos);
                excluded.push(Excluded {
                    id: d.def.id.to_string(),
                    point: d.def.point.to_string(),
                    line: (gid != COMPANY).then(|| gid.clone()),
                    reason: ex.reason.clone(),
                    by: ExcludedBy::Tailoring,
                });
                hit = true;
            }
        }
        if !hit {
            let on = ex
                .line
                .as_ref()
                .map_or("any product line".to_string(), |l| {
                    format!("product line `{l}`")
                });
            problems.0.push(
                loaded
                    .diagnostic_at(
                        &format!("tailoring.exclude[{i}].point"),
                        format!("risk point `{}` is not on the checklist of {on}", ex.point),
                    )
                    .with_hint(Some(
                        "`riskctl explain PROFILE` lists each line's risk point ids".into(),
                    )),
            );
        }
    }
    for (i, ov) in tailoring.r#override.iter().enumerate() {
        let mut hit = false;
        for GroupDraft {
            id: gid, drafts, ..
        } in groups.iter_mut()
        {
            if ov.line.as_ref().is_some_and(|l| l != gid) {
                continue;
            }
            for d in drafts.iter_mut().filter(|d| d.covers(&ov.point)) {
                adjust(d, ov.frequency, ov.owner, "企业自定");
                hit = true;
            }
        }
        if !hit {
            problems.0.push(loaded.diagnostic_at(
                &format!("tailoring.override[{i}].point"),
                format!("risk point `{}` is not on the checklist it names", ov.point),
            ));
        }
    }
    for custom in &valid.custom {
        let gid = custom.line.as_deref().unwrap_or(COMPANY);
        if let Some(group) = groups.iter_mut().find(|g| g.id == gid) {
            group.drafts.push(Draft::new(
                &custom.point,
                ProvenanceKind::Custom,
                "",
                "企业自定风险点".into(),
            ));
        }
    }
    if !problems.0.is_empty() {
        return Err(Error::Invalid(problems));
    }

    // Number the items, grouped by stage.
    let mut no = 0;
    let groups = groups
        .into_iter()
        .map(|mut g| {
            g.drafts.sort_by_key(|d| d.def.stage);
            let items = g
                .drafts
                .into_iter()
                .map(|d| {
                    no += 1;
                    item(no, d, g.line, &lines, &profile.people)
                })
                .collect();
            Group {
                id: g.id,
                title: g.title,
                items,
            }
        })
        .collect();

    Ok(Checklist {
        date,
        period: period(date),
        catalog: CatalogSummary {
            id: catalog.meta.id.clone(),
            title: catalog.meta.title.clone(),
            edition: catalog.meta.edition.clone(),
            publisher: catalog.meta.publisher.clone(),
            published: catalog.meta.published.clone(),
            layers: catalog.layers.clone(),
            layer_info: views::layer_views(&catalog.layer_meta),
        },
        company: CompanyView {
            name: profile.company.name.clone(),
            credit_code: profile.company.credit_code.clone(),
            address: profile.company.address.clone(),
            phone: profile.company.phone.clone(),
            role: profile.company.role,
            role_label: profile.company.role.label().to_string(),
            size,
            size_label: size.map_or("未申报", CompanySize::label).to_string(),
            size_basis: CompanySize::basis(profile.company.staff, profile.company.revenue_wan)
                .to_string(),
        },
        people: profile.people.clone(),
        lines,
        groups,
        excluded,
        warnings,
        generator: format!("riskctl {}", env!("CARGO_PKG_VERSION")),
        date_label: date_label(date),
        document: views::document_view(profile, date),
    })
}

/// Per line, whether the catalog's licence or CCC (picked by `pick`) covers it, for the lines
/// that matched a product.
fn zip_covered(
    products: &[Option<&Product>],
    covered: &[(bool, bool)],
    pick: fn(&(bool, bool)) -> bool,
) -> Vec<bool> {
    products
        .iter()
        .zip(covered)
        .filter(|(p, _)| p.is_some())
        .map(|(_, c)| pick(c))
        .collect()
}

fn adjust(d: &mut Draft, frequency: Option<Frequency>, owner: Option<Owner>, by: &str) {
    if let Some(f) = frequency
        && f != d.frequency
    {
        d.adjustments.push(format!(
            "{by}：频次 {} → {}",
            d.frequency.label(),
            f.label()
        ));
        d.frequency = f;
    }
    if let Some(o) = owner
        && o != d.owner
    {
        d.adjustments.push(format!(
            "{by}：责任岗位 {} → {}",
            d.owner.label(),
            o.label()
        ));
        d.owner = o;
    }
}

fn apply_rules<'a>(
    catalog: &'a Catalog,
    scope: RuleScope,
    facts: &Facts,
    line: Option<&ProductLine>,
    drafts: &mut Vec<Draft<'a>>,
    excluded: &mut Vec<Excluded>,
    warnings: &mut Vec<String>,
) {
    for rule in &catalog.rules {
        if rule.scope != scope || !holds(&rule.when, facts) {
            continue;
        }
        let label = format!("规则：{}", rule.name);
        if let Some(warn) = &rule.warn {
            warnings.push(match line {
                Some(l) => format!("product line `{}` ({}): {warn}", l.id, l.name),
                None => warn.clone(),
            });
        }
        for p in rule.add.iter().filter(|p| admits(p.when.as_ref(), facts)) {
            if !drafts.iter().any(|d| d.def.id == p.id) {
                drafts.push(Draft::new(p, ProvenanceKind::Rule, &rule.id, label.clone()));
            }
        }
        for id in &rule.drop {
            if let Some(pos) = drafts.iter().position(|d| &d.def.id == id) {
                let d = drafts.remove(pos);
                excluded.push(Excluded {
                    id: d.def.id.to_string(),
                    point: d.def.point.to_string(),
                    line: line.map(|l| l.id.clone()),
                    reason: label.clone(),
                    by: ExcludedBy::Rule(rule.id.clone()),
                });
            }
        }
        for a in &rule.adjust {
            for d in drafts.iter_mut().filter(|d| d.def.id == a.point) {
                adjust(d, a.frequency, a.owner, &label);
            }
        }
    }
}
