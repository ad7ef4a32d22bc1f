//! The committed SDL is the schema the code builds.

#[test]
fn schema_graphql_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql exists");
    let built = callerid_graphql::graphql::sdl();
    assert!(
        committed == built,
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn schema_graphql_is_plain_graphql_without_federation() {
    let sdl = callerid_graphql::graphql::sdl();
    for federation in [
        "@link",
        "@key",
        "_entities",
        "_service",
        "_Any",
        "_Entity",
        "_Service",
    ] {
        assert!(
            !sdl.contains(federation),
            "schema.graphql holds {federation}"
        );
    }
}

#[tokio::test]
async fn the_federation_sdl_is_served_and_declares_the_entities() {
    let app = crate::helpers::spawn_app().await;
    let response = app
        .query(None, "{ _service { sdl } }", serde_json::json!({}))
        .await;
    let sdl = response["data"]["_service"]["sdl"].as_str().unwrap();
    assert_eq!(sdl, callerid_graphql::graphql::subgraph_sdl());
    for entity in [
        "type Location implements Node @key(fields: \"id\")",
        "type Person implements Node & Owner @key(fields: \"id\")",
        "type Workspace implements Node & Owner @key(fields: \"id\")",
        "type VirtualLine implements Node & Owner @key(fields: \"id\")",
        "type RouteList implements Node & Owner @key(fields: \"id\")",
    ] {
        assert!(sdl.contains(entity), "{entity} missing from {sdl}");
    }
    assert!(sdl.contains("extend schema @link(") && sdl.contains("federation/v2"));
    // The federation fields are served but hidden from the client-facing schema.
    assert!(!sdl.contains("_entities("));
}

#[test]
fn the_schema_command_prints_either_schema() {
    let bin = env!("CARGO_BIN_EXE_callerid-graphql");
    let client = std::process::Command::new(bin)
        .arg("schema")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(client.stdout).unwrap(),
        callerid_graphql::graphql::sdl()
    );
    let subgraph = std::process::Command::new(bin)
        .args(["schema", "--federation"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(subgraph.stdout).unwrap(),
        callerid_graphql::graphql::subgraph_sdl()
    );
}

#[tokio::test]
async fn a_gateway_can_resolve_location_entities_in_one_batch() {
    let app = crate::helpers::spawn_app().await;
    let london = app.location_id(0, "London").await;
    let mumbai = app.location_id(0, "Mumbai").await;
    app.reset_stats().await;
    let q = r#"query($r: [_Any!]!) { _entities(representations: $r) { ... on Location { id name timeZone } } }"#;
    let reps = serde_json::json!([
        { "__typename": "Location", "id": london },
        { "__typename": "Location", "id": mumbai },
        { "__typename": "Location", "id": london }
    ]);
    let response = app
        .query(
            Some(crate::helpers::ADMIN),
            q,
            serde_json::json!({ "r": reps }),
        )
        .await;
    let entities = response["data"]["_entities"].as_array().unwrap();
    assert_eq!(entities[0]["name"], "London");
    assert_eq!(entities[1]["timeZone"], "Asia/Kolkata");
    assert_eq!(entities[2]["id"], london.as_str());
    let stats = app.take_stats().await;
    assert_eq!(
        crate::helpers::route(&stats, "GET /v1/locations/{id}"),
        2,
        "one call per distinct location"
    );
}

#[tokio::test]
async fn feature_and_person_entities_resolve_in_batches_keyed_as_the_sdl_says() {
    use serde_json::{Value, json};
    let app = crate::helpers::spawn_app().await;
    let hunt = &app.sim_get("/v1/telephony/config/huntGroups?max=1").await["huntGroups"][0];
    let people = app.sim_get("/v1/people?max=100").await;
    let mut reps: Vec<Value> = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({ "__typename": "Person", "id": p["id"] }))
        .collect();
    assert_eq!(reps.len(), 100);
    reps.push(json!({ "__typename": "HuntGroup", "id": hunt["id"], "location": { "id": hunt["locationId"] } }));
    // The right id under another location is not that hunt group.
    let elsewhere = app.location_id(0, "London").await;
    reps.push(
        json!({ "__typename": "HuntGroup", "id": hunt["id"], "location": { "id": elsewhere } }),
    );
    app.reset_stats().await;
    let q = r#"query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Person { emails } ... on HuntGroup { name location { id } } } }"#;
    let response = app
        .query(Some(crate::helpers::ADMIN), q, json!({ "r": reps }))
        .await;
    let stats = app.take_stats().await;
    let entities = response["data"]["_entities"].as_array().unwrap();
    assert!(
        entities[..100].iter().all(|e| e["emails"][0].is_string()),
        "{response}"
    );
    assert_eq!(entities[100]["name"], hunt["name"]);
    assert_eq!(entities[100]["location"]["id"], hunt["locationId"]);
    assert!(entities[101].is_null());
    assert_eq!(crate::helpers::error_codes(&response), ["NOT_FOUND"]);
    assert_eq!(response["errors"][0]["path"], json!(["_entities", 101]));
    // 100 people in two calls of at most 85, as our own pages would fetch them.
    assert_eq!(
        crate::helpers::route(&stats, "GET /v1/people"),
        2,
        "{stats}"
    );
}
