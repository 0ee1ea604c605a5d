//! Page layout: blocks flow down the pages; tables get content-based column widths, repeated header
//! rows and row-wise page breaks. The result is a display list per page, in points, measured from
//! the top-left corner of the page.
use std::collections::HashSet;

mod fill;
mod flow;
mod furniture;
mod inline;
mod table;

use super::font::PdfFont;
use super::linebreak::{NoBreak, break_lines, opportunities, widest_unbreakable};
use crate::document::{Align, Block, Inline, ListItem, PageSetup, Style};

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
    /// Units no line break may split (people's names, standard numbers…).
    no_break: NoBreak,
    /// The last table laid out, for a `<!-- fill -->` right after it.
    last_table: Option<TableEnd>,
}

/// Where a table ended, and how to draw more blank rows of it.
struct TableEnd {
    grid: table::Grid,
    ncols: usize,
    /// Height of a blank row.
    blank_h: f32,
    page: usize,
    /// The bottom of its last row.
    y: f32,
}

struct Cell {
    items: Vec<Item>,
    /// The characters and widths of `items`, for measuring and breaking.
    chars: Vec<char>,
    widths: Vec<f32>,
    /// Where a line may end (see [`opportunities`]): found once, for measuring and for breaking.
    opps: Vec<(usize, bool)>,
    lines: Vec<(usize, usize)>,
}

impl Cell {
    fn new(items: Vec<Item>, no_break: &NoBreak) -> Cell {
        let chars: Vec<char> = items.iter().map(|i| i.c).collect();
        Cell {
            opps: opportunities(&chars, no_break),
            widths: items.iter().map(|i| i.width).collect(),
            chars,
            items,
            lines: Vec::new(),
        }
    }
}

impl<'a> Layouter<'a> {
    pub(crate) fn new(setup: &'a PageSetup, font: &'a PdfFont, no_break: NoBreak) -> Self {
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
            no_break,
            last_table: None,
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

    pub(crate) fn content_x(&self) -> (f32, f32) {
        (self.left(), self.text_width())
    }
}
