#!/usr/bin/env bash
# Install the library into a private prefix, then build the example CRM
# host (examples/crm) against the installed tree alone, as a host is
# built, and run it on a database in memory.
#   tests/example_crm.sh BUILD_DIR SOURCE_DIR WORK_DIR [CFLAGS]
set -euo pipefail
build=$1
src=$2/examples/crm
work=$3
cflags=${4:-}
prefix=$work/prefix

rm -rf "$work"
cmake --install "$build" --prefix "$prefix" >/dev/null
lib=$(find "$prefix" -name 'libtelsvc-sqlite.so.1' | head -n 1)
[ -n "$lib" ] || { echo "libtelsvc-sqlite not installed" >&2; exit 1; }
[ -f "$prefix/include/telsvc/sqlite.h" ] || { echo "telsvc/sqlite.h not installed" >&2; exit 1; }
libdir=$(dirname "$lib")

# built as the integration guide says: pkg-config's telsvc-sqlite
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ "$(pkg-config --modversion telsvc-sqlite)" = "$(pkg-config --modversion telsvc)" ] || { echo "telsvc-sqlite.pc missing" >&2; exit 1; }
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror $cflags -o "$work/crm_host" "$src"/*.c $(pkg-config --cflags --libs telsvc-sqlite)
deps=$(LD_LIBRARY_PATH="$libdir" ldd "$work/crm_host")
[[ "$deps" == *"$libdir/libtelsvc-sqlite.so.1"* ]] || { echo "crm_host does not load $libdir/libtelsvc-sqlite.so.1" >&2; exit 1; }
LD_LIBRARY_PATH="$libdir" "$work/crm_host" :memory:
