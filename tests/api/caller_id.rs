//! The caller ID picker, end to end against the simulator: browse locations and a location's
//! people, workspaces and virtual lines, read each one's caller ID and candidates, change it
//! with `setCallerId`, read the change back. The simulator's counters show what reached Webex:
//! one PUT per executed write, none for a dry run or for any rejected input.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, error_codes, route, spawn_app};
use callerid_graphql::simulator::{DEMO_LOCATION_ADMIN_TOKEN, DEMO_READONLY_TOKEN};

const SETTINGS: &str = "selected rawSelected allowed shownNumber directNumber locationNumber \
    customNumber externalCallerIdNamePolicy customExternalCallerIdName blockInForwardCallsEnabled";

/// The three lists of a location, with the GraphQL type and the PUT route of their entities.
const KINDS: [(&str, &str, &str); 3] = [
    ("people", "Person", "PUT /v1/people/{id}/features/callerId"),
    (
        "workspaces",
        "Workspace",
        "PUT /v1/workspaces/{id}/features/callerId",
    ),
    (
        "virtualLines",
        "VirtualLine",
        "PUT /v1/telephony/config/virtualLines/{virtualLineId}/callerId",
    ),
];

pub(crate) async fn reset(app: &TestApp) {
    let status = app
        .http
        .post(format!("{}/_simulator/reset", app.sim))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
    app.reset_stats().await;
}

/// PUTs that reached the simulator since the last reset of its counters.
pub(crate) fn puts(stats: &Value) -> u64 {
    stats["routes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("PUT "))
        .map(|(_, v)| v.as_u64().unwrap())
        .sum()
}

/// A location's entities of one list, with their caller ID and a few candidates, browsed from
/// `Query.locations` as a picker does.
async fn browse(app: &TestApp, token: &str, location: &str, list: &str) -> Vec<Value> {
    let query = format!(
        "query($name: String) {{ locations(filter: {{ name: $name }}) {{ nodes {{ id name
           {list}(first: 20) {{ nodes {{ id callerId {{ {SETTINGS}
             candidates(first: 20) {{ nodes {{ phoneNumber }} }} }} }} }} }} }} }}"
    );
    let r = app
        .query(Some(token), &query, json!({ "name": location }))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let locations = r["data"]["locations"]["nodes"].as_array().unwrap();
    let here = locations
        .iter()
        .find(|l| l["name"] == location)
        .unwrap_or_else(|| panic!("{location} not listed: {r}"));
    here[list]["nodes"].as_array().unwrap().clone()
}

fn candidates(entity: &Value) -> Vec<String> {
    entity["callerId"]["candidates"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["phoneNumber"].as_str().unwrap().to_owned())
        .collect()
}

fn allows(entity: &Value, selection: &str) -> bool {
    entity["callerId"]["allowed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == selection)
}

const SET: &str = "mutation($input: SetCallerIdInput!) { setCallerId(input: $input) {
    clientMutationId changed dryRun
    previous { selected shownNumber customNumber }
    callerId { selected shownNumber customNumber externalCallerIdNamePolicy customExternalCallerIdName }
    owner { __typename id ... on Person { callerId { selected shownNumber } }
      ... on Workspace { callerId { selected shownNumber } }
      ... on VirtualLine { callerId { selected shownNumber } } } } }";

async fn set(app: &TestApp, token: &str, input: Value) -> Value {
    app.query(Some(token), SET, json!({ "input": input })).await
}

/// The entity's settings, read afresh through `node`.
async fn read_back(app: &TestApp, id: &str) -> Value {
    let query = format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on Person {{ callerId {{ {SETTINGS} }} }}
           ... on Workspace {{ callerId {{ {SETTINGS} }} }} ... on VirtualLine {{ callerId {{ {SETTINGS} }} }} }} }}"
    );
    let r = app.query(Some(ADMIN), &query, json!({ "id": id })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["node"]["callerId"].clone()
}

