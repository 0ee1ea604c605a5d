#!/usr/bin/env bash
# Times `riskctl generate` (release build) on every example; reports the median wall time of N runs
# and the peak resident memory of one run. Usage: bench/generate.sh [RUNS] [FORMATS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
formats=${2:-md,json}
cargo build --release --quiet
bin=target/release/riskctl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for profile in examples/*.yaml; do
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" generate "$profile" --out "$out" --date 2026-11-24 --format "$formats" 2>/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$( { /usr/bin/time -f '%M' "$bin" generate "$profile" --out "$out" --date 2026-11-24 --format "$formats" 2>&1 >/dev/null; } | tail -1)
  items=$(grep -o '"no":' "$out/checklist.json" 2>/dev/null | wc -l || true)
  printf '%-28s median %6.1f ms over %d runs, peak RSS %s KiB, %s items\n' \
    "$(basename "$profile")" "$(echo "$median / 1000" | bc -l)" "$runs" "$rss" "$items"
done
