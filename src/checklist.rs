//! The resolved checklist: one model, built from a validated profile and the catalog, that every
//! renderer (Markdown, JSON, PDF) reads. Each item records where it came from.
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::catalog::{
    Catalog, CatalogSummary, Frequency, Owner, PointSource, Product, RiskPoint, RuleScope, Stage,
};
use crate::error::{Diagnostics, Error, Result};
use crate::profile::{Certificate, CompanySize, LoadedProfile, People, ProductLine, Role};
use crate::rules::matching::{MatchResult, Matcher};
use crate::rules::{CertState, Facts};

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// The document date (`--date`, `SOURCE_DATE_EPOCH` or today).
    pub date: NaiveDate,
    pub period: Period,
    pub catalog: CatalogSummary,
    pub company: CompanyView,
    pub people: People,
    pub lines: Vec<LineView>,
    pub groups: Vec<Group>,
    pub excluded: Vec<Excluded>,
    pub warnings: Vec<String>,
    pub generator: String,
}

/// The week and month the records cover.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// ISO week, e.g. `2026-W48`.
    pub iso_week: String,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// e.g. `2026-11`.
    pub month: String,
    pub month_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub phone: Option<String>,
    pub role: Role,
    pub role_label: &'static str,
    pub size: Option<CompanySize>,
    pub size_label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub id: String,
    pub name: String,
    pub models: Vec<String>,
    #[serde(rename = "match")]
    pub matching: MatchResult,
    pub product: Option<ProductView>,
    pub licence: Option<CertView>,
    pub ccc: Option<CertView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub category: String,
    pub licence: bool,
    pub licence_scope: Option<String>,
    pub ccc: bool,
    pub ccc_scope: Option<String>,
    pub level: String,
    pub tags: Vec<String>,
    pub standards: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertView {
    pub number: String,
    pub expires: NaiveDate,
    pub state: CertState,
    pub state_label: &'static str,
}

/// A block of the checklist: the company-wide points, or one product line's.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `company`, or the product line id.
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// 序号, running through the whole checklist.
    pub no: usize,
    pub id: String,
    /// The group it belongs to: 全厂通用, or the product line's name.
    pub scope: String,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub point: String,
    pub hazard: String,
    pub measures: Vec<String>,
    pub check: String,
    pub frequency: Frequency,
    pub frequency_label: &'static str,
    pub owner: Owner,
    pub owner_label: &'static str,
    /// The people who hold the owner role, where the profile names them.
    pub responsible: String,
    pub basis: String,
    pub provenance: Provenance,
}

/// Why an item is on the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// `general`, `family`, `product`, `rule` or `custom`.
    pub kind: &'static str,
    /// The family, product or rule id (empty for general and custom points).
    pub source: String,
    /// Human-readable: which catalog entry or rule, in Chinese.
    pub label: String,
    pub line: Option<String>,
    pub product: Option<String>,
    /// Where the definition is (catalog file or profile).
    pub defined_at: Option<String>,
    /// Changes made by rules or tailoring.
    pub adjustments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    pub id: String,
    pub point: String,
    pub line: Option<String>,
    pub reason: String,
    /// `tailoring` or `rule:<id>`.
    pub by: String,
}

const COMPANY: &str = "company";

/// The date the documents carry: `--date`, else `SOURCE_DATE_EPOCH`, else today.
pub fn document_date(explicit: Option<NaiveDate>) -> Result<NaiveDate> {
    if let Some(d) = explicit {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH must be whole seconds, got `{epoch}`"
            ))
        })?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| Error::Usage(format!("SOURCE_DATE_EPOCH `{epoch}` is out of range")));
    }
    Ok(chrono::Local::now().date_naive())
}

