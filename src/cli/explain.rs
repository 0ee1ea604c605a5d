//! `riskctl explain`: why each checklist item is there.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use riskctl::checklist::document_date;
use riskctl::error::Result;
use riskctl::facts::FactSource;

pub fn run(path: &Path, layers: &[PathBuf], date: Option<NaiveDate>) -> Result<()> {
    let engine = super::engine(layers)?;
    let valid = engine.profile(path)?;
    let checklist = engine.checklist(&valid, document_date(date)?)?;
    super::warn_all(&checklist, path);
    for line in &checklist.lines {
        out!("product line `{}`: {}", line.id, line.name);
        super::print_match(&line.matching, "  ")?;
        for f in &line.facts {
            out!(
                "  fact {} = {} — {}",
                f.id,
                if f.value { "是" } else { "否" },
                f.question
            );
            out!("       {}", fact_source(&f.source));
        }
    }
    for group in &checklist.groups {
        out!("\n## {}", group.title);
        for item in &group.items {
            let p = &item.provenance;
            out!("{:>3}. [{}] {} — {}", item.no, item.id, item.point, p.label);
            if let Some(at) = &p.defined_at {
                out!("       defined at {at}");
            }
            for a in &p.adjustments {
                out!("       {a}");
            }
            for f in &p.facts {
                out!("       applies: {f}");
            }
            for m in &p.merged {
                out!("       merged: {m}");
            }
        }
    }
    if !checklist.excluded.is_empty() {
        out!("\n## excluded");
        for e in &checklist.excluded {
            let line = e.line.as_deref().unwrap_or("company");
            out!("  {line}: [{}] {} — {} ({})", e.id, e.point, e.reason, e.by);
        }
    }
    Ok(())
}

fn fact_source(source: &FactSource) -> String {
    match source {
        FactSource::Product => "fixed by the catalog product".to_string(),
        FactSource::Answered => "answered in the profile".to_string(),
        FactSource::Detected { word } => format!("detected: 依据“{word}”"),
        FactSource::Assumed => "not answered: the question's default is assumed".to_string(),
    }
}
