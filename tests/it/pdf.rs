//! The PDF typesetter, through the public library API: structure checked and text recovered with
//! lopdf (through each font's ToUnicode CMap), so `cargo test` needs no PDF tools. Where `qpdf` and
//! `pdftotext` are on PATH (CI installs them), they check the same files too.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use lopdf::{Document, Object, content::Content};
use riskctl::pdf::{DocumentInfo, PdfFont, Typeset, split_front_matter, typeset, typeset_all};

fn info(title: &str) -> DocumentInfo {
    DocumentInfo {
        title: title.into(),
        author: "测试企业有限公司".into(),
        subject: "测试".into(),
        creator: "riskctl tests".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    }
}

fn font() -> PdfFont {
    PdfFont::builtin().expect("built-in font")
}

fn render(markdown: &str) -> Typeset {
    typeset(markdown, &info("测试文档"), &font()).expect("typeset")
}

/// One run of text as drawn (a line of a paragraph or of a table cell) and its page (from 1).
#[derive(Debug, Clone)]
struct TextLine {
    page: usize,
    text: String,
}

/// A ToUnicode CMap: two-byte code → text.
fn parse_cmap(cmap: &str) -> BTreeMap<u16, String> {
    fn hex_to_string(hex: &str) -> String {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|i| u16::from_str_radix(&hex[4 * i..4 * i + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    }
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let hexes: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
            .collect();
        match (mode, hexes.as_slice()) {
            ("char", [code, text]) => {
                if let Ok(code) = u16::from_str_radix(code, 16) {
                    map.insert(code, hex_to_string(text));
                }
            }
            ("range", [lo, hi, start]) => {
                let (Ok(lo), Ok(hi)) = (u16::from_str_radix(lo, 16), u16::from_str_radix(hi, 16))
                else {
                    continue;
                };
                let start_units: Vec<u16> = (0..start.len() / 4)
                    .filter_map(|i| u16::from_str_radix(&start[4 * i..4 * i + 4], 16).ok())
                    .collect();
                for (k, code) in (lo..=hi).enumerate() {
                    let mut units = start_units.clone();
                    if let Some(last) = units.last_mut() {
                        *last += k as u16;
                    }
                    map.insert(code, String::from_utf16_lossy(&units));
                }
            }
            _ => {}
        }
    }
    map
}

/// Text of every page, decoded through the fonts' ToUnicode maps, as runs in reading order.
fn extract(bytes: &[u8]) -> (Document, Vec<TextLine>) {
    let doc = Document::load_mem(bytes).expect("lopdf loads the PDF");
    let mut lines: Vec<TextLine> = Vec::new();
    for (page_no, page_id) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page_id).expect("page fonts");
        let mut maps: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = BTreeMap::new();
        for (name, dict) in &fonts {
            let cmap = dict
                .get(b"ToUnicode")
                .and_then(|o| o.as_reference())
                .and_then(|r| doc.get_object(r))
                .and_then(|o| o.as_stream())
                .map(|s| {
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone())
                })
                .expect("every font has a ToUnicode CMap");
            maps.insert(name.clone(), parse_cmap(&String::from_utf8_lossy(&cmap)));
        }
        let content = Content::decode(&doc.get_page_content(page_id)).expect("content decodes");
        let mut font: Vec<u8> = Vec::new();
        let mut runs: Vec<(f32, f32, String)> = Vec::new();
        let (mut x, mut y) = (0.0f32, 0.0f32);
        let num = |o: &Object| {
            o.as_float()
                .or_else(|_| o.as_i64().map(|i| i as f32))
                .unwrap_or(0.0)
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    font = op.operands[0]
                        .as_name()
                        .map(<[u8]>::to_vec)
                        .unwrap_or_default()
                }
                "Tm" => {
                    x = num(&op.operands[4]);
                    y = num(&op.operands[5]);
                }
                "Tj" | "TJ" => {
                    let map = maps.get(&font).expect("known font");
                    // printpdf merges the runs of one baseline into one TJ, with kerns for the
                    // gaps between them: a large kern starts a new run.
                    let items: Vec<Object> = match op.operator.as_str() {
                        "Tj" => vec![op.operands[0].clone()],
                        _ => op.operands[0].as_array().expect("array").clone(),
                    };
                    let mut text = String::new();
                    for item in &items {
                        if let Ok(s) = item.as_str() {
                            for pair in s.chunks(2) {
                                let code =
                                    u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                                text.push_str(
                                    map.get(&code).map(String::as_str).unwrap_or("\u{fffd}"),
                                );
                            }
                        } else if num(item).abs() > 100.0 && !text.is_empty() {
                            runs.push((y, x, std::mem::take(&mut text)));
                            x += 0.001;
                        }
                    }
                    if !text.is_empty() {
                        runs.push((y, x, text));
                    }
                }
                _ => {}
            }
        }
        runs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
        for (_, _, text) in runs {
            lines.push(TextLine {
                page: page_no as usize,
                text,
            });
        }
    }
    (doc, lines)
}

