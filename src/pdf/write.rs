//! The display list → printpdf operations → a lopdf document, finished by hand where printpdf would
//! be random or lossy: fixed font resource names, a nested outline with positions, a document ID
//! derived from the input, and our own Info dictionary.
use std::sync::Mutex;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, Color, FontEmbeddingMode, FontId, Greyscale, Line, LinePoint, Op, PaintMode,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, PrintpdfFontMeta, Pt, Rect,
    TextItem, TextMatrix, TextRenderingMode,
};

use super::font::{Face, PackedPrograms, PdfFont};
use super::layout::{Draw, Laid, OutlineEntry, Symbol, TextRun};

/// Resource names; six capital letters, because printpdf also uses them as the subset tag.
const REGULAR: &str = "RSKREG";
const BOLD: &str = "RSKBLD";

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

fn grey(g: f32) -> Color {
    Color::Greyscale(Greyscale::new(g.clamp(0.0, 1.0), None))
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Graphics state already set in the content stream, to avoid repeating operators.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(bool, u32)>,
    fill: Option<u32>,
    stroke: Option<u32>,
    line_width: Option<u32>,
    mode: Option<u8>,
    scaling: Option<u32>,
}

struct Emitter<'a> {
    ops: Vec<Op>,
    state: State,
    height: f32,
    font: &'a PdfFont,
}

