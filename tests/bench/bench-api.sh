#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/bench-api.sh SANHE_SERVER BENCH_SOCKETS
#
# A measurement, not a test: it never fails on a slow figure, only when it
# cannot measure. Run it through meson:
#
#   meson test -C build --benchmark --suite bench --verbose
#   ninja -C build bench
#
# It makes a private PostgreSQL 15 cluster (unix socket only, default
# durability: fsync and synchronous_commit on), starts sanhe-server on a
# free loopback port against it, signs in as admin, and measures
#   1. GET /api/v1/me under wrk -t2 -c32 (requests/s, p99 latency),
#   2. the database floor on the same cluster: pgbench -S -c 32 -j 2,
#   3. the server's resident memory idle and with 1,000 open event WebSockets.
# Then it prints a Markdown block the README's Performance section can quote.
# Everything it starts is stopped and deleted on exit, whatever happens.
#
# Knobs (environment): BENCH_DURATION (15s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_SOCKETS (1000), BENCH_SCALE (10),
# BENCH_POOL_SIZE (unset: the server's default), BENCH_TIMEOUT (900 s, the
# whole run), SANHE_PG_BINDIR.

set -eu

server_bin=${1:-${SANHE_SERVER_BINARY:-}}
sockets_bin=${2:-}
duration=${BENCH_DURATION:-15s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
n_sockets=${BENCH_SOCKETS:-1000}
scale=${BENCH_SCALE:-10}
pool_size=${BENCH_POOL_SIZE:-}
overall_timeout=${BENCH_TIMEOUT:-900}

say () {
  printf 'bench-api: %s\n' "$*" >&2
}

die () {
  say "$*"
  exit 1
}

if [ -z "$server_bin" ] || [ -z "$sockets_bin" ]; then
  echo "usage: $0 PATH/TO/sanhe-server PATH/TO/bench-sockets" >&2
  exit 2
fi
[ -x "$server_bin" ] || die "not an executable: $server_bin"
[ -x "$sockets_bin" ] || die "not an executable: $sockets_bin"

bindir=${SANHE_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    bindir=/usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null 2>&1; then
    bindir=$(pg_config --bindir)
  fi
fi
for tool in initdb pg_ctl pgbench createdb; do
  [ -x "$bindir/$tool" ] || die "$tool not found in '$bindir' (install postgresql-15 or set SANHE_PG_BINDIR)"
done
for tool in wrk curl awk sed; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install wrk curl)"
done

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

# 1,000 sockets on each side plus the usual descriptors.
want_fds=$((n_sockets + 1024))
soft_fds=$(ulimit -n)
if [ "$soft_fds" != unlimited ] && [ "$soft_fds" -lt "$want_fds" ]; then
  hard_fds=$(ulimit -Hn)
  if [ "$hard_fds" = unlimited ] || [ "$hard_fds" -ge "$want_fds" ]; then
    ulimit -n "$want_fds"
  else
    ulimit -n "$hard_fds"
    say "open files capped at $hard_fds; $n_sockets sockets may not fit"
  fi
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/sanhe-bench.XXXXXX")
chmod 0755 "$top"
[ "$(id -u)" -eq 0 ] && chown postgres: "$top"
data=$top/data

pg_started=0
server_pid=
sockets_pid=
watchdog_pid=

# Waits up to $2 seconds for process $1 to end.
wait_gone () {
  i=0
  while kill -0 "$1" 2>/dev/null && [ "$i" -lt "$(($2 * 10))" ]; do
    sleep 0.1
    i=$((i + 1))
  done
  ! kill -0 "$1" 2>/dev/null
}

cleanup () {
  status=$?
  trap - EXIT INT TERM HUP
  exec 9>&-
  if [ -n "$sockets_pid" ]; then
    kill -TERM "$sockets_pid" 2>/dev/null || true
    wait_gone "$sockets_pid" 10 || kill -KILL "$sockets_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait_gone "$server_pid" 15 || kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ "$pg_started" -eq 1 ]; then
    (cd / && as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1) || true
  fi
  if [ -n "$watchdog_pid" ]; then
    kill -TERM "$watchdog_pid" 2>/dev/null || true
  fi
  rm -rf "$top"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Bounded in time whatever hangs: the watchdog ends the run. Its sleep dies
# with it, so nothing is left holding meson's output pipe.
(
  sleep "$overall_timeout" &
  sleep_pid=$!
  trap 'kill "$sleep_pid" 2>/dev/null; exit 0' TERM
  if wait "$sleep_pid"; then
    echo "bench-api: gave up after $overall_timeout s" >&2
    kill -TERM $$ 2>/dev/null
  fi
) </dev/null >/dev/null &
watchdog_pid=$!

show_log () {
  if [ -s "$1" ]; then
    say "last lines of $(basename "$1"):"
    tail -n 20 "$1" >&2
  fi
}

# ---- the cluster ---------------------------------------------------------

say "initdb (fsync on) in $top"
if ! (cd / && as_pg "$bindir/initdb" -A trust -E UTF8 --locale=C.UTF-8 -U postgres -D "$data" \
        >"$top/initdb.log" 2>&1); then
  show_log "$top/initdb.log"
  die "initdb failed"
fi

# Durability stays at PostgreSQL's defaults: this is a measurement.
cat >>"$data/postgresql.conf" <<EOF

# tests/bench/bench-api.sh: private, socket-only, default durability
listen_addresses = ''
unix_socket_directories = '$top'
max_connections = 200
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
"$bindir/createdb" -h "$top" -U postgres sanhe
"$bindir/createdb" -h "$top" -U postgres pgbench
database_url="postgresql:///sanhe?host=$top&user=postgres"

# ---- the server ----------------------------------------------------------

admin_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
say "starting $server_bin"
SANHE_ADMIN_PASSWORD=$admin_password "$server_bin" --listen 127.0.0.1:0 --database "$database_url" \
  ${pool_size:+--pool-size "$pool_size"} >"$top/server.out" 2>"$top/server.log" </dev/null &
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
say "server at $base_url (pid $server_pid)"

rss_kib () {
  awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}
fd_count () {
  ls "/proc/$1/fd" | wc -l
}
# CPU time (clock ticks) of the server and of every PostgreSQL process, as
# "pid ticks" lines: per-request CPU survives a busy machine better than req/s.
postmaster_pid=$(head -n 1 "$data/postmaster.pid")
cpu_snapshot () {
  for p in "$server_pid" $(ps -o pid= --ppid "$postmaster_pid"); do
    if [ -r "/proc/$p/stat" ]; then
      awk -v p="$p" '{ sub(/^.*\) /, ""); print p, $12 + $13 }' "/proc/$p/stat" 2>/dev/null || true
    fi
  done
}
rss_fresh=$(rss_kib "$server_pid")

login=$(curl -sS --max-time 30 -H 'Content-Type: application/json' \
  --data "{\"login\":\"admin\",\"password\":\"$admin_password\"}" "$base_url/api/v1/session")
token=$(printf '%s' "$login" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || die "sign-in failed: $login"

me_status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' \
  -H "Authorization: Bearer $token" "$base_url/api/v1/me")
[ "$me_status" = 200 ] || die "GET /api/v1/me answered $me_status, not 200"

# ---- 1. the API under load ----------------------------------------------

wrk_cmd="wrk -t$threads -c$connections -d$duration --latency"
say "warm-up: wrk -t$threads -c$connections -d3s"
wrk -t"$threads" -c"$connections" -d3s -H "Authorization: Bearer $token" "$base_url/api/v1/me" >/dev/null
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  say "warning: load average $load_before on $(nproc) CPUs: other work is running, figures will be low"
fi
say "$wrk_cmd -H 'Authorization: Bearer …' $base_url/api/v1/me"
cpu_snapshot >"$top/cpu.before"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" \
  "$base_url/api/v1/me" >"$top/wrk.out"
cpu_snapshot >"$top/cpu.after"
cat "$top/wrk.out" >&2

api_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$top/wrk.out")
# wrk prints 99% as 850.00us, 12.34ms or 1.02s; the table says milliseconds.
api_p99_ms=$(awk '$1 == "99%" {
    v = $2
    if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v) }
    else if (v ~ /m$/) { sub(/m$/, "", v); v = v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
    printf "%.2f", v
  }' "$top/wrk.out")
api_requests=$(awk '/requests in/ { print $1; exit }' "$top/wrk.out")
api_bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$top/wrk.out")
api_socket_errors=$(sed -n 's/^ *Socket errors: *//p' "$top/wrk.out")
[ -n "$api_rps" ] && [ -n "$api_p99_ms" ] || die "could not read wrk's output"
# CPU milliseconds per request: the server alone, and all of PostgreSQL.
cpu_per_request=$(awk -v srv="$server_pid" -v n="$api_requests" -v hz="$(getconf CLK_TCK)" '
    NR == FNR { before[$1] = $2; next }
    { d = $2 - before[$1]; if ($1 == srv) s += d; else p += d }
    END { printf "%.3f %.3f", s * 1000 / hz / n, p * 1000 / hz / n }' "$top/cpu.before" "$top/cpu.after")
cpu_server_ms=${cpu_per_request% *}
cpu_db_ms=${cpu_per_request#* }
if [ -n "$api_bad" ]; then
  say "warning: $api_bad of $api_requests responses were not 2xx; the figure is not a /me figure"
fi

# ---- 2. the database floor ----------------------------------------------

say "pgbench -i -s $scale (fsync on, takes a while)"
"$bindir/pgbench" -h "$top" -U postgres -i -s "$scale" -q pgbench >"$top/pgbench-init.log" 2>&1 ||
  { show_log "$top/pgbench-init.log"; die "pgbench -i failed"; }
pgbench_secs=$(printf '%s' "$duration" | sed -n 's/^\([0-9]*\)s\{0,1\}$/\1/p')
[ -n "$pgbench_secs" ] || die "BENCH_DURATION must be whole seconds, like 15s"
pgbench_cmd="pgbench -S -c $connections -j $threads -T $pgbench_secs"
say "$pgbench_cmd"
"$bindir/pgbench" -h "$top" -U postgres -S -c "$connections" -j "$threads" -T "$pgbench_secs" pgbench \
  >"$top/pgbench.out" 2>&1 || { show_log "$top/pgbench.out"; die "pgbench failed"; }
grep -E '^(number of|latency|tps)' "$top/pgbench.out" >&2 || true
db_tps=$(awk '/^tps = / { print $3; exit }' "$top/pgbench.out")
[ -n "$db_tps" ] || die "could not read pgbench's output"
ratio=$(awk -v a="$api_rps" -v b="$db_tps" 'BEGIN { printf "%.3f", a / b }')

# ---- 3. memory -----------------------------------------------------------

sleep 2
rss_idle=$(rss_kib "$server_pid")
fds_idle=$(fd_count "$server_pid")

say "opening $n_sockets event WebSockets"
mkfifo "$top/hold"
SANHE_BENCH_TOKEN=$token "$sockets_bin" --count "$n_sockets" --timeout 120 "$base_url" \
  <"$top/hold" >"$top/sockets.out" 2>"$top/sockets.err" &
sockets_pid=$!
# Holding the write end open keeps the client holding its sockets.
exec 9>"$top/hold"

i=0
while ! grep -q "^open $n_sockets\$" "$top/sockets.out" 2>/dev/null; do
  if ! kill -0 "$sockets_pid" 2>/dev/null; then
    show_log "$top/sockets.err"
    show_log "$top/server.log"
    die "bench-sockets stopped before $n_sockets sockets were open"
  fi
  [ "$i" -lt 1300 ] || die "bench-sockets did not report within 130 s"
  sleep 0.1
  i=$((i + 1))
done
sleep 2
rss_sockets=$(rss_kib "$server_pid")
fds_sockets=$(fd_count "$server_pid")
kill -0 "$sockets_pid" 2>/dev/null || die "bench-sockets stopped while holding its sockets"
say "server: VmRSS $rss_idle kB idle, $rss_sockets kB with $n_sockets sockets; fds $fds_idle -> $fds_sockets"

exec 9>&-
wait_gone "$sockets_pid" 15 || die "bench-sockets did not stop at end of input"
sockets_status=0
wait "$sockets_pid" || sockets_status=$?
sockets_pid=
[ "$sockets_status" -eq 0 ] || { show_log "$top/sockets.err"; die "bench-sockets failed ($sockets_status)"; }

# ---- the report ------------------------------------------------------------

group () {
  # 12345 -> 12,345 (the integer part only)
  printf '%s' "$1" | sed -e ':a' -e 's/^\([0-9]*[0-9]\)\([0-9]\{3\}\)/\1,\2/' -e 'ta'
}
mib () {
  awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'
}

per_socket=$(awk -v a="$rss_idle" -v b="$rss_sockets" -v n="$n_sockets" 'BEGIN { printf "%.1f", (b - a) / n }')
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$cpu_model" ] || cpu_model=unknown
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os_name=$( (. /etc/os-release && printf '%s' "$PRETTY_NAME") 2>/dev/null || uname -s)
pg_version=$("$bindir/postgres" --version | awk '{ print $3 }')
wrk_version=$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')
server_version=$("$server_bin" --version 2>/dev/null | awk '{ print $NF }')
src_root=$(cd "$(dirname "$0")/../.." && pwd)
revision=$(git -C "$src_root" describe --always --dirty 2>/dev/null || echo unknown)
command_line=${SANHE_BENCH_COMMAND:-$0 $*}
pool_text=${pool_size:-the default 8}
rps_int=$(printf '%.0f' "$api_rps")
tps_int=$(printf '%.0f' "$db_tps")

cat <<EOF

bench-api: figures
  load average       $load_before before the load
  GET /api/v1/me     $api_rps req/s, p99 $api_p99_ms ms ($api_requests requests${api_bad:+, $api_bad not 2xx}${api_socket_errors:+, socket errors: $api_socket_errors})
  CPU per request    server $cpu_server_ms ms, PostgreSQL $cpu_db_ms ms
  pgbench -S         $db_tps tps
  ratio              $ratio
  VmRSS fresh        $rss_fresh kB
  VmRSS idle         $rss_idle kB (after the load; $fds_idle fds)
  VmRSS $n_sockets sockets $rss_sockets kB ($fds_sockets fds; +$per_socket kB per socket)

----- 8< ----- Markdown for README.md, section "Performance" -----
Measured $(date -u +%Y-%m-%d) with \`$command_line\`
(tests/bench/bench-api.sh, revision \`$revision\`), on $(nproc) CPUs ($cpu_model),
$mem_total RAM, $os_name, PostgreSQL $pg_version with default durability (fsync on) on a
unix socket; sanhe-server $server_version with a pool of $pool_text connections;
wrk $wrk_version, pgbench, the server and PostgreSQL all share the same CPUs
(load average $load_before when the load began).

| What | How | Result |
|---|---|---|
| API: \`GET /api/v1/me\` with a bearer token | \`$wrk_cmd\` | **$(group "$rps_int") req/s**, p99 $api_p99_ms ms |
| Database floor: primary-key reads | \`pgbench -i -s $scale\`, then \`$pgbench_cmd\` | **$(group "$tps_int") tps** |
| API ÷ database floor | req/s ÷ tps | $ratio |
| CPU per \`GET /me\` | /proc/PID/stat during the wrk run | server $cpu_server_ms ms + PostgreSQL $cpu_db_ms ms |
| Server memory, idle | VmRSS | $(mib "$rss_fresh") fresh, $(mib "$rss_idle") after the load |
| Server memory, $(group "$n_sockets") event WebSockets open | VmRSS | $(mib "$rss_sockets") (+$per_socket KiB per socket) |

One \`GET /me\` is a whole transaction (session check, permissions, the user's
record) over HTTP; one pgbench -S transaction is a single SELECT.
----- >8 -----
EOF
