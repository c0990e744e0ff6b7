#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/bench-oa.sh SANHE_SERVER BENCH_OA
#
# A measurement, not a test: it never fails on a slow figure, only when it
# cannot measure or when a correctness check fails. Through meson:
#
#   meson test -C build --benchmark --suite bench oa --verbose
#   ninja -C build bench-oa
#
# On a private PostgreSQL 15 cluster (bench-common.sh: unix socket only,
# fsync and synchronous_commit on) it starts sanhe-server --demo on a free
# loopback port, adds the bench users in SQL (the demo users' password
# hash: hashing a thousand passwords through the API would only measure
# argon2id), and runs bench-oa, which
#   1. signs in BENCH_OA_SESSIONS sessions (the approver's and the others
#      of BENCH_OA_USERS users; argon2id, not measured) and opens
#      BENCH_OA_CLIENTS event WebSockets (the approver's alone on its
#      session, the others sharing theirs in turn), then measures the push latency: from POST /api/v1/oa/requests to the
#      approver's socket receiving its oa.task.assigned, for
#      BENCH_OA_REQUESTS requests one at a time and BENCH_OA_STEADY at
#      BENCH_OA_RATE a second, counting events that reach any other socket;
#   2. submits BENCH_OA_TASKS requests for BENCH_OA_APPROVERS approvers and
#      has them all approve their own tasks at once, keep-alive:
#      decisions per second, the latency and the server's and PostgreSQL's
#      CPU time of each.
# Then it checks in SQL that every decided request is approved with exactly
# one task and one "approve" history row, and prints a Markdown block for
# the README. Everything it starts is stopped and deleted on exit.
#
# Knobs (environment): BENCH_OA_CLIENTS (1000), BENCH_OA_SESSIONS (250),
# BENCH_OA_USERS (200), BENCH_OA_REQUESTS (500), BENCH_OA_STEADY (500,
# 0 skips it), BENCH_OA_RATE (25),
# BENCH_OA_APPROVERS (16), BENCH_OA_TASKS (5000), BENCH_OA_LOGIN_POOL (4),
# BENCH_OA_SUBMIT_POOL (16), BENCH_POOL_SIZE (unset: the server's default),
# BENCH_TIMEOUT (900 s, the whole run), SANHE_PG_BINDIR, SANHE_BENCH_COMMAND.

set -eu

server_bin=${1:-${SANHE_SERVER_BINARY:-}}
oa_bin=${2:-}
command_line=${SANHE_BENCH_COMMAND:-$0 $*}
clients=${BENCH_OA_CLIENTS:-1000}
sessions=${BENCH_OA_SESSIONS:-250}
users=${BENCH_OA_USERS:-200}
requests=${BENCH_OA_REQUESTS:-500}
steady=${BENCH_OA_STEADY:-500}
rate=${BENCH_OA_RATE:-25}
approvers=${BENCH_OA_APPROVERS:-16}
tasks=${BENCH_OA_TASKS:-5000}
login_pool=${BENCH_OA_LOGIN_POOL:-4}
submit_pool=${BENCH_OA_SUBMIT_POOL:-16}
pool_size=${BENCH_POOL_SIZE:-}
overall_timeout=${BENCH_TIMEOUT:-900}
# The demo company's password (server/data/demo.sql); the bench users share its hash.
bench_password=sanhe-demo

bench_name=bench-oa
# shellcheck source=tests/bench/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

if [ -z "$server_bin" ] || [ -z "$oa_bin" ]; then
  echo "usage: $0 PATH/TO/sanhe-server PATH/TO/bench-oa" >&2
  exit 2
fi
[ -x "$server_bin" ] || die "not an executable: $server_bin"
[ -x "$oa_bin" ] || die "not an executable: $oa_bin"
for knob in "$clients" "$sessions" "$users" "$requests" "$steady" "$rate" "$approvers" "$tasks" "$login_pool" "$submit_pool"; do
  case "$knob" in
    '' | *[!0-9]*) die "the BENCH_OA_* knobs are whole numbers, not '$knob'" ;;
  esac
done

bench_find_pg initdb pg_ctl createdb psql postgres
bench_need_commands curl awk sed

# The sockets on each side plus the usual descriptors.
bench_raise_fd_limit $((clients + 1024))

oa_pid=

bench_on_exit () {
  bench_stop_pid "$oa_pid" 10
}

bench_begin "$overall_timeout"

# ---- the cluster and the server ------------------------------------------

