//! The standards registry: every standard number the catalog cites, its editions with their
//! publication and implementation dates, what replaced what (also across numbers, when the prefix
//! changed or standards merged), and the dated milestones of each change. [`Registry::resolve`]
//! turns a citation into the edition in force on a document date, with the transitions around it.
//!
//! The data lives in `catalog/standards/registry.yaml` (format in `catalog/standards/README.md`)
//! and is compiled into the binary.
mod apply;
mod citation;
#[cfg(test)]
mod citation_oracle;
mod data;
mod resolve;
mod survey;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use apply::{CURRENT_EDITION_MARK, Declared, apply, is_deliberately_undated, is_pinned};
pub use citation::{Citation, normalize_number, parse_citations};
use data::RegistryFile;
pub use data::{Edition, EditionRef, Kind, Milestone, Standard, Verified};
pub use resolve::{Change, CitationStatus, InForce, Phase, Resolution, Rewritten, Transition};
pub use survey::{Cited, catalog_texts, checklist_texts, status_label, survey};

/// The registry compiled into the binary.
const EMBEDDED: &str = include_str!("../../catalog/standards/registry.yaml");
const EMBEDDED_NAME: &str = "catalog/standards/registry.yaml";

/// Errors of loading the registry or of looking a citation up in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardsError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {number}: {message}")]
    Invalid {
        file: String,
        number: String,
        message: String,
    },
    #[error("standard {0} is not in the standards registry")]
    UnknownNumber(String),
    #[error("{0} is not an edition recorded in the standards registry")]
    UnknownEdition(EditionRef),
    #[error("{0} names a series of standards, not one standard")]
    Series(String),
}

/// A validated registry with an index by number.
#[derive(Debug, Clone)]
pub struct Registry {
    file: RegistryFile,
    // FxHash: looked up for every citation of every item; the keys are our own.
    index: rustc_hash::FxHashMap<String, usize>,
}

impl Serialize for Registry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.file.serialize(serializer)
    }
}

