//! Page layout: blocks flow down the pages; tables get content-based column widths, repeated header
//! rows and row-wise page breaks. The result is a display list per page, in points, measured from
//! the top-left corner of the page.
use std::collections::HashSet;

use super::font::PdfFont;
use super::frontmatter::PageSetup;
use super::linebreak::{break_lines, widest_unbreakable};
use super::markdown::{Align, Block, Inline, ListItem, Style};

/// Symbols drawn as vector shapes when the font has no glyph for them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Symbol {
    Box,
    CheckedBox,
    CrossedBox,
    FilledBox,
    Check,
    Cross,
}

fn symbol_for(c: char) -> Option<Symbol> {
    Some(match c {
        '□' | '☐' | '❑' | '❒' => Symbol::Box,
        '☑' | '✅' => Symbol::CheckedBox,
        '☒' | '❎' => Symbol::CrossedBox,
        '■' => Symbol::FilledBox,
        '✓' | '✔' => Symbol::Check,
        '✗' | '✘' => Symbol::Cross,
        _ => return None,
    })
}

/// A run of text in one style. `y` is the baseline, measured downwards from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) size: f32,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) gray: f32,
    pub(crate) text: String,
    /// Invisible text squeezed or stretched to this width (the text of a fill-in blank).
    pub(crate) invisible_width: Option<f32>,
}

/// One thing to draw. `y` is measured downwards from the top of the page; for text and symbols it
/// is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Draw {
    Text(TextRun),
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<(f32, f32)>,
    },
    Symbol {
        x: f32,
        y: f32,
        size: f32,
        symbol: Symbol,
    },
    /// A character the font lacks: a crossed box, never a blank.
    Missing {
        x: f32,
        y: f32,
        size: f32,
        w: f32,
    },
}

impl Draw {
    fn shift(&mut self, dy: f32) {
        match self {
            Draw::Text(TextRun { y, .. })
            | Draw::Symbol { y, .. }
            | Draw::Missing { y, .. }
            | Draw::Rect { y, .. } => *y += dy,
            Draw::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub items: Vec<Draw>,
}

#[derive(Debug, Clone)]
pub(crate) struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

pub(crate) struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub missing: Vec<char>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Glyph,
    Symbol(Symbol),
    Missing,
    /// A blank to fill in: `n` underscores in the source.
    Fill(usize),
    Break,
}

/// One laid-out character (or atom) of a line.
#[derive(Debug, Clone, Copy)]
struct Item {
    c: char,
    kind: Kind,
    style: Style,
    width: f32,
}

const LINE_GRAY: f32 = 0.0;
const BORDER: f32 = 0.6;
const HEADER_SHADE: f32 = 0.9;

fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x09 | 0x0B..=0x1F | 0x7F..=0x9F | 0xAD | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Where the marker of a list item goes: drawn beside the first line laid out after it.
#[derive(Debug, Clone)]
enum Marker {
    Text(String, f32),
    Task(bool, f32),
}

/// Headings just placed, to carry onto the next page with what follows them.
#[derive(Debug, Clone, Copy)]
struct Keep {
    page: usize,
    item_start: usize,
    y_start: f32,
    outline_start: usize,
}

struct QuoteBar {
    x: f32,
    start: f32,
}

pub(crate) struct Layouter<'a> {
    font: &'a PdfFont,
    setup: &'a PageSetup,
    pages: Vec<Page>,
    y: f32,
    outline: Vec<OutlineEntry>,
    missing: Vec<char>,
    seen_missing: HashSet<char>,
    marker: Option<Marker>,
    keep: Option<Keep>,
    quotes: Vec<QuoteBar>,
}

struct Cell {
    items: Vec<Item>,
    lines: Vec<(usize, usize)>,
}

impl<'a> Layouter<'a> {
    pub(crate) fn new(setup: &'a PageSetup, font: &'a PdfFont) -> Self {
        Layouter {
            font,
            setup,
            pages: vec![Page::default()],
            y: setup.top,
            outline: Vec::new(),
            missing: Vec::new(),
            seen_missing: HashSet::new(),
            marker: None,
            keep: None,
            quotes: Vec::new(),
        }
    }