#[tokio::test]
async fn the_picker_flow_changes_a_person_a_workspace_and_a_virtual_line_and_reads_it_back() {
    let app = spawn_app().await;
    reset(&app).await;
    for (list, typename, put_route) in KINDS {
        let entities = browse(&app, ADMIN, "San Jose", list).await;
        assert!(!entities.is_empty(), "San Jose has {list}");
        // An entity that may show a custom number, and a candidate it does not show yet.
        let (entity, number) = entities
            .iter()
            .filter(|e| allows(e, "CUSTOM"))
            .find_map(|e| {
                let shown = e["callerId"]["shownNumber"].as_str().map(str::to_owned);
                candidates(e)
                    .into_iter()
                    .find(|c| Some(c) != shown.as_ref())
                    .map(|c| (e.clone(), c))
            })
            .unwrap_or_else(|| panic!("no {list} entity with a second candidate"));
        let id = entity["id"].as_str().unwrap();
        app.reset_stats().await;

        // A dry run: every check runs, nothing is written.
        let dry = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "CUSTOM", "customNumber": number, "dryRun": true }),
        )
        .await;
        assert!(dry["errors"].is_null(), "{dry}");
        let payload = &dry["data"]["setCallerId"];
        assert_eq!(payload["dryRun"], true);
        assert_eq!(payload["changed"], true);
        assert_eq!(payload["callerId"]["selected"], "CUSTOM");
        assert_eq!(payload["callerId"]["shownNumber"], number.as_str());
        assert_eq!(
            payload["previous"]["shownNumber"],
            entity["callerId"]["shownNumber"]
        );
        assert_eq!(puts(&app.take_stats().await), 0, "a dry run sends no PUT");
        assert_eq!(
            read_back(&app, id).await["shownNumber"],
            entity["callerId"]["shownNumber"]
        );

        // The real call: one PUT, then the new settings everywhere.
        app.reset_stats().await;
        let done = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "CUSTOM", "customNumber": number,
                    "clientMutationId": format!("pick-{list}") }),
        )
        .await;
        assert!(done["errors"].is_null(), "{done}");
        let payload = &done["data"]["setCallerId"];
        assert_eq!(payload["clientMutationId"], format!("pick-{list}"));
        assert_eq!(payload["dryRun"], false);
        assert_eq!(payload["changed"], true);
        assert_eq!(payload["callerId"]["customNumber"], number.as_str());
        assert_eq!(payload["callerId"]["shownNumber"], number.as_str());
        assert_eq!(payload["owner"]["__typename"], typename);
        assert_eq!(payload["owner"]["id"], id);
        assert_eq!(
            payload["owner"]["callerId"]["shownNumber"],
            number.as_str(),
            "the owner's callerId in the same answer is the new one"
        );
        let stats = app.take_stats().await;
        assert_eq!(puts(&stats), 1, "{stats}");
        assert_eq!(route(&stats, put_route), 1, "{stats}");
        let now = read_back(&app, id).await;
        assert_eq!(now["selected"], "CUSTOM");
        assert_eq!(now["customNumber"], number.as_str());

        // Back to the direct line, and the name policy with it.
        let back = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "DIRECT_LINE", "externalCallerIdNamePolicy": "OTHER",
                    "customExternalCallerIdName": "Front Desk" }),
        )
        .await;
        assert!(back["errors"].is_null(), "{back}");
        let after = &back["data"]["setCallerId"]["callerId"];
        assert_eq!(after["selected"], "DIRECT_LINE");
        assert_eq!(after["externalCallerIdNamePolicy"], "OTHER");
        assert_eq!(after["customExternalCallerIdName"], "Front Desk");
        let now = read_back(&app, id).await;
        assert_eq!(now["shownNumber"], now["directNumber"]);
        assert_eq!(now["customExternalCallerIdName"], "Front Desk");

        // Setting what is already set is a write that changes nothing.
        let again = set(&app, ADMIN, json!({ "id": id, "selected": "DIRECT_LINE" })).await;
        assert_eq!(again["data"]["setCallerId"]["changed"], false, "{again}");
    }
    // The reset puts the seed back.
    reset(&app).await;
    let seeded = browse(&app, ADMIN, "San Jose", "people").await;
    assert!(
        seeded
            .iter()
            .all(|p| p["callerId"]["customExternalCallerIdName"] != "Front Desk")
    );
}

#[tokio::test]
async fn every_rejected_input_is_refused_before_any_put() {
    let app = spawn_app().await;
    reset(&app).await;
    let people = browse(&app, ADMIN, "San Jose", "people").await;
    let person = people
        .iter()
        .find(|p| allows(p, "CUSTOM") && allows(p, "LOCATION_NUMBER"))
        .unwrap();
    let id = person["id"].as_str().unwrap();
    let limited = people
        .iter()
        .find(|p| !allows(p, "LOCATION_NUMBER"))
        .expect("the seed has people without LOCATION_NUMBER");
    let location_id = app.location_id(0, "San Jose").await;
    // A London number: another country, never a San Jose candidate.
    let london = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 1) { nodes { phoneNumber } } }",
            json!({ "l": app.location_id(0, "London").await }),
        )
        .await["data"]["availableCallerIdNumbers"]["nodes"][0]["phoneNumber"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({ "id": id, "selected": "CUSTOM" }),
            "BAD_USER_INPUT",
            "customNumber is required",
        ),
        (
            json!({ "id": id, "selected": "DIRECT_LINE", "customNumber": "+14085550100" }),
            "BAD_USER_INPUT",
            "only taken with selected: CUSTOM",
        ),
        (
            json!({ "id": id, "selected": "CUSTOM", "customNumber": "408-555-0100" }),
            "BAD_USER_INPUT",
            "not an E.164 number",
        ),
        (
            json!({ "id": id, "selected": "DIRECT_LINE", "externalCallerIdNamePolicy": "OTHER" }),
            "BAD_USER_INPUT",
            "customExternalCallerIdName is required",
        ),
        (
            json!({ "id": id, "selected": "DIRECT_LINE", "customExternalCallerIdName": "50% off" }),
            "BAD_USER_INPUT",
            "does not allow",
        ),
        (
            json!({ "id": id, "selected": "DIRECT_LINE", "customExternalCallerIdName": "Zoë" }),
            "BAD_USER_INPUT",
            "does not allow",
        ),
        (
            json!({ "id": location_id, "selected": "DIRECT_LINE" }),
            "BAD_USER_INPUT",
            "not the id of a person, workspace or virtual line",
        ),
        (
            json!({ "id": id, "selected": "UNKNOWN" }),
            "BAD_USER_INPUT",
            "must be DIRECT_LINE, LOCATION_NUMBER or CUSTOM",
        ),
        (
            json!({ "id": limited["id"], "selected": "LOCATION_NUMBER" }),
            "BAD_USER_INPUT",
            "is not allowed for this person",
        ),
        (
            json!({ "id": id, "selected": "CUSTOM", "customNumber": london }),
            "NUMBER_NOT_AVAILABLE",
            "San Jose",
        ),
    ];
    for (input, code, says) in cases {
        app.reset_stats().await;
        let r = set(&app, ADMIN, input.clone()).await;
        assert_eq!(error_codes(&r), vec![code], "{input}: {r}");
        let message = r["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{input}: {message}");
        assert!(r["data"].is_null(), "{r}");
        let stats = app.take_stats().await;
        assert_eq!(puts(&stats), 0, "{input}: {stats}");
    }
    // The number-not-available message names the number, and only one call asked about it.
    app.reset_stats().await;
    let r = set(
        &app,
        ADMIN,
        json!({ "id": id, "selected": "CUSTOM", "customNumber": london }),
    )
    .await;
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&london)
    );
    let stats = app.take_stats().await;
    assert_eq!(route(&stats, crate::helpers::NUMBERS_ROUTE), 1, "{stats}");
}

