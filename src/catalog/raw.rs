//! The catalog as its YAML files write it: every field optional, so that a later layer can patch
//! one field of an entry by id. [`super::validate`] turns the merged layers into complete types.
use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Location, Result, SourceFile, yaml_diagnostic};
use crate::facts::FactDecl;
use crate::location::Locations;
use crate::vocab::{Condition, Frequency, Level, Owner, Severity, Stage};

/// Catalog metadata. The first layer's is the catalog's; a later layer's describes that layer
/// only (a provincial layer never takes the national publisher or date).
#[derive(Debug, Clone, Default, Deserialize)]
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

/// A risk point as written: in a catalog layer, or in a profile's `tailoring.add`.
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
    /// How bad the hazard is if the control fails (high / medium / low; default medium).
    pub severity: Option<Severity>,
    /// 管控目标: what "under control" means, measurable where possible.
    pub target: Option<String>,
    /// Only for product lines that meet this condition.
    #[schemars(skip)]
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub when: Option<Condition>,
    /// The control the point covers: points of one line with the same control merge into one item.
    pub control: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub id: String,
    pub name: Option<String>,
    pub standards: Option<Vec<String>>,
    /// Questions that decide which of the family's points apply to a line.
    pub facts: Option<Vec<FactDecl>>,
    #[serde(default)]
    pub risk_points: Vec<RiskPoint>,
    #[serde(skip)]
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub seq: Option<u32>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub licence: Option<bool>,
    pub licence_scope: Option<String>,
    pub ccc: Option<bool>,
    pub ccc_scope: Option<String>,
    /// The licence covers only lines where this holds (e.g. hard hats of the PPE umbrella).
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub licence_applies: Option<Condition>,
    /// CCC covers only lines where this holds.
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub ccc_applies: Option<Condition>,
    pub tags: Option<Vec<String>>,
    pub level: Option<Level>,
    pub families: Option<Vec<String>>,
    pub aliases: Option<Vec<String>>,
    pub keywords: Option<Vec<String>>,
    pub patterns: Option<Vec<String>>,
    pub standards: Option<Vec<String>>,
    /// The product's own questions, and `value` entries fixing its families' facts.
    pub facts: Option<Vec<FactDecl>>,
    #[serde(default)]
    pub risk_points: Vec<RiskPoint>,
    #[serde(skip)]
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub name: Option<String>,
    pub scope: Option<super::RuleScope>,
    #[serde(default, with = "serde_yaml_ng::with::singleton_map_recursive")]
    pub when: Option<Condition>,
    pub warn: Option<String>,
    #[serde(default)]
    pub add: Vec<RiskPoint>,
    pub drop: Option<Vec<String>>,
    pub adjust: Option<Vec<super::Adjustment>>,
    #[serde(skip)]
    pub origin: Option<Location>,
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

/// Every layer merged by id, not yet validated.
#[derive(Debug, Default)]
pub struct Merged {
    pub meta: CatalogMeta,
    /// Names of the layers, in order (the embedded one is `builtin:national`).
    pub layers: Vec<String>,
    /// Each layer after the first: its name and its own metadata (empty when it gives none).
    pub layer_meta: Vec<(String, CatalogMeta)>,
    pub families: Vec<Family>,
    pub products: Vec<Product>,
    pub general: Vec<RiskPoint>,
    pub rules: Vec<Rule>,
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
        patch_fields!(self, later; stage, point, hazard, measures, check, frequency, owner, basis, severity, target, when, control, origin);
    }
}

impl Patch for Family {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; name, standards, facts);
        merge_by_id(&mut self.risk_points, later.risk_points);
    }
}

impl Patch for Product {
    fn id(&self) -> &str {
        &self.id
    }
    fn patch(&mut self, later: Self) {
        patch_fields!(self, later; seq, name, category, licence, licence_scope, ccc, ccc_scope,
            licence_applies, ccc_applies, tags, level, families, aliases, keywords, patterns, standards,
            facts);
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

/// Merges `later` over `base` by id, in time linear in both (an index by id, not a search).
fn merge_by_id<T: Patch>(base: &mut Vec<T>, later: Vec<T>) {
    if later.is_empty() {
        return;
    }
    let mut index: HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id().to_string(), i))
        .collect();
    for item in later {
        match index.get(item.id()) {
            Some(&i) => base[i].patch(item),
            None => {
                index.insert(item.id().to_string(), base.len());
                base.push(item);
            }
        }
    }
}

