//! Emergency callback numbers end to end against the simulator: every member's setting read
//! under a page in one round, a location's, the candidates, `setEmergencyCallback` dry run then
//! written and read back for each kind, refusals before any PUT, `FORBIDDEN` for tokens that may
//! not write, and every `NUMBER_NOT_AVAILABLE` reason (caller ID and ECBN) with the calls its
//! explanation cost.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use callerid_graphql::simulator::{DEMO_LOCATION_ADMIN_TOKEN, DEMO_READONLY_TOKEN};

use crate::caller_id::{puts, reset};
use crate::helpers::{ADMIN, TestApp, args, error_codes, route, spawn_app, spawn_with, total};

const SETTINGS: &str = "selected rawSelected shownNumber effectiveLevel quality \
    directLine { phoneNumber } locationEcbn { phoneNumber effectiveValue } \
    locationNumber { phoneNumber } default { phoneNumber } \
    member { id phoneNumber memberType quality owner { __typename ... on Owner { id } } }";

/// The member kinds: their list under a location, type, and ECBN GET and PUT routes.
const MEMBERS: [(&str, &str, &str, &str); 3] = [
    (
        "people",
        "Person",
        "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber",
        "PUT /v1/telephony/config/people/{personId}/emergencyCallbackNumber",
    ),
    (
        "workspaces",
        "Workspace",
        "GET /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber",
        "PUT /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber",
    ),
    (
        "virtualLines",
        "VirtualLine",
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber",
        "PUT /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber",
    ),
];

const LOCATION_PUT: &str =
    "PUT /v1/telephony/config/locations/{locationId}/features/emergencyCallbackNumber";
const ORG_NUMBERS: &str = "GET /v1/telephony/config/numbers";
const LOCATIONS: &str = "GET /v1/locations";
const CALLER_ID_LIST: &str = crate::helpers::NUMBERS_ROUTE;

const SET: &str = "mutation($input: SetEmergencyCallbackInput!) {
  setEmergencyCallback(input: $input) {
    clientMutationId changed dryRun
    previous { selected shownNumber member { id } }
    emergencyCallback { selected shownNumber member { id phoneNumber memberType
      owner { __typename ... on Owner { id } } } }
    owner { __typename id
      ... on Person { emergencyCallback { selected shownNumber member { id } } }
      ... on Workspace { emergencyCallback { selected shownNumber member { id } } }
      ... on VirtualLine { emergencyCallback { selected shownNumber member { id } } }
      ... on Location { emergencyCallback { selected shownNumber member { id } } } } } }";

async fn set(app: &TestApp, token: &str, input: Value) -> Value {
    app.query(Some(token), SET, json!({ "input": input })).await
}

/// An entity's settings, read afresh through `node`.
async fn read_back(app: &TestApp, id: &str) -> Value {
    let query = format!(
        "query($id: ID!) {{ node(id: $id) {{
           ... on Person {{ emergencyCallback {{ {SETTINGS} }} }}
           ... on Workspace {{ emergencyCallback {{ {SETTINGS} }} }}
           ... on VirtualLine {{ emergencyCallback {{ {SETTINGS} }} }}
           ... on Location {{ emergencyCallback {{ {SETTINGS} }} }} }} }}"
    );
    let r = app.query(Some(ADMIN), &query, json!({ "id": id })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["node"]["emergencyCallback"].clone()
}

