//! The fonts a set of documents embeds: each face cut down by `subsetter` to the glyphs the set
//! draws, renumbered (the new glyph id is the CID the content streams show), deflated once and
//! shared by every PDF of the set, with its widths and ToUnicode map. The numbering is planned
//! first ([`plan`]), so the pages can be painted while the font programs are cut ([`program`]).
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::charset::CharSet;
use super::deflate;
use super::font::{Face, Metrics, PdfFont};

/// One face as embedded: what the PDF font objects need, all ready to write.
pub(crate) struct Embedded {
    /// `BaseFont`: a subset tag of six capitals, `+`, the PostScript name.
    pub(crate) base_font: String,
    /// CFF outlines: `CIDFontType0` with a `CIDFontType0C` program; else `CIDFontType2`.
    pub(crate) cff: bool,
    /// The glyphs kept, sorted: the subset numbers them 1, 2, … in this order (0 is .notdef).
    glyphs: Vec<u16>,
    pub(crate) metrics: Metrics,
    /// Character → CID (the glyph id in the subset).
    cids: FxHashMap<char, u16>,
    /// Advance of every CID, in 1/1000 em.
    pub(crate) widths: Vec<f32>,
    /// The ToUnicode CMap, deflated.
    pub(crate) to_unicode: Vec<u8>,
}

impl Embedded {
    /// The two-byte codes of `text` for a `Tj`; characters without a glyph are skipped (the
    /// layout drew them as boxes).
    pub(crate) fn encode(&self, text: &str) -> Vec<u8> {
        let mut codes = Vec::with_capacity(2 * text.len());
        for cid in text.chars().filter_map(|c| self.cids.get(&c)) {
            codes.extend_from_slice(&cid.to_be_bytes());
        }
        codes
    }
}

/// The regular face and, when the font has one, the bold face, as a set embeds them.
pub(crate) struct EmbeddedFont {
    pub(crate) regular: Embedded,
    pub(crate) bold: Option<Embedded>,
}

/// Plans the subsets of `font` for the characters `regular` and `bold` text uses.
pub(crate) fn plan(font: &PdfFont, regular: &CharSet, bold: &CharSet) -> EmbeddedFont {
    EmbeddedFont {
        regular: plan_face(&font.regular, regular),
        bold: font
            .bold
            .as_deref()
            .filter(|_| !bold.is_empty())
            .map(|face| plan_face(face, bold)),
    }
}

/// The font programs of a set, deflated: one per embedded face.
pub(crate) struct Programs {
    pub(crate) regular: Vec<u8>,
    pub(crate) bold: Option<Vec<u8>>,
}

/// Cuts the faces of `font` as `embedded` planned, the two faces at once.
pub(crate) fn programs(font: &PdfFont, embedded: &EmbeddedFont) -> Result<Programs, String> {
    let (regular, bold) = rayon::join(
        || program(&font.regular, &embedded.regular),
        || {
            embedded
                .bold
                .as_ref()
                .zip(font.bold.as_deref())
                .map(|(plan, face)| program(face, plan))
        },
    );
    Ok(Programs {
        regular: regular?,
        bold: bold.transpose()?,
    })
}

/// A subset tag from the glyphs kept: the same set of glyphs, the same tag.
fn tag(glyphs: &[u16]) -> String {
    let bytes: Vec<u8> = glyphs.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut hash = crate::fnv(crate::FNV_SEED, &bytes);
    (0..6)
        .map(|_| {
            let letter = b'A' + (hash % 26) as u8;
            hash /= 26;
            letter as char
        })
        .collect()
}

fn plan_face(face: &Face, chars: &CharSet) -> Embedded {
    let used: Vec<(char, u16, f32)> = chars
        .iter()
        .filter_map(|c| Some((c, face.glyph(c)?, face.advance(c)?)))
        .collect();
    let mut glyphs: Vec<u16> = used.iter().map(|&(_, gid, _)| gid).collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs);
    let mut cids = FxHashMap::with_capacity_and_hasher(used.len(), Default::default());
    let mut widths = vec![0.0; usize::from(remapper.num_gids())];
    let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
    for (c, gid, advance) in used {
        let Some(cid) = remapper.get(gid) else {
            continue;
        };
        cids.insert(c, cid);
        widths[usize::from(cid)] = (advance * 1000.0 * 100.0).round() / 100.0;
        // Several characters may share a glyph: the first keeps the text it extracts as.
        unicode.entry(cid).or_insert(c);
    }
    let mut cmap =
        pdf_writer::types::UnicodeCmap::new(pdf_writer::Name(b"Adobe-Identity-UCS"), system_info());
    for (cid, c) in unicode {
        cmap.pair(cid, c);
    }
    Embedded {
        base_font: format!("{}+{}", tag(&glyphs), face.postscript_name),
        cff: face.cff,
        glyphs,
        metrics: face.metrics.clone(),
        cids,
        widths,
        to_unicode: deflate(&cmap.finish()),
    }
}

/// The program of `face` cut down to the glyphs `plan` keeps, numbered as planned, deflated.
fn program(face: &Face, plan: &Embedded) -> Result<Vec<u8>, String> {
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&plan.glyphs);
    // A user's font the subsetter cannot handle must not take riskctl down.
    let subset = crate::quietly(|| subsetter::subset(&face.data, face.index, &remapper))
        .map_err(|_| "the subsetter failed on it".to_string())?
        .map_err(|e| format!("the subsetter failed on it: {e}"))?;
    if !face.cff {
        return Ok(deflate(&subset));
    }
    // A bare CFF table is what `CIDFontType0C` means; the subsetter made it CID-keyed with
    // CID = glyph id.
    let raw = ttf_parser::RawFace::parse(&subset, 0)
        .map_err(|e| format!("the subsetter made a font it cannot read back: {e}"))?;
    let cff = raw
        .table(ttf_parser::Tag::from_bytes(b"CFF "))
        .ok_or("the subset has no CFF table")?;
    Ok(deflate(cff))
}

/// Adobe-Identity-0: the CIDs are the subset's glyph ids, no character collection.
pub(crate) fn system_info() -> pdf_writer::types::SystemInfo<'static> {
    pdf_writer::types::SystemInfo {
        registry: pdf_writer::Str(b"Adobe"),
        ordering: pdf_writer::Str(b"Identity"),
        supplement: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_has_only_the_glyphs_used_with_the_same_advances() {
        let font = PdfFont::builtin().unwrap();
        let mut used = CharSet::default();
        used.extend("质量A1");
        let set = plan(&font, &used, &CharSet::default());
        let programs = programs(&font, &set).unwrap();
        assert!(programs.bold.is_none());
        assert!(!programs.regular.is_empty());
        // .notdef and the four glyphs used.
        assert_eq!(set.regular.widths.len(), 5);
        for c in used.iter() {
            let code = set.regular.encode(&c.to_string());
            let cid = u16::from_be_bytes([code[0], code[1]]);
            assert!((1..5).contains(&cid), "{c}");
            let advance = font.regular.advance(c).unwrap() * 1000.0;
            assert!((set.regular.widths[usize::from(cid)] - advance).abs() < 0.01);
        }
        assert!(set.regular.encode("清").is_empty());
        // No bold text: no bold face embedded.
        assert!(set.bold.is_none());
        // The shipped faces have TrueType outlines (see fonts/README.md).
        assert!(!set.regular.cff);
        assert_eq!(
            set.regular.base_font.len(),
            7 + font.regular.postscript_name.len()
        );
    }
}
