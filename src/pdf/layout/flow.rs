//! Block flow: headings, paragraphs, lists, quotes, rules and page breaks down the page.
use super::*;

impl Layouter<'_> {
    pub(crate) fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) {
        for (i, block) in blocks.iter().enumerate() {
            if let Block::Fill = block {
                let after_table = i > 0 && matches!(blocks[i - 1], Block::Table { .. });
                self.fill(&blocks[i + 1..], x, width, after_table);
            } else {
                self.block(block, x, width, i == 0);
            }
        }
    }

    pub(super) fn block(&mut self, block: &Block, x: f32, width: f32, first: bool) {
        let size = self.setup.font_size;
        let lh = self.body_lh();
        match block {
            Block::Heading(level, content) => {
                let scale = match level {
                    1 => 1.7,
                    2 => 1.33,
                    3 => 1.15,
                    _ => 1.0,
                };
                let hsize = size * scale;
                let hlh = hsize * 1.45;
                if !first && !self.at_top() {
                    self.y += hsize * 0.5;
                }
                let items = self.shape(content, hsize, true);
                self.ensure(hlh + 2.0 * lh);
                // Headings placed just before this one (nothing else between) travel with it.
                let prev = self.keep;
                let page = self.pages.len() - 1;
                let item_start = self.page().items.len();
                let y_start = self.y;
                let title: String = content
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t, _) => t.clone(),
                        Inline::Fill(n, _) => "_".repeat(*n),
                        Inline::Break => " ".into(),
                    })
                    .collect();
                let outline_start = self.outline.len();
                self.outline.push(OutlineEntry {
                    level: *level,
                    title,
                    page,
                    y: self.y,
                });
                self.lines(&items, x, width, hsize, hlh, *level == 1);
                self.y += hsize * 0.35;
                let now = self.pages.len() - 1;
                self.keep = match prev {
                    _ if now != page => None,
                    Some(k) if k.page == page => Some(k),
                    _ => Some(Keep {
                        page,
                        item_start,
                        y_start,
                        outline_start,
                    }),
                };
            }
            Block::Paragraph(content) => {
                let items = self.shape(content, size, false);
                self.lines(&items, x, width, size, lh, false);
                self.y += size * 0.5;
            }
            Block::Code(code) => {
                let csize = size * 0.9;
                let items = self.shape_plain(code, csize, Style::default());
                self.lines(&items, x + size, width - size, csize, csize * 1.45, false);
                self.y += size * 0.5;
            }
            Block::List { start, items } => self.list(*start, items, x, width),
            Block::Quote(blocks) => {
                // Deep nesting stops indenting once the text would get too narrow.
                let indent = if width > size * 12.0 { size * 1.2 } else { 0.0 };
                self.ensure(lh);
                let start = self.y;
                self.quotes.push(QuoteBar {
                    x: x + size * 0.3,
                    start,
                });
                self.blocks(blocks, x + indent, width - indent);
                if let Some(q) = self.quotes.pop() {
                    let to = self.y - size * 0.5;
                    self.quote_bar(q.x, q.start, to);
                }
            }
            Block::Rule => {
                self.ensure(lh);
                self.placed();
                let y = self.y + lh / 2.0;
                self.draw(Draw::Line {
                    x1: x,
                    y1: y,
                    x2: x + width,
                    y2: y,
                    width: 0.5,
                    gray: 0.5,
                });
                self.y += lh;
            }
            Block::FillLine => {
                self.ensure(lh * 1.6);
                self.fill_line(x, width);
            }
            // Only the list of blocks it stands in knows what follows it (see `blocks`).
            Block::Fill => {}
            Block::PageBreak => {
                self.keep = None;
                if !self.at_top() {
                    self.new_page();
                }
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, x, width),
        }
    }

    pub(super) fn list(&mut self, start: Option<u64>, items: &[ListItem], x: f32, width: f32) {
        let size = self.setup.font_size;
        let indent = match start {
            Some(first) => {
                let last = first.saturating_add(items.len().saturating_sub(1) as u64);
                let label = format!("{last}.");
                let shaped = self.shape_plain(&label, size, Style::default());
                shaped.iter().map(|i| i.width).sum::<f32>() + size * 0.6
            }
            None => size * 1.5,
        }
        .max(size * 1.5);
        let indent = if width - indent > size * 10.0 {
            indent
        } else {
            0.0
        };
        let depth = self.list_depth(x);
        for (i, item) in items.iter().enumerate() {
            let marker = match (item.task, start) {
                (Some(checked), _) => Marker::Task(checked, x + size * 0.1),
                (None, Some(first)) => {
                    Marker::Text(format!("{}.", first.saturating_add(i as u64)), x)
                }
                (None, None) => Marker::Text(
                    match depth % 3 {
                        0 => "•",
                        1 => "◦",
                        _ => "▪",
                    }
                    .into(),
                    x + size * 0.3,
                ),
            };
            self.marker = Some(marker);
            self.blocks(&item.blocks, x + indent, width - indent);
            if let Some(marker) = self.marker.take() {
                // An empty item: the marker alone.
                let lh = self.body_lh();
                self.ensure(lh);
                self.placed();
                let base = self.y + Self::baseline(size, lh);
                self.draw_marker(marker, base, size);
                self.y += lh;
            }
        }
    }

    pub(super) fn list_depth(&self, x: f32) -> usize {
        ((x - self.left()) / (self.setup.font_size * 1.5))
            .round()
            .max(0.0) as usize
    }
}