/// A location's entities of one list with their settings.
async fn browse(app: &TestApp, location: &str, list: &str) -> Vec<Value> {
    let q = format!(
        "query($l: ID!) {{ location(id: $l) {{ {list}(first: 40) {{ nodes {{ id
           emergencyCallback {{ {SETTINGS} }} }} }} }} }}"
    );
    let r = app.query(Some(ADMIN), &q, json!({ "l": location })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["location"][list]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

/// The members `id` may choose: the owners of its candidates, by type.
async fn candidates(app: &TestApp, id: &str) -> Vec<(String, String, String)> {
    let q = "query($id: ID!) { node(id: $id) {
        ... on Person { emergencyCallback { ...C } } ... on Workspace { emergencyCallback { ...C } }
        ... on VirtualLine { emergencyCallback { ...C } } ... on Location { emergencyCallback { ...C } } } }
      fragment C on EmergencyCallbackSettings { candidates(first: 100) { nodes { phoneNumber
        owner { __typename ... on Owner { id } } } } }";
    let r = app.query(Some(ADMIN), q, json!({ "id": id })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["node"]["emergencyCallback"]["candidates"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| {
            Some((
                n["owner"]["id"].as_str()?.to_owned(),
                n["owner"]["__typename"].as_str()?.to_owned(),
                n["phoneNumber"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[tokio::test]
async fn a_page_reads_every_members_emergency_callback_in_one_round() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let mut seen = BTreeSet::new();
    for (list, _, get, _) in MEMBERS {
        app.fault(json!({ "path": "/emergencyCallbackNumber", "latencyMs": 200 }))
            .await;
        app.reset_stats().await;
        let rows = browse(&app, &sj, list).await;
        let stats = app.take_stats().await;
        app.clear_faults().await;
        assert!(!rows.is_empty(), "San Jose has {list}");
        let n = rows.len() as u64;
        assert_eq!(route(&stats, get), n, "one read per row: {stats}");
        assert!(
            !stats["routes"]
                .as_object()
                .unwrap()
                .keys()
                .any(|k| k.ends_with("/dependencies")),
            "dependencies are read only when asked: {stats}"
        );
        assert_eq!(
            stats["peakInFlight"][get].as_u64(),
            Some(n),
            "every read in flight at once: {stats}"
        );
        for row in &rows {
            let ecbn = &row["emergencyCallback"];
            seen.insert(ecbn["selected"].as_str().unwrap().to_owned());
            match ecbn["selected"].as_str().unwrap() {
                "DIRECT_LINE" => assert_eq!(ecbn["shownNumber"], ecbn["directLine"]["phoneNumber"]),
                "LOCATION_ECBN" => assert!(ecbn["shownNumber"].is_string(), "{ecbn}"),
                "LOCATION_MEMBER_NUMBER" => {
                    let member = &ecbn["member"];
                    assert!(member["id"].is_string(), "{ecbn}");
                    assert_eq!(member["owner"]["id"], member["id"], "{ecbn}");
                    assert_eq!(ecbn["shownNumber"], member["phoneNumber"], "{ecbn}");
                }
                _ => assert!(ecbn["member"].is_null(), "{ecbn}"),
            }
        }
    }
    for selected in [
        "DIRECT_LINE",
        "LOCATION_ECBN",
        "LOCATION_MEMBER_NUMBER",
        "NONE",
    ] {
        assert!(seen.contains(selected), "{selected} seeded: {seen:?}");
    }
    // Dependencies when asked: one call per row, the two fields sharing it.
    let deps = "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber/dependencies";
    app.reset_stats().await;
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { location(id: $l) { people(first: 10) { nodes {
               emergencyCallback { dependentMemberCount isLocationEcbnDefault } } } } }",
            json!({ "l": sj }),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let counts: Vec<i64> = r["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["emergencyCallback"]["dependentMemberCount"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert!(
        counts.iter().any(|&c| c > 0),
        "someone's number is a callback: {counts:?}"
    );
    assert_eq!(route(&app.take_stats().await, deps), 10);
}

#[tokio::test]
async fn a_location_reads_its_callback_number_and_its_candidates_are_members() {
    let app = spawn_app().await;
    for name in ["San Jose", "Denver"] {
        let id = app.location_id(0, name).await;
        let ecbn = read_back(&app, &id).await;
        match ecbn["selected"].as_str().unwrap() {
            "LOCATION_NUMBER" => {
                assert_eq!(ecbn["shownNumber"], ecbn["locationNumber"]["phoneNumber"]);
            }
            "LOCATION_MEMBER_NUMBER" => assert!(ecbn["member"]["id"].is_string(), "{ecbn}"),
            other => panic!("a location selects {other}"),
        }
        assert!(
            ecbn["directLine"].is_null(),
            "a location has no direct line"
        );
        let members = candidates(&app, &id).await;
        let kinds: BTreeSet<&str> = members.iter().map(|(_, k, _)| k.as_str()).collect();
        assert!(
            kinds.is_subset(&BTreeSet::from([
                "Person",
                "Workspace",
                "VirtualLine",
                "HuntGroup"
            ])),
            "{kinds:?}"
        );
        assert!(kinds.contains("HuntGroup"), "{kinds:?}");
    }
}

#[tokio::test]
async fn each_kind_sets_a_member_after_a_dry_run_and_reads_it_back() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let mut targets: Vec<(String, &str)> = Vec::new();
    for (list, typename, _, put_route) in MEMBERS {
        let rows = browse(&app, &sj, list).await;
        let row = rows
            .iter()
            .find(|r| r["emergencyCallback"]["selected"] != "LOCATION_MEMBER_NUMBER")
            .unwrap_or_else(|| panic!("a {typename} without a member"));
        targets.push((row["id"].as_str().unwrap().to_owned(), put_route));
    }
    targets.push((sj.clone(), LOCATION_PUT));
    for (id, put_route) in &targets {
        let before = read_back(&app, id).await;
        let members = candidates(&app, id).await;
        // A hunt group where one is offered: the member kind people most often get wrong.
        let (member, _, number) = members
            .iter()
            .find(|(m, kind, _)| kind == "HuntGroup" && m != id)
            .or_else(|| members.iter().find(|(m, _, _)| m != id))
            .unwrap_or_else(|| panic!("{id} has candidates"))
            .clone();
        app.reset_stats().await;
        let dry = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "LOCATION_MEMBER_NUMBER", "memberId": member,
                    "dryRun": true, "clientMutationId": "plan" }),
        )
        .await;
        assert!(dry["errors"].is_null(), "{dry}");
        let payload = &dry["data"]["setEmergencyCallback"];
        assert_eq!(payload["dryRun"], true);
        assert_eq!(payload["changed"], true);
        assert_eq!(payload["clientMutationId"], "plan");
        assert_eq!(
            payload["emergencyCallback"]["member"]["id"],
            member.as_str()
        );
        assert_eq!(payload["emergencyCallback"]["shownNumber"], number.as_str());
        assert_eq!(payload["previous"]["selected"], before["selected"]);
        assert_eq!(puts(&app.take_stats().await), 0, "a dry run sends no PUT");
        assert_eq!(read_back(&app, id).await, before, "nothing changed");

        let done = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "LOCATION_MEMBER_NUMBER", "memberId": member }),
        )
        .await;
        assert!(done["errors"].is_null(), "{done}");
        let payload = &done["data"]["setEmergencyCallback"];
        assert_eq!(payload["changed"], true);
        assert_eq!(payload["dryRun"], false);
        assert_eq!(
            payload["owner"]["emergencyCallback"]["member"]["id"],
            member.as_str(),
            "the owner in the same answer shows the new member: {payload}"
        );
        let stats = app.take_stats().await;
        assert_eq!((puts(&stats), route(&stats, put_route)), (1, 1), "{stats}");
        let now = read_back(&app, id).await;
        assert_eq!(now["selected"], "LOCATION_MEMBER_NUMBER");
        assert_eq!(now["member"]["id"], member.as_str());
        assert_eq!(now["shownNumber"], number.as_str());

        // Setting what is set changes nothing.
        let again = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "LOCATION_MEMBER_NUMBER", "memberId": member }),
        )
        .await;
        assert_eq!(
            again["data"]["setEmergencyCallback"]["changed"], false,
            "{again}"
        );
    }
    // A member back to its direct line; a location back to its number.
    let (person, _) = &targets[0];
    let back = set(
        &app,
        ADMIN,
        json!({ "id": person, "selected": "DIRECT_LINE" }),
    )
    .await;
    assert!(back["errors"].is_null(), "{back}");
    let now = read_back(&app, person).await;
    assert_eq!(now["selected"], "DIRECT_LINE");
    assert_eq!(now["shownNumber"], now["directLine"]["phoneNumber"]);
    let back = set(
        &app,
        ADMIN,
        json!({ "id": sj, "selected": "LOCATION_NUMBER" }),
    )
    .await;
    assert!(back["errors"].is_null(), "{back}");
    assert_eq!(read_back(&app, &sj).await["selected"], "LOCATION_NUMBER");
    reset(&app).await;
}

