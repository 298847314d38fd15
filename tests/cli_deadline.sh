#!/usr/bin/env bash
# telsvc deadline: calendar arithmetic from the shell, on the handbook's
# own example (§6.2, 2025-09-30) and the 2025 National Day holiday.
#   tests/cli_deadline.sh TELSVC
set -euo pipefail
telsvc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # expect WANT ARGS...
	local want=$1
	shift
	local got
	got=$("$telsvc" deadline "$@")
	[ "$got" = "$want" ] || { echo "telsvc deadline $*: got '$got', want '$want'" >&2; exit 1; }
}

# §6.2: a general complaint received Tue 2025-09-30 17:00 is first handled
# by the end of 10-09 (1 working day; Oct 1-8 are holidays) and closed by
# the end of 10-14 (5 working days; Sat 10-11 is a makeup working day)
expect 2025-10-10T00:00:00+08:00 '2025-09-30 17:00' 1 working_days
expect 2025-10-15T00:00:00+08:00 '2025-09-30 17:00' 5d working_days
# the same instant given with an offset, or in UTC
expect 2025-10-15T00:00:00+08:00 2025-09-30T17:00:00+08:00 5 working_days
expect 2025-10-15T00:00:00+08:00 2025-09-30T09:00Z 5 working_days
# wall clock: 8 hours; business hours: 1 h left on Sep 30, the rest after the holiday
expect 2025-10-01T01:00:00+08:00 '2025-09-30 17:00' 8h wall
expect 2025-10-09T10:00:00+08:00 '2025-09-30 17:00' 2h business
expect 2025-09-30T18:30:00+08:00 '2025-09-30 17:00' 1h30min wall
# another calendar of the policy
expect 2025-10-01T01:00:00+08:00 '2025-09-30 17:00' 8h business --calendar 24x7

# bad input: exit 2, the reason on stderr, nothing on stdout
refused() { # refused PATTERN ARGS...
	local pattern=$1
	shift
	set +e
	"$telsvc" deadline "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	set -e
	[ "$rc" -ne 0 ] || { echo "telsvc deadline $*: succeeded" >&2; exit 1; }
	[ ! -s "$tmp/out" ] || { echo "telsvc deadline $*: wrote to stdout" >&2; exit 1; }
	grep -q -- "$pattern" "$tmp/err" || { echo "telsvc deadline $*: stderr lacks '$pattern':" >&2; cat "$tmp/err" >&2; exit 1; }
}
refused "is not a time" 2025-02-30 1 wall
refused "is not an amount" '2025-09-30 17:00' 5x working_days
refused "is not an amount" '2025-09-30 17:00' 5d wall
refused "is not a clock" '2025-09-30 17:00' 5 weekdays
refused "usage" '2025-09-30 17:00' 5
refused "calendar" '2025-09-30 17:00' 5 working_days --calendar mars
"$telsvc" deadline --help | grep "working_days" >/dev/null
