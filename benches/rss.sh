#!/usr/bin/env bash
# Peak memory of one fresh service under one load: the figure behind S2's and S4's RSS.
#
#   bash benches/rss.sh [QUERY_FILE] [ROWS] [CLIENTS]      # needs: cargo, curl, python3, wrk
#   bash benches/rss.sh benches/queries/every-detail.graphql 2000 10     (the defaults)
#   BIN=/path/to/other/callerid-graphql bash benches/rss.sh ...          (compare two builds)
#
# Starts a simulator and the service in front of it, runs wrk for DURATION (default 8s) and
# prints requests/s with the service's peak (VmHWM) and final RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

QUERY=${1:-benches/queries/every-detail.graphql}
ROWS=${2:-2000}
CLIENTS=${3:-10}
DURATION=${DURATION:-8s}
SIM_PORT=${SIM_PORT:-19390}
OUR_PORT=${OUR_PORT:-18390}
PEERS=${PEERS:-../shared/peers}
# shellcheck source=benches/common.sh
source benches/common.sh

need_wrk
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/callerid-graphql
fi

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers 5000 2>"$WORK/sim.log" & pids+=($!)
wait_port "$SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$OUR_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" $NO_CACHE 2>"$WORK/ours.log" & ours=$!; pids+=($ours)
wait_port "$OUR_PORT"
LOC=$(san_jose "$SIM_PORT")
query_body "$(cat "$QUERY")" "$LOC" "$ROWS" >"$WORK/body.json"
wrk -t1 -c"$CLIENTS" -d"$DURATION" -s "$PEERS/load/graphql-post.lua" "http://127.0.0.1:$OUR_PORT/graphql" \
  -- "$WORK/body.json" "Bearer demo-admin-token" >"$WORK/wrk.txt" 2>&1 || true
rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
awk -v rps="$rps" -v q="$QUERY" -v rows="$ROWS" -v c="$CLIENTS" \
  '/VmHWM/ { hwm = $2 } /VmRSS/ { rss = $2 } END { printf "%s, %s rows, %s clients: %s req/s, peak RSS %.0f MiB, RSS after %.0f MiB\n", q, rows, c, rps, hwm / 1024, rss / 1024 }' \
  "/proc/$ours/status"
