//! Spawning the app on port 0 and talking to it like a client would.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use callerid_graphql::app::App;
use callerid_graphql::config::{Cli, ServeArgs};
use callerid_graphql::simulator::{self, SimulatorConfig};
use clap::Parser;
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub const ADMIN: &str = simulator::DEMO_ADMIN_TOKEN;
pub const ORG2: &str = simulator::DEMO_ORG2_ADMIN_TOKEN;

/// A running app (and the simulator behind it).
pub struct TestApp {
    pub url: String,
    /// The simulator's base, e.g. `http://127.0.0.1:PORT`.
    pub sim: String,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    sim_stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stop) = self.sim_stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An HTTP client for talking to the app (TLS provider installed first, as reqwest needs).
pub fn http() -> reqwest::Client {
    callerid_graphql::webex::init_tls();
    reqwest::Client::new()
}

/// A request sent and its body read as JSON, panicking on any failure (tests only).
pub trait SendJson {
    fn send_json(self) -> impl Future<Output = Value> + Send;
}

impl SendJson for reqwest::RequestBuilder {
    async fn send_json(self) -> Value {
        self.send().await.unwrap().json().await.unwrap()
    }
}

/// Settings as the command line would give them, listening on port 0.
pub fn args(extra: &[&str]) -> ServeArgs {
    let mut argv = vec!["callerid-graphql", "--listen", "127.0.0.1:0"];
    argv.extend_from_slice(extra);
    Cli::try_parse_from(argv).unwrap().serve
}

/// The app on its embedded simulator.
pub async fn spawn_app() -> TestApp {
    spawn_with(args(&[])).await
}

/// The app with these settings.
pub async fn spawn_with(args: ServeArgs) -> TestApp {
    init_test_log();
    let app = App::build(args).await.expect("app builds");
    let url = format!("http://{}/graphql", app.local_addr());
    let sim = app.simulator_url().unwrap_or_default();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    TestApp {
        url,
        sim,
        http: http(),
        stop: Some(stop),
        sim_stop: None,
    }
}

/// The app in facade mode (`--upstream-url`) in front of a separately started simulator.
pub async fn spawn_facade(sim_config: SimulatorConfig, extra: &[&str]) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (sim_stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(simulator::serve(listener, sim_config, async move {
        let _ = stopped.await;
    }));
    let upstream = format!("http://{addr}/v1");
    let mut argv = vec!["--upstream-url", upstream.as_str()];
    argv.extend_from_slice(extra);
    let mut app = spawn_with(args(&argv)).await;
    app.sim = format!("http://{addr}");
    app.sim_stop = Some(sim_stop);
    app
}

fn init_test_log() {
    if std::env::var_os("TEST_LOG").is_some() {
        // Logs only: the guard holds no exporter, so dropping it loses nothing.
        let _ = callerid_graphql::telemetry::init(
            callerid_graphql::config::LogFormat::Text,
            std::io::stderr,
            false,
            None,
        );
    }
}

/// POSTs a GraphQL query to `url`; returns the raw response text. Free-standing so spawned tasks
/// can use it without borrowing a `TestApp`.
pub async fn post_text(url: &str, token: Option<&str>, query: &str, variables: Value) -> String {
    let mut request = http()
        .post(url)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request sent");
    response.text().await.expect("response body")
}

/// The `/metrics` text of the service whose GraphQL endpoint is `graphql_url`.
pub async fn metrics_text(graphql_url: &str) -> String {
    let url = graphql_url.replace("/graphql", "/metrics");
    let response = http().get(url).send().await.expect("metrics request sent");
    response.text().await.expect("metrics body")
}

