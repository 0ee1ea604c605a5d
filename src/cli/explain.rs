//! `riskctl explain`: why each checklist item is there.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use riskctl::Engine;
use riskctl::checklist::document_date;
use riskctl::error::Result;

pub fn run(path: &Path, layers: &[PathBuf], date: Option<NaiveDate>) -> Result<()> {
    let engine = Engine::load(layers)?;
    let valid = engine.profile(path)?;
    let checklist = engine.checklist(&valid, document_date(date)?)?;
    super::warn_all(&checklist, path);
    for line in &checklist.lines {
        out!("product line `{}`: {}", line.id, line.name);
        super::print_match(&line.matching, "  ")?;
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
        }
    }
    if !checklist.excluded.is_empty() {
        out!("\n## excluded");
        for e in &checklist.excluded {
            out!("  [{}] {} — {} ({})", e.id, e.point, e.reason, e.by);
        }
    }
    Ok(())
}
