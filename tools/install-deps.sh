#!/usr/bin/env bash
# Install what building and testing telsvc needs, from Debian's archive
# (Debian 12 or later, Ubuntu 22.04 or later). Skips apt when all is there.
set -euo pipefail
packages=(build-essential cmake pkg-config clang libyaml-dev libcmocka-dev doxygen abigail-tools binutils python3 python3-venv python3-pip python3-setuptools python3-wheel libssl-dev libsqlite3-dev libpq-dev postgresql libclang-rt-14-dev valgrind jq gcovr cppcheck)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null; then
	as_root=(sudo)
else
	echo "install-deps: missing ${missing[*]}; install them as root" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
