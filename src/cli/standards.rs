//! `riskctl standards`: the standards a profile (or the whole catalog) cites, the edition in
//! force on the date, its status and the changes of edition around that date.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use riskctl::checklist::document_date;
use riskctl::declared;
use riskctl::error::{Error, Result};
use riskctl::standards::{Cited, Phase, Registry, catalog_texts, checklist_texts, survey};
use serde::Serialize;

/// What `--json` prints.
#[derive(Serialize)]
struct Report {
    date: NaiveDate,
    /// The profile surveyed; `None` for the whole catalog.
    profile: Option<String>,
    standards: Vec<Cited>,
}

pub fn run(
    profile: Option<&Path>,
    layers: &[PathBuf],
    date: Option<NaiveDate>,
    json: bool,
) -> Result<()> {
    let engine = super::engine(layers)?;
    let date = document_date(date)?;
    let registry = Registry::embedded().map_err(|e| Error::Standards(e.to_string()))?;
    let standards = match profile {
        Some(path) => {
            let valid = engine.profile(path)?;
            // The checklist before the standards pass: the citations as the catalog makes them.
            let checklist =
                riskctl::checklist::resolve(&engine.catalog, &engine.matcher, &valid, date)?;
            let lines = declared(&valid);
            let mut texts = checklist_texts(&checklist);
            texts.extend(
                lines
                    .iter()
                    .flat_map(|d| d.standards.iter().map(String::as_str)),
            );
            survey(texts, registry, date)
        }
        None => survey(catalog_texts(&engine.catalog), registry, date),
    };
    let report = Report {
        date,
        profile: profile.map(|p| p.display().to_string()),
        standards,
    };
    if json {
        super::print_json(&report)?;
    } else {
        print_text(&report);
    }
    Ok(())
}

/// The report as text, written at once (a closed pipe, as with `| head`, ends the output quietly).
fn print_text(report: &Report) {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let mut out = String::new();
    let rows = &report.standards;
    // Citations that name an old edition on purpose (a change-over point) are counted apart.
    let count = |label: &str| {
        rows.iter()
            .filter(|r| r.status_label == label && !r.pinned)
            .count()
    };
    let pinned = rows.iter().filter(|r| r.pinned).count();
    let changing = rows.iter().filter(|r| !r.changes.is_empty()).count();
    let _ = writeln!(
        out,
        "{}（{}）：{} 项标准；现行 {}，已被替代 {}，有意引用某版 {}，即将实施 {}，未注明年份 {}，未登记 {}；换版窗口内 {}",
        report.profile.as_deref().unwrap_or("目录全部引用"),
        report.date,
        rows.len(),
        count("现行"),
        count("已被替代"),
        pinned,
        count("即将实施"),
        count("未注明年份"),
        count("未登记"),
        changing
    );
    for r in rows {
        let mut line = format!("{}  {}", r.cited, r.status_label);
        if let Some(f) = r.in_force.as_ref().filter(|f| **f != r.cited) {
            line.push_str(&format!(" → {f}"));
            if let Some(since) = r.since {
                line.push_str(&format!("（{since} 起）"));
            }
        }
        if !r.also.is_empty() {
            line.push_str(&format!("（同时适用 {}）", r.also.join("、")));
        }
        if r.deliberately_undated {
            line.push_str("（有意引用现行版）");
        }
        if r.pinned {
            line.push_str("（有意引用该版本）");
        }
        if let Some(problem) = &r.problem {
            line.push_str(&format!("：{problem}"));
        }
        line.push_str(&format!("  ×{}", r.citations));
        if let Some(title) = &r.title {
            line.push_str(&format!("  {title}"));
        }
        let _ = writeln!(out, "{line}");
        for t in &r.changes {
            let to: Vec<String> = t.change.to.iter().map(ToString::to_string).collect();
            let phase = match t.phase {
                Phase::Upcoming => "即将实施",
                Phase::Recent => "新近实施",
                Phase::Ongoing => "过渡期",
            };
            let _ = writeln!(
                out,
                "    换版 {} → {}：{} {}",
                t.change.from,
                to.join("、"),
                t.change.effective,
                phase
            );
            for m in &t.change.milestones {
                let _ = writeln!(out, "      {} {}", m.date, m.event);
            }
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
