//! The body of `word/document.xml`: the document tree's blocks as WordprocessingML paragraphs and
//! tables, and the list definitions (`word/numbering.xml`) the lists use.
use crate::document::{Align, Block, Inline, ListItem, Style};

use super::columns::{column_widths, display_width};
use super::xml::{escape, twips};

/// Twips per list or quote level.
const INDENT: u32 = 420;
/// How a list numbers its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    Bullet,
    Decimal(u64),
}

/// Writes blocks into a body, collecting the lists it meets.
pub(super) struct Body {
    pub xml: String,
    /// One entry per `w:num`, numbered from 1 in order.
    pub lists: Vec<ListKind>,
    /// The width tables get, in twips.
    text_width: u32,
    /// The table font size, in twips.
    table_em: u32,
}

/// Where a paragraph sits: its left indent and list level.
#[derive(Clone, Copy, Default)]
struct Nest {
    indent: u32,
    depth: u32,
}

impl Body {
    /// A body for tables `text_width` points wide set in `table_font_size` points.
    pub fn new(text_width: f32, table_font_size: f32) -> Body {
        Body {
            xml: String::with_capacity(64 * 1024),
            lists: Vec::new(),
            text_width: twips(text_width),
            table_em: twips(table_font_size),
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        self.blocks_in(blocks, Nest::default());
    }

    fn blocks_in(&mut self, blocks: &[Block], nest: Nest) {
        for block in blocks {
            self.block(block, nest);
        }
    }

    fn block(&mut self, block: &Block, nest: Nest) {
        let ind = indent(nest.indent);
        match block {
            Block::Heading(level, inlines) => {
                let level = (*level).clamp(1, 4);
                let ppr = format!("<w:pStyle w:val=\"Heading{level}\"/>{ind}");
                self.paragraph(&ppr, inlines);
            }
            Block::Paragraph(inlines) => self.paragraph(&ind, inlines),
            Block::List { start, items } => self.list(*start, items, nest),
            Block::Quote(blocks) => self.blocks_in(
                blocks,
                Nest {
                    indent: nest.indent + INDENT,
                    ..nest
                },
            ),
            Block::Rule => self.paragraph(&format!("<w:pStyle w:val=\"Rule\"/>{ind}"), &[]),
            Block::FillLine => self.fill_line(&ind, &[]),
            // A Word page's fill depends on Word's own layout: blank rows are not added.
            Block::Fill => {}
            Block::PageBreak => self
                .xml
                .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
            Block::Code(code) => {
                for line in code.lines() {
                    let text = [Inline::Text(line.to_string(), Style::default())];
                    self.paragraph(&format!("<w:pStyle w:val=\"Code\"/>{ind}"), &text);
                }
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows),
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[ListItem], nest: Nest) {
        let kind = match start {
            Some(n) => ListKind::Decimal(n),
            None => ListKind::Bullet,
        };
        self.lists.push(kind);
        let num = self.lists.len();
        let inner = Nest {
            indent: nest.indent + INDENT,
            depth: nest.depth + 1,
        };
        for item in items {
            let mut blocks = item.blocks.iter();
            let first = blocks.next();
            let lead = match item.task {
                Some(true) => vec![Inline::Text("☑ ".into(), Style::default())],
                Some(false) => vec![Inline::Text("☐ ".into(), Style::default())],
                None => Vec::new(),
            };
            let ppr = match item.task {
                Some(_) => indent(inner.indent),
                None => format!(
                    "<w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"{num}\"/></w:numPr>{}",
                    nest.depth.min(8),
                    indent_hanging(inner.indent)
                ),
            };
            match first {
                Some(Block::Paragraph(inlines)) => {
                    let all: Vec<Inline> =
                        lead.into_iter().chain(inlines.iter().cloned()).collect();
                    self.paragraph(&ppr, &all);
                }
                // An item that is only a line to write on: the numbered line itself.
                Some(Block::FillLine) => self.fill_line(&ppr, &lead),
                Some(other) => {
                    self.paragraph(&ppr, &lead);
                    self.block(other, inner);
                }
                None => self.paragraph(&ppr, &lead),
            }
            for block in blocks {
                self.block(block, inner);
            }
        }
    }

    /// A line to write on, after `lead`: a tab to the right margin drawn as an underscore leader
    /// (a bottom border would merge with the next fill line's into one box).
    fn fill_line(&mut self, ppr: &str, lead: &[Inline]) {
        let ppr = format!(
            "<w:pStyle w:val=\"FillLine\"/>{ppr}<w:tabs><w:tab w:val=\"right\" w:leader=\"underscore\" w:pos=\"{}\"/></w:tabs>",
            self.text_width
        );
        self.paragraph(&ppr, lead);
        // Reopen the paragraph just closed to append the tab run.
        self.xml.truncate(self.xml.len() - "</w:p>".len());
        self.xml.push_str("<w:r><w:tab/></w:r></w:p>");
    }

    fn paragraph(&mut self, ppr: &str, inlines: &[Inline]) {
        self.xml.push_str("<w:p>");
        if !ppr.is_empty() {
            self.xml.push_str("<w:pPr>");
            self.xml.push_str(ppr);
            self.xml.push_str("</w:pPr>");
        }
        runs(&mut self.xml, inlines, false);
        self.xml.push_str("</w:p>");
    }

    fn table(&mut self, aligns: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let widths = column_widths(header, rows, columns, self.text_width, self.table_em);
        // As in the PDF: columns of short entries (numbers, 是/否, □) are centred unless the
        // Markdown aligns them, and blank rows (a form's lines to fill in) are 2.2 lines tall.
        let jc: Vec<&str> = (0..columns)
            .map(|c| match aligns.get(c).copied().unwrap_or(Align::Auto) {
                Align::Center => "center",
                Align::Right => "right",
                Align::Left => "left",
                Align::Auto => {
                    let widest = rows
                        .iter()
                        .filter_map(|r| r.get(c))
                        .map(|cell| display_width(cell))
                        .max();
                    if widest.is_some_and(|w| w <= 6) {
                        "center"
                    } else {
                        "left"
                    }
                }
            })
            .collect();
        let grid = Grid {
            widths: &widths,
            jc: &jc,
            blank_height: self.table_em * 13 / 10 * 22 / 10,
        };
        let x = &mut self.xml;
        x.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"");
        x.push_str(&widths.iter().sum::<u32>().to_string());
        x.push_str("\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
        for w in &widths {
            x.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        x.push_str("</w:tblGrid>");
        if !header.is_empty() {
            row(x, header, &grid, true);
        }
        for cells in rows {
            row(x, cells, &grid, false);
        }
        x.push_str("</w:tbl>");
        // Word needs a paragraph between two tables and after a table that ends a cell or body.
        x.push_str("<w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>");
    }
}

/// A table's columns: widths (twips), paragraph alignment, and the height of a blank row.
struct Grid<'a> {
    widths: &'a [u32],
    jc: &'a [&'a str],
    blank_height: u32,
}

/// The least height of a row for handwriting: 8 mm, in twips.
const WRITING_ROW: u32 = 454;

/// One table row: the header row repeats on every page; no row splits across pages.
fn row(x: &mut String, cells: &[Vec<Inline>], grid: &Grid, head: bool) {
    x.push_str("<w:tr><w:trPr><w:cantSplit/>");
    // A row with a blank cell is written in by hand: at least 8 mm high.
    let blank = (0..grid.widths.len()).filter(|&i| cells.get(i).is_none_or(|c| is_blank(c)));
    let height = match blank.count() {
        _ if head => None,
        0 => None,
        n if n == grid.widths.len() => Some(grid.blank_height.max(WRITING_ROW)),
        _ => Some(WRITING_ROW),
    };
    if head {
        x.push_str("<w:tblHeader/>");
    } else if let Some(h) = height {
        x.push_str(&format!("<w:trHeight w:val=\"{h}\" w:hRule=\"atLeast\"/>"));
    }
    x.push_str("</w:trPr>");
    for (i, w) in grid.widths.iter().enumerate() {
        x.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
        ));
        if head {
            x.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>");
        }
        x.push_str(
            "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>",
        );
        // A header row stays with the first body row (keep with next), as in the PDF.
        let (align, keep) = if head {
            ("center", "<w:keepNext/>")
        } else {
            (grid.jc[i], "")
        };
        x.push_str(&format!("{keep}<w:jc w:val=\"{align}\"/></w:pPr>"));
        if let Some(inlines) = cells.get(i) {
            runs(x, inlines, head);
        }
        x.push_str("</w:p></w:tc>");
    }
    x.push_str("</w:tr>");
}

