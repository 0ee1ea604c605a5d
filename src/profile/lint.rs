//! A first pass over a profile's YAML tree, before serde builds the typed profile, so that `check`
//! reports every independent problem at once (serde stops at the first): unknown keys (against
//! the profile's JSON Schema, so the field list has one source), dates that are not YYYY-MM-DD or
//! do not exist (with the reason), text with control or line-separator characters (which could
//! inject lines into a document's front matter), and text longer than the limit. Each problem is
//! reported at file:line:col and taken out of the tree, so serde can go on and the catalog checks
//! of [`crate::profile`] run as well.
use serde_json::Value as Schema;
use serde_yaml_ng::Value;

use crate::error::{Diagnostic, did_you_mean};

/// Longest text field of a profile, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Keys a struct accepts but hides from the schema (a custom point's `when` condition).
const HIDDEN_KEYS: &[&str] = &["when"];

/// What the first pass found, and the tree with the faulty parts taken out.
pub struct Linted {
    pub problems: Vec<Diagnostic>,
    pub cleaned: Value,
}

/// The profile's JSON Schema as `riskctl schema profile` prints it, checked in beside this file
/// (editors can use it too): reading it is a tenth of the cost of generating it from the types,
/// and a test fails, with the command that brings it up to date, when the types change.
const SCHEMA_JSON: &str = include_str!("schema.json");

/// The profile's JSON Schema, read once per process ([`crate::pipeline::prepare`] reads it
/// ahead, as a task of the pool, before the profile is read).
pub fn schema() -> &'static Schema {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(SCHEMA_JSON).unwrap_or_else(|_| generated()))
}

/// The schema generated from the profile's types (what `riskctl schema profile` prints).
pub fn generated() -> Schema {
    // The schema's own value: serialising it again (as `to_value` would) only reorders
    // keywords, which the map sorts anyway.
    schemars::schema_for!(crate::profile::Profile).to_value()
}

/// Checks `value` (the whole profile) against the profile schema.
pub fn lint(value: Value, at: &dyn Fn(&str, String) -> Diagnostic) -> Linted {
    let root = schema();
    let mut lint = Lint {
        root,
        problems: Vec::new(),
        at,
    };
    let mut cleaned = value;
    lint.walk(&mut cleaned, Some(root), "");
    Linted {
        problems: lint.problems,
        cleaned,
    }
}

struct Lint<'a> {
    root: &'a Schema,
    problems: Vec<Diagnostic>,
    at: &'a dyn Fn(&str, String) -> Diagnostic,
}

impl<'a> Lint<'a> {
    /// The schema `s` stands for: `$ref` followed, the non-null branch of an optional.
    fn resolve(&self, mut s: &'a Schema) -> &'a Schema {
        for _ in 0..8 {
            if let Some(r) = s.get("$ref").and_then(Schema::as_str) {
                let name = r.trim_start_matches("#/$defs/");
                match self.root.get("$defs").and_then(|d| d.get(name)) {
                    Some(def) => s = def,
                    None => return s,
                }
            } else if let Some(branches) = s.get("anyOf").and_then(Schema::as_array) {
                match branches
                    .iter()
                    .find(|b| b.get("type").and_then(Schema::as_str) != Some("null"))
                {
                    Some(b) => s = b,
                    None => return s,
                }
            } else {
                return s;
            }
        }
        s
    }

    fn walk(&mut self, value: &mut Value, schema: Option<&'a Schema>, path: &str) {
        let schema = schema.map(|s| self.resolve(s));
        match value {
            Value::Mapping(map) => {
                let props = schema
                    .and_then(|s| s.get("properties"))
                    .and_then(Schema::as_object);
                let closed = schema
                    .and_then(|s| s.get("additionalProperties"))
                    .is_some_and(|a| a == &Schema::Bool(false));
                let mut unknown = Vec::new();
                for (key, child) in map.iter_mut() {
                    let Some(k) = key.as_str() else { continue };
                    let child_path = if path.is_empty() {
                        k.to_string()
                    } else {
                        format!("{path}.{k}")
                    };
                    match props.and_then(|p| p.get(k)) {
                        Some(sub) => self.walk(child, Some(sub), &child_path),
                        None if closed && !HIDDEN_KEYS.contains(&k) => {
                            let names: Vec<&str> = props
                                .map(|p| p.keys().map(String::as_str).collect())
                                .unwrap_or_default();
                            let hint = did_you_mean(k, names.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"))
                                .or_else(|| Some(format!("expected one of: {}", names.join(", "))));
                            let field = if path.is_empty() {
                                String::new()
                            } else {
                                format!("{path}: ")
                            };
                            let mut d =
                                (self.at)(&child_path, format!("{field}unknown field `{k}`"));
                            // Point at the key itself on its line, not at its value.
                            if let (Some(loc), Some(line)) =
                                (d.location.as_mut(), d.source_line.as_deref())
                                && let Some(i) = line.find(&format!("{k}:"))
                            {
                                loc.column = line[..i].chars().count() + 1;
                            }
                            self.problems.push(d.with_hint(hint));
                            unknown.push(key.clone());
                        }
                        None => self.walk(child, None, &child_path),
                    }
                }
                for key in unknown {
                    map.remove(&key);
                }
            }
            Value::Sequence(items) => {
                let item_schema = schema.and_then(|s| s.get("items"));
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, item_schema, &format!("{path}[{i}]"));
                }
            }
            Value::String(text) if wants(schema, "integer") || wants(schema, "number") => {
                self.problems.push(
                    (self.at)(path, format!("{path}: `{text}` is not a number"))
                        .with_hint(Some("write digits only, e.g. `staff: 300`".into())),
                );
                *value = Value::Null;
            }
            Value::String(text)
                if let Some(allowed) = schema
                    .and_then(|s| s.get("enum"))
                    .and_then(Schema::as_array) =>
            {
                let names: Vec<&str> = allowed.iter().filter_map(Schema::as_str).collect();
                if !names.contains(&text.as_str()) {
                    // A Chinese word is compared with the Chinese spellings, an ASCII one with
                    // the keys.
                    let alike: Vec<&str> = names
                        .iter()
                        .copied()
                        .filter(|n| n.is_ascii() == text.is_ascii())
                        .collect();
                    let hint = did_you_mean(text, alike.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("expected one of: {}", alike.join(", ")));
                    self.problems.push(
                        (self.at)(path, format!("{path}: unknown value `{text}`"))
                            .with_hint(Some(hint)),
                    );
                    // Stand in a known value, so that the other checks still run.
                    if let Some(first) = names.first() {
                        *text = (*first).to_string();
                    }
                }
            }
            Value::String(text) => {
                let is_date = schema
                    .and_then(|s| s.get("format"))
                    .and_then(Schema::as_str)
                    == Some("date");
                if let Err(message) = check_text(text) {
                    self.problems
                        .push((self.at)(path, format!("{path}: {message}")));
                    text.clear();
                }
                if is_date && let Err(message) = check_date(text) {
                    self.problems.push(
                        (self.at)(path, format!("{path}: {message}"))
                            .with_hint(Some("write dates as YYYY-MM-DD, e.g. 2027-06-30".into())),
                    );
                    *text = "2000-01-01".into();
                }
            }
            // A plain scalar where text is expected (`models: [3205]`): text, as serde reads it.
            Value::Number(_) | Value::Bool(_) if wants(schema, "string") => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                *value = Value::String(text);
            }
            _ => {}
        }
    }
}

