# Shared by the benchmark scripts (sourced, not run): a scratch directory and the processes to
# stop when the script exits, and the few steps every script takes.

WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

need_wrk() { command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }; }

# Waits until something listens on loopback port $1 (30 s at most).
wait_port() { for _ in $(seq 1 300); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

# The San Jose location id of the simulator on port $1.
san_jose() {
  curl -s "http://127.0.0.1:$1/_simulator/org" \
    | python3 -c 'import json,sys; print([l["id"] for l in json.load(sys.stdin)["orgs"][0]["locations"] if l["name"]=="San Jose"][0])'
}

# A GraphQL POST body: query_body QUERY_TEXT LOCATION ROWS > body.json
query_body() {
  python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": {"loc": sys.argv[2], "first": int(sys.argv[3])}}))' \
    "$1" "$2" "$3"
}

# The engine benchmarks (run.sh, latency.sh, rss.sh, soak.sh) measure the service doing the work,
# so they turn the cache off: a repeated query would otherwise be answered from it. cache.sh
# measures the cache. NO_CACHE="" runs them with the default cache.
NO_CACHE=${NO_CACHE---cache-max-bytes 0}
