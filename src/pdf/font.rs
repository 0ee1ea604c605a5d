//! Font faces: the built-in Noto Sans CJK SC subset (compiled in) or a user's TTF/OTF/TTC, with the
//! glyph lookups and advance widths the layout needs.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;

use crate::error::Error;

static BUILTIN_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular.subset.otf");
static BUILTIN_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold.subset.otf");

/// One parsed face, with its character map read once into a hash map: the cmap lookup of the font
/// library scans the subtable linearly, which dominated the run time on CJK fonts.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Character → (glyph, advance in em). `None`: the cmap could not be read; ask `parsed`.
    map: Option<HashMap<char, (u16, f32)>>,
}

impl Face {
    fn parse(bytes: &[u8], index: usize, what: &str) -> Result<Face, Error> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, index, &mut warnings).ok_or_else(|| {
            let detail = warnings
                .iter()
                .map(|w| format!("{w:?}"))
                .next()
                .unwrap_or_else(|| "not a TrueType/OpenType font".into());
            Error::Font(format!("cannot parse {what}: {detail}"))
        })?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em);
        if units_per_em.is_nan() || units_per_em <= 0.0 {
            return Err(Error::Font(format!("{what}: units per em is zero")));
        }
        if parsed.lookup_glyph_index('A' as u32).is_none()
            && parsed.lookup_glyph_index('中' as u32).is_none()
        {
            return Err(Error::Font(format!(
                "{what} has neither Latin nor CJK glyphs (a symbol font, or no Unicode cmap)"
            )));
        }
        let map = read_cmap(bytes, index).map(|pairs| {
            pairs
                .into_iter()
                .filter(|&(_, gid)| gid != 0 && gid < parsed.num_glyphs)
                .filter_map(|(cp, gid)| {
                    let c = char::from_u32(cp)?;
                    let adv = f32::from(parsed.get_horizontal_advance(gid)) / units_per_em;
                    Some((c, (gid, adv)))
                })
                .collect::<HashMap<_, _>>()
        });
        Ok(Face {
            parsed,
            units_per_em,
            map,
        })
    }

    /// The glyph for `c`, if the face has one (glyph 0, .notdef, counts as missing).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        match &self.map {
            Some(map) => map.get(&c).map(|&(gid, _)| gid),
            None => self
                .parsed
                .lookup_glyph_index(c as u32)
                .filter(|&gid| gid != 0),
        }
    }

    /// Advance width of `c` in em, if the face has the glyph.
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        match &self.map {
            Some(map) => map.get(&c).map(|&(_, adv)| adv),
            None => {
                let gid = self.glyph(c)?;
                Some(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em)
            }
        }
    }
    /// The face cut down to the glyphs of `chars` (those it has), renumbered, with the same
    /// advances: what a set of documents embeds. Drawing with the subset instead of letting
    /// printpdf subset the whole face for every document means the outlines are parsed once
    /// per set, and only those of the glyphs used.
    fn subset(&self, chars: &BTreeSet<char>) -> Result<Face, String> {
        let used: Vec<(char, u16, f32)> = chars
            .iter()
            .filter_map(|&c| Some((c, self.glyph(c)?, self.advance(c)?)))
            .collect();
        let glyphs: BTreeMap<u16, String> = used
            .iter()
            .map(|&(c, gid, _)| (gid, c.to_string()))
            .collect();
        let cut = printpdf::subset_font(&self.parsed, &glyphs)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&cut.bytes, 0, &mut warnings)
            .ok_or("the subsetter made a font it cannot read back")?;
        if parsed.font_name.is_none() {
            parsed.font_name.clone_from(&self.parsed.font_name);
        }
        let map = used
            .into_iter()
            .filter_map(|(c, gid, adv)| Some((c, (cut.glyph_mapping.get(&gid)?.0, adv))))
            .collect();
        Ok(Face {
            parsed,
            units_per_em: self.units_per_em,
            map: Some(map),
        })
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

