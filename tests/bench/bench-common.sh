# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/bench-common.sh — sourced, not run, by the bench-*.sh drivers:
#
#   bench_name=bench-api
#   . "$(dirname "$0")/bench-common.sh"
#
# What every measurement needs around it: a private PostgreSQL 15 cluster
# (unix socket only, default durability: fsync and synchronous_commit on,
# run as the postgres user when started as root), sanhe-server on a free
# loopback port against it, a watchdog bounding the whole run, and a clean-up
# on exit that stops and deletes everything the run started, whatever
# happens. A driver that starts processes of its own stops them in
# bench_on_exit, which it redefines after sourcing this file; it runs first.
#
# Variables it sets: src_root (the source tree), top (the run's temporary directory), data (the
# cluster), bindir (PostgreSQL's programs), server_pid, base_url,
# admin_password; after bench_describe_machine also cpu_model, mem_total,
# os_name, pg_version, server_version and revision.

src_root=$(cd "$(dirname "$0")/../.." && pwd)

say () {
  printf '%s: %s\n' "$bench_name" "$*" >&2
}

die () {
  say "$*"
  exit 1
}

show_log () {
  if [ -s "$1" ]; then
    say "last lines of $(basename "$1"):"
    tail -n 20 "$1" >&2
  fi
}

# Waits up to $2 seconds for process $1 to end.
wait_gone () {
  i=0
  while kill -0 "$1" 2>/dev/null && [ "$i" -lt "$(($2 * 10))" ]; do
    sleep 0.1
    i=$((i + 1))
  done
  ! kill -0 "$1" 2>/dev/null
}

# 12345 -> 12,345 (the integer part only)
group () {
  printf '%s' "$1" | sed -e ':a' -e 's/^\([0-9]*[0-9]\)\([0-9]\{3\}\)/\1,\2/' -e 'ta'
}

# Finds PostgreSQL's programs (SANHE_PG_BINDIR, Debian's path, pg_config)
# and checks that each of "$@" is there.
bench_find_pg () {
  bindir=${SANHE_PG_BINDIR:-}
  if [ -z "$bindir" ]; then
    if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
      bindir=/usr/lib/postgresql/15/bin
    elif command -v pg_config >/dev/null 2>&1; then
      bindir=$(pg_config --bindir)
    fi
  fi
  for tool in "$@"; do
    [ -x "$bindir/$tool" ] || die "$tool not found in '$bindir' (install postgresql-15 or set SANHE_PG_BINDIR)"
  done
}

bench_need_commands () {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
  done
}

# postgres refuses root: as root the cluster belongs to the postgres user.
as_pg () {
  "$@"
}
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
  as_pg () {
    runuser -u postgres -- "$@"
  }
fi

# Raises the soft limit of open files to $1 where the hard limit allows.
bench_raise_fd_limit () {
  soft_fds=$(ulimit -n)
  if [ "$soft_fds" != unlimited ] && [ "$soft_fds" -lt "$1" ]; then
    hard_fds=$(ulimit -Hn)
    if [ "$hard_fds" = unlimited ] || [ "$hard_fds" -ge "$1" ]; then
      ulimit -n "$1"
    else
      ulimit -n "$hard_fds"
      say "open files capped at $hard_fds; the sockets may not fit"
    fi
  fi
}

pg_started=0
server_pid=
watchdog_pid=
top=

# Redefined by a driver that starts processes of its own.
bench_on_exit () {
  :
}

# Stops process $1 (TERM, then KILL after $2 seconds); nothing when $1 is empty.
bench_stop_pid () {
  if [ -n "$1" ]; then
    kill -TERM "$1" 2>/dev/null || true
    wait_gone "$1" "$2" || kill -KILL "$1" 2>/dev/null || true
  fi
}

bench_stop_server () {
  if [ -n "$server_pid" ]; then
    bench_stop_pid "$server_pid" 30
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}

bench_cleanup () {
  status=$?
  trap - EXIT INT TERM HUP
  bench_on_exit
  bench_stop_server
  if [ "$pg_started" -eq 1 ]; then
    (cd / && as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1) || true
  fi
  if [ -n "$watchdog_pid" ]; then
    kill -TERM "$watchdog_pid" 2>/dev/null || true
  fi
  [ -z "$top" ] || rm -rf "$top"
  exit "$status"
}

