//! `generate` over many profiles: every good profile written even when one fails, exit 1, a
//! summary naming the failure, an index linking the clients, no progress bar off a terminal.
use std::path::Path;

use super::common::{example, generate};

fn copy(from: &str, to: &Path) {
    std::fs::copy(example(from), to).unwrap();
}

#[test]
fn a_broken_profile_fails_alone_and_the_index_links_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients");
    std::fs::create_dir(&clients).unwrap();
    copy("cable-maker.yaml", &clients.join("a.yaml"));
    std::fs::write(clients.join("b.yaml"), "company:\n  name: [未闭合\n").unwrap();
    copy("food-plastics.yaml", &clients.join("c.yaml"));
    std::fs::write(clients.join("notes.txt"), "not a profile").unwrap();
    let ran = generate("md,pdf,json", "out")
        .arg("clients")
        .current_dir(dir.path())
        .code(1)
        .run();
    let out = dir.path().join("out");
    for good in ["a", "c"] {
        for file in ["checklist.md", "checklist.pdf", "checklist.json"] {
            assert!(out.join(good).join(file).is_file(), "{good}/{file}");
        }
    }
    assert!(!out.join("b").exists(), "nothing of the broken client");
    // The summary, and the YAML error with its location.
    ran.says("summary: 3 profiles, 2 written, 1 failed")
        .says("clients/b.yaml failed:")
        .says("clients/b.yaml:3:")
        .says("1 of 3 profiles failed");
    let err = &ran.stderr;
    // Each client's line: items, warnings, expiring certificates.
    let line_a = err
        .lines()
        .find(|l| l.trim_start().starts_with("a "))
        .unwrap();
    assert!(line_a.contains("ok: "), "{line_a}");
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(index.contains("](a/checklist.md)"), "{index}");
    assert!(index.contains("](c/checklist.pdf)"), "{index}");
    assert!(index.contains("生成失败："), "{index}");
    assert!(
        index.contains("共 3 家企业，已生成 2 家，失败 1 家"),
        "{index}"
    );
    assert!(out.join("index.pdf").is_file());
    // No progress bar when stderr is not a terminal.
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("3/3 profiles"), "{err}");
}

#[test]
fn a_batch_that_succeeds_exits_zero_with_one_line_per_client() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    generate("json", &out)
        .arg(example("cable-maker.yaml"))
        .arg(example("ebike-maker.yaml"))
        .run()
        .says("2 profiles, 2 written, 0 failed");
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(index.contains("](ebike-maker/checklist.json)"), "{index}");
    assert!(!out.join("index.pdf").exists(), "no PDF index without PDFs");
}
