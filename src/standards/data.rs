//! The registry's data types, as `catalog/standards/registry.yaml` writes them. The build script
//! compiles this file too: it reads the YAML into these types and stores them as a postcard blob,
//! which the binary decodes instead of parsing the YAML.
//!
//! Postcard has no field names, so a blob cannot leave a field out: the JSON views skip empty
//! fields only in the crate itself, where the build script sets the `riskctl_lib` cfg.
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a fact comes from, or that nobody has checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verified {
    /// Stated, with a source, in the project's domain notes (standards-2026.md).
    DomainDoc,
    /// Follows from a statement the domain notes make about a whole series; this part not confirmed.
    DomainDocSeries,
    /// Only one public source said so: check before relying on a value.
    SingleSource,
    /// From the catalog's own citation or general knowledge; not checked against a source.
    Unverified,
}

/// Legal force of a standard, which its prefix encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// GB and unsuffixed sector standards (强制性).
    Mandatory,
    /// "/T" standards (推荐性).
    Recommended,
    /// GB/Z guidance documents (指导性技术文件).
    Guidance,
    /// Metrology technical specifications (JJF, 计量技术规范).
    Specification,
}

impl Kind {
    /// The kind a number's prefix implies.
    pub fn of_number(number: &str) -> Kind {
        let prefix = number.split(' ').next().unwrap_or_default();
        if prefix.ends_with("/T") {
            Kind::Recommended
        } else if prefix.ends_with("/Z") {
            Kind::Guidance
        } else if prefix == "JJF" {
            Kind::Specification
        } else {
            Kind::Mandatory
        }
    }
}

/// One edition of a standard, e.g. "GB/T 4706.1-2024".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionRef {
    pub number: String,
    pub year: u16,
}

impl fmt::Display for EditionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.number, self.year)
    }
}

/// A dated step of a change other than the implementation date itself (certificate conversion
/// deadline, end of sale of old stock, date from which existing types must comply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub date: NaiveDate,
    pub event: String,
    pub verified: Verified,
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Option::is_none"))]
    pub note: Option<String>,
}

/// One edition with its dates. `implemented` is the date it takes effect; when it is unknown the
/// resolver assumes January 1 of `year` (an edition cannot apply before its year) and never
/// announces a transition on that assumed date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub year: u16,
    pub published: Option<NaiveDate>,
    pub implemented: Option<NaiveDate>,
    pub verified: Verified,
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Option::is_none"))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Vec::is_empty"))]
    pub milestones: Vec<Milestone>,
}

impl Edition {
    /// The date the edition applies from, and whether that date is recorded (not assumed).
    pub fn start(&self) -> (NaiveDate, bool) {
        match self.implemented {
            Some(date) => (date, true),
            None => (
                NaiveDate::from_ymd_opt(i32::from(self.year), 1, 1).unwrap_or(NaiveDate::MIN),
                false,
            ),
        }
    }
}

/// One standard number and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Prefix and code, e.g. "GB/T 4706.1"; a prefix change makes a new number.
    pub number: String,
    pub title: Option<String>,
    pub kind: Kind,
    /// Verification state of the title and kind.
    pub verified: Verified,
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Option::is_none"))]
    pub note: Option<String>,
    /// What the standard does not cover, where the catalog has cited it out of scope.
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Option::is_none"))]
    pub scope_note: Option<String>,
    /// Oldest first.
    pub editions: Vec<Edition>,
    /// Editions of other numbers this number's first edition replaced.
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Vec::is_empty"))]
    pub replaces: Vec<EditionRef>,
    /// Editions of other numbers that replaced this number's last edition; the first is the
    /// direct successor, the others apply alongside it.
    #[serde(default)]
    #[cfg_attr(riskctl_lib, serde(skip_serializing_if = "Vec::is_empty"))]
    pub replaced_by: Vec<EditionRef>,
}

impl Standard {
    pub fn edition(&self, year: u16) -> Option<&Edition> {
        self.editions.iter().find(|e| e.year == year)
    }

    pub(super) fn last_ref(&self) -> Option<EditionRef> {
        self.editions.last().map(|e| EditionRef {
            number: self.number.clone(),
            year: e.year,
        })
    }
}

/// The registry file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegistryFile {
    /// The date the catalog's citations are checked against.
    pub(super) reference_date: NaiveDate,
    pub(super) standards: Vec<Standard>,
}
