//! Detail fields go through per-request loaders with the fewest calls Webex allows (the planner's
//! cost model, `tests/api/planner.rs`); nothing fetched for one token is served to another.

use std::collections::HashSet;

use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{
    ADMIN, NUMBERS_ROUTE, ORG2, args, error_codes, nodes, post, route, spawn_app, spawn_with, total,
};

/// Every detail field of every owner type and of locations (the benchmark's query too).
const EVERYTHING: &str = include_str!("../../benches/queries/every-detail.graphql");

const SUMMARY: &str = r#"
query Summary($loc: ID!, $first: Int) {
  availableCallerIdNumbers(locationId: $loc, first: $first) {
    nodes {
      phoneNumber state isMainNumber tollFreeNumber isServiceNumber
      location { id name }
      owner { __typename ... on Owner { id ownerType rawType } ... on Workspace { firstName lastName displayName }
              ... on HuntGroup { displayName } ... on Person { firstName lastName } }
    }
    pageInfo { hasNextPage endCursor }
  }
}"#;

#[tokio::test]
async fn a_full_page_with_every_detail_costs_exactly_the_planned_calls() {
    let app = spawn_with(args(&["--numbers", "5000"])).await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let response = app
        .query(
            Some(ADMIN),
            EVERYTHING,
            json!({ "loc": loc, "first": 2000 }),
        )
        .await;
    assert!(response["errors"].is_null(), "{}", &response["errors"]);
    let numbers = nodes(&response);
    assert_eq!(numbers.len(), 2000);
    let stats = app.take_stats().await;
    let page = crate::planner::Page::of(numbers);
    assert!(page.people() > 85 * 5, "a page with many people");
    assert!(
        page.count("VirtualLine") > 50,
        "more virtual lines than one batch"
    );
    // EVERYTHING asks hunt groups for fields only their detail has (extension, language) and
    // route groups for `inUse` (detail only); every other feature field is on the list items.
    let cx = crate::planner::customer_assist(&app).await;
    let expected = 1
        + page.people().div_ceil(85)
        + page.count("VirtualLine").div_ceil(50)
        + page.locations()
        + page.listed_or_each("Workspace", 1)
        + page.each("RouteList")
        + page.each("HuntGroup")
        + page.queues()
        + page.listed_or_each("AutoAttendant", 1)
        + page.listed_or_each("PagingGroup", 1)
        + page.listed_or_each("VoicemailGroup", 1)
        + page.each("VoicePortal")
        + page.customer_assist_by_id(&cx, 2);
    println!("2000-row page, every detail: {expected} calls planned; stats {stats}");
    assert_eq!(route(&stats, NUMBERS_ROUTE), 1);
    assert_eq!(
        route(&stats, "GET /v1/people") as usize,
        page.people().div_ceil(85)
    );
    assert_eq!(
        route(&stats, "GET /v1/telephony/config/virtualLines") as usize,
        page.count("VirtualLine").div_ceil(50)
    );
    assert_eq!(total(&stats) as usize, expected, "{stats}");
    // Every person really got its details (nothing silently dropped by batching).
    for n in numbers
        .iter()
        .filter(|n| n["owner"]["__typename"] == "Person")
    {
        assert!(
            n["owner"]["emails"][0]
                .as_str()
                .is_some_and(|e| e.contains('@')),
            "{n}"
        );
    }
    // Details that came from list items are the same as the detail endpoint's.
    for n in numbers
        .iter()
        .filter(|n| n["owner"]["__typename"] == "CallQueue")
    {
        assert!(
            n["owner"]["name"].is_string() && n["owner"]["department"]["name"].is_string(),
            "{n}"
        );
    }
    for n in numbers
        .iter()
        .filter(|n| n["owner"]["__typename"] == "Workspace")
    {
        assert!(n["owner"]["capacity"].is_number(), "{n}");
    }
}

#[tokio::test]
async fn a_page_without_detail_fields_costs_one_call() {
    let app = spawn_with(args(&["--numbers", "5000"])).await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let response = app
        .query(Some(ADMIN), SUMMARY, json!({ "loc": loc, "first": 2000 }))
        .await;
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(nodes(&response).len(), 2000);
    let stats = app.take_stats().await;
    println!("2000-row page, summary fields only: stats {stats}");
    assert_eq!(total(&stats), 1, "{stats}");
}

