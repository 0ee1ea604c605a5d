//! Fuzz-style: mutated example profiles through `generate`. Each run exits 0 or 1 (never a panic),
//! writes nothing outside `--out`, and leaves either the full set of files or nothing at all.
use std::time::Instant;

use crate::common::{examples, riskctl};
use crate::hostile::tree;

/// Hostile fragments spliced into the profiles.
const FRAGMENTS: &[&str] = &[
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{0}",
    "\u{7}",
    "{",
    "}",
    "[",
    ":",
    "- ",
    "\"",
    "'",
    "\n",
    "\t",
    "&a ",
    "*a",
    "!!binary ",
    "2025-02-30",
    "+262142-12-31",
    "9999-12-31",
    "99999999999999999999",
    "..",
    "../",
    "电",
    "｜",
    "{{ 1 }}",
    "{% raw %}",
    "---\n",
    "<<: *a",
    "#",
];

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let bounds: Vec<usize> = if out.len() == text.len() {
            bounds.clone()
        } else {
            out.char_indices()
                .map(|(i, _)| i)
                .chain([out.len()])
                .collect()
        };
        let a = bounds[rng.below(bounds.len())];
        let b = bounds[(bounds.iter().position(|&x| x == a).unwrap_or(0) + rng.below(12))
            .min(bounds.len() - 1)];
        match rng.below(4) {
            0 => out.replace_range(a..b, FRAGMENTS[rng.below(FRAGMENTS.len())]),
            1 => out.insert_str(a, FRAGMENTS[rng.below(FRAGMENTS.len())]),
            2 => out.replace_range(a..b, ""),
            _ => out.truncate(a),
        }
    }
    out
}

const EXPECTED: [&str; 6] = [
    "batch-record-2026-11-30.md",
    "checklist.json",
    "checklist.md",
    "daily-record-2026-11-30.md",
    "monthly-minutes-2026-11.md",
    "weekly-report-2026-W49.md",
];

fn one_case(n: usize, base: &str, rng: &mut Rng) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let names = [
        "p.yaml",
        "..yaml",
        "...yaml",
        ".riskctl-staging-x.yaml",
        "a b.yaml",
    ];
    let name = names[rng.below(names.len())];
    std::fs::write(root.join(name), mutate(base, rng)).unwrap();
    std::fs::write(root.join("good.yaml"), base).unwrap();
    let before = tree(root);
    let out = riskctl()
        .current_dir(root)
        .args([
            "generate",
            "--format",
            "md,json",
            "--date",
            "2026-11-30",
            "--out",
            "out",
            name,
            "good.yaml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "case {n}: exit {code:?}\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "case {n}: {stderr}");
    let outside: Vec<String> = tree(root)
        .into_iter()
        .filter(|p| p != "out" && !p.starts_with("out/"))
        .collect();
    assert_eq!(outside, before, "case {n}: files outside --out");
    let inside = tree(&root.join("out"));
    // A batch: the profile that failed has no folder, the other has a complete one.
    let folders: Vec<&String> = inside
        .iter()
        .filter(|p| !p.contains('/') && *p != "index.md")
        .collect();
    assert_eq!(
        folders.len(),
        if code == Some(1) { 1 } else { 2 },
        "case {n}: {inside:?}"
    );
    for f in folders {
        let files: Vec<String> = tree(&root.join("out").join(f));
        assert_eq!(files, EXPECTED, "case {n}: partial set in {f}");
    }
}

#[test]
fn mutated_profiles_never_panic_escape_or_leave_partial_output() {
    let started = Instant::now();
    let bases: Vec<String> = examples()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    const PER_EXAMPLE: usize = 40;
    std::thread::scope(|scope| {
        for (i, base) in bases.iter().enumerate() {
            scope.spawn(move || {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
                for n in 0..PER_EXAMPLE {
                    one_case(i * PER_EXAMPLE + n, base, &mut rng);
                }
            });
        }
    });
    eprintln!(
        "{} mutated cases in {:.1?}",
        bases.len() * PER_EXAMPLE,
        started.elapsed()
    );
}
