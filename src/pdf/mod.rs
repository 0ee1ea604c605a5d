//! PDF output: typesets the Markdown that the templates produce into a print-ready PDF, in process
//! (no external program).
//!
//! The pipeline is [`crate::document`] (pulldown-cmark events → a small block tree, and the page
//! setup of the front matter) → `layout` (lines
//! broken by UAX #14 with the Chinese line-breaking rules of `linebreak`, tables with
//! content-based column widths and header rows repeated on every page, running header and
//! `第 N 页 共 M 页` footer) → `embed` (one font subset for the whole set of documents, by
//! `subsetter`) → `content` and `write` (content streams and PDF objects written directly with
//! `pdf-writer`: outline, metadata and a document ID derived from the input, so that the same input
//! always gives the same bytes).
//!
//! Page setup comes from a YAML front-matter block at the top of the document (see
//! [`crate::document::page`] and `templates/README.md`). Besides CommonMark with tables, task lists and
//! strikethrough, the typesetter understands:
//! - a page break: a line `<!-- pagebreak -->` (or `<!-- newpage -->`), or a paragraph `\newpage`;
//! - blanks to fill in by hand: a run of three or more underscores typed in the template prints as
//!   a line (a line of underscores on its own is a full-width writing line); escaped underscores
//!   (`\_`, as riskctl escapes user data) stay underscores;
//! - `<!-- fill -->`: the rest of the page for handwriting (blank rows of the table before it, or
//!   writing lines), leaving what follows up to the next page break its room on the page;
//! - `<br>` inside a paragraph or table cell: a line break.
//!
//! Rows with a blank cell are at least 8 mm high; no line breaks inside a person's name, a
//! standard number, a document number or a model code (`linebreak`).
//!
//! Characters the font lacks are drawn as crossed boxes and listed in [`Typeset::missing`];
//! □ ☐ ☑ ☒ ■ ✓ ✔ ✗ ✘ are drawn as vector shapes when the font lacks them (and not reported).
mod charset;
mod content;
mod embed;
mod font;
mod layout;
mod linebreak;
mod write;

pub use font::PdfFont;

use crate::document::Document;
pub use crate::document::split_front_matter;
use crate::error::Error;
use charset::CharSet;

/// Zlib at level 1, for every stream of a PDF (content streams, font programs, ToUnicode maps):
/// a higher level saves a few per cent of the bytes for several times the time. One compressor
/// per thread, reset for each stream: a fresh one allocates and clears its tables each time.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESS: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(1), true));
    }
    COMPRESS.with_borrow_mut(|compress| {
        compress.reset();
        // Room for the worst case of level 1 (fixed codes: 9 bits a byte), so one call does it.
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 64);
        loop {
            let read = usize::try_from(compress.total_in()).unwrap_or(bytes.len());
            match compress.compress_vec(&bytes[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(e) => unreachable!("deflating into memory cannot fail: {e}"),
            }
        }
    })
}

/// PDF metadata.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub creator: String,
    /// The creation (and modification) date written into the PDF.
    pub date: chrono::NaiveDate,
}

/// A typeset document.
#[derive(Debug, Clone)]
pub struct Typeset {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, deduplicated, in order of appearance.
    pub missing: Vec<char>,
}

/// Typesets one Markdown document (front matter included) into a PDF.
pub fn typeset(markdown: &str, info: &DocumentInfo, font: &PdfFont) -> Result<Typeset, Error> {
    let document = Document::parse(markdown).map_err(|message| Error::Pdf {
        document: info.title.clone(),
        message,
    })?;
    typeset_document(&document, info, font, &[])
}

/// Typesets a parsed document into a PDF; no line break splits one of `names` (the people the
/// document names), nor a standard number, document number or model code.
pub fn typeset_document(
    document: &Document,
    info: &DocumentInfo,
    font: &PdfFont,
    names: &[String],
) -> Result<Typeset, Error> {
    typeset_documents(&[(document, info)], font, names)
        .pop()
        .unwrap_or_else(|| unreachable!("one result per document"))
}

/// A document laid out, waiting for the font subset of its set.
struct Draft<'a> {
    document: &'a Document,
    info: &'a DocumentInfo,
    title: String,
    laid: layout::Laid,
    /// The characters drawn in the regular and in the bold face.
    chars: (CharSet, CharSet),
}