bench_start_cluster 100
"$bindir/createdb" -h "$top" -U postgres sanhe
say "starting $server_bin --demo"
bench_start_server "$server_bin" "$(bench_database_url sanhe)" --demo ${pool_size:+--pool-size "$pool_size"}
say "server at $base_url (pid $server_pid)"

# Logins as bench-oa spells them: bench-c0001…, bench-d01…, never cut short.
psql_db sanhe <<EOF
INSERT INTO core.users (login, name, password_hash, locale)
SELECT login, 'Bench ' || login, (SELECT password_hash FROM core.users WHERE login = 'joe'), 'en'
  FROM (SELECT 'bench-c' || lpad(n::text, greatest(4, length(n::text)), '0') FROM generate_series(1, $users) n
        UNION ALL
        SELECT 'bench-d' || lpad(n::text, greatest(2, length(n::text)), '0') FROM generate_series(1, $approvers) n
        UNION ALL
        VALUES ('bench-approver'), ('bench-applicant')) AS bench (login);
INSERT INTO core.user_roles (user_id, role_key)
SELECT id, 'employee' FROM core.users WHERE login LIKE 'bench-%';
EOF

# ---- the measurement ---------------------------------------------------------

bench_check_load
oa_cmd="bench-oa --clients $clients --sessions $sessions --users $users --requests $requests --steady $steady --rate $rate --approvers $approvers --tasks $tasks"
say "$oa_cmd $base_url"
SANHE_BENCH_PASSWORD=$bench_password SANHE_BENCH_ADMIN_PASSWORD=$admin_password \
  "$oa_bin" --clients "$clients" --sessions "$sessions" --users "$users" --requests "$requests" --steady "$steady" --rate "$rate" \
  --approvers "$approvers" --tasks "$tasks" --login-pool "$login_pool" --submit-pool "$submit_pool" \
  --server-pid "$server_pid" --postmaster-pid "$(head -n 1 "$data/postmaster.pid")" "$base_url" </dev/null >"$top/oa.out" &
oa_pid=$!
oa_status=0
wait "$oa_pid" || oa_status=$?
oa_pid=
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)
if [ "$oa_status" -ne 0 ]; then
  show_log "$top/oa.out"
  show_log "$top/server.log"
  die "bench-oa failed ($oa_status): see above"
fi

# ---- every decided request, in SQL -------------------------------------------

checks=$(psql_db sanhe -At -F ' ' <<'EOF'
SELECT count(*),
       count(*) FILTER (WHERE r.state = 'approved'),
       count(*) FILTER (WHERE (SELECT count(*) FROM oa.tasks t
                                WHERE t.request_id = r.id AND t.state = 'approved'
                                  AND t.decided_by = t.assignee_id) = 1
                          AND (SELECT count(*) FROM oa.tasks t WHERE t.request_id = r.id) = 1),
       count(*) FILTER (WHERE (SELECT count(*) FROM oa.history h
                                WHERE h.request_id = r.id AND h.action = 'approve') = 1)
  FROM oa.requests r
 WHERE r.process_key = 'bench_decide';
EOF
)
set -- $checks
say "SQL: $1 bench_decide requests, $2 approved, $3 with one task decided by its assignee, $4 with one approve row"
for n in "$@"; do
  [ "$n" -eq "$tasks" ] || die "FAILED: expected $tasks everywhere in that line"
done
push_total=$(psql_db sanhe -At -c "SELECT count(*) FROM oa.requests r JOIN oa.tasks t ON t.request_id = r.id JOIN core.users u ON u.id = t.assignee_id WHERE r.process_key = 'bench_push' AND r.state = 'pending' AND t.state = 'pending' AND u.login = 'bench-approver'")
[ "$push_total" -eq $((requests + steady)) ] ||
  die "FAILED: $push_total pending bench_push tasks held by bench-approver, expected $((requests + steady))"

# ---- the report ------------------------------------------------------------

fig () {
  v=$(awk -v k="$1" '$1 == k { print $2 }' "$top/oa.out")
  [ -n "$v" ] || die "bench-oa did not report $1"
  printf '%s' "$v"
}
# integer µs -> milliseconds with one decimal
ms () {
  t=$((($1 + 50) / 100))
  printf '%d.%d' $((t / 10)) $((t % 10))
}
# thousandths -> a rate with one decimal
per_s () {
  t=$((($1 + 50) / 100))
  printf '%s.%d' "$(group $((t / 10)))" $((t % 10))
}
row () {
  printf '%s | %s | %s | %s' "$(ms "$(fig "$1_p50_us")")" "$(ms "$(fig "$1_p90_us")")" \
    "$(ms "$(fig "$1_p99_us")")" "$(ms "$(fig "$1_max_us")")"
}

