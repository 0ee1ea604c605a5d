//! The profile as a questionnaire workbook, for a quality manager who fills forms in Excel or WPS
//! rather than YAML (`riskctl convert`, `riskctl init --xlsx`).
//!
//! Both directions go through the profile as a [`serde_json::Value`] and the tables of
//! [`fields`]: the writer looks each field up by path, the reader sets it by path, so a field has
//! one line of mapping. Key/value sheets ([`fields::SECTIONS`]) hold single objects such as the
//! company; table sheets ([`fields::TABLES`]) hold people, product lines and tailoring; 问题 holds
//! each line's answers to the catalog's questions for its product ([`crate::facts`]); and 其他
//! keeps, by path, whatever part of a profile no table maps yet, so no field is ever dropped.
//!
//! The reader builds the YAML text of the profile and checks it like any profile (parse, pins,
//! validation, the checklist's answer check); each problem is then reported at the cell its value
//! came from (`企业信息!B3: …`).
mod fields;
mod read;
mod write;

use chrono::NaiveDate;
use serde_json::Value;

use crate::Engine;
use crate::error::{Error, Result, SourceFile};
use crate::facts::FactSource;
use crate::model::Checklist;
use crate::profile::{LoadedProfile, Profile, ValidProfile};

/// The largest workbook `convert` reads.
pub const MAX_WORKBOOK_BYTES: u64 = 16 << 20;

/// The 是/否 questions of the catalog put to one product line.
#[derive(Debug, Clone)]
struct Question {
    line: String,
    id: String,
    question: String,
    /// The profile's answer, if it gives one.
    answer: Option<bool>,
    /// What the line gets without an answer, and why.
    current: String,
}

/// The questions do not depend on the date; the checklist that lists them needs one.
fn question_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// The workbook for `profile` (None: an empty questionnaire), with each line's questions.
pub fn write(engine: &Engine, profile: Option<&ValidProfile>) -> Result<Vec<u8>> {
    let (value, questions) = match profile {
        Some(valid) => {
            let checklist = engine.checklist(valid, question_date())?;
            let profile = &valid.loaded.profile;
            let value = serde_json::to_value(profile).unwrap_or_default();
            (value, questions(profile, &checklist))
        }
        None => (Value::Null, Vec::new()),
    };
    let products: Vec<(&str, &str)> = engine
        .catalog
        .products
        .iter()
        .map(|p| (p.name.as_str(), p.id.as_str()))
        .collect();
    write::workbook(&value, &questions, &products).map_err(|e| Error::Office {
        format: "XLSX",
        document: "questionnaire".into(),
        message: e.to_string(),
    })
}

fn questions(profile: &Profile, checklist: &Checklist) -> Vec<Question> {
    let mut out = Vec::new();
    for line in &profile.product_lines {
        let Some(view) = checklist.lines.iter().find(|v| v.id == line.id) else {
            continue;
        };
        for fact in &view.facts {
            let answer = line.answers.get(&fact.id).and_then(|a| a.value());
            let value = if fact.value { "是" } else { "否" };
            let current = match &fact.source {
                FactSource::Product if answer.is_none() => continue,
                FactSource::Product => format!("{value}（目录产品设定）"),
                FactSource::Answered => format!("{value}（已回答）"),
                FactSource::Detected { word } => format!("{value}（依据“{word}”）"),
                FactSource::Assumed => format!("{value}（默认，请核实）"),
            };
            out.push(Question {
                line: line.id.clone(),
                id: fact.id.clone(),
                question: fact.question.clone(),
                answer,
                current,
            });
        }
    }
    out
}

/// A workbook read back: the profile's YAML text and the profile, checked.
pub struct Converted {
    pub yaml: String,
    pub profile: ValidProfile,
    /// One line per product line with questions left blank.
    pub open_questions: Vec<String>,
}

