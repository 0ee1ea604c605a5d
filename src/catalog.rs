//! The supervision catalog: products, families of shared risk points, general management points
//! and conditional rules. Loaded from layers (the embedded national catalog, then any `--catalog`
//! files or folders), merged by id, then validated as a whole.
use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{
    Diagnostic, Diagnostics, Error, Result, SourceFile, did_you_mean, yaml_diagnostic,
};
use crate::location::Locations;
use crate::rules::Condition;

/// Declares a string-keyed enumeration: ASCII keys in YAML and JSON, a Chinese label in documents.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name { $(#[serde(rename = $key)] $variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];
            /// The label printed in documents.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// The key used in YAML and JSON.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum!(
    /// 风险环节: the stage of the product's life where the risk arises (documents sort by it).
    Stage {
        Management = "management": "质量管理",
        Design = "design": "设计开发",
        Incoming = "incoming": "原辅材料进货",
        Production = "production": "生产过程",
        Inspection = "inspection": "出厂检验",
        Storage = "storage": "贮存运输",
        Labelling = "labelling": "标识标签",
        Sales = "sales": "销售与售后",
        Recall = "recall": "召回",
    }
);

labelled_enum!(
    /// 管控频次.
    Frequency {
        PerBatch = "per_batch": "每批",
        Daily = "daily": "每日",
        Weekly = "weekly": "每周",
        Monthly = "monthly": "每月",
        Quarterly = "quarterly": "每季度",
        Yearly = "yearly": "每年",
    }
);

labelled_enum!(
    /// 责任岗位.
    Owner {
        Principal = "principal": "主要负责人",
        Director = "director": "质量安全总监",
        Officer = "officer": "质量安全员",
        Purchasing = "purchasing": "采购部门",
        Production = "production": "生产部门",
        Inspection = "inspection": "质检部门",
        Warehouse = "warehouse": "仓储物流部门",
        Sales = "sales": "销售部门",
        Technical = "technical": "技术部门",
    }
);

labelled_enum!(
    /// 监管等级.
    Level {
        High = "高": "高",
        Medium = "中": "中",
        Low = "低": "低",
    }
);

/// Catalog metadata (the first layer that gives a field sets it; later layers may override).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub edition: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub provenance: Vec<String>,
}

/// A risk point. Fields are optional so that a later layer can patch one field by id;
/// `Catalog::validate` makes sure the merged point is complete.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskPoint {
    /// ASCII kebab-case id, unique in the catalog.
    pub id: String,
    pub stage: Option<Stage>,
    /// 风险点.
    pub point: Option<String>,
    /// 风险描述: what goes wrong.
    pub hazard: Option<String>,
    /// 管控措施.
    pub measures: Option<Vec<String>>,
    /// 检查方法.
    pub check: Option<String>,
    pub frequency: Option<Frequency>,
    pub owner: Option<Owner>,
    /// 依据: standard clause, rule or article.
    pub basis: Option<String>,
    /// Only for product lines that meet this condition.
    #[schemars(skip)]
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub when: Option<Condition>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<crate::error::Location>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub id: String,
    pub name: Option<String>,
    pub standards: Option<Vec<String>>,
    #[serde(default)]
    pub risk_points: Vec<RiskPoint>,
    #[serde(skip)]
    pub origin: Option<crate::error::Location>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    /// Row number in the source table.
    pub seq: Option<u32>,
    pub name: Option<String>,
    pub category: Option<String>,
    /// 生产许可证 (XK).
    pub licence: Option<bool>,
    pub licence_scope: Option<String>,
    /// 强制性产品认证 (CCC).
    pub ccc: Option<bool>,
    pub ccc_scope: Option<String>,
    pub tags: Option<Vec<String>>,
    pub level: Option<Level>,
    pub families: Option<Vec<String>>,
    pub aliases: Option<Vec<String>>,
    pub keywords: Option<Vec<String>>,
    pub patterns: Option<Vec<String>>,
    pub standards: Option<Vec<String>>,
    #[serde(default)]
    pub risk_points: Vec<RiskPoint>,
    #[serde(skip)]
    pub origin: Option<crate::error::Location>,
}

/// Whether a rule looks at each product line, or once at the whole unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleScope {
    #[default]
    Line,
    Company,
}