# Makes the run's directory and arms the clean-up and the watchdog, which
# ends the run after $1 seconds whatever hangs. Its sleep dies with it, so
# nothing is left holding meson's output pipe.
bench_begin () {
  top=$(mktemp -d "${TMPDIR:-/tmp}/sanhe-$bench_name.XXXXXX")
  chmod 0755 "$top"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$top"
  data=$top/data
  admin_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  (
    sleep "$1" &
    sleep_pid=$!
    trap 'kill "$sleep_pid" 2>/dev/null; exit 0' TERM
    if wait "$sleep_pid"; then
      echo "$bench_name: gave up after $1 s" >&2
      kill -TERM $$ 2>/dev/null
    fi
  ) </dev/null >/dev/null &
  watchdog_pid=$!
}

# initdb and start the cluster with at most $1 connections. Durability
# stays at PostgreSQL's defaults: this is a measurement.
bench_start_cluster () {
  say "initdb (fsync on) in $top"
  if ! (cd / && as_pg "$bindir/initdb" -A trust -E UTF8 --locale=C.UTF-8 -U postgres -D "$data" \
          >"$top/initdb.log" 2>&1); then
    show_log "$top/initdb.log"
    die "initdb failed"
  fi
  cat >>"$data/postgresql.conf" <<EOF

# tests/bench/$bench_name.sh: private, socket-only, default durability
listen_addresses = ''
unix_socket_directories = '$top'
max_connections = $1
fsync = on
synchronous_commit = on
full_page_writes = on
log_min_messages = warning
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres: "$data/postgresql.conf"

  pg_started=1
  if ! (cd / && as_pg "$bindir/pg_ctl" -D "$data" -l "$top/postgres.log" -w -t 60 start >/dev/null 2>&1); then
    show_log "$top/postgres.log"
    die "PostgreSQL did not start"
  fi
}

bench_database_url () {
  printf 'postgresql:///%s?host=%s&user=postgres' "$1" "$top"
}

# psql on database $1 of the cluster, stopping at the first error.
psql_db () {
  psql_db_name=$1
  shift
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$top" -U postgres -d "$psql_db_name" "$@"
}

# Starts SERVER_BIN on a free loopback port against database URL $2, with
# the further options "$@" after those two; sets server_pid and base_url.
bench_start_server () {
  start_bin=$1
  start_url=$2
  shift 2
  # The files exist before the server does: the loop below reads them at once.
  : >"$top/server.out"
  : >"$top/server.log"
  SANHE_ADMIN_PASSWORD=$admin_password "$start_bin" --listen 127.0.0.1:0 --database "$start_url" "$@" \
    >"$top/server.out" 2>"$top/server.log" </dev/null &
  server_pid=$!
  base_url=
  i=0
  while [ "$i" -lt 600 ]; do
    base_url=$(sed -n 's/^sanhe-server: listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$top/server.out")
    [ -n "$base_url" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      show_log "$top/server.log"
      die "sanhe-server exited before listening"
    fi
    sleep 0.1
    i=$((i + 1))
  done
  [ -n "$base_url" ] || die "sanhe-server did not listen within 60 s"
}

# Prints the session token of login $1 with password $2.
bench_sign_in () {
  sign_in=$(curl -sS --max-time 30 -H 'Content-Type: application/json' \
    --data "{\"login\":\"$1\",\"password\":\"$2\"}" "$base_url/api/v1/session")
  sign_in_token=$(printf '%s' "$sign_in" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$sign_in_token" ] || die "sign-in failed: $sign_in"
  printf '%s' "$sign_in_token"
}

# Sets load_before to the load average, warning when other work is running.
bench_check_load () {
  load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    say "warning: load average $load_before on $(nproc) CPUs: other work is running, figures will be low"
  fi
}

# The machine and versions, for the report; $1 is sanhe-server.
bench_describe_machine () {
  cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  [ -n "$cpu_model" ] || cpu_model=unknown
  mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  os_name=$( (. /etc/os-release && printf '%s' "$PRETTY_NAME") 2>/dev/null || uname -s)
  pg_version=$("$bindir/postgres" --version | awk '{ print $3 }')
  server_version=$("$1" --version 2>/dev/null | awk '{ print $NF }')
  revision=$(git -C "$src_root" describe --always --dirty 2>/dev/null || echo unknown)
}