/// Every (code point, glyph) pair of the face's Unicode cmap (format 4 or 12), or `None` if the
/// table cannot be read.
fn read_cmap(bytes: &[u8], index: usize) -> Option<Vec<(u32, u16)>> {
    let face = if bytes.starts_with(b"ttcf") {
        be32(bytes, 12 + 4 * index)? as usize
    } else {
        0
    };
    let tables = be16(bytes, face + 4)? as usize;
    let cmap = (0..tables).find_map(|i| {
        let rec = face + 12 + 16 * i;
        (bytes.get(rec..rec + 4)? == b"cmap")
            .then(|| be32(bytes, rec + 8))
            .flatten()
    })? as usize;
    let subtables = be16(bytes, cmap + 2)? as usize;
    // Preference: full Unicode (3,10 / 0,4 / 0,6) over BMP (3,1 / 0,3 / …).
    let mut best: Option<(u8, usize)> = None;
    for i in 0..subtables {
        let rec = cmap + 4 + 8 * i;
        let (platform, encoding) = (be16(bytes, rec)?, be16(bytes, rec + 2)?);
        let offset = cmap + be32(bytes, rec + 4)? as usize;
        let format = be16(bytes, offset)?;
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 2,
            (3, 1, 4) | (0, _, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset));
        }
    }
    let (_, st) = best?;
    let mut out = Vec::new();
    match be16(bytes, st)? {
        12 => {
            let groups = be32(bytes, st + 12)? as usize;
            for g in 0..groups.min(1 << 20) {
                let at = st + 16 + 12 * g;
                let (start, end, glyph) =
                    (be32(bytes, at)?, be32(bytes, at + 4)?, be32(bytes, at + 8)?);
                if end < start || end > 0x10FFFF {
                    return None;
                }
                if out.len() + (end - start) as usize > 0x11_0000 {
                    return None;
                }
                for cp in start..=end {
                    out.push((cp, u16::try_from(glyph + (cp - start)).ok()?));
                }
            }
        }
        4 => {
            let segs = be16(bytes, st + 6)? as usize / 2;
            let ends = st + 14;
            let starts = ends + 2 * segs + 2;
            let deltas = starts + 2 * segs;
            let ranges = deltas + 2 * segs;
            for s in 0..segs {
                let (end, start) = (be16(bytes, ends + 2 * s)?, be16(bytes, starts + 2 * s)?);
                let delta = be16(bytes, deltas + 2 * s)?;
                let range = be16(bytes, ranges + 2 * s)? as usize;
                if start > end {
                    continue;
                }
                for cp in start..=end {
                    if cp == 0xFFFF {
                        break;
                    }
                    let gid = if range == 0 {
                        cp.wrapping_add(delta)
                    } else {
                        let at = ranges + 2 * s + range + 2 * (cp - start) as usize;
                        match be16(bytes, at)? {
                            0 => 0,
                            g => g.wrapping_add(delta),
                        }
                    };
                    out.push((u32::from(cp), gid));
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Font programs and their deflated bytes.
pub(crate) type PackedPrograms = Vec<(Vec<u8>, Vec<u8>)>;

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
    /// Font programs already deflated, as (program, packed): the documents of a set embed the
    /// same subset, so it is compressed once.
    pub(crate) packed: Arc<Mutex<PackedPrograms>>,
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
    /// `fonts/README.md`), compiled into the binary with `include_bytes!`. Parsed once per process.
    pub fn builtin() -> Result<PdfFont, Error> {
        static BUILTIN: OnceLock<Result<PdfFont, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let regular = Face::parse(BUILTIN_REGULAR, 0, "the built-in regular face")
                    .map_err(|e| e.to_string())?;
                let bold = Face::parse(BUILTIN_BOLD, 0, "the built-in bold face")
                    .map_err(|e| e.to_string())?;
                Ok(PdfFont {
                    regular: Arc::new(regular),
                    bold: Some(Arc::new(bold)),
                    source: "built-in Noto Sans CJK SC".into(),
                    identity: "builtin".into(),
                    packed: Arc::default(),
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
                let index = n.parse::<usize>().map_err(|_| {
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
        let is_collection = bytes.starts_with(b"ttcf");
        let faces = if is_collection {
            // Header: tag, version, numFonts (u32, big-endian).
            bytes
                .get(8..12)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                .unwrap_or(0)
        } else {
            1
        };
        let index = match index {
            Some(i) if i >= faces => {
                return Err(Error::Font(if is_collection {
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
        let what = if is_collection {
            format!("{path} (face {index} of {faces})")
        } else {
            path.to_string()
        };
        let face = crate::quietly(|| Face::parse(&bytes, index, &what))
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
            identity: format!("{:016x}#{index}", crate::fnv(crate::FNV_SEED, &bytes)),
            packed: Arc::default(),
        })
    }

    /// The font cut down to what `regular` and `bold` text uses (see [`Face::subset`]), for
    /// writing documents laid out with `self`; same identity, so document IDs do not change.
    pub(crate) fn subset(
        &self,
        regular: &BTreeSet<char>,
        bold: &BTreeSet<char>,
    ) -> Result<PdfFont, String> {
        let bold = match &self.bold {
            Some(face) if !bold.is_empty() => Some(Arc::new(face.subset(bold)?)),
            other => other.clone(),
        };
        Ok(PdfFont {
            regular: Arc::new(self.regular.subset(regular)?),
            bold,
            source: self.source.clone(),
            identity: self.identity.clone(),
            packed: Arc::default(),
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
    use super::*;

    #[test]
    fn a_subset_has_only_the_glyphs_used_with_the_same_advances() {
        let font = PdfFont::builtin().unwrap();
        let used: BTreeSet<char> = "质量A1".chars().collect();
        let subset = font.subset(&used, &BTreeSet::new()).unwrap();
        // .notdef and the four glyphs used.
        assert_eq!(subset.regular.parsed.num_glyphs, 5);
        for c in used {
            assert!(subset.regular.glyph(c).is_some_and(|gid| gid < 5), "{c}");
            assert_eq!(subset.regular.advance(c), font.regular.advance(c), "{c}");
        }
        assert!(!subset.has_char('清'));
        // No bold text: the bold face is left as it is, not cut down to nothing.
        assert!(Arc::ptr_eq(
            subset.bold.as_ref().unwrap(),
            font.bold.as_ref().unwrap()
        ));
        assert_eq!(subset.identity, font.identity);
    }
}
