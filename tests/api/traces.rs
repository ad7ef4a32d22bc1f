//! OpenTelemetry export, tested on the real binary against an in-process OTLP/HTTP collector: the
//! request, loader-batch and upstream spans arrive as one tree under the caller's trace, and the
//! `traceparent` Webex receives names the exported upstream span.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;
use serde_json::{Value, json};

use crate::helpers::{Binary, SendJson, one_person_webex};

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "00f067aa0ba902b7";

/// An OTLP/HTTP collector on port 0 keeping every export request's body.
async fn collector() -> (String, Arc<Mutex<Vec<Bytes>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let router = axum::Router::new()
        .route(
            "/v1/traces",
            axum::routing::post(
                |State(bodies): State<Arc<Mutex<Vec<Bytes>>>>, body: Bytes| async move {
                    bodies.lock().unwrap().push(body);
                    // An empty ExportTraceServiceResponse: everything accepted.
                    (
                        [("content-type", "application/x-protobuf")],
                        Vec::<u8>::new(),
                    )
                },
            ),
        )
        .with_state(bodies.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}"), bodies)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_reach_the_collector_as_one_tree_under_the_callers_trace() {
    let (collector, bodies) = collector().await;
    let webex = one_person_webex().await;
    let upstream = format!("{}/v1", webex.uri());
    let binary = Binary::start(&["--upstream-url", &upstream, "--otlp-endpoint", &collector]);
    let response: Value = crate::helpers::http()
        .post(&binary.url)
        .bearer_auth("real-token")
        .header("traceparent", format!("00-{TRACE}-{CALLER_SPAN}-01"))
        .json(&json!({ "query": r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { owner { ... on Person { emails } } } } }"# }))
        .send_json().await;
    assert!(response["errors"].is_null(), "{response}");
    // SIGTERM: the service stops cleanly and flushes its queued spans on the way out.
    let (status, binary) = tokio::task::spawn_blocking(move || {
        let mut binary = binary;
        (binary.terminate(), binary)
    })
    .await
    .unwrap();
    assert!(status.success(), "{}", binary.log());

    let spans: Vec<Span> = bodies
        .lock()
        .unwrap()
        .iter()
        .flat_map(|body| {
            ExportTraceServiceRequest::decode(body.as_ref())
                .expect("protobuf OTLP")
                .resource_spans
        })
        .flat_map(|r| r.scope_spans)
        .flat_map(|s| s.spans)
        .collect();
    let names: Vec<&str> = spans.iter().map(|s| s.name.as_str()).collect();
    assert!(
        spans.iter().all(|s| hex(&s.trace_id) == TRACE),
        "every span joins the caller's trace: {names:?}"
    );
    let by_id: HashMap<String, &Span> = spans.iter().map(|s| (hex(&s.span_id), s)).collect();
    let ancestors = |span: &Span| {
        let mut chain = Vec::new();
        let mut parent = hex(&span.parent_span_id);
        while let Some(p) = by_id.get(&parent) {
            chain.push(p.name.clone());
            parent = hex(&p.parent_span_id);
        }
        (chain, parent)
    };

    let server: Vec<&Span> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Server as i32)
        .collect();
    assert_eq!(server.len(), 1, "{names:?}");
    assert_eq!(server[0].name, "POST /graphql");
    assert_eq!(hex(&server[0].parent_span_id), CALLER_SPAN);

    let clients: Vec<&Span> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Client as i32)
        .collect();
    let mut client_names: Vec<&str> = clients.iter().map(|s| s.name.as_str()).collect();
    client_names.sort_unstable();
    assert_eq!(
        client_names,
        [
            "GET /v1/people",
            "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers"
        ]
    );
    for client in &clients {
        let (chain, root_parent) = ancestors(client);
        assert!(
            chain.iter().any(|n| n == "POST /graphql"),
            "{} under {chain:?}",
            client.name
        );
        assert_eq!(root_parent, CALLER_SPAN);
        let status = client
            .attributes
            .iter()
            .find(|a| a.key == "http.response.status_code");
        assert!(status.is_some(), "{:?}", client.attributes);
    }
    let people = clients.iter().find(|s| s.name == "GET /v1/people").unwrap();
    assert!(
        ancestors(people).0.iter().any(|n| n == "loader.batch"),
        "the person lookup runs in a loader batch span"
    );

    // Each call Webex received names its own exported client span as the parent.
    let client_ids: Vec<String> = clients.iter().map(|s| hex(&s.span_id)).collect();
    let received = webex.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        let parent = request
            .headers
            .get("traceparent")
            .unwrap()
            .to_str()
            .unwrap();
        let parts: Vec<&str> = parent.split('-').collect();
        assert_eq!(parts[1], TRACE, "{parent}");
        assert!(client_ids.iter().any(|id| id == parts[2]), "{parent}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_can_travel_as_otlp_json() {
    let (collector, bodies) = collector().await;
    let webex = one_person_webex().await;
    let upstream = format!("{}/v1", webex.uri());
    let binary = Binary::start(&[
        "--upstream-url",
        &upstream,
        "--otlp-endpoint",
        &format!("{collector}/"),
        "--otlp-protocol",
        "http/json",
    ]);
    let response = crate::helpers::post(
        &binary.url,
        Some("real-token"),
        r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { phoneNumber } } }"#,
        json!({}),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    let status = tokio::task::spawn_blocking(move || {
        let mut binary = binary;
        binary.terminate()
    })
    .await
    .unwrap();
    assert!(status.success());
    let names: Vec<String> = bodies
        .lock()
        .unwrap()
        .iter()
        .map(|body| serde_json::from_slice::<Value>(body).expect("OTLP JSON"))
        .flat_map(|export| {
            let mut names = Vec::new();
            for resource in export["resourceSpans"].as_array().into_iter().flatten() {
                for scope in resource["scopeSpans"].as_array().into_iter().flatten() {
                    for span in scope["spans"].as_array().into_iter().flatten() {
                        names.push(span["name"].as_str().unwrap_or_default().to_owned());
                    }
                }
            }
            names
        })
        .collect();
    assert!(names.iter().any(|n| n == "POST /graphql"), "{names:?}");
}