    fn top(&self) -> f32 {
        self.setup.top
    }

    fn bottom(&self) -> f32 {
        self.setup.height - self.setup.bottom
    }

    fn left(&self) -> f32 {
        self.setup.left
    }

    fn text_width(&self) -> f32 {
        self.setup.width - self.setup.left - self.setup.right
    }

    fn body_lh(&self) -> f32 {
        self.setup.font_size * 1.55
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn draw(&mut self, d: Draw) {
        self.page().items.push(d);
    }

    fn at_top(&self) -> bool {
        self.y <= self.top() + 0.01
    }

    fn new_page(&mut self) {
        let (top, y) = (self.top(), self.y);
        let bars: Vec<(f32, f32)> = self.quotes.iter().map(|q| (q.x, q.start)).collect();
        for (x, start) in bars {
            self.quote_bar(x, start, y);
        }
        for q in &mut self.quotes {
            q.start = top;
        }
        self.pages.push(Page::default());
        self.y = top;
    }

    fn quote_bar(&mut self, x: f32, from: f32, to: f32) {
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
    fn ensure(&mut self, h: f32) {
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
    fn placed(&mut self) {
        self.keep = None;
    }

    fn note_missing(&mut self, c: char) {
        if self.seen_missing.insert(c) {
            self.missing.push(c);
        }
    }

    /// Turns inline content into measured items.
    fn shape(&mut self, inlines: &[Inline], size: f32, force_bold: bool) -> Vec<Item> {
        let mut items = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(text, style) => {
                    let mut style = *style;
                    style.bold |= force_bold;
                    for c in text.chars() {
                        self.push_char(&mut items, c, style, size);
                    }
                }
                Inline::Fill(n, style) => {
                    let mut style = *style;
                    style.bold |= force_bold;
                    items.push(Item {
                        c: '\u{3007}',
                        kind: Kind::Fill(*n),
                        style,
                        width: (*n as f32 * 0.8 * size).min(self.text_width() * 0.9),
                    })
                }
                Inline::Break => items.push(Item {
                    c: '\n',
                    kind: Kind::Break,
                    style: Style::default(),
                    width: 0.0,
                }),
            }
        }
        items
    }

    fn shape_plain(&mut self, text: &str, size: f32, style: Style) -> Vec<Item> {
        let mut items = Vec::with_capacity(text.len());
        for c in text.chars() {
            self.push_char(&mut items, c, style, size);
        }
        items
    }

    fn push_char(&mut self, items: &mut Vec<Item>, c: char, style: Style, size: f32) {
        if c == '\n' {
            items.push(Item {
                c,
                kind: Kind::Break,
                style,
                width: 0.0,
            });
            return;
        }
        if ignorable(c) {
            return;
        }
        let face = self.font.face(style.bold);
        let (kind, width) = match face.advance(c) {
            Some(adv) => (Kind::Glyph, adv * size),
            None => match (c, symbol_for(c)) {
                (_, Some(symbol)) => (Kind::Symbol(symbol), size),
                ('\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}', _) => {
                    let space = face.advance(' ').unwrap_or(0.25);
                    return items.push(Item {
                        c: ' ',
                        kind: Kind::Glyph,
                        style,
                        width: space * size,
                    });
                }
                _ => {
                    self.note_missing(c);
                    (Kind::Missing, if wide(c) { size } else { 0.6 * size })
                }
            },
        };
        items.push(Item {
            c,
            kind,
            style,
            width,
        });
    }

    /// Draws items `range` of a line with its left edge at `x` and baseline `y`.
    fn draw_line(&mut self, items: &[Item], x: f32, y: f32, size: f32, gray: f32) {
        let mut pen = x;
        let mut i = 0;
        // Trailing white space is not drawn.
        let mut end = items.len();
        while end > 0 && matches!(items[end - 1].c, ' ' | '\n' | '\u{3000}') {
            end -= 1;
        }
        let items = &items[..end];
        while i < items.len() {
            let item = items[i];
            match item.kind {
                Kind::Glyph => {
                    let mut text = String::new();
                    let mut w = 0.0;
                    let mut j = i;
                    while j < items.len()
                        && items[j].kind == Kind::Glyph
                        && items[j].style == item.style
                    {
                        text.push(items[j].c);
                        w += items[j].width;
                        j += 1;
                    }
                    if !text.trim().is_empty() {
                        self.draw(Draw::Text(TextRun {
                            x: pen,
                            y,
                            size,
                            bold: item.style.bold,
                            italic: item.style.italic,
                            gray,
                            text,
                            invisible_width: None,
                        }));
                    }
                    if item.style.strike {
                        self.draw(Draw::Line {
                            x1: pen,
                            y1: y - 0.3 * size,
                            x2: pen + w,
                            y2: y - 0.3 * size,
                            width: 0.05 * size,
                            gray,
                        });
                    }
                    pen += w;
                    i = j;
                    continue;
                }
                Kind::Symbol(symbol) => self.draw(Draw::Symbol {
                    x: pen,
                    y,
                    size,
                    symbol,
                }),
                Kind::Missing => self.draw(Draw::Missing {
                    x: pen,
                    y,
                    size,
                    w: item.width,
                }),
                Kind::Fill(n) => {
                    let ly = y + 0.15 * size;
                    self.draw(Draw::Line {
                        x1: pen + 0.1 * size,
                        y1: ly,
                        x2: pen + item.width - 0.1 * size,
                        y2: ly,
                        width: 0.6,
                        gray: LINE_GRAY,
                    });
                    if self.font.face(false).glyph('_').is_some() {
                        self.draw(Draw::Text(TextRun {
                            x: pen,
                            y,
                            size,
                            bold: false,
                            italic: false,
                            gray,
                            text: "_".repeat(n.min(200)),
                            invisible_width: Some(item.width),
                        }));
                    }
                }
                Kind::Break => {}
            }
            pen += item.width;
            i += 1;
        }
    }

    fn draw_marker(&mut self, marker: Marker, y: f32, size: f32) {
        match marker {
            Marker::Text(text, x) => {
                let items = self.shape_plain(&text, size, Style::default());
                self.draw_line(&items, x, y, size, 0.0);
            }
            Marker::Task(checked, x) => self.draw(Draw::Symbol {
                x,
                y,
                size,
                symbol: if checked {
                    Symbol::CheckedBox
                } else {
                    Symbol::Box
                },
            }),
        }
    }

    /// Baseline offset of a line of `size` text centred in a line box of height `lh`.
    fn baseline(size: f32, lh: f32) -> f32 {
        (lh - size) / 2.0 + 0.88 * size
    }

    /// Lays out a run of inline content as lines.
    #[allow(clippy::too_many_arguments)]
    fn lines(&mut self, items: &[Item], x: f32, width: f32, size: f32, lh: f32, centered: bool) {
        let chars: Vec<char> = items.iter().map(|i| i.c).collect();
        let widths: Vec<f32> = items.iter().map(|i| i.width).collect();
        let ranges = break_lines(&chars, &widths, width, false);
        let ranges = if ranges.is_empty() {
            vec![(0, 0)]
        } else {
            ranges
        };
        for (s, e) in ranges {
            self.ensure(lh);
            self.placed();
            let base = self.y + Self::baseline(size, lh);
            if let Some(marker) = self.marker.take() {
                self.draw_marker(marker, base, size);
            }
            let line = &items[s..e];
            let dx = if centered {
                let w: f32 = line
                    .iter()
                    .rev()
                    .skip_while(|i| matches!(i.c, ' ' | '\n' | '\u{3000}'))
                    .map(|i| i.width)
                    .sum();
                ((width - w) / 2.0).max(0.0)
            } else {
                0.0
            };
            self.draw_line(line, x + dx, base, size, 0.0);
            self.y += lh;
        }
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) {
        for (i, block) in blocks.iter().enumerate() {
            self.block(block, x, width, i == 0);
        }
    }

    fn block(&mut self, block: &Block, x: f32, width: f32, first: bool) {
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
                self.y += lh * 1.6 + size * 0.5;
            }
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

    fn list(&mut self, start: Option<u64>, items: &[ListItem], x: f32, width: f32) {
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

    fn list_depth(&self, x: f32) -> usize {
        ((x - self.left()) / (self.setup.font_size * 1.5))
            .round()
            .max(0.0) as usize
    }

    #[allow(clippy::too_many_lines)]
    fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f32,
        width: f32,
    ) {
        let size = self.setup.table_font_size;
        let lh = size * 1.4;
        let pad_x = size * 0.45;
        let pad_y = size * 0.3;
        let ncols = header
            .len()
            .max(aligns.len())
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let empty: Vec<Inline> = Vec::new();
        let shape_row = |this: &mut Self, cells: &[Vec<Inline>], bold: bool| -> Vec<Cell> {
            (0..ncols)
                .map(|c| Cell {
                    items: this.shape(cells.get(c).unwrap_or(&empty), size, bold),
                    lines: Vec::new(),
                })
                .collect()
        };
        let mut head = if header.is_empty() {
            None
        } else {
            Some(shape_row(self, header, true))
        };
        let mut body: Vec<Vec<Cell>> = rows.iter().map(|r| shape_row(self, r, false)).collect();

        // Column widths from content.
        let mut min = vec![0.0f32; ncols];
        let mut max = vec![0.0f32; ncols];
        let mut body_max = vec![0.0f32; ncols];
        let mut weight = vec![0.0f32; ncols];
        let measure = |cell: &Cell| {
            let chars: Vec<char> = cell.items.iter().map(|i| i.c).collect();
            let widths: Vec<f32> = cell.items.iter().map(|i| i.width).collect();
            let narrow = widest_unbreakable(&chars, &widths);
            let mut natural = 0.0f32;
            let mut line = 0.0f32;
            for item in &cell.items {
                if item.kind == Kind::Break {
                    natural = natural.max(line);
                    line = 0.0;
                } else {
                    line += item.width;
                }
            }
            (narrow, natural.max(line))
        };
        for (r, row) in head.iter().chain(body.iter()).enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (narrow, natural) = measure(cell);
                min[c] = min[c].max(narrow);
                max[c] = max[c].max(natural);
                weight[c] += natural;
                if r > 0 || head.is_none() {
                    body_max[c] = body_max[c].max(natural);
                }
            }
        }
        let pad = 2.0 * pad_x;
        for c in 0..ncols {
            let natural = max[c].max(2.0 * size);
            max[c] = natural + pad;
            min[c] = min[c].max(2.0 * size).min(natural) + pad;
        }
        let widths = column_widths(&min, &max, &weight, width, 7.0 * size + pad);
        let aligns: Vec<Align> = (0..ncols)
            .map(|c| match aligns.get(c).copied().unwrap_or(Align::Auto) {
                // Short entries (numbers, 是/否, □) read best centred.
                Align::Auto if body_max[c] <= 3.0 * size && !body.is_empty() => Align::Center,
                Align::Auto => Align::Left,
                a => a,
            })
            .collect();
        let mut col_x = Vec::with_capacity(ncols);
        let mut acc = x;
        for w in &widths {
            col_x.push(acc);
            acc += w;
        }