/// A change a rule makes to points already on a checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub point: String,
    pub frequency: Option<Frequency>,
    pub owner: Option<Owner>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub name: Option<String>,
    pub scope: Option<RuleScope>,
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub when: Option<Condition>,
    /// A warning shown when the rule fires (e.g. a licence that has expired).
    pub warn: Option<String>,
    #[serde(default)]
    pub add: Vec<RiskPoint>,
    pub drop: Option<Vec<String>>,
    pub adjust: Option<Vec<Adjustment>>,
    #[serde(skip)]
    pub origin: Option<crate::error::Location>,
}

/// One file of a layer: any of the sections may be present.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    catalog: Option<CatalogMeta>,
    #[serde(default)]
    families: Vec<Family>,
    #[serde(default)]
    products: Vec<Product>,
    #[serde(default)]
    general: Vec<RiskPoint>,
    #[serde(default)]
    rules: Vec<Rule>,
}

/// Something with an id that a later layer can patch.
trait Patch {
    fn id(&self) -> &str;
    fn patch(&mut self, later: Self);
}

/// Copies every field that `later` sets over `self`.
macro_rules! patch_fields {
    ($dst:ident, $src:ident; $($field:ident),+) => {
        $( if $src.$field.is_some() { $dst.$field = $src.$field; } )+
    };
}

impl Patch for RiskPoint {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; stage, point, hazard, measures, check, frequency, owner, basis, when, origin);
    }
}

impl Patch for Family {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; name, standards);
        merge_by_id(&mut self.risk_points, later.risk_points);
    }
}

impl Patch for Product {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; seq, name, category, licence, licence_scope, ccc, ccc_scope, tags, level,
            families, aliases, keywords, patterns, standards);
        merge_by_id(&mut self.risk_points, later.risk_points);
    }
}

impl Patch for Rule {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; name, scope, when, warn, drop, adjust);
        merge_by_id(&mut self.add, later.add);
    }
}

fn merge_by_id<T: Patch>(base: &mut Vec<T>, later: Vec<T>) {
    for item in later {
        match base.iter_mut().find(|b| b.id() == item.id()) {
            Some(existing) => existing.patch(item),
            None => base.push(item),
        }
    }
}

/// The merged catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub meta: CatalogMeta,
    /// Names of the layers, in order (the embedded one is `builtin:national`).
    pub layers: Vec<String>,
    pub families: Vec<Family>,
    pub products: Vec<Product>,
    pub general: Vec<RiskPoint>,
    pub rules: Vec<Rule>,
}

impl Product {
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    pub fn category(&self) -> &str {
        self.category.as_deref().unwrap_or_default()
    }
    pub fn has_licence(&self) -> bool {
        self.licence.unwrap_or(false)
    }
    pub fn has_ccc(&self) -> bool {
        self.ccc.unwrap_or(false)
    }
    pub fn level(&self) -> Level {
        self.level.unwrap_or(Level::Medium)
    }
    pub fn list(field: &Option<Vec<String>>) -> &[String] {
        field.as_deref().unwrap_or_default()
    }
}

impl RiskPoint {
    pub fn point(&self) -> &str {
        self.point.as_deref().unwrap_or(&self.id)
    }
}

impl Catalog {
    /// The embedded national catalog alone.
    pub fn builtin() -> Result<Catalog> {
        Catalog::load(&[] as &[&Path])
    }

