//! Three replicas sharing one Redis, as a company runs them behind a gateway: a real
//! `redis-server` on a free loopback port, the simulator, and three service processes. A query
//! repeated through different replicas costs its upstream calls once; two tokens of one org
//! never get each other's entries; a write through one replica is what the next read through
//! another shows; three replicas hammering one token keep its fleet budget (the simulator counts
//! its calls per second); and Redis dying mid-run costs no request, nor does its return.
//! `.ci/run` installs `redis-server` and runs these `#[ignore]`d tests with `--include-ignored`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Binary, SendJson, error_codes, post, route, total};
use callerid_graphql::simulator::{self, DEMO_LOCATION_ADMIN_TOKEN, SimulatorConfig};

/// A `redis-server` of the test's own, gone when dropped.
struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    fn start(port: Option<u16>) -> Self {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed,
            "redis-server is missing: install it (apt-get install redis-server); this test is \
             #[ignore]d for that reason"
        );
        let port = port.unwrap_or_else(|| {
            TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        });
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "yes",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !server.pong() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer PING"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn pong(&self) -> bool {
        use std::io::{Read, Write};
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let mut answer = [0u8; 7];
        s.write_all(b"PING\r\n").is_ok()
            && s.read_exact(&mut answer).is_ok()
            && &answer == b"+PONG\r\n"
    }

    /// Runs a command with `redis-cli` (installed with the server); its output.
    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Sim {
    base: String,
    http: reqwest::Client,
}

impl Sim {
    async fn stats(&self) -> Value {
        crate::helpers::take_stats(&self.base).await
    }
}

const RATE: u64 = 20;
const BURST: u64 = 5;

fn replica(sim: &str, redis: &str) -> Binary {
    let (rate, burst) = (RATE.to_string(), BURST.to_string());
    Binary::start(&[
        "--upstream-url",
        &format!("{sim}/v1"),
        "--cache-url",
        redis,
        "--cache-key-secret",
        "the-fleet-test-secret",
        "--cache-caller-id-ttl-secs",
        "60",
        // Generous: the machine is shared, and a slow answer would only be a miss.
        "--cache-timeout-ms",
        "250",
        "--fleet-rate",
        &rate,
        "--fleet-burst",
        &burst,
    ])
}

const PAGE: &str = "query($l: ID!) { location(id: $l) { name timeZone people(first: 10) {
    nodes { id emails callerId { selected allowed } } } } }";

