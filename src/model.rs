//! The resolved checklist: one typed model that every exporter (Markdown, JSON, PDF) reads and
//! that `checklist.json` serialises. It deserialises back from that JSON. Each item records where
//! it came from.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::facts::ResolvedFact;
use crate::profile::People;
use crate::rules::matching::{Candidate, MatchResult, MatchStatus};
use crate::vocab::{CertKind, CertState, CompanySize, Frequency, Owner, Role, Severity, Stage};

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The document date as Chinese forms write it (2026年11月30日).
    #[serde(default)]
    pub date_label: String,
    /// 文件控制: number, version, sign-offs and revision history of the checklist.
    #[serde(default)]
    pub document: DocumentView,
}

/// The checklist's document control, defaults filled in; empty strings are blanks to fill in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocumentView {
    pub number: String,
    pub version: String,
    pub effective_label: String,
    pub prepared: SignoffView,
    pub reviewed: SignoffView,
    pub approved: SignoffView,
    pub revisions: Vec<RevisionView>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SignoffView {
    pub name: String,
    pub date_label: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RevisionView {
    pub version: String,
    pub date_label: String,
    pub change: String,
    pub by: String,
}

/// A `--catalog` layer as the basis of the checklist names it: by its own metadata only.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LayerView {
    /// The layer's file or folder name.
    pub file: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    /// What 编制依据 prints, e.g. 《浙江省重点工业产品质量安全监管目录》（浙江省市场监督管理局，2025年3月1日）.
    pub label: String,
}

/// What documents print about the catalog they were derived from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogSummary {
    pub id: String,
    pub title: String,
    pub edition: String,
    pub publisher: String,
    pub published: String,
    pub layers: Vec<String>,
    /// The `--catalog` layers with their own metadata, in order.
    #[serde(default)]
    pub layer_info: Vec<LayerView>,
}

