#!/usr/bin/env python3
"""Converts a CFF-outline OpenType font to TrueType (quadratic) outlines, for fonts/.

Why: riskctl cuts the compiled-in faces down to the glyphs of each run. Cutting CFF means
rewriting every kept charstring without its subroutines (about 7 ms for the 1,150 glyphs of the
largest example); cutting TrueType copies glyph records (about 1 ms), and the result deflates to
less. The cubic curves are approximated by quadratic ones within `MAX_ERR` font units (of 1,000
per em: 0.001 em, far below what print or screen shows); advance widths, the character map and
the vertical metrics are kept as they are.

Usage: scripts/otf-to-ttf.py IN.otf OUT.ttf   (needs: pip install fonttools)
"""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0


def main(src, dst):
    font = TTFont(src)
    if "CFF " not in font:
        sys.exit(f"{src} has no CFF table")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for table in ("VORG",):
        if table in font:
            del font[table]
    glyf.compile(font)
    # The left side bearing of a TrueType glyph is its xMin.
    hmtx = font["hmtx"]
    for name in order:
        advance, _ = hmtx[name]
        glyph = glyf.glyphs[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    font["maxp"] = maxp
    # No glyph names (post format 3): the PDF needs none, and 10,000 names would cost 100 KB.
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