fn page_text(lines: &[TextLine], page: usize) -> String {
    lines
        .iter()
        .filter(|l| l.page == page)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn on_path(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
}

/// Runs `qpdf --check` and `pdftotext` when they are installed.
fn external_checks(bytes: &[u8], expect_han: &BTreeSet<char>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    if on_path("qpdf") {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "qpdf --check failed:\n{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    }
    if on_path("pdftotext") {
        let out = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftotext failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let missing: String = expect_han.iter().filter(|c| !text.contains(**c)).collect();
        assert!(missing.is_empty(), "pdftotext lost {missing:?}");
    }
}

/// Every structural property the issue asks for, on one typeset document.
fn check_document(markdown: &str, doc: &Typeset, header: &str) {
    let (pdf, lines) = extract(&doc.bytes);
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), doc.pages);
    for (no, id) in &pages {
        let dict = pdf.get_dictionary(*id).unwrap();
        assert!(dict.get(b"MediaBox").is_ok());
        let text = page_text(&lines, *no as usize);
        let footer = format!("第 {no} 页 共 {} 页", doc.pages);
        assert!(
            text.contains(&footer),
            "page {no} lacks `{footer}`:\n{text}"
        );
        assert!(
            text.contains(header),
            "page {no} lacks the header `{header}`:\n{text}"
        );
    }
    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
    let body = split_front_matter(markdown).1;
    let han: BTreeSet<char> = body.chars().filter(|&c| is_han(c)).collect();
    let lost: String = han.iter().filter(|c| !all.contains(**c)).collect();
    assert!(
        lost.is_empty(),
        "characters not recovered from the PDF: {lost}"
    );
    external_checks(&doc.bytes, &han);
}

#[test]
fn every_example_typesets_to_valid_searchable_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = riskctl::Engine::load(&[] as &[&Path]).expect("catalog");
    let renderer = riskctl::render::Renderer::new(None).expect("templates");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    examples.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "yaml"));
    examples.sort();
    let mut profiles = vec![root.join("src/starter-profile.yaml")];
    profiles.extend(examples);
    let font = font();
    for path in profiles {
        let profile = engine.profile(&path).expect("valid profile");
        let checklist = engine.checklist(&profile, date).expect("checklist");
        let plan = riskctl::forms::Plan::new(
            riskctl::forms::Span::Day(date),
            &profile.loaded.profile.calendar,
            &checklist,
        );
        for file in renderer.render_all(&checklist, &plan).expect("render") {
            let markdown = String::from_utf8(file.bytes).unwrap();
            let doc = typeset(&markdown, &info(&file.name), &font).expect("typeset");
            assert!(
                doc.missing.is_empty(),
                "{} / {}: the built-in font lacks {:?}; run scripts/make-font-subset.sh",
                path.display(),
                file.name,
                doc.missing
            );
            let yaml = split_front_matter(&markdown)
                .0
                .expect("templates carry front matter");
            let header = yaml
                .lines()
                .skip_while(|l| !l.starts_with("header:"))
                .nth(1)
                .map(|l| l.trim().replace('\\', ""))
                .expect("header line");
            check_document(&markdown, &doc, &header);
        }
    }
}

