//! The GraphQL spec, GraphQL over HTTP and Relay, checked on raw response text: what Apollo
//! Client, Relay, codegen'd types and gateways rely on.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, error_codes, http, nodes, post_text, spawn_app};

const LOCATION_ADMIN: &str = "demo-location-admin-token";

/// A raw POST with an `Accept` header: status, content type, `Vary` and body text.
async fn raw(url: &str, accept: Option<&str>, body: &str) -> (u16, String, String, String) {
    let mut request = http()
        .post(url)
        .bearer_auth(ADMIN)
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (ctype, vary) = (header("content-type"), header("vary"));
    (status, ctype, vary, response.text().await.unwrap())
}

#[tokio::test]
async fn a_field_that_fails_is_present_as_null_with_its_error() {
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    // The location admin may not read Denver's details: those rows' timeZone fails.
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 60) { nodes { location { name timeZone } } } }"#;
    let text = post_text(&app.url, Some(LOCATION_ADMIN), q, json!({ "l": san_jose })).await;
    assert!(
        text.contains(r#"{"location":{"name":"Denver","timeZone":null}}"#),
        "{text}"
    );
    assert!(
        !text.contains(r#"{"location":{"name":"Denver"}}"#),
        "{text}"
    );
    let response: Value = serde_json::from_str(&text).unwrap();
    let denver = nodes(&response)
        .iter()
        .filter(|n| n["location"]["name"] == "Denver")
        .count();
    assert!(denver > 0);
    assert_eq!(error_codes(&response).len(), denver);
    assert!(
        response["errors"][0]["path"][2].as_u64().is_some(),
        "{text}"
    );
}

#[tokio::test]
async fn an_unknown_location_is_null_beside_its_sibling_and_alone() {
    let app = spawn_app().await;
    let london = app.location_id(0, "London").await;
    let q = format!(
        r#"{{ a: location(id: "bogus") {{ name }} b: location(id: "{london}") {{ name }} }}"#
    );
    let text = post_text(&app.url, Some(ADMIN), &q, json!({})).await;
    assert!(
        text.starts_with(
            r#"{"data":{"a":null,"b":{"name":"London"}},"errors":[{"message":"location not found""#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#""path":["a"],"extensions":{"code":"NOT_FOUND"}"#),
        "{text}"
    );
    let text = post_text(
        &app.url,
        Some(ADMIN),
        r#"{ a: location(id: "bogus") { name } }"#,
        json!({}),
    )
    .await;
    assert!(
        text.starts_with(r#"{"data":{"a":null},"errors":"#),
        "{text}"
    );
}

#[tokio::test]
async fn a_failed_non_null_field_nulls_its_nearest_nullable_parent() {
    let app = spawn_app().await;
    // `name` is non-null; for an unknown id it fails, so the nullable entity becomes null.
    let q =
        r#"query($r: [_Any!]!) { _entities(representations: $r) { ... on Location { id name } } }"#;
    let reps = json!([{ "__typename": "Location", "id": "bogus" }]);
    let text = post_text(&app.url, Some(ADMIN), q, json!({ "r": reps })).await;
    assert!(
        text.starts_with(r#"{"data":{"_entities":[null]}"#),
        "{text}"
    );
    // People down: every person's detail fails, yet each Person keeps its summary fields and
    // shows the failed ones as null.
    app.fault(json!({ "path": "/v1/people", "status": 500 }))
        .await;
    let san_jose = app.location_id(0, "San Jose").await;
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 100) { nodes { owner { ... on Person { id firstName emails title } } } } }"#;
    let text = post_text(&app.url, Some(ADMIN), q, json!({ "l": san_jose })).await;
    assert!(text.contains(r#""emails":null,"title":null}"#), "{text}");
}

#[tokio::test]
async fn entities_resolve_one_by_one_with_errors_at_their_index() {
    let app = spawn_app().await;
    let london = app.location_id(0, "London").await;
    let q = r#"query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Location { id name } } }"#;
    let reps = json!([
        { "__typename": "Location", "id": "bogus" },
        { "__typename": "Location", "id": london },
        { "__typename": "Nope", "id": "x" },
        { "__typename": "Location", "id": "  " }
    ]);
    let text = post_text(&app.url, Some(ADMIN), q, json!({ "r": reps })).await;
    let response: Value = serde_json::from_str(&text).unwrap();
    let entities = response["data"]["_entities"].as_array().unwrap();
    assert_eq!(entities.len(), 4);
    assert!(entities[0].is_null() && entities[2].is_null() && entities[3].is_null());
    assert_eq!(entities[1]["name"], "London");
    let paths: Vec<&Value> = response["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["path"])
        .collect();
    assert_eq!(
        paths,
        [
            &json!(["_entities", 0]),
            &json!(["_entities", 2]),
            &json!(["_entities", 3])
        ]
    );
    assert_eq!(
        error_codes(&response),
        ["NOT_FOUND", "BAD_USER_INPUT", "BAD_USER_INPUT"]
    );
}

#[tokio::test]
async fn fields_come_back_in_query_order_under_type_conditions_and_merges() {
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    // On a hunt group the Person fragment does not apply, so `extension` is placed where the
    // HuntGroup fragment selects it: after `id`. The detail field waits on a loader, so the
    // executor finishes it last; the order must still be the query's.
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 1, filter: { ownerName: "hunt" }) {
        pageInfo { endCursor }
        nodes {
          owner { ... on Person { extension } ... on Owner { id } ... on HuntGroup { extension } ... on Owner { alias: rawType } }
          phoneNumber
          owner { ... on HuntGroup { name } }
          location { timeZone name }
        } } }"#;
    let text = post_text(&app.url, Some(ADMIN), q, json!({ "l": san_jose })).await;
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing from {text}"))
    };
    assert!(at("\"pageInfo\"") < at("\"nodes\""), "{text}");
    assert!(
        at("\"id\"") < at("\"extension\"") && at("\"extension\"") < at("\"alias\""),
        "{text}"
    );
    assert!(
        at("\"alias\"") < at("\"name\":\"Denver Hunt"),
        "merged owner fields follow: {text}"
    );
    assert!(
        at("\"owner\"") < at("\"phoneNumber\"") && at("\"phoneNumber\"") < at("\"location\""),
        "{text}"
    );
    assert!(at("\"timeZone\"") < at("\"name\":\"Denver\""), "{text}");
    assert!(
        !text.contains("__completion"),
        "the hidden __typename leaked: {text}"
    );
}

#[tokio::test]
async fn the_response_media_type_follows_accept_and_request_errors_have_no_data() {
    let app = spawn_app().await;
    let ok = r#"{"query":"{ __typename }"}"#;
    let bad = r#"{"query":"{"}"#;
    let invalid = r#"{"query":"{ nope }"}"#;
    let gr = "application/graphql-response+json";
    for (accept, ctype) in [
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (Some("application/json"), "application/json"),
        (Some(gr), gr),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            gr,
        ),
    ] {
        let (status, got, vary, _) = raw(&app.url, accept, ok).await;
        assert_eq!(status, 200);
        assert!(got.starts_with(ctype), "{accept:?} → {got}");
        assert!(vary.contains("accept"), "{vary}");
    }
    let (status, ctype, _, body) = raw(&app.url, Some(gr), bad).await;
    assert_eq!((status, ctype.starts_with(gr)), (400, true));
    assert_eq!(
        body,
        r#"{"errors":[{"message":"Syntax error at 1:2: expected selection","locations":[{"line":1,"column":2}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}"#
    );
    let (status, _, _, body) = raw(&app.url, Some(gr), invalid).await;
    assert_eq!(status, 400);
    assert!(
        body.starts_with(r#"{"errors":[{"message":"#) && !body.contains("\"data\""),
        "{body}"
    );
    assert!(body.contains("GRAPHQL_VALIDATION_FAILED"), "{body}");
    // Under application/json a well-formed request answers 200, still without data.
    let (status, _, _, body) = raw(&app.url, Some("application/json"), bad).await;
    assert_eq!(status, 200);
    assert!(
        !body.contains("\"data\"") && body.contains("GRAPHQL_PARSE_FAILED"),
        "{body}"
    );
    // Variable coercion failures are request errors too.
    let coerce = r#"{"query":"query($n: Int) { availableCallerIdNumbers(locationId: \"x\", first: $n) { nodes { phoneNumber } } }","variables":{"n":"ten"}}"#;
    let (status, _, _, body) = raw(&app.url, Some(gr), coerce).await;
    assert_eq!(status, 400, "{body}");
    assert!(!body.contains("\"data\""), "{body}");
}

#[tokio::test]
async fn get_graphql_varies_on_accept() {
    let app = spawn_app().await;
    for accept in ["text/html", "application/json"] {
        let response = http()
            .get(format!("{}?query=%7B__typename%7D", app.url))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        let vary = response
            .headers()
            .get("vary")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(vary.contains("accept"), "{accept}: {vary}");
    }
    let page = app.playground().await;
    assert!(
        page.headers()
            .get("vary")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("accept")
    );
}

#[tokio::test]
async fn page_info_has_relay_fields_and_cursors_belong_to_their_query() {
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    let london = app.location_id(0, "London").await;
    let q = r#"query($l: ID!, $after: String, $name: String) { availableCallerIdNumbers(locationId: $l, first: 2, after: $after, filter: { ownerName: $name }) {
        edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"#;
    let first = app.query(Some(ADMIN), q, json!({ "l": san_jose })).await;
    let info = &first["data"]["availableCallerIdNumbers"]["pageInfo"];
    assert_eq!(info["hasPreviousPage"], false);
    let edges = first["data"]["availableCallerIdNumbers"]["edges"]
        .as_array()
        .unwrap();
    assert_eq!(info["startCursor"], edges[0]["cursor"]);
    assert_eq!(info["endCursor"], edges[1]["cursor"]);
    let end = info["endCursor"].as_str().unwrap();
    let second = app
        .query(Some(ADMIN), q, json!({ "l": san_jose, "after": end }))
        .await;
    assert_eq!(
        second["data"]["availableCallerIdNumbers"]["pageInfo"]["hasPreviousPage"],
        true
    );
    for other in [
        json!({ "l": london, "after": end }),
        json!({ "l": san_jose, "after": end, "name": "hunt" }),
    ] {
        let response = app.query(Some(ADMIN), q, other).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");
        assert!(
            response["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("another query")
        );
    }
    // The old offset cursors, and ones that would overflow, are not ours.
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    for bad in [
        b64("offset:18446744073709551614"),
        b64("n1:18446744073709551615:0"),
    ] {
        let response = app
            .query(Some(ADMIN), q, json!({ "l": san_jose, "after": bad }))
            .await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");
    }
}

#[tokio::test]
async fn an_empty_page_never_promises_a_next_page_without_a_cursor() {
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 5, filter: { ownerName: "nobody-has-this-name" }) {
        nodes { phoneNumber } pageInfo { hasNextPage endCursor } } }"#;
    let text = post_text(&app.url, Some(ADMIN), q, json!({ "l": san_jose })).await;
    assert!(
        text.contains(r#""pageInfo":{"hasNextPage":false,"endCursor":null}"#),
        "{text}"
    );
}

#[tokio::test]
async fn node_refetches_by_webex_id_and_owner_has_summary_fields() {
    let app = spawn_app().await;
    let london = app.location_id(0, "London").await;
    let q = format!(
        r#"{{ a: node(id: "{london}") {{ __typename id ... on Location {{ name }} }} b: node(id: "bogus") {{ id }} }}"#
    );
    let text = post_text(&app.url, Some(ADMIN), &q, json!({})).await;
    assert_eq!(
        text,
        format!(
            r#"{{"data":{{"a":{{"__typename":"Location","id":"{london}","name":"London"}},"b":null}}}}"#
        )
    );
    let san_jose = app.location_id(0, "San Jose").await;
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 30) { nodes { owner { ... on Owner { id firstName lastName displayName } } } } }"#;
    let response = app.query(Some(ADMIN), q, json!({ "l": san_jose })).await;
    assert!(response["errors"].is_null(), "{response}");
    let person = nodes(&response)
        .iter()
        .find(|n| n["owner"]["firstName"].is_string())
        .expect("a person");
    let id = person["owner"]["id"].as_str().unwrap();
    let q = format!(r#"{{ node(id: "{id}") {{ __typename ... on Person {{ displayName }} }} }}"#);
    let response = app.query(Some(ADMIN), &q, json!({})).await;
    assert_eq!(
        response["data"]["node"]["__typename"], "Person",
        "{response}"
    );
    assert_eq!(
        response["data"]["node"]["displayName"],
        person["owner"]["displayName"]
    );
}

#[tokio::test]
async fn an_oversized_body_is_a_readable_json_413() {
    let app = spawn_app().await;
    let body = vec![b'a'; 5 * 1024 * 1024];
    // A plain client: no `Expect: 100-continue`, it writes the whole body before reading.
    let url = app.url.clone();
    let (status, text) = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let addr = url.trim_start_matches("http://").trim_end_matches("/graphql").to_owned();
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let head = format!(
            "POST /graphql HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        let status = answer.split(' ').nth(1).unwrap_or_default().to_owned();
        (status, answer)
    })
    .await
    .unwrap();
    assert_eq!(status, "413", "{text}");
    assert!(
        text.contains(r#""extensions":{"code":"BAD_REQUEST"}"#),
        "{text}"
    );
}

#[tokio::test]
async fn the_readme_example_query_still_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let body = readme
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("-d '")
                .and_then(|l| l.strip_suffix('\''))
        })
        .expect("the README has a curl example");
    let request: Value = serde_json::from_str(body).unwrap();
    let app = spawn_app().await;
    let response = app
        .query(Some(ADMIN), request["query"].as_str().unwrap(), json!({}))
        .await;
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(nodes(&response).len(), 3);
}

