//! `riskctl check`: validate profiles, report every problem.
use std::path::PathBuf;

use chrono::NaiveDate;
use riskctl::checklist::document_date;
use riskctl::error::{Diagnostic, Result};

pub fn run(profiles: &[PathBuf], layers: &[PathBuf], date: Option<NaiveDate>) -> Result<()> {
    let engine = super::engine(layers)?;
    let date = document_date(date)?;
    let mut failed = Vec::new();
    for path in profiles {
        match engine
            .profile(path)
            .and_then(|p| engine.checklist(&p, date).map(|c| (p, c)))
        {
            Ok((p, c)) => {
                super::warn_all(&c, path);
                for d in riskctl::profile::placeholders(&p.loaded) {
                    warn_at(&d);
                }
                out!(
                    "ok: {} — {} product lines, {} checklist items, {} warnings",
                    path.display(),
                    c.lines.len(),
                    c.item_count(),
                    c.warnings.len()
                );
            }
            Err(e) => {
                eprintln!("{e}");
                failed.push(path.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Diagnostic::new(format!(
            "{} of {} profiles invalid: {}",
            failed.len(),
            profiles.len(),
            failed.join(", ")
        ))
        .into())
    }
}

/// A warning at a place in the profile: `warning: FILE:LINE:COL: message`, then its hint.
fn warn_at(d: &Diagnostic) {
    match &d.location {
        Some(at) => eprintln!("warning: {at}: {}", d.message),
        None => eprintln!("warning: {}", d.message),
    }
    if let Some(hint) = &d.hint {
        eprintln!("  = help: {hint}");
    }
}
