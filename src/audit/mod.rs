//! Client audits. [`audit`] turns one profile into an audit checklist: a workbook to fill in at the
//! client (`audit.xlsx`, [`workbook`]) and the same rows as a printable document
//! (`audit-checklist.md` → PDF, DOCX). [`report`] reads the filled workbook back and writes the
//! audit report (`audit-report.md` → PDF, DOCX, and `audit-report.json`): conformity rates,
//! nonconformities with their corrective actions and deadlines, observations ([`report`] module).
//!
//! Both work in memory and return a [`Generated`] like `generate` does, written by
//! [`crate::pipeline::write`], so a batch runner can wrap them profile by profile.
pub mod items;
pub mod report;
pub mod workbook;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::Engine;
use crate::document::{Document, first_heading};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::export::{self, Artifact, Format, Input, Page, Settings};
use crate::model::Checklist;
use crate::pipeline::{Generated, Output};
use crate::render::Renderer;
use items::{AuditItem, SYSTEM_STAGE, audit_items, chinese_date, deadline_rule};

/// The template of the printable audit checklist, and of the report.
pub const CHECKLIST_TEMPLATE: &str = "audit-checklist.md";
pub const REPORT_TEMPLATE: &str = "audit-report.md";
/// The workbook's file name.
pub const WORKBOOK: &str = "audit.xlsx";

/// What `audit` and `audit report` are asked for, beyond the profile.
#[derive(Debug, Clone)]
pub struct Options {
    /// Audit date (None: the filled workbook's, else `SOURCE_DATE_EPOCH`, else today).
    pub date: Option<NaiveDate>,
    pub formats: Vec<Format>,
    /// `--font` for the PDFs.
    pub font: Option<String>,
}

/// A section of the printable checklist: the system items, or one product line's rows.
#[derive(Serialize)]
struct Section<'a> {
    title: String,
    rows: Vec<&'a AuditItem>,
}

/// What the audit checklist template reads under `audit`.
#[derive(Serialize)]
struct AuditContext<'a> {
    date_label: String,
    rows: &'a [AuditItem],
    sections: Vec<Section<'a>>,
    system_count: usize,
    checklist_count: usize,
    /// Checklist points audited under a system item.
    folded_count: usize,
    results: [&'static str; 4],
    deadline_rule: String,
    formula: &'static str,
}

/// The audit checklist of `profile` for the audit date: `audit.xlsx` and the printable checklist
/// in the other `formats`.
pub fn audit(engine: &Engine, profile: &Path, out: &Path, options: &Options) -> Result<Generated> {
    let date = crate::checklist::document_date(options.date)?;
    let (checklist, rows) = load(engine, profile, date)?;
    let mut generated = Generated::default();
    warn(&mut generated, profile, &checklist.warnings);
    let mut files = Vec::new();
    if options.formats.contains(&Format::Xlsx) {
        let bytes = workbook::workbook(&checklist, &rows).map_err(|e| Error::Office {
            format: "XLSX",
            document: WORKBOOK.into(),
            message: e.to_string(),
        })?;
        files.push(Artifact {
            name: WORKBOOK.into(),
            bytes,
        });
    }
    let context = AuditContext {
        date_label: chinese_date(date),
        rows: &rows,
        sections: sections(&rows),
        system_count: rows.iter().filter(|r| r.system).count(),
        checklist_count: rows.iter().filter(|r| !r.system).count(),
        folded_count: checklist.item_count() - rows.iter().filter(|r| !r.system).count(),
        results: workbook::RESULTS,
        deadline_rule: deadline_rule(),
        formula: report::FORMULA,
    };
    let extra = serde_json::json!({ "audit": context });
    let (documents, warnings) = documents(&checklist, CHECKLIST_TEMPLATE, &extra, options)?;
    files.extend(documents);
    warn(&mut generated, profile, &warnings);
    if options.formats.contains(&Format::Json) {
        files.push(json(
            "audit-checklist.json",
            &serde_json::json!({ "rows": rows }),
        )?);
    }
    generated
        .outputs
        .push(output(profile, out, files, rows.len()));
    Ok(generated)
}