    /// The embedded catalog with `extra` layers (files or folders) on top, in order.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Catalog> {
        let mut catalog = Catalog::default();
        let mut problems = Diagnostics::default();
        let mut sources: Vec<SourceFile> = Vec::new();
        let builtin: Vec<SourceFile> = crate::assets::CATALOG
            .iter()
            .map(|(name, text)| SourceFile::new(format!("builtin:catalog/{name}"), *text))
            .collect();
        catalog.add_layer("builtin:national", &builtin, &mut problems);
        sources.extend(builtin);
        for path in extra {
            let path = path.as_ref();
            let files = read_layer(path)?;
            catalog.add_layer(&path.display().to_string(), &files, &mut problems);
            sources.extend(files);
        }
        if problems.0.is_empty() {
            catalog.validate(&mut problems);
        }
        // Quote the offending line of definitions found wrong after merging.
        for d in &mut problems.0 {
            if let (Some(loc), None) = (&d.location, &d.source_line) {
                let file = sources.iter().find(|f| f.name == loc.file);
                d.source_line = file
                    .and_then(|f| f.text.lines().nth(loc.line.saturating_sub(1)))
                    .map(str::to_owned);
            }
        }
        if problems.0.is_empty() {
            Ok(catalog)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    fn add_layer(&mut self, name: &str, files: &[SourceFile], problems: &mut Diagnostics) {
        self.layers.push(name.to_string());
        // Parsing dominates start-up; files are independent, so parse them on every core.
        for parsed in crate::parallel_map(files, parse_file) {
            let parsed = match parsed {
                Ok(parsed) => parsed,
                Err(d) => {
                    problems.0.push(d);
                    continue;
                }
            };
            if let Some(meta) = parsed.catalog {
                let m = &mut self.meta;
                patch_fields!(m, meta; id, title, edition, publisher, published, source);
                m.provenance.extend(meta.provenance);
            }
            merge_by_id(&mut self.families, parsed.families);
            merge_by_id(&mut self.products, parsed.products);
            merge_by_id(&mut self.general, parsed.general);
            merge_by_id(&mut self.rules, parsed.rules);
        }
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }

    /// A product by id, or by its exact official name.
    pub fn find_product(&self, key: &str) -> Option<&Product> {
        self.product(key).or_else(|| {
            self.products
                .iter()
                .find(|p| p.name.as_deref() == Some(key))
        })
    }

    /// The risk points a product carries from its families and itself (not general ones, not rules).
    pub fn product_points<'a>(
        &'a self,
        product: &'a Product,
    ) -> impl Iterator<Item = (PointSource<'a>, &'a RiskPoint)> {
        let families = Product::list(&product.families)
            .iter()
            .filter_map(|id| self.family(id));
        families
            .flat_map(|f| {
                f.risk_points
                    .iter()
                    .map(move |p| (PointSource::Family(f), p))
            })
            .chain(
                product
                    .risk_points
                    .iter()
                    .map(|p| (PointSource::Product, p)),
            )
    }

    /// Every risk point id in the catalog.
    pub fn point_ids(&self) -> impl Iterator<Item = &str> {
        self.all_points().map(|p| p.id.as_str())
    }

    /// Every risk point definition: general, families, products, rules.
    pub fn all_points(&self) -> impl Iterator<Item = &RiskPoint> {
        self.general
            .iter()
            .chain(self.families.iter().flat_map(|f| &f.risk_points))
            .chain(self.products.iter().flat_map(|p| &p.risk_points))
            .chain(self.rules.iter().flat_map(|r| &r.add))
    }

