#!/usr/bin/env bash
# ABI guard for libtelsvc.so and, when built, libtelsvc-sqlite.so and
# libtelsvc-pg.so.
#
#   tools/abi.sh check  BUILD_DIR   fail on any ABI difference from the
#                                   committed baseline, or on exports that
#                                   differ from src/telsvc.map
#   tools/abi.sh update BUILD_DIR   regenerate the baseline (commit it with
#                                   the change that adds to the ABI)
#
# BUILD_DIR must hold a build with debug information (the dev preset).
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-}
build=${2:-build/dev}
headers=include/telsvc

# library, baseline, version script; the companion libraries that were built
libs=("libtelsvc.so abi/libtelsvc.abi src/telsvc.map")
for backend in sqlite pg; do
	[ -f "$build/libtelsvc-$backend.so" ] &&
		libs+=("libtelsvc-$backend.so abi/libtelsvc-$backend.abi src/backends/telsvc-$backend.map")
done

case "$mode" in update | check) ;; *)
	echo "usage: tools/abi.sh check|update [BUILD_DIR]" >&2
	exit 2
	;;
esac

for entry in "${libs[@]}"; do
	read -r name baseline map <<< "$entry"
	lib=$build/$name
	[ -f "$lib" ] || { echo "abi.sh: $lib not found; build the dev preset first" >&2; exit 2; }
	# Without DWARF libabigail sees no types and would miss any change to them.
	readelf -S "$lib" | grep '\.debug_info' >/dev/null ||
		{ echo "abi.sh: $lib has no debug information; use a Debug build (the dev preset)" >&2; exit 2; }
	if [ "$mode" = update ]; then
		abidw --headers-dir "$headers" --drop-private-types --no-corpus-path \
			--no-comp-dir-path --no-show-locs --out-file "$baseline" "$lib"
		echo "abi.sh: wrote $baseline"
		continue
	fi
	tests/check_exports.sh "$lib" "$map"
	status=0
	abidiff --headers-dir2 "$headers" --drop-private-types "$baseline" "$lib" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "abi.sh: the ABI of $name differs from $baseline (abidiff status $status)." >&2
		echo "  A removed or changed symbol or type breaks hosts: undo it." >&2
		echo "  An addition is allowed: run 'tools/abi.sh update $build' and commit the baseline with it." >&2
		exit 1
	fi
	echo "abi.sh: the ABI of $name matches $baseline"
done
