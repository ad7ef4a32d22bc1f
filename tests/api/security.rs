//! Security and lifecycle, tested on the real binary: the token goes only to the configured
//! upstream and never into logs, CORS is off unless configured, and SIGTERM drains in-flight
//! requests.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Binary, args, error_codes, spawn_with};

const SECRET: &str = "tok-SECRET-7c1f9e2a-do-not-log";

async fn post(url: &str, token: &str, query: &str) -> Value {
    crate::helpers::post(url, Some(token), query, json!({})).await
}

fn number(n: &str, owner: Value) -> Value {
    json!({ "phoneNumber": n, "state": "ACTIVE", "isMainNumber": false, "tollFreeNumber": false,
            "isServiceNumber": false, "location": { "id": "L1", "name": "One" }, "owner": owner })
}

const NUMBERS: &str = "/v1/telephony/config/locations/L1/externalCallerId/availableNumbers";

#[tokio::test]
async fn the_token_reaches_only_the_upstream_and_never_the_log() {
    let webex = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let bearer = format!("Bearer {SECRET}");
    let numbers = json!({ "phoneNumbers": [
        number("+1", json!({ "id": "P1", "type": "PEOPLE", "firstName": "A", "lastName": "B" })),
        number("+2", json!({ "id": "H1", "type": "HUNT_GROUP", "displayName": "HG" })),
    ]});
    Mock::given(method("GET"))
        .and(path(NUMBERS))
        .and(header("authorization", bearer.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(numbers))
        .mount(&webex)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/people"))
        .and(header("authorization", bearer.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "items": [{ "id": "P1", "emails": ["a@b.c"] }] })),
        )
        .expect(1)
        .mount(&webex)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/telephony/config/locations/L1/huntGroups/H1"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "rand(30),add(30)"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&webex)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/telephony/config/locations/L1/huntGroups/H1"))
        .and(header("authorization", bearer.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "id": "H1", "extension": "100" })),
        )
        .with_priority(2)
        .mount(&webex)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L2/externalCallerId/availableNumbers",
        ))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "message": "Invalid token", "trackingId": "T401" })),
        )
        .mount(&webex)
        .await;
    let foreign = format!("<{}/v1/steal?start=1>; rel=\"next\"", elsewhere.uri());
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L3/externalCallerId/availableNumbers",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Link", foreign.as_str())
                .set_body_json(json!({ "phoneNumbers": [number("+3", Value::Null)] })),
        )
        .mount(&webex)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L4/externalCallerId/availableNumbers",
        ))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/v1/steal", elsewhere.uri()).as_str()),
        )
        .mount(&webex)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;

    let upstream = format!("{}/v1", webex.uri());
    let mut binary = Binary::start(&[
        "--upstream-url",
        &upstream,
        "--retry-after-fallback-ms",
        "20",
    ]);
    let q = |loc: &str, first: u32| {
        format!(
            r#"{{ availableCallerIdNumbers(locationId: "{loc}", first: {first}) {{ nodes {{ phoneNumber
            owner {{ ... on Person {{ emails }} ... on HuntGroup {{ extension }} }} }} }} }}"#
        )
    };
    let ok = post(&binary.url, SECRET, &q("L1", 10)).await;
    assert!(ok["errors"].is_null(), "{ok}");
    assert_eq!(
        ok["data"]["availableCallerIdNumbers"]["nodes"][1]["owner"]["extension"],
        "100"
    );
    let denied = post(&binary.url, SECRET, &q("L2", 10)).await;
    assert_eq!(error_codes(&denied), ["UNAUTHENTICATED"]);
    let linked = post(&binary.url, SECRET, &q("L3", 5)).await;
    assert_eq!(error_codes(&linked), ["UPSTREAM_LINK_REFUSED"], "{linked}");
    let redirected = post(&binary.url, SECRET, &q("L4", 5)).await;
    assert_eq!(error_codes(&redirected), ["UPSTREAM_ERROR"], "{redirected}");
    for response in [&ok, &denied, &linked, &redirected] {
        assert!(!response.to_string().contains(SECRET));
    }
    let metrics = crate::helpers::metrics_text(&binary.url).await;
    assert!(
        metrics.contains("callerid_upstream_retries_total"),
        "{metrics}"
    );
    assert!(
        !metrics.contains(SECRET),
        "the token leaked into the metrics"
    );

    let status = binary.terminate();
    assert!(status.success(), "clean exit on SIGTERM: {status}");
    let log = binary.log_until(|log| log.contains("upstream error answer"));
    assert!(
        log.contains("GraphQL ready") && log.contains("upstream error answer"),
        "the log was captured:\n{log}"
    );
    assert!(log.lines().count() > 50, "trace logging was on");
    assert!(!log.contains(SECRET), "the token leaked into the log");
    assert!(
        !log.contains("SECRET"),
        "part of the token leaked into the log"
    );
    // `elsewhere` verifies on drop that it never received a request (expect(0)).
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish_and_stops_accepting() {
    let webex = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(NUMBERS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "phoneNumbers": [number("+1", Value::Null)] }))
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&webex)
        .await;
    let upstream = format!("{}/v1", webex.uri());
    let mut binary = Binary::start(&["--upstream-url", &upstream, "--shutdown-grace-secs", "10"]);
    let url = binary.url.clone();
    let in_flight = tokio::spawn(async move {
        post(
            &url,
            "t",
            r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { phoneNumber } } }"#,
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    let status = tokio::task::block_in_place(|| {
        let pid = binary.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        binary.child.try_wait().unwrap()
    });
    assert!(
        status.is_none(),
        "still draining while a request is in flight"
    );
    let refused = crate::helpers::http()
        .post(&binary.url)
        .json(&json!({ "query": "{ __typename }" }))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "no new connections after SIGTERM");
    let response = in_flight.await.unwrap();
    assert_eq!(
        response["data"]["availableCallerIdNumbers"]["nodes"][0]["phoneNumber"],
        "+1"
    );
    let status = tokio::task::block_in_place(|| binary.terminate());
    assert!(status.success());
    assert!(binary.log().contains("shutting down"));
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_configured() {
    let preflight = |url: String, origin: &'static str| async move {
        crate::helpers::http()
            .request(reqwest::Method::OPTIONS, url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .unwrap()
    };
    let closed = spawn_with(args(&[])).await;
    let response = preflight(closed.url.clone(), "https://evil.example").await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let open = spawn_with(args(&[
        "--cors-origins",
        "https://app.example,https://admin.example",
    ]))
    .await;
    let response = preflight(open.url.clone(), "https://app.example").await;
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    let response = preflight(open.url.clone(), "https://evil.example").await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[test]
fn a_plain_http_upstream_on_the_network_is_refused_at_startup() {
    let output = Command::new(env!("CARGO_BIN_EXE_callerid-graphql"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--upstream-url",
            "http://webex.example/v1",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--allow-insecure-upstream"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulate_command_injects_faults_from_its_flags() {
    let mut sim = Binary::run(
        &[
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--numbers",
            "100",
            "--fault-status",
            "429",
            "--fault-rate",
            "1",
            "--fault-retry-after",
            "rand(30),add(30)",
        ],
        "simulator ready",
    );
    let base = sim.url.clone();
    let response = crate::helpers::http()
        .get(format!("{base}/locations/anything"))
        .bearer_auth("demo-admin-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "rand(30),add(30)");
    let body: Value = response.json().await.unwrap();
    assert!(
        body["trackingId"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert!(tokio::task::block_in_place(|| sim.terminate()).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_are_one_object_per_line() {
    let mut binary = Binary::start(&["--log-format", "json"]);
    let response = post(&binary.url, "demo-admin-token", "{ __typename }").await;
    assert_eq!(response["data"]["__typename"], "Query");
    assert!(tokio::task::block_in_place(|| binary.terminate()).success());
    let log = binary.log();
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 3, "{log}");
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            v["level"].is_string() && v["timestamp"].is_string(),
            "{line}"
        );
    }
}
