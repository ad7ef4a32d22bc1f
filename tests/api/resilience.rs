//! Each fault class over HTTP: transient faults end in a correct answer after retries (counted at
//! the simulator), persistent faults end in the right code in bounded time, and the service keeps
//! serving other requests meanwhile.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{
    ADMIN, NUMBERS_ROUTE, ORG2, TestApp, args, error_codes, nodes, post, route, spawn_with,
};

/// Fast retries so the suite stays quick; the logic is the same as with production defaults.
async fn app(extra: &[&str]) -> TestApp {
    let mut argv = vec![
        "--upstream-backoff-ms",
        "10",
        "--retry-after-fallback-ms",
        "50",
        "--upstream-timeout-ms",
        "600",
        "--request-deadline-ms",
        "4000",
    ];
    argv.extend_from_slice(extra);
    spawn_with(args(&argv)).await
}

const Q: &str = r#"query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 5) {
    nodes { phoneNumber } } }"#;

async fn ask(app: &TestApp) -> (Value, Duration) {
    let loc = app.location_id(0, "London").await;
    app.reset_stats().await;
    let started = Instant::now();
    let response = app.query(Some(ADMIN), Q, json!({ "loc": loc })).await;
    (response, started.elapsed())
}

fn answered(response: &Value) {
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(nodes(response).len(), 5);
}

async fn numbers_calls(app: &TestApp) -> u64 {
    route(&app.take_stats().await, NUMBERS_ROUTE)
}

