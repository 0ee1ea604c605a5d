//! A laid-out document → PDF bytes, written directly with `pdf-writer`: the set's embedded faces as
//! Type 0 fonts, one deflated content stream per page, a nested outline with positions, our Info
//! dictionary and a document ID derived from the input, so the same input gives the same bytes.
use pdf_writer::types::{CidFontType, FontFlags, PageMode, SystemInfo};
use pdf_writer::{Chunk, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::content::{BOLD, Painter, REGULAR};
use super::deflate;
use super::embed::{Embedded, EmbeddedFont, Programs, system_info};
use super::font::PdfFont;
use super::layout::{Laid, OutlineEntry};

pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub producer: String,
    pub date: chrono::NaiveDate,
    pub width: f32,
    pub height: f32,
    /// Bytes that identify the input, hashed into the document ID.
    pub fingerprint: Vec<u8>,
}

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Writes one embedded face (and its `program`) as a Type 0 font with Identity-H encoding;
/// returns the font's ref.
fn write_face(chunk: &mut Chunk, refs: &mut Refs, face: &Embedded, program_bytes: &[u8]) -> Ref {
    let (type0, cid_font, descriptor, program, to_unicode) = (
        refs.next(),
        refs.next(),
        refs.next(),
        refs.next(),
        refs.next(),
    );
    let base_font = Name(face.base_font.as_bytes());
    chunk
        .type0_font(type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    let mut cid = chunk.cid_font(cid_font);
    cid.subtype(if face.cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(base_font)
    .system_info(system_info())
    .font_descriptor(descriptor)
    .default_width(0.0);
    if !face.cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, face.widths.iter().copied());
    cid.finish();
    let m = &face.metrics;
    let mut flags = FontFlags::SYMBOLIC;
    if m.monospaced {
        flags |= FontFlags::FIXED_PITCH;
    }
    if m.italic_angle != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    let mut fd = chunk.font_descriptor(descriptor);
    fd.name(base_font)
        .flags(flags)
        .bbox(Rect::new(m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]))
        .italic_angle(m.italic_angle)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(80.0);
    if face.cff {
        fd.font_file3(program);
    } else {
        fd.font_file2(program);
    }
    fd.finish();
    let mut stream = chunk.stream(program, program_bytes);
    stream.filter(Filter::FlateDecode);
    if face.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    }
    stream.finish();
    let mut cmap = chunk.cmap(to_unicode, &face.to_unicode);
    cmap.name(Name(b"Adobe-Identity-UCS"))
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        });
    cmap.filter(Filter::FlateDecode);
    type0
}

/// The outline (bookmarks) as a tree following the heading levels.
fn write_outline(
    pdf: &mut Pdf,
    refs: &mut Refs,
    outline: &[OutlineEntry],
    pages: &[Ref],
    height: f32,
) -> Option<Ref> {
    if outline.is_empty() {
        return None;
    }
    let root = refs.next();
    let ids: Vec<Ref> = outline.iter().map(|_| refs.next()).collect();
    // Parent of each entry: the nearest earlier entry of a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(outline.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in outline.iter().enumerate() {
        while stack.last().is_some_and(|&j| outline[j].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..outline.len()).filter(|&i| parent[i] == p).collect()
    };
    let mut descendants = vec![0i32; outline.len()];
    for i in (0..outline.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, e) in outline.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut item = pdf.outline_item(ids[i]);
        item.title(TextStr(&e.title))
            .parent(parent[i].map_or(root, |p| ids[p]));
        if pos > 0 {
            item.prev(ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            item.next(ids[next]);
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.first(ids[first]).last(ids[last]).count(descendants[i]);
        }
        if let Some(&page) = pages.get(e.page).or(pages.last()) {
            item.dest().page(page).xyz(0.0, height - e.y + 4.0, None);
        }
    }
    let top = children(None);
    let mut root_dict = pdf.outline(root);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root_dict.first(ids[first]).last(ids[last]);
    }
    root_dict.count(outline.len() as i32);
    Some(root)
}

