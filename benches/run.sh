#!/usr/bin/env bash
# Side-by-side load test: callerid-graphql vs the GraphQL Mesh peer (../shared/peers), both in front
# of the same simulator, plus the bare REST simulator as a ceiling. Prints a Markdown table.
#
#   bash benches/run.sh                  # needs: cargo, wrk (apt-get install wrk), node+npm for Mesh
#   DURATION=10s CONNECTIONS=10 bash benches/run.sh
#
# Every figure comes from one run on one machine, side by side; compare ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
NUMBERS=${NUMBERS:-5000}
PAGE=${PAGE:-50}
SIM_PORT=${SIM_PORT:-19090}
OUR_PORT=${OUR_PORT:-18080}
MESH_PORT=${MESH_PORT:-18702}
TOKEN="Bearer demo-admin-token"
PEERS=${PEERS:-../shared/peers}
WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
BIN=target/release/callerid-graphql

wait_port() { for _ in $(seq 1 200); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers "$NUMBERS" 2>"$WORK/sim.log" & pids+=($!)
wait_port "$SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$OUR_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" 2>"$WORK/ours.log" & ours=$!; pids+=($ours)
wait_port "$OUR_PORT"
LOC=$(curl -s "http://127.0.0.1:$SIM_PORT/_simulator/org" | python3 -c 'import json,sys; print(json.load(sys.stdin)["orgs"][0]["locations"][0]["id"])')

mesh=""
if command -v npm >/dev/null && [ -d "$PEERS/mesh" ]; then
  cp -r "$PEERS" "$WORK/peers" && chmod -R u+w "$WORK/peers"
  if (cd "$WORK/peers/mesh" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
      && WEBEX_URL="http://127.0.0.1:$SIM_PORT/v1" ./node_modules/.bin/mesh-compose -o supergraph.graphql >/dev/null 2>&1); then
    # exec: the recorded PID must be the gateway itself, or cleanup leaves node running.
    (cd "$WORK/peers/mesh" && exec ./node_modules/.bin/hive-gateway supergraph supergraph.graphql \
        --host 127.0.0.1 --port "$MESH_PORT" -c gateway.config.mjs >"$WORK/mesh.log" 2>&1) & mesh=$!; pids+=($mesh)
    wait_port "$MESH_PORT"
  else
    echo "Mesh peer could not be set up; measuring callerid-graphql alone" >&2
  fi
fi

body() { python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$1" >"$WORK/$2.json"; }
OURS_SUMMARY="{ availableCallerIdNumbers(locationId: \"$LOC\", first: $PAGE) { nodes { phoneNumber state location { id name } owner { __typename ... on Owner { id ownerType } } } } }"
OURS_LOCATION="{ availableCallerIdNumbers(locationId: \"$LOC\", first: $PAGE) { nodes { phoneNumber location { id name timeZone } owner { ... on Owner { id } } } } }"
OURS_PERSON="{ availableCallerIdNumbers(locationId: \"$LOC\", first: $PAGE) { nodes { phoneNumber location { id name timeZone } owner { ... on Owner { id ownerType } ... on Person { emails } } } } }"
MESH_SUMMARY="{ availableNumbers(locationId: \"$LOC\", max: $PAGE) { phoneNumbers { phoneNumber state location { id name } owner { id } } } }"
MESH_LOCATION="{ availableNumbers(locationId: \"$LOC\", max: $PAGE) { phoneNumbers { phoneNumber location { id name details { timeZone } } owner { id } } } }"
MESH_PERSON="{ availableNumbers(locationId: \"$LOC\", max: $PAGE) { phoneNumbers { phoneNumber location { id name details { timeZone } } owner { id person { emails } } } } }"
for q in OURS_SUMMARY OURS_LOCATION OURS_PERSON MESH_SUMMARY MESH_LOCATION MESH_PERSON; do body "${!q}" "$q"; done

# Upstream calls one request costs, read from the simulator's counters.
calls() {
  curl -s -X POST "http://127.0.0.1:$SIM_PORT/_simulator/stats/reset" >/dev/null
  curl -s "$1" -H "Authorization: $TOKEN" -H 'Content-Type: application/json' -d @"$WORK/$2.json" >"$WORK/answer.json"
  grep -q '"errors"' "$WORK/answer.json" && { echo "errors in $2: $(head -c 300 "$WORK/answer.json")" >&2; }
  curl -s "http://127.0.0.1:$SIM_PORT/_simulator/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}

# wrk → "req/s p50 p99 check"
load() {
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$WORK/wrk.txt" 2>&1
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", t, re.M))
check = re.search(r"check: (.*)", t)
print(f"{float(rps):.0f} | {lat.get('50','?')} | {lat.get('99','?')} | {check.group(1) if check else ''}")
PY
}

echo "| target | query ($PAGE numbers) | upstream calls / request | req/s | p50 | p99 | check |"
echo "|---|---|---|---|---|---|---|"
REST="http://127.0.0.1:$SIM_PORT/v1/telephony/config/locations/$LOC/externalCallerId/availableNumbers?max=$PAGE"
echo "| simulator REST (ceiling) | raw JSON page | 1 | $(load -s "$PEERS/load/rest-get.lua" "$REST" -- "$TOKEN") |"
for kind in SUMMARY LOCATION PERSON; do
  label=$(echo "$kind" | tr 'A-Z' 'a-z')
  n=$(calls "http://127.0.0.1:$OUR_PORT/graphql" "OURS_$kind")
  echo "| callerid-graphql | $label | $n | $(load -s "$PEERS/load/graphql-post.lua" "http://127.0.0.1:$OUR_PORT/graphql" -- "$WORK/OURS_$kind.json" "$TOKEN") |"
  if [ -n "$mesh" ]; then
    n=$(calls "http://127.0.0.1:$MESH_PORT/graphql" "MESH_$kind")
    echo "| GraphQL Mesh peer | $label | $n | $(load -s "$PEERS/load/graphql-post.lua" "http://127.0.0.1:$MESH_PORT/graphql" -- "$WORK/MESH_$kind.json" "$TOKEN") |"
  fi
done
echo
mesh_rss=$(ps -eo rss,args | awk '/[h]ive-gateway supergraph/ { s += $1 } END { printf "%.0f", s / 1024 }')
echo "RSS after load: callerid-graphql $(rss_mb "$ours") MB${mesh:+, Mesh gateway (all its processes) $mesh_rss MB}"