/// POSTs a GraphQL query to `url`; returns the whole JSON response.
pub async fn post(url: &str, token: Option<&str>, query: &str, variables: Value) -> Value {
    let text = post_text(url, token, query, variables).await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

impl TestApp {
    /// What a browser gets opening the endpoint: the playground, or why not.
    pub async fn playground(&self) -> reqwest::Response {
        self.http
            .get(&self.url)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
    }

    /// POSTs a query; returns the whole JSON response.
    pub async fn query(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        post(&self.url, token, query, variables).await
    }

    /// The simulator's request counts per route, then resets them.
    pub async fn take_stats(&self) -> Value {
        take_stats(&self.sim).await
    }

    pub async fn sim_get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.sim))
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }

    pub async fn reset_stats(&self) {
        self.http
            .post(format!("{}/_simulator/stats/reset", self.sim))
            .send()
            .await
            .unwrap();
    }

    /// Adds a simulator fault rule (see `FaultRule`).
    pub async fn fault(&self, rule: Value) {
        let status = self
            .http
            .post(format!("{}/_simulator/faults", self.sim))
            .json(&rule)
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success(), "fault rule refused: {status}");
    }

    pub async fn clear_faults(&self) {
        self.http
            .delete(format!("{}/_simulator/faults", self.sim))
            .send()
            .await
            .unwrap();
    }

    /// The id of a location of the simulated org (`org` 0 = Acme, 1 = Globex) by name.
    pub async fn location_id(&self, org: usize, name: &str) -> String {
        let summary = self.sim_get("/_simulator/org").await;
        summary["orgs"][org]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name)
            .unwrap_or_else(|| panic!("no location {name}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// The request counts of the simulator at `base` (e.g. `http://127.0.0.1:PORT`), then resets
/// them.
pub async fn take_stats(base: &str) -> Value {
    let http = http();
    let stats = http
        .get(format!("{base}/_simulator/stats"))
        .send_json()
        .await;
    http.post(format!("{base}/_simulator/stats/reset"))
        .send()
        .await
        .unwrap();
    stats
}

/// `data.availableCallerIdNumbers.nodes`.
pub fn nodes(response: &Value) -> &Vec<Value> {
    response["data"]["availableCallerIdNumbers"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {response}"))
}

/// The `extensions.code` of each error.
pub fn error_codes(response: &Value) -> Vec<String> {
    response["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Total upstream calls in a stats answer.
pub fn total(stats: &Value) -> u64 {
    stats["total"].as_u64().unwrap()
}

/// Calls to one route in a stats answer.
pub fn route(stats: &Value, route: &str) -> u64 {
    stats["routes"][route].as_u64().unwrap_or(0)
}

pub const NUMBERS_ROUTE: &str =
    "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers";

/// The `callerid-graphql` binary, running, with its stderr captured.
pub struct Binary {
    pub child: Child,
    pub url: String,
    log: Arc<Mutex<String>>,
}

impl Binary {
    pub fn start(extra: &[&str]) -> Self {
        let mut args = vec!["--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        Self::run(&args, "GraphQL ready")
    }

    /// Runs the binary with `args` until a log line containing `ready` gives its `url=`.
    pub fn run(args: &[&str], ready_marker: &'static str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_callerid-graphql"))
            .args(args)
            .env("RUST_LOG", "trace")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (ready, url) = mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // Logged before readiness is signalled, so the ready line is in `log()` by then.
                {
                    let mut log = sink.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
                if line.contains(ready_marker) {
                    // `url=…` in text logs, `"url":"…"` in JSON logs.
                    let url = line
                        .split("url=")
                        .nth(1)
                        .or_else(|| line.split("\"url\":\"").nth(1))
                        .unwrap_or("")
                        .split([' ', '"'])
                        .next()
                        .unwrap_or("");
                    let _ = ready.send(url.to_owned());
                }
            }
        });
        let url = url
            .recv_timeout(Duration::from_secs(30))
            .expect("ready line");
        Self { child, url, log }
    }

    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        // What it was doing when it did not stop: the last lines it logged (at TRACE).
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        panic!("the binary did not stop within 15 s of SIGTERM; its log ends:\n{tail}");
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The log once `done` says it holds what the test looks for (at most 10 s on): a line
    /// written just before a response may still be in the pipe when the response is read.
    pub fn log_until(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if done(&log) || std::time::Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A mock Webex with one number (`+1` at location `L1`) owned by one person (`P1`, `a@b`).
pub async fn one_person_webex() -> wiremock::MockServer {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L1/externalCallerId/availableNumbers",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "phoneNumbers": [
                { "phoneNumber": "+1", "state": "ACTIVE", "location": { "id": "L1", "name": "One" },
                  "owner": { "id": "P1", "type": "PEOPLE" } }
            ]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/people"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "items": [{ "id": "P1", "emails": ["a@b"] }] })),
        )
        .mount(&server)
        .await;
    server
}

/// A person (as a page lists them, with `callerId { selected allowed }`) who shows another
/// number than the location's and may switch to it: the entity a write test changes.
pub fn may_switch_to_location_number(person: &&Value) -> bool {
    person["callerId"]["selected"] != "LOCATION_NUMBER"
        && person["callerId"]["allowed"]
            .as_array()
            .is_some_and(|a| a.iter().any(|s| s == "LOCATION_NUMBER"))
}