#[tokio::test]
async fn automatic_persisted_queries_work_on_post_and_get_with_private_caching() {
    use sha2_hash::hex_sha256;
    let app = crate::helpers::spawn_with(crate::helpers::args(&["--cache-max-age", "60"])).await;
    let query = "{ __typename }";
    let hash = hex_sha256(query);
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let post = |body: Value| {
        let url = app.url.clone();
        async move {
            let r = http()
                .post(url)
                .bearer_auth(ADMIN)
                .json(&body)
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()
        }
    };
    // Unknown hash: the client is told to send the text once.
    let miss = post(json!({ "extensions": ext })).await;
    assert_eq!(
        miss["errors"][0]["message"], "PersistedQueryNotFound",
        "{miss}"
    );
    assert_eq!(error_codes(&miss), ["PERSISTED_QUERY_NOT_FOUND"]);
    let full = post(json!({ "query": query, "extensions": ext })).await;
    assert_eq!(full["data"]["__typename"], "Query", "{full}");
    let hit = post(json!({ "extensions": ext })).await;
    assert_eq!(hit["data"]["__typename"], "Query", "{hit}");
    // GET with the hash alone, as Apollo's persisted-query link does for queries.
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("extensions", &ext.to_string())
        .finish();
    let response = http()
        .get(format!("{}?{encoded}", app.url))
        .bearer_auth(ADMIN)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "private, max-age=60");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn get_answers_are_not_stored_by_default() {
    let app = spawn_app().await;
    let response = http()
        .get(format!("{}?query=%7B__typename%7D", app.url))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
}

pub mod sha2_hash {
    /// SHA-256 of `text`, hex, as Apollo's clients compute the persisted query hash.
    pub fn hex_sha256(text: &str) -> String {
        use sha2::{Digest, Sha256};
        format!("{:x}", Sha256::digest(text.as_bytes()))
    }
}