impl Registry {
    /// The registry compiled into the binary.
    pub fn embedded() -> Result<&'static Registry, StandardsError> {
        static REGISTRY: OnceLock<Result<Registry, StandardsError>> = OnceLock::new();
        REGISTRY
            .get_or_init(|| {
                // The build script stored the YAML's data as a postcard blob, which decodes
                // many times faster than the YAML (or JSON) parses; should it not read (the
                // build wrote an empty blob for YAML it could not read), parsing the YAML
                // reports where it is wrong. The blob is not validated again on every run (a
                // tenth of a `generate --format md,json` run): the test suite validates this
                // very registry (a fresh parse of the YAML, which must equal it).
                match postcard::from_bytes(crate::assets::REGISTRY_BLOB) {
                    Ok(file) => Ok(Registry::indexed(file)),
                    Err(_) => Registry::parse(EMBEDDED_NAME, EMBEDDED),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and validates registry YAML; `name` labels errors.
    pub fn parse(name: &str, text: &str) -> Result<Registry, StandardsError> {
        let file: RegistryFile = serde_yaml_ng::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            StandardsError::Parse {
                file: name.to_owned(),
                line,
                column,
                message: e.to_string(),
            }
        })?;
        Registry::from_file(name, file)
    }

    /// Indexes and validates a registry read by serde.
    fn from_file(name: &str, file: RegistryFile) -> Result<Registry, StandardsError> {
        let registry = Registry::indexed(file);
        registry.validate(name)?;
        Ok(registry)
    }

    /// Indexes a registry read by serde, without validating it.
    fn indexed(file: RegistryFile) -> Registry {
        let index = file
            .standards
            .iter()
            .enumerate()
            .map(|(i, s)| (s.number.clone(), i))
            .collect();
        Registry { file, index }
    }

    pub fn reference_date(&self) -> NaiveDate {
        self.file.reference_date
    }

    pub fn standards(&self) -> &[Standard] {
        &self.file.standards
    }

    /// The standard with this number (normalised: "GB/T4706.1" finds "GB/T 4706.1").
    pub fn get(&self, number: &str) -> Option<&Standard> {
        // Most lookups come with a number already normalised (from a citation): no regex then.
        if let Some(&i) = self.index.get(number) {
            return Some(&self.file.standards[i]);
        }
        let number = normalize_number(number)?;
        self.index.get(&number).map(|&i| &self.file.standards[i])
    }

    fn require(&self, number: &str) -> Result<&Standard, StandardsError> {
        self.get(number)
            .ok_or_else(|| StandardsError::UnknownNumber(number.to_owned()))
    }

    /// The edition an [`EditionRef`] names.
    pub fn edition(&self, r: &EditionRef) -> Result<&Edition, StandardsError> {
        self.require(&r.number)?
            .edition(r.year)
            .ok_or_else(|| StandardsError::UnknownEdition(r.clone()))
    }

    fn validate(&self, name: &str) -> Result<(), StandardsError> {
        let invalid = |number: &str, message: String| StandardsError::Invalid {
            file: name.to_owned(),
            number: number.to_owned(),
            message,
        };
        let mut seen = HashSet::new();
        for s in self.standards() {
            let n = s.number.as_str();
            if normalize_number(n).as_deref() != Some(n) {
                return Err(invalid(n, "not a standard number in normal form".into()));
            }
            if !seen.insert(n) {
                return Err(invalid(n, "listed twice".into()));
            }
            if s.kind != Kind::of_number(n) {
                return Err(invalid(
                    n,
                    format!("kind {:?} contradicts the prefix", s.kind),
                ));
            }
            if s.editions.is_empty() {
                return Err(invalid(n, "no editions".into()));
            }
            for pair in s.editions.windows(2) {
                if pair[0].year >= pair[1].year {
                    return Err(invalid(
                        n,
                        "editions are not in ascending year order".into(),
                    ));
                }
                if let (Some(a), Some(b)) = (pair[0].implemented, pair[1].implemented)
                    && a >= b
                {
                    return Err(invalid(n, "implementation dates are not ascending".into()));
                }
            }
            for e in &s.editions {
                let year = i32::from(e.year);
                if let Some(p) = e.published
                    && (p.year() != year || e.implemented.is_some_and(|i| i < p))
                {
                    return Err(invalid(n, format!("{}: publication date", e.year)));
                }
                if e.implemented.is_some_and(|i| i.year() < year) {
                    return Err(invalid(
                        n,
                        format!("{}: implemented before its year", e.year),
                    ));
                }
            }
            self.validate_links(s)
                .map_err(|message| invalid(n, message))?;
        }
        for s in self.standards() {
            self.successor_chain(&s.number)
                .map_err(|message| invalid(&s.number, message))?;
        }
        Ok(())
    }

    /// Every replacement link points at a recorded edition and is recorded on both sides.
    fn validate_links(&self, s: &Standard) -> Result<(), String> {
        let last = s.last_ref();
        for target in &s.replaced_by {
            let t = self
                .get(&target.number)
                .filter(|t| t.edition(target.year).is_some())
                .ok_or_else(|| format!("replaced_by {target}: no such edition"))?;
            if t.number == s.number {
                return Err("replaced_by names its own number".into());
            }
            if !t.replaces.iter().any(|r| Some(r) == last.as_ref()) {
                return Err(format!("{target} does not list it under replaces"));
            }
        }
        for source in &s.replaces {
            let src = self
                .get(&source.number)
                .filter(|x| x.last_ref().as_ref() == Some(source))
                .ok_or_else(|| format!("replaces {source}: not the last edition of a number"))?;
            if !src.replaced_by.iter().any(|r| r.number == s.number) {
                return Err(format!("{source} does not list it under replaced_by"));
            }
        }
        Ok(())
    }

    /// The numbers reached by following direct successors from `number`, in order; an error on a
    /// cycle.
    fn successor_chain(&self, number: &str) -> Result<Vec<&Standard>, String> {
        let mut chain = Vec::new();
        let mut cur = self.get(number);
        while let Some(s) = cur {
            if chain.iter().any(|c: &&Standard| c.number == s.number) {
                return Err("replacement cycle".into());
            }
            chain.push(s);
            cur = s.replaced_by.first().and_then(|t| self.get(&t.number));
        }
        Ok(chain)
    }
}