/// True for a cell with nothing to read (a blank of a form).
fn is_blank(cell: &[Inline]) -> bool {
    cell.iter().all(|i| match i {
        Inline::Text(t, _) => t.trim().is_empty(),
        Inline::Break => true,
        Inline::Fill(..) => false,
    })
}

fn indent(left: u32) -> String {
    if left == 0 {
        String::new()
    } else {
        format!("<w:ind w:left=\"{left}\"/>")
    }
}

fn indent_hanging(left: u32) -> String {
    format!("<w:ind w:left=\"{left}\" w:hanging=\"{}\"/>", INDENT)
}

/// Inline runs; `bold` forces bold (table header cells).
pub(super) fn runs(x: &mut String, inlines: &[Inline], bold: bool) {
    for inline in inlines {
        match inline {
            Inline::Text(text, style) => {
                x.push_str("<w:r>");
                run_props(x, *style, bold, false);
                x.push_str("<w:t xml:space=\"preserve\">");
                x.push_str(&escape(text));
                x.push_str("</w:t></w:r>");
            }
            Inline::Fill(n, style) => {
                x.push_str("<w:r>");
                run_props(x, *style, bold, true);
                x.push_str("<w:t xml:space=\"preserve\">");
                x.extend(std::iter::repeat_n('\u{a0}', (*n).max(3)));
                x.push_str("</w:t></w:r>");
            }
            Inline::Break => x.push_str("<w:r><w:br/></w:r>"),
        }
    }
}