#[tokio::test]
async fn bad_input_is_refused_before_any_call() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let person = browse(&app, &sj, "people").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let route_list = "Y2lzY29zcGFyazovL3VzL1JPVVRFX0xJU1QvMTIzNA";
    let cases = [
        (
            json!({ "id": person, "selected": "LOCATION_MEMBER_NUMBER" }),
            "input.memberId is required",
        ),
        (
            json!({ "id": person, "selected": "DIRECT_LINE", "memberId": person }),
            "input.memberId is only taken with selected: LOCATION_MEMBER_NUMBER",
        ),
        (
            json!({ "id": person, "selected": "LOCATION_NUMBER" }),
            "must be DIRECT_LINE or LOCATION_ECBN or LOCATION_MEMBER_NUMBER for a person",
        ),
        (
            json!({ "id": sj, "selected": "DIRECT_LINE" }),
            "must be LOCATION_NUMBER or LOCATION_MEMBER_NUMBER for a location",
        ),
        (
            json!({ "id": sj, "selected": "LOCATION_ECBN" }),
            "for a location",
        ),
        (
            json!({ "id": person, "selected": "NONE" }),
            "input.selected must be",
        ),
        (
            json!({ "id": person, "selected": "UNKNOWN" }),
            "input.selected must be",
        ),
        (
            json!({ "id": route_list, "selected": "DIRECT_LINE" }),
            "not the id of a person, workspace, virtual line or location",
        ),
        (json!({ "id": " ", "selected": "DIRECT_LINE" }), "input.id"),
    ];
    for (input, says) in cases {
        app.reset_stats().await;
        let r = set(&app, ADMIN, input.clone()).await;
        assert_eq!(error_codes(&r), vec!["BAD_USER_INPUT"], "{input}: {r}");
        let message = r["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{input}: {message}");
        assert_eq!(
            total(&app.take_stats().await),
            0,
            "{input}: nothing sent upstream"
        );
    }
}

