//! Cursor paging over `first`/`after`, and Link paging against an upstream that caps its pages.

use std::collections::HashSet;

use callerid_graphql::simulator::SimulatorConfig;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, NUMBERS_ROUTE, nodes, route, spawn_app, spawn_facade};

const PAGE: &str = r#"
query Page($loc: ID!, $first: Int, $after: String, $filter: AvailableNumbersFilter) {
  availableCallerIdNumbers(locationId: $loc, first: $first, after: $after, filter: $filter) {
    edges { cursor node { phoneNumber owner { ... on Owner { id } } } }
    nodes { phoneNumber }
    pageInfo { hasNextPage endCursor }
  }
}"#;

fn phones(response: &Value) -> Vec<String> {
    nodes(response)
        .iter()
        .map(|n| n["phoneNumber"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn paging_with_a_small_first_visits_every_number_exactly_once() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "Bangalore").await;
    let all = app
        .query(Some(ADMIN), PAGE, json!({ "loc": loc, "first": 2000 }))
        .await;
    let all = phones(&all);
    assert!(all.len() > 100);

    let mut seen = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let page = app
            .query(
                Some(ADMIN),
                PAGE,
                json!({ "loc": loc, "first": 7, "after": after }),
            )
            .await;
        let connection = &page["data"]["availableCallerIdNumbers"];
        let edges = connection["edges"].as_array().unwrap();
        assert!(edges.len() <= 7);
        for edge in edges {
            assert!(!edge["cursor"].as_str().unwrap().is_empty());
        }
        assert_eq!(
            connection["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        seen.extend(phones(&page));
        pages += 1;
        if connection["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = connection["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, all, "same numbers, same order");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    assert_eq!(pages, all.len().div_ceil(7));
}

#[tokio::test]
async fn has_next_page_is_false_exactly_at_the_end() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "Mumbai").await;
    let all = app
        .query(Some(ADMIN), PAGE, json!({ "loc": loc, "first": 2000 }))
        .await;
    let total = phones(&all).len();
    let exact = app
        .query(Some(ADMIN), PAGE, json!({ "loc": loc, "first": total }))
        .await;
    assert_eq!(
        exact["data"]["availableCallerIdNumbers"]["pageInfo"]["hasNextPage"],
        false
    );
    let short = app
        .query(Some(ADMIN), PAGE, json!({ "loc": loc, "first": total - 1 }))
        .await;
    assert_eq!(
        short["data"]["availableCallerIdNumbers"]["pageInfo"]["hasNextPage"],
        true
    );
    let end = short["data"]["availableCallerIdNumbers"]["pageInfo"]["endCursor"].clone();
    let past = app
        .query(
            Some(ADMIN),
            PAGE,
            json!({ "loc": loc, "first": 5, "after": end }),
        )
        .await;
    assert_eq!(phones(&past).len(), 1);
    assert_eq!(
        past["data"]["availableCallerIdNumbers"]["pageInfo"]["hasNextPage"],
        false
    );
}

#[tokio::test]
async fn pages_capped_by_the_upstream_are_filled_by_following_next_links_with_filters_kept() {
    let app = spawn_facade(
        SimulatorConfig {
            max_page_size: 10,
            ..SimulatorConfig::default()
        },
        &[],
    )
    .await;
    let loc = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let page = app
        .query(Some(ADMIN), PAGE, json!({ "loc": loc, "first": 25 }))
        .await;
    assert_eq!(phones(&page).len(), 25, "{page}");
    assert_eq!(
        page["data"]["availableCallerIdNumbers"]["pageInfo"]["hasNextPage"],
        true
    );
    assert_eq!(route(&app.take_stats().await, NUMBERS_ROUTE), 3);

    // Webex next links have been seen to drop the filters; the client must put them back.
    app.fault(json!({ "dropLinkFilters": true })).await;
    let filter = json!({ "ownerName": "Room" });
    let page = app
        .query(
            Some(ADMIN),
            PAGE,
            json!({ "loc": loc, "first": 30, "filter": filter }),
        )
        .await;
    let owners: Vec<&Value> = nodes(&page).iter().map(|n| &n["phoneNumber"]).collect();
    assert_eq!(owners.len(), 30, "{page}");
    let filtered = page["data"]["availableCallerIdNumbers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| {
            e["node"]["owner"]["id"]
                .as_str()
                .is_some_and(|id| !id.is_empty())
        });
    assert!(filtered);
    let check = r#"query($loc: ID!, $f: AvailableNumbersFilter) { availableCallerIdNumbers(locationId: $loc, first: 30, filter: $f) { nodes { owner { __typename } } } }"#;
    let typed = app
        .query(Some(ADMIN), check, json!({ "loc": loc, "f": filter }))
        .await;
    assert!(
        nodes(&typed)
            .iter()
            .all(|n| n["owner"]["__typename"] == "Workspace"),
        "{typed}"
    );
}
