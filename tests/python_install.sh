#!/usr/bin/env bash
# `pip install ./bindings/python` works offline: into a fresh virtual
# environment (with the system's setuptools and wheel), and the installed
# package, imported from outside the source tree, loads the library.
#   tests/python_install.sh PYTHON SOURCE_DIR WORK_DIR LIBRARY
set -euo pipefail
python=$1
src=$2
work=$3
lib=$4

rm -rf "$work"
mkdir -p "$work"
"$python" -m venv --system-site-packages "$work/venv"
PIP_NO_CACHE_DIR=1 "$work/venv/bin/python" -m pip install --quiet --no-index --no-build-isolation \
	"$src/bindings/python"
cd "$work" # not the source tree: the import must find the installed copy
out=$(env -u PYTHONPATH TELSVC_LIBRARY="$lib" "$work/venv/bin/python" -c \
	'import telsvc; print(telsvc.__file__); print(telsvc.library_version)')
file=$(sed -n 1p <<< "$out")
[[ "$file" == "$work/venv/"* ]] || { echo "telsvc imported from $file, not the environment" >&2; exit 1; }
echo "installed: $out"