#[tokio::test]
async fn read_only_and_location_admins_are_forbidden_and_nothing_changes() {
    let app = spawn_app().await;
    reset(&app).await;
    let person = browse(&app, ADMIN, "San Jose", "people")
        .await
        .into_iter()
        .find(|p| p["callerId"]["selected"] != "DIRECT_LINE")
        .unwrap();
    let id = person["id"].as_str().unwrap();
    let before = read_back(&app, id).await;

    let r = set(
        &app,
        DEMO_READONLY_TOKEN,
        json!({ "id": id, "selected": "DIRECT_LINE" }),
    )
    .await;
    assert_eq!(error_codes(&r), vec!["FORBIDDEN"], "{r}");
    assert_eq!(read_back(&app, id).await, before);

    // San Jose's location administrator, at Denver.
    let denver = browse(&app, ADMIN, "Denver", "people").await;
    let elsewhere = denver[0]["id"].as_str().unwrap();
    let before_elsewhere = read_back(&app, elsewhere).await;
    app.reset_stats().await;
    let r = set(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        json!({ "id": elsewhere, "selected": "DIRECT_LINE" }),
    )
    .await;
    assert_eq!(error_codes(&r), vec!["FORBIDDEN"], "{r}");
    assert_eq!(puts(&app.take_stats().await), 0);
    assert_eq!(read_back(&app, elsewhere).await, before_elsewhere);

    // At their own location they may.
    let r = set(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        json!({ "id": id, "selected": "DIRECT_LINE" }),
    )
    .await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(read_back(&app, id).await["selected"], "DIRECT_LINE");
}

#[tokio::test]
async fn fifty_listed_people_cost_one_list_call_and_one_round_of_caller_id_reads() {
    let app = spawn_app().await;
    // Each settings read is held long enough that reads of one round overlap.
    app.fault(json!({ "path": "/features/callerId", "latencyMs": 300 }))
        .await;
    app.reset_stats().await;
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { location(id: $l) { people(first: 50) {
               pageInfo { hasNextPage } nodes { id displayName emails extension callerId { selected } } } } }",
            json!({ "l": app.location_id(0, "San Jose").await }),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let people = r["data"]["location"]["people"]["nodes"].as_array().unwrap();
    assert_eq!(people.len(), 50, "San Jose has more than 50 people");
    assert_eq!(
        r["data"]["location"]["people"]["pageInfo"]["hasNextPage"],
        true
    );
    let stats = app.take_stats().await;
    let settings = "GET /v1/people/{id}/features/callerId";
    assert_eq!(
        route(&stats, "GET /v1/people"),
        1,
        "no second people call: {stats}"
    );
    assert_eq!(route(&stats, settings), 50, "{stats}");
    assert_eq!(
        stats["peakInFlight"][settings], 50,
        "all 50 reads were in flight together: {stats}"
    );
    // `location(id:)` itself costs its one lookup.
    assert_eq!(crate::helpers::total(&stats), 52, "{stats}");
}

#[tokio::test]
async fn a_mutation_over_get_is_405_and_never_runs_even_persisted() {
    let app = spawn_app().await;
    reset(&app).await;
    let person = browse(&app, ADMIN, "San Jose", "people").await[0].clone();
    let id = person["id"].as_str().unwrap();
    let mutation = format!(
        "mutation {{ setCallerId(input: {{ id: \"{id}\", selected: DIRECT_LINE }}) {{ changed }} }}"
    );
    app.reset_stats().await;
    let response = app
        .http
        .get(&app.url)
        .query(&[("query", mutation.as_str())])
        .bearer_auth(ADMIN)
        .header("accept", "application/graphql-response+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    // Registering it as a persisted query over GET runs nothing and stores nothing.
    let hash = crate::conformance::sha2_hash::hex_sha256(&mutation);
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }).to_string();
    let response = app
        .http
        .get(&app.url)
        .query(&[
            ("query", mutation.as_str()),
            ("extensions", extensions.as_str()),
        ])
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let response = app
        .http
        .get(&app.url)
        .query(&[("extensions", extensions.as_str())])
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        error_codes(&body),
        vec!["PERSISTED_QUERY_NOT_FOUND"],
        "{body}"
    );
    assert_eq!(crate::helpers::total(&app.take_stats().await), 0);
    // The same mutation over POST runs.
    let r = app.query(Some(ADMIN), &mutation, json!({})).await;
    assert!(r["errors"].is_null(), "{r}");
}

