#!/usr/bin/env bash
# Extract the C example from README.md, compile it against the build tree
# and run it: the README's code must really work.
#   tests/readme_example.sh README INCLUDE_DIR LIB_DIR WORK_DIR [CFLAGS]
set -euo pipefail
readme=$1
include=$2
libdir=$3
work=$4
cflags=${5:-}
mkdir -p "$work"
awk '/^```c$/ {on=1; next} /^```$/ {on=0} on' "$readme" > "$work/example.c"
[ -s "$work/example.c" ] || { echo "README.md has no \`\`\`c block" >&2; exit 1; }
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror $cflags -I"$include" -o "$work/example" "$work/example.c" -L"$libdir" -ltelsvc
LD_LIBRARY_PATH="$libdir" "$work/example"
