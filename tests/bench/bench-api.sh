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

bench_name=bench-api
# shellcheck source=tests/bench/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

if [ -z "$server_bin" ] || [ -z "$sockets_bin" ]; then
  echo "usage: $0 PATH/TO/sanhe-server PATH/TO/bench-sockets" >&2
  exit 2
fi
[ -x "$server_bin" ] || die "not an executable: $server_bin"
[ -x "$sockets_bin" ] || die "not an executable: $sockets_bin"

bench_find_pg initdb pg_ctl pgbench createdb
bench_need_commands wrk curl awk sed

# 1,000 sockets on each side plus the usual descriptors.
bench_raise_fd_limit $((n_sockets + 1024))

sockets_pid=

bench_on_exit () {
  exec 9>&-
  bench_stop_pid "$sockets_pid" 10
}

bench_begin "$overall_timeout"

# ---- the cluster ---------------------------------------------------------

bench_start_cluster 200
"$bindir/createdb" -h "$top" -U postgres sanhe
"$bindir/createdb" -h "$top" -U postgres pgbench
database_url=$(bench_database_url sanhe)

# ---- the server ----------------------------------------------------------

say "starting $server_bin"
bench_start_server "$server_bin" "$database_url" ${pool_size:+--pool-size "$pool_size"}
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

token=$(bench_sign_in admin "$admin_password")

me_status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' \
  -H "Authorization: Bearer $token" "$base_url/api/v1/me")
[ "$me_status" = 200 ] || die "GET /api/v1/me answered $me_status, not 200"

# ---- 1. the API under load ----------------------------------------------

wrk_cmd="wrk -t$threads -c$connections -d$duration --latency"
say "warm-up: wrk -t$threads -c$connections -d3s"
wrk -t"$threads" -c"$connections" -d3s -H "Authorization: Bearer $token" "$base_url/api/v1/me" >/dev/null
bench_check_load
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

mib () {
  awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'
}

per_socket=$(awk -v a="$rss_idle" -v b="$rss_sockets" -v n="$n_sockets" 'BEGIN { printf "%.1f", (b - a) / n }')
bench_describe_machine "$server_bin"
wrk_version=$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')
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