#[tokio::test]
async fn directory_connections_page_with_cursors_bound_to_their_list() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let page = |after: Option<String>| {
        let app = &app;
        let sj = sj.clone();
        async move {
            app.query(
                Some(ADMIN),
                "query($l: ID!, $after: String) { location(id: $l) { people(first: 30, after: $after) {
                   edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }",
                json!({ "l": sj, "after": after }),
            )
            .await
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut after = None;
    let mut pages = 0;
    let mut mid_page: Option<(Value, Value)> = None;
    loop {
        app.reset_stats().await;
        let r = page(after.clone()).await;
        // Webex pages people only by `Link`; each page's end cursor holds the next link, so
        // paging forward costs one people call a page, however deep.
        let stats = app.take_stats().await;
        assert_eq!(route(&stats, "GET /v1/people"), 1, "page {pages}: {stats}");
        assert!(r["errors"].is_null(), "{r}");
        let people = &r["data"]["location"]["people"];
        let edges = people["edges"].as_array().unwrap();
        for e in edges {
            assert!(
                seen.insert(e["node"]["id"].as_str().unwrap().to_owned()),
                "no repeats"
            );
        }
        if pages == 1 {
            mid_page = Some((edges[9]["cursor"].clone(), edges[10]["node"]["id"].clone()));
        }
        assert_eq!(people["pageInfo"]["hasPreviousPage"], pages > 0);
        assert_eq!(
            people["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        pages += 1;
        if people["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = people["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert!(pages >= 3, "San Jose's people span pages of 30");
    // A cursor from the middle of a page continues right after its node (walking from the
    // first Webex page: it holds no next link).
    let (cursor, next) = mid_page.unwrap();
    let r = page(cursor.as_str().map(str::to_owned)).await;
    assert_eq!(
        r["data"]["location"]["people"]["edges"][0]["node"]["id"], next,
        "{r}"
    );
    // A cursor of one list does not continue another.
    let cursor = after.unwrap();
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!, $after: String) { location(id: $l) { workspaces(after: $after) { nodes { id } } } }",
            json!({ "l": sj, "after": cursor }),
        )
        .await;
    assert_eq!(error_codes(&r), vec!["BAD_USER_INPUT"], "{r}");
    let r = app
        .query(
            Some(ADMIN),
            "{ locations(first: 1001) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_codes(&r), vec!["BAD_USER_INPUT"], "{r}");
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { location(id: $l) { people(first: 51) { nodes { id } } } }",
            json!({ "l": sj }),
        )
        .await;
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("between 1 and 50"),
        "{r}"
    );
}

#[tokio::test]
async fn an_executed_write_logs_one_line_without_the_token_and_is_counted() {
    let binary = crate::helpers::Binary::start(&[]);
    let people = crate::helpers::post(
        &binary.url,
        Some(ADMIN),
        "{ locations(filter: { name: \"San Jose\" }) { nodes { people(first: 5) { nodes { id callerId { allowed } } } } } }",
        json!({}),
    )
    .await;
    let person = people["data"]["locations"]["nodes"][0]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| allows(p, "LOCATION_NUMBER"))
        .unwrap()
        .clone();
    let id = person["id"].as_str().unwrap();
    for (selected, dry_run) in [("LOCATION_NUMBER", true), ("LOCATION_NUMBER", false)] {
        let r = crate::helpers::post(
            &binary.url,
            Some(ADMIN),
            SET,
            json!({ "input": { "id": id, "selected": selected, "dryRun": dry_run } }),
        )
        .await;
        assert!(r["errors"].is_null(), "{r}");
    }
    let log = binary.log_until(|log| log.contains("caller ID changed"));
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("caller ID changed"))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one line for the one executed write:\n{log}"
    );
    let line = lines[0];
    for part in [
        "INFO",
        "entity=\"person\"",
        id,
        "selected=\"LOCATION_NUMBER\"",
        "previous_selected=",
        "tracking_id=",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
    // The ready line names the simulator's demo token on purpose; nothing the requests logged
    // holds the caller's token.
    assert!(
        log.lines()
            .filter(|l| !l.contains("GraphQL ready"))
            .all(|l| !l.contains(ADMIN)),
        "the token is never logged"
    );
    let metrics = crate::helpers::metrics_text(&binary.url).await;
    let count = |outcome: &str| {
        metrics
            .lines()
            .find(|l| {
                l.starts_with("callerid_mutations_total")
                    && l.contains("mutation=\"setCallerId\"")
                    && l.contains(&format!("outcome=\"{outcome}\""))
            })
            .and_then(|l| l.rsplit(' ').next())
            .unwrap_or_else(|| panic!("no {outcome} count in\n{metrics}"))
            .to_owned()
    };
    assert_eq!(count("dry_run"), "1");
    assert_eq!(count("changed"), "1");
}

