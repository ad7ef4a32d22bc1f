//! Liveness, readiness and the `health` command that container health checks run.

use callerid_graphql::simulator::{self, SimulatorConfig};
use serde_json::Value;

use crate::helpers::{args, http, spawn_app, spawn_with};

async fn get(url: &str) -> (u16, Value) {
    let response = http().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn liveness_answers_on_every_name_operators_expect() {
    let app = spawn_app().await;
    let base = app.url.trim_end_matches("/graphql").to_owned();
    for path in ["/healthz", "/health"] {
        assert_eq!(
            get(&format!("{base}{path}")).await,
            (200, serde_json::json!({ "status": "ok" }))
        );
    }
    assert_eq!(
        get(&format!("{base}/.well-known/apollo/server-health")).await,
        (200, serde_json::json!({ "status": "pass" }))
    );
}

#[tokio::test]
async fn readiness_follows_the_upstream() {
    // A port with nothing behind it yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let upstream = format!("http://127.0.0.1:{port}/v1");
    let app = spawn_with(args(&["--upstream-url", &upstream])).await;
    let ready = app.url.replace("/graphql", "/readyz");
    let (status, body) = get(&ready).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["reason"], "Webex could not be reached");
    // The upstream comes up: ready again, and the answer names no host, port or token.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(simulator::serve(
        listener,
        SimulatorConfig::default(),
        async move {
            let _ = stopped.await;
        },
    ));
    let (status, body) = get(&ready).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ready")));
    let _ = stop.send(());
}

#[tokio::test]
async fn the_health_command_exits_by_the_answer() {
    let app = spawn_app().await;
    let bin = env!("CARGO_BIN_EXE_callerid-graphql");
    let run = |url: String| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin)
                .args(["health", "--url", &url, "--timeout-ms", "2000"])
                .status()
                .unwrap()
                .code()
        })
    };
    let healthy = run(app.url.replace("/graphql", "/healthz")).await.unwrap();
    assert_eq!(healthy, Some(0));
    let missing = run(app.url.replace("/graphql", "/nope")).await.unwrap();
    assert_eq!(missing, Some(1));
    let closed = run("http://127.0.0.1:9/healthz".into()).await.unwrap();
    assert_eq!(closed, Some(1));
}

#[tokio::test]
async fn every_metric_family_has_help_and_the_build_is_named() {
    let app = spawn_app().await;
    // Something in every family: a query that calls Webex and one that fails.
    let _ = app
        .query(
            Some(crate::helpers::ADMIN),
            r#"{ location(id: "bogus") { name } }"#,
            serde_json::json!({}),
        )
        .await;
    let text = crate::helpers::metrics_text(&app.url).await;
    let families: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert!(families.len() >= 5, "{text}");
    for family in &families {
        assert!(
            text.contains(&format!("# HELP {family} ")),
            "{family} has no HELP line:\n{text}"
        );
    }
    assert!(
        text.contains(&format!(
            "callerid_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
}

#[tokio::test]
async fn operations_are_counted_by_the_documents_name_when_the_request_gives_none() {
    let app = spawn_app().await;
    // A name no other test uses: the recorder is shared by every test in this binary.
    let _ = app
        .query(
            Some(crate::helpers::ADMIN),
            "query CountedByItsDocumentName { __typename }",
            serde_json::json!({}),
        )
        .await;
    let text = crate::helpers::metrics_text(&app.url).await;
    assert!(
        text.lines()
            .any(|l| l.starts_with("callerid_graphql_requests_total{")
                && l.contains("operation=\"CountedByItsDocumentName\"")
                && l.contains("outcome=\"ok\"")),
        "{text}"
    );
}
