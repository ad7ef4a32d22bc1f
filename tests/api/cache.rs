//! The token-scoped cache in this process: a repeated query costs only what is not cached, the
//! answer says for how long a gateway may keep it, one token's answers never reach another, and
//! a write retires what it changed. (The Redis-backed fleet is `tests/api/fleet.rs`.)

use serde_json::{Value, json};

use crate::helpers::{ADMIN, NUMBERS_ROUTE, args, error_codes, route, spawn_with, total};
use callerid_graphql::simulator::DEMO_LOCATION_ADMIN_TOKEN;

const DETAILS: &str = "query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 50) {
    nodes { phoneNumber location { timeZone } owner { __typename
      ... on Person { emails department } ... on Workspace { capacity }
      ... on HuntGroup { extension } ... on VirtualLine { extension } } } } }";

async fn ask(
    app: &crate::helpers::TestApp,
    token: &str,
    query: &str,
    vars: Value,
) -> (Value, String) {
    let response = app
        .http
        .post(&app.url)
        .bearer_auth(token)
        .header("x-upstream-cost", "true")
        .json(&json!({ "query": query, "variables": vars }))
        .send()
        .await
        .unwrap();
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    (response.json().await.unwrap(), cache)
}

fn max_age(header: &str) -> u64 {
    header
        .strip_prefix("private, max-age=")
        .unwrap_or_else(|| panic!("not private with a max-age: {header}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_repeated_query_costs_only_what_is_not_cached_and_says_how_long_it_keeps() {
    let app = spawn_with(args(&[])).await;
    let sj = app.location_id(0, "San Jose").await;
    app.reset_stats().await;
    let (cold, cold_cache) = ask(&app, ADMIN, DETAILS, json!({ "l": sj })).await;
    assert!(cold["errors"].is_null(), "{cold}");
    let first = app.take_stats().await;
    assert!(total(&first) > 5, "{first}");
    let (warm, warm_cache) = ask(&app, ADMIN, DETAILS, json!({ "l": sj })).await;
    assert_eq!(warm["data"], cold["data"]);
    let second = app.take_stats().await;
    // Number pages are not cached by default: that call, and nothing else.
    assert_eq!(total(&second), 1, "{second}");
    assert_eq!(route(&second, NUMBERS_ROUTE), 1);
    let upstream = &warm["extensions"]["upstream"];
    assert_eq!(upstream["calls"], 1, "{upstream}");
    // Every other answer came from the cache, but for the hunt group list the first request
    // probed: it learned that list lacks `extension`, and the second goes by id at once.
    let probe = route(&first, "GET /v1/telephony/config/huntGroups");
    assert_eq!(
        upstream["cacheHits"],
        total(&first) - 1 - probe,
        "{upstream}\n{first}"
    );
    // It used an uncached answer, so no gateway may keep it.
    assert_eq!(cold_cache, "no-store");
    assert_eq!(warm_cache, "no-store");

    // Details alone come all from the cache: a gateway may keep the answer as long as they last.
    let query = "query($l: ID!) { location(id: $l) { name timeZone address { city } } }";
    let (_, first_cache) = ask(&app, ADMIN, query, json!({ "l": sj })).await;
    let (again, cache) = ask(&app, ADMIN, query, json!({ "l": sj })).await;
    assert_eq!(again["extensions"]["upstream"]["calls"], 0, "{again}");
    assert!((1..=30).contains(&max_age(&first_cache)), "{first_cache}");
    assert!((1..=30).contains(&max_age(&cache)), "{cache}");
}

#[tokio::test]
async fn number_pages_are_cached_when_asked_and_a_mutation_is_never_kept() {
    let app = spawn_with(args(&["--cache-numbers-ttl-secs", "20"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let _ = ask(&app, ADMIN, DETAILS, json!({ "l": sj })).await;
    app.reset_stats().await;
    let (warm, cache) = ask(&app, ADMIN, DETAILS, json!({ "l": sj })).await;
    assert!(warm["errors"].is_null(), "{warm}");
    assert_eq!(
        total(&app.take_stats().await),
        0,
        "every answer came from the cache"
    );
    assert!((1..=20).contains(&max_age(&cache)), "{cache}");
    let people = ask(
        &app,
        ADMIN,
        "query($l: ID!) { location(id: $l) { people(first: 1) { nodes { id } } } }",
        json!({ "l": sj }),
    )
    .await
    .0;
    let id = people["data"]["location"]["people"]["nodes"][0]["id"].clone();
    let (done, cache) = ask(
        &app,
        ADMIN,
        "mutation($id: ID!) { setCallerId(input: { id: $id, selected: DIRECT_LINE, dryRun: true }) { dryRun } }",
        json!({ "id": id }),
    )
    .await;
    assert!(done["errors"].is_null(), "{done}");
    assert_eq!(cache, "no-store");
}

#[tokio::test]
async fn one_tokens_cached_answers_never_reach_another() {
    let app = spawn_with(args(&[])).await;
    let denver = app.location_id(0, "Denver").await;
    let query = "query($l: ID!) { location(id: $l) { name timeZone } }";
    let (admin, _) = ask(&app, ADMIN, query, json!({ "l": denver })).await;
    assert_eq!(admin["data"]["location"]["name"], "Denver");
    app.reset_stats().await;
    // San Jose's location administrator may not see Denver: the admin's cached answer is not
    // theirs, Webex is asked, and says no.
    let (other, _) = ask(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        query,
        json!({ "l": denver }),
    )
    .await;
    assert_eq!(error_codes(&other), ["FORBIDDEN"], "{other}");
    assert_eq!(total(&app.take_stats().await), 1);
    // And the admin's entry is still the admin's.
    let (again, _) = ask(&app, ADMIN, query, json!({ "l": denver })).await;
    assert_eq!(again["data"], admin["data"]);
    assert_eq!(again["extensions"]["upstream"]["calls"], 0);
}

#[tokio::test]
async fn a_write_retires_the_cached_caller_id_it_changed() {
    let app = spawn_with(args(&["--cache-caller-id-ttl-secs", "60"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let read = "query($l: ID!) { location(id: $l) { people(first: 5) { nodes { id callerId { selected allowed } } } } }";
    let (listed, _) = ask(&app, ADMIN, read, json!({ "l": sj })).await;
    let person = listed["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(crate::helpers::may_switch_to_location_number)
        .unwrap()
        .clone();
    // Cached now: a second read costs no caller ID call.
    app.reset_stats().await;
    let _ = ask(&app, ADMIN, read, json!({ "l": sj })).await;
    assert_eq!(
        route(
            &app.take_stats().await,
            "GET /v1/people/{id}/features/callerId"
        ),
        0
    );
    let (set, _) = ask(
        &app,
        ADMIN,
        "mutation($id: ID!) { setCallerId(input: { id: $id, selected: LOCATION_NUMBER }) { changed } }",
        json!({ "id": person["id"] }),
    )
    .await;
    assert_eq!(set["data"]["setCallerId"]["changed"], true, "{set}");
    let (after, _) = ask(&app, ADMIN, read, json!({ "l": sj })).await;
    let now = after["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == person["id"])
        .unwrap();
    assert_eq!(now["callerId"]["selected"], "LOCATION_NUMBER", "{after}");
}