impl Emitter<'_> {
    fn end_text(&mut self) {
        if self.state.in_text {
            self.ops.push(Op::EndTextSection);
            self.state.in_text = false;
        }
    }

    fn fill(&mut self, g: f32) {
        let key = g.to_bits();
        if self.state.fill != Some(key) {
            self.ops.push(Op::SetFillColor { col: grey(g) });
            self.state.fill = Some(key);
        }
    }

    fn stroke(&mut self, g: f32, width: f32) {
        let key = g.to_bits();
        if self.state.stroke != Some(key) {
            self.ops.push(Op::SetOutlineColor { col: grey(g) });
            self.state.stroke = Some(key);
        }
        let key = width.to_bits();
        if self.state.line_width != Some(key) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.state.line_width = Some(key);
        }
    }

    fn line(&mut self, points: &[(f32, f32)], width: f32, gray: f32, closed: bool) {
        self.end_text();
        self.stroke(gray, width);
        let h = self.height;
        self.ops.push(Op::DrawLine {
            line: Line {
                points: points.iter().map(|&(x, y)| pt(x, h - y)).collect(),
                is_closed: closed,
            },
        });
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<(f32, f32)>,
    ) {
        self.end_text();
        if let Some(g) = fill {
            self.fill(g);
        }
        if let Some((width, g)) = stroke {
            self.stroke(g, width);
        }
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn text(&mut self, run: &TextRun) {
        let &TextRun {
            x,
            y,
            size,
            bold,
            italic,
            gray,
            invisible_width,
            ..
        } = run;
        let text = run.text.as_str();
        if !self.state.in_text {
            self.ops.push(Op::StartTextSection);
            self.state.in_text = true;
        }
        let real_bold = bold && !self.font.faux_bold(bold);
        let key = (real_bold, size.to_bits());
        if self.state.font != Some(key) {
            let id = if real_bold { BOLD } else { REGULAR };
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(id.into())),
                size: Pt(size),
            });
            self.state.font = Some(key);
        }
        self.fill(gray);
        let mode = if invisible_width.is_some() {
            3
        } else if self.font.faux_bold(bold) {
            2
        } else {
            0
        };
        if mode == 2 {
            self.stroke(gray, size * 0.035);
        }
        if self.state.mode != Some(mode) {
            self.ops.push(Op::SetTextRenderingMode {
                mode: match mode {
                    3 => TextRenderingMode::Invisible,
                    2 => TextRenderingMode::FillStroke,
                    _ => TextRenderingMode::Fill,
                },
            });
            self.state.mode = Some(mode);
        }
        let scaling = match invisible_width {
            Some(w) => {
                let natural: f32 = text
                    .chars()
                    .filter_map(|c| self.font.face(false).advance(c))
                    .sum::<f32>()
                    * size;
                if natural > 0.0 {
                    (w / natural * 100.0).clamp(1.0, 1000.0)
                } else {
                    100.0
                }
            }
            None => 100.0,
        };
        let skey = scaling.to_bits();
        if self.state.scaling != Some(skey) {
            self.ops.push(Op::SetHorizontalScaling { percent: scaling });
            self.state.scaling = Some(skey);
        }
        let skew = if italic { 0.2 } else { 0.0 };
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([1.0, 0.0, skew, 1.0, x, self.height - y]),
        });
        // Glyph ids with their text: printpdf then needs no cmap look-ups of its own, builds the
        // ToUnicode map from the text, and merges runs that share a baseline.
        let face = self.font.face(real_bold);
        let glyphs = text
            .chars()
            .filter_map(|c| {
                Some(Codepoint {
                    gid: face.glyph(c)?,
                    offset: 0.0,
                    cid: Some(c.to_string()),
                })
            })
            .collect();
        self.ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }

    fn symbol(&mut self, x: f32, y: f32, size: f32, symbol: Symbol) {
        // An em box with a square of 0.72 em resting slightly below the baseline.
        let side = size * 0.72;
        let left = x + (size - side) / 2.0;
        let top = y - 0.76 * size;
        let lw = (size * 0.06).max(0.4);
        let gray = 0.0;
        let check = [
            (left + side * 0.2, top + side * 0.52),
            (left + side * 0.42, top + side * 0.76),
            (left + side * 0.82, top + side * 0.22),
        ];
        let cross = |this: &mut Self| {
            this.line(
                &[
                    (left + side * 0.22, top + side * 0.22),
                    (left + side * 0.78, top + side * 0.78),
                ],
                lw,
                gray,
                false,
            );
            this.line(
                &[
                    (left + side * 0.78, top + side * 0.22),
                    (left + side * 0.22, top + side * 0.78),
                ],
                lw,
                gray,
                false,
            );
        };
        match symbol {
            Symbol::Box => self.rect(left, top, side, side, None, Some((lw, gray))),
            Symbol::FilledBox => self.rect(left, top, side, side, Some(gray), None),
            Symbol::CheckedBox => {
                self.rect(left, top, side, side, None, Some((lw, gray)));
                self.line(&check, lw * 1.5, gray, false);
            }
            Symbol::CrossedBox => {
                self.rect(left, top, side, side, None, Some((lw, gray)));
                cross(self);
            }
            Symbol::Check => self.line(&check, lw * 1.5, gray, false),
            Symbol::Cross => cross(self),
        }
    }

    fn missing(&mut self, x: f32, y: f32, size: f32, w: f32) {
        let left = x + w * 0.1;
        let right = x + w * 0.9;
        let top = y - 0.8 * size;
        let bottom = y + 0.1 * size;
        let lw = (size * 0.05).max(0.4);
        self.rect(left, top, right - left, bottom - top, None, Some((lw, 0.0)));
        self.line(&[(left, top), (right, bottom)], lw, 0.0, false);
        self.line(&[(right, top), (left, bottom)], lw, 0.0, false);
    }

    fn draw(&mut self, d: &Draw) {
        match d {
            Draw::Text(run) => self.text(run),
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => self.line(&[(*x1, *y1), (*x2, *y2)], *width, *gray, false),
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => self.rect(*x, *y, *w, *h, *fill, *stroke),
            Draw::Symbol { x, y, size, symbol } => self.symbol(*x, *y, *size, *symbol),
            Draw::Missing { x, y, size, w } => self.missing(*x, *y, *size, *w),
        }
    }
}

/// FNV-1a, 64 bit, from `seed`.
fn utf16(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(date: chrono::NaiveDate) -> Object {
    Object::String(
        format!("D:{}000000Z", date.format("%Y%m%d")).into_bytes(),
        StringFormat::Literal,
    )
}

/// Writes the outline (bookmarks) as a tree following the heading levels.
fn add_outline(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    pages: &[ObjectId],
    height: f32,
) -> Option<ObjectId> {
    if outline.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = outline.iter().map(|_| doc.new_object_id()).collect();
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
    let mut descendants = vec![0i64; outline.len()];
    for i in (0..outline.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, e) in outline.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let page = pages.get(e.page).or(pages.last()).copied();
        let mut dict = Dictionary::new();
        dict.set("Title", utf16(&e.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if let Some(page) = page {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(height - e.y + 4.0),
                    Object::Null,
                ]),
            );
        }
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(descendants[i]));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
    }
    dict.set("Count", Object::Integer(outline.len() as i64));
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

