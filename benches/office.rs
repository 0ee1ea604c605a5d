//! Times what `--format docx,xlsx` adds to `generate`, in process (no process start-up, no disk):
//! the median of RUNS calls of the library pipeline on PROFILE with `json` and with
//! `json,docx,xlsx`, and the size of each DOCX/XLSX file.
//!
//! `cargo bench --bench office -- PROFILE [RUNS]` (default: examples/consumer-goods.yaml, 30 runs).
mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{args, median};
use riskctl::Engine;
use riskctl::export::Format;
use riskctl::pipeline::{self, Generated, Options};

fn run(engine: &Engine, profile: &Path, formats: &[Format]) -> Generated {
    let options = Options {
        templates: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
        formats: formats.to_vec(),
        font: None,
        month: None,
    };
    pipeline::generate(engine, &[profile.to_path_buf()], Path::new("out"), &options)
        .expect("generate")
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let args = args();
    let profile = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("examples/consumer-goods.yaml"));
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(30);
    let engine = Engine::load(&[] as &[&str]).expect("catalog");
    let base = [Format::Json];
    let office = [Format::Json, Format::Docx, Format::Xlsx];
    run(&engine, &profile, &office);
    // Interleaved, so that a burst of load from elsewhere hits both alike.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        a.push(time_ms(|| drop(run(&engine, &profile, &base))));
        b.push(time_ms(|| drop(run(&engine, &profile, &office))));
    }
    let (a, b) = (median(a), median(b));
    println!(
        "{}: json {a:.1} ms, json+docx+xlsx {b:.1} ms, added {:.1} ms (median of {runs})",
        profile.display(),
        b - a
    );
    for file in &run(&engine, &profile, &office).outputs[0].files {
        if file.name.ends_with(".docx") || file.name.ends_with(".xlsx") {
            println!("  {:<22} {:>7} bytes", file.name, file.bytes.len());
        }
    }
}
