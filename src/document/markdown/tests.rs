//! Unit tests of the Markdown → block tree parse.
use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.into(), Style::default())
}

#[test]
fn escapes_come_out_plain_and_pipes_stay_in_cells() {
    let blocks = parse("| a | b |\n|---|---|\n| x\\|y | \\*z\\* |\n");
    let Block::Table { rows, .. } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(rows[0], vec![vec![text("x|y")], vec![text("*z*")]]);
}

#[test]
fn underscores_become_fill_ins_unless_escaped() {
    let blocks = parse("签字：__________　日期：__________\n\n名字\\_\\_\\_\n\n__________\n");
    assert_eq!(
        blocks[0],
        Block::Paragraph(vec![
            text("签字："),
            Inline::Fill(10, Style::default()),
            text("　日期："),
            Inline::Fill(10, Style::default())
        ])
    );
    assert_eq!(blocks[1], Block::Paragraph(vec![text("名字___")]));
    assert_eq!(blocks[2], Block::FillLine);
}

#[test]
fn page_breaks_task_lists_and_soft_breaks() {
    let blocks = parse(
        "中文\n换行 and\nmore\n\n<!-- pagebreak -->\n\n- [x] 完成\n- [ ] 未完成\n\n\\newpage\n",
    );
    assert_eq!(blocks[0], Block::Paragraph(vec![text("中文换行 and more")]));
    assert_eq!(blocks[1], Block::PageBreak);
    let Block::List { items, .. } = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert_eq!(items[0].task, Some(true));
    assert_eq!(items[1].task, Some(false));
    assert_eq!(
        items[1].blocks,
        vec![Block::Paragraph(vec![text("未完成")])]
    );
    assert_eq!(blocks[3], Block::PageBreak);
}

#[test]
fn front_matter_is_found_and_skipped() {
    use crate::document::front_matter;
    let md = "---\npaper: A4\n---\n# 标题\n";
    let (yaml, range) = front_matter(md).unwrap();
    assert_eq!(yaml.trim(), "paper: A4");
    assert!(md[range.end..].contains("# 标题"));
    assert_eq!(parse(md), vec![Block::Heading(1, vec![text("标题")])]);
    // One pass finds the same block, and only a block that opens the document.
    assert_eq!(parse_document(md).0, front_matter(md));
    for md in [
        "# 标题\n\n---\npaper: A4\n---\n",
        "---\n\npaper: A4\n---\n",
        "正文\n",
    ] {
        assert_eq!(parse_document(md).0, front_matter(md), "{md:?}");
    }
}
