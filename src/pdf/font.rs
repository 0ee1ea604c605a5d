//! Font faces: the built-in Noto Sans CJK SC subset (compiled in) or a user's TTF/OTF/TTC, with the
//! glyph lookups and advance widths the layout needs. Faces are read with ttf-parser, which reads
//! tables in place: nothing decodes glyph outlines until a set of documents is subset (`embed`).
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::error::Error;

static BUILTIN_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular.subset.ttf");
static BUILTIN_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold.subset.ttf");

/// What the PDF font descriptor says about a face, in units of 1/1000 em.
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    pub(crate) cap_height: f32,
    pub(crate) bbox: [f32; 4],
    pub(crate) italic_angle: f32,
    pub(crate) monospaced: bool,
}

/// The glyphs and advances of 256 consecutive characters.
type Block = [(u16, f32); 256];

/// Character → (glyph, advance in em), glyph 0 (.notdef) meaning none: the Basic Multilingual
/// Plane in blocks of 256 characters (only the blocks the face covers), looked up by indexing
/// for every character laid out; the rest of Unicode in a hash map.
#[derive(Default)]
struct CharMap {
    blocks: Vec<Option<Box<Block>>>,
    astral: FxHashMap<char, (u16, f32)>,
}

impl CharMap {
    fn get(&self, c: char) -> Option<(u16, f32)> {
        let code = c as usize;
        if code >= 0x1_0000 {
            return self.astral.get(&c).copied();
        }
        let entry = self.blocks.get(code >> 8)?.as_ref()?[code & 0xff];
        (entry.0 != 0).then_some(entry)
    }

    /// Adds `c` unless it is there already (`gid` is not 0).
    fn insert_new(&mut self, c: char, gid: u16, advance: f32) {
        let code = c as usize;
        if code >= 0x1_0000 {
            self.astral.entry(c).or_insert((gid, advance));
            return;
        }
        if self.blocks.is_empty() {
            self.blocks.resize(0x100, None);
        }
        let block = self.blocks[code >> 8].get_or_insert_with(|| Box::new([(0, 0.0); 256]));
        if block[code & 0xff].0 == 0 {
            block[code & 0xff] = (gid, advance);
        }
    }
}

/// One face, with its Unicode character map read once.
pub(crate) struct Face {
    /// The whole font file (a collection included) and the face's index in it.
    pub(crate) data: Cow<'static, [u8]>,
    pub(crate) index: u32,
    /// The PostScript name, for `BaseFont` (without the subset tag).
    pub(crate) postscript_name: String,
    /// CFF outlines (embedded as `CIDFontType0C`) rather than TrueType ones (`FontFile2`).
    pub(crate) cff: bool,
    pub(crate) metrics: Metrics,
    map: CharMap,
}

impl Face {
    fn parse(data: Cow<'static, [u8]>, index: u32, what: &str) -> Result<Face, Error> {
        let face = ttf_parser::Face::parse(&data, index)
            .map_err(|e| Error::Font(format!("cannot parse {what}: {e}")))?;
        let units_per_em = f32::from(face.units_per_em());
        if units_per_em.is_nan() || units_per_em <= 0.0 {
            return Err(Error::Font(format!("{what}: units per em is zero")));
        }
        let tables = face.tables();
        if tables.cff2.is_some() && tables.cff.is_none() && tables.glyf.is_none() {
            return Err(Error::Font(format!(
                "{what} has CFF2 (variable) outlines, which riskctl cannot embed: pass a static TTF or OTF"
            )));
        }
        if tables.cff.is_none() && tables.glyf.is_none() {
            return Err(Error::Font(format!(
                "{what} has no outlines riskctl can embed (neither TrueType nor CFF)"
            )));
        }
        let map = read_map(&face, units_per_em);
        if map.get('A').is_none() && map.get('中').is_none() {
            return Err(Error::Font(format!(
                "{what} has neither Latin nor CJK glyphs (a symbol font, or no Unicode cmap)"
            )));
        }
        let scale = |v: i16| f32::from(v) * 1000.0 / units_per_em;
        let bbox = face.global_bounding_box();
        let metrics = Metrics {
            ascent: scale(face.ascender()),
            descent: scale(face.descender()),
            cap_height: scale(face.capital_height().unwrap_or(face.ascender())),
            bbox: [
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ],
            italic_angle: face.italic_angle(),
            monospaced: face.is_monospaced(),
        };
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .map(|n| n.chars().filter(char::is_ascii_graphic).collect::<String>())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "RiskctlFont".into());
        let cff = tables.cff.is_some();
        Ok(Face {
            data,
            index,
            postscript_name,
            cff,
            metrics,
            map,
        })
    }

    /// The glyph for `c`, if the face has one (glyph 0, .notdef, counts as missing).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.map.get(c).map(|(gid, _)| gid)
    }

    /// Advance width of `c` in em, if the face has the glyph.
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        self.map.get(c).map(|(_, adv)| adv)
    }
}

/// Every character of the face's Unicode cmap subtables with its glyph and advance; where two
/// subtables disagree, the first (in the font's order) wins, as in a shaper.
fn read_map(face: &ttf_parser::Face<'_>, units_per_em: f32) -> CharMap {
    let mut map = CharMap::default();
    let Some(cmap) = face.tables().cmap else {
        return map;
    };
    let glyphs = face.number_of_glyphs();
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        subtable.codepoints(|cp| {
            let Some(c) = char::from_u32(cp) else { return };
            if map.get(c).is_some() {
                return;
            }
            let Some(gid) = subtable
                .glyph_index(cp)
                .filter(|g| g.0 != 0 && g.0 < glyphs)
            else {
                return;
            };
            let advance = face.glyph_hor_advance(gid).map_or(0.0, f32::from) / units_per_em;
            map.insert_new(c, gid.0, advance);
        });
    }
    map
}

