//! The deployment files, checked without a Docker engine (none runs on our machines):
//! docker-compose.yml against the Compose specification's schema, and every build context,
//! command, health check and environment variable it names against the repository and the
//! binary's `--help`; the Dockerfile for EXPOSE, a non-root user and a HEALTHCHECK
//! (`tests/clients/compose-check.mjs`). The stack's Node services (`deploy/gateway`) also run for
//! real, as processes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::clients::{project, run};
use crate::helpers::{ADMIN, error_codes, post, spawn_app};

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn the_compose_file_and_dockerfile_name_only_what_exists() {
    let dir = project();
    let bin = env!("CARGO_BIN_EXE_callerid-graphql");
    let out = run(&dir, "node", &["compose-check.mjs", bin]).await;
    assert!(out.contains("valid against the Compose schema"), "{out}");
}

/// A Node service of the compose stack, killed when dropped.
struct NodeService(std::process::Child);

impl Drop for NodeService {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

/// Starts `node script` in `dir` with `env`; returns it and the URL of its `ready url=` line.
fn start_node(dir: &Path, script: &str, env: &[(&str, &str)]) -> (NodeService, String) {
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("node {script} could not start: {e}"));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("ready url=").nth(1) {
                let _ = tx.send(rest.split(' ').next().unwrap_or_default().to_owned());
            }
        }
    });
    let service = NodeService(child);
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("node {script} never said it was ready"));
    (service, url)
}

/// The compose stack's Node half (`deploy/gateway`), run as compose runs it but without Docker:
/// the desks subgraph and the Hive Gateway composing it with the real service, queried across both
/// with the caller's token, and both health checks the compose file uses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Node and `npm ci` in deploy/gateway"]
async fn the_compose_gateway_serves_a_supergraph_of_both_subgraphs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/gateway");
    assert!(
        dir.join("node_modules").is_dir(),
        "deploy/gateway/node_modules is missing: run `npm ci` in deploy/gateway"
    );
    let app = spawn_app().await;
    let location = app.location_id(0, "San Jose").await;
    let (_desks, desks_url) = start_node(&dir, "desks.mjs", &[("DESKS_LISTEN", "127.0.0.1:0")]);
    let desks_graphql = format!("{}/graphql", desks_url.trim_end_matches('/'));
    let subgraphs = format!("callerid={},desks={desks_graphql}", app.url);
    let (_gateway, gateway_url) = start_node(
        &dir,
        "gateway.mjs",
        &[
            ("GATEWAY_LISTEN", "127.0.0.1:0"),
            ("SUBGRAPHS", &subgraphs),
            ("SUPERGRAPH_POLL_MS", "600000"),
        ],
    );
    for url in [&gateway_url, &desks_graphql] {
        run(&dir, "node", &["health.mjs", url]).await;
    }
    let query = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 30) {
        nodes { location { name deskCount } owner { __typename ... on Person { emails badge } } } } }"#;
    let answer = post(&gateway_url, Some(ADMIN), query, json!({ "l": location })).await;
    assert!(answer["errors"].is_null(), "{answer}");
    let nodes = crate::helpers::nodes(&answer);
    assert_eq!(nodes.len(), 30, "{answer}");
    assert!(
        nodes
            .iter()
            .all(|n| n["location"]["name"].is_string()
                && n["location"]["deskCount"].as_i64() > Some(0)),
        "{answer}"
    );
    let people: Vec<&Value> = nodes
        .iter()
        .filter(|n| n["owner"]["__typename"] == "Person")
        .collect();
    assert!(!people.is_empty(), "{answer}");
    for person in people {
        // emails come from this service with the caller's token; badge from the desks subgraph.
        assert!(person["owner"]["emails"][0].as_str().unwrap().contains('@'));
        assert!(person["owner"]["badge"].as_str().unwrap().starts_with("B-"));
    }
    let refused = post(&gateway_url, None, query, json!({ "l": location })).await;
    assert_eq!(error_codes(&refused), ["UNAUTHENTICATED"], "{refused}");
}