    fn validate(&self, problems: &mut Diagnostics) {
        let mut seen: HashSet<&str> = HashSet::new();
        let family_ids: Vec<&str> = self.families.iter().map(|f| f.id.as_str()).collect();
        for p in self.all_points() {
            if !seen.insert(&p.id) {
                problems.0.push(at(
                    &p.origin,
                    format!("risk point id `{}` is used twice", p.id),
                ));
            }
            problems.0.extend(missing_point_fields(p));
        }
        for r in &self.rules {
            if r.when.is_none() {
                problems.0.push(at(
                    &r.origin,
                    format!("rule `{}` has no `when` condition", r.id),
                ));
            }
        }
        for pr in &self.products {
            let required = [
                ("name", pr.name.is_none()),
                ("category", pr.category.is_none()),
                ("licence", pr.licence.is_none()),
                ("ccc", pr.ccc.is_none()),
                ("level", pr.level.is_none()),
            ];
            for (field, missing) in required {
                if missing {
                    problems.0.push(at(
                        &pr.origin,
                        format!("product `{}` has no `{field}`", pr.id),
                    ));
                }
            }
            for fam in Product::list(&pr.families) {
                if self.family(fam).is_none() {
                    let hint = did_you_mean(fam, family_ids.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"));
                    problems.0.push(
                        at(
                            &pr.origin,
                            format!("product `{}` names unknown family `{fam}`", pr.id),
                        )
                        .with_hint(hint),
                    );
                }
            }
            for pattern in Product::list(&pr.patterns) {
                if let Err(e) = regex_lite::Regex::new(pattern) {
                    problems.0.push(at(
                        &pr.origin,
                        format!("product `{}`: bad pattern `{pattern}`: {e}", pr.id),
                    ));
                }
            }
        }
        let ids: HashSet<&str> = self.point_ids().collect();
        for r in &self.rules {
            let named = Product::list(&r.drop).iter().map(String::as_str);
            let adjusted = r.adjust.iter().flatten().map(|a| a.point.as_str());
            for id in named.chain(adjusted) {
                if !ids.contains(id) {
                    let hint = did_you_mean(id, ids.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"));
                    problems.0.push(
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

    /// What documents print about this catalog.
    pub fn summary(&self) -> CatalogSummary {
        CatalogSummary {
            id: self.meta.id.clone().unwrap_or_default(),
            title: self.meta.title.clone().unwrap_or_default(),
            edition: self.meta.edition.clone().unwrap_or_default(),
            publisher: self.meta.publisher.clone().unwrap_or_default(),
            published: self.meta.published.clone().unwrap_or_default(),
            layers: self.layers.clone(),
        }
    }
}

/// Where a product's risk point comes from.
#[derive(Debug, Clone, Copy)]
pub enum PointSource<'a> {
    Family(&'a Family),
    Product,
}

/// What documents print about the catalog they were derived from.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogSummary {
    pub id: String,
    pub title: String,
    pub edition: String,
    pub publisher: String,
    pub published: String,
    pub layers: Vec<String>,
}

/// The fields a complete risk point must have, as diagnostics (empty when complete).
pub fn missing_point_fields(p: &RiskPoint) -> Vec<Diagnostic> {
    let missing = [
        ("stage", p.stage.is_none()),
        ("point", p.point.is_none()),
        ("hazard", p.hazard.is_none()),
        ("measures", p.measures.as_ref().is_none_or(Vec::is_empty)),
        ("frequency", p.frequency.is_none()),
        ("owner", p.owner.is_none()),
        ("basis", p.basis.is_none()),
    ];
    missing
        .iter()
        .filter(|(_, m)| *m)
        .map(|(field, _)| at(&p.origin, format!("risk point `{}` has no `{field}`", p.id)))
        .collect()
}

fn at(origin: &Option<crate::error::Location>, message: String) -> Diagnostic {
    Diagnostic {
        location: origin.clone(),
        ..Diagnostic::new(message)
    }
}

/// Parses one catalog file and records where each entry is defined.
fn parse_file(file: &SourceFile) -> Result<CatalogFile, Diagnostic> {
    let mut parsed: CatalogFile =
        serde_yaml_ng::from_str(&file.text).map_err(|e| yaml_diagnostic(file, &e))?;
    let locations = Locations::scan(&file.text);
    let at = |path: String| {
        locations
            .find(&path)
            .map(|(line, column)| crate::error::Location {
                file: file.name.clone(),
                line,
                column,
            })
    };
    let locate_points = |points: &mut [RiskPoint], list: String| {
        for (j, p) in points.iter_mut().enumerate() {
            p.origin = at(format!("{list}[{j}]"));
        }
    };
    for (i, f) in parsed.families.iter_mut().enumerate() {
        f.origin = at(format!("families[{i}]"));
        locate_points(&mut f.risk_points, format!("families[{i}].risk_points"));
    }
    for (i, pr) in parsed.products.iter_mut().enumerate() {
        pr.origin = at(format!("products[{i}]"));
        locate_points(&mut pr.risk_points, format!("products[{i}].risk_points"));
    }
    locate_points(&mut parsed.general, "general".to_string());
    for (i, r) in parsed.rules.iter_mut().enumerate() {
        r.origin = at(format!("rules[{i}]"));
        locate_points(&mut r.add, format!("rules[{i}].add"));
    }
    Ok(parsed)
}

fn read_layer(path: &Path) -> Result<Vec<SourceFile>> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| SourceFile::new(p.display().to_string(), text))
            .map_err(|source| Error::Read {
                path: p.to_path_buf(),
                source,
            })
    };
    if !path.is_dir() {
        return Ok(vec![read(path)?]);
    }
    let mut paths = Vec::new();
    collect_yaml(path, &mut paths).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    paths.sort();
    paths.iter().map(|p| read(p)).collect()
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