        // Break every cell into lines.
        let break_row = |row: &mut Vec<Cell>| {
            for (c, cell) in row.iter_mut().enumerate() {
                let chars: Vec<char> = cell.items.iter().map(|i| i.c).collect();
                let ws: Vec<f32> = cell.items.iter().map(|i| i.width).collect();
                cell.lines = break_lines(&chars, &ws, widths[c] - pad, true);
                if cell.lines.is_empty() {
                    cell.lines.push((0, 0));
                }
            }
        };
        if let Some(h) = head.as_mut() {
            break_row(h);
        }
        for row in &mut body {
            break_row(row);
        }
        let row_lines = |row: &[Cell]| row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        let is_blank = |row: &[Cell]| {
            row.iter()
                .all(|c| c.items.iter().all(|i| i.c.is_whitespace()))
        };
        let head_h = head
            .as_ref()
            .map_or(0.0, |h| row_lines(h) as f32 * lh + 2.0 * pad_y);
        let page_room = self.bottom() - self.top();
        // A header taller than half a page is not repeated.
        let repeat_head = head_h <= page_room / 2.0;

        let first_h = body.first().map_or(0.0, |r| {
            let h = row_lines(r) as f32 * lh + 2.0 * pad_y;
            h.min(page_room - head_h).max(lh + 2.0 * pad_y)
        });
        self.ensure(head_h + first_h);
        self.placed();
        if let Some(h) = head.as_ref() {
            let n = row_lines(h);
            self.table_row(
                h, 0, n, true, &col_x, &widths, &aligns, size, lh, pad_x, pad_y, head_h,
            );
        }
        for row in &body {
            let total = row_lines(row);
            let natural_h = total as f32 * lh + 2.0 * pad_y;
            let h = if is_blank(row) {
                natural_h.max(2.2 * lh)
            } else {
                natural_h
            };
            if self.y + h > self.bottom() + 0.01
                && h <= page_room - if repeat_head { head_h } else { 0.0 }
            {
                self.new_page();
                if let (Some(hd), true) = (head.as_ref(), repeat_head) {
                    let n = row_lines(hd);
                    self.table_row(
                        hd, 0, n, true, &col_x, &widths, &aligns, size, lh, pad_x, pad_y, head_h,
                    );
                }
            }
            if self.y + h <= self.bottom() + 0.01 {
                self.table_row(
                    row, 0, total, false, &col_x, &widths, &aligns, size, lh, pad_x, pad_y, h,
                );
                continue;
            }
            // Taller than a page: split between lines.
            let mut from = 0;
            let mut fresh = false;
            while from < total {
                let room = ((self.bottom() - self.y - 2.0 * pad_y) / lh)
                    .floor()
                    .max(0.0) as usize;
                if room == 0 && !fresh {
                    self.new_page();
                    if let (Some(hd), true) = (head.as_ref(), repeat_head) {
                        let n = row_lines(hd);
                        self.table_row(
                            hd, 0, n, true, &col_x, &widths, &aligns, size, lh, pad_x, pad_y,
                            head_h,
                        );
                    }
                    fresh = true;
                    continue;
                }
                // At least one line per page, so that the loop always ends.
                let count = room.max(1).min(total - from);
                let seg_h = count as f32 * lh + 2.0 * pad_y;
                self.table_row(
                    row, from, count, false, &col_x, &widths, &aligns, size, lh, pad_x, pad_y,
                    seg_h,
                );
                from += count;
                fresh = false;
            }
        }
        self.y += self.setup.font_size * 0.8;
    }

    /// Draws lines `from..from + count` of every cell of a row at the current position.
    #[allow(clippy::too_many_arguments)]
    fn table_row(
        &mut self,
        row: &[Cell],
        from: usize,
        count: usize,
        header: bool,
        col_x: &[f32],
        widths: &[f32],
        aligns: &[Align],
        size: f32,
        lh: f32,
        pad_x: f32,
        pad_y: f32,
        h: f32,
    ) {
        let y = self.y;
        if header {
            let total: f32 = widths.iter().sum();
            self.draw(Draw::Rect {
                x: col_x[0],
                y,
                w: total,
                h,
                fill: Some(HEADER_SHADE),
                stroke: None,
            });
        }
        if let Some(marker) = self.marker.take() {
            let base = y + pad_y + Self::baseline(self.setup.font_size, lh);
            self.draw_marker(marker, base, self.setup.font_size);
        }
        for (c, cell) in row.iter().enumerate() {
            let lines = cell.lines.len();
            let shown = lines.saturating_sub(from).min(count);
            let dy = if header {
                (h - 2.0 * pad_y - shown as f32 * lh) / 2.0
            } else {
                0.0
            };
            for (k, &(s, e)) in cell.lines.iter().skip(from).take(count).enumerate() {
                let line = &cell.items[s..e];
                let w: f32 = {
                    let mut end = line.len();
                    while end > 0 && matches!(line[end - 1].c, ' ' | '\n' | '\u{3000}') {
                        end -= 1;
                    }
                    line[..end].iter().map(|i| i.width).sum()
                };
                let align = if header { Align::Center } else { aligns[c] };
                let inner = widths[c] - 2.0 * pad_x;
                let lx = match align {
                    Align::Center => col_x[c] + pad_x + ((inner - w) / 2.0).max(0.0),
                    Align::Right => col_x[c] + pad_x + (inner - w).max(0.0),
                    _ => col_x[c] + pad_x,
                };
                let base = y + pad_y + dy + k as f32 * lh + Self::baseline(size, lh);
                self.draw_line(line, lx, base, size, 0.0);
            }
        }
        for (c, &w) in widths.iter().enumerate() {
            self.draw(Draw::Rect {
                x: col_x[c],
                y,
                w,
                h,
                fill: None,
                stroke: Some((0.5, BORDER)),
            });
        }
        self.y += h;
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

    pub(crate) fn content_x(&self) -> (f32, f32) {
        (self.left(), self.text_width())
    }
}

