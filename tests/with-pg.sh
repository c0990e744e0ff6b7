#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/with-pg.sh CMD…
#
# Runs CMD next to a throwaway PostgreSQL 15 cluster: unix socket only, no
# fsync, trust authentication. Exports SANHE_TEST_DATABASE_URL (the
# `postgres` database on that socket, as the superuser `postgres`), PGHOST,
# PGUSER and PGDATABASE, runs CMD, then always stops the cluster and deletes
# it. The exit status is CMD's.
#
# postgres refuses to run as root: as root the cluster belongs to the
# `postgres` system user and lives under /tmp, which that user can traverse.

set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARG…]" >&2
  exit 2
fi

bindir=${SANHE_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    bindir=/usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null 2>&1; then
    bindir=$(pg_config --bindir)
  fi
fi
if [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "$0: initdb/pg_ctl not found in '$bindir' (install postgresql-15 or set SANHE_PG_BINDIR)" >&2
  exit 2
fi

as_pg () {
  "$@"
}
pg_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  if ! id -u postgres >/dev/null 2>&1; then
    echo "$0: running as root but there is no 'postgres' user to run the cluster as" >&2
    exit 2
  fi
  as_pg () {
    runuser -u postgres -- "$@"
  }
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/sanhe-pg.XXXXXX")
chmod 0755 "$top"
if [ "$pg_user" = postgres ] && [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$top"
fi
data="$top/data"
log="$top/postgres.log"      # written by the server, so owned by it
initlog="$top/initdb.log"

started=0
cleanup () {
  status=$?
  trap - EXIT INT TERM HUP
  if [ "$started" -eq 1 ]; then
    # Throwaway data: an immediate stop is safe and quick.
    (cd / && as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$top"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

cd_safe () {
  # postgres must be able to read its working directory.
  cd /
}

if ! (cd_safe && as_pg "$bindir/initdb" --no-sync -A trust -E UTF8 --locale=C.UTF-8 \
        -U postgres -D "$data" >"$initlog" 2>&1); then
  echo "$0: initdb failed:" >&2
  cat "$initlog" >&2
  exit 1
fi

# Settings go into the configuration file rather than through pg_ctl -o, so
# that no shell quoting stands between us and listen_addresses=''.
cat >>"$data/postgresql.conf" <<EOF

# tests/with-pg.sh: a fast, private, throwaway cluster
listen_addresses = ''
unix_socket_directories = '$top'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
log_min_error_statement = panic
EOF
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$data/postgresql.conf"
fi

started=1
if ! (cd_safe && as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null 2>&1); then
  echo "$0: the PostgreSQL test cluster did not start:" >&2
  cat "$log" >&2 || true
  exit 1
fi

SANHE_TEST_DATABASE_URL="postgresql:///postgres?host=$top&user=postgres"
PGHOST=$top
PGUSER=postgres
PGDATABASE=postgres
export SANHE_TEST_DATABASE_URL PGHOST PGUSER PGDATABASE

set +e
"$@"
status=$?
set -e
exit "$status"
