//! Hostile input and faults (issue 7): nothing is written outside `--out`, output is all or
//! nothing, no panic reaches the user, work is bounded, and output does not depend on how a
//! path was spelled.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{Case, example, generate, layer_error, riskctl, write_layer};

/// Every file under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            all.push(p.strip_prefix(dir).unwrap().display().to_string());
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            }
        }
    }
    all.sort();
    all
}

fn cable() -> PathBuf {
    example("cable-maker.yaml")
}

#[test]
fn planted_links_at_temporary_names_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    // The next process ids are likely the run's: plant a link at each old temporary name.
    let next = std::process::Command::new("true").spawn().unwrap().id();
    for pid in next..next + 300 {
        for name in ["checklist.md", "checklist.json"] {
            let link = out.join(format!(".{name}.riskctl-{pid}.tmp"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
    }
    generate("md,json", &out).arg(cable()).run();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn output_folders_stay_inside_out_and_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(inputs.join(sub)).unwrap();
    }
    let text = std::fs::read_to_string(cable()).unwrap();
    for p in ["...yaml", "..yaml", "a/p.yaml", "b/p.yaml"] {
        std::fs::write(inputs.join(p), &text).unwrap();
    }
    let out = dir.path().join("top/out");
    generate("json", &out)
        .args(&["in/...yaml", "in/..yaml", "in/a/p.yaml", "in/b/p.yaml"])
        .current_dir(dir.path())
        .run()
        .says("is taken by an earlier profile");
    let folders: Vec<String> = tree(&out)
        .into_iter()
        .filter(|p| !p.contains('/'))
        .collect();
    assert_eq!(folders, ["index.md", "p", "p-2", "profile", "profile-2"]);
    assert_eq!(tree(&dir.path().join("top")).len(), 1 + 1 + 4 * 2);
}

#[test]
fn a_failed_write_leaves_out_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("checklist.json")).unwrap();
    std::fs::write(out.join("checklist.md"), "mine").unwrap();
    // A staging folder a killed run left behind, and one of the user's own dot-folders.
    std::fs::create_dir_all(out.join(".riskctl-staging-dead/new")).unwrap();
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(out.join(".riskctl-staging-dead"))
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    std::fs::create_dir_all(out.join(".keep")).unwrap();
    let before = tree(&out);
    generate("md,json", &out)
        .arg(cable())
        .code(1)
        .run()
        .says("is a folder");
    let after = tree(&out);
    let expected: Vec<&String> = before
        .iter()
        .filter(|p| !p.starts_with(".riskctl-staging-"))
        .collect();
    assert_eq!(after.iter().collect::<Vec<_>>(), expected);
    assert_eq!(
        std::fs::read_to_string(out.join("checklist.md")).unwrap(),
        "mine"
    );
}

#[test]
fn dates_out_of_range_are_refused_without_panic() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().to_str().unwrap();
    for args in [
        vec![
            "generate",
            "--date",
            "+262142-12-31",
            "--format",
            "json",
            "--out",
            target,
        ],
        vec!["check", "--date", "+262142-12-31"],
        vec!["explain", "--date=-0001-12-31"],
    ] {
        Case::new(&args)
            .arg(cable())
            .code(2)
            .run()
            .says("0000 to 9999");
    }
    for epoch in ["8210266876799", "-8334601228800", "253402300800"] {
        let out = riskctl()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check"])
            .arg(cable())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{epoch}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(tree(out.path()).is_empty());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let names: String = (0..20_000).map(|i| format!("电线电缆 {i}\n")).collect();
    std::fs::write(dir.path().join("names.txt"), names).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("riskctl");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' match - < names.txt | head -1", bin.display()))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "电线电缆 0\n");
}

#[test]
fn a_damaged_font_is_reported_without_panic_text() {
    let dir = tempfile::tempdir().unwrap();
    let font = std::fs::read(crate::common::root().join("fonts/NotoSansCJKsc-Regular.subset.ttf"))
        .unwrap();
    for (n, at) in [0.0001, 0.001, 0.01, 0.05, 0.3, 0.6]
        .into_iter()
        .enumerate()
    {
        let mut bad = font.clone();
        let i = (bad.len() as f64 * at) as usize;
        bad[i] ^= 0xFF;
        let path = dir.path().join(format!("bad{n}.otf"));
        std::fs::write(&path, &bad).unwrap();
        let out = riskctl()
            .args([
                "generate",
                "--format",
                "pdf",
                "--date",
                "2026-11-30",
                "--out",
            ])
            .arg(dir.path().join(format!("out{n}")))
            .arg("--font")
            .arg(&path)
            .arg(cable())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{stderr}"
        );
        if out.status.code() == Some(1) {
            assert!(stderr.contains(&format!("bad{n}.otf")), "{stderr}");
        }
    }
}

#[test]
fn non_regular_and_oversized_inputs_are_refused_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [vec!["check"], vec!["check", "--catalog"]] {
        let mut cmd = riskctl();
        cmd.args(&args).arg(&fifo);
        if args.len() == 2 {
            cmd.arg(cable());
        }
        cmd.timeout(Duration::from_secs(20))
            .assert()
            .code(1)
            .stderr(predicates::str::contains("not a regular file"));
    }
    let deep = format!(
        "company: {}1{}\n",
        "{a: ".repeat(125_000),
        "}".repeat(125_000)
    );
    std::fs::write(dir.path().join("deep.yaml"), deep).unwrap();
    let started = Instant::now();
    Case::new(&["check"])
        .arg(dir.path().join("deep.yaml"))
        .code(1)
        .run();
    assert!(started.elapsed() < Duration::from_secs(5));
    let big = format!("company:\n  name: {}\n", "甲".repeat(400_000));
    std::fs::write(dir.path().join("big.yaml"), big).unwrap();
    Case::new(&["check"])
        .arg(dir.path().join("big.yaml"))
        .code(1)
        .run()
        .says("larger than the limit");
}

