//! Times `riskctl::pdf::typeset` on Markdown files (the documents `riskctl generate` writes).
//!
//! `cargo bench --bench pdf -- DIR [RUNS] [OUT]`: typesets every `*.md` in DIR RUNS times (default
//! 15) and prints the median wall time per document and for all of them together; with OUT, also
//! writes the PDFs there. Without DIR it renders the built-in templates for the starter profile.
mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{args, median};
use riskctl::pdf::{DocumentInfo, PdfFont, typeset, typeset_all};

fn main() {
    let args = args();
    let dir = args.first().map(PathBuf::from);
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(15);
    let out = args.get(2).map(PathBuf::from);
    let Some(dir) = dir else {
        eprintln!("usage: cargo bench --bench pdf -- DIR [RUNS] [OUT]");
        return;
    };
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    let texts: Vec<(String, String)> = docs
        .iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).expect("utf-8 Markdown"),
            )
        })
        .collect();

    let t = Instant::now();
    let font = PdfFont::builtin().expect("built-in font");
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("font load (once per process): {load_ms:.1} ms");

    let info = |name: &str| DocumentInfo {
        title: name.to_string(),
        author: "bench".into(),
        subject: String::new(),
        creator: "riskctl bench".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    };
    let mut totals = Vec::new();
    let mut per_doc: Vec<Vec<f64>> = vec![Vec::new(); texts.len()];
    let mut sizes = vec![(0usize, 0usize); texts.len()];
    for _ in 0..runs {
        let all = Instant::now();
        for (i, (name, text)) in texts.iter().enumerate() {
            let t = Instant::now();
            let doc = typeset(text, &info(name), &font).expect("typeset");
            per_doc[i].push(t.elapsed().as_secs_f64() * 1e3);
            sizes[i] = (doc.bytes.len(), doc.pages);
            if let Some(out) = &out {
                std::fs::create_dir_all(out).expect("output dir");
                std::fs::write(Path::new(out).join(format!("{name}.pdf")), &doc.bytes)
                    .expect("write");
            }
        }
        totals.push(all.elapsed().as_secs_f64() * 1e3);
    }
    let infos: Vec<DocumentInfo> = texts.iter().map(|(name, _)| info(name)).collect();
    let batch: Vec<(&str, &DocumentInfo)> = texts
        .iter()
        .zip(&infos)
        .map(|((_, text), info)| (text.as_str(), info))
        .collect();
    let mut parallel = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        for result in typeset_all(&batch, &font) {
            result.expect("typeset");
        }
        parallel.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for (i, (name, _)) in texts.iter().enumerate() {
        println!(
            "{name:<20} median {:7.2} ms  {:3} pages  {:8} bytes",
            median(per_doc[i].clone()),
            sizes[i].1,
            sizes[i].0
        );
    }
    println!(
        "all {} documents: median {:.2} ms over {runs} runs ({} bytes in all)",
        texts.len(),
        median(totals),
        sizes.iter().map(|s| s.0).sum::<usize>()
    );
    println!(
        "all {} documents with typeset_all ({} threads): median {:.2} ms",
        texts.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        median(parallel)
    );
}