fn run_props(x: &mut String, style: Style, bold: bool, underline: bool) {
    if !(style.bold || bold || style.italic || style.strike || underline) {
        return;
    }
    x.push_str("<w:rPr>");
    if style.bold || bold {
        x.push_str("<w:b/><w:bCs/>");
    }
    if style.italic {
        x.push_str("<w:i/><w:iCs/>");
    }
    if style.strike {
        x.push_str("<w:strike/>");
    }
    if underline {
        x.push_str("<w:u w:val=\"single\"/>");
    }
    x.push_str("</w:rPr>");
}

/// `word/numbering.xml` for the lists a body used: one bullet and one decimal definition, and one
/// `w:num` per list (a numbered list restarts at its own start).
pub(super) fn numbering(lists: &[ListKind]) -> String {
    let mut x = String::from(super::xml::DECLARATION);
    x.push_str(
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for (id, decimal) in [(0, false), (1, true)] {
        x.push_str(&format!(
            "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"multilevel\"/>"
        ));
        for level in 0..9u32 {
            let (fmt, text) = if decimal {
                ("decimal", format!("%{}.", level + 1))
            } else {
                ("bullet", ["•", "◦", "▪"][level as usize % 3].to_string())
            };
            let left = INDENT * (level + 1);
            x.push_str(&format!(
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/>\
                 <w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
                 <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"{INDENT}\"/></w:pPr></w:lvl>"
            ));
        }
        x.push_str("</w:abstractNum>");
    }
    for (i, kind) in lists.iter().enumerate() {
        let num = i + 1;
        match kind {
            ListKind::Bullet => x.push_str(&format!(
                "<w:num w:numId=\"{num}\"><w:abstractNumId w:val=\"0\"/></w:num>"
            )),
            ListKind::Decimal(start) => {
                x.push_str(&format!(
                    "<w:num w:numId=\"{num}\"><w:abstractNumId w:val=\"1\"/>"
                ));
                for level in 0..9 {
                    x.push_str(&format!(
                        "<w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{}\"/></w:lvlOverride>",
                        if level == 0 { *start } else { 1 }
                    ));
                }
                x.push_str("</w:num>");
            }
        }
    }
    x.push_str("</w:numbering>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into(), Style::default())]
    }

    /// Markup, control characters, deep nesting, ragged and empty tables: the body stays
    /// well-formed XML whose text is the input's.
    #[test]
    fn odd_input_gives_well_formed_xml() {
        let nested = "> ".repeat(40) + "- [x] 深\n";
        let markdown = format!(
            "# a<b>&\"c\u{1}\n\n{nested}\n| x |\n|---|\n| 1 | 2 | 3 |\n|  |\n\n1. one\n   - two\n\n____\n\\newpage\n"
        );
        let document = crate::document::Document::parse(&markdown).unwrap();
        let mut body = Body::new(400.0, 9.0);
        body.blocks(&document.blocks);
        let xml = format!(
            "<w:body xmlns:w=\"{}\">{}</w:body>",
            super::super::parts::W_NS,
            body.xml
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut text = String::new();
        loop {
            match reader.read_event().expect("well-formed") {
                quick_xml::events::Event::Text(t) => text.push_str(&t.xml10_content()),
                quick_xml::events::Event::GeneralRef(r) => text.push_str(&r.xml10_content()),
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert!(
            text.starts_with("a") && text.contains("深") && text.contains("two"),
            "{text}"
        );
        assert!(
            body.xml.contains("w:hRule=\"atLeast\""),
            "the blank row is tall"
        );
        assert!(body.xml.contains("<w:br w:type=\"page\"/>"));
    }

    #[test]
    fn lists_number_from_their_start_and_tasks_get_boxes() {
        let mut body = Body::new(400.0, 9.0);
        body.blocks(&[Block::List {
            start: Some(3),
            items: vec![ListItem {
                task: Some(false),
                blocks: vec![Block::Paragraph(text("零风险"))],
            }],
        }]);
        assert!(
            body.xml
                .contains("☐ </w:t></w:r><w:r><w:t xml:space=\"preserve\">零风险")
        );
        assert_eq!(body.lists, vec![ListKind::Decimal(3)]);
        assert!(numbering(&body.lists).contains("<w:startOverride w:val=\"3\"/>"));
    }
}
