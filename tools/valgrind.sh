#!/usr/bin/env bash
# valgrind's memcheck over the unit tests of BUILD_DIR, a build without
# sanitizers (the dev preset's): the tests labelled `unit` and the other
# cmocka programs (test_*), with the fixtures they need (the private
# PostgreSQL server) started first and stopped at the end, as ctest does.
# Any memory error, and any block definitely or indirectly lost, fails the
# test. Prints a line per test and exits 1 when any failed.
#
#   tools/valgrind.sh BUILD_DIR
#
# VALGRIND_JOBS tests run at once (default: the number of CPUs);
# VALGRIND_ALL=1 runs the tests left out for time too. The logs, one per
# process (test_pg_writers forks), are in BUILD_DIR/valgrind/.
set -euo pipefail

build=$(cd "${1:?usage: tools/valgrind.sh BUILD_DIR}" && pwd)
jobs=${VALGRIND_JOBS:-$(nproc)}
for tool in valgrind jq ctest; do
	command -v "$tool" >/dev/null || { echo "valgrind.sh: $tool is not installed" >&2; exit 2; }
done
if grep -Eq '^CMAKE_C_FLAGS[^=]*=.*-fsanitize' "$build/CMakeCache.txt"; then
	echo "valgrind.sh: $build is built with a sanitizer; valgrind needs a build without" >&2
	exit 2
fi

# Too slow under valgrind for a check on every change, and checked for
# leaks otherwise (ASan+LSan run them): name -> why.
declare -A excluded=(
	[test_oom]="fails every allocation of its scenarios in turn, 35 s natively; its allocator hook asserts that no block is left"
	[test_oom_sweep]="runs its scenario twice per allocation (7,000 runs), 14 s natively; it counts the blocks left itself"
	[test_audit]="its tamper matrix verifies a 1000-record log once per mutation, 6 s natively, over 27 min under valgrind"
)
[ "${VALGRIND_ALL:-0}" = 1 ] && excluded=()

logs=$build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
ctest --test-dir "$build" --show-only=json-v1 >"$logs/tests.json"

# Fields are separated by US (\x1f), which unlike a tab never merges two.
us=$'\x1f'

# name, fixtures it requires (comma-separated), working directory, its
# environment and its command, both quoted for the shell.
tests() {
	jq -r '
	  def prop($n): [(.properties // [])[] | select(.name == $n) | .value] | flatten;
	  .tests[]
	  | select((prop("LABELS") | index("unit")) or (.name | startswith("test_")))
	  | [.name, (prop("FIXTURES_REQUIRED") | join(",")), (prop("WORKING_DIRECTORY")[0] // "."),
	     (prop("ENVIRONMENT") | @sh), (.command | @sh)] | join("\u001f")
	' "$logs/tests.json"
}

# The commands of the tests that set up (or clean up) fixture $2.
fixture_commands() {
	jq -r --arg f "$2" --arg p "$1" '
	  .tests[] | select([(.properties // [])[] | select(.name == $p) | .value] | flatten | index($f))
	  | .command | @sh' "$logs/tests.json"
}

fixtures=$(tests | cut -d"$us" -f2 | tr ',' '\n' | sed '/^$/d' | sort -u)
cleanup() {
	for f in $fixtures; do
		fixture_commands FIXTURES_CLEANUP "$f" | while read -r cmd; do eval "$cmd" >/dev/null 2>&1 || true; done
	done
}
trap cleanup EXIT
declare -A broken=()
for f in $fixtures; do
	while read -r cmd; do
		if ! eval "$cmd" >"$logs/fixture-$f.log" 2>&1; then
			broken[$f]=1
			echo "fixture $f failed to start (see $logs/fixture-$f.log)"
		fi
	done < <(fixture_commands FIXTURES_SETUP "$f")
done

# Bytes lost of kind $2 over the logs of test $1.
lost() {
	cat "$logs/$1".*.log | sed -n "s/.*$2 lost: \([0-9,]*\) bytes.*/\1/p" | tr -d , | awk '{s += $1} END {print s + 0}'
}

run() {
	local name=$1 wd=$2 vars=$3 cmd=$4 start=$SECONDS rc=0
	(cd "$wd" && eval "env $vars valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--track-origins=yes --num-callers=30 --log-file=$logs/$name.%p.log $cmd") >"$logs/$name.out" 2>&1 || rc=$?
	local errors
	errors=$(cat "$logs/$name".*.log | sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' | tr -d , |
		awk '{s += $1} END {print s + 0}')
	printf '%-4s %-20s %5d s  errors %d  lost: definitely %d B, indirectly %d B, possibly %d B%s\n' \
		"$([ $rc -eq 0 ] && echo ok || echo FAIL)" "$name" $((SECONDS - start)) "$errors" \
		"$(lost "$name" definitely)" "$(lost "$name" indirectly)" "$(lost "$name" possibly)" \
		"$([ $rc -eq 0 ] || echo "  (exit $rc; see $logs/$name.*)")"
	echo "$rc" >"$logs/$name.rc"
}

# Longest first (by ctest's record of past runs), so the end is not one long test.
cost() {
	awk -v n="$1" '$1 == n {print $3; f = 1} END {if (!f) print 0}' \
		"$build/Testing/Temporary/CTestCostData.txt" 2>/dev/null || echo 0
}
started=$SECONDS
failed=0
while IFS=$us read -r _ name needs wd vars cmd; do
	if [ -n "${excluded[$name]:-}" ]; then
		echo "skip $name (VALGRIND_ALL=1 runs it): ${excluded[$name]}"
		continue
	fi
	missing=
	for f in ${needs//,/ }; do [ -n "${broken[$f]:-}" ] && missing=$f; done
	if [ -n "$missing" ]; then
		echo "FAIL $name: not run, its fixture $missing did not start"
		failed=1
		continue
	fi
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	run "$name" "$wd" "$vars" "$cmd" &
done < <(tests | while IFS=$us read -r name rest; do
	printf '%s%s%s%s%s\n' "$(cost "$name")" "$us" "$name" "$us" "$rest"
done | sort -t"$us" -k1,1 -gr)
wait
for rc in "$logs"/*.rc; do [ "$(cat "$rc")" -eq 0 ] || failed=1; done
verdict=$([ $failed -eq 0 ] && echo 'no error, no leak' || echo FAILED)
echo "valgrind: $(ls "$logs"/*.rc | wc -l) tests in $((SECONDS - started)) s with $jobs at once: $verdict"
exit $failed
