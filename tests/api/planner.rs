//! The upstream planner's cost model, checked as exact call counts (never timings). For every
//! owner type and location the planner picks the list endpoint when it costs strictly fewer calls
//! than fetching each owner by id, and fetches by id when a field only the detail has is asked.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use callerid_graphql::simulator::SimulatorConfig;

use crate::helpers::{
    ADMIN, NUMBERS_ROUTE, SendJson, TestApp, args, nodes, route, spawn_facade, spawn_with, total,
};

/// The planner's plan is what these tests count, call by call: without the cache, which would
/// answer a repeated query's details itself (`tests/api/cache.rs` counts that).
const NO_CACHE: [&str; 2] = ["--cache-max-bytes", "0"];

/// The distinct owners of a page, per GraphQL type and number location (`__location` holds the
/// numbers' own locations).
pub struct Page {
    groups: HashMap<String, HashMap<String, HashSet<String>>>,
    people: HashSet<String>,
}

impl Page {
    pub fn of(numbers: &[Value]) -> Self {
        let mut groups: HashMap<String, HashMap<String, HashSet<String>>> = HashMap::new();
        let mut people = HashSet::new();
        for n in numbers {
            let at = n["location"]["id"]
                .as_str()
                .expect("query selects location { id }");
            groups
                .entry("__location".into())
                .or_default()
                .entry(at.to_owned())
                .or_default()
                .insert(at.to_owned());
            let owner = &n["owner"];
            let (Some(kind), Some(id)) = (owner["__typename"].as_str(), owner["id"].as_str())
            else {
                continue;
            };
            if kind == "Person" {
                people.insert(id.to_owned());
            }
            groups
                .entry(kind.to_owned())
                .or_default()
                .entry(at.to_owned())
                .or_default()
                .insert(id.to_owned());
        }
        Self { groups, people }
    }

    fn of_kind(&self, kind: &str) -> impl Iterator<Item = &HashSet<String>> {
        self.groups.get(kind).into_iter().flat_map(|g| g.values())
    }

    /// Calls for the numbers' locations: one org-wide list when there are several.
    pub fn locations(&self) -> usize {
        let n = self.count("__location");
        if n > 1 { 1 } else { n }
    }

    pub fn people(&self) -> usize {
        self.people.len()
    }

    /// Distinct owners of `kind`.
    pub fn count(&self, kind: &str) -> usize {
        self.of_kind(kind).map(HashSet::len).sum()
    }

    /// Calls when each owner of `kind` is fetched by id.
    pub fn each(&self, kind: &str) -> usize {
        self.count(kind)
    }

    /// Calls when each location's owners of `kind` come from a list of `list` calls if that is
    /// fewer, else by id.
    pub fn listed_or_each(&self, kind: &str, list: usize) -> usize {
        self.of_kind(kind)
            .map(|ids| if list < ids.len() { list } else { ids.len() })
            .sum()
    }

    /// Locations whose owners of `kind` are more than `list` calls: where a list is asked.
    pub fn lists(&self, kind: &str, list: usize) -> usize {
        self.of_kind(kind).filter(|ids| list < ids.len()).count()
    }

    /// Call queues: their two lists also win a tie with fetching by id.
    pub fn queues(&self) -> usize {
        self.of_kind("CallQueue")
            .map(|ids| if 2 <= ids.len() { 2 } else { ids.len() })
            .sum()
    }

    /// Extra calls for Customer Assist queues fetched by id (a second call with
    /// `hasCxEssentials=true`): only at locations where the list (`list` calls) was not cheaper.
    pub fn customer_assist_by_id(&self, cx: &HashSet<String>, list: usize) -> usize {
        self.of_kind("CallQueue")
            .filter(|ids| ids.len() < list)
            .map(|ids| ids.iter().filter(|id| cx.contains(*id)).count())
            .sum()
    }
}

/// The ids of the org's Customer Assist call queues.
pub async fn customer_assist(app: &TestApp) -> HashSet<String> {
    let cx = app
        .sim_get("/v1/telephony/config/queues?hasCxEssentials=true")
        .await;
    cx["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs `selection` (under `nodes { … }`) on San Jose's first `first` numbers; the page and the
/// simulator's counts.
async fn run(app: &TestApp, first: usize, selection: &str) -> (Vec<Value>, Value) {
    let loc = app.location_id(0, "San Jose").await;
    let q = format!(
        r#"query($l: ID!, $first: Int) {{ availableCallerIdNumbers(locationId: $l, first: $first) {{
            nodes {{ location {{ id }} owner {{ __typename ... on Owner {{ id }} {selection} }} }} }} }}"#
    );
    app.reset_stats().await;
    let response = app
        .query(Some(ADMIN), &q, json!({ "l": loc, "first": first }))
        .await;
    assert!(response["errors"].is_null(), "{response}");
    let stats = app.take_stats().await;
    (nodes(&response).clone(), stats)
}

