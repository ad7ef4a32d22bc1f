#!/usr/bin/env bash
# Soak: does memory stay flat under steady load with nobody scraping /metrics?
#
# Starts a simulator answering 10 % of Webex calls with 503 (the service retries them, so the
# error, retry and histogram paths all run), callerid-graphql in front of it, and 64 wrk clients
# asking 20-number pages with every detail field, for DURATION (default 10m). Nothing scrapes
# /metrics. Every SAMPLE seconds (default 30) it prints the service's RSS; at the end, the growth
# after warm-up (the first quarter of the run) per minute.
#
#   bash benches/soak.sh                     # needs: cargo, curl, python3, wrk
#   DURATION=3m SAMPLE=10 bash benches/soak.sh
#
# Before the recorder's upkeep ran on a timer, this grew ~9.5 MiB a minute, linearly.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10m}
SAMPLE=${SAMPLE:-30}
CLIENTS=${CLIENTS:-64}
FAULT_RATE=${FAULT_RATE:-0.1}
SIM_PORT=${SIM_PORT:-19290}
OUR_PORT=${OUR_PORT:-18280}
PEERS=${PEERS:-../shared/peers}
# shellcheck source=benches/common.sh
source benches/common.sh

need_wrk
cargo build --release --quiet
BIN=target/release/callerid-graphql
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
seconds() { case $1 in *m) echo $(( ${1%m} * 60 ));; *s) echo "${1%s}";; *) echo "$1";; esac; }

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --fault-status 503 --fault-rate "$FAULT_RATE" 2>"$WORK/sim.log" & pids+=($!)
wait_port "$SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$OUR_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" $NO_CACHE 2>"$WORK/ours.log" & ours=$!; pids+=($ours)
wait_port "$OUR_PORT"
LOC=$(san_jose "$SIM_PORT")
query_body "$(cat benches/queries/every-detail.graphql)" "$LOC" 20 >"$WORK/body.json"

total=$(seconds "$DURATION")
wrk -t2 -c"$CLIENTS" -d"${total}s" -s "$PEERS/load/graphql-post.lua" "http://127.0.0.1:$OUR_PORT/graphql" \
  -- "$WORK/body.json" "Bearer demo-admin-token" >"$WORK/wrk.txt" 2>&1 & load=$!; pids+=($load)

echo "| elapsed s | RSS MiB |"
echo "|---|---|"
samples=()
elapsed=0
while kill -0 "$load" 2>/dev/null && [ "$elapsed" -lt "$total" ]; do
  sleep "$SAMPLE"
  elapsed=$((elapsed + SAMPLE))
  rss=$(rss_mb "$ours")
  samples+=("$elapsed:$rss")
  echo "| $elapsed | $rss |"
done
wait "$load" || true
grep -E "Requests/sec|requests in|check:" "$WORK/wrk.txt" || true
python3 - "${samples[@]}" <<'PY'
import sys
points = [tuple(map(float, s.split(":"))) for s in sys.argv[1:]]
if len(points) < 4:
    sys.exit("too few samples for a trend")
warm = points[len(points) // 4:]
(t0, r0), (t1, r1) = warm[0], warm[-1]
slope = (r1 - r0) / ((t1 - t0) / 60)
print(f"after warm-up: {r0:.1f} -> {r1:.1f} MiB over {(t1 - t0) / 60:.1f} min = {slope:+.2f} MiB/min "
      f"(min {min(r for _, r in warm):.1f}, max {max(r for _, r in warm):.1f})")
PY
