//! The deployment files, checked without a Docker engine (none runs on our machines):
//! docker-compose.yml against the Compose specification's schema, and every build context,
//! command, health check and environment variable it names against the repository and the
//! binary's `--help`; the Dockerfile for EXPOSE, a non-root user and a HEALTHCHECK
//! (`tests/clients/compose-check.mjs`).

use crate::clients::{project, run};

#[tokio::test]
async fn the_compose_file_and_dockerfile_name_only_what_exists() {
    let Some(dir) = project() else { return };
    let bin = env!("CARGO_BIN_EXE_callerid-graphql");
    let out = run(&dir, "node", &["compose-check.mjs", bin]).await;
    assert!(out.contains("valid against the Compose schema"), "{out}");
}
