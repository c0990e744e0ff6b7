#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/bench-mrp.sh SANHE_SERVER [DATA_DIR]
#
# A measurement, not a test: it never fails on a slow figure, only when it
# cannot measure. Through meson:
#
#   meson test -C build --benchmark --suite bench mrp --verbose
#   ninja -C build bench-mrp
#
# DATA_DIR is ../shared/bench (small.json, large.json, gen_dataset.py),
# read only. For each data set — small.json, large.json and "xl", made on
# demand into a temporary directory by
#   python3 gen_dataset.py --items 50000 --orders 20000 --rich -o xl.json
# — it uses a fresh database on a private PostgreSQL 15 cluster (unix
# socket only, default durability: fsync and synchronous_commit on, run as
# the postgres user when started as root), and measures
#   1. the import: `sanhe-server import FILE --day0 DAY0 --database URL`,
#      wall time, and the import's own figure;
#   2. MRP: a server on a free loopback port, POST /api/v1/erp/mrp/runs
#      {"date": DAY0} BENCH_RUNS times; the answer's load_ms, compute_ms,
#      persist_ms, elapsed_ms and counts, and the request's wall time
#      (curl's time_total); the median run is reported;
#   3. the COPY floor on the same cluster and data, in one psql session
#      with \timing, median of BENCH_RUNS:
#        in:  COPY (SELECT …) TO STDOUT of exactly the five queries the
#             loader runs (items with summed stock balances, BOM lines, open
#             sales-order lines, open purchase-order lines, open production
#             tasks), output discarded;
#        out: the run's suggestion rows exported once with \copy … TO a
#             file, then \copy … FROM that file (COPY … FROM STDIN) into an
#             empty table made by CREATE TABLE … (LIKE erp.mrp_suggestions)
#             — the same columns, NOT NULL kept, no primary key, no CHECK,
#             no index — truncated before each repetition;
#      floor = in + out, and the run's elapsed_ms ÷ floor;
#   4. kit analysis on large.json (and xl): 50 GET
#      /api/v1/erp/sales-orders/{id}/kit-analysis, every tenth order by id,
#      one curl process reusing its connection, p50 and p99 of time_total
#      (with 50 samples p99 is the slowest call);
# then compares the MRP run with Tryton 6.0's stock.supply figures from
# DATA_DIR/README.md (63.4 s small, 437 s large) and prints a Markdown block
# for the README. Everything it starts is stopped and deleted on exit.
#
# Knobs (environment): BENCH_SETS ("small large xl"), BENCH_RUNS (3),
# BENCH_KIT_CALLS (50), BENCH_TIMEOUT (3600 s, the whole run),
# SANHE_PG_BINDIR, SANHE_BENCH_COMMAND (the command line to quote).

set -eu

server_bin=${1:-${SANHE_SERVER_BINARY:-}}
data_dir=${2:-${BENCH_DATA_DIR:-}}
sets=${BENCH_SETS:-small large xl}
runs=${BENCH_RUNS:-3}
kit_calls=${BENCH_KIT_CALLS:-50}
overall_timeout=${BENCH_TIMEOUT:-3600}

bench_name=bench-mrp
# shellcheck source=tests/bench/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

if [ -z "$server_bin" ]; then
  echo "usage: $0 PATH/TO/sanhe-server [DATA_DIR]" >&2
  exit 2
fi
[ -x "$server_bin" ] || die "not an executable: $server_bin"
[ -n "$data_dir" ] || data_dir=$src_root/../shared/bench
[ -d "$data_dir" ] || die "no data directory $data_dir (../shared/bench beside the source tree)"
data_dir=$(cd "$data_dir" && pwd)

bench_find_pg initdb pg_ctl createdb psql postgres
bench_need_commands curl awk sed sort python3

bench_begin "$overall_timeout"

now_ms () {
  date +%s%3N
}

# A median of numbers, one a line, on stdin.
median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The members $2… of the JSON object in file $1, space-separated.
json_members () {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(" ".join(str(d[k]) for k in sys.argv[2:]))' "$@"
}

# ---- the cluster ---------------------------------------------------------

bench_start_cluster 100

# The server's sessions run in UTC: its "today" is the UTC date.
day0=$("$bindir/psql" -X -At -h "$top" -U postgres -d postgres -c "SELECT (now() AT TIME ZONE 'UTC')::date")
say "day 0 = $day0 (today in UTC, the server's current_date: kit analysis plans from it)"

