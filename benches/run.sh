#!/usr/bin/env bash
# The benchmark harness (issue 9), one command: builds the release binary, starts simulators (one
# without latency, one adding LATENCY_MS to every Webex call), callerid-graphql in front of each
# (facade mode), and the GraphQL Mesh peer from ../shared/peers, then prints one Markdown table per
# scenario and writes benches/s3-latency.svg:
#
#   S1  2000-number page, summary fields, no latency, beside the bare REST call it wraps
#   S2  the same page with every detail field
#   S3  S2 with LATENCY_MS per upstream call: p50 at 50, 500 and 2000 rows (sequential requests)
#   S4  20-number pages at 64 concurrent clients (the front-end pattern), on a fresh process: peak RSS
#   S5  the Mesh peer's summary, location and person queries (50 numbers) beside ours
#   S6  a 2000-row page of an assigned available-numbers list with every detail field, beside
#       availableCallerIdNumbers' 2000 rows, both on one larger org (NUMBERS_S6, San Jose alone
#       holding 2000 owned numbers)
#
# Columns: req/s, p50, p99 (wrk -t1), upstream calls per request (one request with nothing else in
# flight, read from the simulator's counters), peak RSS (VmHWM) and CPU ms per request (the
# process's utime+stime over the wrk run / requests served).
#
#   bash benches/run.sh          # needs: cargo, curl, python3, wrk; node+npm for the Mesh peer
#   DURATION=10s LATENCY_MS=50 RUNS=7 bash benches/run.sh
#
# Every figure comes from one run on one machine, side by side; compare ratios, not absolutes.
# Rows marked `--plain-rows` are the same binary resolving rows field by field with
# async-graphql's executor (the fast path of src/graphql/rows/ off): the before and after of
# issue 23, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
LATENCY_MS=${LATENCY_MS:-50}
RUNS=${RUNS:-7}
NUMBERS=${NUMBERS:-5000}
NUMBERS_S6=${NUMBERS_S6:-8000}
S6_SIM_PORT=${S6_SIM_PORT:-19192}
S6_PORT=${S6_PORT:-18183}
SIM_PORT=${SIM_PORT:-19190}
SLOW_SIM_PORT=${SLOW_SIM_PORT:-19191}
OUR_PORT=${OUR_PORT:-18180}
SLOW_PORT=${SLOW_PORT:-18181}
S4_PORT=${S4_PORT:-18182}
PLAIN_PORT=${PLAIN_PORT:-18184}
PLAIN_SLOW_PORT=${PLAIN_SLOW_PORT:-18185}
MESH_PORT=${MESH_PORT:-18702}
TOKEN="Bearer demo-admin-token"
PEERS=${PEERS:-../shared/peers}
# shellcheck source=benches/common.sh
source benches/common.sh

need_wrk
cargo build --release --quiet
BIN=target/release/callerid-graphql
TICK=$(getconf CLK_TCK)

hwm_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# utime + stime of a set of processes, in clock ticks.
cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }

"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers "$NUMBERS" 2>"$WORK/sim.log" & pids+=($!)
"$BIN" simulate --listen "127.0.0.1:$SLOW_SIM_PORT" --numbers "$NUMBERS" --latency-ms "$LATENCY_MS" 2>"$WORK/slow-sim.log" & pids+=($!)
wait_port "$SIM_PORT"; wait_port "$SLOW_SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$OUR_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" $NO_CACHE 2>"$WORK/ours.log" & ours=$!; pids+=($ours)
"$BIN" serve --listen "127.0.0.1:$SLOW_PORT" --upstream-url "http://127.0.0.1:$SLOW_SIM_PORT/v1" $NO_CACHE 2>"$WORK/slow.log" & slow=$!; pids+=($slow)
"$BIN" serve --listen "127.0.0.1:$PLAIN_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" --plain-rows $NO_CACHE 2>"$WORK/plain.log" & plain=$!; pids+=($plain)
"$BIN" serve --listen "127.0.0.1:$PLAIN_SLOW_PORT" --upstream-url "http://127.0.0.1:$SLOW_SIM_PORT/v1" --plain-rows $NO_CACHE 2>"$WORK/plain-slow.log" & pids+=($!)
"$BIN" simulate --listen "127.0.0.1:$S6_SIM_PORT" --numbers "$NUMBERS_S6" 2>"$WORK/s6-sim.log" & pids+=($!)
wait_port "$S6_SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$S6_PORT" --upstream-url "http://127.0.0.1:$S6_SIM_PORT/v1" $NO_CACHE 2>"$WORK/s6.log" & s6=$!; pids+=($s6)
wait_port "$OUR_PORT"; wait_port "$SLOW_PORT"; wait_port "$S6_PORT"; wait_port "$PLAIN_PORT"; wait_port "$PLAIN_SLOW_PORT"
LOC=$(san_jose "$SIM_PORT")

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
    echo "Mesh peer could not be set up; S5 measures callerid-graphql alone" >&2
  fi
