#!/usr/bin/env bash
# Static analysis of the shipped code, the library (src/, its storage
# backends included) and the telsvc command (tools/), with cppcheck's
# warning, style, performance and portability checks: any finding fails
# (docs/reliability.md, "Static analysis"). A false positive is
# suppressed where it stands, with "cppcheck-suppress ID ; why".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cppcheck >/dev/null || { echo "cppcheck.sh: cppcheck is not installed" >&2; exit 2; }
cppcheck --version
cppcheck --quiet --std=c11 --enable=warning,style,performance,portability --inline-suppr \
  --error-exitcode=1 -j "$(nproc)" -I include -I src src tools
echo "cppcheck: no findings in src/ and tools/"
