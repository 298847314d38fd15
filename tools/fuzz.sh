#!/usr/bin/env bash
# Fuzz every target of tests/fuzz for SECONDS_PER_TARGET seconds (default
# 30) with libFuzzer, ASan and UBSan (docs/reliability.md, "Fuzzing").
# Needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
# Each target runs over a copy of its committed corpus in build/fuzz/runs,
# never the corpus itself; crash, leak, timeout and out-of-memory inputs
# land in build/fuzz/runs/TARGET/findings. Prints per target the
# executions, executions a second, the corpus before and after, and the
# findings; exits 1 if any target found anything.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
targets=(policy calendar record audit ops events)
build=build/fuzz

CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTELSVC_WERROR=ON \
  -DTELSVC_BUILD_BENCH=OFF -DTELSVC_BUILD_EXAMPLES=OFF >/dev/null
if ! grep -q '^TELSVC_HAVE_LIBFUZZER:INTERNAL=1' "$build/CMakeCache.txt"; then
  echo "fuzz.sh: clang cannot link -fsanitize=fuzzer (install clang and libclang-rt-14-dev)" >&2
  exit 2
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }

failed=0
printf '%-9s %8s %11s %8s %8s %8s %9s\n' target seconds executions exec/s seeds corpus findings
for t in "${targets[@]}"; do
  run="$build/runs/$t"
  rm -rf "$run"
  mkdir -p "$run/findings"
  cp -r "tests/fuzz/corpus/$t" "$run/corpus"
  seeds=$(find "$run/corpus" -type f | wc -l)
  # A finding stops libFuzzer with a non-zero status; the count below tells.
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$run/findings/" "$run/corpus" >"$run/log" 2>&1 || true
  findings=$(find "$run/findings" -type f | wc -l)
  printf '%-9s %8s %11s %8s %8s %8s %9s\n' "$t" "$seconds" "$(stat number_of_executed_units "$run/log")" \
    "$(stat average_exec_per_sec "$run/log")" "$seeds" "$(find "$run/corpus" -type f | wc -l)" "$findings"
  if [ "$findings" -ne 0 ]; then
    failed=1
    find "$run/findings" -type f -printf '  %p\n'
    echo "  log: $run/log"
  fi
done
exit "$failed"