/// Characters of the built-in documents' headings: a user font must have them all.
const PROBE: &str = "质量安全风险管控清单日周月记录报告会议纪要企业名称负责人";

/// The regular and bold faces a document is set in. Cheap to clone.
#[derive(Clone)]
pub struct PdfFont {
    pub(crate) regular: Arc<Face>,
    /// `None`: bold is synthesised from the regular face (stroked outlines).
    pub(crate) bold: Option<Arc<Face>>,
    /// Where the font came from, for messages.
    pub(crate) source: String,
    /// What the font is, by content (not by how its path was written): hashed into the PDF ID.
    pub(crate) identity: String,
}

impl std::fmt::Debug for PdfFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFont")
            .field("source", &self.source)
            .field("bold", &self.bold.is_some())
            .finish()
    }
}

impl PdfFont {
    /// The font shipped in the repo (Noto Sans CJK SC Regular and Bold, subset; see
    /// `fonts/README.md`), compiled into the binary with `include_bytes!`. Read once per process.
    pub fn builtin() -> Result<PdfFont, Error> {
        static BUILTIN: OnceLock<Result<PdfFont, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let face = |bytes: &'static [u8], what: &str| {
                    Face::parse(Cow::Borrowed(bytes), 0, what).map_err(|e| e.to_string())
                };
                let (regular, bold) = rayon::join(
                    || face(BUILTIN_REGULAR, "the built-in regular face"),
                    || face(BUILTIN_BOLD, "the built-in bold face"),
                );
                Ok(PdfFont {
                    regular: Arc::new(regular?),
                    bold: Some(Arc::new(bold?)),
                    source: "built-in Noto Sans CJK SC".into(),
                    identity: "builtin".into(),
                })
            })
            .clone()
            .map_err(Error::Font)
    }

    /// `--font` when given (see [`PdfFont::from_spec`]), else the built-in subset.
    pub fn load(spec: Option<&str>) -> Result<PdfFont, Error> {
        spec.map_or_else(PdfFont::builtin, PdfFont::from_spec)
    }

    /// A user font: `PATH` or `PATH#N` (face N, counted from 0, of a `.ttc`/`.otc` collection).
    /// It has one weight, so bold text is synthesised from it (outlines stroked as well as filled).
    pub fn from_spec(spec: &str) -> Result<PdfFont, Error> {
        let (path, index) = match spec.rsplit_once('#') {
            // A `#` that is part of the file name.
            _ if std::path::Path::new(spec).is_file() => (spec, None),
            Some((path, n)) if !path.is_empty() && !n.is_empty() => {
                let index = n.parse::<u32>().map_err(|_| {
                    Error::Font(format!(
                        "`{spec}`: the face number after `#` must be a whole number, e.g. `{path}#2`"
                    ))
                })?;
                (path, Some(index))
            }
            _ => (spec, None),
        };
        let bytes =
            crate::input::read_bytes(std::path::Path::new(path), crate::input::MAX_ASSET_BYTES)
                .map_err(|e| Error::Font(e.to_string()))?;
        let collection = ttf_parser::fonts_in_collection(&bytes);
        let faces = collection.unwrap_or(1);
        let index = match index {
            Some(i) if i >= faces => {
                return Err(Error::Font(if collection.is_some() {
                    format!(
                        "{path} has {faces} faces (0 to {}); face {i} does not exist",
                        faces.saturating_sub(1)
                    )
                } else {
                    format!("{path} is a single font, not a collection: drop `#{i}`")
                }));
            }
            Some(i) => i,
            None => 0,
        };
        let what = if collection.is_some() {
            format!("{path} (face {index} of {faces})")
        } else {
            path.to_string()
        };
        let identity = format!("{:016x}#{index}", crate::fnv(crate::FNV_SEED, &bytes));
        let face = crate::quietly(|| Face::parse(Cow::Owned(bytes), index, &what))
            .unwrap_or_else(|_| Err(Error::Font(format!("{what} is damaged"))))?;
        let missing: String = PROBE.chars().filter(|&c| face.glyph(c).is_none()).collect();
        if !missing.is_empty() {
            return Err(Error::Font(format!(
                "{what} lacks Chinese characters every document uses ({missing}): pass a Simplified Chinese font such as Noto Sans CJK SC"
            )));
        }
        Ok(PdfFont {
            regular: Arc::new(face),
            bold: None,
            source: what,
            identity,
        })
    }

    /// Whether the regular face can draw `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.regular.glyph(c).is_some()
    }

    pub(crate) fn face(&self, bold: bool) -> &Face {
        match (&self.bold, bold) {
            (Some(b), true) => b,
            _ => &self.regular,
        }
    }

    /// True when bold text must be synthesised.
    pub(crate) fn faux_bold(&self, bold: bool) -> bool {
        bold && self.bold.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::CharMap;

    #[test]
    fn the_first_glyph_given_for_a_character_stays_in_every_plane() {
        let mut map = CharMap::default();
        for (c, gid) in [('A', 3), ('A', 4), ('中', 5), ('𠀀', 6), ('𠀀', 7)] {
            map.insert_new(c, gid, 0.5);
        }
        assert_eq!(map.get('A'), Some((3, 0.5)));
        assert_eq!(map.get('中').map(|e| e.0), Some(5));
        assert_eq!(map.get('𠀀').map(|e| e.0), Some(6));
        // Unset in an allocated block, in a block never allocated, beyond the BMP.
        assert_eq!(map.get('B'), None);
        assert_eq!(map.get('ꀀ'), None);
        assert_eq!(map.get('😀'), None);
    }
}
