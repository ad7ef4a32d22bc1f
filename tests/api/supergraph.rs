//! A real supergraph in CI: the binary's subgraph plus a second subgraph that extends `Location`
//! and `Person`, composed with Apollo's composition and served through Apollo Gateway and Hive
//! Gateway (`tests/clients/supergraph.mjs`, pinned by `tests/clients/package-lock.json`). A query
//! crossing both subgraphs must answer the same through both gateways with the bearer token
//! forwarded, an error must keep its `extensions.code` and `trackingId`, and `setCallerId` must
//! reach Webex through each gateway with its payload's Person joined across both subgraphs.

use crate::clients::{project, run};
use crate::helpers::{ADMIN, spawn_app};

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn both_gateways_compose_and_join_across_subgraphs_with_the_token_forwarded() {
    let dir = project();
    let app = spawn_app().await;
    let san_jose = app.location_id(0, "San Jose").await;
    let out = run(
        &dir,
        "node",
        &["supergraph.mjs", &app.url, ADMIN, &san_jose],
    )
    .await;
    eprintln!("{out}");
    assert!(out.contains("supergraph: ok"), "{out}");
    for gateway in ["apollo", "hive"] {
        assert!(
            out.contains(&format!("{gateway}: setCallerId saved")),
            "the mutation through {gateway}: {out}"
        );
    }
    assert!(
        out.contains("composed: 0 hint(s)"),
        "composition hints: {out}"
    );
}