# ---- the data sets -----------------------------------------------------------

dataset_file () {
  case "$1" in
    xl)
      if [ ! -f "$top/xl.json" ]; then
        say "generating xl: python3 gen_dataset.py --items 50000 --orders 20000 --rich"
        python3 "$data_dir/gen_dataset.py" --items 50000 --orders 20000 --rich -o "$top/xl.json" >&2 ||
          die "gen_dataset.py failed"
      fi
      echo "$top/xl.json"
      ;;
    *)
      [ -f "$data_dir/$1.json" ] || die "no $data_dir/$1.json"
      echo "$data_dir/$1.json"
      ;;
  esac
}

start_server () {
  bench_start_server "$server_bin" "$1"
  token=$(bench_sign_in admin "$admin_password")
}

# The loader's five queries (server/erp/sanhe-mrp-store.c), as COPY … TO STDOUT.
input_floor_sql () {
  cat <<EOF
\\timing on
COPY (SELECT i.id, i.kind = 'make', i.lead_time_days, coalesce(b.qty, 0), i.safety_stock, i.min_lot, i.lot_multiple, i.scrap_pct FROM erp.items i LEFT JOIN (SELECT item_id, sum(qty) AS qty FROM erp.stock_balances GROUP BY item_id) b ON b.item_id = i.id ORDER BY i.id) TO STDOUT;
COPY (SELECT parent_id, component_id, qty, scrap_pct FROM erp.bom_lines ORDER BY parent_id, position) TO STDOUT;
COPY (SELECT l.item_id, l.due_date - DATE '$day0', l.qty - l.shipped_qty, l.id FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.order_id WHERE o.state IN ('confirmed', 'partially_shipped') AND l.qty > l.shipped_qty ORDER BY l.id) TO STDOUT;
COPY (SELECT l.item_id, l.expected_date - DATE '$day0', l.qty - l.received_qty FROM erp.purchase_order_lines l JOIN erp.purchase_orders o ON o.id = l.order_id WHERE o.state IN ('draft', 'confirmed', 'partially_received') AND l.qty > l.received_qty ORDER BY l.id) TO STDOUT;
COPY (SELECT item_id, due_date - DATE '$day0', qty - done_qty FROM erp.production_tasks WHERE state IN ('planned', 'released') AND qty > done_qty ORDER BY id) TO STDOUT;
EOF
}

# Sums the "Time: N ms" lines psql printed.
sum_times () {
  awk '/^Time: / { s += $2 } END { printf "%.1f\n", s }'
}

report_rows=
kit_rows=
details=

