#!/usr/bin/env bash
# Every check a change must pass: gcc and clang builds with warnings as
# errors, the whole suite normally and under ASan + UBSan, the API docs
# (Doxygen warnings are errors), the ABI against its baseline, the
# threading test under ThreadSanitizer, static analysis with cppcheck, a
# bounded fuzzing run, the unit suite under valgrind, and the figures of
# docs/reliability.md: the allocation sites the out-of-memory tests fail,
# and branch coverage.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

step() { printf '\n==== %s\n' "$*"; }

step "gcc debug build, tests, docs"
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$jobs"
ctest --preset dev -j"$jobs"
cmake --build --preset dev --target docs

step "static analysis: cppcheck on src/ and tools/"
tools/cppcheck.sh

step "ABI and exports against abi/libtelsvc.abi"
tools/abi.sh check build/dev

step "ASan + UBSan build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs"

step "clang build and tests"
cmake --preset clang >/dev/null
cmake --build --preset clang -j"$jobs"
ctest --preset clang -j"$jobs"

step "ThreadSanitizer on the tests that start threads"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$jobs" --target test_threads test_errors
ctest --preset tsan

step "fuzzing, 20 seconds a target (docs/reliability.md)"
tools/fuzz.sh 20

step "valgrind on the unit suite"
tools/valgrind.sh build/dev

step "allocation sites failed by the out-of-memory tests"
tools/oom_sites.py build/dev

step "branch coverage"
tools/coverage.sh "$jobs"

step "all checks passed"
