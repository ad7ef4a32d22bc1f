#!/usr/bin/env bash
# Latency by page size with a slow upstream (the issue's S3): the simulator adds LATENCY_MS to
# every Webex call, and the service answers a query selecting every owner and location detail
# field at 50, 500 and 2000 rows. Prints the median of RUNS requests each, with nothing else in
# flight. The limit for a facade is two round trips (the page, then one concurrent round of
# details): about 2 x LATENCY_MS plus the service's own CPU time, which LATENCY_MS=0 shows.
#
#   bash benches/latency.sh                       # needs: cargo, curl
#   LATENCY_MS=0 CONCURRENCY=8 RUNS=7 bash benches/latency.sh   # CONCURRENCY 0: the plan's size
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-50}
CONCURRENCY=${CONCURRENCY:-0}
RUNS=${RUNS:-7}
SIM_PORT=${SIM_PORT:-19091}
OUR_PORT=${OUR_PORT:-18091}
# shellcheck source=benches/common.sh
source benches/common.sh

cargo build --release --quiet
BIN=target/release/callerid-graphql

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers 5000 --latency-ms "$LATENCY_MS" >"$WORK/sim.log" 2>&1 &
pids+=($!)
wait_port "$SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$OUR_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" $NO_CACHE \
  --loader-concurrency "$CONCURRENCY" >"$WORK/srv.log" 2>&1 &
pids+=($!)
wait_port "$OUR_PORT"

QUERY=$(tr '\n' ' ' < benches/queries/every-detail.graphql)
SAN_JOSE=$(san_jose "$SIM_PORT")

echo "| rows | p50 (upstream ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY}) | upstream calls |"
echo "|---|---|---|"
for rows in 50 500 2000; do
  query_body "$QUERY" "$SAN_JOSE" "$rows" >"$WORK/q.json"
  curl -s -X POST "http://127.0.0.1:$SIM_PORT/_simulator/stats/reset" >/dev/null
  times=()
  for _ in $(seq 1 "$RUNS"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$OUR_PORT/graphql" \
      -H 'authorization: Bearer demo-admin-token' -H 'content-type: application/json' --data-binary @"$WORK/q.json")")
  done
  calls=$(curl -s "http://127.0.0.1:$SIM_PORT/_simulator/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'] // $RUNS)")
  p50=$(printf '%s\n' "${times[@]}" | sort -n | awk -v n="$RUNS" 'NR==int((n+1)/2) {printf "%.0f ms", $1*1000}')
  echo "| $rows | $p50 | $calls |"
done