bench_set () {
  name=$1
  file=$(dataset_file "$name")
  db=mrp_$name
  "$bindir/createdb" -h "$top" -U postgres "$db"
  url=$(bench_database_url "$db")

  # 1. import
  say "[$name] sanhe-server import $(basename "$file") --day0 $day0"
  t0=$(now_ms)
  SANHE_ADMIN_PASSWORD=$admin_password "$server_bin" import "$file" --day0 "$day0" --database "$url" \
    >"$top/import.out" 2>"$top/import.err" || { show_log "$top/import.err"; die "import of $name failed"; }
  t1=$(now_ms)
  import_wall=$((t1 - t0))
  import_own=$(sed -n 's/.* in \([0-9]*\) ms$/\1/p' "$top/import.out")
  counts=$(sed -n 's/^sanhe-server: imported \(.*\) in [0-9]* ms$/\1/p' "$top/import.out")
  say "[$name] $counts; ${import_wall} ms wall (${import_own} ms in the import)"
  psql_db "$db" -c 'VACUUM ANALYZE' >/dev/null

  # 2. MRP through the API
  start_server "$url"
  : >"$top/runs.txt"
  r=1
  while [ "$r" -le "$runs" ]; do
    wall=$(curl -sS --max-time 900 -o "$top/run.json" -w '%{time_total}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data "{\"date\":\"$day0\"}" "$base_url/api/v1/erp/mrp/runs")
    members=$(json_members "$top/run.json" elapsed_ms load_ms compute_ms persist_ms id purchase_count \
      production_count 2>/dev/null) || die "POST /api/v1/erp/mrp/runs failed: $(head -c 500 "$top/run.json")"
    wall_ms=$(awk -v w="$wall" 'BEGIN { printf "%.0f", w * 1000 }')
    # elapsed load compute persist wall id purchases productions
    line=$(printf '%s\n' "$members" | awk -v w="$wall_ms" '{ print $1, $2, $3, $4, w, $5, $6, $7 }')
    say "[$name] run $r: elapsed load compute persist wall(ms) id purchase production = $line"
    echo "$line" >>"$top/runs.txt"
    r=$((r + 1))
  done
  # The median run by elapsed_ms.
  median_line=$(sort -n "$top/runs.txt" | awk -v n="$runs" 'NR == int((n + 1) / 2)')
  set -- $median_line
  elapsed=$1 load=$2 compute=$3 persist=$4 wall_ms=$5 run_id=$6 purchases=$7 productions=$8
  suggestions=$((purchases + productions))
  mrp_rss=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")

  # 4. kit analysis
  kit_text=
  if [ "$name" != small ]; then
    ids=$(psql_db "$db" -At -c "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM erp.sales_orders) o WHERE n % 10 = 1 ORDER BY id LIMIT $kit_calls")
    first_kit=
    n_kit=0
    set --
    for id in $ids; do
      set -- "$@" -o /dev/null "$base_url/api/v1/erp/sales-orders/$id/kit-analysis"
      [ -n "$first_kit" ] || first_kit="$base_url/api/v1/erp/sales-orders/$id/kit-analysis"
      n_kit=$((n_kit + 1))
    done
    [ "$n_kit" -gt 0 ] || die "no sales orders to analyse"
    # One warm-up call, then the measured ones, one after the other on one connection.
    curl -sS --max-time 60 -o /dev/null -H "Authorization: Bearer $token" "$first_kit"
    curl -sS --max-time 600 -H "Authorization: Bearer $token" \
      -w '%{http_code} %{time_total}\n' "$@" >"$top/kit.txt"
    bad=$(awk '$1 != 200' "$top/kit.txt" | wc -l)
    [ "$bad" -eq 0 ] || die "kit analysis answered non-200: $(awk '$1 != 200' "$top/kit.txt" | head -n 3)"
    kit_p50=$(awk '{ printf "%.1f\n", $2 * 1000 }' "$top/kit.txt" | sort -n |
      awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    kit_p99=$(awk '{ printf "%.1f\n", $2 * 1000 }' "$top/kit.txt" | sort -n |
      awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; print v[i] }')
    curl -sS --max-time 60 -H "Authorization: Bearer $token" -o "$top/kit.json" "$first_kit"
    kit_sample=$(json_members "$top/kit.json" status complete_on)
    say "[$name] kit analysis: $n_kit calls, p50 $kit_p50 ms, p99 $kit_p99 ms (first order: $kit_sample)"
    kit_rows="$kit_rows| $name | $n_kit orders (every tenth by id), curl keep-alive | **$kit_p50 ms** | $kit_p99 ms |
"
  fi
  bench_stop_server

  # 3. the COPY floor
  psql_db "$db" -c "\\copy (SELECT run_id, seq, kind, item_id, qty, due_date, release_date, late_days, pegging, document_type, document_id FROM erp.mrp_suggestions WHERE run_id = $run_id ORDER BY seq) TO '$top/suggestions.copy'"
  rows=$(wc -l <"$top/suggestions.copy")
  [ "$rows" -eq "$suggestions" ] || die "exported $rows rows, the run counted $suggestions"
  psql_db "$db" -c 'CREATE TABLE public.floor_suggestions (LIKE erp.mrp_suggestions)' >/dev/null
  : >"$top/floor-in.txt"
  : >"$top/floor-out.txt"
  r=1
  while [ "$r" -le "$runs" ]; do
    input_floor_sql | psql_db "$db" -o /dev/null -f - | sum_times >>"$top/floor-in.txt"
    psql_db "$db" -c 'TRUNCATE public.floor_suggestions' >/dev/null
    psql_db "$db" -c '\timing on' -c "\\copy public.floor_suggestions FROM '$top/suggestions.copy'" |
      sum_times >>"$top/floor-out.txt"
    r=$((r + 1))
  done
  floor_in=$(median <"$top/floor-in.txt")
  floor_out=$(median <"$top/floor-out.txt")
  floor=$(awk -v a="$floor_in" -v b="$floor_out" 'BEGIN { printf "%.1f", a + b }')
  ratio=$(awk -v e="$elapsed" -v f="$floor" 'BEGIN { printf "%.2f", e / f }')
  ratio_wall=$(awk -v e="$wall_ms" -v f="$floor" 'BEGIN { printf "%.2f", e / f }')
  input_rows=$(psql_db "$db" -At -c "SELECT (SELECT count(*) FROM erp.items) || ' items, ' || (SELECT count(*) FROM erp.bom_lines) || ' BOM lines, ' || (SELECT count(*) FROM erp.sales_order_lines) || ' order lines, ' || (SELECT count(*) FROM erp.purchase_order_lines) || ' purchase lines, ' || (SELECT count(*) FROM erp.production_tasks) || ' tasks'")
  say "[$name] floor: in $floor_in ms ($input_rows), out $floor_out ms ($rows rows); run/floor $ratio (wall $ratio_wall)"
  psql_db "$db" -c 'DROP TABLE public.floor_suggestions' >/dev/null
  rm -f "$top/suggestions.copy"

  case "$name" in
    small) tryton_s=63.4 ;;
    large) tryton_s=437 ;;
    *) tryton_s= ;;
  esac
  if [ -n "$tryton_s" ]; then
    tryton="$tryton_s s, $(awk -v t="$tryton_s" -v e="$wall_ms" 'BEGIN { printf "%.0f", t * 1000 / e }')× the request"
  else
    tryton="—"
  fi
  compute_s=$(awk -v c="$compute" 'BEGIN { printf "%.3f", c / 1000 }')
  report_rows="$report_rows| $name | $import_wall ms | **$elapsed ms** ($wall_ms ms wall) | $load / $compute / $persist ms | $purchases / $productions | $floor ms ($floor_in in + $floor_out out) | **$ratio** | $tryton |
