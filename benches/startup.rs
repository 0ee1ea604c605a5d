//! Times what every `riskctl` run pays before its own work: loading the embedded catalog, loading
//! the matcher from the index the build script made (beside indexing the catalog now, as a run
//! with catalog layers does), parsing the standards registry, and then matching one name.
//!
//! `cargo bench --bench startup -- [RUNS]` (default 21) prints the median of each step, in
//! milliseconds. Each run loads the catalog and builds the index anew; the embedded registry is
//! kept after its first use, so that is timed once, beside a parse of its YAML for comparison.
mod common;

use std::time::Instant;

use common::{args, median};
use riskctl::catalog::Catalog;
use riskctl::rules::matching::Matcher;

fn time<R>(samples: &mut Vec<f64>, f: impl FnOnce() -> R) -> R {
    let t = Instant::now();
    let r = f();
    samples.push(t.elapsed().as_secs_f64() * 1e3);
    r
}

fn main() {
    // The pool as the CLI builds it: this thread is one of its workers.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    let runs: usize = args().iter().find_map(|a| a.parse().ok()).unwrap_or(21);
    let registry_yaml = include_str!("../catalog/standards/registry.yaml");
    let t = Instant::now();
    riskctl::standards::Registry::embedded().expect("registry");
    let first = t.elapsed().as_secs_f64() * 1e3;
    println!("{:<26} {first:8.3} ms (once)", "standards registry (blob)");
    let steps = [
        "catalog",
        "matcher (compiled index)",
        "matcher (indexed now)",
        "standards registry (YAML)",
        "match one name",
    ];
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    for _ in 0..runs {
        let catalog = time(&mut samples[0], || Catalog::builtin().expect("catalog"));
        let matcher = time(&mut samples[1], Matcher::builtin);
        time(&mut samples[2], || Matcher::new(&catalog));
        time(&mut samples[3], || {
            riskctl::standards::Registry::parse("registry", registry_yaml).expect("registry")
        });
        time(&mut samples[4], || matcher.search("电热水壶").len());
    }
    for (step, s) in steps.iter().zip(samples) {
        println!("{step:<26} {:8.3} ms (median of {runs})", median(s));
    }
}
