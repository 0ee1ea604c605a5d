//! Which standards a checklist (or the whole catalog) cites, and how each stands on a date: the
//! data of `riskctl standards` and of the catalog validation.
use chrono::NaiveDate;
use serde::Serialize;

use super::{
    CitationStatus, Kind, Registry, Transition, Verified, is_deliberately_undated, is_pinned,
    parse_citations,
};
use crate::catalog::{Catalog, RiskPoint, Text};
use crate::model::Checklist;

/// One cited edition (or undated number) and how it stands on the survey date.
#[derive(Debug, Clone, Serialize)]
pub struct Cited {
    /// As cited, without clause: "GB 4706.1-2005", "JJF 1070".
    pub cited: String,
    pub title: Option<String>,
    /// `None` when the registry does not list the number.
    pub kind: Option<Kind>,
    /// How many citations name it.
    pub citations: usize,
    /// Undated, and every citation marks that it means the current edition.
    pub deliberately_undated: bool,
    /// Names its edition on purpose ("已废止的 GB 17761-2018"): printed as written on any date.
    pub pinned: bool,
    /// `None` when the registry does not list the number or edition.
    pub status: Option<CitationStatus>,
    /// 现行, 已被替代, 即将实施, 未注明年份, 未登记.
    pub status_label: String,
    /// The edition in force on the date, with the standards that apply alongside it.
    pub in_force: Option<String>,
    pub also: Vec<String>,
    pub since: Option<NaiveDate>,
    pub verified: Option<Verified>,
    /// Changes within 12 months after or 6 months before the date.
    pub changes: Vec<Transition>,
    /// Why the citation does not resolve, when it does not.
    pub problem: Option<String>,
}

pub fn status_label(status: Option<CitationStatus>) -> &'static str {
    match status {
        Some(CitationStatus::Current) => "现行",
        Some(CitationStatus::Superseded) => "已被替代",
        Some(CitationStatus::NotYetInForce) => "即将实施",
        Some(CitationStatus::Undated) => "未注明年份",
        None => "未登记",
    }
}

/// Every standard cited in `texts`, resolved for `date`, sorted by what is cited.
pub fn survey<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    registry: &Registry,
    date: NaiveDate,
) -> Vec<Cited> {
    let mut out: Vec<Cited> = Vec::new();
    let citations = texts.into_iter().flat_map(|text| {
        parse_citations(text)
            .into_iter()
            .filter(|c| !c.series)
            .map(move |c| (is_pinned(text, &c), c))
    });
    for (pinned, c) in citations {
        let cited = c
            .edition()
            .map_or_else(|| c.number.clone(), |e| e.to_string());
        let deliberate = is_deliberately_undated(&c);
        if let Some(row) = out.iter_mut().find(|r| {
            r.cited == cited && (r.deliberately_undated, r.pinned) == (deliberate, pinned)
        }) {
            row.citations += 1;
            continue;
        }
        let standard = registry.get(&c.number);
        let mut row = Cited {
            cited,
            title: standard.and_then(|s| s.title.clone()),
            kind: standard.map(|s| s.kind),
            citations: 1,
            deliberately_undated: deliberate,
            pinned,
            status: None,
            status_label: String::new(),
            in_force: None,
            also: Vec::new(),
            since: None,
            verified: None,
            changes: Vec::new(),
            problem: None,
        };
        match registry.resolve(&c, date) {
            Ok(r) => {
                row.status = Some(r.status);
                if let Some(f) = r.in_force {
                    row.in_force = Some(f.edition.to_string());
                    row.also = f.also.iter().map(ToString::to_string).collect();
                    row.since = f.since;
                    row.verified = Some(f.verified);
                }
                row.changes = r.transitions;
            }
            Err(e) => row.problem = Some(e.to_string()),
        }
        row.status_label = status_label(row.status).to_owned();
        out.push(row);
    }
    out.sort_by(|a, b| a.cited.cmp(&b.cited));
    out
}

fn point_texts(p: &RiskPoint) -> impl Iterator<Item = &str> {
    [&p.point, &p.hazard, &p.check, &p.basis]
        .into_iter()
        .chain(&p.measures)
        .map(Text::as_str)
}

/// Every text of the catalog that can cite a standard: standards lists and risk points.
pub fn catalog_texts(catalog: &Catalog) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    for f in &catalog.families {
        texts.extend(f.standards.iter().map(Text::as_str));
        texts.extend(f.risk_points.iter().flat_map(point_texts));
    }
    for p in &catalog.products {
        texts.extend(p.standards.iter().map(Text::as_str));
        texts.extend(p.risk_points.iter().flat_map(point_texts));
    }
    texts.extend(catalog.general.iter().flat_map(point_texts));
    texts.extend(
        catalog
            .rules
            .iter()
            .flat_map(|r| &r.add)
            .flat_map(point_texts),
    );
    texts
}

/// Every text of a checklist that can cite a standard: items and the product standards lists.
pub fn checklist_texts(checklist: &Checklist) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    for item in checklist.items() {
        texts.extend([&item.point, &item.hazard, &item.check, &item.basis].map(String::as_str));
        texts.extend(item.measures.iter().map(String::as_str));
    }
    for line in &checklist.lines {
        if let Some(p) = &line.product {
            texts.extend(p.standards.iter().map(String::as_str));
        }
    }
    texts
}