#[tokio::test]
async fn read_only_and_location_admins_are_forbidden_and_nothing_changes() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let denver = app.location_id(0, "Denver").await;
    let here = browse(&app, &sj, "people").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let there = browse(&app, &denver, "people").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A read-only token reads the setting, so only Webex's answer to the PUT can refuse it; a
    // location administrator cannot even read another location's, so nothing is sent.
    for (token, id, puts_sent) in [
        (DEMO_READONLY_TOKEN, &here, 1),
        (DEMO_LOCATION_ADMIN_TOKEN, &there, 0),
        (DEMO_LOCATION_ADMIN_TOKEN, &denver, 0),
    ] {
        let before = read_back(&app, id).await;
        let selected = if id == &denver {
            "LOCATION_NUMBER"
        } else {
            "LOCATION_ECBN"
        };
        app.reset_stats().await;
        let r = set(&app, token, json!({ "id": id, "selected": selected })).await;
        assert_eq!(error_codes(&r), vec!["FORBIDDEN"], "{token} {id}: {r}");
        assert_eq!(puts(&app.take_stats().await), puts_sent, "{token} {id}");
        assert_eq!(read_back(&app, id).await, before, "unchanged");
    }
    // San Jose's administrator may at San Jose.
    let r = set(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        json!({ "id": here, "selected": "LOCATION_ECBN" }),
    )
    .await;
    assert!(r["errors"].is_null(), "{r}");
    reset(&app).await;
}

