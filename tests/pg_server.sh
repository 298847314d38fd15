#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the tests and benchmarks:
# a fresh data directory, listening only on a Unix socket (no TCP port),
# trust authentication, started and stopped with pg_ctl.
#
#   tests/pg_server.sh start DIR      initialise a new server and start it
#   tests/pg_server.sh stop DIR       stop it and delete its data
#   tests/pg_server.sh conninfo DIR   print the libpq connection string
#
# DIR/run holds the data directory and the socket. The server refuses to
# run as root; run as root, the script runs it as the `postgres` user of
# Debian's package, and when that user cannot reach DIR (a checkout under
# a private home directory) DIR/run is a link to a directory under /tmp.
# TELSVC_PG_FSYNC=on makes commits reach the disk (off by default: the
# tests never cut the power).
set -euo pipefail

mode=${1:-}
dir=${2:-}
usage() { echo "usage: $0 start|stop|conninfo DIR" >&2; exit 2; }
[ -n "$mode" ] && [ -n "$dir" ] || usage
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
run=$dir/run

# The client's socket path, DIR/run/.s.PGSQL.5432, must fit in sockaddr_un.
[ ${#run} -le 88 ] || { echo "pg_server.sh: $run is too long a path for a socket" >&2; exit 1; }

case "$mode" in
conninfo)
	echo "host=$run port=5432 dbname=postgres user=postgres"
	exit 0
	;;
start | stop) ;;
*) usage ;;
esac

bindir=
for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
	[ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ] && bindir=$candidate
done
[ -n "$bindir" ] || { echo "pg_server.sh: no PostgreSQL server (initdb, pg_ctl) found" >&2; exit 1; }

as_server=()
[ "$(id -u)" -eq 0 ] && as_server=(runuser -u postgres --)

stop() {
	if [ -f "$run/data/postmaster.pid" ]; then
		"${as_server[@]}" "$bindir/pg_ctl" -D "$run/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ -L "$run" ]; then
		rm -rf "$(readlink "$run")"
	fi
	rm -rf "$run"
}

stop
[ "$mode" = stop ] && exit 0

if [ ${#as_server[@]} -eq 0 ]; then
	mkdir "$run"
elif "${as_server[@]}" test -x "$dir" 2>/dev/null && chown postgres: "$dir" 2>/dev/null &&
	"${as_server[@]}" mkdir "$run" 2>/dev/null; then
	:
else
	place=$(mktemp -d /tmp/telsvc-pg.XXXXXX)
	chown postgres: "$place"
	ln -s "$place" "$run"
fi
real=$(cd "$run" && pwd -P)
cd "$real" # the server's user may not be allowed into the caller's directory

"${as_server[@]}" "$bindir/initdb" -D "$real/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
	>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bindir/pg_ctl" -D "$real/data" -l "$real/server.log" -w -t 60 \
	-o "-c listen_addresses='' -c unix_socket_directories='$real' -c fsync=${TELSVC_PG_FSYNC:-off} -c max_connections=60" \
	start >/dev/null || { cat "$real/server.log" >&2; exit 1; }
