//! Trusted documents (`--trusted-documents`): a listed document runs however the request names
//! it (documentId by POST or GET, either spelling of its hash, Apollo's persistedQuery hash, its
//! exact text); in `enforce` mode anything else is refused before it is parsed and reaches no
//! upstream, the playground is off, and a subscription is admitted by the same rule; in `log`
//! mode it runs and is counted.

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{
    ADMIN, SendJson, TestApp, args, error_codes, metrics_text, spawn_with, total,
};

const LOCATIONS: &str = "query Locations { locations(first: 2) { nodes { id name } } }";
const TYPENAME: &str = "query Typename { __typename }";
const FOLLOW: &str = "subscription Follow($id: ID!) { callerIdJob(id: $id) { id state } }";

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// Two lists as the client tools write them: codegen's map and Apollo's manifest.
fn lists(dir: &std::path::Path) -> (String, String) {
    let codegen = dir.join("persisted-documents.json");
    std::fs::write(
        &codegen,
        json!({
            format!("sha256:{}", sha256(LOCATIONS)): LOCATIONS,
            format!("sha256:{}", sha256(FOLLOW)): FOLLOW,
        })
        .to_string(),
    )
    .unwrap();
    let apollo = dir.join("apollo-manifest.json");
    std::fs::write(
        &apollo,
        json!({
            "format": "apollo-persisted-query-manifest", "version": 1,
            "operations": [{ "id": sha256(TYPENAME), "name": "Typename", "type": "query",
                             "body": TYPENAME }]
        })
        .to_string(),
    )
    .unwrap();
    (
        codegen.to_string_lossy().into_owned(),
        apollo.to_string_lossy().into_owned(),
    )
}

async fn app(mode: &str) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (codegen, apollo) = lists(dir.path());
    let app = spawn_with(args(&[
        "--trusted-documents",
        &codegen,
        "--trusted-documents",
        &apollo,
        "--trusted-documents-mode",
        mode,
    ]))
    .await;
    (app, dir)
}

