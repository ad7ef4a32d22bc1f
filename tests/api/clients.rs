//! The client tools front-end teams point at this service, run for real from the pinned npm
//! project in `tests/clients/`: the GraphQL-over-HTTP server audit against the running app,
//! relay-compiler (`@connection`, `@refetchable`), GraphQL Code Generator + `tsc --strict`
//! against `schema.graphql`, and the caller ID picker written with Apollo Client 4. `.ci/run`
//! installs the project with `npm ci` and runs them with `--include-ignored`; a plain `cargo test`
//! reports them as ignored, never as passed.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest;

use crate::helpers::{ADMIN, SendJson, spawn_app};

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

/// Trusted documents as the client tools make them: codegen's client preset and relay-compiler
/// persist their operations, Apollo's manifest generator turns codegen's into its manifest, and a
/// binary that loads all three and enforces them runs the Apollo Client picker, every request by
/// its manifest id alone. Relay's and codegen's ids run by `documentId`; free text is refused by
/// POST and by GET.
#[tokio::test]
#[ignore = "needs Node and `npm ci` in tests/clients"]
async fn the_picker_runs_against_a_binary_that_enforces_its_trusted_documents() {
    let dir = project();
    run(
        &dir,
        "node_modules/.bin/graphql-codegen",
        &["--config", "codegen.persisted.yml"],
    )
    .await;
    run(
        &dir,
        "node_modules/.bin/generate-persisted-query-manifest",
        &["--config", "persisted-query-manifest.config.mjs"],
    )
    .await;
    // relay-compiler insists the list it adds to exists, and persists only the operations whose
    // artifacts it writes: both start empty.
    let relay = dir.join("generated/relay-persisted.json");
    let artifacts = dir.join("generated/relay-persisted");
    if artifacts.exists() {
        std::fs::remove_dir_all(&artifacts).unwrap();
    }
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::write(&relay, "{}").unwrap();
    run(
        &dir,
        "node_modules/.bin/relay-compiler",
        &["relay.persisted.config.json"],
    )
    .await;
    let apollo = dir.join("generated/apollo-manifest.json");
    let codegen = dir.join("generated/persisted/persisted-documents.json");
    let lists: Vec<String> = [&apollo, &codegen, &relay]
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // The binary as it is deployed, on its embedded simulator.
    let binary = crate::helpers::Binary::start(&[
        "--trusted-documents",
        &lists.join(","),
        "--trusted-documents-mode",
        "enforce",
    ]);
    let log = binary.log();
    assert!(
        log.contains("trusted documents loaded") && log.contains("mode=\"enforce\""),
        "{log}"
    );
    let http = crate::helpers::http();
    let out = run(&dir, "node", &["picker.mjs", &binary.url, ADMIN, &lists[0]]).await;
    eprintln!("{out}");
    assert!(out.contains("picker: ok"), "{out}");
    assert!(out.contains("emergency callback: ok"), "{out}");
    assert!(out.contains("every one by its manifest id alone"), "{out}");

    // Relay's and codegen's lists, by `documentId`.
    let read = |path: &PathBuf| -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let id_of = |list: &serde_json::Map<String, serde_json::Value>, operation: &str| {
        list.iter()
            .find(|(_, body)| body.as_str().unwrap().contains(operation))
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| panic!("{operation} is not in the list"))
    };
    let san_jose = callerid_graphql::simulator::demo_location_id();
    let send = |body: serde_json::Value| {
        let (http, url) = (&http, &binary.url);
        async move {
            http.post(url)
                .bearer_auth(ADMIN)
                .json(&body)
                .send_json()
                .await
        }
    };
    let relay_id = id_of(&read(&relay), "query NumbersListPageQuery(");
    let page = send(serde_json::json!({
        "documentId": relay_id, "variables": { "locationId": san_jose } }))
    .await;
    assert!(page["errors"].is_null(), "{page}");
    assert!(
        !page["data"]["availableCallerIdNumbers"]["edges"]
            .as_array()
            .unwrap()
            .is_empty(),
        "a page of numbers"
    );
    let codegen_id = id_of(&read(&codegen), "query PickerLocations(");
    assert!(codegen_id.starts_with("sha256:"), "{codegen_id}");
    let located = send(serde_json::json!({
        "documentId": codegen_id, "variables": { "name": "San Jose" } }))
    .await;
    assert!(located["errors"].is_null(), "{located}");

    // Anything else, by either request shape, is refused: free text by POST, an Apollo link
    // registering a document, free text by GET.
    let free = "{ locations { nodes { id } } }";
    let hash = format!("{:x}", sha2::Sha256::digest(free.as_bytes()));
    for body in [
        serde_json::json!({ "query": free }),
        serde_json::json!({ "query": free,
            "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } }),
    ] {
        let refused = send(body).await;
        assert_eq!(
            crate::helpers::error_codes(&refused),
            vec!["PERSISTED_QUERY_NOT_IN_LIST"],
            "{refused}"
        );
    }
    let got: serde_json::Value = http
        .get(format!("{}?query=%7B__typename%7D", binary.url))
        .bearer_auth(ADMIN)
        .send_json()
        .await;
    assert_eq!(
        crate::helpers::error_codes(&got),
        vec!["PERSISTED_QUERY_NOT_IN_LIST"],
        "{got}"
    );
}
