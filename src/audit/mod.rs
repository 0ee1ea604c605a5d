//! Client audits. [`audit`] turns one profile into an audit checklist: a workbook to fill in at the
//! client (`audit.xlsx`, [`workbook`]) and the same rows as a printable document
//! (`audit-checklist.md` → PDF, DOCX). [`report`] reads the filled workbook back and writes the
//! audit report (`audit-report.md` → PDF, DOCX, and `audit-report.json`): conformity rates,
//! nonconformities with their corrective actions and deadlines, observations ([`report`] module).
//!
//! Both work in memory and return a [`Generated`] like `generate` does, written by
//! [`crate::pipeline::write`]; [`audit_each`] audits many profiles through the batch runner
//! ([`crate::pipeline::each`]). A `--templates` folder overrides the audit's templates by name,
//! as it does `generate`'s.
pub mod items;
pub mod report;
pub mod workbook;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::Engine;
use crate::batch;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::export::{self, Artifact, Format, Input, Page, Settings};
use crate::model::Checklist;
use crate::pipeline::{self, Generated, Output};
use crate::render::Renderer;
use items::{AuditItem, SYSTEM_STAGE, audit_items, chinese_date, deadline_rule};

/// The template of the printable audit checklist, and of the report.
pub use crate::render::{AUDIT_CHECKLIST as CHECKLIST_TEMPLATE, AUDIT_REPORT as REPORT_TEMPLATE};
/// The workbook's file name.
pub const WORKBOOK: &str = "audit.xlsx";

/// What `audit` and `audit report` are asked for, beyond the profile: `generate`'s options
/// (`month` unused). The date is the audit's (None: the filled workbook's, else
/// `SOURCE_DATE_EPOCH`, else today).
pub use crate::pipeline::Options;

/// What every profile of a run shares: the templates (built-in, overridden by `--templates`) and
/// the exporters of the printable documents (Markdown, PDF, DOCX).
struct Setup {
    renderer: Renderer,
    exporters: Vec<Box<dyn export::Exporter>>,
}

impl Setup {
    fn new(options: &Options) -> Result<Setup> {
        let pages: Vec<Format> = options
            .formats
            .iter()
            .copied()
            .filter(|f| matches!(f, Format::Md | Format::Pdf | Format::Docx))
            .collect();
        let settings = Settings {
            font: options.font.clone(),
        };
        Ok(Setup {
            renderer: Renderer::new(options.templates.as_deref())?,
            exporters: export::exporters(&pages, &settings)?,
        })
    }

    /// A [`Generated`] starting with the warnings about the user's templates.
    fn generated(&self) -> Generated {
        Generated {
            warnings: self.renderer.warnings.clone(),
            ..Generated::default()
        }
    }
}

/// One profile's audit, in memory.
struct Audited {
    checklist: Checklist,
    files: Vec<Artifact>,
    /// Warnings, each prefixed with the profile.
    warnings: Vec<String>,
    /// The audit's rows.
    rows: usize,
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
    let setup = Setup::new(options)?;
    let date = crate::checklist::document_date(options.date)?;
    let mut generated = setup.generated();
    let one = audit_one(engine, &setup, profile, date, &options.formats)?;
    generated.warnings.extend(one.warnings);
    generated
        .outputs
        .push(output(profile, out, one.files, one.rows));
    Ok(generated)
}

/// A batch: the audit of every profile written into `out/<file stem>/` on all cores, each
/// folder all or nothing, a failed profile not stopping the rest, then `out/index.md` (and
/// `index.pdf` with PDFs) naming every client (see [`pipeline::each`]). Returns the clients in
/// the order given, and the warnings that concern the run as a whole.
pub fn audit_each(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<(Vec<batch::Client>, Vec<String>)> {
    let setup = Setup::new(options)?;
    let date = crate::checklist::document_date(options.date)?;
    let mut warnings = setup.renderer.warnings.clone();
    let run = pipeline::Batch {
        out,
        index: &batch::AUDIT_INDEX,
        date,
        formats: &options.formats,
        font: options.font.as_deref(),
    };
    let clients = pipeline::each(profiles, &run, &mut warnings, |path| {
        let one = audit_one(engine, &setup, path, date, &options.formats)?;
        let done = batch::Done {
            items: one.rows,
            ..batch::Done::of(&one.checklist, one.warnings, Vec::new())
        };
        Ok((one.files, done))
    })?;
    Ok((clients, warnings))
}

/// The audit of one profile: the workbook, the printable checklist, and its JSON if asked for.
fn audit_one(
    engine: &Engine,
    setup: &Setup,
    profile: &Path,
    date: NaiveDate,
    formats: &[Format],
) -> Result<Audited> {
    let (checklist, rows) = load(engine, profile, date)?;
    let mut warnings = prefixed(profile, &checklist.warnings);
    let mut files = Vec::new();
    if formats.contains(&Format::Xlsx) {
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
    let (documents, exported) = documents(setup, &checklist, CHECKLIST_TEMPLATE, &extra)?;
    files.extend(documents);
    warnings.extend(prefixed(profile, &exported));
    if formats.contains(&Format::Json) {
        files.push(json(
            "audit-checklist.json",
            &serde_json::json!({ "rows": rows }),
        )?);
    }
    Ok(Audited {
        checklist,
        files,
        warnings,
        rows: rows.len(),
    })
}

/// The audit report of `profile` from the filled workbook `filled`.
pub fn report(
    engine: &Engine,
    profile: &Path,
    filled: &Path,
    out: &Path,
    options: &Options,
) -> Result<Generated> {
    let setup = Setup::new(options)?;
    let name = filled.display().to_string();
    let bytes = crate::input::read_bytes(filled, crate::input::MAX_ASSET_BYTES)?;
    let answers = workbook::read(&bytes, &name).map_err(invalid)?;
    let date = crate::checklist::document_date(options.date.or(answers.date))?;
    let (checklist, rows) = load(engine, profile, date)?;
    let mut generated = setup.generated();
    generated
        .warnings
        .extend(prefixed(profile, &checklist.warnings));
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
    let (mut files, warnings) = documents(&setup, &checklist, REPORT_TEMPLATE, &extra)?;
    generated.warnings.extend(prefixed(profile, &warnings));
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
    setup: &Setup,
    checklist: &Checklist,
    template: &str,
    extra: &serde_json::Value,
) -> Result<(Vec<Artifact>, Vec<String>)> {
    if setup.exporters.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let markdown = setup.renderer.render_with(template, checklist, extra)?;
    // The audit writes no records: the plan of the audit day is only there to complete the input.
    let plan = crate::forms::Plan::new(
        crate::forms::Span::Day(checklist.date),
        &crate::profile::calendar::Calendar::default(),
        checklist,
    );
    let input = Input {
        checklist,
        plan: &plan,
        pages: vec![Page::new(&markdown)],
    };
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for exporter in &setup.exporters {
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

/// Warnings about `profile`, each prefixed with it.
fn prefixed(profile: &Path, warnings: &[String]) -> Vec<String> {
    let prefix = profile.display();
    warnings.iter().map(|w| format!("{prefix}: {w}")).collect()
}

/// Problems in the filled workbook, reported together.
fn invalid(messages: Vec<String>) -> Error {
    Error::Invalid(Diagnostics(
        messages.into_iter().map(Diagnostic::new).collect(),
    ))
}
