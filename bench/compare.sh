#!/usr/bin/env bash
# Paired comparison for the largest example (examples/consumer-goods.yaml), Markdown + PDFs:
#   A. riskctl: the whole CLI run, profile to its Markdown files and PDFs (the checklist, the
#      daily record, the per-batch record, the weekly report and the monthly minutes: 5 documents);
#   B. Typst compiling the same documents from ready-made Typst source with the same font
#      (the `typst` Python package, which bundles the compiler: pip install typst); timed inside
#      one Python process, so interpreter start-up is not counted against Typst;
#   C. headless Chromium printing the same documents from ready-made HTML with the same font
#      (apt-get install -y chromium), one `--print-to-pdf` run per document;
#   D. a batch of 52 profiles (the examples and tests/data/profiles, copied with changed company
#      names) against one profile, both with Markdown + PDFs, and the batch's peak memory.
# The Typst and HTML sources are made once from riskctl's Markdown by bench/md2.py. Each round
# runs every contender back to back; ratios are per round, and the medians are reported.
#
# Usage: bench/compare.sh [ROUNDS] [BATCH_ROUNDS]   (default 7 and 3). Not run by `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
batch_rounds=${2:-3}
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
bin=$root/target/release/riskctl
profile=examples/consumer-goods.yaml
date=2026-11-30

now() { date +%s%N; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$bin" generate "$profile" --out "$work/md" --date "$date" --format md 2>/dev/null
# Every document riskctl writes for the profile (file names carry the date, week or month).
docs=()
for f in "$work"/md/*.md; do docs+=("$(basename "$f" .md)"); done
mkdir -p "$work/src"
for d in "${docs[@]}"; do
  python3 bench/md2.py typ "$root/fonts" "$work/md/$d.md" "$work/src/$d.typ"
  python3 bench/md2.py html "$root/fonts" "$work/md/$d.md" "$work/src/$d.html"
done

have_typst=0
python3 -c 'import typst' 2>/dev/null && have_typst=1
have_chromium=0
command -v chromium >/dev/null && have_chromium=1
[ $have_typst = 1 ] || echo "(typst not installed: pip install typst)"
[ $have_chromium = 1 ] || echo "(chromium not installed: apt-get install -y chromium)"

typst_ms() {
  python3 - "$root/fonts" "$work/src" "$work/typst" "${docs[@]}" <<'PY'
import os, sys, time, typst
fonts, src, out, docs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out, exist_ok=True)
t = time.perf_counter()
for d in docs:
    typst.compile(f"{src}/{d}.typ", output=f"{out}/{d}.pdf", font_paths=[fonts], ignore_system_fonts=True)
print(f"{(time.perf_counter() - t) * 1000:.1f}")
PY
}

chromium_ms() {
  mkdir -p "$work/chromium"
  local t0 t1
  t0=$(now)
  for d in "${docs[@]}"; do
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --allow-file-access-from-files --print-to-pdf="$work/chromium/$d.pdf" \
      "file://$work/src/$d.html" >/dev/null 2>&1
  done
  t1=$(now)
  ms "$t0" "$t1"
}

# Wall time of one command, measured from Python like Typst's (the fork and exec of the command are
# counted; the `date` processes a shell timer would start are not).
wall_ms() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{(time.perf_counter() - t) * 1000:.1f}")
PY
}

riskctl_ms() {
  wall_ms "$bin" generate "$profile" --out "$work/riskctl" --date "$date" --format md,pdf
}

echo "== riskctl vs Typst vs Chromium: $profile, ${#docs[@]} documents (${docs[*]}), $rounds paired rounds =="
: >"$work/pairs"
for r in $(seq "$rounds"); do
  a=$(riskctl_ms)
  b=-; c=-
  [ $have_typst = 1 ] && b=$(typst_ms)
  [ $have_chromium = 1 ] && c=$(chromium_ms)
  echo "round $r: riskctl $a ms, typst $b ms, chromium $c ms"
  echo "$a $b $c" >>"$work/pairs"
done
col() { awk -v k="$1" '{print $k}' "$work/pairs" | median; }
ratio() { awk -v k="$1" '$k != "-" {printf "%.1f\n", $k / $1}' "$work/pairs" | median; }
echo "median: riskctl $(col 1) ms, typst $(col 2) ms, chromium $(col 3) ms"
[ $have_typst = 1 ] && echo "Typst / riskctl (median of per-round ratios): $(ratio 2)x"
[ $have_chromium = 1 ] && echo "Chromium / riskctl (median of per-round ratios): $(ratio 3)x"
for d in "${docs[@]}"; do
  pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages/ {print $2}'; }
  echo "  $d.pdf pages: riskctl $(pages "$work/riskctl/$d.pdf"), typst $(pages "$work/typst/$d.pdf" || true), chromium $(pages "$work/chromium/$d.pdf" || true)"
done

echo "== 52 profiles in one batch vs one profile (Markdown + PDFs), $batch_rounds paired rounds =="
mkdir -p "$work/batch"
sources=(examples/*.yaml tests/data/profiles/*.yaml)
for n in $(seq 52); do
  src=${sources[$(( (n - 1) % ${#sources[@]} ))]}
  # A different company per copy: the name gets a client number.
  sed -E "0,/^  name: /s//  name: 客户${n}号/" "$src" >"$work/batch/client-$(printf %02d "$n").yaml"
done
: >"$work/batch-pairs"
for r in $(seq "$batch_rounds"); do
  one=$(riskctl_ms)
  many=$(wall_ms "$bin" generate "$work/batch" --out "$work/batch-out" --date "$date" --format md,pdf)
  echo "round $r: one $one ms, 52 profiles $many ms"
  echo "$one $many" >>"$work/batch-pairs"
done
awk '{printf "%.1f\n", $2 / $1}' "$work/batch-pairs" | median | xargs echo "52 profiles / one (median of per-round ratios):"
written=$(find "$work/batch-out" -name '*.pdf' | wc -l)
echo "PDFs written by the batch: $written (index.pdf included)"
/usr/bin/time -v "$bin" generate "$work/batch" --out "$work/batch-out" --date "$date" --format md,pdf \
  2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "peak memory of the 52-profile batch: %.1f MB\n", $2 / 1024}'