"
  details="$details
  $name: $counts
    import $import_wall ms wall, $import_own ms in the import
    MRP (median of $runs) elapsed $elapsed ms = load $load + compute $compute ($compute_s s) + persist $persist; request $wall_ms ms; server peak RSS $mrp_rss MiB
    $suggestions suggestions ($purchases purchase, $productions production)
    floor: COPY TO STDOUT of the input $floor_in ms ($input_rows) + COPY FROM STDIN of $rows rows $floor_out ms = $floor ms
    run / floor: $ratio (request wall / floor: $ratio_wall)"
}

for set_name in $sets; do
  bench_set "$set_name"
done

# ---- the report ------------------------------------------------------------

bench_describe_machine "$server_bin"
load_now=$(cut -d ' ' -f 1-3 /proc/loadavg)
command_line=${SANHE_BENCH_COMMAND:-$0 $server_bin $data_dir}

cat <<EOF

bench-mrp: figures (day 0 $day0)$details

----- 8< ----- Markdown for README.md, section "Performance" -----
Measured $(date -u +%Y-%m-%d) with \`$command_line\`
(tests/bench/bench-mrp.sh, revision \`$revision\`, sets: $sets), on $(nproc) CPUs
($cpu_model), $mem_total RAM, $os_name, PostgreSQL $pg_version with default
durability (fsync on) on a unix socket, sanhe-server $server_version on loopback;
client, server and PostgreSQL share the CPUs (load average $load_now at the end).
MRP figures are the median of $runs runs of \`POST /api/v1/erp/mrp/runs\`.

| Data set | Import | MRP run (elapsed_ms) | load / compute / persist | purchase / production suggestions | COPY floor | run ÷ floor | Tryton 6.0 stock.supply |
|---|---|---|---|---|---|---|---|
${report_rows}
The COPY floor is what PostgreSQL alone needs to move the same rows: the
loader's five queries as \`COPY (SELECT …) TO STDOUT\` (discarded), plus
\`COPY … FROM STDIN\` of the run's suggestion rows into an empty table
\`(LIKE erp.mrp_suggestions)\` without primary key, CHECK or index, each in
its own autocommit transaction, timed with psql's \\timing (median of $runs).
Tryton's figures are from ../shared/bench/README.md (2 cores, PostgreSQL 15);
its plan differs (no low-level codes, lot sizing or pegging), so compare times.

| Kit analysis (\`GET /api/v1/erp/sales-orders/{id}/kit-analysis\`) | Calls | p50 | p99 |
|---|---|---|---|
${kit_rows}----- >8 -----
EOF
