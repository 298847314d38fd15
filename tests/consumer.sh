#!/usr/bin/env bash
# Install the library into a private prefix, then build and run a small
# host program against the installed tree: with find_package (shared and
# static) and with pkg-config.
#   tests/consumer.sh BUILD_DIR WORK_DIR [CFLAGS]
set -euo pipefail
build=$1
work=$2
cflags=${3:-}
src=$(cd "$(dirname "$0")/consumer" && pwd)
prefix=$work/prefix

rm -rf "$work"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libtelsvc.so.1' | head -n 1)")
[ -f "$libdir/libtelsvc.a" ] || { echo "static library not installed" >&2; exit 1; }
[ -f "$prefix/include/telsvc/telsvc.h" ] || { echo "headers not installed" >&2; exit 1; }
dynamic=$(readelf -d "$libdir/libtelsvc.so")
[[ "$dynamic" == *"Library soname: [libtelsvc.so.1]"* ]] || { echo "SONAME is not libtelsvc.so.1" >&2; exit 1; }

echo "== find_package"
cmake -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$cflags" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer_shared"
"$work/cmake/consumer_static"
# the shared consumer must really use the installed shared library
deps=$(LD_LIBRARY_PATH="$libdir" ldd "$work/cmake/consumer_shared")
[[ "$deps" == *"$libdir/libtelsvc.so.1"* ]] || { echo "consumer_shared does not load $libdir/libtelsvc.so.1" >&2; exit 1; }

echo "== pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046,SC2086
cc $cflags -o "$work/pc_consumer" "$src/main.c" $(pkg-config --cflags --libs telsvc)
LD_LIBRARY_PATH="$libdir" "$work/pc_consumer"
[ "$(pkg-config --modversion telsvc)" = "$(LD_LIBRARY_PATH="$libdir" "$work/pc_consumer" | sed 's/telsvc \([^:]*\):.*/\1/')" ]
echo "consumer: ok"