#[tokio::test]
async fn list_fields_only_cost_one_list_call_per_location() {
    let app = spawn_with(args(&["--numbers", "3000", NO_CACHE[0], NO_CACHE[1]])).await;
    let (numbers, stats) = run(
        &app,
        1000,
        "... on HuntGroup { name phoneNumber } ... on AutoAttendant { name tollFreeNumber } ... on Workspace { capacity }",
    )
    .await;
    let page = Page::of(&numbers);
    assert!(
        page.count("HuntGroup") > 4,
        "several hunt groups per location"
    );
    let expected = 1
        + page.listed_or_each("HuntGroup", 1)
        + page.listed_or_each("AutoAttendant", 1)
        + page.listed_or_each("Workspace", 1);
    assert_eq!(total(&stats) as usize, expected, "{stats}");
    assert_eq!(
        route(
            &stats,
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/{id}"
        ),
        0
    );
    assert!(
        route(&stats, "GET /v1/telephony/config/huntGroups") >= 1,
        "{stats}"
    );
    // Hunt group details carry no phone number; the list items do, so the planner's answer has it.
    for n in numbers
        .iter()
        .filter(|n| n["owner"]["__typename"] == "HuntGroup")
    {
        assert!(n["owner"]["phoneNumber"].is_string(), "{n}");
    }
}

#[tokio::test]
async fn a_field_only_the_detail_has_fetches_each_owner_by_id() {
    let app = spawn_with(args(&["--numbers", "3000", NO_CACHE[0], NO_CACHE[1]])).await;
    let (numbers, stats) = run(&app, 1000, "... on HuntGroup { name language }").await;
    let page = Page::of(&numbers);
    assert_eq!(
        total(&stats) as usize,
        1 + page.each("HuntGroup"),
        "{stats}"
    );
    assert_eq!(route(&stats, "GET /v1/telephony/config/huntGroups"), 0);
    for n in numbers
        .iter()
        .filter(|n| n["owner"]["__typename"] == "HuntGroup")
    {
        assert_eq!(n["owner"]["language"], "English", "{n}");
    }
}

#[tokio::test]
async fn mixed_selections_list_what_they_can_and_fetch_the_rest_by_id() {
    let app = spawn_with(args(&["--numbers", "3000", NO_CACHE[0], NO_CACHE[1]])).await;
    let (numbers, stats) = run(
        &app,
        1000,
        "... on HuntGroup { name } ... on AutoAttendant { language } ... on CallQueue { name department { name } } ... on Person { emails }",
    )
    .await;
    let page = Page::of(&numbers);
    let cx = customer_assist(&app).await;
    let expected = 1
        + page.listed_or_each("HuntGroup", 1)
        + page.each("AutoAttendant")
        + page.queues()
        + page.customer_assist_by_id(&cx, 2)
        + page.people().div_ceil(85);
    assert_eq!(total(&stats) as usize, expected, "{stats}");
    assert_eq!(route(&stats, NUMBERS_ROUTE), 1);
}

#[tokio::test]
async fn two_connections_fetch_only_what_each_selects() {
    let app = spawn_with(args(&["--numbers", "3000", NO_CACHE[0], NO_CACHE[1]])).await;
    let sj = app.location_id(0, "San Jose").await;
    let london = app.location_id(0, "London").await;
    let q = r#"query($a: ID!, $b: ID!) {
        a: availableCallerIdNumbers(locationId: $a, first: 300) {
          nodes { location { id } owner { __typename ... on Owner { id } ... on Person { emails } } } }
        b: availableCallerIdNumbers(locationId: $b, first: 300) {
          nodes { location { id } owner { __typename ... on Owner { id } ... on HuntGroup { name } } } } }"#;
    app.reset_stats().await;
    let response = app
        .query(Some(ADMIN), q, json!({ "a": sj, "b": london }))
        .await;
    assert!(response["errors"].is_null(), "{response}");
    let stats = app.take_stats().await;
    let page = |key: &str| Page::of(response["data"][key]["nodes"].as_array().unwrap());
    let (a, b) = (page("a"), page("b"));
    assert!(
        b.people() > 0,
        "London's page has people, who must not be fetched"
    );
    let expected = 2 + a.people().div_ceil(85) + b.listed_or_each("HuntGroup", 1);
    assert_eq!(total(&stats) as usize, expected, "{stats}");
    assert_eq!(
        route(&stats, "GET /v1/people") as usize,
        a.people().div_ceil(85)
    );
    assert_eq!(
        route(&stats, "GET /v1/telephony/config/huntGroups") as usize,
        b.listed_or_each("HuntGroup", 1)
    );
}

