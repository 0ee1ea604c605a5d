#!/usr/bin/env python3
"""Turns the Markdown riskctl writes into ready-made Typst or HTML source for bench/compare.sh.

Usage: bench/md2.py typ|html FONT_DIR IN.md OUT

Covers what riskctl's templates use: the front matter (paper, orientation, margins, header,
footer), headings, pipe tables, bullet and numbered lists, paragraphs and **bold**. Both outputs
use the font in FONT_DIR (Noto Sans CJK SC, the subset riskctl embeds).
"""
import html
import re
import sys


def front_matter(lines):
    meta, i = {}, 0
    if lines and lines[0].strip() == "---":
        i = 1
        key = None
        while i < len(lines) and lines[i].strip() != "---":
            line = lines[i]
            if line.startswith("  ") and key:
                meta[key] = (meta[key] + " " + line.strip()).strip()
            else:
                key, _, value = line.partition(":")
                value = value.strip()
                meta[key.strip()] = "" if value in (">-", "|") else value.strip("'\"")
            i += 1
        i += 1
    return meta, lines[i:]


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def cells(row):
    row = row.strip().strip("|")
    return [unescape(c.strip()) for c in re.split(r"(?<!\\)\|", row)]


def blocks(lines):
    """(kind, payload): heading (level, text), table (rows), list (ordered, items), para (text)."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            yield "heading", (level, unescape(line[level:].strip()))
            i += 1
        elif line.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", lines[i]):
                    rows.append(cells(lines[i]))
                i += 1
            yield "table", rows
        elif re.match(r"\s*([-*]|\d+\.)\s", line):
            ordered = bool(re.match(r"\s*\d+\.", line))
            items = []
            while i < len(lines) and re.match(r"\s*([-*]|\d+\.)\s", lines[i]):
                items.append(unescape(re.sub(r"^\s*([-*]|\d+\.)\s+", "", lines[i])))
                i += 1
            yield "list", (ordered, items)
        else:
            text = []
            while i < len(lines) and lines[i].strip() and not re.match(r"[#|]|\s*([-*]|\d+\.)\s", lines[i]):
                text.append(lines[i].strip())
                i += 1
            yield "para", unescape(" ".join(text))


def typ_inline(text):
    parts = text.split("**")
    out = []
    for n, part in enumerate(parts):
        if not part:
            continue
        s = '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out.append(f"#strong({s})" if n % 2 else f"#{s}")
    return "[" + "".join(out) + "]"


def to_typst(meta, body, font_dir):
    margins = [m.strip() for m in meta.get("margins", "[20, 15, 20, 15]").strip("[]").split(",")]
    top, right, bottom, left = (f"{m}mm" for m in margins)
    flipped = "true" if meta.get("orientation") == "landscape" else "false"
    footer = meta.get("footer", "")
    footer = typ_inline(footer).replace("{page}", '" #context counter(page).display() #"').replace(
        "{pages}", '" #context counter(page).final().first() #"'
    )
    out = [
        f'#set page(paper: "a4", flipped: {flipped}, '
        f"margin: (top: {top}, right: {right}, bottom: {bottom}, left: {left}), "
        f"header: align(center, text(size: 8pt, {typ_inline(meta.get('header', ''))})), "
        f"footer: align(center, text(size: 8pt, {footer})))",
        '#set text(font: "Noto Sans CJK SC", size: 9pt, lang: "zh")',
        "#set table(stroke: 0.5pt + gray, inset: 3pt)",
    ]
    for kind, payload in body:
        if kind == "heading":
            level, text = payload
            out.append(f"#heading(level: {level}, {typ_inline(text)})")
        elif kind == "table":
            header, *rows = payload
            n = len(header)
            args = ", ".join(typ_inline(c) for c in header)
            cells_ = ", ".join(typ_inline(c) for row in rows for c in (row + [""] * n)[:n])
            out.append(f"#table(columns: {n}, table.header({args}), {cells_})")
        elif kind == "list":
            ordered, items = payload
            fn = "enum" if ordered else "list"
            out.append(f"#{fn}(" + ", ".join(typ_inline(t) for t in items) + ")")
        else:
            out.append(f"#par({typ_inline(payload)})")
    return "\n".join(out) + "\n"


def html_inline(text):
    parts = text.split("**")
    return "".join(f"<b>{html.escape(p)}</b>" if n % 2 else html.escape(p) for n, p in enumerate(parts))


def to_html(meta, body, font_dir):
    margins = [m.strip() for m in meta.get("margins", "[20, 15, 20, 15]").strip("[]").split(",")]
    size = "A4 landscape" if meta.get("orientation") == "landscape" else "A4"
    out = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><style>",
        f"@font-face {{ font-family: NotoCJK; src: url('file://{font_dir}/NotoSansCJKsc-Regular.subset.ttf'); }}",
        f"@font-face {{ font-family: NotoCJK; font-weight: bold; src: url('file://{font_dir}/NotoSansCJKsc-Bold.subset.ttf'); }}",
        f"@page {{ size: {size}; margin: {' '.join(m + 'mm' for m in margins)}; }}",
        "body { font-family: NotoCJK; font-size: 9pt; }",
        "table { border-collapse: collapse; width: 100%; } thead { display: table-header-group; }",
        "th, td { border: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top; }",
        "</style></head><body>",
        f"<header>{html_inline(meta.get('header', ''))}</header>",
    ]
    for kind, payload in body:
        if kind == "heading":
            level, text = payload
            out.append(f"<h{level}>{html_inline(text)}</h{level}>")
        elif kind == "table":
            header, *rows = payload
            out.append("<table><thead><tr>" + "".join(f"<th>{html_inline(c)}</th>" for c in header) + "</tr></thead><tbody>")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{html_inline(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
        elif kind == "list":
            ordered, items = payload
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{html_inline(t)}</li>" for t in items) + f"</{tag}>")
        else:
            out.append(f"<p>{html_inline(payload)}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def main():
    kind, font_dir, src, dst = sys.argv[1:5]
    with open(src, encoding="utf-8") as f:
        meta, body = front_matter(f.read().splitlines())
    convert = to_typst if kind == "typ" else to_html
    with open(dst, "w", encoding="utf-8") as f:
        f.write(convert(meta, list(blocks(body)), font_dir))


if __name__ == "__main__":
    main()