#[test]
fn catalog_folders_with_link_loops_load() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("layer");
    std::fs::create_dir(&layer).unwrap();
    std::os::unix::fs::symlink(&layer, layer.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path(), layer.join("up")).unwrap();
    riskctl()
        .args(["catalog", "search", "电线", "--catalog"])
        .arg(&layer)
        .timeout(Duration::from_secs(20))
        .assert()
        .success();
}

#[test]
fn repeated_families_and_ids_in_one_file_are_catalog_errors() {
    let twice = layer_error(
        "products:\n  - id: wire-x\n    name: 测试线\n    category: 电工\n    licence: false\n    ccc: false\n    level: 低\n    families: [wire-cable, wire-cable]\n",
    );
    assert!(twice.contains("names family `wire-cable` twice"), "{twice}");
    let dup =
        layer_error("general:\n  - id: my-point\n    point: 甲\n  - id: my-point\n    point: 乙\n");
    assert!(dup.contains("`my-point` is defined twice"), "{dup}");
    assert!(dup.contains("extra.yaml:4:"), "{dup}");
}

#[test]
fn init_into_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    Case::new(&["init", "x/"])
        .current_dir(dir.path())
        .code(1)
        .run()
        .says("is a folder");
    assert!(tree(dir.path()).is_empty());
    Case::new(&["init", "x/p.yaml"])
        .current_dir(dir.path())
        .code(1)
        .run();
    std::fs::create_dir(dir.path().join("x")).unwrap();
    Case::new(&["init", "x/p.yaml"])
        .current_dir(dir.path())
        .run();
    assert_eq!(tree(dir.path()), ["x", "x/p.yaml"]);
}

#[test]
fn a_template_that_names_no_document_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("chekclist.md"), "# 清单\n").unwrap();
    generate_md_with(&templates, &dir.path().join("out"))
        .run()
        .says("did you mean `checklist.md`?");
}

#[test]
fn output_does_not_depend_on_how_paths_are_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    write_layer(
        &root.join("sub"),
        "extra.yaml",
        "general:\n  - id: my-point\n    stage: management\n    point: 甲\n    hazard: 乙\n    measures: [丙]\n    frequency: daily\n    owner: officer\n    basis: 丁\n",
    );
    let font = crate::common::root().join("fonts/NotoSansCJKsc-Regular.subset.ttf");
    std::fs::copy(&font, root.join("sub/font.otf")).unwrap();
    let run = |out: &str, catalog: PathBuf, font: PathBuf| {
        generate("pdf,json", out)
            .arg("--catalog")
            .arg(catalog)
            .arg("--font")
            .arg(font)
            .arg(cable())
            .current_dir(root)
            .run();
    };
    run("a", "sub/extra.yaml".into(), "sub/font.otf".into());
    run(
        "b",
        root.join("sub/../sub/extra.yaml"),
        root.join("sub/./font.otf"),
    );
    for name in [
        "checklist.json",
        "checklist.pdf",
        "daily-record-2026-11-30.pdf",
    ] {
        let a = std::fs::read(root.join("a").join(name)).unwrap();
        let b = std::fs::read(root.join("b").join(name)).unwrap();
        assert!(a == b, "{name} differs with the path spelling");
    }
}

#[test]
fn check_reports_every_problem_of_a_profile_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("consumer-goods.yaml")).unwrap();
    let text = text
        .replacen("company:\n", "company:\n  nmae: 甲\n", 1)
        .replacen("credit_code: ", "credit_code: X", 1)
        .replacen("role: both", "role: bothh", 1)
        .replacen("name: ", "name: \"乙\u{2028}font_size: 99\"\n  # ", 1);
    let text = format!("{text}\nextra_section: 1\n");
    std::fs::write(dir.path().join("p.yaml"), &text).unwrap();
    let ran = Case::new(&["check", "p.yaml"])
        .current_dir(dir.path())
        .code(1)
        .run();
    let line = 1 + text.lines().position(|l| l.contains("nmae")).unwrap();
    let at = format!("p.yaml:{line}:3");
    for expect in [
        "unknown field `nmae`",
        "unknown field `extra_section`",
        "U+2028",
        "统一社会信用代码",
        "unknown value `bothh`",
        &at,
    ] {
        ran.says(expect);
    }
}

#[test]
fn encodings_other_than_utf8_are_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gbk.yaml"),
        b"company:\n  name: \xB2\xE2\xCA\xD4\n",
    )
    .unwrap();
    Case::new(&["check", "gbk.yaml"])
        .current_dir(dir.path())
        .code(1)
        .run()
        .says("gbk.yaml:2:9")
        .says("GBK");
}

#[test]
fn a_template_that_never_stops_writing_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let loops = "{% for a in range(end=1000) %}{% for b in range(end=1000) %}{% for c in range(end=1000) %}0123456789abcdef{% endfor %}{% endfor %}{% endfor %}\n";
    std::fs::write(templates.join("checklist.md"), loops).unwrap();
    let started = Instant::now();
    generate_md_with(&templates, &dir.path().join("out"))
        .code(1)
        .run()
        .says("grew past 32 MiB");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!dir.path().join("out").exists());
}

/// `generate --format md` of the cable example with a templates folder, into `out`.
fn generate_md_with(templates: &std::path::Path, out: &std::path::Path) -> Case {
    generate("md", out)
        .arg("--templates")
        .arg(templates)
        .arg(cable())
}
