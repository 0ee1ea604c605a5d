#!/usr/bin/env python3
"""Brings the catalog's standard citations up to the registry's reference date.

    scripts/update-citations.py [--check] [--verbose]

Reads catalog/standards/registry.yaml and rewrites, in every catalog/national/**/*.yaml file, each
citation of an edition that is superseded on the registry's `reference_date` (a later edition of
the same number, or a replacing number: GB -> GB/T, merges, splits) to the edition in force on that
date. Where the edition changes, a clause reference right after the citation ("第22章", "5.4.5",
"第19章、第22章") is dropped, because the registry records no edition whose clause numbering
carries over. A replacement that brings standards applying alongside (GB 14746-2006 -> GB/T
14746-2025 and GB 46517-2025) becomes two list entries in a `standards: [...]` list and "A、B" in
text. A citation repeated in the same list or text after the rewrite is dropped.

The files are edited as text, line by line (no YAML round trip), so comments, order and quoting
stay as they are. Then a few explicit, commented replacements fix texts that rest on an old
edition's limits or cite a standard out of its subject (standards-2026.md, "Wrong subject"). The
script is idempotent: run it again after merging other catalog changes.

--check: change nothing, exit 1 if a file would change. Prints the number of citations changed.
"""
import argparse
import datetime
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "catalog/standards/registry.yaml"
CATALOG = ROOT / "catalog/national"

# The same closed prefix list as src/standards/citation.rs.
PREFIXES = (
    r"GB/T|GB/Z|GB|JJF|JJG|TSG|(?:AQ|BB|CB|CJ|DL|FZ|GA|GY|HG|HJ|JB|JC|JG|JR|JT|LD|LY|MH|MT|NB|NY"
    r"|QB|QC|SB|SH|SJ|SL|SN|TB|WB|WS|XF|YB|YD|YZ|YY)(?:/T)?"
)
CITATION = re.compile(
    r"(?<![A-Za-z0-9/])(" + PREFIXES + r")\s?(\d+(?:\.\d+)*)\s?[-–—]\s?(\d{4})(?!\d)"
)
# A clause reference: "第22章", "第11、13、15章", "第 6.1.1 条", "附录Q", "表3".
CLAUSE = re.compile(
    r"第\s*\d+(?:\.\d+)*(?:\s*[、,，和及]\s*\d+(?:\.\d+)*)*\s*[章条节款]|附录\s*[A-Z]+|表\s*[A-Z]?\d+"
)
# A bare clause number right after the citation: " 5.4.5".
BARE_CLAUSE = re.compile(r"\s*\d+(?:\.\d+)+(?![\d%])")
# Words right before a citation that name a withdrawn edition on purpose, and an annotation right
# after it that gives the edition's start date: such citations stay as written (the same rule as
# `standards::is_pinned`).
WITHDRAWN = re.compile(r"(?:已废止的|废止的|已作废的|已被替代的|被替代的|旧版|原)\s*$")
DATED = re.compile(r"\s*（[^）；;、，,]*实施[^）]*）")
# A clause after the citation that tells of the change ("按 GB 27887-2011 获证的型号",
# "GB 14746-2006 已由 GB/T 14746-2025 代替").
CHANGE = re.compile(r"[^，。；;]*(?:获证|已由|代替|替代|废止|作废)")
# What ends the text that belongs to one citation.
SEGMENT_END = re.compile(r"[；;。]")