async fn send(app: &TestApp, body: Value) -> (u16, Value) {
    let response = app
        .http
        .post(&app.url)
        .bearer_auth(ADMIN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn apq(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn a_listed_document_runs_however_the_request_names_it() {
    let (app, _dir) = app("enforce").await;
    let hash = sha256(LOCATIONS);
    for body in [
        json!({ "documentId": format!("sha256:{hash}") }),
        json!({ "documentId": hash }),
        json!({ "extensions": apq(&hash) }),
        json!({ "query": LOCATIONS, "extensions": apq(&hash) }),
        json!({ "query": LOCATIONS }),
    ] {
        let (status, answer) = send(&app, body.clone()).await;
        assert_eq!(status, 200, "{body}: {answer}");
        assert!(answer["errors"].is_null(), "{body}: {answer}");
        assert_eq!(
            answer["data"]["locations"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{body}: {answer}"
        );
    }
    // By GET, as the proposal has it; Apollo's manifest id too.
    let answer: Value = app
        .http
        .get(format!(
            "{}?documentId=sha256:{}",
            app.url,
            sha256(TYPENAME)
        ))
        .bearer_auth(ADMIN)
        .header("accept", "application/graphql-response+json")
        .send_json()
        .await;
    assert_eq!(answer, json!({ "data": { "__typename": "Query" } }));
    // A batch admits each of its requests by itself.
    let (_, answer) = send(
        &app,
        json!([{ "documentId": sha256(TYPENAME) }, { "query": "{ __typename }" }]),
    )
    .await;
    assert_eq!(answer[0], json!({ "data": { "__typename": "Query" } }));
    assert_eq!(error_codes(&answer[1]), vec!["PERSISTED_QUERY_NOT_IN_LIST"]);
}

#[tokio::test]
async fn enforce_refuses_everything_else_before_it_runs() {
    let (app, _dir) = app("enforce").await;
    app.reset_stats().await;
    let unlisted = "query Locations { locations(first: 2) { nodes { id } } }";
    for (body, code) in [
        (json!({ "query": unlisted }), "PERSISTED_QUERY_NOT_IN_LIST"),
        // A listed document with one more space is another document.
        (
            json!({ "query": format!("{LOCATIONS} ") }),
            "PERSISTED_QUERY_NOT_IN_LIST",
        ),
        // Not parsed: a broken document is refused for not being listed, not for its syntax.
        (
            json!({ "query": "{ locations(" }),
            "PERSISTED_QUERY_NOT_IN_LIST",
        ),
        (
            json!({ "query": "{ __schema { types { name } } }" }),
            "PERSISTED_QUERY_NOT_IN_LIST",
        ),
        // Apollo's link registering a new document: refused, not stored.
        (
            json!({ "query": unlisted, "extensions": apq(&sha256(unlisted)) }),
            "PERSISTED_QUERY_NOT_IN_LIST",
        ),
        (
            json!({ "extensions": apq(&sha256(unlisted)) }),
            "PERSISTED_QUERY_NOT_FOUND",
        ),
        (
            json!({ "documentId": "sha256:0000" }),
            "PERSISTED_QUERY_NOT_FOUND",
        ),
        (
            json!({ "documentId": sha256(LOCATIONS), "query": LOCATIONS }),
            "BAD_REQUEST",
        ),
    ] {
        let (_, answer) = send(&app, body.clone()).await;
        assert_eq!(error_codes(&answer), vec![code], "{body}: {answer}");
        assert!(answer["data"].is_null(), "{body}: {answer}");
    }
    assert_eq!(total(&app.take_stats().await), 0, "nothing reached Webex");
    // The refused registration was not stored: its hash is still unknown.
    let (_, answer) = send(&app, json!({ "extensions": apq(&sha256(unlisted)) })).await;
    assert_eq!(error_codes(&answer), vec!["PERSISTED_QUERY_NOT_FOUND"]);
    // The playground would send what its user types: it is not served.
    let page = app.playground().await;
    assert_eq!(page.status(), 400);
    assert!(
        !page.text().await.unwrap().contains("<html"),
        "no playground in enforce mode"
    );
    let metrics = metrics_text(&app.url).await;
    assert!(
        metrics.contains(r#"callerid_graphql_errors_total{code="PERSISTED_QUERY_NOT_IN_LIST"}"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_subscription_is_admitted_by_the_same_rule() {
    let (app, _dir) = app("enforce").await;
    let ws = app.url.replace("http://", "ws://");
    let mut request = ws.into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let text = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(text(json!({ "type": "connection_init",
            "payload": { "Authorization": format!("Bearer {ADMIN}") } })))
        .await
        .unwrap();
    socket.next().await.unwrap().unwrap();
    // The first message of the subscription, read through to its `complete`.
    let mut answer = async |payload: Value| -> Value {
        socket
            .send(text(
                json!({ "id": "s", "type": "subscribe", "payload": payload }),
            ))
            .await
            .unwrap();
        let mut first = None;
        loop {
            let Some(Ok(Message::Text(message))) = socket.next().await else {
                panic!("no answer");
            };
            let message: Value = serde_json::from_str(&message).unwrap();
            if message["type"] == "complete" {
                break first.expect("a message before complete");
            }
            first.get_or_insert(message);
        }
    };
    let unlisted = "subscription { callerIdJob(id: \"CallerIdJob-x\") { id } }";
    let refused = answer(json!({ "query": unlisted })).await;
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST",
        "{refused}"
    );
    // The listed subscription runs: an unknown job is its own error, not the list's.
    let listed = answer(json!({ "query": FOLLOW, "variables": { "id": "CallerIdJob-x" } })).await;
    assert_eq!(
        listed["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{listed}"
    );
}

#[tokio::test]
async fn log_mode_runs_what_is_not_listed_and_counts_it() {
    let (app, _dir) = app("log").await;
    let unlisted = "query Mine { __typename }";
    for _ in 0..3 {
        let (status, answer) = send(&app, json!({ "query": unlisted })).await;
        assert_eq!(status, 200);
        assert_eq!(answer, json!({ "data": { "__typename": "Query" } }));
    }
    let (_, answer) = send(&app, json!({ "documentId": sha256(TYPENAME) })).await;
    assert_eq!(answer, json!({ "data": { "__typename": "Query" } }));
    // An id the list does not hold has nothing to run, in either mode.
    let (_, answer) = send(&app, json!({ "documentId": "nope" })).await;
    assert_eq!(error_codes(&answer), vec!["PERSISTED_QUERY_NOT_FOUND"]);
    let metrics = metrics_text(&app.url).await;
    assert!(
        metrics.contains("callerid_untrusted_documents_total 3"),
        "{metrics}"
    );
    // The playground stays: what it sends runs and is counted.
    let page = app.playground().await;
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn without_a_list_a_document_id_is_not_supported() {
    let app = spawn_with(args(&[])).await;
    let (_, answer) = send(&app, json!({ "documentId": sha256(TYPENAME) })).await;
    assert_eq!(
        error_codes(&answer),
        vec!["PERSISTED_QUERY_NOT_SUPPORTED"],
        "{answer}"
    );
}

#[tokio::test]
async fn a_list_that_does_not_match_its_ids_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lies.json");
    std::fs::write(
        &path,
        json!({ format!("sha256:{}", sha256("{ x }")): TYPENAME }).to_string(),
    )
    .unwrap();
    let path = path.to_string_lossy().into_owned();
    let Err(err) = callerid_graphql::app::App::build(args(&["--trusted-documents", &path])).await
    else {
        panic!("the start fails");
    };
    let err = format!("{err:#}");
    assert!(
        err.contains("lies.json") && err.contains("is not the SHA-256"),
        "{err}"
    );
}

#[tokio::test]
async fn a_list_compiled_for_another_schema_stops_the_start_naming_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stale.json");
    let renamed = "query Renamed { locations(first: 2) { nodes { id nickname } } }";
    let required = "query Required { location { id } }";
    std::fs::write(
        &path,
        json!({
            format!("sha256:{}", sha256(renamed)): renamed,
            format!("sha256:{}", sha256(required)): required,
            format!("sha256:{}", sha256(LOCATIONS)): LOCATIONS,
            format!("sha256:{}", sha256(FOLLOW)): FOLLOW,
        })
        .to_string(),
    )
    .unwrap();
    let path = path.to_string_lossy().into_owned();
    // Log mode too: the list's front-end would fail either way.
    for mode in ["enforce", "log"] {
        let Err(err) = callerid_graphql::app::App::build(args(&[
            "--trusted-documents",
            &path,
            "--trusted-documents-mode",
            mode,
        ]))
        .await
        else {
            panic!("{mode}: the start fails");
        };
        let err = format!("{err:#}");
        assert!(err.contains("2 of the 4 listed documents"), "{mode}: {err}");
        assert!(
            err.contains(&format!("document \"sha256:{}\"", sha256(renamed)))
                && err.contains("Unknown field \"nickname\""),
            "{mode}: {err}"
        );
        assert!(
            err.contains(&format!("document \"sha256:{}\"", sha256(required)))
                && err.contains("\"id\""),
            "{mode}: {err}"
        );
        assert!(!err.contains(&sha256(LOCATIONS)), "{mode}: {err}");
    }
}
