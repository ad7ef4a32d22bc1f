//! Bad input is refused before any upstream call; upstream refusals keep their meaning and their
//! tracking id.

use callerid_graphql::simulator::{
    DEMO_LOCATION_ADMIN_TOKEN, DEMO_NO_SCOPE_TOKEN, DEMO_READONLY_TOKEN, SimulatorConfig,
};
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN, ORG2, SendJson, args, error_codes, spawn_app, spawn_facade, spawn_with, total,
};

const Q: &str = r#"
query Q($loc: ID!, $first: Int, $after: String, $filter: AvailableNumbersFilter) {
  availableCallerIdNumbers(locationId: $loc, first: $first, after: $after, filter: $filter) {
    nodes { phoneNumber }
  }
}"#;

#[tokio::test]
async fn invalid_input_is_bad_user_input_and_reaches_no_upstream() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let cases = [
        json!({ "loc": loc, "filter": { "ownerName": "x".repeat(256) } }),
        json!({ "loc": loc, "filter": { "ownerName": "" } }),
        json!({ "loc": loc, "first": 0 }),
        json!({ "loc": loc, "first": -3 }),
        json!({ "loc": loc, "first": 2001 }),
        json!({ "loc": loc, "after": "not-a-cursor" }),
        json!({ "loc": "" }),
        json!({ "loc": "   " }),
        json!({ "loc": loc, "filter": { "phoneNumbers": ["+1408555,+1408556"] } }),
        json!({ "loc": loc, "filter": { "phoneNumbers": vec!["+14085550001"; 101] } }),
        json!({ "loc": loc, "filter": { "personId": "" } }),
    ];
    for variables in cases {
        let response = app.query(Some(ADMIN), Q, variables.clone()).await;
        assert_eq!(
            error_codes(&response),
            ["BAD_USER_INPUT"],
            "{variables} → {response}"
        );
        assert!(response["data"].is_null());
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(!message.is_empty());
    }
    assert_eq!(total(&app.take_stats().await), 0);
}

#[tokio::test]
async fn a_missing_bearer_is_unauthenticated_without_an_upstream_call() {
    let app = spawn_facade(SimulatorConfig::default(), &[]).await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let response = app.query(None, Q, json!({ "loc": loc })).await;
    assert_eq!(error_codes(&response), ["UNAUTHENTICATED"], "{response}");
    let basic = app
        .http
        .post(&app.url)
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({ "query": Q, "variables": { "loc": loc } }))
        .send_json()
        .await;
    assert_eq!(error_codes(&basic), ["UNAUTHENTICATED"]);
    assert_eq!(total(&app.take_stats().await), 0);
}

fn upstream_error(response: &Value) -> (&str, &Value) {
    let error = &response["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or(""),
        &error["extensions"],
    )
}