fi

# A GraphQL POST body: body NAME QUERY_TEXT ROWS
body() { query_body "$2" "$LOC" "$3" >"$WORK/$1.json"; }
SUMMARY=$(cat benches/queries/summary.graphql)
EVERY=$(cat benches/queries/every-detail.graphql)
body s1 "$SUMMARY" 2000
body s2 "$EVERY" 2000
body s4 "$EVERY" 20
for rows in 50 500 2000; do body "s3-$rows" "$EVERY" "$rows"; done
OURS_SUMMARY='query($loc: ID!, $first: Int) { availableCallerIdNumbers(locationId: $loc, first: $first) { nodes { phoneNumber state location { id name } owner { __typename ... on Owner { id ownerType } } } } }'
OURS_LOCATION='query($loc: ID!, $first: Int) { availableCallerIdNumbers(locationId: $loc, first: $first) { nodes { phoneNumber location { id name timeZone } owner { ... on Owner { id } } } } }'
OURS_PERSON='query($loc: ID!, $first: Int) { availableCallerIdNumbers(locationId: $loc, first: $first) { nodes { phoneNumber location { id name timeZone } owner { ... on Owner { id ownerType } ... on Person { emails } } } } }'
MESH_SUMMARY="{ availableNumbers(locationId: \"$LOC\", max: 50) { phoneNumbers { phoneNumber state location { id name } owner { id } } } }"
MESH_LOCATION="{ availableNumbers(locationId: \"$LOC\", max: 50) { phoneNumbers { phoneNumber location { id name details { timeZone } } owner { id } } } }"
MESH_PERSON="{ availableNumbers(locationId: \"$LOC\", max: 50) { phoneNumbers { phoneNumber location { id name details { timeZone } } owner { id person { emails } } } } }"
for q in OURS_SUMMARY OURS_LOCATION OURS_PERSON MESH_SUMMARY MESH_LOCATION MESH_PERSON; do body "$q" "${!q}" 50; done
S6_LOC=$(san_jose "$S6_SIM_PORT")
query_body "$EVERY" "$S6_LOC" 2000 >"$WORK/s6-callerid.json"
query_body "$(cat benches/queries/list-every-detail.graphql)" "$S6_LOC" 2000 >"$WORK/s6-list.json"
# The same rows as availableCallerIdNumbers through the list field: the two paths, row for row.
query_body "$(sed 's/HUNT_GROUP_CALL_FORWARD/EXTERNAL_CALLER_ID/' benches/queries/list-every-detail.graphql)" "$S6_LOC" 2000 >"$WORK/s6-same.json"

