#!/usr/bin/env bash
# The main job, on the embedded default policy: a city branch's quarter
# of operations (Q3 2025) generated, ingested into a fresh SQLite
# database under the handbook's rules, the quality report printed, the
# open deadlines at the quarter's end summed up, the audit log verified.
#   tools/main-job.sh BUILD_DIR WORK_DIR [SCALE]
set -euo pipefail
build=$1
work=$2
scale=${3:-1}
telsvc=$build/telsvc
db=$work/branch.db

rm -rf "$work"
mkdir -p "$work"
step() { printf '\n==== %s\n' "$*"; }

step "a quarter of a city branch's operations (examples/dataset, seed 1, scale $scale)"
"$build/examples/dataset/branch-dataset" --seed 1 --scale "$scale" --out "$work/q3.jsonl" \
	--planted "$work/planted.tsv"
echo "$(wc -l < "$work/q3.jsonl") events in $work/q3.jsonl, $(wc -l < "$work/planted.tsv") of them planted bad"

step "telsvc init and ingest into $db"
"$telsvc" init "$db" --units 12000
set +e
"$telsvc" ingest "$db" "$work/q3.jsonl" 2> "$work/ingest.log"
status=$?
set -e
# 3: every event read, the planted bad ones refused; anything else failed
[ "$status" = 0 ] || [ "$status" = 3 ] || { cat "$work/ingest.log" >&2; exit 1; }
echo "refused and malformed events, with their line and clause (all in $work/ingest.log):"
grep -E ': (refused|malformed): ' "$work/ingest.log" | head -n 5 || true
grep -E '^ingest: ' "$work/ingest.log"
# exactly the planted lines are reported, each as what it was planted as
sed -n 's/^[^:]*:\([0-9]*\): \(refused\|malformed\): .*/\1\t\2/p' "$work/ingest.log" > "$work/reported.tsv"
if ! cut -f1,2 "$work/planted.tsv" | diff -q - "$work/reported.tsv" > /dev/null; then
	echo "ingest reported other lines than the generator planted:" >&2
	cut -f1,2 "$work/planted.tsv" | diff - "$work/reported.tsv" | head >&2
	exit 1
fi
echo "every planted event, and only those, was reported"
anchor=$(sed -n 's/^audit head.*: \([0-9]*:[0-9a-f]*\)$/\1/p' "$work/ingest.log")

step "telsvc report: the quality report of Q3 2025 (§5.4)"
"$telsvc" report "$db" --from 2025-07-01 --to 2025-10-01

step "telsvc due: open deadlines at the quarter's end"
"$telsvc" due "$db" --at '2025-09-30 18:00' | tail -n 1

step "telsvc audit verify, against the anchor ingest published"
"$telsvc" audit verify "$db" --anchor "$anchor"
