#!/usr/bin/env bash
# One command from a fresh clone: install the dependencies, build the
# library and the telsvc command, and run it on the embedded default
# policy (the handbook's every number, with its clause).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$(nproc)" >/dev/null
echo "Built build/dev/libtelsvc.so and build/dev/telsvc. The embedded default policy:"
echo
build/dev/telsvc policy show
