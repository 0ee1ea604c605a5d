//! The supervision catalog: products, families of shared risk points, general management points
//! and conditional rules. Loaded from layers (the embedded national catalog, then any `--catalog`
//! files or folders) as [`raw`] types, merged by id, then validated as a whole into the complete
//! types of this module. The build script compiles this module too: it validates the embedded
//! layer and stores it as a blob, which `Catalog::load` (in `assets`) decodes.
mod lazy;
pub mod raw;
mod scope;
mod text;
mod validate;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use lazy::{Facts, LazyList, Listed, Points};
pub use text::Text;
pub(crate) use text::{decode_blob, encode_blob};
pub use validate::complete_point;

use crate::error::{Diagnostics, Error, Location, Result, SourceFile};
use crate::facts::FactDecl;
use crate::vocab::{Condition, Frequency, Level, Owner, Severity, Stage};

/// Catalog metadata, merged over the layers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CatalogMeta {
    pub id: String,
    pub title: String,
    pub edition: String,
    pub publisher: String,
    pub published: String,
    pub source: Option<String>,
    pub provenance: Vec<String>,
}

/// A `--catalog` layer's own metadata (every field optional: a layer names itself or not).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LayerMeta {
    /// The layer's name in the checklist (file name and content hash).
    pub name: String,
    pub title: Option<String>,
    pub edition: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub provenance: Vec<String>,
}

