//! The document tree shared by every page-based writer: the Markdown the templates rendered,
//! parsed once into blocks ([`markdown`]) and the page setup of its front-matter block ([`page`]).
//! The PDF typesetter lays it out; a DOCX writer would walk the same tree.
mod inline;
pub mod markdown;
pub mod page;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub use markdown::{Align, Block, Inline, ListItem, Style};
pub use page::PageSetup;

/// A parsed document: its source, page setup and blocks.
#[derive(Debug, Clone)]
pub struct Document {
    /// The Markdown it was parsed from, front matter included.
    pub source: String,
    pub setup: PageSetup,
    pub blocks: Vec<Block>,
    /// Where the body starts in `source`: after the front matter.
    body: usize,
}

impl Document {
    /// Parses a rendered document; the error is a front-matter problem, as text.
    pub fn parse(source: &str) -> Result<Document, String> {
        let (front, blocks) = markdown::parse_document(source);
        let (setup, body) = match front {
            Some((yaml, range)) => (page::parse(&yaml)?, range.end),
            None => (PageSetup::default(), 0),
        };
        Ok(Document {
            source: source.to_string(),
            setup,
            blocks,
            body,
        })
    }

    /// The text of the first `# ` line of the body, trimmed: the document's title.
    pub fn first_heading(&self) -> Option<String> {
        heading(self.source.get(self.body..).unwrap_or(""))
    }
}

/// The text of the first `# ` line after the front matter, trimmed.
pub fn first_heading(markdown: &str) -> Option<String> {
    heading(split_front_matter(markdown).1)
}

fn heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
}

/// Splits a document into its front-matter block (the YAML text between the `---` lines, if the
/// document starts with one) and the Markdown body after it.
pub fn split_front_matter(markdown: &str) -> (Option<String>, &str) {
    match front_matter(markdown) {
        Some((yaml, range)) => (Some(yaml), markdown.get(range.end..).unwrap_or("")),
        None => (None, markdown),
    }
}

/// The front-matter block of `markdown`, if any: its YAML text and the byte range it occupies.
pub fn front_matter(markdown: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut parser = Parser::new_ext(markdown, markdown::options()).into_offset_iter();
    match parser.next() {
        Some((Event::Start(Tag::MetadataBlock(_)), range)) => {
            let mut yaml = String::new();
            for (event, _) in parser.by_ref() {
                match event {
                    Event::Text(t) => yaml.push_str(&t),
                    Event::End(TagEnd::MetadataBlock(_)) => break,
                    _ => {}
                }
            }
            Some((yaml, range))
        }
        _ => None,
    }
}