#[tokio::test]
async fn transient_5xx_answers_are_retried() {
    let app = app(&[]).await;
    for status in [502, 503, 504] {
        app.fault(json!({ "path": "externalCallerId", "status": status, "count": 2 }))
            .await;
        let (response, _) = ask(&app).await;
        answered(&response);
        assert_eq!(numbers_calls(&app).await, 3, "two {status}s, then success");
    }
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after_even_when_malformed() {
    let app = app(&[]).await;
    for retry_after in ["0", "rand(30),add(30)", "", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        app.fault(json!({ "path": "externalCallerId", "status": 429, "retryAfter": retry_after, "count": 1 }))
            .await;
        let (response, _) = ask(&app).await;
        answered(&response);
        assert_eq!(numbers_calls(&app).await, 2, "Retry-After {retry_after:?}");
    }
}

#[tokio::test]
async fn a_423_is_retried_only_when_it_says_when() {
    let app = app(&[]).await;
    app.fault(json!({ "path": "externalCallerId", "status": 423, "retryAfter": "0", "count": 1 }))
        .await;
    let (response, _) = ask(&app).await;
    answered(&response);
    assert_eq!(numbers_calls(&app).await, 2);

    app.fault(json!({ "path": "externalCallerId", "status": 423, "count": 1 }))
        .await;
    let (response, _) = ask(&app).await;
    assert_eq!(
        error_codes(&response),
        ["UPSTREAM_UNAVAILABLE"],
        "{response}"
    );
    assert_eq!(numbers_calls(&app).await, 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_fails_fast_with_rate_limited() {
    let app = app(&[]).await;
    app.fault(json!({ "path": "externalCallerId", "status": 429, "retryAfter": "120" }))
        .await;
    let (response, elapsed) = ask(&app).await;
    assert_eq!(error_codes(&response), ["RATE_LIMITED"], "{response}");
    let ext = &response["errors"][0]["extensions"];
    assert_eq!(ext["retryAfter"], 120);
    assert_eq!(ext["upstream"]["status"], 429);
    assert!(
        elapsed < Duration::from_secs(3),
        "no sleeping past the deadline: {elapsed:?}"
    );
    assert_eq!(numbers_calls(&app).await, 1);

    // A short wait that still overruns a short deadline is refused too.
    let app = spawn_with(args(&["--request-deadline-ms", "500"])).await;
    app.fault(json!({ "path": "externalCallerId", "status": 429, "retryAfter": "1" }))
        .await;
    let (response, elapsed) = ask(&app).await;
    assert_eq!(error_codes(&response), ["RATE_LIMITED"], "{response}");
    assert_eq!(response["errors"][0]["extensions"]["retryAfter"], 1);
    assert!(elapsed < Duration::from_secs(3));
}

#[tokio::test]
async fn persistent_faults_end_in_their_code_in_bounded_time() {
    let app = app(&[]).await;
    let cases = [
        (json!({ "status": 503 }), "UPSTREAM_UNAVAILABLE", 3),
        (json!({ "status": 429 }), "RATE_LIMITED", 1),
        (json!({ "status": 500 }), "UPSTREAM_UNAVAILABLE", 1),
        (json!({ "reset": true }), "UPSTREAM_UNAVAILABLE", 3),
        (json!({ "truncate": true }), "UPSTREAM_BAD_RESPONSE", 1),
        (json!({ "latencyMs": 3000 }), "UPSTREAM_TIMEOUT", 1),
    ];
    for (mut rule, code, calls) in cases {
        rule["path"] = json!("externalCallerId");
        app.clear_faults().await;
        app.fault(rule.clone()).await;
        let (response, elapsed) = ask(&app).await;
        assert_eq!(error_codes(&response), [code], "{rule} → {response}");
        assert!(response["data"].is_null());
        assert!(elapsed < Duration::from_secs(4), "{rule} took {elapsed:?}");
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(
            !message.contains("127.0.0.1"),
            "no internals in messages: {message}"
        );
        // A 429 without Retry-After waits the fallback once per retry; that fits 3 attempts.
        let expected = if code == "RATE_LIMITED" { 3 } else { calls };
        assert_eq!(numbers_calls(&app).await, expected, "{rule}");
    }
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let app = app(&[]).await;
    app.fault(json!({ "path": "externalCallerId", "reset": true, "count": 1 }))
        .await;
    let (response, _) = ask(&app).await;
    answered(&response);
    assert_eq!(numbers_calls(&app).await, 2);
}

#[tokio::test]
async fn a_failing_detail_endpoint_nulls_only_its_fields() {
    let app = app(&[]).await;
    let loc = app.location_id(0, "San Jose").await;
    app.fault(json!({ "path": "/v1/people", "status": 503 }))
        .await;
    let q = r#"query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 40) {
        nodes { phoneNumber owner { __typename ... on Person { firstName emails }
                                    ... on HuntGroup { extension } } } } }"#;
    let response = app.query(Some(ADMIN), q, json!({ "loc": loc })).await;
    let list = nodes(&response);
    assert_eq!(list.len(), 40);
    let people: Vec<&Value> = list
        .iter()
        .filter(|n| n["owner"]["__typename"] == "Person")
        .collect();
    assert!(!people.is_empty());
    for p in &people {
        assert!(
            p["owner"]["firstName"].is_string(),
            "summary fields survive"
        );
        assert!(p["owner"]["emails"].is_null());
    }
    let hunt = list
        .iter()
        .find(|n| n["owner"]["__typename"] == "HuntGroup")
        .unwrap();
    assert!(
        hunt["owner"]["extension"].is_string(),
        "other details still load"
    );
    let codes: HashSet<String> = error_codes(&response).into_iter().collect();
    assert_eq!(codes, HashSet::from(["UPSTREAM_UNAVAILABLE".to_owned()]));
    assert_eq!(error_codes(&response).len(), people.len());
    let stats = app.take_stats().await;
    assert_eq!(
        route(&stats, "GET /v1/people"),
        3,
        "one batch, three attempts"
    );
}

#[tokio::test]
async fn the_service_keeps_answering_while_one_request_waits_on_a_slow_upstream() {
    let app = app(&[
        "--upstream-timeout-ms",
        "8000",
        "--request-deadline-ms",
        "10000",
    ])
    .await;
    let loc = app.location_id(0, "San Jose").await;
    // Generous: five debug-build queries must fit well inside this on a loaded CI machine.
    app.fault(json!({ "path": "/v1/people", "latencyMs": 4000 }))
        .await;
    let slow = {
        let url = app.url.clone();
        let loc = loc.clone();
        tokio::spawn(async move {
            let q = r#"query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 30) {
                nodes { owner { ... on Person { emails } } } } }"#;
            post(&url, Some(ADMIN), q, json!({ "loc": loc })).await
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..5 {
        let response = app.query(Some(ADMIN), Q, json!({ "loc": loc })).await;
        answered(&response);
    }
    assert!(
        !slow.is_finished(),
        "the fast requests did not wait for the slow one"
    );
    let slow = slow.await.unwrap();
    assert!(slow["errors"].is_null(), "{slow}");
}

#[tokio::test]
async fn two_tokens_on_a_flaky_upstream_never_see_each_others_data() {
    let app = app(&["--upstream-max-attempts", "4"]).await;
    let acme = app.location_id(0, "San Jose").await;
    let globex = app.location_id(1, "Toronto").await;
    app.fault(json!({ "status": 503, "rate": 0.25 })).await;
    let q = r#"query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 60) {
        nodes { location { id timeZone } owner { ... on Owner { id }
                ... on Person { emails location { id } } ... on Workspace { sipAddress } } } } }"#;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let (token, loc) = if i % 2 == 0 {
            (ADMIN, acme.clone())
        } else {
            (ORG2, globex.clone())
        };
        let url = app.url.clone();
        tasks.push(tokio::spawn(async move {
            (
                token,
                post(&url, Some(token), q, json!({ "loc": loc })).await,
            )
        }));
    }
    let mut seen: [HashSet<String>; 2] = [HashSet::new(), HashSet::new()];
    let mut answered = 0;
    for task in tasks {
        let (token, response) = task.await.unwrap();
        let org = usize::from(token == ORG2);
        let domain = ["@acme.example.com", "@globex.example.com"][org];
        let Some(list) = response["data"]["availableCallerIdNumbers"]["nodes"].as_array() else {
            continue;
        };
        answered += 1;
        for n in list {
            for e in n["owner"]["emails"].as_array().into_iter().flatten() {
                assert!(
                    e.as_str().unwrap().ends_with(domain),
                    "{e} leaked to {token}"
                );
            }
            for id in [
                &n["location"]["id"],
                &n["owner"]["id"],
                &n["owner"]["location"]["id"],
            ] {
                if let Some(id) = id.as_str() {
                    seen[org].insert(id.to_owned());
                }
            }
        }
    }
    assert!(
        answered >= 12,
        "most requests answered despite the faults: {answered}"
    );
    assert!(seen[0].is_disjoint(&seen[1]), "zero cross-token data");
}