/// Reads a workbook into the YAML text of its profile, checked like a YAML profile; `name` is
/// the workbook's file name, for the header comment.
pub fn read(engine: &Engine, bytes: &[u8], name: &str) -> Result<Converted> {
    let sheets = read::read(bytes)?;
    let body = match serde_json::from_value::<Profile>(sheets.value.clone()) {
        Ok(profile) => profile_yaml(&profile),
        // Not a profile: the raw tree, so that parsing it reports where.
        Err(_) => serde_yaml_ng::to_string(&sheets.value).unwrap_or_default(),
    };
    let text = format!(
        "# Converted by `riskctl convert` from the questionnaire workbook {name}.\n\
         # Comments are not kept: edit the workbook and convert again, or edit this file.\n{body}"
    );
    let located = |e: Error| sheets.locate(e, &text);
    let mut loaded = LoadedProfile::parse(SourceFile::new(name, text.clone())).map_err(located)?;
    engine.resolve_pins(&mut loaded);
    let valid = loaded.validate(&engine.catalog).map_err(located)?;
    let checklist = engine.checklist(&valid, question_date()).map_err(located)?;
    let mut open_questions = Vec::new();
    for line in &checklist.lines {
        let open: Vec<&str> = line
            .facts
            .iter()
            .filter(|f| f.source == FactSource::Assumed)
            .map(|f| f.id.as_str())
            .collect();
        let unlisted = open
            .iter()
            .filter(|id| !sheets.listed.contains(&(line.id.clone(), id.to_string())))
            .count();
        if unlisted > 0 {
            open_questions.push(format!(
                "product line `{}`: {unlisted} of the catalog's questions for its product are not on sheet {} yet (their defaults are assumed); `riskctl convert {name} NEW.xlsx` lists them",
                line.id,
                write::QUESTION_SHEET
            ));
        } else if !open.is_empty() {
            open_questions.push(format!(
                "product line `{}`: {} questions left blank on sheet {} (their defaults are assumed)",
                line.id,
                open.len(),
                write::QUESTION_SHEET
            ));
        }
    }
    Ok(Converted {
        yaml: text,
        profile: valid,
        open_questions,
    })
}

/// Paths whose empty value must stay (required fields).
const KEEP_EMPTY: &[&str] = &["people.officers", "product_lines"];

/// The profile as YAML in its fields' order, without empty or unset fields.
fn profile_yaml(profile: &Profile) -> String {
    fn prune(value: &mut serde_yaml_ng::Value, path: &str) {
        use serde_yaml_ng::Value as Y;
        match value {
            Y::Mapping(map) => {
                map.retain(|k, v| {
                    let key = k.as_str().unwrap_or_default();
                    let here = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    prune(v, &here);
                    let empty = match v {
                        Y::Null => true,
                        Y::Sequence(s) => s.is_empty(),
                        Y::Mapping(m) => m.is_empty(),
                        _ => false,
                    };
                    !empty || KEEP_EMPTY.contains(&here.as_str())
                });
            }
            Y::Sequence(items) => {
                for item in items {
                    prune(item, &format!("{path}[]"));
                }
            }
            _ => {}
        }
    }
    let mut value = serde_yaml_ng::to_value(profile).unwrap_or_default();
    prune(&mut value, "");
    serde_yaml_ng::to_string(&value).unwrap_or_default()
}

/// One step of a path: `company.name`, `product_lines[2].models`.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// Whether `path` is a well-formed path whose indices stay below `limit` (a hostile index must
/// not make [`set`] allocate).
fn steps_within(path: &str, limit: usize) -> bool {
    let well_formed = path.split('.').all(|part| {
        let key = &part[..part.find('[').unwrap_or(part.len())];
        let indices = &part[key.len()..];
        !key.is_empty()
            && indices.split_terminator(']').all(|i| {
                i.strip_prefix('[')
                    .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n < limit))
            })
    });
    well_formed && !path.is_empty()
}

/// The value at `path`, if there is one.
fn get<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).iter().try_fold(root, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

/// Sets the value at `path`, creating the objects and arrays on the way.
fn set(root: &mut Value, path: &str, value: Value) {
    let mut node = root;
    for step in steps(path) {
        node = match step {
            Step::Key(k) => {
                if !node.is_object() {
                    *node = Value::Object(Default::default());
                }
                node.as_object_mut()
                    .map(|m| m.entry(k).or_insert(Value::Null))
                    .expect("an object")
            }
            Step::Index(i) => {
                if !node.is_array() {
                    *node = Value::Array(Vec::new());
                }
                let items = node.as_array_mut().expect("an array");
                if items.len() <= i {
                    items.resize(i + 1, Value::Null);
                }
                &mut items[i]
            }
        };
    }
    *node = value;
}

/// The path with every index replaced by `[]`: `product_lines[].id`.
fn pattern(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_get_and_set_through_objects_and_arrays() {
        let mut v = Value::Null;
        set(&mut v, "product_lines[1].licence.number", Value::from("XK"));
        set(&mut v, "company.name", Value::from("甲"));
        assert_eq!(
            get(&v, "product_lines[1].licence.number"),
            Some(&Value::from("XK"))
        );
        assert_eq!(get(&v, "product_lines[0]"), Some(&Value::Null));
        assert_eq!(get(&v, "company.name"), Some(&Value::from("甲")));
        assert_eq!(pattern("a[12].b[3].c"), "a[].b[].c");
        assert!(steps_within("calendar.holidays[2].date", 10));
        assert!(!steps_within("calendar.holidays[99999999999].date", 10));
        assert!(!steps_within("calendar..date", 10));
        assert!(!steps_within("calendar[x]", 10));
    }
}
