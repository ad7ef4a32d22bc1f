#!/usr/bin/env bash
# A caller ID job of ITEMS changes (issue 22's benchmark): every kind of member switched to its
# location's number, against a simulator adding LATENCY_MS to every Webex call. Prints one
# Markdown table: wall time, items a second, upstream calls per item by kind (reads, candidate
# checks, PUTs, read-backs: the simulator's counters), the service's CPU time over the job and
# its peak RSS. "The token's budget, not our CPU, sets the pace": CPU time is a small share of
# wall time, and calls in flight stay at the token's limit.
#
#   bash benches/jobs.sh                 # needs: cargo, curl, python3
#   ITEMS=1000 LATENCY_MS=50 TOKEN_CONCURRENCY=16 bash benches/jobs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${ITEMS:-1000}
LATENCY_MS=${LATENCY_MS:-50}
NUMBERS=${NUMBERS:-6000}
TOKEN_CONCURRENCY=${TOKEN_CONCURRENCY:-16}
FAST_SIM_PORT=${FAST_SIM_PORT:-19195}
SIM_PORT=${SIM_PORT:-19196}
PORT=${PORT:-18196}
# shellcheck source=benches/common.sh
source benches/common.sh

cargo build --release --quiet
BIN=target/release/callerid-graphql
TICK=$(getconf CLK_TCK)

# Two simulators of the same deterministic org: a fast one to pick the entities from, the slow
# one the job runs against.
"$BIN" simulate --listen "127.0.0.1:$FAST_SIM_PORT" --numbers "$NUMBERS" >"$WORK/fast.log" 2>&1 & pids+=($!)
"$BIN" simulate --listen "127.0.0.1:$SIM_PORT" --numbers "$NUMBERS" --latency-ms "$LATENCY_MS" >"$WORK/sim.log" 2>&1 & pids+=($!)
wait_port "$FAST_SIM_PORT"; wait_port "$SIM_PORT"
"$BIN" serve --listen "127.0.0.1:$PORT" --upstream-url "http://127.0.0.1:$SIM_PORT/v1" \
  --token-concurrency "$TOKEN_CONCURRENCY" $NO_CACHE >"$WORK/srv.log" 2>&1 & srv=$!; pids+=($srv)
wait_port "$PORT"

# The changes: members that may show their location's number and do not yet.
python3 - "$FAST_SIM_PORT" "$ITEMS" >"$WORK/input.json" <<'PY'
import json, sys, urllib.request
port, items = sys.argv[1], int(sys.argv[2])
def get(path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"authorization": "Bearer demo-admin-token"})
    return json.load(urllib.request.urlopen(req))
org = get("/_simulator/org")["orgs"][0]
kinds = {"people": [], "workspaces": [], "virtualLines": []}
for loc in org["locations"]:
    l = loc["id"]
    start = 0
    while True:
        page = get(f"/v1/people?locationId={l}&callingData=true&max=50&start={start}")["items"]
        kinds["people"] += [p["id"] for p in page]
        if len(page) < 50: break
        start += 50
    kinds["workspaces"] += [w["id"] for w in get(f"/v1/workspaces?locationId={l}&max=1000")["items"]]
    kinds["virtualLines"] += [v["id"] for v in get(f"/v1/telephony/config/virtualLines?locationId={l}&max=1000")["virtualLines"]]
settings = {"people": "/v1/people/{}/features/callerId", "workspaces": "/v1/workspaces/{}/features/callerId",
            "virtualLines": "/v1/telephony/config/virtualLines/{}/callerId"}
chosen = {k: [] for k in kinds}
# A third of each kind, as far as each has members to switch.
for kind in ["workspaces", "virtualLines", "people"]:
    for i in kinds[kind]:
        if sum(len(v) for v in chosen.values()) >= items or len(chosen[kind]) >= items // 3 + 1:
            break
        c = get(settings[kind].format(i))
        if "LOCATION_NUMBER" in c.get("types", []) and c.get("selected") != "LOCATION_NUMBER":
            chosen[kind].append(i)