/// Webex throttles a token's bursts. A planned round sends every detail call at once; the token's
/// shared limit halves on 429 (once per burst) until the burst fits, and the next request with the
/// same token starts from what was learned instead of from the ceiling. Counts, not timings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tokens_shared_limit_learns_webex_throttling_across_requests() {
    let app = crate::helpers::spawn_facade(
        callerid_graphql::simulator::SimulatorConfig {
            numbers: 5000,
            max_concurrent_per_token: Some(8),
            // Slow detail calls, so a burst really is concurrent at the simulator.
            faults: vec![callerid_graphql::simulator::FaultRule {
                path: Some("/huntGroups/".into()),
                latency_ms: Some(30),
                ..Default::default()
            }],
            ..Default::default()
        },
        &[
            "--upstream-max-attempts",
            "8",
            "--request-deadline-ms",
            "20000",
        ],
    )
    .await;
    let loc = app.location_id(0, "San Jose").await;
    let query = include_str!("../../benches/queries/every-detail.graphql");
    let mut throttled = Vec::new();
    for _ in 0..2 {
        app.reset_stats().await;
        let response = app
            .query(Some(ADMIN), query, json!({ "loc": loc, "first": 500 }))
            .await;
        assert!(response["errors"].is_null(), "{response}");
        assert_eq!(nodes(&response).len(), 500);
        throttled.push(app.take_stats().await["throttled"].as_u64().unwrap());
    }
    let (first, second) = (throttled[0], throttled[1]);
    assert!(first > 0, "the first burst exceeds the simulator's cap");
    assert!(
        second * 4 < first,
        "the second request starts from the learned limit: {first} then {second} 429s"
    );
}
