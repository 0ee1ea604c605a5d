//! Typesetting through the CLI: a narrow page never splits a person's name of the profile, a
//! standard number or a model code across lines (issue 10, item 6).
use std::process::Command;

use crate::common::{Case, example};

/// The text of a PDF as `pdftotext -layout` reads it, line by line (None without poppler).
fn pdf_lines(pdf: &std::path::Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

#[test]
fn a_narrow_page_never_splits_names_standard_numbers_or_model_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("templates");
    // A page about 13 characters wide; each paragraph shifts the units by one character, so that
    // plain UAX #14 breaking would split some of them.
    let mut template =
        String::from("---\npaper: 62x200\nmargins: 6\nheader: \"\"\n---\n\n# 复核\n\n");
    for k in 0..13 {
        template.push_str(&format!(
            "{}总监{{{{ people.director.name }}}}与负责人{{{{ people.principal.name }}}}依据GB/T 4706.1-2024复核JZT-2(12T)。\n\n",
            "检".repeat(k)
        ));
    }
    std::fs::write(templates.join("checklist.md"), template).expect("template");
    let out = dir.path().join("out");
    Case::new(&[
        "generate",
        "--format",
        "pdf",
        "--date",
        "2026-11-30",
        "--templates",
    ])
    .arg(&templates)
    .arg("--out")
    .arg(&out)
    .arg(example("consumer-goods.yaml"))
    .run();
    let Some(lines) = pdf_lines(&out.join("checklist.pdf")) else {
        eprintln!("pdftotext not installed: skipped");
        return;
    };
    let text = lines.join("\n");
    for unit in ["黄丽萍", "林志强", "GB/T 4706.1-2024", "JZT-2(12T)"] {
        assert_eq!(
            text.matches(unit).count(),
            13,
            "{unit} split across lines:\n{text}"
        );
    }
    // The page is narrow indeed: every paragraph takes several lines.
    assert!(lines.len() >= 13 * 3, "{text}");
}