/// The week and month the records cover.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Period {
    /// ISO week, e.g. `2026-W48`.
    pub iso_week: String,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// e.g. `2026-11`.
    pub month: String,
    pub month_label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompanyView {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub phone: Option<String>,
    pub role: Role,
    pub role_label: String,
    pub size: Option<CompanySize>,
    pub size_label: String,
    /// Which figures the size class rests on (both, or only one of staff and revenue).
    #[serde(default)]
    pub size_basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LineView {
    pub id: String,
    pub name: String,
    pub models: Vec<String>,
    #[serde(rename = "match")]
    pub matching: LineMatch,
    pub product: Option<ProductView>,
    pub licence: Option<CertView>,
    pub ccc: Option<CertView>,
    /// The facts settled for this line's product, and where each came from.
    #[serde(default)]
    pub facts: Vec<ResolvedFact>,
    /// 适用性说明: the facts the documents must state (detected, answered or assumed).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How a product line was matched onto the catalog (the matcher's result, as the model keeps it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LineMatch {
    pub input: String,
    pub status: MatchStatus,
    pub status_label: String,
    pub candidates: Vec<Candidate>,
}

impl From<MatchResult> for LineMatch {
    fn from(m: MatchResult) -> Self {
        LineMatch {
            input: m.input,
            status: m.status,
            status_label: m.status_label.to_string(),
            candidates: m.candidates,
        }
    }
}

impl LineMatch {
    /// The best candidate's score (0 without candidates).
    pub fn score(&self) -> f64 {
        self.candidates.first().map_or(0.0, |c| c.score)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertView {
    pub kind: CertKind,
    pub number: String,
    pub expires: NaiveDate,
    /// Days from the document date to expiry (negative once expired).
    pub days_left: i64,
    pub state: CertState,
    pub state_label: String,
    /// The expiry date as Chinese forms write it.
    #[serde(default)]
    pub expires_label: String,
}

/// One warning per licence or CCC certificate that is due for renewal or has expired, naming
/// every product line it covers (a certificate number shared by several lines warns once), with
/// the expiry date and the days left.
pub fn certificate_warnings(lines: &[LineView]) -> Vec<String> {
    let mut seen: Vec<(CertKind, &str, Vec<&str>, &CertView)> = Vec::new();
    for line in lines {
        for cert in [&line.licence, &line.ccc].into_iter().flatten() {
            if !matches!(cert.state, CertState::Expiring | CertState::Expired) {
                continue;
            }
            match seen
                .iter_mut()
                .find(|(k, n, ..)| *k == cert.kind && *n == cert.number)
            {
                Some((.., ids, _)) => ids.push(&line.id),
                None => seen.push((cert.kind, &cert.number, vec![&line.id], cert)),
            }
        }
    }
    seen.into_iter()
        .map(|(kind, number, ids, cert)| {
            let lines = ids
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let what = format!("{} {number} (product lines {lines})", kind.label());
            match cert.state {
                CertState::Expired => format!(
                    "{what} expired on {} ({} days ago): {}",
                    cert.expires,
                    -cert.days_left,
                    match kind {
                        CertKind::Licence => "应停止生产相关产品，取得有效许可证后方可恢复",
                        CertKind::Ccc => "相关型号不得出厂、销售，重新取得证书后方可恢复",
                    }
                ),
                _ => format!(
                    "{what} expires on {} ({} days left): {}",
                    cert.expires,
                    cert.days_left,
                    kind.renewal_rule(cert.expires)
                ),
            }
        })
        .collect()
}

/// A block of the checklist: the company-wide points, or one product line's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// `company`, or the product line id.
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    /// 序号, running through the whole checklist.
    pub no: usize,
    pub id: String,
    /// The group it belongs to: 全厂通用, or the product line's name.
    pub scope: String,
    pub stage: Stage,
    pub stage_label: String,
    pub point: String,
    pub hazard: String,
    pub measures: Vec<String>,
    pub check: String,
    pub frequency: Frequency,
    pub frequency_label: String,
    pub owner: Owner,
    pub owner_label: String,
    /// The people who hold the owner role, where the profile names them.
    pub responsible: String,
    pub basis: String,
    pub provenance: Provenance,
    /// How bad the hazard is if the control fails (None: not rated, taken as medium).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// 风险等级 (高/中/低): the severity raised or lowered by the product's supervision level.
    #[serde(default)]
    pub risk_level: String,
    /// 管控目标: the catalog's target, else one derived from the stage and the standard.
    #[serde(default)]
    pub target: String,
    /// ★ 主管, ● 主要相关, ○ 相关 of the principal, the director and the officers.
    #[serde(default)]
    pub duties: Duties,
}

/// The responsibility marks of the three Order 75 roles for one item.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Duties {
    pub principal: String,
    pub director: String,
    pub officer: String,
}

/// What kind of definition put an item on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvenanceKind {
    General,
    Family,
    Product,
    Rule,
    Custom,
    /// A transition item for a change of standard edition (the standards registry).
    Standard,
}

/// Why an item is on the checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    pub kind: ProvenanceKind,
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
    /// The facts of the line that brought the item in (its condition read them).
    #[serde(default)]
    pub facts: Vec<String>,
    /// Points of the same control or name merged into this item (id, source, frequency).
    #[serde(default)]
    pub merged: Vec<String>,
}

/// Who took a point off the checklist; in JSON `tailoring`, `rule:<id>` or `fact:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum ExcludedBy {
    /// The profile's `tailoring.exclude`.
    Tailoring,
    /// A catalog rule's `drop`, by rule id.
    Rule(String),
    /// The point's condition fails on this fact of the line.
    Fact(String),
}

impl From<ExcludedBy> for String {
    fn from(by: ExcludedBy) -> String {
        by.to_string()
    }
}

impl TryFrom<String> for ExcludedBy {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        if let Some(id) = text.strip_prefix("rule:") {
            Ok(ExcludedBy::Rule(id.to_string()))
        } else if let Some(id) = text.strip_prefix("fact:") {
            Ok(ExcludedBy::Fact(id.to_string()))
        } else if text == "tailoring" {
            Ok(ExcludedBy::Tailoring)
        } else {
            Err(format!(
                "`{text}` is neither `tailoring`, `rule:<id>` nor `fact:<id>`"
            ))
        }
    }
}

