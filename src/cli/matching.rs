//! `riskctl match`: which catalog product is this name?
use std::io::BufRead;
use std::path::PathBuf;

use riskctl::error::{Error, Result};
use riskctl::model::LineMatch;
use riskctl::rules::matching::{Candidate, MatchResult, MatchStatus, Matcher};
use serde::Serialize;

/// One row of `match --json`.
#[derive(Serialize)]
struct MatchRow<'a> {
    input: &'a str,
    status: MatchStatus,
    product: Option<&'a str>,
    product_id: Option<&'a str>,
    category: Option<&'a str>,
    score: f64,
    /// Every candidate with its clues (the evidence, vetoes included).
    candidates: &'a [Candidate],
}

/// The names to match: arguments, with `-` read from stdin one a line.
fn inputs(names: Vec<String>) -> Result<Vec<String>> {
    let mut inputs = Vec::new();
    for name in names {
        if name != "-" {
            inputs.push(name);
            continue;
        }
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|source| Error::Read {
                path: "<stdin>".into(),
                source,
            })?;
            if !line.trim().is_empty() {
                inputs.push(line.trim().to_string());
            }
        }
    }
    Ok(inputs)
}

pub fn run(names: Vec<String>, layers: &[PathBuf], json: bool) -> Result<()> {
    // Without --json, what is printed (product ids and names) is all in the matcher's index: the
    // embedded catalog itself is not decoded.
    let engine = (json || !layers.is_empty())
        .then(|| super::engine(layers))
        .transpose()?;
    let builtin;
    let matcher = match engine {
        Some(engine) => &engine.matcher,
        None => {
            builtin = Matcher::builtin();
            &builtin
        }
    };
    let catalog = engine.map(|e| &e.catalog);
    // Names are independent: match them on every core, keep their order.
    let results: Vec<MatchResult> =
        riskctl::parallel_map(&inputs(names)?, |n| matcher.match_name(n, &[]));
    if !json {
        for r in results {
            out!("{}", r.input);
            super::print_match(&LineMatch::from(r), "  ")?;
        }
        return Ok(());
    }
    let rows: Vec<MatchRow> = results
        .iter()
        .map(|r| {
            let chosen = r.chosen().and_then(|c| catalog?.product(&c.product_id));
            MatchRow {
                input: &r.input,
                status: r.status,
                product: chosen.map(|p| p.name.as_str()),
                product_id: chosen.map(|p| p.id.as_str()),
                category: chosen.map(|p| p.category.as_str()),
                score: r.score(),
                candidates: &r.candidates,
            }
        })
        .collect();
    super::print_json(&rows)?;
    Ok(())
}
