//! Markdown → a small block tree the layout understands. Everything pulldown-cmark reports ends up
//! somewhere: constructs without a layout of their own (HTML, images, footnote markers, …) become
//! plain text.
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::inline::{FILL_MARK, block_text, finish_inlines, is_newpage};

/// Inline text style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Style),
    /// A hard line break.
    Break,
    /// A blank to fill in by hand: a run of `n` (≥ 3) underscores in the template.
    Fill(usize, Style),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Not given in the Markdown: the layout decides.
    Auto,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Quote(Vec<Block>),
    Rule,
    /// A line of underscores on its own: a full-width line to write on.
    FillLine,
    PageBreak,
    /// `<!-- fill -->`: the rest of the page is for handwriting. Right after a table, blank rows
    /// of that table; elsewhere, writing lines. What follows, up to the next page break, keeps
    /// the room it needs on the page.
    Fill,
    Code(String),
    Table {
        aligns: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// The word of a marker comment (`<!-- page-break -->` → `pagebreak`): lower case, without
/// white space, dashes or underscores.
fn marker_word(html: &str) -> Option<String> {
    let t = html.trim();
    let inner = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->"))?;
    Some(
        inner
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase(),
    )
}

/// True for an HTML block or inline HTML that asks for a page break.
fn is_page_break_html(html: &str) -> bool {
    marker_word(html).is_some_and(|w| w == "pagebreak" || w == "newpage")
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

fn is_br(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "<br/>" | "</br>")
}

enum Container {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List(Option<u64>, Vec<ListItem>),
    Item(Option<bool>, Vec<Block>),
    Table {
        aligns: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
}

/// Where the inline content being collected goes.
enum InlineTarget {
    Paragraph,
    Heading(u8),
    Cell,
    /// Inline content directly in a tight list item.
    Implicit,
}

/// Quotes, lists and items nested deeper than this are flattened.
const MAX_NESTING: usize = 24;

struct Builder<'s> {
    source: &'s str,
    stack: Vec<Container>,
    /// For each open quote, list or item: whether it got a container of its own.
    nested: Vec<bool>,
    inline: Option<(InlineTarget, Vec<Inline>)>,
    style: Style,
    links: Vec<(String, usize)>,
    raw: Option<String>,
    /// Where the front-matter block is, while it is read (a metadata block that opens the
    /// document), and then with its text.
    front_range: Option<std::ops::Range<usize>>,
    front: Option<(String, std::ops::Range<usize>)>,
}

impl<'s> Builder<'s> {
    fn push_block(&mut self, block: Block) {
        self.flush_implicit();
        self.push_block_raw(block);
    }

    fn push_block_raw(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Container::Root(b)) | Some(Container::Quote(b)) | Some(Container::Item(_, b)) => {
                b.push(block)
            }
            Some(Container::List(_, items)) => {
                // Cannot happen with pulldown-cmark; keep the content anyway.
                items.push(ListItem {
                    task: None,
                    blocks: vec![block],
                })
            }
            Some(Container::Table { rows, .. }) => rows.push(vec![block_text(&block)]),
            None => {}
        }
    }

    /// Ends inline content that sat directly in a tight list item.
    fn flush_implicit(&mut self) {
        if matches!(self.inline, Some((InlineTarget::Implicit, _)))
            && let Some((_, content)) = self.inline.take()
        {
            let content = finish_inlines(content);
            if !content.is_empty() {
                self.push_block_raw(Block::Paragraph(content));
            }
        }
    }

    fn inline_push(&mut self, item: Inline) {
        if self.inline.is_none() {
            self.inline = Some((InlineTarget::Implicit, Vec::new()));
        }
        if let Some((_, content)) = self.inline.as_mut() {
            content.push(item);
        }
    }

    fn text(&mut self, text: &str, fillable: bool) {
        let style = self.style;
        if fillable && text.contains('_') {
            // pulldown-cmark reports each underscore of a run as its own event; mark them and
            // join runs into blanks once the paragraph is complete (`finish_inlines`).
            self.inline_push(Inline::Text(
                text.replace('_', &FILL_MARK.to_string()),
                style,
            ));
        } else {
            self.inline_push(Inline::Text(text.to_string(), style));
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_implicit();
                self.inline = Some((InlineTarget::Paragraph, Vec::new()));
            }
            Tag::Heading { level, .. } => {
                self.flush_implicit();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.inline = Some((InlineTarget::Heading(level), Vec::new()));
            }
            Tag::BlockQuote(_) => {
                self.flush_implicit();
                self.nest(Container::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_implicit();
                self.raw = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.flush_implicit();
                self.raw = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_implicit();
                self.nest(Container::List(start, Vec::new()));
            }
            Tag::Item => {
                self.flush_implicit();
                self.nest(Container::Item(None, Vec::new()));
            }
            Tag::Table(aligns) => {
                self.flush_implicit();
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::Auto,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                self.stack.push(Container::Table {
                    aligns,
                    header: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(Container::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(Container::Table { rows, .. }) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline = Some((InlineTarget::Cell, Vec::new())),
            Tag::Emphasis => self.style.italic = true,
            Tag::Strong => self.style.bold = true,
            Tag::Strikethrough => self.style.strike = true,
            Tag::Link { dest_url, .. } => {
                let len = self.inline_text_len();
                self.links.push((dest_url.to_string(), len));
            }
            Tag::Image { .. } => {}
            Tag::MetadataBlock(_) => self.raw = Some(String::new()),
            // Not enabled; if they ever come, their content flows on as text.
            _ => {}
        }
    }

    /// Opens a quote, list or item, unless the nesting is already deeper than anyone writes
    /// (deeper content joins the innermost open container; this bounds the layout's recursion).
    fn nest(&mut self, container: Container) {
        let open = self.nested.iter().filter(|&&pushed| pushed).count();
        if open < MAX_NESTING {
            self.stack.push(container);
            self.nested.push(true);
        } else {
            self.nested.push(false);
        }
    }

    fn inline_text_len(&self) -> usize {
        self.inline.as_ref().map_or(0, |(_, c)| c.len())
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some((target, content)) = self.inline.take() {
                    let content = finish_inlines(content);
                    let block = match target {
                        InlineTarget::Heading(level) => Block::Heading(level, content),
                        _ if is_newpage(&content) => Block::PageBreak,
                        _ => Block::Paragraph(content),
                    };
                    self.push_block_raw(block);
                }
            }
            TagEnd::TableCell => {
                if let Some((_, content)) = self.inline.take() {
                    let content = finish_inlines(content);
                    if let Some(Container::Table {
                        header,
                        rows,
                        in_head,
                        ..
                    }) = self.stack.last_mut()
                    {
                        if *in_head {
                            header.push(content);
                        } else if let Some(row) = rows.last_mut() {
                            row.push(content);
                        }
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(Container::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(Container::Table {
                    aligns,
                    header,
                    rows,
                    ..
                }) = self.stack.pop()
                {
                    self.push_block(Block::Table {
                        aligns,
                        header,
                        rows,
                    });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_implicit();
                if !self.nested.pop().unwrap_or(false) {
                    return;
                }
                if let Some(Container::Quote(blocks)) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::List(_) => {
                self.flush_implicit();
                if !self.nested.pop().unwrap_or(false) {
                    return;
                }
                if let Some(Container::List(start, items)) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                self.flush_implicit();
                if !self.nested.pop().unwrap_or(false) {
                    return;
                }
                if let Some(Container::Item(task, blocks)) = self.stack.pop() {
                    if let Some(Container::List(_, items)) = self.stack.last_mut() {
                        items.push(ListItem { task, blocks });
                    } else {
                        for b in blocks {
                            self.push_block(b);
                        }
                    }
                }
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.raw.take() {
                    self.push_block(Block::Code(code.trim_end_matches('\n').to_string()));
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.raw.take() {
                    if is_page_break_html(&html) {
                        self.push_block(Block::PageBreak);
                    } else if marker_word(&html).is_some_and(|w| w == "fill") {
                        self.push_block(Block::Fill);
                    } else if !is_comment(&html) {
                        self.push_block(Block::Code(html.trim_end_matches('\n').to_string()));
                    }
                }
            }
            TagEnd::MetadataBlock(_) => {
                let raw = self.raw.take();
                if let (Some(yaml), Some(range)) = (raw, self.front_range.take()) {
                    self.front = Some((yaml, range));
                }
            }
            TagEnd::Emphasis => self.style.italic = false,
            TagEnd::Strong => self.style.bold = false,
            TagEnd::Strikethrough => self.style.strike = false,
            TagEnd::Link => {
                if let Some((url, from)) = self.links.pop() {
                    let shown: String = self
                        .inline
                        .as_ref()
                        .map(|(_, c)| {
                            c.iter()
                                .skip(from)
                                .filter_map(|i| match i {
                                    Inline::Text(t, _) => Some(t.as_str()),
                                    _ => None,
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                    if !url.is_empty() && shown.trim() != url && shown.trim() != bare {
                        let style = self.style;
                        self.inline_push(Inline::Text(format!(" ({url})"), style));
                    }
                }
            }
            _ => {}
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(raw) = self.raw.as_mut() {
                    raw.push_str(&text);
                } else {
                    // Underscore runs typed in the template are blanks to fill in; escaped ones
                    // (`\_`, from user data) stay underscores.
                    // pulldown-cmark leaves the backslash of `\_` outside the event's range.
                    let escaped = self
                        .source
                        .get(..range.start)
                        .is_some_and(|b| b.ends_with('\\'));
                    let fillable = !escaped && !self.source.get(range).unwrap_or("").contains('\\');
                    self.text(&text, fillable);
                }
            }
            Event::Code(code) => self.text(&code, false),
            Event::Html(html) => {
                if let Some(raw) = self.raw.as_mut() {
                    raw.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                if is_br(&html) {
                    self.inline_push(Inline::Break);
                } else if is_page_break_html(&html) || is_comment(&html) {
                    // A comment inside a paragraph prints nothing.
                } else {
                    self.text(&html, false);
                }
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => self.text(&m, false),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), false),
            Event::SoftBreak => {
                let style = self.style;
                self.inline_push(Inline::Text("\n".into(), style));
            }
            Event::HardBreak => self.inline_push(Inline::Break),
            Event::Rule => {
                let src = self.source.get(range).unwrap_or("").trim();
                if !src.is_empty() && src.chars().all(|c| c == '_' || c == ' ' || c == '\t') {
                    self.push_block(Block::FillLine);
                } else {
                    self.push_block(Block::Rule);
                }
            }
            Event::TaskListMarker(checked) => {
                // The marker is the first thing of its item.
                if let Some(Container::Item(task, _)) = self.stack.last_mut() {
                    *task = Some(checked);
                } else {
                    let style = self.style;
                    self.inline_push(Inline::Text(
                        if checked { "☑ " } else { "☐ " }.into(),
                        style,
                    ));
                }
            }
        }
    }
}

/// Parses the Markdown body (a front-matter block, if any, is skipped).
pub fn parse(markdown: &str) -> Vec<Block> {
    parse_document(markdown).1
}

/// The front-matter block of `markdown` (its YAML text and the byte range it occupies, as
/// [`super::front_matter`] finds it) and the blocks of the body, from one pass of the parser.
pub(super) fn parse_document(
    markdown: &str,
) -> (Option<(String, std::ops::Range<usize>)>, Vec<Block>) {
    let mut builder = Builder {
        source: markdown,
        stack: vec![Container::Root(Vec::new())],
        nested: Vec::new(),
        inline: None,
        style: Style::default(),
        links: Vec::new(),
        raw: None,
        front_range: None,
        front: None,
    };
    for (i, (event, range)) in Parser::new_ext(markdown, options())
        .into_offset_iter()
        .enumerate()
    {
        if i == 0 && matches!(event, Event::Start(Tag::MetadataBlock(_))) {
            builder.front_range = Some(range.clone());
        }
        builder.event(event, range);
    }
    builder.flush_implicit();
    // Close anything left open (cannot happen with well-formed events).
    while builder.stack.len() > 1 {
        match builder.stack.pop() {
            Some(Container::Quote(b)) | Some(Container::Item(_, b)) => {
                for block in b {
                    builder.push_block(block);
                }
            }
            Some(Container::List(start, items)) => builder.push_block(Block::List { start, items }),
            Some(Container::Table {
                aligns,
                header,
                rows,
                ..
            }) => builder.push_block(Block::Table {
                aligns,
                header,
                rows,
            }),
            _ => {}
        }
    }
    let blocks = match builder.stack.pop() {
        Some(Container::Root(blocks)) => blocks,
        _ => Vec::new(),
    };
    (builder.front, blocks)
}

#[cfg(test)]
mod tests;
