#!/usr/bin/env bash
# What DOCX + XLSX add to `riskctl generate` of the largest example (release build): in process
# (benches/office.rs: the library pipeline, no start-up or disk) and as the CLI's median wall time
# of N runs with FORMATS and with FORMATS,docx,xlsx (which includes writing six more files), and
# the size of each DOCX/XLSX file. Usage: bench/office.sh [RUNS] [FORMATS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
formats=${2:-md,pdf,json}
cargo build --release --quiet
bin=target/release/riskctl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The largest example: the one with the most checklist items.
largest=$(for p in examples/*.yaml; do
  "$bin" generate "$p" --out "$out/probe" --date 2026-11-24 --format json 2>/dev/null
  printf '%s %s\n' "$(grep -o '"no":' "$out/probe/checklist.json" | wc -l)" "$p"
done | sort -n | tail -1 | cut -d' ' -f2)
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$bin" generate "$largest" --out "$out/run" --date 2026-11-24 --format "$1" 2>/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
cargo bench --quiet --bench office -- "$largest" "$runs" 2>/dev/null | sed -n 1p
base=$(median "$formats")
with=$(median "$formats,docx,xlsx")
printf 'CLI %s: %s median %.1f ms, +docx,xlsx %.1f ms, added %.1f ms (%d runs)\n' \
  "$(basename "$largest")" "$formats" "$(echo "$base / 1000" | bc -l)" \
  "$(echo "$with / 1000" | bc -l)" "$(echo "($with - $base) / 1000" | bc -l)" "$runs"
for f in "$out"/run/*.docx "$out"/run/*.xlsx; do
  printf '  %-22s %7d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"
done
