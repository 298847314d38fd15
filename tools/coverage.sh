#!/usr/bin/env bash
# Branch coverage of the library by the whole test suite: a gcc build with
# --coverage in build/coverage, every ctest test, then gcovr's branch
# figures for the library and for the three parts that must take every
# branch: the transition engine, the storage transaction code and the
# audit verifier. Prints a summary, and writes into build/coverage/
#   branches.txt  the branch figures of every file of the library
#   missed.txt    every branch of the three parts not taken: file:line,
#                 which outcome was never seen, and the line's source
#   coverage.json gcovr's data, for other reports (gcovr -a coverage.json)
# Fails if a part misses more branches than docs/reliability.md names.
#
#   tools/coverage.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/coverage
jobs=${1:-$(nproc)}
command -v gcovr >/dev/null || { echo "coverage.sh: gcovr is not installed (Debian: apt-get install gcovr)" >&2; exit 2; }

declare -A parts=(
	["transition engine"]="src/request.c src/case.c src/complaint.c src/incident.c src/object.c"
	["storage transactions"]="src/store.c src/memstore.c"
	["audit verifier"]="src/audit_verify.c src/audit.c"
)
order=("transition engine" "storage transactions" "audit verifier")
# The branches of each part docs/reliability.md names, each with why it is
# not taken: more missed fails the run, so that coverage never slips.
declare -A allowed=(["transition engine"]=23 ["storage transactions"]=2 ["audit verifier"]=1)

# Atomic counters: test_threads runs the library on many threads at once,
# and racing counters make gcov's figures wrong (even negative).
cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DTELSVC_WERROR=ON \
	-DTELSVC_BUILD_TESTS=ON -DCMAKE_C_FLAGS="--coverage -fprofile-update=atomic" >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null
find "$build" -name '*.gcda' -delete
ctest --test-dir "$build" -j"$jobs" --output-on-failure >"$build/ctest.log" 2>&1 ||
	{ tail -n 30 "$build/ctest.log"; echo "coverage.sh: tests failed (see $build/ctest.log)" >&2; exit 1; }

# The library's own sources; the companion storage libraries, the command
# and the tests are not counted.
gcovr -r . --object-directory "$build" --filter 'src/[^/]*\.c$' --exclude-unreachable-branches \
	--json "$build/coverage.json" "$build/CMakeFiles/telsvc_objects.dir" >"$build/gcovr.log" 2>&1
gcovr -a "$build/coverage.json" --branches --txt "$build/branches.txt" >/dev/null

# Taken and total branches of the files given, from gcovr's data.
branches() {
	jq -r --args '
	  [.files[] | select(.file as $f | $ARGS.positional | index($f)) | .lines[].branches[]]
	  | "\(map(select(.count > 0)) | length) \(length)"' "$@" <"$build/coverage.json"
}
line() {
	read -r taken total < <(branches "${@:2}")
	awk -v n="$1" -v t="$taken" -v a="$total" 'BEGIN { printf "%-22s %5d of %5d branches  %5.1f %%\n", n, t, a, a ? 100 * t / a : 100 }'
}

: >"$build/missed.txt"
{
	echo "branch coverage, $(date -u +%Y-%m-%d), $(gcc --version | head -n 1)"
	line "library (src/*.c)" $(jq -r '.files[].file' "$build/coverage.json")
	for part in "${order[@]}"; do
		line "$part" ${parts[$part]}
		# gcov numbers a line's outcomes from 0, in the order of its branch instructions
		jq -r --args '
		  .files[] | select(.file as $f | $ARGS.positional | index($f)) | .file as $f
		  | .lines[] | select(any(.branches[]; .count == 0)) | .line_number as $n
		  | "\($f):\($n): outcome \([.branches | to_entries[] | select(.value.count == 0) | .key] | join(",")) of \(.branches | length) never taken"
		' ${parts[$part]} <"$build/coverage.json" |
			while IFS= read -r missed; do
				loc=${missed%%: outcome*}
				printf '%s\n\t%s\n' "$missed" "$(sed -n "${loc##*:}p" "${loc%%:*}" | sed 's/^[[:space:]]*//')"
			done >>"$build/missed.txt"
	done
	missed=$(grep -c 'never taken' "$build/missed.txt" || true)
	echo "per file: $build/branches.txt; branches never taken: $build/missed.txt ($missed lines)"
} | tee "$build/summary.txt"

status=0
for part in "${order[@]}"; do
	read -r taken total < <(branches ${parts[$part]})
	if [ $((total - taken)) -gt "${allowed[$part]}" ]; then
		echo "coverage.sh: $((total - taken)) branches of the $part are not taken, more than the ${allowed[$part]}" \
			"docs/reliability.md names (see $build/missed.txt)" >&2
		status=1
	fi
done
exit $status
