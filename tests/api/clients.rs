//! The client tools front-end teams point at this service, run for real from the pinned npm
//! project in `tests/clients/`: the GraphQL-over-HTTP server audit against the running app,
//! relay-compiler (`@connection`, `@refetchable`), GraphQL Code Generator + `tsc --strict`
//! against `schema.graphql`, and the caller ID picker written with Apollo Client 4. `.ci/run`
//! installs the project with `npm ci` and runs them with `--include-ignored`; a plain `cargo test`
//! reports them as ignored, never as passed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{ADMIN, spawn_app};

pub fn project() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients");
    assert!(
        dir.join("node_modules/.bin").is_dir(),
        "tests/clients/node_modules is missing: run `npm ci` in tests/clients (this test is \
         #[ignore]d for that reason; `cargo test -- --include-ignored` runs it)"
    );
    dir
}

/// Runs a tool of the project off the async workers; panics with its output when it fails.
pub async fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let dir = dir.to_owned();
    let name = program.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&name)
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{name} could not start: {e}"))
    })
    .await
    .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{program} {:?} failed:\n{text}",
        output.status
    );
    text
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn the_graphql_over_http_audit_passes_every_must_and_should() {
    let dir = project();
    let app = spawn_app().await;
    let out = run(&dir, "node", &["audit.mjs", &app.url, ADMIN]).await;
    eprintln!("{out}");
    assert!(out.contains("MUST 13/13"), "{out}");
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn relay_compiler_compiles_a_connection_and_refetchable_fragments() {
    let dir = project();
    let out = run(&dir, "node_modules/.bin/relay-compiler", &[]).await;
    assert!(out.contains("Compilation completed"), "{out}");
    let generated = dir.join("relay/__generated__");
    for artifact in [
        "NumbersListPaginationQuery.graphql.ts",
        "LocationCardRefetchQuery.graphql.ts",
        "PersonCallerIdRefetchQuery.graphql.ts",
        "LocationPeoplePaginationQuery.graphql.ts",
        "PickerRelaySetCallerIdMutation.graphql.ts",
        "PersonEmergencyCallbackRefetchQuery.graphql.ts",
        "PickerRelaySetEmergencyCallbackMutation.graphql.ts",
    ] {
        assert!(generated.join(artifact).is_file(), "{artifact} missing");
    }
    // Relay refetches a Location through `node(id:)`: the schema must offer it.
    let refetch =
        std::fs::read_to_string(generated.join("LocationCardRefetchQuery.graphql.ts")).unwrap();
    assert!(refetch.contains("node(id: $id)"), "{refetch}");
    // The picker's Person fragment, caller ID included, refetches the same way.
    let person =
        std::fs::read_to_string(generated.join("PersonCallerIdRefetchQuery.graphql.ts")).unwrap();
    assert!(
        person.contains("node(id: $id)") && person.contains("callerId"),
        "{person}"
    );
}

/// The picker as an Apollo Client 4 app writes it (`tests/clients/picker.mjs`): locations,
/// people with their caller ID and candidates, `setCallerId`, then the list read back from the
/// normalized cache with no further request; then the emergency callback step the same way (a
/// dry run that leaves the cache alone, the write, the member read back from the cache).
#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn apollo_client_updates_its_cache_from_the_set_caller_id_payload() {
    let dir = project();
    let app = spawn_app().await;
    let out = run(&dir, "node", &["picker.mjs", &app.url, ADMIN]).await;
    eprintln!("{out}");
    assert!(out.contains("picker: ok"), "{out}");
    assert!(out.contains("3 requests in all"), "{out}");
    assert!(out.contains("emergency callback: ok"), "{out}");
}

/// A caller ID job as an Apollo Client 4 app runs it (`tests/clients/jobs.mjs`): planned, run,
/// followed over WebSocket with `GraphQLWsLink` (graphql-ws), its items read, and the list it
/// changed read back from the normalized cache with no further request.
#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn apollo_client_follows_a_job_over_graphql_ws_and_its_cache_shows_the_result() {
    let dir = project();
    let app = spawn_app().await;
    let out = run(&dir, "node", &["jobs.mjs", &app.url, ADMIN]).await;
    eprintln!("{out}");
    assert!(out.contains("jobs: ok"), "{out}");
    assert!(out.contains("events over graphql-ws"), "{out}");
}

#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn codegen_types_for_union_fragments_compile_under_strict_tsc() {
    let dir = project();
    run(
        &dir,
        "node_modules/.bin/graphql-codegen",
        &["--config", "codegen.yml"],
    )
    .await;
    run(&dir, "node_modules/.bin/tsc", &["-p", "tsconfig.json"]).await;
}