fn period(date: NaiveDate) -> Period {
    let week = date.iso_week();
    let week_start =
        NaiveDate::from_isoywd_opt(week.year(), week.week(), chrono::Weekday::Mon).unwrap_or(date);
    Period {
        iso_week: format!("{}-W{:02}", week.year(), week.week()),
        week_start,
        week_end: week_start + chrono::Days::new(6),
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
struct Draft<'a> {
    def: &'a RiskPoint,
    kind: &'static str,
    source: String,
    label: String,
    frequency: Frequency,
    owner: Owner,
    adjustments: Vec<String>,
}

impl<'a> Draft<'a> {
    fn new(def: &'a RiskPoint, kind: &'static str, source: &str, label: String) -> Self {
        Draft {
            def,
            kind,
            source: source.to_string(),
            label,
            frequency: def.frequency.unwrap_or(Frequency::Monthly),
            owner: def.owner.unwrap_or(Owner::Director),
            adjustments: Vec::new(),
        }
    }
}

/// Resolves a validated profile against the catalog on `date`.
pub fn resolve(
    catalog: &Catalog,
    matcher: &Matcher,
    loaded: &LoadedProfile,
    date: NaiveDate,
) -> Result<Checklist> {
    let profile = &loaded.profile;
    let size = CompanySize::of(&profile.company);
    let mut warnings = Vec::new();
    let mut excluded = Vec::new();
    let mut problems = Diagnostics::default();

    let mut lines = Vec::new();
    let mut line_products: Vec<Option<&Product>> = Vec::new();
    for line in &profile.product_lines {
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
        line_products.push(product);
        lines.push(LineView {
            id: line.id.clone(),
            name: line.name.clone(),
            models: line.models.clone(),
            matching,
            product: product.map(product_view),
            licence: cert_view(line.licence.as_ref(), date),
            ccc: cert_view(line.ccc.as_ref(), date),
        });
    }

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
        };
        let mut drafts: Vec<Draft> = catalog
            .general
            .iter()
            .filter(|p| p.when.as_ref().is_none_or(|c| c.holds(&facts)))
            .map(|p| Draft::new(p, "general", "", "通用管理要求".into()))
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
        groups.push(GroupDraft {
            id: COMPANY.to_string(),
            title: "全厂通用（质量安全管理）".to_string(),
            line: None,
            drafts,
        });
    }
    for (line, product) in profile.product_lines.iter().zip(&line_products) {
        let facts = Facts {
            processes: line.processes.iter().map(String::as_str).collect(),
            materials: line.materials.iter().map(String::as_str).collect(),
            outsourced: line.outsourced.iter().map(String::as_str).collect(),
            channels: line.channels.clone(),
            role: Some(profile.company.role),
            size,
            licence: Some(CertState::of(line.licence.as_ref(), date)),
            ccc: Some(CertState::of(line.ccc.as_ref(), date)),
            products: product.iter().copied().collect(),
        };
        let mut drafts: Vec<Draft> = Vec::new();
        if let Some(product) = product {
            for (source, def) in catalog.product_points(product) {
                if def.when.as_ref().is_some_and(|c| !c.holds(&facts)) {
                    continue;
                }
                drafts.push(match source {
                    PointSource::Family(f) => Draft::new(
                        def,
                        "family",
                        &f.id,
                        format!("产品族：{}", f.name.as_deref().unwrap_or(&f.id)),
                    ),
                    PointSource::Product => Draft::new(
                        def,
                        "product",
                        &product.id,
                        format!("产品：{}", product.name()),
                    ),
                });
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
        let title = match product {
            Some(p) => format!("{}（{}）", line.name, p.name()),
            None => format!("{}（未匹配目录产品）", line.name),
        };
        groups.push(GroupDraft {
            id: line.id.clone(),
            title,
            line: Some(line),
            drafts,
        });
    }

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
            if let Some(pos) = drafts.iter().position(|d| d.def.id == ex.point) {
                let d = drafts.remove(pos);
                excluded.push(Excluded {
                    id: d.def.id.clone(),
                    point: d.def.point().to_string(),
                    line: (gid != COMPANY).then(|| gid.clone()),
                    reason: ex.reason.clone(),
                    by: "tailoring".into(),
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
            for d in drafts.iter_mut().filter(|d| d.def.id == ov.point) {
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
    for custom in &tailoring.add {
        let gid = custom.line.as_deref().unwrap_or(COMPANY);
        if let Some(group) = groups.iter_mut().find(|g| g.id == gid) {
            group.drafts.push(Draft::new(
                &custom.risk_point,
                "custom",
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
        catalog: catalog.summary(),
        company: CompanyView {
            name: profile.company.name.clone(),
            credit_code: profile.company.credit_code.clone(),
            address: profile.company.address.clone(),
            phone: profile.company.phone.clone(),
            role: profile.company.role,
            role_label: profile.company.role.label(),
            size,
            size_label: size.map_or("未申报", CompanySize::label),
        },
        people: profile.people.clone(),
        lines,
        groups,
        excluded,
        warnings,
        generator: format!("riskctl {}", env!("CARGO_PKG_VERSION")),
    })
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
        if rule.scope.unwrap_or_default() != scope
            || !rule.when.as_ref().is_some_and(|c| c.holds(facts))
        {
            continue;
        }
        let label = format!("规则：{}", rule.name.as_deref().unwrap_or(&rule.id));
        if let Some(warn) = &rule.warn {
            warnings.push(match line {
                Some(l) => format!("product line `{}` ({}): {warn}", l.id, l.name),
                None => warn.clone(),
            });
        }
        for p in rule
            .add
            .iter()
            .filter(|p| p.when.as_ref().is_none_or(|c| c.holds(facts)))
        {
            if !drafts.iter().any(|d| d.def.id == p.id) {
                drafts.push(Draft::new(p, "rule", &rule.id, label.clone()));
            }
        }
        for id in Product::list(&rule.drop) {
            if let Some(pos) = drafts.iter().position(|d| &d.def.id == id) {
                let d = drafts.remove(pos);
                excluded.push(Excluded {
                    id: d.def.id.clone(),
                    point: d.def.point().to_string(),
                    line: line.map(|l| l.id.clone()),
                    reason: label.clone(),
                    by: format!("rule:{}", rule.id),
                });
            }
        }
        for a in rule.adjust.iter().flatten() {
            for d in drafts.iter_mut().filter(|d| d.def.id == a.point) {
                adjust(d, a.frequency, a.owner, &label);
            }
        }
    }
}

fn item(
    no: usize,
    d: Draft,
    line: Option<&ProductLine>,
    lines: &[LineView],
    people: &People,
) -> Item {
    let def = d.def;
    let stage = def.stage.unwrap_or(Stage::Management);
    let line_view = line.and_then(|l| lines.iter().find(|v| v.id == l.id));
    Item {
        no,
        id: def.id.clone(),
        scope: line.map_or_else(|| "全厂通用".to_string(), |l| l.name.clone()),
        stage,
        stage_label: stage.label(),
        point: def.point().to_string(),
        hazard: def.hazard.clone().unwrap_or_default(),
        measures: def.measures.clone().unwrap_or_default(),
        check: def.check.clone().unwrap_or_default(),
        frequency: d.frequency,
        frequency_label: d.frequency.label(),
        owner: d.owner,
        owner_label: d.owner.label(),
        responsible: responsible(d.owner, line, people),
        basis: def.basis.clone().unwrap_or_default(),
        provenance: Provenance {
            kind: d.kind,
            source: d.source,
            label: d.label,
            line: line.map(|l| l.id.clone()),
            product: line_view.and_then(|v| v.product.as_ref().map(|p| p.id.clone())),
            defined_at: def.origin.as_ref().map(ToString::to_string),
            adjustments: d.adjustments,
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

fn product_view(p: &Product) -> ProductView {
    ProductView {
        id: p.id.clone(),
        name: p.name().to_string(),
        category: p.category().to_string(),
        licence: p.has_licence(),
        licence_scope: p.licence_scope.clone(),
        ccc: p.has_ccc(),
        ccc_scope: p.ccc_scope.clone(),
        level: p.level().label().to_string(),
        tags: Product::list(&p.tags).to_vec(),
        standards: Product::list(&p.standards).to_vec(),
    }
}

fn cert_view(cert: Option<&Certificate>, date: NaiveDate) -> Option<CertView> {
    cert.map(|c| {
        let state = CertState::of(Some(c), date);
        CertView {
            number: c.number.clone(),
            expires: c.expires,
            state,
            state_label: state.label(),
        }
    })
}

impl Checklist {
    /// Items checked on the day: daily and per-batch points.
    pub fn daily_items(&self) -> Vec<&Item> {
        self.items_where(|f| matches!(f, Frequency::Daily | Frequency::PerBatch))
    }
    pub fn weekly_items(&self) -> Vec<&Item> {
        self.items_where(|f| f == Frequency::Weekly)
    }
    pub fn monthly_items(&self) -> Vec<&Item> {
        self.items_where(|f| {
            matches!(
                f,
                Frequency::Monthly | Frequency::Quarterly | Frequency::Yearly
            )
        })
    }
    fn items_where(&self, keep: impl Fn(Frequency) -> bool) -> Vec<&Item> {
        self.groups
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| keep(i.frequency))
            .collect()
    }
    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }
}