#[tokio::test]
async fn the_root_location_field_uses_the_same_loader_and_reports_not_found() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "London").await;
    app.reset_stats().await;
    let q = r#"query($id: ID!) { a: location(id: $id) { name timeZone address { country } }
                                  b: location(id: $id) { latitude }
                                  missing: location(id: "bm9wZQ") { name } }"#;
    let response = app.query(Some(ADMIN), q, json!({ "id": loc })).await;
    assert_eq!(response["data"]["a"]["name"], "London");
    assert_eq!(response["data"]["a"]["address"]["country"], "GB");
    assert_eq!(response["data"]["b"]["latitude"], 51.5072);
    assert!(response["data"]["missing"].is_null());
    assert_eq!(error_codes(&response), ["NOT_FOUND"]);
    assert_eq!(response["errors"][0]["path"], json!(["missing"]));
    // London once (shared by both aliases), the missing id once.
    assert_eq!(route(&app.take_stats().await, "GET /v1/locations/{id}"), 2);
}

#[tokio::test]
async fn concurrent_callers_with_different_tokens_never_see_each_others_data() {
    let app = spawn_app().await;
    let acme = app.location_id(0, "San Jose").await;
    let globex = app.location_id(1, "Toronto").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (token, loc, domain) = if i % 2 == 0 {
            (ADMIN, acme.clone(), "@acme.example.com")
        } else {
            (ORG2, globex.clone(), "@globex.example.com")
        };
        let url = app.url.clone();
        tasks.push(tokio::spawn(async move {
            let variables = json!({ "loc": loc, "first": 300 });
            (domain, post(&url, Some(token), EVERYTHING, variables).await)
        }));
    }
    let mut acme_ids = HashSet::new();
    let mut globex_ids = HashSet::new();
    for task in tasks {
        let (domain, response) = task.await.unwrap();
        assert!(response["errors"].is_null(), "{}", response["errors"]);
        for n in nodes(&response) {
            if let Some(emails) = n["owner"]["emails"].as_array() {
                assert!(
                    emails.iter().all(|e| e.as_str().unwrap().ends_with(domain)),
                    "{n}"
                );
            }
            let set = if domain.contains("acme") {
                &mut acme_ids
            } else {
                &mut globex_ids
            };
            set.insert(n["location"]["id"].as_str().unwrap().to_owned());
            if let Some(id) = n["owner"]["id"].as_str() {
                set.insert(id.to_owned());
            }
        }
    }
    assert!(!acme_ids.is_empty() && !globex_ids.is_empty());
    assert!(
        acme_ids.is_disjoint(&globex_ids),
        "no id crossed between the two tokens"
    );
}

#[tokio::test]
async fn a_missing_owner_nulls_only_its_fields_with_not_found_at_their_path() {
    let server = MockServer::start().await;
    let numbers = json!({ "phoneNumbers": [
        { "phoneNumber": "+1", "state": "ACTIVE", "isMainNumber": false, "tollFreeNumber": false,
          "isServiceNumber": false, "location": { "id": "L1", "name": "One" },
          "owner": { "id": "P1", "type": "PEOPLE", "firstName": "Ann", "lastName": "Lee" } },
        { "phoneNumber": "+2", "state": "ACTIVE", "isMainNumber": false, "tollFreeNumber": false,
          "isServiceNumber": false, "location": { "id": "L1", "name": "One" },
          "owner": { "id": "P2", "type": "PEOPLE", "firstName": "Gone", "lastName": "Away" } },
        { "phoneNumber": "+3", "state": "ACTIVE", "isMainNumber": false, "tollFreeNumber": false,
          "isServiceNumber": false, "location": { "id": "L1", "name": "One" },
          "owner": { "id": "W9", "type": "PLACE", "displayName": "Old room" } }
    ]});
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L1/externalCallerId/availableNumbers",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(numbers))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/people"))
        .and(query_param("callingData", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [{ "id": "P1", "emails": ["ann@example.com"] }],
            "notFoundIds": ["P2"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/workspaces/W9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Workspace not found", "trackingId": "ROUTER_1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let upstream = format!("{}/v1", server.uri());
    let app = spawn_with(args(&["--upstream-url", &upstream])).await;
    let q = r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { phoneNumber
                 owner { ... on Person { firstName emails } ... on Workspace { displayName capacity } } } } }"#;
    let response = app.query(Some("real-token"), q, json!({})).await;
    let list = nodes(&response);
    assert_eq!(list[0]["owner"]["emails"], json!(["ann@example.com"]));
    assert_eq!(list[1]["owner"]["firstName"], "Gone");
    assert!(list[1]["owner"]["emails"].is_null());
    assert_eq!(list[2]["owner"]["displayName"], "Old room");
    assert!(list[2]["owner"]["capacity"].is_null());
    let errors = response["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{response}");
    let paths: HashSet<String> = errors.iter().map(|e| e["path"].to_string()).collect();
    assert!(
        paths.contains(r#"["availableCallerIdNumbers","nodes",1,"owner","emails"]"#),
        "{paths:?}"
    );
    assert!(
        paths.contains(r#"["availableCallerIdNumbers","nodes",2,"owner","capacity"]"#),
        "{paths:?}"
    );
    assert_eq!(error_codes(&response), ["NOT_FOUND", "NOT_FOUND"]);
}