fn lay_out<'a>(
    document: &'a Document,
    info: &'a DocumentInfo,
    font: &PdfFont,
    names: &[String],
) -> Draft<'a> {
    let setup = &document.setup;
    let title = setup.title.clone().unwrap_or_else(|| info.title.clone());
    let header = setup.running_header(&info.author, &title);

    let mut layouter = layout::Layouter::new(setup, font, linebreak::NoBreak::new(names));
    let (x, width) = layouter.content_x();
    layouter.blocks(&document.blocks, x, width);
    let laid = layouter.finish(&header);
    let chars = used_chars(&laid, font);
    Draft {
        document,
        info,
        title,
        laid,
        chars,
    }
}

/// The characters drawn in the regular and in the bold face by `laid`.
fn used_chars(laid: &layout::Laid, font: &PdfFont) -> (CharSet, CharSet) {
    let (mut regular, mut bold) = (CharSet::default(), CharSet::default());
    let runs = laid
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            layout::Draw::Text(run) => Some(run),
            _ => None,
        });
    for run in runs {
        let set = if run.bold && font.bold.is_some() {
            &mut bold
        } else {
            &mut regular
        };
        set.extend(&run.text);
    }
    (regular, bold)
}

fn write_out(
    draft: &Draft<'_>,
    font: &PdfFont,
    fonts: &write::Fonts,
    contents: &[Vec<u8>],
) -> Typeset {
    let Draft {
        document,
        info,
        title,
        laid,
        ..
    } = draft;
    let markdown = document.source.as_str();
    let mut fingerprint = Vec::with_capacity(markdown.len() + 64);
    for part in [
        markdown,
        title,
        &info.author,
        &info.subject,
        &info.creator,
        &font.identity,
    ] {
        fingerprint.extend_from_slice(part.as_bytes());
        fingerprint.push(0);
    }
    fingerprint.extend_from_slice(info.date.to_string().as_bytes());
    let meta = write::Meta {
        title,
        author: &info.author,
        subject: &info.subject,
        creator: &info.creator,
        producer: format!("riskctl {}", env!("CARGO_PKG_VERSION")),
        date: info.date,
        width: document.setup.width,
        height: document.setup.height,
        fingerprint,
    };
    Typeset {
        bytes: write::write(laid, &meta, fonts, contents),
        pages: laid.pages.len(),
        missing: laid.missing.clone(),
    }
}

/// Typesets several documents at once, spread over the available cores (the font is shared);
/// the results are in the order of `documents`.
pub fn typeset_all(
    documents: &[(&str, &DocumentInfo)],
    font: &PdfFont,
) -> Vec<Result<Typeset, Error>> {
    crate::parallel_map(documents, |(markdown, info)| typeset(markdown, info, font))
}

/// Typesets several parsed documents at once, like [`typeset_all`], with one font subset for
/// them all (never breaking inside `names`): every document is laid out first, the font is cut down to the characters they use
/// together, and each PDF embeds that subset.
pub fn typeset_documents(
    documents: &[(&Document, &DocumentInfo)],
    font: &PdfFont,
    names: &[String],
) -> Vec<Result<Typeset, Error>> {
    let drafts = crate::parallel_map(documents, |(document, info)| {
        lay_out(document, info, font, names)
    });
    let (mut regular, mut bold) = (CharSet::default(), CharSet::default());
    for draft in &drafts {
        regular.union(&draft.chars.0);
        bold.union(&draft.chars.1);
    }
    // A user's font the subsetter cannot handle must not take riskctl down.
    let embedded = embed::plan(font, &regular, &bold);
    // The pages are painted while the font programs are cut: the glyph numbers are planned.
    let (programs, contents) = rayon::join(
        || {
            embed::programs(font, &embedded)
                .map_err(|why| format!("the font {} is damaged: {why}", font.source))
        },
        || {
            crate::parallel_map(&drafts, |draft| {
                write::paint(&draft.laid, draft.document.setup.height, font, &embedded)
            })
        },
    );
    match programs {
        Ok(programs) => {
            let fonts = write::fonts(&embedded, &programs);
            let jobs: Vec<(&Draft, &Vec<Vec<u8>>)> = drafts.iter().zip(&contents).collect();
            crate::parallel_map(&jobs, |(draft, contents)| {
                Ok(write_out(draft, font, &fonts, contents))
            })
        }
        Err(message) => drafts
            .iter()
            .map(|draft| {
                Err(Error::Pdf {
                    document: draft.info.title.clone(),
                    message: message.clone(),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn font_is_shareable_across_threads() {
        assert_send_sync::<super::PdfFont>();
    }
}
