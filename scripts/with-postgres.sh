#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temp dir, a free port
# on 127.0.0.1, DATABASE_URL exported; the cluster is stopped and removed afterwards,
# whether the command passes, fails or is interrupted.
set -euo pipefail

pg_bin=""
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && pg_bin="$dir"
done
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL server binaries not found; installing Debian's postgresql package." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null;
  else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql >/dev/null; fi
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && pg_bin="$dir"; done
fi

tmp="$(mktemp -d /tmp/groundwork-pg.XXXXXX)"
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root; the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$tmp"
  as_owner() { runuser -u postgres -- "$@"; }
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
  as_owner "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

as_owner "$pg_bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -o \
  "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/groundwork"
"$@"