# Explicit replacements: (file under catalog/national, old text, new text, why). Each applies
# only where the old text is found, so a second run changes nothing.
EXPLICIT = [
    # The e-bike mass check rested on both editions' limits; GB 17761-2024 applies since
    # 2025-09-01 (standards-2026.md: 63 kg with a lead-acid battery, plastics <= 5.5 % of mass).
    # The 2024 edition is named with its start date, so the sentence is printed as written and
    # stays true on a document dated before the switch.
    (
        "products/transport.yaml",
        "按执行版本判定限值：2018版不大于55 kg；2024版铅酸车型不大于63 kg，且塑料总质量不超过整车质量的5.5%",
        "按执行标准判定限值；GB 17761-2024（2025-09-01起实施）规定铅酸蓄电池车型不大于63 kg，塑料件总质量不超过整车质量的5.5%",
        "old-edition limit",
    ),
    # The car-seat plan named the old edition on purpose; the date-bound transition item now
    # carries the change, so the measure names only the edition in force.
    (
        "products/children.yaml",
        "列出按GB 27887-2011获证的型号清单，制定按GB 27887-2024换证计划并跟踪完成",
        "核对每个获证型号的认证依据为 GB 27887-2024，依据旧版的型号制定换证计划并跟踪完成",
        "old edition named on purpose",
    ),
    # The appliance family tracked the 2024 switch by hand; transition items are now dated.
    (
        "families/electrical.yaml",
        "跟踪 GB/T 4706.1-2024 及配套第2部分（2026-08-01 实施），完成差异分析、差异试验和认证证书换版",
        "型式试验报告和认证证书依据现行 GB/T 4706.1-2024 及对应第2部分；标准换版时完成差异分析、差异试验和认证证书换版",
        "hand-written transition",
    ),
    # GB/T 4365 is an EMC vocabulary, not a product standard of broadcast transmitters.
    (
        "products/industrial.yaml",
        "standards: [GB 4943.1-2022, GB/T 4365-2003]",
        "standards: [GB 4943.1-2022]",
        "wrong subject: GB/T 4365",
    ),
    # GB/T 36672 covers electric-motorcycle Li-ion batteries; the traction-battery family also
    # serves EV and e-bike packs, so each standard names its subject.
    (
        "families/transport-children.yaml",
        "basis: GB 43854-2024；GB/T 36672-2018",
        "basis: GB 43854-2024（电动自行车用）；GB/T 36672-2018（电动摩托车用）",
        "wrong subject: GB/T 36672",
    ),
    # Citations without a year: dated to the edition the registry has in force where the text
    # means that edition; JJF 1070 (the net-content inspection rule) deliberately means the
    # current edition, which the marker "（现行版）" right after the number records.
    ("general.yaml", "第二十七条；GB/T 5296.1\n", "第二十七条；GB/T 5296.1-2012\n", "undated"),
    ("general.yaml", "《中华人民共和国计量法》；GB/T 19022\n", "《中华人民共和国计量法》；GB/T 19022-2003\n", "undated"),
    ("families/transport-children.yaml", "GB/T 3565.6 车架", "GB/T 3565.6-2022 车架", "undated"),
    ("families/transport-children.yaml", "GB/T 3565.7 车轮", "GB/T 3565.7-2022 车轮", "undated"),
    ("families/transport-children.yaml", "GB/T 28022 玩具", "GB/T 28022-2021 玩具", "undated"),
    ("families/food-gas-agri.yaml", "按 JJF 1070 规定判定", "按 JJF 1070（现行版）规定判定", "current edition"),
    ("families/food-gas-agri.yaml", "JJF 1070《定量包装", "JJF 1070（现行版）《定量包装", "current edition"),
] + [
    # The gas-appliance family cited the cooker standard GB 16410 for water heaters and boilers
    # too: each standard names its subject, and a basis that named only GB 16410 gains the heater
    # and boiler standards (GB 6932, GB 25034).
    ("families/food-gas-agri.yaml", old, new, "wrong subject: GB 16410")
    for old, new in [
        (
            "关键元器件一致性要求；GB 16410-2020\n",
            "关键元器件一致性要求；GB 16410-2020（灶具）；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）\n",
        ),
        ("GB/T 13611-2018；GB 16410-2020 标志要求\n", "GB/T 13611-2018；GB 16410-2020（灶具）标志要求；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）\n"),
        ("GB 16410-2020 气密性要求；GB 6932-2015；GB 25034-2020", "GB 16410-2020（灶具）气密性要求；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）"),
        ("GB 16410-2020 熄火保护装置要求；GB 6932-2015；GB 25034-2020", "GB 16410-2020（灶具）熄火保护装置要求；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）"),
        ("GB 16410-2020；GB 6932-2015；GB 25034-2020；GB 35848-2024", "GB 16410-2020（灶具）；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）；GB 35848-2024"),
        ("GB 16410-2020 材料要求；GB 6932-2015\n", "GB 16410-2020（灶具）材料要求；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）\n"),
        ("GB 16410-2020 标志和使用说明；GB 17905-2008\n", "GB 16410-2020（灶具）标志和使用说明；GB 6932-2015（热水器）；GB 25034-2020（采暖热水炉）；GB 17905-2008\n"),
    ]
]


def start(edition):
    """The date an edition applies from (January 1 of its year when not recorded)."""
    return edition.get("implemented") or datetime.date(edition["year"], 1, 1)


class Registry:
    def __init__(self, path):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.date = data["reference_date"]
        self.by_number = {s["number"]: s for s in data["standards"]}

    def edition(self, number, year):
        s = self.by_number.get(number)
        return next((e for e in s["editions"] if e["year"] == year), None) if s else None

    def in_force(self, number, year):
        """The editions in force on the reference date for a citation of number-year: the
        successor first, then standards applying alongside; None if the cited one is current or
        unknown."""
        s = self.by_number.get(number)
        if not s or not self.edition(number, year):
            return None
        current, also = (number, year), []
        while True:
            s = self.by_number[current[0]]
            later = [e for e in s["editions"] if e["year"] > current[1] and start(e) <= self.date]
            if later:
                current = (current[0], later[-1]["year"])
            last = s["editions"][-1]["year"]
            succ = s.get("replaced_by") or []
            if current[1] != last or not succ:
                break
            first = succ[0]
            if start(self.edition(first["number"], first["year"])) > self.date:
                break
            also += [
                (o["number"], o["year"])
                for o in succ[1:]
                if start(self.edition(o["number"], o["year"])) <= self.date
            ]
            current = (first["number"], first["year"])
        if current == (number, year):
            return None
        return [current] + also


def text_of(ref):
    return f"{ref[0]}-{ref[1]}"