/// Deflates every stream that has no filter yet. lopdf's own `compress` uses the slowest level;
/// on the largest example, level 1 typesets the four documents in 44 ms instead of 60 ms (level 6)
/// for 6 % more bytes. Font programs are looked up in (and added to) `packed` first.
fn compress(doc: &mut lopdf::Document, packed: &Mutex<PackedPrograms>) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
                continue;
            }
            let program = stream.dict.has(b"Length1")
                || matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"CIDFontType0C" || n == b"OpenType");
            let known = program
                .then(|| {
                    let cache = packed.lock().ok()?;
                    cache
                        .iter()
                        .find(|(raw, _)| *raw == stream.content)
                        .map(|(_, p)| p.clone())
                })
                .flatten();
            let packed_now = match known {
                Some(p) => p,
                None => {
                    let mut encoder =
                        flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(1));
                    if encoder.write_all(&stream.content).is_err() {
                        continue;
                    }
                    let Ok(p) = encoder.finish() else { continue };
                    if program && let Ok(mut cache) = packed.lock() {
                        cache.push((stream.content.clone(), p.clone()));
                    }
                    p
                }
            };
            if packed_now.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed_now);
            }
        }
    }
}

/// A face that is already a subset (see [`PdfFont::subset`]), embedded as it is: printpdf would
/// otherwise subset it again. The name gets the subset tag printpdf would have given it.
fn embed(face: &Face, tag: &str) -> printpdf::PdfFont {
    let mut parsed = face.parsed.clone();
    parsed.font_name = Some(format!(
        "{tag}+{}",
        parsed.font_name.as_deref().unwrap_or(tag)
    ));
    printpdf::PdfFont::with_meta(
        parsed,
        PrintpdfFontMeta {
            embedding_mode: FontEmbeddingMode::Full,
            requires_subsetting: false,
            ..PrintpdfFontMeta::default()
        },
    )
}

pub(crate) fn write(laid: &Laid, meta: &Meta<'_>, font: &PdfFont) -> Result<Vec<u8>, String> {
    let mut pdf = PdfDocument::new(meta.title);
    pdf.resources
        .fonts
        .map
        .insert(FontId(REGULAR.into()), embed(&font.regular, REGULAR));
    if let Some(bold) = &font.bold {
        pdf.resources
            .fonts
            .map
            .insert(FontId(BOLD.into()), embed(bold, BOLD));
    }
    for page in &laid.pages {
        let mut em = Emitter {
            ops: Vec::with_capacity(page.items.len() * 4),
            state: State::default(),
            height: meta.height,
            font,
        };
        for d in &page.items {
            em.draw(d);
        }
        em.end_text();
        let rect = Rect::from_wh(Pt(meta.width), Pt(meta.height));
        pdf.pages.push(PdfPage {
            media_box: rect.clone(),
            trim_box: rect.clone(),
            crop_box: rect,
            ops: em.ops,
        });
    }
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&options, &mut warnings);
    doc.version = "1.7".into();

    // Info dictionary: ours, with the date riskctl was given.
    let mut info = Dictionary::new();
    info.set("Title", utf16(meta.title));
    info.set("Author", utf16(meta.author));
    info.set("Subject", utf16(meta.subject));
    info.set("Creator", utf16(meta.creator));
    info.set("Producer", utf16(&meta.producer));
    info.set("CreationDate", pdf_date(meta.date));
    info.set("ModDate", pdf_date(meta.date));
    let info_id = doc.add_object(Object::Dictionary(info));
    if let Ok(Object::Reference(old)) = doc.trailer.get(b"Info").cloned() {
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));

    // Outline.
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let outline = add_outline(&mut doc, &laid.outline, &pages, meta.height);
    let catalog = doc.catalog_mut().map_err(|e| format!("no catalog: {e}"))?;
    catalog.remove(b"Outlines");
    match outline {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }

    // Document ID from the input, so that the same input gives the same bytes.
    let id = format!(
        "{:016x}{:016x}",
        crate::fnv(crate::FNV_SEED, &meta.fingerprint),
        crate::fnv(0x8422_2325_cbf2_9ce4, &meta.fingerprint)
    );
    let id = Object::String(id.into_bytes(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    compress(&mut doc, &font.packed);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| format!("cannot serialise the PDF: {e}"))?;
    // printpdf reports what it could not do (a font it could not subset and embedded whole, …)
    // as errors; treat them as ours.
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(format!("printpdf: {}", w.msg));
    }
    Ok(bytes)
}