fn table(rows: usize, cell: impl Fn(usize) -> String) -> String {
    let mut md = String::from("| 序号 | 表头甲 | 说明 |\n|---|---|---|\n");
    for i in 0..rows {
        md.push_str(&format!("| {i} | 项目{i} | {} |\n", cell(i)));
    }
    md
}

#[test]
fn long_tables_repeat_their_header_and_keep_rows_whole() {
    let text = "风险描述与管控措施，每日检查并记录；".repeat(6);
    let md = format!(
        "# 长表\n\n{}",
        table(60, |i| format!("起{i:02}{text}止{i:02}"))
    );
    let doc = render(&md);
    assert!(doc.pages >= 3, "{} pages", doc.pages);
    let (_, lines) = extract(&doc.bytes);
    for page in 1..=doc.pages {
        assert!(
            page_text(&lines, page).contains("表头甲"),
            "page {page} lacks the header row"
        );
    }
    // A row that fits on a page is never split: its first and last words share a page.
    for i in 0..60 {
        let find = |word: &str| lines.iter().find(|l| l.text.contains(word)).map(|l| l.page);
        let (start, end) = (find(&format!("起{i:02}")), find(&format!("止{i:02}")));
        assert!(
            start.is_some() && start == end,
            "row {i}: {start:?} / {end:?}"
        );
    }
    check_document(&md, &doc, "测试企业有限公司 · 测试文档");
}

#[test]
fn only_a_row_taller_than_a_page_splits() {
    let huge = "这是一个非常长的单元格，内容超过一整页。".repeat(400);
    let md = table(3, |i| {
        if i == 1 {
            format!("头{huge}尾")
        } else {
            "短".into()
        }
    });
    let doc = render(&md);
    let (_, lines) = extract(&doc.bytes);
    let page_of = |w: &str| {
        lines
            .iter()
            .find(|l| l.text.contains(w))
            .map(|l| l.page)
            .unwrap()
    };
    assert!(
        page_of("尾") > page_of("头"),
        "the giant row should span pages"
    );
    for page in 1..=doc.pages {
        assert!(
            page_text(&lines, page).contains("表头甲"),
            "page {page} lacks the header row"
        );
    }
    check_document(&md, &doc, "测试企业有限公司 · 测试文档");
}

#[test]
fn lines_follow_the_chinese_line_breaking_rules() {
    let sentence = "质量安全总监（李四）负责：每日检查、记录；发现问题？立即处置！依据《产品质量法》「第十二条」。";
    let cells = table(8, |i| sentence.repeat(i % 3 + 1));
    let md = format!(
        "{}\n\n{cells}\n- {}\n",
        sentence.repeat(12),
        sentence.repeat(5)
    );
    let doc = render(&md);
    let (_, lines) = extract(&doc.bytes);
    let mut checked = 0;
    for line in &lines {
        let text = line.text.trim();
        if text.contains("第 ") && text.contains(" 页") {
            continue;
        }
        checked += 1;
        let first = text.chars().next().unwrap();
        let last = text.chars().last().unwrap();
        assert!(
            !"，。、；：？！）」》".contains(first),
            "line starts with {first}: {text}"
        );
        assert!(!"（「《".contains(last), "line ends with {last}: {text}");
    }
    assert!(checked > 30);
}

#[test]
fn wrapped_cell_lines_obey_the_rules_run_by_run() {
    // Narrow columns: every cell line is its own run, so check runs rather than joined lines.
    let sentence = "责任人（王五）：确认，记录、归档；完成？是！《记录》「表」";
    let md = format!(
        "| 甲 | 乙 | 丙 | 丁 | 戊 | 己 | 庚 | 辛 | 壬 | 癸 |\n|---|---|---|---|---|---|---|---|---|---|\n| {s} | {s} | {s} | {s} | {s} | {s} | {s} | {s} | {s} | {s} |\n",
        s = sentence
    );
    let doc = render(&md);
    let (_, runs) = extract(&doc.bytes);
    let cell_runs: Vec<&TextLine> = runs
        .iter()
        .filter(|r| !r.text.contains('页') && !r.text.contains("测试"))
        .collect();
    assert!(cell_runs.len() > 30, "{} runs", cell_runs.len());
    for run in cell_runs {
        let text = run.text.trim();
        let (first, last) = (text.chars().next().unwrap(), text.chars().last().unwrap());
        assert!(
            !"，。、；：？！）」》".contains(first),
            "run starts with {first}: {text}"
        );
        assert!(!"（「《".contains(last), "run ends with {last}: {text}");
    }
}

