#!/usr/bin/env bash
# The shared library must export exactly the functions listed in the
# version script, each under a TELSVC_ version node, and nothing of libyaml;
# the static library must define exactly those as global symbols.
#   tests/check_exports.sh LIBRARY MAP
set -euo pipefail
lib=$1
map=$2
want=$(sed -n '/global:/,/local:/p' "$map" | grep -o 'telsvc_[a-z0-9_]*' | sort)
if [[ $lib == *.a ]]; then
	have=$(nm -g --defined-only "$lib" | awk 'NF == 3 {print $3}' | sort)
	if [ "$want" != "$have" ]; then
		echo "global symbols of $lib differ from $map (< map, > library):" >&2
		diff <(echo "$want") <(echo "$have") >&2 || true
		exit 1
	fi
	echo "static library globals match $map: $(echo "$want" | wc -l) functions"
	exit 0
fi
have=$(nm -D --defined-only "$lib" | awk '$3 != "" {print $3}' | grep -v '^TELSVC_[A-Z_]*[0-9.]*$' | sort)
unversioned=$(echo "$have" | grep -v '@@\?TELSVC_' || true)
if [ -n "$unversioned" ]; then
	echo "exported without a TELSVC_ version node:" >&2
	echo "$unversioned" >&2
	exit 1
fi
have=$(echo "$have" | sed 's/@.*//')
if [ "$want" != "$have" ]; then
	echo "exported symbols differ from $map (< map, > library):" >&2
	diff <(echo "$want") <(echo "$have") >&2 || true
	exit 1
fi
echo "exports match $map: $(echo "$want" | wc -l) functions"
