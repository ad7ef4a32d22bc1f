use super::*;

fn engine() -> Engine {
    Engine::new(&SchemaConfig::default())
}

/// A request naming `hash_of`'s hash in Apollo's `persistedQuery` extension, with `text` as
/// its query (empty: the hash alone, as a client sends it first).
fn persisted(hash_of: &str, text: &str) -> Request {
    let hash = format!("{:x}", Sha256::digest(hash_of.as_bytes()));
    let mut ext = async_graphql::indexmap::IndexMap::new();
    ext.insert(async_graphql::Name::new("version"), Value::from(1));
    ext.insert(async_graphql::Name::new("sha256Hash"), Value::from(hash));
    let mut request = Request::new(text);
    request
        .extensions
        .insert("persistedQuery".into(), Value::Object(ext));
    request
}

fn code_of(response: &Response) -> Option<String> {
    let e = response.errors.first()?;
    match e.extensions.as_ref()?.get("code")? {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

#[tokio::test]
async fn a_named_only_operation_is_counted_by_its_name() {
    let executed = engine()
        .execute(Request::new("query Op1 { __typename }"))
        .await;
    assert_eq!(executed.operation.as_deref(), Some("Op1"));
    let executed = engine().execute(Request::new("{ __typename }")).await;
    assert_eq!(executed.operation, None);
}

#[tokio::test]
async fn the_operation_name_of_the_request_wins() {
    let request = Request::new("query A { __typename } query B { __typename }").operation_name("B");
    assert_eq!(
        engine().execute(request).await.operation.as_deref(),
        Some("B")
    );
}

#[tokio::test]
async fn syntax_errors_and_deep_documents_are_coded_by_kind() {
    let broken = engine().execute(Request::new("{ __typename")).await;
    assert_eq!(
        code_of(&broken.response).as_deref(),
        Some("GRAPHQL_PARSE_FAILED")
    );
    let deep = format!("{}{}", "{ a ".repeat(400), "}".repeat(400));
    let deep = engine().execute(Request::new(deep)).await;
    assert_eq!(
        code_of(&deep.response).as_deref(),
        Some("GRAPHQL_VALIDATION_FAILED")
    );
}

#[tokio::test]
async fn validation_errors_get_the_validation_code() {
    let unknown = engine().execute(Request::new("{ noSuchField }")).await;
    assert_eq!(
        code_of(&unknown.response).as_deref(),
        Some("GRAPHQL_VALIDATION_FAILED")
    );
}

#[tokio::test]
async fn the_persisted_query_store_is_bounded_and_forgets_the_least_recent() {
    let engine = Engine::new(&SchemaConfig {
        apq_cache: 2,
        ..SchemaConfig::default()
    });
    let queries = [
        "{ a: __typename }",
        "{ b: __typename }",
        "{ c: __typename }",
    ];
    for q in queries {
        let sent = engine.execute(persisted(q, q)).await;
        assert!(
            sent.response.errors.is_empty(),
            "{:?}",
            sent.response.errors
        );
    }
    let first = engine.execute(persisted(queries[0], "")).await;
    assert_eq!(
        code_of(&first.response).as_deref(),
        Some("PERSISTED_QUERY_NOT_FOUND")
    );
    for q in &queries[1..] {
        let kept = engine.execute(persisted(q, "")).await;
        assert!(
            kept.response.errors.is_empty(),
            "{q}: {:?}",
            kept.response.errors
        );
    }
}

#[tokio::test]
async fn a_persisted_query_is_found_after_it_was_sent_once() {
    let engine = engine();
    let query = "{ __typename }";
    let miss = engine.execute(persisted(query, "")).await;
    assert_eq!(
        code_of(&miss.response).as_deref(),
        Some("PERSISTED_QUERY_NOT_FOUND")
    );
    let full = engine.execute(persisted(query, query)).await;
    assert!(
        full.response.errors.is_empty(),
        "{:?}",
        full.response.errors
    );
    let hit = engine.execute(persisted(query, "")).await;
    assert!(hit.response.errors.is_empty(), "{:?}", hit.response.errors);
    let wrong = engine
        .execute(persisted(query, "{ __schema { queryType { name } } }"))
        .await;
    assert_eq!(code_of(&wrong.response).as_deref(), Some("BAD_REQUEST"));
}