fn pdf_date(date: chrono::NaiveDate) -> Date {
    use chrono::Datelike;
    Date::new(u16::try_from(date.year()).unwrap_or(2000))
        .month(date.month() as u8)
        .day(date.day() as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
}

/// The content stream of every page of `laid`, deflated: painted while the font programs are
/// being cut, since the glyph numbers are planned before.
pub(crate) fn paint(
    laid: &Laid,
    height: f32,
    font: &PdfFont,
    embedded: &EmbeddedFont,
) -> Vec<Vec<u8>> {
    laid.pages
        .iter()
        .map(|page| {
            let mut painter = Painter::new(height, font, embedded);
            for d in &page.items {
                painter.draw(d);
            }
            deflate(&painter.finish())
        })
        .collect()
}

/// The objects of a set's fonts, the same bytes in every PDF of the set: written once, numbered
/// right after the catalog, the page tree and the Info dictionary of each PDF.
pub(crate) struct Fonts {
    chunk: Chunk,
    regular: Ref,
    bold: Option<Ref>,
    /// The last object number the fonts use.
    last: i32,
}

/// Objects 1 to 3 of every PDF: the catalog, the page tree and the Info dictionary.
const CATALOG: Ref = Ref::new(1);
const TREE: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);

/// The font objects of a set (see [`Fonts`]).
pub(crate) fn fonts(embedded: &EmbeddedFont, programs: &Programs) -> Fonts {
    let mut refs = Refs(INFO.get());
    let size = programs.regular.len()
        + programs.bold.as_ref().map_or(0, Vec::len)
        + embedded.regular.to_unicode.len()
        + embedded.bold.as_ref().map_or(0, |b| b.to_unicode.len());
    // The widths arrays and dictionaries: a few bytes a glyph and a few hundred an object.
    let glyphs =
        embedded.regular.widths.len() + embedded.bold.as_ref().map_or(0, |b| b.widths.len());
    let mut chunk = Chunk::with_capacity(size + 8 * glyphs + 4096);
    let regular = write_face(&mut chunk, &mut refs, &embedded.regular, &programs.regular);
    let bold = embedded
        .bold
        .as_ref()
        .zip(programs.bold.as_deref())
        .map(|(face, program)| write_face(&mut chunk, &mut refs, face, program));
    Fonts {
        chunk,
        regular,
        bold,
        last: refs.0,
    }
}

/// The PDF of `laid`, with its pages' `contents` (from [`paint`]) and the set's `fonts`.
pub(crate) fn write(laid: &Laid, meta: &Meta<'_>, fonts: &Fonts, contents: &[Vec<u8>]) -> Vec<u8> {
    let (catalog, tree, info) = (CATALOG, TREE, INFO);
    let mut refs = Refs(fonts.last);
    // Room for everything, so the buffer is never copied to grow: the streams, the fonts, and
    // a few hundred bytes for each page and outline entry and for the rest.
    let streams: usize = contents.iter().map(Vec::len).sum();
    let mut pdf = Pdf::with_capacity(
        fonts.chunk.len() + streams + 300 * (contents.len() + laid.outline.len()) + 4096,
    );
    pdf.set_version(1, 7);
    let (regular, bold) = (fonts.regular, fonts.bold);

    let page_ids: Vec<Ref> = laid.pages.iter().map(|_| refs.next()).collect();
    let content_ids: Vec<Ref> = laid.pages.iter().map(|_| refs.next()).collect();
    let media = Rect::new(0.0, 0.0, meta.width, meta.height);
    for ((stream, &id), &content_id) in contents.iter().zip(&page_ids).zip(&content_ids) {
        pdf.stream(content_id, stream).filter(Filter::FlateDecode);
        let mut p = pdf.page(id);
        p.parent(tree).media_box(media).contents(content_id);
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        font_dict.pair(REGULAR, regular);
        if let Some(bold) = bold {
            font_dict.pair(BOLD, bold);
        }
    }
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.extend(&fonts.chunk);

    let outline = write_outline(&mut pdf, &mut refs, &laid.outline, &page_ids, meta.height);
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree);
    match outline {
        Some(root) => {
            cat.outlines(root).page_mode(PageMode::UseOutlines);
        }
        None => {
            cat.page_mode(PageMode::UseNone);
        }
    }
    cat.finish();

    pdf.document_info(info)
        .title(TextStr(meta.title))
        .author(TextStr(meta.author))
        .subject(TextStr(meta.subject))
        .creator(TextStr(meta.creator))
        .producer(TextStr(&meta.producer))
        .creation_date(pdf_date(meta.date))
        .modified_date(pdf_date(meta.date));

    // Document ID from the input, so that the same input gives the same bytes.
    let id = format!(
        "{:016x}{:016x}",
        crate::fnv(crate::FNV_SEED, &meta.fingerprint),
        crate::fnv(0x8422_2325_cbf2_9ce4, &meta.fingerprint)
    )
    .into_bytes();
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}