/// A complete risk point.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct RiskPoint {
    /// ASCII kebab-case id, unique in the catalog.
    pub id: Text,
    pub stage: Stage,
    /// 风险点.
    pub point: Text,
    /// 风险描述: what goes wrong.
    pub hazard: Text,
    /// 管控措施 (at least one).
    pub measures: Vec<Text>,
    /// 检查方法 (empty when the catalog gives none).
    pub check: Text,
    pub frequency: Frequency,
    pub owner: Owner,
    /// 依据: standard clause, rule or article.
    pub basis: Text,
    /// How bad the hazard is if the control fails (None: the catalog does not say).
    pub severity: Option<Severity>,
    /// 管控目标 (None: derived from the stage and the standard when documents print it).
    pub target: Option<Text>,
    /// Only for product lines that meet this condition.
    pub when: Option<Condition>,
    /// The control the point covers (points of one line with the same control merge).
    pub control: Option<Text>,
    #[serde(skip)]
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Family {
    pub id: Text,
    /// The family's name (its id when the catalog gives none).
    pub name: Text,
    pub standards: Vec<Text>,
    /// Questions that decide which of the family's points apply to a line.
    pub facts: Facts,
    pub risk_points: Points,
    #[serde(skip)]
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Product {
    pub id: Text,
    /// Row number in the source table.
    pub seq: Option<u32>,
    pub name: Text,
    pub category: Text,
    /// 生产许可证 (XK).
    pub licence: bool,
    pub licence_scope: Option<Text>,
    /// 强制性产品认证 (CCC).
    pub ccc: bool,
    pub ccc_scope: Option<Text>,
    /// The licence covers only lines where this holds (None: every line of the product).
    pub licence_applies: Option<Condition>,
    /// CCC covers only lines where this holds.
    pub ccc_applies: Option<Condition>,
    pub tags: Vec<Text>,
    pub level: Level,
    pub families: Vec<Text>,
    pub aliases: Vec<Text>,
    pub keywords: Vec<Text>,
    pub patterns: Vec<Text>,
    pub standards: Vec<Text>,
    /// The product's own questions, and `value` entries fixing its families' facts.
    pub facts: Facts,
    pub risk_points: Points,
    #[serde(skip)]
    pub origin: Option<Location>,
}

impl Product {
    pub fn name(&self) -> &str {
        &self.name
    }
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Rule {
    pub id: String,
    /// The rule's name (its id when the catalog gives none).
    pub name: String,
    pub scope: RuleScope,
    pub when: Condition,
    /// A warning shown when the rule fires (e.g. a licence that has expired).
    pub warn: Option<String>,
    pub add: Vec<RiskPoint>,
    pub drop: Vec<String>,
    pub adjust: Vec<Adjustment>,
    #[serde(skip)]
    pub origin: Option<Location>,
}

/// The merged, validated catalog. (Serialised only into the compiled blob, whose origins travel
/// beside it: see [`Catalog::into_blob`].)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Catalog {
    pub meta: CatalogMeta,
    /// Names of the layers, in order (the embedded one is `builtin:national`).
    pub layers: Vec<String>,
    /// The metadata of each layer after the embedded one, in order.
    pub layer_meta: Vec<LayerMeta>,
    pub families: Vec<Family>,
    pub products: Vec<Product>,
    pub general: Vec<RiskPoint>,
    pub rules: Vec<Rule>,
    /// Every risk point id, sorted: a profile's tailoring is checked against these without
    /// decoding every family's and product's list.
    sorted_point_ids: Vec<Text>,
}

/// Where a product's risk point comes from.
#[derive(Debug, Clone, Copy)]
pub enum PointSource<'a> {
    Family(&'a Family),
    Product,
}

impl Catalog {
    /// Parses and validates the national catalog's files (`builtin`) with `extra` layers on top.
    /// (`Catalog::load`, in `assets`, calls this only when there are layers.)
    pub fn parse(builtin: Vec<SourceFile>, extra: &[impl AsRef<Path>]) -> Result<Catalog> {
        let mut merged = raw::Merged::default();
        let mut problems = Vec::new();
        let mut sources: Vec<SourceFile> = Vec::new();
        merged.add_layer("builtin:national", &builtin, &mut problems);
        sources.extend(builtin);
        let mut stable = HashMap::new();
        for path in extra {
            let path = path.as_ref();
            let files = raw::read_layer(path)?;
            merged.add_layer(&raw::layer_name(path, &files), &files, &mut problems);
            for f in &files {
                stable.insert(
                    f.name.clone(),
                    raw::stable_file_name(path, Path::new(&f.name)),
                );
            }
            sources.extend(files);
        }
        if problems.is_empty() {
            match validate::validate(merged) {
                Ok(mut catalog) => {
                    catalog.rename_origins(&stable);
                    return Ok(catalog);
                }
                Err(found) => problems = found,
            }
        }
        // Quote the offending line of definitions found wrong after merging.
        for d in &mut problems {
            if let (Some(loc), None) = (&d.location, &d.source_line) {
                let file = sources.iter().find(|f| f.name == loc.file);
                d.source_line = file
                    .and_then(|f| f.text.lines().nth(loc.line.saturating_sub(1)))
                    .map(str::to_owned);
            }
        }
        Err(Error::Invalid(Diagnostics(problems)))
    }

    /// Points definitions at layer files by their stable names (diagnostics keep the paths as typed).
    fn rename_origins(&mut self, names: &HashMap<String, String>) {
        self.for_each_origin(true, &mut |origin| {
            if let Some(loc) = origin
                && let Some(name) = names.get(&loc.file)
            {
                loc.file.clone_from(name);
            }
        });
    }

    /// Calls `f` on the origin of every definition, always in the same order; those of families'
    /// and products' risk points only with `lists` (an encoded list carries its own).
    fn for_each_origin(&mut self, lists: bool, f: &mut dyn FnMut(&mut Option<Location>)) {
        for p in self.general.iter_mut() {
            f(&mut p.origin);
        }
        for fam in self.families.iter_mut() {
            f(&mut fam.origin);
            if lists {
                fam.risk_points.iter_mut().for_each(|p| f(&mut p.origin));
            }
        }
        for pr in self.products.iter_mut() {
            f(&mut pr.origin);
            if lists {
                pr.risk_points.iter_mut().for_each(|p| f(&mut p.origin));
            }
        }
        for r in self.rules.iter_mut() {
            f(&mut r.origin);
            r.add.iter_mut().for_each(|p| f(&mut p.origin));
        }
    }

    /// The catalog as a compact binary blob (postcard): the serde fields (each family's and
    /// product's risk points and facts a [`LazyList`] byte string, the points with their origins), then the other origins
    /// (which the JSON views skip) in [`Catalog::for_each_origin`] order. The build script writes it.
    pub fn into_blob(mut self) -> Vec<u8> {
        let mut origins = Vec::new();
        self.for_each_origin(false, &mut |o| origins.push(o.take()));
        text::encode_blob(&(self, origins))
    }

    /// Reads a blob of [`Catalog::into_blob`].
    pub fn from_blob(bytes: &'static [u8]) -> Result<Catalog, postcard::Error> {
        let (mut catalog, origins): (Catalog, Vec<Option<Location>>) = text::decode_blob(bytes)?;
        let mut origins = origins.into_iter();
        catalog.for_each_origin(false, &mut |o| *o = origins.next().flatten());
        Ok(catalog)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }

    /// A product by id, or by its exact official name.
    pub fn find_product(&self, key: &str) -> Option<&Product> {
        self.product(key)
            .or_else(|| self.products.iter().find(|p| p.name == key))
    }

    /// The risk points a product carries from its families and itself (not general ones, not rules).
    pub fn product_points<'a>(
        &'a self,
        product: &'a Product,
    ) -> impl Iterator<Item = (PointSource<'a>, &'a RiskPoint)> {
        let families = product.families.iter().filter_map(|id| self.family(id));
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

    /// The fact declarations that apply to a product: its families' in order, then its own.
    pub fn product_facts<'a>(&'a self, product: &'a Product) -> impl Iterator<Item = &'a FactDecl> {
        product
            .families
            .iter()
            .filter_map(|id| self.family(id))
            .flat_map(|f| &f.facts)
            .chain(&product.facts)
    }

    /// Every risk point id in the catalog, sorted.
    pub fn point_ids(&self) -> impl Iterator<Item = &str> {
        self.sorted_point_ids.iter().map(Text::as_str)
    }

    /// Whether some risk point of the catalog has this id.
    pub fn has_point(&self, id: &str) -> bool {
        self.sorted_point_ids
            .binary_search_by(|p| p.as_str().cmp(id))
            .is_ok()
    }

    /// Fills the sorted list of point ids (validation has made them unique).
    fn with_point_ids(mut self) -> Catalog {
        let mut ids: Vec<Text> = self.all_points().map(|p| p.id.clone()).collect();
        ids.sort_unstable();
        self.sorted_point_ids = ids;
        self
    }

    /// Every risk point definition: general, families, products, rules.
    pub fn all_points(&self) -> impl Iterator<Item = &RiskPoint> {
        self.general
            .iter()
            .chain(self.families.iter().flat_map(|f| &f.risk_points))
            .chain(self.products.iter().flat_map(|p| &p.risk_points))
            .chain(self.rules.iter().flat_map(|r| &r.add))
    }
}
