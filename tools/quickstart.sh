#!/usr/bin/env bash
# One command from a fresh clone: install the dependencies, build the
# library, the telsvc command and the dataset generator, then run the
# main job on the embedded default policy (tools/main-job.sh): a branch's
# quarter of operations through the handbook's rules into SQLite, the
# quality report, and the audit log verified.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$(nproc)" >/dev/null
echo "Built build/dev/libtelsvc.so, build/dev/libtelsvc-sqlite.so and build/dev/telsvc."
tools/main-job.sh build/dev build/quickstart
