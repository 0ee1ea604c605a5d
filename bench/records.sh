#!/usr/bin/env bash
# The record store (riskctl records): time to import 10,000 CSV rows, and the store's size for a
# year of records of the largest example (examples/consumer-goods.yaml: each officer's daily
# items × ~300 working days). Needs python3 to write the CSVs.
#
# Usage: bench/records.sh [RUNS]    (default 5; median wall time of the 10,000-row import)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=target/bench-records
rm -rf "$out" && mkdir -p "$out"

cargo build --release --quiet
bin=$PWD/target/release/riskctl
profile=examples/consumer-goods.yaml
"$bin" generate "$profile" --out "$out/json" --date 2026-11-24 --format json >/dev/null 2>&1

# rows.py ROWS|year OUT: daily records of each officer's daily items, one day after another
# backwards from 2026-11-28 (a year: 300 working days, Monday to Saturday).
cat >"$out/rows.py" <<'PY'
import datetime, json, sys
c = json.load(open(sys.argv[1]))
daily = {"daily", "per_batch"}
officers = []
for o in c["people"]["officers"]:
    items = [i["no"] for g in c["groups"] if g["id"] == "company" or not o["lines"] or g["id"] in o["lines"]
             for i in g["items"] if i["frequency"] in daily]
    officers.append((o["name"], items))
want, day, rows, days = sys.argv[2], datetime.date(2026, 11, 28), [], 0
while (len(rows) < int(want)) if want != "year" else (days < 300):
    if day.weekday() != 6:
        days += 1
        for name, items in officers:
            rows += [f"{day},{no},符合,,,{name}" for no in items]
    day -= datetime.timedelta(days=1)
rows = rows if want == "year" else rows[: int(want)]
open(sys.argv[3], "w").write("日期,序号,结果,问题,处置,检查人\n" + "\n".join(rows) + "\n")
print(f"{len(rows)} rows over {days} days; per day: " + ", ".join(f"{n} {len(i)} items" for n, i in officers))
PY

python3 "$out/rows.py" "$out/json/checklist.json" 10000 "$out/10k.csv"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs=$(for _ in $(seq "$runs"); do
  rm -f "$out"/10k.sqlite*
  start=$(date +%s%N)
  RISKCTL_NOW=2026-11-28T18:00:00+08:00 "$bin" records import "$profile" "$out/10k.csv" --db "$out/10k.sqlite" 2>/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
done | median)
echo "import 10,000 rows: ${secs} ms (median of $runs runs; catalog load, validation and commit included)"

python3 "$out/rows.py" "$out/json/checklist.json" year "$out/year.csv"
rm -f "$out"/year.sqlite*
RISKCTL_NOW=2026-11-28T18:00:00+08:00 "$bin" records import "$profile" "$out/year.csv" --db "$out/year.sqlite" 2>/dev/null
echo "store for a year of records: $(du -k "$out/year.sqlite" | cut -f1) KiB ($(wc -c <"$out/year.csv") bytes of CSV)"
