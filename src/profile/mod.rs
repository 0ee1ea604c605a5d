//! The producer's profile: company, people, product lines and tailoring, as the user writes it in
//! YAML. Type errors are caught while parsing (with serde's line and column); references into the
//! catalog are checked by [`LoadedProfile::validate`], which returns a [`ValidProfile`].
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, RiskPoint, Text, complete_point, raw};
use crate::error::{
    Diagnostic, Diagnostics, Error, Result, SourceFile, did_you_mean, yaml_diagnostic,
};
use crate::facts::parse_answer;
use crate::location::Locations;
use crate::vocab::{CertKind, CertState, Channel, CompanySize, Frequency, Owner, Role};

pub mod calendar;
mod credit_code;
pub mod document;
mod lint;
pub use credit_code::{check_credit_code, credit_code_check_char};
pub use lint::schema;
mod starter;
pub use starter::placeholders;

/// A producer's profile.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub company: Company,
    pub people: People,
    pub product_lines: Vec<ProductLine>,
    #[serde(default)]
    pub tailoring: Tailoring,
    /// Working days and holidays (default Monday to Saturday), for the daily records.
    #[serde(default)]
    pub calendar: calendar::Calendar,
    /// 文件控制: number, version, sign-offs and revisions of the checklist.
    #[serde(default)]
    pub document: document::DocumentControl,
    /// The company's names for the catalog's departments (质检部门: 品质部), or a person.
    #[serde(default)]
    pub departments: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// 企业名称.
    pub name: String,
    /// 统一社会信用代码 (GB 32100-2015, 18 characters with check digit).
    pub credit_code: String,
    pub address: String,
    /// producer (Order 75), seller (Order 76) or both.
    pub role: Role,
    /// Number of staff (decides large / medium / small).
    pub staff: Option<u32>,
    /// Annual revenue in 万元.
    pub revenue_wan: Option<f64>,
    pub phone: Option<String>,
}

