//! The profile's document-control section (文件编号, 版本, 编制 / 审核 / 批准, 修订记录) and its
//! department names (the catalog's owner departments as the company calls them). Every field is
//! optional: the checklist fills in defaults from the company and its people.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, did_you_mean};
use crate::vocab::Owner;

/// 文件控制: how the checklist is identified, who prepared, reviewed and approved it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentControl {
    /// 文件编号 (default: QS- and the credit code's last six characters and the year).
    pub number: Option<String>,
    /// 版本 (default A/0).
    pub version: Option<String>,
    /// 生效日期 (default: the document date).
    pub effective: Option<NaiveDate>,
    /// 编制 (default: the quality-safety director, date left to fill in).
    pub prepared: Option<Signoff>,
    /// 审核 (default: left to fill in).
    pub reviewed: Option<Signoff>,
    /// 批准 (default: the principal, date left to fill in).
    pub approved: Option<Signoff>,
    /// 修订记录 (default: one row, the first issue).
    #[serde(default)]
    pub revisions: Vec<Revision>,
}

/// A signature step: who, and when (a blank to fill in when not given).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    pub name: Option<String>,
    pub date: Option<NaiveDate>,
}

/// One row of the revision history.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: String,
    pub date: NaiveDate,
    /// 修订内容.
    pub change: String,
    /// 修订人.
    pub by: Option<String>,
}

/// The owner a `departments` key names: its ASCII key (`inspection`) or its label (质检部门).
pub fn owner_of(key: &str) -> Option<Owner> {
    Owner::ALL
        .iter()
        .copied()
        .find(|o| o.key() == key || o.label() == key)
}

/// The company's name for `owner`, when `departments` maps it.
pub fn department_name(departments: &BTreeMap<String, String>, owner: Owner) -> Option<&str> {
    departments
        .iter()
        .find(|(k, v)| owner_of(k) == Some(owner) && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// One diagnostic per `departments` key that names no owner.
pub fn check_departments(
    departments: &BTreeMap<String, String>,
    at: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let known = Owner::ALL.iter().flat_map(|o| [o.key(), o.label()]);
    departments
        .keys()
        .filter(|k| owner_of(k).is_none())
        .map(|k| {
            let hint = did_you_mean(k, known.clone()).map(|s| format!("did you mean `{s}`?"));
            at(
                &format!("departments.{k}"),
                format!("`{k}` is not a responsible post of the catalog"),
            )
            .with_hint(hint.or_else(|| {
                Some("the posts are 采购部门, 生产部门, 质检部门, 仓储物流部门, 销售部门, 技术部门 (or their keys purchasing, production…)".into())
            }))
        })
        .collect()
}
