#!/usr/bin/env bash
# Static analysis (docs/reliability.md, "Static analysis"): the shipped
# code, the library (src/, its storage backends included) and the telsvc
# command (tools/), with cppcheck's warning, style, performance and
# portability checks; the tests, benchmarks and examples with its warning
# and portability checks (their style findings are mostly the fault
# allocator's settings, read through the library, taken for dead stores).
# Any finding fails. A false positive is suppressed where it stands, with
# "cppcheck-suppress ID ; why".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cppcheck >/dev/null || { echo "cppcheck.sh: cppcheck is not installed" >&2; exit 2; }
cppcheck --version
cppcheck --quiet --std=c11 --enable=warning,style,performance,portability --inline-suppr \
  --error-exitcode=1 -j "$(nproc)" -I include -I src src tools
cppcheck --quiet --std=c11 --enable=warning,portability --inline-suppr \
  --error-exitcode=1 -I include -I src -I tests -I tools tests bench examples
echo "cppcheck: no findings in src/ and tools/, nor in tests/, bench/ and examples/"
