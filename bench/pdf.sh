#!/usr/bin/env bash
# Times the PDF output on the largest example: riskctl's own typesetter (in process, release build)
# against the common alternative for the same Markdown, pandoc → HTML → headless Chromium
# --print-to-pdf, where both are installed (apt-get install -y pandoc chromium).
#
# Usage: bench/pdf.sh [RUNS]        (default 15; medians of wall time)
# Prints per-document and total times and sizes; keeps the PDFs in target/bench-pdf/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
out=target/bench-pdf
rm -rf "$out" && mkdir -p "$out/md" "$out/riskctl" "$out/chromium"

cargo build --release --quiet
bin=target/release/riskctl

# The largest example: the one with the longest checklist.
largest=$(for p in examples/*.yaml; do
  "$bin" generate "$p" --out "$out/probe" --date 2026-11-24 --format md >/dev/null 2>&1 || continue
  printf '%s %s\n' "$(wc -c <"$out/probe/checklist.md")" "$p"
done | sort -n | tail -1 | cut -d' ' -f2)
rm -rf "$out/probe"
echo "example: $largest"
"$bin" generate "$largest" --out "$out/md" --date 2026-11-24 --format md >/dev/null

echo "== riskctl (printpdf, in process; font parsed once) =="
cargo bench --quiet --bench pdf -- "$out/md" "$runs" "$out/riskctl"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

if command -v pandoc >/dev/null && command -v chromium >/dev/null; then
  echo "== pandoc → HTML → headless Chromium --print-to-pdf =="
  css="$out/style.css"
  cat >"$css" <<'CSS'
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
th { background: #e6e6e6; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
CSS
  profile=$(mktemp -d)
  trap 'rm -rf "$profile"' EXIT
  total=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    for md in "$out"/md/*.md; do
      name=$(basename "$md" .md)
      pandoc "$md" -f markdown -t html5 -s --metadata title="$name" --css "$(realpath "$css")" \
        -o "$out/chromium/$name.html"
      chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --no-pdf-header-footer \
        --print-to-pdf="$out/chromium/$name.pdf" "file://$(realpath "$out/chromium/$name.html")" \
        >/dev/null 2>&1
    done
    end=$(date +%s%N)
    total+=($(( (end - start) / 1000000 )))
  done
  for pdf in "$out"/chromium/*.pdf; do
    printf '%-20s %8d bytes\n' "$(basename "$pdf" .pdf)" "$(wc -c <"$pdf")"
  done
  printf 'all 4 documents: median %d ms over %d runs (%d bytes in all)\n' \
    "$(printf '%s\n' "${total[@]}" | median)" "$runs" "$(cat "$out"/chromium/*.pdf | wc -c)"
else
  echo "(pandoc or chromium not installed: no comparison)"
fi

echo "== riskctl generate, all documents (Markdown + JSON + PDF), wall time =="
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" generate "$largest" --out "$out/generate" --date 2026-11-24 >/dev/null 2>&1
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
printf 'generate: median %.1f ms over %d runs; files: %s\n' \
  "$(echo "$(printf '%s\n' "${times[@]}" | median) / 1000" | bc -l)" "$runs" \
  "$(ls "$out/generate" | tr '\n' ' ')"