impl std::fmt::Display for ExcludedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExcludedBy::Tailoring => f.write_str("tailoring"),
            ExcludedBy::Rule(id) => write!(f, "rule:{id}"),
            ExcludedBy::Fact(id) => write!(f, "fact:{id}"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Excluded {
    pub id: String,
    pub point: String,
    pub line: Option<String>,
    pub reason: String,
    pub by: ExcludedBy,
}

impl Checklist {
    /// Every item, group after group, in the document's order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups.iter().flat_map(|g| &g.items)
    }
    /// Items checked on the day: daily and per-batch points.
    pub fn daily_items(&self) -> Vec<&Item> {
        self.items_where(Frequency::is_daily)
    }
    pub fn weekly_items(&self) -> Vec<&Item> {
        self.items_where(Frequency::is_weekly)
    }
    /// Items done when something happens (design change, supplier change…), not on a calendar.
    pub fn event_items(&self) -> Vec<&Item> {
        self.items_where(Frequency::is_event)
    }
    fn items_where(&self, keep: impl Fn(Frequency) -> bool) -> Vec<&Item> {
        self.items().filter(|i| keep(i.frequency)).collect()
    }
    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    /// The items one person checks, of the frequencies `keep` admits: the items of the product
    /// lines in `lines` (every line when empty) and the company-wide items, except those the
    /// principal or the director own (unless `with_managers`, for a director who keeps the
    /// records alone). The record system's own points ([`Item::is_record_point`]) never appear.
    pub fn person_items(
        &self,
        lines: &[String],
        with_managers: bool,
        keep: impl Fn(Frequency) -> bool,
    ) -> Vec<&Item> {
        self.groups
            .iter()
            .filter(|g| g.id == COMPANY_GROUP || lines.is_empty() || lines.contains(&g.id))
            .flat_map(|g| g.items.iter().map(move |i| (g.id == COMPANY_GROUP, i)))
            .filter(|(company, i)| {
                !company || with_managers || !matches!(i.owner, Owner::Principal | Owner::Director)
            })
            .map(|(_, i)| i)
            .filter(|i| keep(i.frequency) && !i.is_record_point())
            .collect()
    }

    /// The company-wide items the principal or the director own, of the frequencies `keep`
    /// admits: what [`Checklist::person_items`] leaves out for the officers. The record
    /// system's own points never appear.
    pub fn manager_items(&self, keep: impl Fn(Frequency) -> bool) -> Vec<&Item> {
        self.groups
            .iter()
            .filter(|g| g.id == COMPANY_GROUP)
            .flat_map(|g| &g.items)
            .filter(|i| matches!(i.owner, Owner::Principal | Owner::Director))
            .filter(|i| keep(i.frequency) && !i.is_record_point())
            .collect()
    }

    /// The months (1 to 12) each calendar item above the week falls due: monthly items every
    /// month; quarterly items in one month of each quarter and yearly items in one month of the
    /// year, spread evenly over the months in checklist order, so the same checklist always gives
    /// the same schedule. The record system's own points are left out.
    pub fn due_months(&self) -> Vec<(&Item, Vec<u32>)> {
        let of = |f: Frequency| -> Vec<&Item> {
            self.items_where(|g| g == f)
                .into_iter()
                .filter(|i| !i.is_record_point())
                .collect()
        };
        let mut due: Vec<(&Item, Vec<u32>)> = of(Frequency::Monthly)
            .into_iter()
            .map(|i| (i, (1..=12).collect()))
            .collect();
        due.extend(
            spread(of(Frequency::Quarterly), 3)
                .into_iter()
                .map(|(i, first)| (i, (0..4).map(|q| first + 3 * q).collect())),
        );
        due.extend(
            spread(of(Frequency::Yearly), 12)
                .into_iter()
                .map(|(i, month)| (i, vec![month])),
        );
        due.sort_by_key(|(i, _)| i.no);
        due
    }
}

/// Gives the k-th of n items the slot `k * span / n + 1` of 1..=span: evenly spread, stable.
fn spread(items: Vec<&Item>, span: usize) -> Vec<(&Item, u32)> {
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(k, item)| (item, (k * span / n) as u32 + 1))
        .collect()
}

/// The id of the company-wide group.
pub const COMPANY_GROUP: &str = "company";

/// The general points that are the record system itself (日管控, 周排查, 月调度): keeping the
/// daily records, weekly reports and monthly minutes fulfils them, so no record lists them.
pub const RECORD_POINTS: [&str; 3] = [
    "general-daily-control",
    "general-weekly-investigation",
    "general-monthly-scheduling",
];

impl Item {
    /// Whether the item is one of the [`RECORD_POINTS`].
    pub fn is_record_point(&self) -> bool {
        RECORD_POINTS.contains(&self.id.as_str())
    }
}

/// A date as Chinese forms write it: 2026年11月30日.
pub fn chinese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}