impl Company {
    /// The size class, when the profile gives staff or revenue.
    pub fn size(&self) -> Option<CompanySize> {
        CompanySize::of(self.staff, self.revenue_wan)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// 主要负责人.
    pub principal: Person,
    /// 质量安全总监.
    pub director: Person,
    /// 质量安全员.
    pub officers: Vec<Person>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    /// Product line ids this officer covers (empty: all).
    #[serde(default)]
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductLine {
    /// Short ASCII id used by tailoring and by officers' `lines`.
    pub id: String,
    /// The product as the company names it (free text: specs, models, brand…).
    pub name: String,
    /// Pin the catalog product (id or official name) instead of matching `name`.
    pub catalog_product: Option<String>,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub standards: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    /// Processes done by another company (e.g. 型式检验, 电镀).
    #[serde(default)]
    pub outsourced: Vec<String>,
    #[serde(default)]
    pub materials: Vec<String>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// 工业产品生产许可证.
    pub licence: Option<Certificate>,
    /// 强制性产品认证证书.
    pub ccc: Option<Certificate>,
    /// Answers to the catalog's questions for this line's product, by fact id (是/否, 有/无,
    /// true/false).
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// A profile's answer to a catalog question, as written: a YAML boolean or a word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    Flag(bool),
    Number(i64),
    Word(String),
}

impl Answer {
    /// Yes or no; None for a word that is neither.
    pub fn value(&self) -> Option<bool> {
        match self {
            Answer::Flag(b) => Some(*b),
            Answer::Number(n) => parse_answer(&n.to_string()),
            Answer::Word(w) => parse_answer(w),
        }
    }
}

impl ProductLine {
    /// The answers that read as yes or no, by fact id.
    pub fn answer_values(&self) -> BTreeMap<String, bool> {
        self.answers
            .iter()
            .filter_map(|(id, a)| a.value().map(|v| (id.clone(), v)))
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub number: String,
    /// YYYY-MM-DD.
    pub expires: NaiveDate,
}

impl Certificate {
    /// The state on `date` of an optional certificate of `kind`.
    pub fn state(kind: CertKind, cert: Option<&Certificate>, date: NaiveDate) -> CertState {
        CertState::of(kind, cert.map(|c| c.expires), date)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tailoring {
    /// Risk points that do not apply, each with its reason.
    #[serde(default)]
    pub exclude: Vec<Exclusion>,
    /// The company's own risk points.
    #[serde(default)]
    pub add: Vec<CustomPoint>,
    /// Changes of frequency or owner.
    #[serde(default)]
    pub r#override: Vec<Override>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub point: String,
    /// Only on this product line (default: every line).
    pub line: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomPoint {
    /// The product line it belongs to (default: the company-wide group).
    pub line: Option<String>,
    pub risk_point: raw::RiskPoint,
}

/// A custom point after validation: complete, with the group it joins.
#[derive(Debug, Clone)]
pub struct Custom {
    /// The product line it belongs to (None: the company-wide group).
    pub line: Option<String>,
    pub point: RiskPoint,
}

/// A profile that passed [`LoadedProfile::validate`]: what the checklist is resolved from.
#[derive(Debug, Clone)]
pub struct ValidProfile {
    pub loaded: LoadedProfile,
    /// `tailoring.add`, complete, in the profile's order.
    pub custom: Vec<Custom>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub point: String,
    pub line: Option<String>,
    pub frequency: Option<Frequency>,
    pub owner: Option<Owner>,
}

/// A parsed profile with its source, so later checks can point into the file.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub profile: Profile,
    pub source: SourceFile,
    /// Where each node of the source stands: scanned (a second YAML parse) only when a
    /// diagnostic needs a position.
    locations: std::sync::OnceLock<Locations>,
    /// Problems the first pass found ([`lint`]), reported with the others.
    pub early: Vec<Diagnostic>,
}

/// A diagnostic at the node `path` of `source`, whose node positions are scanned on first need.
fn located(
    source: &SourceFile,
    locations: &std::sync::OnceLock<Locations>,
    path: &str,
    message: impl Into<String>,
) -> Diagnostic {
    match locations
        .get_or_init(|| Locations::scan(&source.text))
        .find(path)
    {
        Some((line, column)) => source.diagnostic(line, column, message),
        None => Diagnostic::new(message),
    }
}

impl LoadedProfile {
    pub fn read(path: &Path) -> Result<LoadedProfile> {
        LoadedProfile::parse(crate::input::read_text(
            path,
            crate::input::MAX_PROFILE_BYTES,
        )?)
    }

    pub fn parse(source: SourceFile) -> Result<LoadedProfile> {
        crate::input::check_depth(&source)?;
        // The tree for the first pass and the typed profile are read side by side: the typed
        // one is what the run uses when the first pass takes nothing out.
        let (tree, typed) = rayon::join(
            || serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&source.text),
            || serde_yaml_ng::from_str::<Profile>(&source.text),
        );
        let tree = tree.map_err(|e| yaml_diagnostic(&source, &e))?;
        let locations = std::sync::OnceLock::new();
        let at = |path: &str, message: String| located(&source, &locations, path, message);
        let linted = lint::lint(tree, &at);
        let mut early = linted.problems;
        if early.is_empty() {
            // Nothing taken out: the text itself is the profile (serde reads its scalars exactly).
            let profile = typed.map_err(|e| yaml_diagnostic(&source, &e))?;
            return Ok(LoadedProfile {
                profile,
                source,
                locations,
                early,
            });
        }
        match serde_yaml_ng::from_value::<Profile>(linted.cleaned) {
            Ok(profile) => Ok(LoadedProfile {
                profile,
                source,
                locations,
                early,
            }),
            Err(_) => {
                // serde's own message, with its position, unless the first pass already said it.
                let typed = match typed {
                    Err(e) => yaml_diagnostic(&source, &e),
                    Ok(_) => Diagnostic::new("the profile does not match its schema"),
                };
                let line = |d: &Diagnostic| d.location.as_ref().map(|l| l.line);
                if !early.iter().any(|e| line(e) == line(&typed)) {
                    early.push(typed);
                }
                Err(Error::Invalid(Diagnostics(early)))
            }
        }
    }

    /// A diagnostic at the node `path` of the profile (e.g. `tailoring.exclude[0].point`).
    pub fn diagnostic_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        located(&self.source, &self.locations, path, message)
    }

    /// Checks what serde cannot: ids unique and known, pins in the catalog, custom points complete.
    pub fn validate(self, catalog: &Catalog) -> Result<ValidProfile> {
        let p = &self.profile;
        let mut problems = Diagnostics(self.early.clone());
        let line_ids: Vec<&str> = p.product_lines.iter().map(|l| l.id.as_str()).collect();
        if let Err(message) = check_credit_code(&p.company.credit_code) {
            problems.0.push(
                self.diagnostic_at("company.credit_code", message)
                    .with_hint(Some("copy the code from the business licence; a single mistyped character fails the check".into())),
            );
        }
        let at = |path: &str, message: String| self.diagnostic_at(path, message);
        problems
            .0
            .extend(document::check_departments(&p.departments, &at));
        let mut seen = HashSet::new();
        for (i, line) in p.product_lines.iter().enumerate() {
            if !seen.insert(line.id.as_str()) {
                problems.0.push(self.diagnostic_at(
                    &format!("product_lines[{i}].id"),
                    format!("product line id `{}` is used twice", line.id),
                ));
            }
            for (fact, answer) in &line.answers {
                if answer.value().is_none() {
                    problems.0.push(
                        self.diagnostic_at(
                            &format!("product_lines[{i}].answers.{fact}"),
                            format!("answer to `{fact}` is neither yes nor no"),
                        )
                        .with_hint(Some(
                            "write 是 or 否 (有/无, true/false are accepted too)".into(),
                        )),
                    );
                }
            }
            if let Some(pin) = &line.catalog_product
                && catalog.find_product(pin).is_none()
            {
                // A Chinese pin is compared with the products' names, an ASCII one with ids.
                let spellings = catalog
                    .products
                    .iter()
                    .map(|p| if pin.is_ascii() { &p.id } else { &p.name });
                let hint = did_you_mean(pin, spellings.map(Text::as_str)).map(|s| {
                    format!("did you mean `{s}`? (`riskctl catalog search` lists products)")
                });
                problems.0.push(
                    self.diagnostic_at(
                        &format!("product_lines[{i}].catalog_product"),
                        format!("unknown catalog product `{pin}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
        let check_line = |path: String, line: &Option<String>, problems: &mut Diagnostics| {
            if let Some(id) = line
                && !line_ids.contains(&id.as_str())
            {
                let hint = did_you_mean(id, line_ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                problems.0.push(
                    self.diagnostic_at(&path, format!("unknown product line `{id}`"))
                        .with_hint(hint),
                );
            }
        };
        for (i, o) in p.people.officers.iter().enumerate() {
            for (j, id) in o.lines.iter().enumerate() {
                check_line(
                    format!("people.officers[{i}].lines[{j}]"),
                    &Some(id.clone()),
                    &mut problems,
                );
            }
        }
        let custom_ids: Vec<&str> = p
            .tailoring
            .add
            .iter()
            .map(|c| c.risk_point.id.as_str())
            .collect();
        let check_point = |path: String, id: &str, problems: &mut Diagnostics| {
            if !catalog.has_point(id) && !custom_ids.contains(&id) {
                let known = catalog.point_ids().chain(custom_ids.iter().copied());
                let hint = did_you_mean(id, known).map(|s| {
                    format!(
                        "did you mean `{s}`? (`riskctl explain` lists the ids on your checklist)"
                    )
                });
                problems.0.push(
                    self.diagnostic_at(&path, format!("unknown risk point `{id}`"))
                        .with_hint(hint),
                );
            }
        };
        for (i, e) in p.tailoring.exclude.iter().enumerate() {
            check_point(
                format!("tailoring.exclude[{i}].point"),
                &e.point,
                &mut problems,
            );
            check_line(
                format!("tailoring.exclude[{i}].line"),
                &e.line,
                &mut problems,
            );
            if e.reason.trim().is_empty() {
                problems.0.push(
                    self.diagnostic_at(
                        &format!("tailoring.exclude[{i}].reason"),
                        "an excluded risk point needs a reason",
                    )
                    .with_hint(Some(
                        "say why the point does not apply; inspectors read it".into(),
                    )),
                );
            }
        }
        for (i, o) in p.tailoring.r#override.iter().enumerate() {
            check_point(
                format!("tailoring.override[{i}].point"),
                &o.point,
                &mut problems,
            );
            check_line(
                format!("tailoring.override[{i}].line"),
                &o.line,
                &mut problems,
            );
        }
        let mut custom = Vec::new();
        for (i, c) in p.tailoring.add.iter().enumerate() {
            check_line(format!("tailoring.add[{i}].line"), &c.line, &mut problems);
            if catalog.has_point(&c.risk_point.id) {
                problems.0.push(self.diagnostic_at(
                    &format!("tailoring.add[{i}].risk_point.id"),
                    format!(
                        "risk point id `{}` is already in the catalog; use `override` to change it",
                        c.risk_point.id
                    ),
                ));
            }
            match complete_point(c.risk_point.clone()) {
                Ok(point) => custom.push(Custom {
                    line: c.line.clone(),
                    point,
                }),
                Err(missing) => {
                    for d in missing {
                        problems.0.push(
                            self.diagnostic_at(
                                &format!("tailoring.add[{i}].risk_point"),
                                d.message,
                            ),
                        );
                    }
                }
            }
        }
        if problems.0.is_empty() {
            Ok(ValidProfile {
                loaded: self,
                custom,
            })
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// A one-line profile of a producer of `product` with its licence and certificate in order: what
/// `catalog list` counts a product's risk points against.
pub fn plain_producer(product: &crate::catalog::Product) -> ValidProfile {
    let cert = || Certificate {
        number: "-".into(),
        expires: NaiveDate::MAX,
    };
    let person = |name: &str| Person {
        name: name.into(),
        title: None,
        phone: None,
        lines: Vec::new(),
    };
    let profile = Profile {
        company: Company {
            name: "-".into(),
            credit_code: "91350100M000100Y43".into(),
            address: "-".into(),
            role: Role::Producer,
            staff: None,
            revenue_wan: None,
            phone: None,
        },
        people: People {
            principal: person("-"),
            director: person("-"),
            officers: vec![person("-")],
        },
        product_lines: vec![ProductLine {
            id: "line".into(),
            name: product.name.to_string(),
            catalog_product: Some(product.id.to_string()),
            models: Vec::new(),
            standards: Vec::new(),
            processes: Vec::new(),
            outsourced: Vec::new(),
            materials: Vec::new(),
            channels: Vec::new(),
            licence: product.licence.then(cert),
            ccc: product.ccc.then(cert),
            answers: BTreeMap::new(),
        }],
        tailoring: Tailoring::default(),
        calendar: calendar::Calendar::default(),
        document: document::DocumentControl::default(),
        departments: BTreeMap::new(),
    };
    ValidProfile {
        loaded: LoadedProfile {
            profile,
            source: SourceFile::new("<plain producer>", ""),
            locations: std::sync::OnceLock::new(),
            early: Vec::new(),
        },
        custom: Vec::new(),
    }
}

/// The commented starter profile that `riskctl init` writes.
pub const STARTER: &str = include_str!("../starter-profile.yaml");

/// The JSON Schema of the profile, for editors.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&lint::generated()).unwrap_or_default()
}