ours_url_early="http://127.0.0.1:$OUR_PORT/graphql"
# Upstream calls of one request alone: calls SIM_PORT URL BODY
calls() {
  curl -s -X POST "http://127.0.0.1:$1/_simulator/stats/reset" >/dev/null
  curl -s "$2" -H "Authorization: $TOKEN" -H 'Content-Type: application/json' -d @"$WORK/$3.json" >"$WORK/answer.json"
  grep -q '"errors"' "$WORK/answer.json" && echo "errors in $3: $(head -c 300 "$WORK/answer.json")" >&2
  curl -s "http://127.0.0.1:$1/_simulator/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}

# Upstream calls per request, all counted here, before any load, so nothing else is in flight.
declare -A N
N[s1]=$(calls "$SIM_PORT" "$ours_url_early" s1)
N[s2]=$(calls "$SIM_PORT" "$ours_url_early" s2)
N[s4]=$(calls "$SIM_PORT" "$ours_url_early" s4)
for rows in 50 500 2000; do N[s3-$rows]=$(calls "$SLOW_SIM_PORT" "http://127.0.0.1:$SLOW_PORT/graphql" "s3-$rows"); done
for q in s6-callerid s6-same s6-list; do N[$q]=$(calls "$S6_SIM_PORT" "http://127.0.0.1:$S6_PORT/graphql" "$q"); done
for kind in SUMMARY LOCATION PERSON; do
  N[OURS_$kind]=$(calls "$SIM_PORT" "$ours_url_early" "OURS_$kind")
  if [ -n "$mesh" ]; then N[MESH_$kind]=$(calls "$SIM_PORT" "http://127.0.0.1:$MESH_PORT/graphql" "MESH_$kind"); fi
done

# wrk against URL with a lua script and args, for the processes PIDS (comma-separated):
# prints "req/s | p50 | p99 | CPU ms/request | check"
load() {
  local connections=$1 pids=$2; shift 2
  local before after
  IFS=, read -ra procs <<<"$pids"
  before=$(cpu_ticks "${procs[@]}")
  wrk -t1 -c"$connections" -d"$DURATION" --latency "$@" >"$WORK/wrk.txt" 2>&1
  after=$(cpu_ticks "${procs[@]}")
  python3 - "$WORK/wrk.txt" "$((after - before))" "$TICK" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
ticks, tick = int(sys.argv[2]), int(sys.argv[3])
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
done = int(re.search(r"(\d+) requests in", t).group(1))
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", t, re.M))
check = re.search(r"check: (.*)", t)
cpu = f"{ticks * 1000 / tick / done:.2f}" if done else "?"
print(f"{rps:.0f} | {lat.get('50','?')} | {lat.get('99','?')} | {cpu} | {check.group(1) if check else ''}")
PY
}
GQL="$PEERS/load/graphql-post.lua"
REST_LUA="$PEERS/load/rest-get.lua"
ours_url="http://127.0.0.1:$OUR_PORT/graphql"
header="| target | upstream calls / request | req/s | p50 | p99 | CPU ms / request | check |"
rule="|---|---|---|---|---|---|---|"

echo "## S1: 2000-number page, summary fields, no latency"
echo; echo "$header"; echo "$rule"
REST="http://127.0.0.1:$SIM_PORT/v1/telephony/config/locations/$LOC/externalCallerId/availableNumbers?max=2000"
sim_pid=${pids[0]}
echo "| bare REST call (simulator) | 1 | $(load "$CONNECTIONS" "$sim_pid" -s "$REST_LUA" "$REST" -- "$TOKEN") |"
n=${N[s1]}
echo "| callerid-graphql | $n | $(load "$CONNECTIONS" "$ours" -s "$GQL" "$ours_url" -- "$WORK/s1.json" "$TOKEN") |"
plain_url="http://127.0.0.1:$PLAIN_PORT/graphql"
echo "| callerid-graphql --plain-rows | $n | $(load "$CONNECTIONS" "$plain" -s "$GQL" "$plain_url" -- "$WORK/s1.json" "$TOKEN") |"
echo "(CPU: the simulator's own for the REST row; the service's alone for ours, the simulator serving it besides.)"

echo; echo "## S2: the same page with every detail field"
echo; echo "$header"; echo "$rule"
n=${N[s2]}
echo "| callerid-graphql | $n | $(load "$CONNECTIONS" "$ours" -s "$GQL" "$ours_url" -- "$WORK/s2.json" "$TOKEN") |"
echo "| callerid-graphql --plain-rows | $n | $(load "$CONNECTIONS" "$plain" -s "$GQL" "$plain_url" -- "$WORK/s2.json" "$TOKEN") |"

echo; echo "## S3: every detail field, ${LATENCY_MS} ms per upstream call (median of $RUNS sequential requests)"
echo; echo "| rows | p50 | p50 --plain-rows | upstream calls / request | limit (2 × ${LATENCY_MS} ms + 10 ms) |"; echo "|---|---|---|---|---|"
: >"$WORK/s3.tsv"
for rows in 50 500 2000; do
  n=${N[s3-$rows]}
  median() {
    for _ in $(seq 1 "$RUNS"); do
      curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1/graphql" \
        -H "Authorization: $TOKEN" -H 'Content-Type: application/json' --data-binary @"$WORK/s3-$rows.json"
    done | sort -n | awk -v n="$RUNS" 'NR==int((n+1)/2) { printf "%.0f", $1 * 1000 }'
  }
  p50=$(median "$SLOW_PORT")
  plain_p50=$(median "$PLAIN_SLOW_PORT")
  printf '%s\t%s\n' "$rows" "$p50" >>"$WORK/s3.tsv"
  echo "| $rows | $p50 ms | $plain_p50 ms | $n | $((2 * LATENCY_MS + 10)) ms |"
done
python3 benches/plot.py "$WORK/s3.tsv" "$LATENCY_MS" benches/s3-latency.svg
echo "(plot: benches/s3-latency.svg)"

echo; echo "## S4: 20-number pages, every detail field, 64 concurrent clients, fresh process"
echo; echo "$header"; echo "$rule"
"$BIN" serve --listen "127.0.0.1:$S4_PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" $NO_CACHE 2>"$WORK/s4.log" & s4=$!; pids+=($s4)
wait_port "$S4_PORT"
s4_url="http://127.0.0.1:$S4_PORT/graphql"
n=${N[s4]}
echo "| callerid-graphql | $n | $(load 64 "$s4" -s "$GQL" "$s4_url" -- "$WORK/s4.json" "$TOKEN") |"
echo "Peak RSS (VmHWM) of that process over the run: $(hwm_mb "$s4") MiB"

echo; echo "## S5: beside the GraphQL Mesh peer (50 numbers)"
echo; echo "| target | query | upstream calls / request | req/s | p50 | p99 | CPU ms / request | check |"; echo "|---|---|---|---|---|---|---|---|"
mesh_pids=""
if [ -n "$mesh" ]; then mesh_pids=$(pgrep -f "hive-gateway supergraph" | paste -sd, -); fi
for kind in SUMMARY LOCATION PERSON; do
  label=$(echo "$kind" | tr 'A-Z' 'a-z')
  n=${N[OURS_$kind]}
  echo "| callerid-graphql | $label | $n | $(load "$CONNECTIONS" "$ours" -s "$GQL" "$ours_url" -- "$WORK/OURS_$kind.json" "$TOKEN") |"
  echo "| callerid-graphql --plain-rows | $label | $n | $(load "$CONNECTIONS" "$plain" -s "$GQL" "$plain_url" -- "$WORK/OURS_$kind.json" "$TOKEN") |"
  if [ -n "$mesh" ]; then
    n=${N[MESH_$kind]}
    echo "| GraphQL Mesh peer | $label | $n | $(load "$CONNECTIONS" "$mesh_pids" -s "$GQL" "http://127.0.0.1:$MESH_PORT/graphql" -- "$WORK/MESH_$kind.json" "$TOKEN") |"
  fi
done
if [ -n "$mesh" ]; then
  mesh_rss=$(for p in ${mesh_pids//,/ }; do awk '/VmHWM/ { print $2 }' "/proc/$p/status"; done | awk '{ s += $1 } END { printf "%.0f", s / 1024 }')
  echo; echo "Peak RSS: callerid-graphql $(hwm_mb "$ours") MiB (after S1, S2 and S5), Mesh gateway $mesh_rss MiB"
fi

echo; echo "## S6: 2000 rows of an assigned available-numbers list, every detail field, beside availableCallerIdNumbers ($NUMBERS_S6-number org)"
echo; echo "$header"; echo "$rule"
s6_url="http://127.0.0.1:$S6_PORT/graphql"
echo "| availableCallerIdNumbers | ${N[s6-callerid]} | $(load "$CONNECTIONS" "$s6" -s "$GQL" "$s6_url" -- "$WORK/s6-callerid.json" "$TOKEN") |"
echo "| location.availableNumbers(for: EXTERNAL_CALLER_ID), the same rows | ${N[s6-same]} | $(load "$CONNECTIONS" "$s6" -s "$GQL" "$s6_url" -- "$WORK/s6-same.json" "$TOKEN") |"
echo "| location.availableNumbers(for: HUNT_GROUP_CALL_FORWARD) | ${N[s6-list]} | $(load "$CONNECTIONS" "$s6" -s "$GQL" "$s6_url" -- "$WORK/s6-list.json" "$TOKEN") |"
echo "(the list's page and location(id:)'s own lookup, then one planned round; CPU is the service's alone)"
