//! Page furniture and pagination: new pages, keeping blocks together, quote bars, and the
//! running header and `第 N 页 共 M 页` footer drawn on every page at the end.
use super::*;

impl Layouter<'_> {
    pub(super) fn new_page(&mut self) {
        let (top, y) = (self.top(), self.y);
        let bars: Vec<(f32, f32)> = self.quotes.iter().map(|q| (q.x, q.start)).collect();
        for (x, start) in bars {
            self.quote_bar(x, start, y);
        }
        for q in &mut self.quotes {
            q.start = top;
        }
        // Pages of one document hold about as much as each other: room for as much as the last.
        let room = self.pages.last().map_or(0, |p| p.items.len() + 16);
        self.pages.push(Page {
            items: Vec::with_capacity(room),
        });
        self.y = top;
    }

    pub(super) fn quote_bar(&mut self, x: f32, from: f32, to: f32) {
        if to > from + 1.0 {
            self.draw(Draw::Line {
                x1: x,
                y1: from,
                x2: x,
                y2: to,
                width: 2.0,
                gray: 0.75,
            });
        }
    }

    /// Makes room for `h` points of content, starting a new page if needed (and carrying the
    /// headings just placed along with it).
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h <= self.bottom() + 0.01 || self.at_top() {
            return;
        }
        let keep = self.keep.take();
        let current = self.pages.len() - 1;
        match keep {
            Some(k) if k.page == current && k.y_start > self.top() + 0.01 => {
                let moved: Vec<Draw> = self.pages[current].items.drain(k.item_start..).collect();
                let y_end = self.y;
                self.y = k.y_start;
                self.new_page();
                let dy = self.top() - k.y_start;
                let page = self.pages.len() - 1;
                for mut d in moved {
                    d.shift(dy);
                    self.draw(d);
                }
                for entry in self.outline.iter_mut().skip(k.outline_start) {
                    entry.page = page;
                    entry.y += dy;
                }
                self.y = y_end + dy;
                self.keep = Some(Keep {
                    page,
                    item_start: 0,
                    y_start: self.top(),
                    outline_start: k.outline_start,
                });
            }
            _ => self.new_page(),
        }
    }

    /// Content other than a heading was placed: headings before it are no longer kept with it.
    pub(super) fn placed(&mut self) {
        self.keep = None;
    }

    /// Adds the running header and the page footer to every page and returns the result.
    pub(crate) fn finish(mut self, header: &str) -> Laid {
        let bars: Vec<(f32, f32)> = self.quotes.iter().map(|q| (q.x, q.start)).collect();
        let y = self.y;
        for (x, start) in bars {
            self.quote_bar(x, start, y);
        }
        // A trailing empty page (after a final page break) is dropped.
        while self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.items.is_empty()) {
            self.pages.pop();
        }
        let total = self.pages.len();
        let size = 8.0;
        let left = self.left();
        let right = self.setup.width - self.setup.right;
        let width = right - left;
        let header_base = (self.top() - 9.0).max(size + 4.0);
        let footer_base = (self.bottom() + 18.0).min(self.setup.height - 8.0);
        let footer_template = self.setup.footer.clone();
        for p in 0..total {
            let mut extra = Vec::new();
            std::mem::swap(&mut extra, &mut self.pages[p].items);
            // Draw into a scratch page, then put the body after the header.
            self.pages.push(Page::default());
            if !header.is_empty() {
                let items = self.shape_plain(header, size, Style::default());
                let items = truncate(
                    items,
                    width,
                    self.font.face(false).advance('…').map(|a| a * size),
                );
                self.draw_line(&items, left, header_base, size, 0.35);
                self.draw(Draw::Line {
                    x1: left,
                    y1: header_base + 4.0,
                    x2: right,
                    y2: header_base + 4.0,
                    width: 0.4,
                    gray: 0.6,
                });
            }
            let footer = footer_template
                .replace("{page}", &(p + 1).to_string())
                .replace("{pages}", &total.to_string());
            if !footer.trim().is_empty() {
                let items = self.shape_plain(&footer, size, Style::default());
                let items = truncate(items, width, None);
                let w: f32 = items.iter().map(|i| i.width).sum();
                self.draw_line(&items, left + (width - w) / 2.0, footer_base, size, 0.35);
            }
            let mut decorations = self.pages.pop().map(|pg| pg.items).unwrap_or_default();
            decorations.extend(extra);
            self.pages[p].items = decorations;
        }
        Laid {
            pages: self.pages,
            outline: self.outline,
            missing: self.missing,
        }
    }
}

/// Cuts a single line to `width`, ending it with an ellipsis when cut.
pub(super) fn truncate(items: Vec<Item>, width: f32, ellipsis: Option<f32>) -> Vec<Item> {
    let total: f32 = items.iter().map(|i| i.width).sum();
    if total <= width {
        return items;
    }
    let ell = ellipsis.unwrap_or(0.0);
    let mut out = Vec::new();
    let mut w = 0.0;
    for item in items {
        if w + item.width + ell > width {
            break;
        }
        w += item.width;
        out.push(item);
    }
    if let Some(ew) = ellipsis {
        out.push(Item {
            c: '…',
            kind: Kind::Glyph,
            style: Style::default(),
            width: ew,
        });
    }
    out
}