def rewrite_flow_list(line, registry, counter):
    """`standards: [A, B]`: each entry rewritten, alongside standards added, duplicates dropped."""
    m = re.match(r"^(\s*(?:-\s+)?standards:\s*\[)(.*)(\]\s*)$", line)
    if not m:
        return None
    entries = [e.strip() for e in m.group(2).split(",") if e.strip()]
    out = []
    for entry in entries:
        c = CITATION.fullmatch(entry)
        new = registry.in_force(f"{c.group(1)} {c.group(2)}", int(c.group(3))) if c else None
        if new:
            counter[0] += 1
        for text in [text_of(r) for r in new] if new else [entry]:
            if text not in out:
                out.append(text)
    return m.group(1) + ", ".join(out) + m.group(3)


def rewrite_text(line, registry, counter):
    """Every superseded citation in a line of text, clauses after it dropped."""
    out, at = [], 0
    for c in CITATION.finditer(line):
        new = registry.in_force(f"{c.group(1)} {c.group(2)}", int(c.group(3)))
        pinned = WITHDRAWN.search(line[: c.start()]) or DATED.match(line, c.end())
        if not new or pinned or CHANGE.match(line, c.start()):
            continue
        counter[0] += 1
        out.append(line[at : c.start()])
        out.append("、".join(text_of(r) for r in new))
        out.append(drop_clauses(line, c.end()))
        at = segment_end(line, c.end())
    out.append(line[at:])
    return dedupe_text("".join(out))


def segment_end(line, start):
    """Where the text that belongs to the citation ending at `start` ends."""
    ends = [m.start() for m in (SEGMENT_END.search(line, start), CITATION.search(line, start)) if m]
    return min(ends, default=len(line.rstrip("\n")))


def drop_clauses(line, start):
    """The text after a rewritten citation up to its segment end, without the old edition's
    clause references (new editions renumber clauses)."""
    bare = BARE_CLAUSE.match(line, start)
    rest = line[bare.end() if bare else start : segment_end(line, start)]
    if not bare and not CLAUSE.search(rest):
        return rest
    rest = CLAUSE.sub("", rest)
    rest = re.sub(r"([、，,])\s+", r"\1", rest)
    rest = re.sub(r"[、，,]+(?=[、，,）)]|\s*$)", "", rest)
    rest = re.sub(r"^(\s*)[、，,]", r"\1", rest)
    rest = re.sub(r"\s{2,}", " ", rest)
    rest = re.sub(r"^\s+(?=[（(])", "", rest)
    return rest if rest.strip() else ""


def dedupe_text(line):
    """Drops a bare citation that repeats an earlier one in the same line, with its separator; a
    repeat annotated with its start date ("（2026-07-01起实施）") goes with the annotation."""
    seen = set()
    result, at = [], 0
    for c in CITATION.finditer(line):
        key = (c.group(1), c.group(2), c.group(3))
        end = c.end()
        dated = DATED.match(line, end)
        if dated:
            end = dated.end()
        after = line[end : end + 1]
        bare = after in ("", "\n", "；", ";", "、", "，", ",", "。", '"', "'", " ")
        if key in seen and bare:
            before = line[at : c.start()]
            sep = re.search(r"\s*[；;、，,]\s*$", before)
            if sep:
                result.append(before[: sep.start()])
                at = end
                continue
        seen.add(key)
    result.append(line[at:])
    return "".join(result)


def update_file(path, rel, registry, counter):
    """The file's text and its updated text: explicit replacements first (their old texts name
    the editions as the catalog had them), then every superseded citation."""
    original = path.read_text(encoding="utf-8")
    text = original
    for file, old, new, _ in EXPLICIT:
        if file == rel and old in text:
            text = text.replace(old, new)
            counter[1] += 1
    lines = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            lines.append(line)
            continue
        listed = rewrite_flow_list(line.rstrip("\n"), registry, counter)
        if listed is not None:
            lines.append(listed + ("\n" if line.endswith("\n") else ""))
        else:
            lines.append(rewrite_text(line, registry, counter))
    return original, "".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    ap.add_argument("--verbose", action="store_true", help="print each changed line")
    args = ap.parse_args()
    registry = Registry(REGISTRY)
    counter = [0, 0]
    changed_files = []
    for path in sorted(CATALOG.rglob("*.yaml")):
        rel = path.relative_to(CATALOG).as_posix()
        original, text = update_file(path, rel, registry, counter)
        if text != original:
            changed_files.append(rel)
            if args.verbose:
                for a, b in zip(original.splitlines(), text.splitlines()):
                    if a != b:
                        print(f"{rel}:\n  - {a.strip()}\n  + {b.strip()}")
            if not args.check:
                path.write_text(text, encoding="utf-8")
    print(
        f"{counter[0]} superseded citations rewritten to the editions in force on "
        f"{registry.date}, {counter[1]} explicit replacements, {len(changed_files)} files"
    )
    if args.check and changed_files:
        sys.exit(1)


if __name__ == "__main__":
    main()