#[test]
fn missing_glyphs_are_reported_in_order_and_drawn() {
    let md = "生僻字：𠀀 和表情 😀，再来一次 𠀀。\n\n- [x] 已完成 ☑\n- [ ] 未完成 ☐ □\n";
    let doc = render(md);
    assert_eq!(doc.missing, vec!['𠀀', '😀']);
    let pdf = Document::load_mem(&doc.bytes).unwrap();
    let page = pdf.get_pages()[&1];
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    // Two placeholders for 𠀀, one for 😀, two checkboxes, a vector ☑ and a ☐: rectangles.
    let rects = content
        .operations
        .iter()
        .filter(|o| o.operator == "re")
        .count();
    assert!(rects >= 7, "{rects} rectangles");
    let (_, lines) = extract(&doc.bytes);
    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        all.contains("生僻字") && all.contains("已完成") && all.contains('□'),
        "{all}"
    );
}

#[test]
fn same_input_gives_the_same_bytes() {
    let md = "---\norientation: landscape\nheader: 甲 · 乙\n---\n# 一\n\n## 二\n\n正文。\n";
    let a = render(md);
    let b = render(md);
    assert_eq!(a.bytes, b.bytes);
    let other = typeset(md, &info("别的标题"), &font()).unwrap();
    assert_ne!(a.bytes, other.bytes);
    let pdf = Document::load_mem(&a.bytes).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let info = pdf.get_dictionary(info).unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20261124000000Z"
    );
    // Landscape A4.
    let page = pdf.get_dictionary(pdf.get_pages()[&1]).unwrap();
    let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let w = mb[2].as_float().unwrap();
    let h = mb[3].as_float().unwrap();
    assert!(
        (w - 841.89).abs() < 0.5 && (h - 595.28).abs() < 0.5,
        "{w} x {h}"
    );
}

#[test]
fn typeset_all_matches_one_by_one() {
    let docs = ["# 一\n\n甲", "# 二\n\n乙", "# 三\n\n丙"];
    let infos: Vec<DocumentInfo> = docs.iter().map(|d| info(&d[2..5])).collect();
    let batch: Vec<(&str, &DocumentInfo)> = docs.iter().copied().zip(&infos).collect();
    let together = typeset_all(&batch, &font());
    for ((md, info), result) in batch.iter().zip(together) {
        assert_eq!(
            result.unwrap().bytes,
            typeset(md, info, &font()).unwrap().bytes
        );
    }
}

#[test]
fn escaped_pipes_and_stars_print_as_plain_characters() {
    let md = "| 名称 | 说明 |\n|---|---|\n| 甲\\|乙 | \\*重要\\* 与 a\\_b |\n";
    let doc = render(md);
    let (_, lines) = extract(&doc.bytes);
    let all: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("甲|乙"), "{all}");
    assert!(all.contains("*重要* 与 a_b"), "{all}");
}

#[test]
fn headings_become_a_nested_outline() {
    let md = "# 文档\n\n## 一、第一章\n\n### 1. 小节\n\n正文\n\n## 二、第二章\n\n<!-- pagebreak -->\n\n## 三、第三章\n";
    let doc = render(md);
    assert_eq!(doc.pages, 2);
    let pdf = Document::load_mem(&doc.bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .unwrap();
    let outlines = pdf.get_dictionary(outlines).unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 5);
    let first = pdf
        .get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    // "文档" holds the three chapters.
    assert_eq!(first.get(b"Count").unwrap().as_i64().unwrap(), 4);
    assert!(first.get(b"Next").is_err());
}

