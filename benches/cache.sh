#!/usr/bin/env bash
# The cache and the fleet (issue 16's targets), with a slow upstream: the simulator adds
# LATENCY_MS to every Webex call, and the service answers the 50-row every-detail query
# (benches/queries/every-detail.graphql) again and again. For each setup: the median latency of
# RUNS repeated requests after one warm-up, and the Webex calls each repeated request cost.
#
#   bash benches/cache.sh            # needs: cargo, curl, python3, redis-server
#   LATENCY_MS=100 RUNS=31 bash benches/cache.sh
#
# Setups: no cache (every request cold); one replica with the in-process cache (number pages not
# cached, the default; then cached); three replicas without a shared cache (each keeps its own);
# three replicas sharing one Redis (number pages not cached; then cached). Requests cycle through
# the replicas, so a repeated query is answered by another replica than the one that warmed it.
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-50}
RUNS=${RUNS:-21}
ROWS=${ROWS:-50}
SIM_PORT=${SIM_PORT:-19191}
REDIS_PORT=${REDIS_PORT:-19379}
BASE_PORT=${BASE_PORT:-18191}
# shellcheck source=benches/common.sh
source benches/common.sh
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }

cargo build --release --quiet
BIN=target/release/callerid-graphql

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers 5000 --latency-ms "$LATENCY_MS" >"$WORK/sim.log" 2>&1 &
pids+=($!)
wait_port "$SIM_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
pids+=($!)
wait_port "$REDIS_PORT"

QUERY=$(tr '\n' ' ' < benches/queries/every-detail.graphql)
query_body "$QUERY" "$(san_jose "$SIM_PORT")" "$ROWS" >"$WORK/q.json"

next_port=$BASE_PORT
running=()
# start N FLAGS...: stops the previous setup, starts N replicas with FLAGS; their ports are in
# PORTS. (Not run in a subshell: the processes must be tracked here to be stopped.)
start() {
  local n=$1; shift
  for p in "${running[@]}"; do kill "$p" 2>/dev/null || true; done
  running=()
  PORTS=()
  for _ in $(seq 1 "$n"); do
    local port=$next_port
    next_port=$((next_port + 1))
    "$BIN" serve --listen "127.0.0.1:$port" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" \
      --cache-key-secret bench-secret "$@" >"$WORK/srv-$port.log" 2>&1 &
    pids+=($!)
    running+=($!)
    PORTS+=("$port")
  done
  for port in "${PORTS[@]}"; do wait_port "$port"; done
}

ask() {
  curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1/graphql" \
    -H 'authorization: Bearer demo-admin-token' -H 'content-type: application/json' --data-binary @"$WORK/q.json"
}

# measure NAME PORTS...: one warm-up through the first replica, then RUNS requests cycling
# through all of them; a row with the median and the calls per repeated request.
measure() {
  local name=$1; shift
  local ports=("$@")
  ask "${ports[0]}" >/dev/null
  curl -s -X POST "http://127.0.0.1:$SIM_PORT/_simulator/stats/reset" >/dev/null
  local times=()
  for i in $(seq 0 $((RUNS - 1))); do
    times+=("$(ask "${ports[$((i % ${#ports[@]}))]}")")
  done
  local calls
  calls=$(curl -s "http://127.0.0.1:$SIM_PORT/_simulator/stats" | python3 -c "import json,sys; print(round(json.load(sys.stdin)['total'] / $RUNS, 1))")
  local p50
  p50=$(printf '%s\n' "${times[@]}" | sort -n | awk -v n="$RUNS" 'NR==int((n+1)/2) {printf "%.1f ms", $1*1000}')
  echo "| $name | ${#ports[@]} | $p50 | $calls |"
}

echo "| setup (${ROWS} rows, every detail, upstream ${LATENCY_MS} ms a call) | replicas | p50 | Webex calls per repeated request |"
echo "|---|---|---|---|"
REDIS=(--cache-url "redis://127.0.0.1:$REDIS_PORT" --cache-timeout-ms 20)
start 1 --cache-max-bytes 0; measure "no cache (cold every time)" "${PORTS[@]}"
start 1; measure "in-process cache, number pages not cached (default)" "${PORTS[@]}"
start 1 --cache-numbers-ttl-secs 60; measure "in-process cache, number pages cached" "${PORTS[@]}"
start 3; measure "in-process cache in each replica" "${PORTS[@]}"
start 3 "${REDIS[@]}"; measure "one Redis, number pages not cached" "${PORTS[@]}"
start 3 "${REDIS[@]}" --cache-numbers-ttl-secs 60; measure "one Redis, number pages cached" "${PORTS[@]}"