#[tokio::test]
async fn upstream_refusals_become_typed_errors_with_the_tracking_id() {
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    let denver = app.location_id(0, "Denver").await;
    let cases = [
        ("an-unknown-token", san_jose.clone(), "UNAUTHENTICATED", 401),
        (DEMO_NO_SCOPE_TOKEN, san_jose.clone(), "FORBIDDEN", 403),
        (DEMO_LOCATION_ADMIN_TOKEN, denver.clone(), "FORBIDDEN", 403),
        (
            ADMIN,
            "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU".into(),
            "NOT_FOUND",
            404,
        ),
        (ORG2, san_jose.clone(), "NOT_FOUND", 404),
    ];
    for (token, loc, code, status) in cases {
        let response = app.query(Some(token), Q, json!({ "loc": loc })).await;
        let (got, ext) = upstream_error(&response);
        assert_eq!(got, code, "{token}: {response}");
        assert_eq!(ext["upstream"]["status"], status);
        let tracking = ext["trackingId"].as_str().unwrap();
        assert!(
            tracking.starts_with("CALLERID_"),
            "our TrackingID is echoed: {tracking}"
        );
        assert_eq!(ext["upstream"]["trackingId"], tracking);
        assert!(
            ext["upstream"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(response["data"].is_null());
    }
    for token in [DEMO_READONLY_TOKEN, DEMO_LOCATION_ADMIN_TOKEN] {
        let response = app.query(Some(token), Q, json!({ "loc": san_jose })).await;
        assert!(response["errors"].is_null(), "{token}: {response}");
    }
}

#[tokio::test]
async fn an_org_id_the_token_does_not_administer_is_forbidden() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    let q = r#"query($loc: ID!, $org: ID) { availableCallerIdNumbers(locationId: $loc, orgId: $org, first: 1) { nodes { phoneNumber } } }"#;
    let response = app
        .query(
            Some(ADMIN),
            q,
            json!({ "loc": loc, "org": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg" }),
        )
        .await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
}

#[tokio::test]
async fn metrics_count_requests_upstream_calls_and_error_codes_by_template_only() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    let ok = app
        .query(Some(ADMIN), Q, json!({ "loc": loc, "first": 3 }))
        .await;
    assert!(ok["errors"].is_null());
    let bad = app
        .query(Some(ADMIN), Q, json!({ "loc": loc, "first": 0 }))
        .await;
    assert_eq!(error_codes(&bad), ["BAD_USER_INPUT"]);
    let text = crate::helpers::metrics_text(&app.url).await;
    let line = |needle: &str| text.lines().any(|l| l.starts_with(needle));
    assert!(
        line(
            r#"callerid_upstream_requests_total{endpoint="GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",outcome="200"}"#
        ),
        "{text}"
    );
    assert!(
        line(r#"callerid_graphql_errors_total{code="BAD_USER_INPUT"}"#),
        "{text}"
    );
    assert!(
        line(r#"callerid_http_requests_total{path="/graphql",status="200"}"#),
        "{text}"
    );
    assert!(
        line("callerid_upstream_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(!text.contains(&loc), "no ids in labels");
    assert!(!text.contains(ADMIN), "no tokens in labels");
}

#[tokio::test]
async fn a_failed_upstream_call_is_logged_once_however_many_fields_read_it() {
    // Arrange: the real binary (its log is captured) on its embedded simulator, people failing.
    let binary = crate::helpers::Binary::start(&[]);
    let log = binary.log();
    let sim = log
        .split("upstream=")
        .nth(1)
        .and_then(|s| s.split("/v1").next())
        .expect("the ready line names the simulator")
        .to_owned();
    let http = crate::helpers::http();
    let status = http
        .post(format!("{sim}/_simulator/faults"))
        .json(&json!({ "path": "/v1/people", "status": 400 }))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
    let location = callerid_graphql::simulator::demo_location_id();

    // Act: every person row reads four person fields from the failed call.
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 200) { nodes { owner { ... on Person { displayName emails title department } } } } }"#;
    let response =
        crate::helpers::post(&binary.url, Some(ADMIN), q, json!({ "l": location })).await;
    let stats: Value = http
        .get(format!("{sim}/_simulator/stats"))
        .send_json()
        .await;

    // Assert: many field errors, one log line per failed call.
    let field_errors = response["errors"].as_array().map_or(0, Vec::len);
    let people_calls = crate::helpers::route(&stats, "GET /v1/people");
    assert!(people_calls >= 1, "{stats}");
    assert!(field_errors >= 4 * people_calls as usize, "{response}");
    let log =
        binary.log_until(|log| log.matches("upstream call failed").count() as u64 >= people_calls);
    let logged = log.matches("upstream call failed").count();
    assert_eq!(
        logged as u64, people_calls,
        "{field_errors} field errors; log:\n{log}"
    );
}

/// The value of one counter line (`name{labels} value`), 0 when absent.
fn counter(text: &str, line: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(line))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0, |v| v as u64)
}

#[tokio::test]
async fn a_failed_batch_counts_once_per_error_the_response_carries() {
    // A 2000-row page whose people all fail to load: one people batch call per 85 ids fails,
    // and every Person's detail field on the page carries the error.
    let app = spawn_with(args(&["--numbers", "8000", "--upstream-max-attempts", "1"])).await;
    let loc = app.location_id(0, "San Jose").await;
    app.fault(json!({ "path": "/v1/people", "status": 500 }))
        .await;
    let metric = r#"callerid_graphql_errors_total{code="UPSTREAM_UNAVAILABLE"}"#;
    let before = counter(&crate::helpers::metrics_text(&app.url).await, metric);
    let q = "query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 2000) {
        nodes { phoneNumber owner { __typename ... on Person { emails } } } } }";
    let r = app.query(Some(ADMIN), q, json!({ "loc": loc })).await;
    app.clear_faults().await;
    let errors = r["errors"].as_array().expect("errors");
    let carried = errors
        .iter()
        .filter(|e| e["extensions"]["code"] == "UPSTREAM_UNAVAILABLE")
        .count() as u64;
    assert!(carried > 100, "many rows carry the failure: {carried}");
    let after = counter(&crate::helpers::metrics_text(&app.url).await, metric);
    assert_eq!(
        after - before,
        carried,
        "one count per error in the response"
    );
}