/// Whether the schema's `type` is or includes `kind`.
fn wants(schema: Option<&Schema>, kind: &str) -> bool {
    schema
        .and_then(|s| s.get("type"))
        .is_some_and(|t| t == kind || t.as_array().is_some_and(|a| a.iter().any(|x| x == kind)))
}

/// Text a document can carry: no control characters (tab and line feed aside), no line or
/// paragraph separators (U+2028, U+2029, U+0085), no bidirectional overrides, not too long.
pub fn check_text(text: &str) -> Result<(), String> {
    let count = text.chars().count();
    if count > MAX_TEXT_CHARS {
        return Err(format!(
            "the text has {count} characters; the limit is {MAX_TEXT_CHARS}"
        ));
    }
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    });
    match bad {
        Some(c) => Err(format!(
            "the text contains the invisible character U+{:04X}; remove it (it can break the documents)",
            c as u32
        )),
        None => Ok(()),
    }
}

/// A date as YYYY-MM-DD that exists, or why not (in the reader's terms: 2月没有30日).
pub fn check_date(text: &str) -> Result<(), String> {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2) {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    let (y, m, d): (i32, u32, u32) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err(format!(
            "`{text}` is not a date: there is no month {m} (一年只有1–12月)"
        ));
    }
    if chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return Err(format!("`{text}` is not a date: {m}月没有{d}日"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_schema_is_the_one_the_types_generate() {
        let checked_in: Schema = serde_json::from_str(SCHEMA_JSON).expect("schema.json is JSON");
        assert!(
            checked_in == generated(),
            "src/profile/schema.json is out of date: \
             cargo run --release -- schema profile > src/profile/schema.json"
        );
    }

    #[test]
    fn dates_say_what_is_wrong() {
        assert!(check_date("2026-11-30").is_ok());
        assert!(
            check_date("2025-02-30")
                .unwrap_err()
                .contains("2月没有30日")
        );
        assert!(
            check_date("2025-02-29")
                .unwrap_err()
                .contains("2月没有29日")
        );
        assert!(check_date("2024-02-29").is_ok());
        assert!(
            check_date("2025-13-01")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(
            check_date("+262142-12-31")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(check_date("2025/01/01").unwrap_err().contains("YYYY-MM-DD"));
    }

    #[test]
    fn separators_and_controls_are_refused() {
        for bad in [
            "甲\u{2028}乙",
            "a\u{2029}",
            "a\u{85}b",
            "a\u{7}",
            "\u{202E}abc",
        ] {
            assert!(check_text(bad).is_err(), "{bad:?}");
        }
        assert!(check_text("多行\n文本\t").is_ok());
        assert!(check_text(&"长".repeat(MAX_TEXT_CHARS + 1)).is_err());
    }
}