# "12.3 s; CPU each: server 1.2 ms + PostgreSQL 3.4 ms" for the phase named $1
throughput () {
  printf '%s s; CPU each: server %s ms + PostgreSQL %s ms' "$(ms "$(($(fig "$1_wall_us") / 1000))")" \
    "$(ms "$(fig "$1_cpu_server_us")")" "$(ms "$(fig "$1_cpu_db_us")")"
}

bench_describe_machine "$server_bin"
pool_text=${pool_size:-the default 8}
n_sessions=$(fig sessions)
client_sessions=$(fig client_sessions)
client_users=$(fig client_users)
sign_in_s=$(ms "$(fig sign_in_ms)")
others=$((clients - 1))
checked=$(fig decide_checked)
strays=$(fig strays)
decide_rate=$(per_s "$(fig decide_rate_milli)")
submit_rate=$(per_s "$(fig submit_rate_milli)")
steady_text=skipped
steady_rows=
if [ "$steady" -gt 0 ]; then
  steady_sent=$(per_s "$(fig steady_sent_rate_milli)")
  steady_text="$(row steady_event)   (POST answer $(row steady_post); $rate/s asked, $steady_sent/s sent, at most $(ms "$(fig steady_late_max_us)") ms late)"
  steady_rows="| Push at a steady $rate/s (open loop: sent at $steady_sent/s) | $(group "$steady") requests | $(row steady_event) |
| … the POST's own answer | the same | $(row steady_post) |
"
fi

cat <<EOF

bench-oa: figures (ms: p50 | p90 | p99 | max)
  load average       $load_before at the start, $load_after at the end
  sign-in            $n_sessions sessions in $sign_in_s s (argon2id; not measured)
  sockets            $clients open in $(fig open_ms) ms on $client_sessions sessions of $client_users users
  push, one by one   $(row push_event)   (POST answer $(row push_post))
  push, steady       $steady_text
  strays             $strays events on the $others other sockets; $(fig unexpected) unexpected on the approver's
  submissions        $submit_rate/s with $submit_pool in flight: $(row submit); $(throughput submit)
  decisions          $decide_rate/s with $approvers approvers: $(row decide); $(throughput decide)
  checks             SQL: all $tasks approved, one task and one approve row each; $checked read back through the API

----- 8< ----- Markdown for README.md, section "Performance" -----
Measured $(date -u +%Y-%m-%d) with \`$command_line\`
(tests/bench/bench-oa.sh, revision \`$revision\`), on $(nproc) CPUs ($cpu_model),
$mem_total RAM, $os_name, PostgreSQL $pg_version with default durability (fsync on) on a
unix socket; sanhe-server $server_version with a pool of $pool_text connections. The
client (bench-oa: one GMainLoop measuring, a thread holding the idle sockets), the
server and PostgreSQL share the same CPUs (load average $load_before at the start,
$load_after at the end).

$(group "$clients") event WebSockets stay open throughout: the approver's alone on its session,
the other $(group "$others") sharing $(group "$((client_sessions - 1))") sessions of $(group "$((client_users - 1))") other users (signing in took
$sign_in_s s of argon2id, not counted). Push latency runs from handing
\`POST /api/v1/oa/requests\` to the client library until the approver's socket holds
the matching \`oa.task.assigned\`.

| What | How | p50 ms | p90 ms | p99 ms | max ms |
|---|---|---|---|---|---|
| Push: submit → approver's socket | $(group "$requests") requests, one at a time | $(row push_event) |
| … the POST's own answer | the same | $(row push_post) |
${steady_rows}| Decision: \`POST /api/v1/oa/tasks/{id}/approve\` | $approvers approvers at once, keep-alive | $(row decide) |
| Submission while preparing the tasks | $submit_pool in flight | $(row submit) |

| Throughput | Result | Wall time; CPU per operation |
|---|---|---|
| Decisions, $approvers concurrent approvers, $(group "$tasks") tasks | **$decide_rate decisions/s** | $(throughput decide) |
| Submissions, $submit_pool in flight | $submit_rate requests/s | $(throughput submit) |

Checked on every run: $strays events reached the $(group "$others") other sockets and each
request's event reached the approver exactly once; all $(group "$tasks") decided requests are
approved, with one task and one \`approve\` history row each (SQL), $checked of them
also read back through the API.
----- >8 -----
EOF