#[tokio::test]
async fn owners_on_a_numbers_page_read_their_caller_id_in_the_planned_round() {
    let app = spawn_app().await;
    app.fault(json!({ "path": "/callerId", "latencyMs": 300 }))
        .await;
    app.reset_stats().await;
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 200) { nodes { owner {
               __typename ... on Person { id callerId { selected } } ... on Workspace { id callerId { selected } }
               ... on VirtualLine { id callerId { selected } } } } } }",
            json!({ "l": app.location_id(0, "San Jose").await }),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let mut owners: std::collections::HashMap<String, std::collections::HashSet<String>> =
        Default::default();
    for n in crate::helpers::nodes(&r) {
        if let Some(id) = n["owner"]["id"].as_str() {
            assert!(n["owner"]["callerId"]["selected"].is_string(), "{n}");
            owners
                .entry(n["owner"]["__typename"].as_str().unwrap().to_owned())
                .or_default()
                .insert(id.to_owned());
        }
    }
    let stats = app.take_stats().await;
    let mut all = 0;
    for (typename, route_name) in [
        ("Person", "GET /v1/people/{id}/features/callerId"),
        ("Workspace", "GET /v1/workspaces/{id}/features/callerId"),
        (
            "VirtualLine",
            "GET /v1/telephony/config/virtualLines/{virtualLineId}/callerId",
        ),
    ] {
        let n = owners.get(typename).map_or(0, |o| o.len()) as u64;
        assert!(n > 0, "the page has a {typename}");
        assert_eq!(
            route(&stats, route_name),
            n,
            "one read per {typename}: {stats}"
        );
        all += n;
    }
    let peak: u64 = [
        "GET /v1/people/{id}/features/callerId",
        "GET /v1/workspaces/{id}/features/callerId",
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/callerId",
    ]
    .iter()
    .map(|r| stats["peakInFlight"][r].as_u64().unwrap_or(0))
    .sum();
    assert_eq!(peak, all, "every read was in flight at once: {stats}");
    // No detail field was asked: nothing else but the page.
    assert_eq!(crate::helpers::total(&stats), all + 1, "{stats}");
}

#[tokio::test]
async fn a_failed_put_is_retried_and_one_without_an_answer_says_its_outcome_is_unknown() {
    let app = crate::helpers::spawn_with(crate::helpers::args(&[
        "--upstream-timeout-ms",
        "500",
        "--upstream-max-attempts",
        "2",
        "--upstream-backoff-ms",
        "10",
    ]))
    .await;
    reset(&app).await;
    let person = browse(&app, ADMIN, "San Jose", "people").await[0].clone();
    let id = person["id"].as_str().unwrap();
    let put_route = "PUT /v1/people/{id}/features/callerId";
    // A 503 once: the PUT is idempotent, so it is sent again.
    app.fault(json!({ "method": "PUT", "status": 503, "count": 1 }))
        .await;
    app.reset_stats().await;
    let r = set(&app, ADMIN, json!({ "id": id, "selected": "DIRECT_LINE" })).await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(route(&app.take_stats().await, put_route), 2);
    app.clear_faults().await;
    // No answer at all: the write may have happened, and the message says so.
    app.fault(json!({ "method": "PUT", "latencyMs": 5000 }))
        .await;
    let r = set(&app, ADMIN, json!({ "id": id, "selected": "DIRECT_LINE" })).await;
    assert_eq!(error_codes(&r), vec!["UPSTREAM_TIMEOUT"], "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("may or may not have been applied"),
        "{message}"
    );
    app.clear_faults().await;
}