#[tokio::test]
async fn a_request_can_see_what_it_cost_webex() {
    let app = spawn_with(args(&NO_CACHE)).await;
    let loc = app.location_id(0, "San Jose").await;
    let q = r#"query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 40) {
        nodes { location { id timeZone } owner { __typename ... on Person { emails } } } } }"#;
    let ask = |cost: bool| {
        let mut request = crate::helpers::http()
            .post(&app.url)
            .bearer_auth(ADMIN)
            .json(&json!({ "query": q, "variables": { "l": loc } }));
        if cost {
            request = request.header("X-Upstream-Cost", "true");
        }
        async move { request.send_json().await }
    };
    let plain = ask(false).await;
    assert!(
        plain["extensions"].is_null(),
        "costs only on request: {plain}"
    );
    // One retried call: a 429 with `Retry-After: 0` on the numbers page.
    app.fault(json!({ "path": "externalCallerId", "status": 429, "retryAfter": "0", "count": 1 }))
        .await;
    app.reset_stats().await;
    let costed = ask(true).await;
    let stats = app.take_stats().await;
    let upstream = &costed["extensions"]["upstream"];
    assert_eq!(upstream["calls"], total(&stats), "{costed}\n{stats}");
    assert_eq!(upstream["byEndpoint"][NUMBERS_ROUTE], 2, "{upstream}");
    assert_eq!(
        upstream["byEndpoint"]["GET /v1/people"],
        route(&stats, "GET /v1/people")
    );
    assert_eq!(upstream["retries"], 1);
    assert!(upstream["rateLimitWaitMs"].is_u64() && upstream["upstreamMs"].is_u64());
}

const HUNT_GROUP_LIST: &str = "GET /v1/telephony/config/huntGroups";
const HUNT_GROUP_DETAIL: &str = "GET /v1/telephony/config/locations/{locationId}/huntGroups/{id}";

#[tokio::test]
async fn hunt_group_extensions_come_from_the_list_where_its_items_carry_them() {
    // A Webex whose list items carry `extension`, as the SDK's list model has it.
    let sim = SimulatorConfig {
        numbers: 3000,
        hunt_group_list_extension: true,
        ..SimulatorConfig::default()
    };
    let app = spawn_facade(sim, &NO_CACHE).await;
    for _ in 0..2 {
        let (numbers, stats) = run(&app, 1000, "... on HuntGroup { name extension }").await;
        let page = Page::of(&numbers);
        assert!(
            page.lists("HuntGroup", 1) > 0,
            "several hunt groups somewhere"
        );
        assert_eq!(
            total(&stats) as usize,
            1 + page.listed_or_each("HuntGroup", 1),
            "{stats}"
        );
        assert_eq!(
            route(&stats, HUNT_GROUP_DETAIL) as usize,
            single_hunt_groups(&page),
            "{stats}"
        );
        for n in numbers
            .iter()
            .filter(|n| n["owner"]["__typename"] == "HuntGroup")
        {
            assert!(n["owner"]["extension"].is_string(), "{n}");
        }
    }
}

/// Hunt groups alone at their location: fetched by id whatever the list carries.
fn single_hunt_groups(page: &Page) -> usize {
    page.listed_or_each("HuntGroup", 1) - page.lists("HuntGroup", 1)
}

#[tokio::test]
async fn where_hunt_group_lists_lack_extensions_one_request_learns_it_and_later_ones_go_by_id() {
    // The published example's list items: no `extension`.
    let app = spawn_with(args(&["--numbers", "3000", NO_CACHE[0], NO_CACHE[1]])).await;
    let (numbers, first) = run(&app, 1000, "... on HuntGroup { name extension }").await;
    let page = Page::of(&numbers);
    let lists = page.lists("HuntGroup", 1);
    assert!(lists > 0, "several hunt groups somewhere");
    // The first asks the lists, finds no extensions, and fetches every hunt group by id in the
    // same task.
    assert_eq!(route(&first, HUNT_GROUP_LIST) as usize, lists, "{first}");
    assert_eq!(
        total(&first) as usize,
        1 + lists + page.each("HuntGroup"),
        "{first}"
    );
    // Later requests go by id at once: the cost of the published shape, and no extra round.
    let (again, later) = run(&app, 1000, "... on HuntGroup { name extension }").await;
    assert_eq!(route(&later, HUNT_GROUP_LIST), 0, "{later}");
    assert_eq!(
        total(&later) as usize,
        1 + page.each("HuntGroup"),
        "{later}"
    );
    for n in numbers
        .iter()
        .chain(&again)
        .filter(|n| n["owner"]["__typename"] == "HuntGroup")
    {
        assert!(n["owner"]["extension"].is_string(), "{n}");
    }
}