/// The audit report of `profile` from the filled workbook `filled`.
pub fn report(
    engine: &Engine,
    profile: &Path,
    filled: &Path,
    out: &Path,
    options: &Options,
) -> Result<Generated> {
    let name = filled.display().to_string();
    let bytes = crate::input::read_bytes(filled, crate::input::MAX_ASSET_BYTES)?;
    let answers = workbook::read(&bytes, &name).map_err(invalid)?;
    let date = crate::checklist::document_date(options.date.or(answers.date))?;
    let (checklist, rows) = load(engine, profile, date)?;
    let mut generated = Generated::default();
    warn(&mut generated, profile, &checklist.warnings);
    if !answers.company.is_empty() && answers.company != checklist.company.name {
        return Err(invalid(vec![format!(
            "{name}: {}!B{}: the workbook audits `{}`, but {} is the profile of `{}`",
            workbook::SHEET,
            workbook::FACTS_ROW + 1,
            answers.company,
            profile.display(),
            checklist.company.name
        )]));
    }
    let mut errors = Vec::new();
    for a in &answers.answers {
        if !rows.iter().any(|r| r.key == a.key) {
            let hint = crate::error::did_you_mean(&a.key, rows.iter().map(|r| r.key.as_str()))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            errors.push(format!(
                "{name}: {}: row id `{}` is not on the audit checklist of {} for {date}{hint}",
                a.id_cell,
                a.key,
                profile.display()
            ));
        }
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let matched: Vec<_> = rows
        .iter()
        .map(|r| answers.answers.iter().find(|a| a.key == r.key))
        .collect();
    for (row, answer) in rows.iter().zip(&matched) {
        if answer.is_none() {
            generated.warnings.push(format!(
                "{name}: 序号 {} ({}) is not in the workbook: counted as not checked",
                row.no, row.point
            ));
        }
    }
    let file = filled
        .file_name()
        .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
    let report = report::report(&rows, &matched, date, &file);
    for w in &report.warnings {
        generated.warnings.push(format!("{name}: {w}"));
    }
    let extra = serde_json::json!({ "report": report });
    let (mut files, warnings) = documents(&checklist, REPORT_TEMPLATE, &extra, options)?;
    warn(&mut generated, profile, &warnings);
    if options.formats.contains(&Format::Json) {
        let value = serde_json::json!({
            "company": checklist.company.name,
            "credit_code": checklist.company.credit_code,
            "generator": checklist.generator,
            "report": report,
        });
        files.push(json("audit-report.json", &value)?);
    }
    generated
        .outputs
        .push(output(profile, out, files, rows.len()));
    Ok(generated)
}

/// The profile's checklist for `date` and the rows of its audit.
fn load(engine: &Engine, profile: &Path, date: NaiveDate) -> Result<(Checklist, Vec<AuditItem>)> {
    let valid = engine.profile(profile)?;
    let checklist = engine.checklist(&valid, date)?;
    let rows = audit_items(&checklist);
    Ok((checklist, rows))
}

/// The system items, then one section per product line in checklist order.
fn sections(rows: &[AuditItem]) -> Vec<Section<'_>> {
    let mut sections: Vec<Section> = Vec::new();
    for row in rows {
        let title = if row.system {
            format!("{SYSTEM_STAGE}（市场监管总局令第75号）")
        } else {
            row.line.clone()
        };
        match sections.iter_mut().find(|s| s.title == title) {
            Some(s) => s.rows.push(row),
            None => sections.push(Section {
                title,
                rows: vec![row],
            }),
        }
    }
    sections
}

/// Renders `template` and exports it in the page formats asked for (Markdown, PDF, DOCX).
fn documents(
    checklist: &Checklist,
    template: &str,
    extra: &serde_json::Value,
    options: &Options,
) -> Result<(Vec<Artifact>, Vec<String>)> {
    let formats: Vec<Format> = options
        .formats
        .iter()
        .copied()
        .filter(|f| matches!(f, Format::Md | Format::Pdf | Format::Docx))
        .collect();
    if formats.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let markdown = Renderer::new(None)?.render_with(template, checklist, extra)?;
    let text = String::from_utf8_lossy(&markdown.bytes);
    let document = Document::parse(&text).map_err(|message| Error::Pdf {
        document: first_heading(&text).unwrap_or_else(|| template.to_string()),
        message,
    })?;
    // The audit writes no records: the plan of the audit day is only there to complete the input.
    let plan = crate::forms::Plan::new(
        crate::forms::Span::Day(checklist.date),
        &crate::profile::calendar::Calendar::default(),
        checklist,
    );
    let input = Input {
        checklist,
        plan: &plan,
        pages: vec![Page {
            markdown: &markdown,
            document: &document,
        }],
    };
    let settings = Settings {
        font: options.font.clone(),
    };
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for exporter in export::exporters(&formats, &settings)? {
        let exported = exporter.export(&input)?;
        files.extend(exported.files);
        warnings.extend(exported.warnings);
    }
    Ok((files, warnings))
}

fn json(name: &str, value: &serde_json::Value) -> Result<Artifact> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Office {
        format: "JSON",
        document: name.into(),
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(Artifact {
        name: name.into(),
        bytes,
    })
}

fn output(profile: &Path, out: &Path, files: Vec<Artifact>, items: usize) -> Output {
    Output {
        profile: profile.to_path_buf(),
        dir: out.to_path_buf(),
        folder: None,
        files,
        items,
    }
}

fn warn(generated: &mut Generated, profile: &Path, warnings: &[String]) {
    let prefix = profile.display();
    for w in warnings {
        generated.warnings.push(format!("{prefix}: {w}"));
    }
}

/// Problems in the filled workbook, reported together.
fn invalid(messages: Vec<String>) -> Error {
    Error::Invalid(Diagnostics(
        messages.into_iter().map(Diagnostic::new).collect(),
    ))
}
