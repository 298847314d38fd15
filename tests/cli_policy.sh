#!/usr/bin/env bash
# The telsvc command's policy subcommands, as a user would run them.
#   tests/cli_policy.sh TELSVC HANDBOOK_YAML
set -euo pipefail
telsvc=$1
handbook=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# show: the embedded default is the shipped handbook.yaml
"$telsvc" policy show > "$tmp/show.yaml"
cmp "$tmp/show.yaml" "$handbook"

# show FILE applies the file's overrides
printf 'requests:\n  limits:\n    emergency: {limit: 90min}\n' > "$tmp/branch.yaml"
"$telsvc" policy show "$tmp/branch.yaml" > "$tmp/branch.out"
grep -q 'emergency: {limit: 1h30min, clock: wall} .*§2.1.2' "$tmp/branch.out"

# check: ok, and a bad file fails with exit 1 and a precise message on stderr
"$telsvc" policy check "$handbook" > "$tmp/check.out"
grep -q ': ok' "$tmp/check.out"
printf 'requests:\n  limits:\n    urgent: {limit: 2h}\n' > "$tmp/bad.yaml"
set +e
"$telsvc" policy check "$tmp/bad.yaml" > "$tmp/out" 2> "$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "bad policy: exit $rc, expected 1" >&2; exit 1; }
[ ! -s "$tmp/out" ]
grep -q 'requests.limits.urgent: unknown key.*(line 3, column 5)' "$tmp/err"

# missing file and usage errors
set +e
"$telsvc" policy check "$tmp/none.yaml" 2> "$tmp/err"; rc1=$?
"$telsvc" policy frobnicate 2> /dev/null; rc2=$?
"$telsvc" 2> /dev/null; rc3=$?
set -e
[ "$rc1" -eq 1 ] && grep -q 'No such file' "$tmp/err"
[ "$rc2" -eq 2 ] && [ "$rc3" -eq 2 ]
"$telsvc" --help > "$tmp/help.out"
grep -q 'policy show' "$tmp/help.out"
"$telsvc" version > "$tmp/version.out"
grep -q '^telsvc [0-9]*\.[0-9]*\.[0-9]*$' "$tmp/version.out"
echo "cli policy: ok"