async fn ready(replica: &Binary) -> Value {
    let url = replica.url.replace("/graphql", "/readyz");
    let response = crate::helpers::http().get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "a replica stays ready");
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server"]
async fn three_replicas_share_one_cache_and_one_budget_and_outlive_redis() {
    let redis = RedisServer::start(None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sim_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(simulator::serve(
        listener,
        SimulatorConfig::default(),
        std::future::pending(),
    ));
    let sim = Sim {
        base: sim_base.clone(),
        http: crate::helpers::http(),
    };
    let replicas: Vec<Binary> = (0..3).map(|_| replica(&sim_base, &redis.url())).collect();
    let [a, b, c] = [&replicas[0].url, &replicas[1].url, &replicas[2].url];
    let san_jose = simulator::demo_location_id();
    let vars = json!({ "l": san_jose });

    // A page repeated through the other replicas costs nothing more.
    let _ = sim.stats().await;
    let first = post(a, Some(ADMIN), PAGE, vars.clone()).await;
    assert!(first["errors"].is_null(), "{first}");
    let cold = total(&sim.stats().await);
    assert!(cold >= 12, "location, people, ten caller IDs: {cold}");
    for url in [b, c] {
        let again = post(url, Some(ADMIN), PAGE, vars.clone()).await;
        assert_eq!(again["data"], first["data"]);
        assert_eq!(
            total(&sim.stats().await),
            0,
            "answered from the shared cache"
        );
    }

    // Two tokens of one org: the admin's entry never answers San Jose's location admin.
    let denver = post(
        a,
        Some(ADMIN),
        "{ locations(filter: { name: \"Denver\" }) { nodes { id } } }",
        json!({}),
    )
    .await["data"]["locations"]["nodes"][0]["id"]
        .clone();
    let where_ = "query($l: ID!) { location(id: $l) { name timeZone } }";
    let admin = post(a, Some(ADMIN), where_, json!({ "l": denver })).await;
    assert_eq!(admin["data"]["location"]["name"], "Denver");
    let _ = sim.stats().await;
    let other = post(
        b,
        Some(DEMO_LOCATION_ADMIN_TOKEN),
        where_,
        json!({ "l": denver }),
    )
    .await;
    assert_eq!(error_codes(&other), ["FORBIDDEN"], "{other}");
    assert_eq!(
        total(&sim.stats().await),
        1,
        "Webex was asked, not the admin's entry"
    );
    let again = post(c, Some(ADMIN), where_, json!({ "l": denver })).await;
    assert_eq!(again["data"], admin["data"]);
    assert_eq!(total(&sim.stats().await), 0);

    // A write through one replica is what the next read through another shows.
    let people = first["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap();
    let person = people
        .iter()
        .find(crate::helpers::may_switch_to_location_number)
        .expect("a person who may switch to the location number");
    let set = post(
        a,
        Some(ADMIN),
        "mutation($id: ID!) { setCallerId(input: { id: $id, selected: LOCATION_NUMBER }) { changed } }",
        json!({ "id": person["id"] }),
    )
    .await;
    assert_eq!(set["data"]["setCallerId"]["changed"], true, "{set}");
    let _ = sim.stats().await;
    let read = post(b, Some(ADMIN), PAGE, vars.clone()).await;
    let now = read["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == person["id"])
        .unwrap()
        .clone();
    assert_eq!(now["callerId"]["selected"], "LOCATION_NUMBER", "{read}");
    let stats = sim.stats().await;
    assert_eq!(
        route(&stats, "GET /v1/people/{id}/features/callerId"),
        1,
        "only the changed entity is read again: {stats}"
    );

    // Three replicas hammering one token keep its budget: number pages are not cached, so each
    // request is a Webex call.
    let numbers = "query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 1) { nodes { phoneNumber } } }";
    let _ = sim.stats().await;
    let calls = replicas.iter().flat_map(|r| {
        let vars = vars.clone();
        (0..20).map(move |_| post(&r.url, Some(ADMIN), numbers, vars.clone()))
    });
    let answers = futures::future::join_all(calls).await;
    assert!(
        answers.iter().all(|r| r["errors"].is_null()),
        "every call answered"
    );
    let stats = sim.stats().await;
    assert_eq!(total(&stats), 60);
    let peak = stats["peakPerSecond"]["demo-admin-token"].as_u64().unwrap();
    // GCRA admits at most BURST + RATE calls in any second; the simulator counts them by the
    // second they arrive, which a few ms of loopback jitter can shift by one.
    assert!(
        peak <= RATE + BURST + 1,
        "{peak} calls in one second, over the fleet's {RATE}/s with bursts of {BURST}: {stats}"
    );

    // A Webex 429 seen by one replica pauses the token in all of them: the next call through
    // another replica waits out the Retry-After instead of drawing a 429 of its own.
    sim.http
        .post(format!("{}/_simulator/faults", sim.base))
        .json(&json!({ "path": "externalCallerId", "status": 429, "retryAfter": "1", "count": 1 }))
        .send()
        .await
        .unwrap();
    let first_429 = tokio::spawn({
        let (url, vars) = (a.clone(), vars.clone());
        async move { post(&url, Some(ADMIN), numbers, vars).await }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while !redis
        .cli(&["--scan", "--pattern", "callerid:v1:pause:*"])
        .contains("pause")
    {
        assert!(
            Instant::now() < deadline,
            "no replica recorded Webex's pause"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let paused = crate::helpers::http()
        .post(b)
        .bearer_auth(ADMIN)
        .header("x-upstream-cost", "true")
        .json(&json!({ "query": numbers, "variables": vars }))
        .send_json()
        .await;
    assert!(paused["errors"].is_null(), "{paused}");
    assert!(
        paused["extensions"]["upstream"]["rateLimitWaitMs"]
            .as_u64()
            .unwrap()
            > 0,
        "waited for the pause: {paused}"
    );
    assert!(first_429.await.unwrap()["errors"].is_null());
    let stats = sim.stats().await;
    assert_eq!(
        stats["routes"][crate::helpers::NUMBERS_ROUTE],
        3,
        "one 429, its retry, and the paused call: {stats}"
    );

    // Values that do not open (here: every entry overwritten) are misses, never errors.
    let keys = redis.cli(&["--scan", "--pattern", "callerid:v1:*"]);
    let entries: Vec<&str> = keys
        .lines()
        .filter(|k| !k.contains(":gen:") && !k.contains(":gcra:"))
        .collect();
    assert!(!entries.is_empty(), "the replicas filed entries");
    for key in &entries {
        redis.cli(&["set", key, "not a sealed value", "px", "60000"]);
    }
    let _ = sim.stats().await;
    let r = post(c, Some(ADMIN), PAGE, vars.clone()).await;
    assert_eq!(r["data"], read["data"], "{r}");
    assert!(
        total(&sim.stats().await) > 0,
        "the unreadable entries were misses"
    );
    assert!(
        crate::helpers::metrics_text(c)
            .await
            .lines()
            .any(|l| l.starts_with("callerid_cache_unreadable_total") && !l.ends_with(" 0")),
        "counted as unreadable"
    );

    // A slow Redis (it sleeps a second): calls past the timeout are misses, and answers come.
    let sleeper = {
        let port = redis.port.to_string();
        std::thread::spawn(move || {
            Command::new("redis-cli")
                .args(["-p", &port, "debug", "sleep", "1"])
                .output()
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let r = post(a, Some(ADMIN), PAGE, vars.clone()).await;
    assert!(r["errors"].is_null(), "{r}");
    let _ = sleeper.join();

    // Redis dies mid-run: every request still answers, and the replicas say they are degraded.
    let mut redis = redis;
    let port = redis.port;
    let mut failures = Vec::new();
    for i in 0..30 {
        if i == 10 {
            let _ = redis.child.kill();
            let _ = redis.child.wait();
        }
        let url = &replicas[i % 3].url;
        let r = post(url, Some(ADMIN), PAGE, vars.clone()).await;
        if !r["errors"].is_null() {
            failures.push(r);
        }
    }
    assert!(
        failures.is_empty(),
        "requests failed without Redis: {failures:?}"
    );
    let report = ready(&replicas[0]).await;
    assert_eq!(report["degraded"], json!(["cache"]), "{report}");
    assert_eq!(report["cache"]["healthy"], false, "{report}");
    let metrics = crate::helpers::metrics_text(a).await;
    assert!(metrics.contains("callerid_cache_degraded 1"), "{metrics}");

    // Redis comes back on its port: the replicas reconnect by themselves, without a request.
    let _back = RedisServer::start(Some(port));
    let deadline = Instant::now() + Duration::from_secs(20);
    for replica in &replicas {
        while ready(replica).await["cache"]["healthy"] != true {
            assert!(
                Instant::now() < deadline,
                "the replica never reconnected to Redis"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // The next request through each replica uses the shared cache: the first (Redis came back
    // empty) writes it, the others are served from it.
    let _ = sim.stats().await;
    let r = post(a, Some(ADMIN), PAGE, vars.clone()).await;
    assert!(r["errors"].is_null(), "{r}");
    assert!(total(&sim.stats().await) >= 12, "Redis came back empty");
    for replica in [b, c] {
        let again = post(replica, Some(ADMIN), PAGE, vars.clone()).await;
        assert_eq!(again, r);
        let stats = sim.stats().await;
        assert_eq!(
            total(&stats),
            0,
            "{replica} answered from the shared cache: {stats}"
        );
    }
    // A replica's very first request uses it too.
    let fresh = replica(&sim_base, &format!("redis://127.0.0.1:{port}"));
    let first = post(&fresh.url, Some(ADMIN), PAGE, vars.clone()).await;
    assert_eq!(first, r);
    let stats = sim.stats().await;
    assert_eq!(total(&stats), 0, "a new replica's first request: {stats}");
}

/// A replica for the job test: the shared store and lease, a short lease, no fleet budget (the
/// job's pace is not what this test measures).
fn job_replica(sim: &str, redis: &str) -> Binary {
    Binary::start(&[
        "--upstream-url",
        &format!("{sim}/v1"),
        "--cache-url",
        redis,
        "--cache-key-secret",
        "the-fleet-test-secret",
        "--cache-timeout-ms",
        "250",
        // Short, so the test waits little for a dead replica's lease to lapse; not so short
        // that a busy machine's renewals miss it (renewed every third of it: one renewal may be
        // late or fail without the running replica losing its job; at 3 s a CI run lost one).
        "--job-lease-secs",
        "6",
    ])
}

/// Starts a job with `input` through `url`; its id.
async fn start_job(url: &str, input: Value) -> String {
    let r = post(
        url,
        Some(ADMIN),
        "mutation($input: CallerIdJobInput!) { startCallerIdJob(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["startCallerIdJob"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Resumes job `id` through `url` and waits for its end.
async fn resume_to_end(url: &str, id: &str) -> Value {
    let resumed = post(
        url,
        Some(ADMIN),
        "mutation($id: ID!) { resumeCallerIdJob(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(resumed["errors"].is_null(), "{resumed}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = job_state(url, id).await;
        if seen["state"] != "RUNNING" && seen["state"] != "QUEUED" {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "the resumed job never ended: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A Redis and a simulated org big enough for a 300-entity job.
async fn job_org() -> (RedisServer, Sim) {
    let redis = RedisServer::start(None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(simulator::serve(
        listener,
        SimulatorConfig {
            numbers: 2000,
            ..SimulatorConfig::default()
        },
        std::future::pending(),
    ));
    let sim = Sim {
        base,
        http: crate::helpers::http(),
    };
    (redis, sim)
}

/// Every entity of the org that may switch to its location's number and does not show it.
async fn switchable(url: &str) -> Vec<String> {
    let q = "{ locations(first: 50) { nodes { id } } }";
    let r = post(url, Some(ADMIN), q, json!({})).await;
    let mut ids = Vec::new();
    for l in r["data"]["locations"]["nodes"].as_array().unwrap() {
        let mut after: Option<String> = None;
        loop {
            let q = "query($l: ID!, $after: String) { location(id: $l) {
                people(first: 50, after: $after) { nodes { id callerId { selected allowed } }
                  pageInfo { hasNextPage endCursor } }
                workspaces(first: 100) { nodes { id callerId { selected allowed } } }
                virtualLines(first: 100) { nodes { id callerId { selected allowed } } } } }";
            let r = post(url, Some(ADMIN), q, json!({ "l": l["id"], "after": after })).await;
            assert!(r["errors"].is_null(), "{r}");
            let at = &r["data"]["location"];
            let lists: &[&str] = if after.is_none() {
                &["people", "workspaces", "virtualLines"]
            } else {
                &["people"]
            };
            for list in lists {
                for e in at[*list]["nodes"].as_array().unwrap() {
                    let c = &e["callerId"];
                    let may = c["allowed"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|s| s == "LOCATION_NUMBER"));
                    if may && c["selected"] != "LOCATION_NUMBER" {
                        ids.push(e["id"].as_str().unwrap().to_owned());
                    }
                }
            }
            if at["people"]["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = at["people"]["pageInfo"]["endCursor"]
                .as_str()
                .map(str::to_owned);
        }
    }
    ids
}

async fn job_state(url: &str, id: &str) -> Value {
    let q = "query($id: ID!) { callerIdJob(id: $id) { state total pending changed unchanged failed unknown refused } }";
    let r = post(url, Some(ADMIN), q, json!({ "id": id })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["callerIdJob"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server"]
async fn a_job_outlives_the_replica_that_ran_it_and_no_change_is_sent_twice() {
    let (redis, sim) = job_org().await;
    let sim_base = sim.base.clone();
    let mut replicas: Vec<Binary> = (0..3)
        .map(|_| job_replica(&sim_base, &redis.url()))
        .collect();
    let (b, c) = (replicas[1].url.clone(), replicas[2].url.clone());
    let a = replicas[0].url.clone();
    let ids: Vec<String> = switchable(&a).await.into_iter().take(300).collect();
    assert_eq!(ids.len(), 300, "the org has 300 entities to switch");
    let changes = crate::jobs::to_location_number(&ids);
    // Slow PUTs, so the job is still running when its replica dies.
    sim.http
        .post(format!("{sim_base}/_simulator/faults"))
        .json(&json!({ "method": "PUT", "latencyMs": 40 }))
        .send()
        .await
        .unwrap();
    let _ = sim.stats().await;
    let id = start_job(&a, json!({ "changes": changes })).await;
    // Another replica follows it while it runs.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen = job_state(&b, &id).await;
        // A job is QUEUED until its runner claims it; the start answers before that.
        assert!(
            seen["state"] == "RUNNING" || seen["state"] == "QUEUED",
            "{seen}"
        );
        if seen["changed"].as_u64().unwrap() >= 50 {
            break;
        }
        assert!(Instant::now() < deadline, "no progress: {seen}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The replica dies mid-run, without a word.
    replicas[0].child.kill().unwrap();
    let _ = replicas[0].child.wait();
    let deadline = Instant::now() + Duration::from_secs(20);
    let interrupted = loop {
        let seen = job_state(&b, &id).await;
        if seen["state"] == "INTERRUPTED" {
            break seen;
        }
        assert_eq!(seen["state"], "RUNNING", "{seen}");
        assert!(Instant::now() < deadline, "never interrupted: {seen}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let left = interrupted["pending"].as_u64().unwrap();
    assert!(left > 0, "interrupted mid-run: {interrupted}");
    assert_eq!(job_state(&c, &id).await["state"], "INTERRUPTED");
    // Another token of the org cannot resume it.
    let refused = post(
        &c,
        Some(DEMO_LOCATION_ADMIN_TOKEN),
        "mutation($id: ID!) { resumeCallerIdJob(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(error_codes(&refused), vec!["NOT_FOUND"], "{refused}");
    // A third replica resumes it.
    let resumed = post(
        &c,
        Some(ADMIN),
        "mutation($id: ID!) { resumeCallerIdJob(id: $id) { id state } }",
        json!({ "id": id }),
    )
    .await;
    assert!(resumed["errors"].is_null(), "{resumed}");
    // That replica is shut down (SIGTERM) while it runs the job: it finishes the items in
    // flight and leaves the job INTERRUPTED at once, not a lease later.
    let before = 300 - left;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen = job_state(&b, &id).await;
        if seen["changed"].as_u64().unwrap() >= before + 25 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no progress after the resume: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(replicas[2].terminate().success());
    let drained = job_state(&b, &id).await;
    assert_eq!(drained["state"], "INTERRUPTED", "{drained}");
    assert!(drained["pending"].as_u64().unwrap() > 0, "{drained}");
    assert_eq!(
        drained["unknown"], 0,
        "no item left half-recorded: {drained}"
    );
    let done = resume_to_end(&b, &id).await;
    // What the job's runner said (the log is at TRACE: its tail is the upstream's chatter).
    let log = replicas[1].log();
    let tail: String = log
        .lines()
        .filter(|l| l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("job"))
        .filter(|l| !l.contains("caller ID changed"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        done["state"], "SUCCEEDED",
        "{done}\nthe resuming replica's log:\n{tail}"
    );
    assert_eq!(done["changed"], 300, "{done}");
    // Exactly one effective PUT per entity, whichever replica sent it.
    let stats = sim.stats().await;
    let effective = stats["effectivePutsByEntity"].as_object().unwrap();
    assert_eq!(effective.len(), 300, "{stats}");
    for id in &ids {
        assert_eq!(effective[id], 1, "{id}: {stats}");
    }
    let all = stats["putsByEntity"].as_object().unwrap();
    assert!(
        all.values().all(|n| n == 1),
        "no PUT was sent twice: {stats}"
    );
    // The end is the same through every live replica.
    let _ = c;
    assert_eq!(job_state(&replicas[1].url, &id).await, done);
}

/// A job read in the instant its replica saves its end and gives its lease up reads as that
/// end: a reader that found it live before the save, and no lease after the release, must not
/// call it `INTERRUPTED` (a poller would then offer to resume a job that succeeded).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server"]
async fn a_job_read_as_it_ends_reads_as_its_end() {
    let (redis, sim) = job_org().await;
    let replica = job_replica(&sim.base, &redis.url());
    let url = replica.url.clone();
    let ids: Vec<String> = switchable(&url).await.into_iter().take(300).collect();
    // Dry runs: each reads and checks its 300 entities, and ends, changing nothing.
    let changes = crate::jobs::to_location_number(&ids);
    for round in 0..5 {
        let id = start_job(&url, json!({ "changes": changes, "dryRun": true })).await;
        // Several readers at once, each as fast as it can, until the job has ended.
        let readers = (0..4).map(|_| {
            let (url, id) = (url.clone(), id.clone());
            tokio::spawn(async move {
                let deadline = Instant::now() + Duration::from_secs(60);
                loop {
                    let seen = job_state(&url, &id).await;
                    assert_ne!(seen["state"], "INTERRUPTED", "round {round}: {seen}");
                    if seen["state"] != "RUNNING" && seen["state"] != "QUEUED" {
                        return seen;
                    }
                    assert!(Instant::now() < deadline, "never ended: {seen}");
                }
            })
        });
        for seen in futures::future::join_all(readers).await {
            let seen = seen.unwrap();
            assert_eq!(seen["state"], "SUCCEEDED", "round {round}: {seen}");
            assert_eq!(seen["pending"], 0, "{seen}");
        }
    }
}

/// Adds one stats answer's PUTs per entity to `into` (reading the stats resets them).
fn count_puts(into: &mut std::collections::HashMap<String, u64>, stats: &Value) {
    for (id, n) in stats["putsByEntity"].as_object().unwrap() {
        *into.entry(id.clone()).or_default() += n.as_u64().unwrap();
    }
}

/// Redis refusing writes mid-job (out of memory, here): no PUT leaves that the job has not
/// recorded as sent; the job stops `INTERRUPTED`; once Redis takes writes again a resume ends it
/// with every entity changed by exactly one PUT and every item counted as this job's change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server"]
async fn a_job_sends_nothing_redis_will_not_record_and_resumes_once_it_will() {
    let (redis, sim) = job_org().await;
    let replica = job_replica(&sim.base, &redis.url());
    let url = replica.url.clone();
    let ids: Vec<String> = switchable(&url).await.into_iter().take(300).collect();
    assert_eq!(ids.len(), 300, "the org has 300 entities to switch");
    sim.http
        .post(format!("{}/_simulator/faults", sim.base))
        .json(&json!({ "method": "PUT", "latencyMs": 40 }))
        .send()
        .await
        .unwrap();
    let _ = sim.stats().await;
    let id = start_job(
        &url,
        json!({ "changes": crate::jobs::to_location_number(&ids) }),
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while job_state(&url, &id).await["changed"].as_u64().unwrap() < 50 {
        assert!(Instant::now() < deadline, "no progress");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Every write Redis is sent from now on is refused (OOM); reads still answer.
    assert_eq!(redis.cli(&["config", "set", "maxmemory", "1"]).trim(), "OK");
    let deadline = Instant::now() + Duration::from_secs(30);
    let stopped = loop {
        let seen = job_state(&url, &id).await;
        if seen["state"] == "INTERRUPTED" {
            break seen;
        }
        assert_eq!(seen["state"], "RUNNING", "{seen}");
        assert!(Instant::now() < deadline, "never interrupted: {seen}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut puts = std::collections::HashMap::new();
    count_puts(&mut puts, &sim.stats().await);
    // Only the batch whose PUTs were recorded as sent before the refusals may be unsettled.
    let changed = stopped["changed"].as_u64().unwrap();
    let sent = puts.len() as u64;
    assert!(
        sent >= changed && sent <= changed + 25,
        "{sent} entities got a PUT, the job recorded {changed} changes: {stopped}"
    );
    assert!(stopped["pending"].as_u64().unwrap() > 0, "{stopped}");
    assert_eq!(redis.cli(&["config", "set", "maxmemory", "0"]).trim(), "OK");
    let done = resume_to_end(&url, &id).await;
    assert_eq!(done["state"], "SUCCEEDED", "{done}");
    assert_eq!(
        done["changed"], 300,
        "every change counted as this job's: {done}"
    );
    count_puts(&mut puts, &sim.stats().await);
    assert_eq!(puts.len(), 300);
    for id in &ids {
        assert_eq!(puts[id], 1, "{id} got one PUT");
    }
}