impl Merged {
    /// Parses the files of one layer and merges them over what is there. `name` identifies the
    /// layer in the checklist: a file name and a hash of the contents, never the path as typed.
    pub fn add_layer(&mut self, name: &str, files: &[SourceFile], problems: &mut Vec<Diagnostic>) {
        let first = self.layers.is_empty();
        self.layers.push(name.to_string());
        let mut own = CatalogMeta::default();
        let mut layer = CatalogFile::default();
        // Parsing dominates start-up; files are independent, so parse them on every core.
        for parsed in crate::parallel_map(files, parse_file) {
            let parsed = match parsed {
                Ok(parsed) => parsed,
                Err(ds) => {
                    problems.extend(ds);
                    continue;
                }
            };
            if let Some(meta) = parsed.catalog {
                let m = if first { &mut self.meta } else { &mut own };
                patch_fields!(m, meta; id, title, edition, publisher, published, source);
                m.provenance.extend(meta.provenance);
            }
            merge_by_id(&mut layer.families, parsed.families);
            merge_by_id(&mut layer.products, parsed.products);
            merge_by_id(&mut layer.general, parsed.general);
            merge_by_id(&mut layer.rules, parsed.rules);
        }
        merge_by_id(&mut self.families, layer.families);
        merge_by_id(&mut self.products, layer.products);
        merge_by_id(&mut self.general, layer.general);
        merge_by_id(&mut self.rules, layer.rules);
        if !first {
            self.layer_meta.push((name.to_string(), own));
        }
    }
}

/// An id given twice in one list of one file: a mistake (layers patch by id, files do not).
fn duplicate_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    list: &str,
    at: &dyn Fn(String) -> Option<Location>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            let mut d =
                Diagnostic::new(format!("`{id}` is defined twice in `{list}` of this file"));
            d.location = at(format!("{list}[{i}]"));
            problems.push(d);
        }
    }
}

/// Parses one catalog file and records where each entry is defined.
fn parse_file(file: &SourceFile) -> Result<CatalogFile, Vec<Diagnostic>> {
    crate::input::check_depth(file).map_err(|d| vec![d])?;
    let mut parsed: CatalogFile =
        serde_yaml_ng::from_str(&file.text).map_err(|e| vec![yaml_diagnostic(file, &e)])?;
    let locations = Locations::scan(&file.text);
    let at = |path: String| {
        locations.find(&path).map(|(line, column)| Location {
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
    let mut problems = Vec::new();
    fn points(list: &[RiskPoint]) -> Vec<&str> {
        list.iter().map(|p| p.id.as_str()).collect()
    }
    let mut lists: Vec<(String, Vec<&str>)> = vec![
        (
            "families".into(),
            parsed.families.iter().map(|f| f.id.as_str()).collect(),
        ),
        (
            "products".into(),
            parsed.products.iter().map(|p| p.id.as_str()).collect(),
        ),
        ("general".into(), points(&parsed.general)),
        (
            "rules".into(),
            parsed.rules.iter().map(|r| r.id.as_str()).collect(),
        ),
    ];
    for (i, f) in parsed.families.iter().enumerate() {
        lists.push((format!("families[{i}].risk_points"), points(&f.risk_points)));
    }
    for (i, p) in parsed.products.iter().enumerate() {
        lists.push((format!("products[{i}].risk_points"), points(&p.risk_points)));
    }
    for (i, r) in parsed.rules.iter().enumerate() {
        lists.push((format!("rules[{i}].add"), points(&r.add)));
    }
    for (list, ids) in lists {
        duplicate_ids(ids.into_iter(), &list, &at, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(parsed)
}

/// The YAML files of a layer: one file, or every `*.yaml` / `*.yml` under a folder, sorted. Links
/// to folders are not followed (a loop would never end); links to files are read.
pub fn read_layer(path: &Path) -> Result<Vec<SourceFile>> {
    let read = |p: &Path| crate::input::read_text(p, crate::input::MAX_CATALOG_BYTES);
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

/// The layer's name in the checklist: its file or folder name and a hash of what it holds, so
/// that the output depends on the content and not on how the path was written.
pub fn layer_name(path: &Path, files: &[SourceFile]) -> String {
    let mut hash = crate::FNV_SEED;
    for f in files {
        hash = crate::fnv(hash, f.text.as_bytes());
        hash = crate::fnv(hash, &[0]);
    }
    format!("{} ({hash:016x})", base_name(path))
}

/// The last component of `path` as it resolves (`.` and `..` included), else `path` as given.
fn base_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| path.display().to_string())
}

/// The name of a layer's file in output (`defined_at`): relative to the layer's folder, under the
/// folder's own name, so that it does not depend on how the layer's path was written.
pub fn stable_file_name(layer: &Path, file: &Path) -> String {
    let base = base_name(layer);
    match file.strip_prefix(layer) {
        Ok(rel) if !rel.as_os_str().is_empty() => format!("{base}/{}", rel.display()),
        _ => base,
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_yaml(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && path.is_file()
        {
            out.push(path);
        }
    }
    Ok(())
}