rest = items - sum(len(v) for v in chosen.values())
for i in kinds["people"]:
    if rest <= 0: break
    if i in chosen["people"]: continue
    c = get(settings["people"].format(i))
    if "LOCATION_NUMBER" in c.get("types", []) and c.get("selected") != "LOCATION_NUMBER":
        chosen["people"].append(i); rest -= 1
changes = [{"id": i, "selected": "LOCATION_NUMBER"} for k in chosen for i in chosen[k]]
json.dump({"query": "mutation($input: CallerIdJobInput!) { startCallerIdJob(input: $input) { id } }",
           "variables": {"input": {"changes": changes}}, "kinds": {k: len(v) for k, v in chosen.items()}}, sys.stdout)
PY

curl -s -X POST "http://127.0.0.1:$SIM_PORT/_simulator/stats/reset" >/dev/null
ticks0=$(awk '{ print $14 + $15 }' "/proc/$srv/stat")
t0=$(date +%s.%N)
answer=$(curl -s "http://127.0.0.1:$PORT/graphql" -H 'authorization: Bearer demo-admin-token' \
  -H 'content-type: application/json' --data-binary @"$WORK/input.json")
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["data"]["startCallerIdJob"]["id"])' "$answer") \
  || { echo "the job did not start: $answer" >&2; exit 1; }
state=RUNNING
while [ "$state" = RUNNING ] || [ "$state" = QUEUED ]; do
  sleep 0.2
  state=$(curl -s "http://127.0.0.1:$PORT/graphql" -H 'authorization: Bearer demo-admin-token' \
    -H 'content-type: application/json' \
    -d "{\"query\":\"{ callerIdJob(id: \\\"$id\\\") { state changed } }\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["callerIdJob"]["state"])')
done
t1=$(date +%s.%N)
ticks1=$(awk '{ print $14 + $15 }' "/proc/$srv/stat")
hwm=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$srv/status")

curl -s "http://127.0.0.1:$SIM_PORT/_simulator/stats" >"$WORK/stats.json"
python3 - "$WORK/input.json" "$t0" "$t1" "$ticks0" "$ticks1" "$TICK" "$hwm" "$state" "$LATENCY_MS" "$TOKEN_CONCURRENCY" "$WORK/stats.json" <<'PY'
import json, sys
stats = json.load(open(sys.argv[11]))
inp = json.load(open(sys.argv[1]))
t0, t1, k0, k1, tick = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
hwm, state, latency, tc = sys.argv[7], sys.argv[8], sys.argv[9], sys.argv[10]
kinds = inp["kinds"]
items = sum(kinds.values())
routes = stats["routes"]
def calls(*needles):
    return sum(v for k, v in routes.items() if any(n in k for n in needles))
by_kind = {
    "people": calls("/v1/people/{id}/features/callerId", "GET /v1/people"),
    "workspaces": calls("/v1/workspaces/{id}/features/callerId"),
    "virtualLines": calls("/v1/telephony/config/virtualLines/{virtualLineId}/callerId"),
}
wall = t1 - t0
cpu = (k1 - k0) / tick
print(f"Job of {items} changes ({kinds['people']} people, {kinds['workspaces']} workspaces, {kinds['virtualLines']} virtual lines), "
      f"{latency} ms per Webex call, --token-concurrency {tc}: ended {state}\n")
print("| wall time | items/s | calls/item: people | workspaces | virtual lines | all | CPU over the job | peak RSS |")
print("|---|---|---|---|---|---|---|---|")
per = lambda k: f"{by_kind[k] / kinds[k]:.2f}" if kinds[k] else "-"
print(f"| {wall:.1f} s | {items / wall:.0f} | {per('people')} | {per('workspaces')} | {per('virtualLines')} | "
      f"{stats['total'] / items:.2f} | {cpu:.2f} s ({100 * cpu / wall:.0f}% of one core) | {hwm} MB |")
PY
