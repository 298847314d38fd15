#!/usr/bin/env bash
# The telsvc command on a database: init, ingest (JSON Lines and YAML,
# refusals by line and clause, nothing of them stored), show, due,
# report, audit verify / replay / head, tampering found.
#   tests/cli_cases.sh TELSVC DATA_DIR [CONNINFO]
# Without CONNINFO every database is a SQLite file. With it, each is a
# schema of its own on that PostgreSQL server (dropped at the end), with
# its key file given by --key, and the same outputs are asserted; the
# report is also compared, byte for byte, with SQLite's of the same events.
set -euo pipefail
telsvc=$1
data=$2
pg=${3:-}
tmp=$(mktemp -d)
prefix=cli_$$_$RANDOM
schemas=()
psql_bin=
if [ -n "$pg" ]; then
	psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -n 1)
	[ -x "$psql_bin" ] || { echo "FAIL: no psql for the PostgreSQL run" >&2; exit 1; }
fi
cleanup() {
	if [ ${#schemas[@]} -gt 0 ]; then
		PGOPTIONS="-c client_min_messages=warning" "$psql_bin" "$pg" -XAtq \
			-c "DROP SCHEMA IF EXISTS $(IFS=,; echo "${schemas[*]}") CASCADE" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# store NAME: the arguments that name database NAME in "${S[@]}", and its
# key file in $K: a SQLite file and DB.key beside it, or a schema and a
# key file in $tmp
store() {
	if [ -n "$pg" ]; then
		S=("$pg" --schema "${prefix}_$1" --key "$tmp/$1.key")
		K=$tmp/$1.key
		schemas+=("${prefix}_$1")
	else
		S=("$tmp/$1.db")
		K=$tmp/$1.db.key
	fi
}
store branch
db=("${S[@]}")
db_key=$K

fail() { echo "FAIL: $*" >&2; exit 1; }
# run WANT_STATUS ARGS...: run telsvc, keep stdout and stderr, check the status
run() {
	local want=$1
	shift
	set +e
	"$telsvc" "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	set -e
	[ "$rc" = "$want" ] || { cat "$tmp/out" "$tmp/err" >&2; fail "telsvc $*: exit $rc, want $want"; }
}
has() { grep -qF -- "$2" "$tmp/$1" || { cat "$tmp/$1" >&2; fail "$1 lacks: $2"; }; }
# sql STATEMENT: run it on the branch database, print the first value
if [ -n "$pg" ]; then
	sql() { PGOPTIONS="-c search_path=${prefix}_branch" "$psql_bin" "$pg" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
	records() { sql 'SELECT count(*) FROM telsvc_audit'; }
	drop_last_record() { sql 'DELETE FROM telsvc_audit WHERE seq = (SELECT max(seq) FROM telsvc_audit)' > /dev/null; }
	# a changed byte in audit record $1 (offset 40)
	tamper_record() {
		sql "UPDATE telsvc_audit SET data = set_byte(data, 40, CASE WHEN get_byte(data, 40) = 0 THEN 1 ELSE 0 END) WHERE seq = $1" > /dev/null
	}
else
	sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print(r[0][0] if r else "")' "$tmp/branch.db" "$1"; }
	# The audit log: a row holds a run of records, each 16 bytes and its
	# body long (docs/sqlite.md). audit_rows ACTION [SEQ]: count them, drop
	# the last one, or change byte 40 of record SEQ.
	audit_rows() {
		python3 -c '
import sqlite3, struct, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT seq, data FROM telsvc_audit ORDER BY seq").fetchall()
def split(data):
    at, out = 0, []
    while at < len(data):
        n = 16 + struct.unpack_from("<I", data, at + 8)[0]
        out.append(data[at:at + n])
        at += n
    return out
if sys.argv[2] == "count":
    print(sum(len(split(d)) for _, d in rows))
elif sys.argv[2] == "drop":
    seq, data = rows[-1]
    rest = split(data)[:-1]
    if rest:
        c.execute("UPDATE telsvc_audit SET data = ? WHERE seq = ?", (b"".join(rest), seq))
    else:
        c.execute("DELETE FROM telsvc_audit WHERE seq = ?", (seq,))
else:
    want = int(sys.argv[3])
    seq, data = [r for r in rows if r[0] <= want][-1]
    recs = split(data)
    r = bytearray(recs[want - seq])
    r[40] = 1 if r[40] == 0 else 0
    recs[want - seq] = bytes(r)
    c.execute("UPDATE telsvc_audit SET data = ? WHERE seq = ?", (b"".join(recs), seq))
c.commit()' "$tmp/branch.db" "$@"
	}
	records() { audit_rows count; }
	drop_last_record() { audit_rows drop; }
	tamper_record() { audit_rows tamper "$1"; }
fi

# ---- every subcommand explains itself
for c in init ingest due report audit show; do
	run 0 "$c" --help
	has out "usage: telsvc $c"
done

# ---- init
run 0 init "${db[@]}" --units 100
[ -f "$db_key" ] || fail "no key file"
[ "$(stat -c %a "$db_key")" = 600 ] || fail "the key file is readable by others"
run 1 init "${db[@]}"
has err "already exists"
store x
run 2 init "${S[@]}" --units zero
# an existing key file is never overwritten; the init that refused it
# leaves nothing that stops the next one
store k
touch "$K"
run 1 init "${S[@]}"
has err "$K already exists"
[ ! -e "$tmp/k.db" ] || fail "a refused init left its database"
rm "$K"
run 0 init "${S[@]}"

# ---- ingest: every good event applied, from both encodings
run 0 ingest "${db[@]}" "$data/cli_good.jsonl" "$data/cli_good.yaml"
has err "17 events: 17 applied, 0 refused, 0 malformed"
anchor=$(sed -n 's/^audit head.*: \([0-9]*:[0-9a-f]*\)$/\1/p' "$tmp/err")
[ -n "$anchor" ] || fail "ingest printed no audit head"
[ "$(records)" = 17 ] || fail "17 audit records expected"
[ "$(sql 'SELECT count(*) FROM telsvc_cli_refs')" = 4 ] || fail "4 references expected"

# ---- the target's options: --schema is PostgreSQL's; there, --key is
# needed by the commands that use the key, and --sync is SQLite's
if [ -n "$pg" ]; then
	run 2 ingest "$pg" --schema "${prefix}_branch" "$data/cli_good.jsonl"
	has err "--key FILE is required on PostgreSQL"
	run 2 init "$pg" --schema "${prefix}_new"
	has err "--key FILE is required on PostgreSQL"
	run 2 ingest "${db[@]}" --sync full "$data/cli_good.jsonl"
	has err "--sync is for SQLite"
	# a mistyped schema is an error, not a new empty database
	schemas+=("${prefix}_typo")
	run 1 report "$pg" --schema "${prefix}_typo"
	has err "schema \"${prefix}_typo\": postgresql: no schema"
	[ "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname = '${prefix}_typo'")" = 0 ] || fail "report made a schema"
	run 0 audit head "$pg" --schema "${prefix}_branch"
	[ "$(cat "$tmp/out")" = "$anchor" ] || fail "audit head without the key file differs from ingest's"
else
	run 2 due "${db[@]}" --schema crm
	has err "--schema names a PostgreSQL schema"
fi

# the same events as YAML (each JSON line is a YAML flow mapping) give the same cases
store j
j=("${S[@]}")
store y
y=("${S[@]}")
"$telsvc" init "${j[@]}" --units 100 > /dev/null
"$telsvc" init "${y[@]}" --units 100 > /dev/null
sed 's/^/- /' "$data/cli_good.jsonl" | grep -v '^- $' > "$tmp/good.yaml"
run 0 ingest "${j[@]}" "$data/cli_good.jsonl"
run 0 ingest "${y[@]}" "$tmp/good.yaml"
"$telsvc" report "${j[@]}" --at 2025-10-01 --format json > "$tmp/j.json"
"$telsvc" report "${y[@]}" --at 2025-10-01 --format json > "$tmp/y.json"
cmp -s "$tmp/j.json" "$tmp/y.json" || fail "YAML and JSON Lines ingests differ"
"$telsvc" show "${j[@]}" CRM-1 > "$tmp/j.show"
"$telsvc" show "${y[@]}" CRM-1 > "$tmp/y.show"
cmp -s "$tmp/j.show" "$tmp/y.show" || fail "YAML and JSON Lines cases differ"

# an outage of more units than are in service is refused
store one
"$telsvc" init "${S[@]}" > /dev/null
run 3 ingest "${S[@]}" "$data/cli_good.jsonl"
has err "cli_good.jsonl:16: refused: outage OUT-1: it takes down 3 units of the 1 in service"

# ---- ingest: refused and malformed events named by line, nothing of them stored
before=$(records)
run 3 ingest "${db[@]}" "$data/cli_bad.jsonl"
f=$data/cli_bad.jsonl
has err "$f:1: refused: request.close CRM-2: request SR-20250701-000002: cannot close while received: §1.3"
has err "$f:2: refused: request.preprocess CRM-2: request SR-20250701-000002: the customer may not preprocess"
has err "$f:3: refused: request.create CRM-1: the reference is already used by request SR-20250701-000001"
has err "$f:4: refused: request.start CRM-404: no case has this reference"
has err "$f:5: refused: request.preprocess CRM-2: request SR-20250701-000002: 2025-06-30T04:00:00Z precedes its last change"
has err "$f:6: refused: request.create CRM-9: telsvc_request_create: intake.service_type is required (§2.1.3)"
has err "$f:8: malformed: request.feedback: 'score': '101' is not an integer from 0 to 100"
has err "$f:9: malformed: unknown key 'colour'"
has err "$f:10: malformed: key 'op' given twice"
has err "$f:11: malformed: nested object"
has err "$f:12: malformed: request.start: 'at': '2025-13-01T12:00:00+08:00' is not a time"
has err "$f:13: malformed: request.create: 'channel': 'pigeon' is not a channel"
has err "$f:14: malformed: request.start: 'actor' and 'role' are required"
has err "$f:15: malformed: ',' or '}' expected at column 23"
has err "$f:16: malformed: '{' expected"
has err "$f:17: refused: complaint.verify CRM-2: the reference names request SR-20250701-000002, not a complaint"
has err "18 events: 2 applied, 7 refused, 9 malformed"
grep -q ":7: \|:18: " "$tmp/err" && fail "a good event was reported"
[ "$(records)" = $((before + 2)) ] || fail "refused events left audit records"
[ "$(sql 'SELECT count(*) FROM telsvc_cli_refs')" = 4 ] || fail "a refused create left a reference"
run 0 ingest "${db[@]}" - < /dev/null
# on a terminal, a progress bar; never in a pipe or file
if command -v script > /dev/null; then
	store tty
	"$telsvc" init "${S[@]}" > /dev/null
	script -qc "$(printf '%q ' "$telsvc" ingest "${S[@]}" "$data/cli_good.jsonl")" /dev/null > "$tmp/tty" 2>&1
	has tty "100% 15 events"
fi
grep -q "%" "$tmp/err" && fail "a progress bar went to a file"
run 2 ingest "${db[@]}"
store none
run 1 ingest "${S[@]}" "$data/cli_good.jsonl"

# ---- a case closed in one batch and reopened in a later one: released
# from memory at the commit, found in storage again
run 0 ingest "${db[@]}" "$data/cli_later.jsonl" --batch 1
has err "6 events: 6 applied"
run 0 show "${db[@]}" CRM-3
has out "state     handling"
has out "reopened  1 times"

# ---- show: by reference and by number, with the class, deadlines and history
run 0 show "${db[@]}" CRM-1
has out "request SR-20250701-000001 (ref CRM-1)"
has out "state     closed"
has out "class     emergency: §2.1.2"
has out "requests.limits.emergency                due 2025-07-01T11:12:00+08:00 met"
has out "2025-07-01T10:30:00+08:00  accept             wang.fang (customer)"
has out "works again ✔"
run 0 show "${db[@]}" SR-20250701-000002
has out "state     preprocessing"
has out "reclassify"
run 0 show "${db[@]}" CRM-3
has out "category  billing: §6.1"
run 0 show "${db[@]}" SEC-1
has out "grade     major"
run 0 show "${db[@]}" CRM-1 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["number"]=="SR-20250701-000001", d' "$tmp/out"
run 1 show "${db[@]}" CRM-404
has err "no case has the reference or number 'CRM-404'"

# ---- due: at 2025-07-02 18:00 the important request is escalated, the
# incident's report (1 h from 16:30) is too; the complaint's first
# handling was met
run 0 due "${db[@]}" --at 2025-07-02T18:00:00+08:00 --within 48
has out "escalated  SR-20250701-000002   CRM-2"
has out "escalated  SI-20250702-000001   SEC-1"
grep -q "CRM-1 " "$tmp/out" && fail "the closed request is listed as due"
has out "2 escalated, 0 breached, 0 warned,"
before=$(sql 'SELECT count(*) FROM telsvc_objects')
[ "$(sql 'SELECT count(*) FROM telsvc_objects WHERE kind = 4')" = 0 ] || fail "due recorded deliveries"
run 2 due "${db[@]}" --at tomorrow
store empty
"$telsvc" init "${S[@]}" > /dev/null
run 0 due "${S[@]}" --at 2025-09-30
has out "0 escalated, 0 breached, 0 warned, 0 due"

# ---- report: text, JSON and CSV of the quarter
run 0 report "${db[@]}" --from 2025-07-01 --to 2025-10-01
has out "Quality report (§5.4)"
has out "availability"
run 0 report "${db[@]}" --from 2025-07-01 --to 2025-10-01 --format json
python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
o = r["overview"]
assert o["cases"] == 4, o["cases"]
assert o["outages"] == 1, o
# 3 of 100 units down for 2 h of the 92-day quarter, in ppm rounded down
assert o["downtime"] == 3 * 7200, o["downtime"]
span = 100 * 92 * 86400
assert o["availability"] == 10**6 * (span - 3 * 7200) // span, o["availability"]
assert o["fault_rate"] == 10**6 // 100, o["fault_rate"]
PY
run 0 report "${db[@]}" --format csv
python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); assert len(rows) > 10, rows' "$tmp/out"
run 2 report "${db[@]}" --from 2025-07-01
# the branch's improvement items (§5.3), each with its state at the report's end
run 0 report "${db[@]}" --from 2025-07-01 --to 2025-10-01 --improvements "$data/improvements.yaml"
has out "Improvement items (§5.3): 1 open, 1 overdue, 1 done, 1 verified"
has out "OVERDUE  line cards fail after storms (technical): surge protection in the street cabinets"
run 0 report "${db[@]}" --from 2025-07-01 --to 2025-10-01 --improvements "$data/improvements.yaml" --format json
python3 - "$tmp/out" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["improvements"]["items"]
assert [i["state"] for i in items] == ["verified", "overdue", "done", "open"], items
PY
# the same events on SQLite give the same report, byte for byte
if [ -n "$pg" ]; then
	lite=$tmp/lite.db
	"$telsvc" init "$lite" --units 100 > /dev/null
	"$telsvc" ingest "$lite" "$data/cli_good.jsonl" "$data/cli_good.yaml" 2> /dev/null
	"$telsvc" ingest "$lite" "$data/cli_bad.jsonl" 2> /dev/null || true
	"$telsvc" ingest "$lite" "$data/cli_later.jsonl" --batch 1 2> /dev/null
	for format in json csv text; do
		"$telsvc" report "$lite" --from 2025-07-01 --to 2025-10-01 --format $format > "$tmp/lite.$format"
		"$telsvc" report "${db[@]}" --from 2025-07-01 --to 2025-10-01 --format $format > "$tmp/pg.$format"
		cmp "$tmp/lite.$format" "$tmp/pg.$format" || fail "the $format reports of SQLite and PostgreSQL differ"
	done
	"$telsvc" due "$lite" --at 2025-07-02T18:00:00+08:00 --within 48 > "$tmp/lite.due"
	"$telsvc" due "${db[@]}" --at 2025-07-02T18:00:00+08:00 --within 48 > "$tmp/pg.due"
	cmp "$tmp/lite.due" "$tmp/pg.due" || fail "due on SQLite and PostgreSQL differ"
fi
printf -- '- problem: x\n  class: weather\n  measure: y\n' > "$tmp/bad.yaml"
run 2 report "${db[@]}" --improvements "$tmp/bad.yaml"
has err "bad.yaml:2: class is technical, process, people or external: weather"

# ---- audit: verified, anchored, tampering found
run 0 audit verify "${db[@]}"
has out "unanchored: 25 records verified"
run 0 audit verify "${db[@]}" --anchor "$anchor"
has out "unanchored: 25 records verified, anchored through 17"
run 0 audit head "${db[@]}"
head=$(cat "$tmp/out")
run 0 audit verify "${db[@]}" --anchor "$head"
has out "ok: 25 records verified"
run 0 audit replay "${db[@]}"
has out "4 cases rebuilt: 4 match"
run 1 audit verify "${db[@]}" --key "$tmp/missing.key"
# the verify line alone, kept away from the database, is a key file
grep '^verify ' "$db_key" > "$tmp/offline.key"
run 0 audit verify "${db[@]}" --key "$tmp/offline.key" --anchor "$head"
has out "ok: 25 records verified"
python3 -c 'import sys; k=open(sys.argv[1]).read(); c=k[7]; print(k[:7] + ("0" if c != "0" else "1") + k[8:], end="")' \
	"$tmp/offline.key" > "$tmp/wrong.key"
run 3 audit verify "${db[@]}" --key "$tmp/wrong.key"
has out "modified"
# the last record removed: seen against the anchor, not without one
drop_last_record
run 3 audit verify "${db[@]}" --anchor "$head"
has out "truncated"
run 0 audit verify "${db[@]}"
has out "unanchored: 24 records verified"
# a changed byte in record 5
tamper_record 5
run 3 audit verify "${db[@]}"
has out "modified: 4 records verified; first bad record 5"
run 1 audit replay "${db[@]}"
has err "audit record 5"
echo "cli_cases: ok"