/// Cuts a single line to `width`, ending it with an ellipsis when cut.
fn truncate(items: Vec<Item>, width: f32, ellipsis: Option<f32>) -> Vec<Item> {
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

/// Column widths from each column's narrowest (`min`) and natural one-line (`max`) width and its
/// amount of text (`weight`, the natural widths of its cells added up).
///
/// Columns whose text fits on one line within their share keep their natural width; the others
/// share what is left in proportion to their amount of text, so that cells wrap to similar
/// numbers of lines, but none gets less than `comfort` (a few characters) when that can be had,
/// nor less than its `min`. A table narrower than `total` is stretched to fill it.
pub(crate) fn column_widths(
    min: &[f32],
    max: &[f32],
    weight: &[f32],
    total: f32,
    comfort: f32,
) -> Vec<f32> {
    let n = min.len();
    let sum_min: f32 = min.iter().sum();
    if sum_min >= total {
        // Even the minimums do not fit: shrink them all alike (long words will be cut).
        return min.iter().map(|m| m * total / sum_min.max(1e-3)).collect();
    }
    let mut lower: Vec<f32> = (0..n).map(|i| min[i].max(max[i].min(comfort))).collect();
    if lower.iter().sum::<f32>() > total {
        lower = min.to_vec();
    }
    let weight: Vec<f32> = (0..n).map(|i| weight[i].max(lower[i]).max(1e-3)).collect();
    let mut widths = vec![0.0f32; n];
    let mut fixed = vec![false; n];
    loop {
        let open: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        if open.is_empty() {
            break;
        }
        let room = total - (0..n).filter(|&i| fixed[i]).map(|i| widths[i]).sum::<f32>();
        let w_sum: f32 = open.iter().map(|&i| weight[i]).sum();
        let share = |i: usize| room * weight[i] / w_sum;
        let mut changed = false;
        for &i in &open {
            if max[i] <= share(i) {
                widths[i] = max[i];
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            for &i in &open {
                if lower[i] >= share(i) {
                    widths[i] = lower[i];
                    fixed[i] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            for &i in &open {
                widths[i] = share(i);
            }
            break;
        }
    }
    let used: f32 = widths.iter().sum();
    if used > 0.0 && used < total {
        let extra = total - used;
        widths = widths.iter().map(|w| w + extra * w / used).collect();
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn short_columns_keep_their_natural_width_long_ones_share_by_text() {
        let w = column_widths(
            &[20.0, 20.0, 20.0],
            &[30.0, 400.0, 600.0],
            &[300.0, 2000.0, 6000.0],
            500.0,
            50.0,
        );
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.1, "{w:?}");
        assert!((w[0] - 30.0).abs() < 0.01, "{w:?}");
        assert!(w[2] > 2.0 * w[1], "{w:?}");
        // A key/value table: the key column is not stretched to half the page.
        let w = column_widths(&[20.0, 20.0], &[80.0, 900.0], &[600.0, 1600.0], 800.0, 50.0);
        assert!((w[0] - 80.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn narrow_table_is_stretched_and_overfull_one_squeezed() {
        let w = column_widths(&[10.0, 10.0], &[50.0, 100.0], &[50.0, 100.0], 300.0, 40.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.1, "{w:?}");
        let w = column_widths(
            &[200.0, 200.0],
            &[300.0, 300.0],
            &[300.0, 300.0],
            300.0,
            40.0,
        );
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.1, "{w:?}");
    }
}
