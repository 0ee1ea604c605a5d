//! Room for handwriting: full-width writing lines, and `<!-- fill -->`, which fills the rest of
//! the page with blank rows of the table before it or with writing lines, leaving what follows
//! (up to the next page break) the room it needs.
use super::*;

impl Layouter<'_> {
    /// One full-width line to write on (a line of underscores in the template).
    pub(super) fn fill_line(&mut self, x: f32, width: f32) {
        let size = self.setup.font_size;
        let lh = self.body_lh();
        self.placed();
        if let Some(marker) = self.marker.take() {
            let base = self.y + lh * 1.4;
            self.draw_marker(marker, base, size);
        }
        let y = self.y + lh * 1.5;
        self.draw(Draw::Line {
            x1: x,
            y1: y,
            x2: x + width,
            y2: y,
            width: 0.6,
            gray: LINE_GRAY,
        });
        self.y += self.fill_line_height();
    }

    fn fill_line_height(&self) -> f32 {
        self.body_lh() * 1.6 + self.setup.font_size * 0.5
    }

    /// Fills the rest of the page (`rest` is what follows the marker).
    pub(super) fn fill(&mut self, rest: &[Block], x: f32, width: f32, after_table: bool) {
        let reserve = self.room_for(rest, x, width);
        if after_table && self.fill_table(reserve) {
            return;
        }
        let h = self.fill_line_height();
        while self.y + h + reserve <= self.bottom() + 0.01 {
            self.fill_line(x, width);
        }
    }

    /// The height `rest` needs up to the next page break or fill marker, if it fits on what is
    /// left of this page; otherwise nothing (it goes to the next page, after a full one).
    fn room_for(&self, rest: &[Block], x: f32, width: f32) -> f32 {
        let end = rest
            .iter()
            .position(|b| matches!(b, Block::PageBreak | Block::Fill))
            .unwrap_or(rest.len());
        let mut probe = Layouter::new(self.setup, self.font, self.no_break.clone());
        probe.blocks(&rest[..end], x, width);
        // Headings and paragraphs add space above them when not at the top of a page.
        let need = probe.y - probe.top() + self.setup.font_size;
        if probe.pages.len() == 1 && self.y + need <= self.bottom() {
            need
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// The pages of `markdown`, laid out with the built-in font.
    fn lay(markdown: &str) -> Vec<Page> {
        let document = Document::parse(markdown).expect("document");
        let font = PdfFont::builtin().expect("font");
        let mut layouter = Layouter::new(&document.setup, &font, NoBreak::default());
        let (x, width) = layouter.content_x();
        layouter.blocks(&document.blocks, x, width);
        layouter.finish("").pages
    }

    /// Bordered cells drawn on a page.
    fn cells(page: &Page) -> Vec<(f32, f32)> {
        page.items
            .iter()
            .filter_map(|d| match d {
                Draw::Rect {
                    y,
                    h,
                    stroke: Some(_),
                    ..
                } => Some((*y, *h)),
                _ => None,
            })
            .collect()
    }

    fn text_y(page: &Page, needle: &str) -> Option<f32> {
        page.items.iter().find_map(|d| match d {
            Draw::Text(run) if run.text.contains(needle) => Some(run.y),
            _ => None,
        })
    }

    const FORM: &str = "# 问题记录\n\n| 序号 | 问题描述 | 处置结果 |\n|---|---|---|\n| 1 |  |  |\n";
    const SIGNATURE: &str = "\n记录人签字：__________\n\n审核人签字：__________\n";

    #[test]
    fn a_filled_table_reaches_the_signature_at_the_foot_of_the_page() {
        let plain = lay(&format!("{FORM}{SIGNATURE}"));
        let filled = lay(&format!("{FORM}\n<!-- fill -->\n{SIGNATURE}"));
        assert_eq!(filled.len(), 1, "the signature stays on the page");
        let height = 297.0 / 25.4 * 72.0;
        let rows = |p: &Page| cells(p).len() / 3;
        assert_eq!(rows(&plain[0]), 2);
        assert!(rows(&filled[0]) >= 15, "{} rows", rows(&filled[0]));
        // Every blank row is at least 8 mm high.
        assert!(
            cells(&filled[0])
                .iter()
                .skip(3)
                .all(|&(_, h)| h >= super::super::table::WRITING_ROW - 0.01)
        );
        // The signature sits at the foot of the page, below the last row.
        let last_row = cells(&filled[0])
            .iter()
            .map(|&(y, h)| y + h)
            .fold(0.0, f32::max);
        let signed = text_y(&filled[0], "审核人签字").expect("signature");
        assert!(
            signed > last_row && signed > 0.85 * height,
            "{signed} of {height}"
        );
        assert!(text_y(&plain[0], "审核人签字").expect("signature") < 0.4 * height);
    }

    #[test]
    fn fill_elsewhere_draws_writing_lines_and_content_too_tall_moves_on() {
        let lines = |p: &Page| {
            p.items
                .iter()
                .filter(|d| matches!(d, Draw::Line { .. }))
                .count()
        };
        let pages = lay("## 本月采取的措施\n\n<!-- fill -->\n\n主持人签字：__________\n");
        assert_eq!(pages.len(), 1);
        assert!(lines(&pages[0]) >= 15, "{} lines", lines(&pages[0]));
        // What follows is taller than the room left: the page is filled, it starts the next.
        let long = "正文。\n\n".repeat(60);
        let pages = lay(&format!("## 措施\n\n<!-- fill -->\n\n{long}"));
        assert!(lines(&pages[0]) >= 15);
        assert!(text_y(&pages[0], "正文").is_none());
    }
}