/// A refused write: its reason, its number's location, and the calls the explanation cost (the
/// calls beside the ones the check itself makes).
struct Refused {
    reason: String,
    location: Option<String>,
    message: String,
    stats: Value,
}

async fn refused(app: &TestApp, mutation: &str, input: Value) -> Refused {
    let query = format!(
        "mutation($input: {}Input!) {{ {mutation}(input: $input) {{ changed }} }}",
        if mutation == "setCallerId" {
            "SetCallerId"
        } else {
            "SetEmergencyCallback"
        }
    );
    app.reset_stats().await;
    let r = app
        .query(Some(ADMIN), &query, json!({ "input": input }))
        .await;
    let stats = app.take_stats().await;
    assert_eq!(
        error_codes(&r),
        vec!["NUMBER_NOT_AVAILABLE"],
        "{input}: {r}"
    );
    assert_eq!(puts(&stats), 0, "{stats}");
    let ext = &r["errors"][0]["extensions"];
    Refused {
        reason: ext["reason"].as_str().unwrap().to_owned(),
        location: ext["numberLocation"]["name"].as_str().map(str::to_owned),
        message: r["errors"][0]["message"].as_str().unwrap().to_owned(),
        stats,
    }
}

/// The first caller ID candidate of `location` (a number of it or of a location it shares
/// country and provider with).
async fn a_number_of(app: &TestApp, location: &str) -> String {
    let r = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { location(id: $l) { availableNumbers(for: MAIN_NUMBER, first: 1) {
               nodes { phoneNumber } } } }",
            json!({ "l": app.location_id(0, location).await }),
        )
        .await;
    r["data"]["location"]["availableNumbers"]["nodes"][0]["phoneNumber"]
        .as_str()
        .unwrap_or_else(|| panic!("{location} has a number: {r}"))
        .to_owned()
}

/// A refused caller ID change and what explaining it should cost.
struct Case {
    id: String,
    number: String,
    reason: &'static str,
    location: Option<&'static str>,
    /// Numbers-API calls, locations calls, caller ID list calls beyond the check's own.
    calls: [u64; 3],
}