#[test]
fn front_matter_errors_name_the_document() {
    let err = typeset(
        "---\norientaton: landscape\n---\n正文\n",
        &info("清单"),
        &font(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("清单") && text.contains("orientation"),
        "{text}"
    );
    assert!(matches!(err, riskctl::Error::Pdf { .. }));
}

#[test]
fn user_fonts_are_checked() {
    assert!(matches!(
        PdfFont::from_spec("/no/such/font.ttf"),
        Err(riskctl::Error::Font(_))
    ));
    assert!(matches!(
        PdfFont::from_spec("/no/such/font.ttc#x"),
        Err(riskctl::Error::Font(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font at all").unwrap();
    assert!(matches!(
        PdfFont::from_spec(junk.to_str().unwrap()),
        Err(riskctl::Error::Font(_))
    ));
    // The shipped face as a user font: one weight, so bold is synthesised.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSansCJKsc-Regular.subset.ttf");
    let user = PdfFont::from_spec(path.to_str().unwrap()).expect("a real font");
    assert!(matches!(
        PdfFont::from_spec(&format!("{}#1", path.display())),
        Err(riskctl::Error::Font(_))
    ));
    let doc = typeset("# 粗体标题\n\n**加粗** 正文\n", &info("用户字体"), &user).unwrap();
    check_document(
        "# 粗体标题\n\n**加粗** 正文\n",
        &doc,
        "测试企业有限公司 · 用户字体",
    );
    // A TrueType-outline Chinese font (shipped for the test): embedded as CIDFontType2 with
    // FontFile2, the text extracts through its ToUnicode map as with the CFF face.
    let droid =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fonts/wqy-microhei.subset.ttf");
    let truetype = PdfFont::from_spec(droid.to_str().unwrap()).expect("a TrueType CJK font");
    let doc = typeset(
        "# 粗体标题\n\n**加粗** 正文\n",
        &info("用户字型"),
        &truetype,
    )
    .unwrap();
    check_document(
        "# 粗体标题\n\n**加粗** 正文\n",
        &doc,
        "测试企业有限公司 · 用户字型",
    );
    let (pdf, _) = extract(&doc.bytes);
    let subtypes: Vec<Vec<u8>> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font"))
        .filter_map(|d| d.get(b"Subtype").ok()?.as_name().ok().map(<[u8]>::to_vec))
        .collect();
    assert!(subtypes.contains(&b"CIDFontType2".to_vec()), "{subtypes:?}");
    // A TrueType (glyf) font without CJK, where installed: refused, naming missing characters.
    let dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if Path::new(dejavu).exists() {
        let Err(riskctl::Error::Font(message)) = PdfFont::from_spec(dejavu) else {
            panic!("a font without Chinese is refused");
        };
        assert!(message.contains("质量安全"), "{message}");
    }
    // Where Debian's full collection is installed, a face of it works as well.
    let ttc = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    if Path::new(ttc).exists() {
        let full = PdfFont::from_spec(&format!("{ttc}#2")).expect("face 2 of the collection");
        let doc = typeset("𠀀 不在内置字体里的字：䶮\n", &info("完整字体"), &full).unwrap();
        assert!(!doc.missing.contains(&'䶮'));
    }
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        "",
        "---\n---\n",
        "---\npaper: A5\n---\n",
        "\u{0}\u{1}\u{7f}\u{200b}\u{feff}\t制表\r\n",
        &"> ".repeat(40),
        &format!("{}深", "> ".repeat(3000)),
        &(0..200)
            .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
            .collect::<String>(),
        &"- ".repeat(40),
        &"1. ".repeat(30),
        "|a|\n|-|\n",
        "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n",
        &"长".repeat(20000),
        &"x".repeat(5000),
        "```\ncode\n\n  block\n```\n\n<div>html</div>\n\n<!-- comment -->\n\n[链接](http://example.com) ![图](a.png)\n\n---\n\n***\n\n~~删除~~ *斜体* **粗体** `代码`",
        "\\newpage\n\n\\newpage\n\n<!-- pagebreak -->\n",
        "# \n\n## \n",
        "___\n\n- ___\n\n| ___ |\n|---|\n| ____ |\n",
        &format!(
            "| {} |\n|---|\n| {} |\n",
            "甲".repeat(3000),
            "乙".repeat(3000)
        ),
    ];
    for md in inputs {
        let doc = render(md);
        assert!(doc.pages >= 1);
        Document::load_mem(&doc.bytes).expect("valid PDF");
    }
}
