//! The bad-input corpus: every entry gets a clear error, nothing reaches Webex, nothing panics, and
//! the service stays healthy afterwards.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, args, error_codes, spawn_app, spawn_with, total};

async fn post_raw(
    app: &TestApp,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let response = app
        .http
        .post(&app.url)
        .bearer_auth(ADMIN)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn message(body: &Value) -> String {
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_bad_input_corpus_gets_clear_errors_and_no_upstream_call() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let list = |args: &str| {
        format!(
            r#"{{ availableCallerIdNumbers(locationId: "{loc}" {args}) {{ nodes {{ phoneNumber }} }} }}"#
        )
    };

    // Transport-level garbage.
    let (status, body) = post_raw(&app, "application/json", r#"{"query": "{ a "#).await;
    assert_eq!(
        (status, error_codes(&body)),
        (400, vec!["BAD_REQUEST".to_owned()]),
        "{body}"
    );
    let (status, body) = post_raw(&app, "application/json", "[1, 2").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) =
        post_raw(&app, "text/plain", json!({ "query": list("") }).to_string()).await;
    assert_eq!(status, 415, "{body}");
    assert!(message(&body).contains("application/json"));
    let (status, _) = post_raw(&app, "application/xml", "<query/>").await;
    assert_eq!(status, 415);
    let huge = format!(
        r#"{{"query": "{{ __typename }}", "pad": "{}"}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let (status, _) = post_raw(&app, "application/json", huge).await;
    assert_eq!(status, 413, "a 5 MB body is refused");
    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ __typename }" }))
        .collect();
    let (status, body) = post_raw(&app, "application/json", Value::Array(batch).to_string()).await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).contains("at most 10"));

    // GraphQL-level garbage: each entry is (query, variables, expected code, words in the message).
    let nested = format!(
        "{{ __schema {{ types {{ {}name{} }} }} }}",
        "fields { type { ".repeat(50),
        " } }".repeat(50)
    );
    let aliases: String = (0..10_000).map(|i| format!("a{i}: __typename ")).collect();
    let roots: String = (0..11)
        .map(|i| format!(r#"r{i}: location(id: "{loc}") {{ name }} "#))
        .collect();
    let corpus: Vec<(String, Value, &str, &str)> = vec![
        (list(r#", first: "ten""#), json!({}), "GRAPHQL_VALIDATION_FAILED", "first"),
        ("query($n: Int) { availableCallerIdNumbers(locationId: \"x\", first: $n) { nodes { phoneNumber } } }".into(),
            json!({ "n": "ten" }), "", "n"),
        (list("").replace("phoneNumber }", "phoneNumber noSuchField }"), json!({}), "GRAPHQL_VALIDATION_FAILED", "noSuchField"),
        (nested, json!({}), "GRAPHQL_VALIDATION_FAILED", "nested too deep"),
        (format!(r#"{{ __type(name: "Query") {{ {aliases} }} }}"#), json!({}), "GRAPHQL_VALIDATION_FAILED", "aliases"),
        (format!("{{ {aliases} }}"), json!({}), "GRAPHQL_VALIDATION_FAILED", "root fields"),
        (format!("{{ {roots} }}"), json!({}), "GRAPHQL_VALIDATION_FAILED", "root fields"),
        (list(r#", after: "bm9wZQ""#), json!({}), "BAD_USER_INPUT", "cursor"),
        (list(&format!(r#", filter: {{ ownerName: "{}" }}"#, "n".repeat(256))), json!({}), "BAD_USER_INPUT", "255"),
        (
            "query($p: [String!]) { availableCallerIdNumbers(locationId: \"x\", filter: { phoneNumbers: $p }) { nodes { phoneNumber } } }".into(),
            json!({ "p": (0..1000).map(|i| format!("+1408555{i:04}")).collect::<Vec<_>>() }),
            "BAD_USER_INPUT",
            "at most 100",
        ),
        ("{ ".into(), json!({}), "GRAPHQL_PARSE_FAILED", "Syntax error at 1:3: expected selection"),
    ];
    for (query, variables, code, words) in corpus {
        let response = app.query(Some(ADMIN), &query, variables).await;
        let codes = error_codes(&response);
        assert!(
            !codes.is_empty(),
            "{} → {response}",
            &query[..query.len().min(120)]
        );
        if !code.is_empty() {
            assert_eq!(
                codes[0],
                code,
                "{} → {response}",
                &query[..query.len().min(120)]
            );
        }
        assert!(
            message(&response)
                .to_lowercase()
                .contains(&words.to_lowercase()),
            "{words:?} in {}",
            message(&response)
        );
        assert!(
            response["data"].is_null() || response["data"]["availableCallerIdNumbers"].is_null()
        );
    }
    assert_eq!(
        total(&app.take_stats().await),
        0,
        "nothing reached the upstream"
    );
    let health = app
        .http
        .get(app.url.replace("/graphql", "/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "still serving after the corpus");
}

#[tokio::test]
async fn two_full_detail_pages_in_one_query_are_too_complex() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let page = r#"availableCallerIdNumbers(locationId: $loc, first: 2000) { nodes {
        location { timeZone address { city } preferredLanguage latitude longitude orgId notes }
        owner { ... on Person { displayName emails extension department title nickName timezone location { timeZone } }
                ... on Workspace { capacity workspaceType sipAddress callingType hotdeskingStatus notes location { timeZone } }
                ... on VirtualLine { extension phoneNumber callerIdFirstName callerIdLastName callerIdNumber billingPlan }
                ... on HuntGroup { name enabled extension phoneNumber language languageCode timeZone tollFreeNumber }
                ... on CallQueue { name enabled extension phoneNumber language languageCode timeZone department { name } }
                ... on AutoAttendant { name enabled extension phoneNumber language languageCode timeZone }
                ... on PagingGroup { name enabled extension phoneNumber language languageCode timeZone }
                ... on VoicemailGroup { name enabled extension phoneNumber language languageCode timeZone }
                ... on VoicePortal { name enabled extension phoneNumber language languageCode timeZone }
                ... on RouteList { name routeGroup { name } location { timeZone } } } } }"#;
    let one = format!("query($loc: ID!) {{ {page} }}");
    let two = format!("query($loc: ID!) {{ a: {page} b: {page} }}");
    let response = app.query(Some(ADMIN), &two, json!({ "loc": loc })).await;
    assert_eq!(
        error_codes(&response),
        ["GRAPHQL_VALIDATION_FAILED"],
        "{response}"
    );
    assert!(message(&response).contains("too complex"));
    assert_eq!(total(&app.take_stats().await), 0);
    let response = app.query(Some(ADMIN), &one, json!({ "loc": loc })).await;
    assert!(
        response["errors"].is_null(),
        "one such page is allowed: {}",
        response["errors"]
    );
}

#[tokio::test]
async fn introspection_can_be_switched_off() {
    let app = spawn_with(args(&["--no-introspection"])).await;
    let response = app
        .query(Some(ADMIN), "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(
        !error_codes(&response).is_empty() || response["data"]["__schema"].is_null(),
        "{response}"
    );
    let open = spawn_app().await;
    let response = open
        .query(Some(ADMIN), "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(
        response["data"]["__schema"]["types"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
}
