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

#[tokio::test]
async fn the_federation_sdl_is_served_and_declares_the_location_entity() {
    let app = crate::helpers::spawn_app().await;
    let response = app
        .query(None, "{ _service { sdl } }", serde_json::json!({}))
        .await;
    let sdl = response["data"]["_service"]["sdl"].as_str().unwrap();
    assert!(sdl.contains("type Location @key(fields: \"id\")"), "{sdl}");
    assert!(sdl.contains("federation/v2"));
}