#[tokio::test]
async fn every_caller_id_refusal_says_why_within_three_calls() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let q = "query($l: ID!) { location(id: $l) {
        people(first: 40) { nodes { id callerId { candidates(first: 2) { nodes { phoneNumber } } } } }
        workspaces(first: 1) { nodes { id } } } }";
    let r = app.query(Some(ADMIN), q, json!({ "l": sj })).await;
    let people = r["data"]["location"]["people"]["nodes"].as_array().unwrap();
    let one = |p: &&Value| {
        p["callerId"]["candidates"]["nodes"]
            .as_array()
            .unwrap()
            .len()
    };
    // The seed's mobile-number rule: a person offered only their own mobile number.
    let mobile = people
        .iter()
        .find(|p| one(p) == 1)
        .expect("a person under the mobile rule");
    let person = people.iter().find(|p| one(p) > 1).expect("a person");
    let workspace = r["data"]["location"]["workspaces"]["nodes"][0]["id"]
        .as_str()
        .unwrap();
    let (mobile, person) = (
        mobile["id"].as_str().unwrap(),
        person["id"].as_str().unwrap(),
    );
    let unassigned_mobile = {
        let q =
            "query($l: ID!) { location(id: $l) { availableNumbers(for: NEW_PERSON, first: 500) {
            nodes { phoneNumber telephonyType } } } }";
        let r = app.query(Some(ADMIN), q, json!({ "l": sj })).await;
        r["data"]["location"]["availableNumbers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["telephonyType"] == "MOBILE_NUMBER")
            .expect("an unassigned mobile number")["phoneNumber"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (london, austin, san_jose) = (
        a_number_of(&app, "London").await,
        a_number_of(&app, "Austin").await,
        a_number_of(&app, "San Jose").await,
    );
    // Each refusal, and the calls its explanation cost: numbers API, locations, and the caller
    // ID list beyond the check's own call.
    let case = |id: &str,
                number: &str,
                reason: &'static str,
                location: Option<&'static str>,
                calls: [u64; 3]| Case {
        id: id.to_owned(),
        number: number.to_owned(),
        reason,
        location,
        calls,
    };
    let cases = [
        case(
            person,
            "+19995550100",
            "NOT_IN_ORGANIZATION",
            None,
            [1, 0, 0],
        ),
        case(
            workspace,
            "+19995550100",
            "NOT_IN_ORGANIZATION",
            None,
            [1, 0, 0],
        ),
        case(person, &london, "OTHER_COUNTRY", Some("London"), [1, 1, 0]),
        case(
            workspace,
            &austin,
            "OTHER_PSTN_OR_ZONE",
            Some("Austin"),
            [1, 1, 0],
        ),
        // A person's list is asked once more: the location's might offer it (it does not).
        case(
            person,
            &austin,
            "OTHER_PSTN_OR_ZONE",
            Some("Austin"),
            [1, 1, 1],
        ),
        case(
            mobile,
            &san_jose,
            "MOBILE_NUMBER_RULE",
            Some("San Jose"),
            [1, 0, 1],
        ),
        case(
            workspace,
            &unassigned_mobile,
            "UNKNOWN",
            Some("San Jose"),
            [1, 0, 0],
        ),
    ];
    for Case {
        id,
        number,
        reason,
        location,
        calls: [numbers_api, locations, lists],
    } in cases
    {
        let (id, number) = (id.as_str(), number.as_str());
        let r = refused(
            &app,
            "setCallerId",
            json!({ "id": id, "selected": "CUSTOM", "customNumber": number, "dryRun": true }),
        )
        .await;
        let what = format!("{number} for {id}: {}", r.message);
        assert_eq!(r.reason, reason, "{what}");
        assert_eq!(r.location.as_deref(), location, "{what}");
        assert!(r.message.contains(number), "{what}");
        assert_eq!(
            route(&r.stats, ORG_NUMBERS),
            numbers_api,
            "{what} {}",
            r.stats
        );
        assert_eq!(route(&r.stats, LOCATIONS), locations, "{what} {}", r.stats);
        assert_eq!(
            route(&r.stats, CALLER_ID_LIST),
            1 + lists,
            "{what} {}",
            r.stats
        );
        assert!(numbers_api + locations + lists <= 3);
    }
    assert!(
        refused(
            &app,
            "setCallerId",
            json!({ "id": person, "selected": "CUSTOM", "customNumber": london })
        )
        .await
        .message
        .contains("GB"),
        "the message names the country"
    );
}

#[tokio::test]
async fn every_emergency_callback_refusal_says_why_and_a_failed_explanation_is_unknown() {
    let app = spawn_with(args(&["--cache-details-ttl-secs", "0"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let denver = app.location_id(0, "Denver").await;
    let person = browse(&app, &sj, "people").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let elsewhere = browse(&app, &denver, "people").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let attendant = {
        let q =
            "query($l: ID!) { location(id: $l) { availableNumbers(for: MAIN_NUMBER, first: 500) {
            nodes { owner { __typename ... on Owner { id } } } } } }";
        let r = app.query(Some(ADMIN), q, json!({ "l": sj })).await;
        r["data"]["location"]["availableNumbers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["owner"]["__typename"] == "AutoAttendant")
            .expect("an auto attendant with a number")["owner"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // A person id no org holds.
    let stranger =
        "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA";
    let list =
        "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber/availableNumbers";
    // (member, reason, location, candidate list calls, numbers-API calls)
    let cases = [
        (attendant.as_str(), "NOT_A_MEMBER_TYPE", None, 0, 0),
        (stranger, "NOT_IN_ORGANIZATION", None, 1, 1),
        (elsewhere.as_str(), "OTHER_LOCATION", Some("Denver"), 1, 1),
    ];
    for (member, reason, location, lists, numbers_api) in cases {
        let r = refused(
            &app,
            "setEmergencyCallback",
            json!({ "id": person, "selected": "LOCATION_MEMBER_NUMBER", "memberId": member }),
        )
        .await;
        let what = format!("{member}: {}", r.message);
        assert_eq!(r.reason, reason, "{what}");
        assert_eq!(r.location.as_deref(), location, "{what}");
        assert!(r.message.contains(member), "names the member: {what}");
        assert_eq!(route(&r.stats, list), lists, "{what} {}", r.stats);
        assert_eq!(
            route(&r.stats, ORG_NUMBERS),
            numbers_api,
            "{what} {}",
            r.stats
        );
        // The setting's read, the check's list, and the explanation (the numbers API and, the
        // entity known by id alone, its location from its record).
        let explained = total(&r.stats) - 1 - lists;
        assert!(explained <= 3, "{what} {}", r.stats);
    }
    // The explanation's call fails: the refusal stands, its reason unknown.
    app.fault(json!({ "path": "/telephony/config/numbers", "status": 500 }))
        .await;
    let r = refused(
        &app,
        "setEmergencyCallback",
        json!({ "id": person, "selected": "LOCATION_MEMBER_NUMBER", "memberId": stranger }),
    )
    .await;
    assert_eq!(r.reason, "UNKNOWN", "{}", r.message);
    assert!(
        r.message.contains("could not be established"),
        "{}",
        r.message
    );
    let r = refused(
        &app,
        "setCallerId",
        json!({ "id": person, "selected": "CUSTOM", "customNumber": "+19995550100" }),
    )
    .await;
    assert_eq!(r.reason, "UNKNOWN", "{}", r.message);
    app.clear_faults().await;
}

#[tokio::test]
async fn a_cached_callback_setting_is_retired_by_the_write() {
    let app = spawn_with(args(&["--cache-emergency-callback-ttl-secs", "60"])).await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let row = browse(&app, &sj, "people")
        .await
        .into_iter()
        .find(|p| p["emergencyCallback"]["selected"] != "DIRECT_LINE")
        .expect("a person not on their direct line");
    let id = row["id"].as_str().unwrap();
    read_back(&app, id).await;
    app.reset_stats().await;
    read_back(&app, id).await;
    let get = MEMBERS[0].2;
    assert_eq!(
        route(&app.take_stats().await, get),
        0,
        "served from the cache"
    );
    let done = set(&app, ADMIN, json!({ "id": id, "selected": "DIRECT_LINE" })).await;
    assert!(done["errors"].is_null(), "{done}");
    assert_eq!(read_back(&app, id).await["selected"], "DIRECT_LINE");
    reset(&app).await;
}

#[tokio::test]
async fn writes_are_counted_by_outcome() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let id = browse(&app, &sj, "workspaces")
        .await
        .into_iter()
        .find(|w| w["emergencyCallback"]["selected"] != "LOCATION_ECBN")
        .expect("a workspace not on its location's number")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for dry_run in [true, false] {
        let r = set(
            &app,
            ADMIN,
            json!({ "id": id, "selected": "LOCATION_ECBN", "dryRun": dry_run }),
        )
        .await;
        assert!(r["errors"].is_null(), "{r}");
    }
    let metrics = crate::helpers::metrics_text(&app.url).await;
    for outcome in ["dry_run", "changed"] {
        assert!(
            metrics
                .lines()
                .any(|l| l.starts_with("callerid_mutations_total")
                    && l.contains("mutation=\"setEmergencyCallback\"")
                    && l.contains(&format!("outcome=\"{outcome}\""))),
            "{outcome} counted:\n{metrics}"
        );
    }
    reset(&app).await;
}
