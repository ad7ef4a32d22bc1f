//! Every available-numbers list through `availableNumbers(for:)`: a page of each as the schema
//! types it (snapshots), the simulator's rule for each kind of list, filters and purposes refused
//! before any call, a page plus one planned round of details, and cached pages retired by
//! exactly the writes that affect them.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use callerid_graphql::simulator::{DEMO_LOCATION_ADMIN_TOKEN, demo_person_id};

use crate::contract::workspace;
use crate::helpers::{ADMIN, TestApp, args, error_codes, route, spawn_app, spawn_with, total};
use crate::planner::Page;

const ITEM: &str = "phoneNumber extension state isMainNumber tollFreeNumber isServiceNumber \
    telephonyType rawTelephonyType mobileNetwork routingProfile location { id name } \
    owner { __typename ... on Owner { id ownerType rawType firstName lastName displayName } }";

/// A location's list `purpose`; the whole response.
async fn at_location(
    app: &TestApp,
    token: &str,
    location: &str,
    purpose: &str,
    filter: Value,
    first: usize,
) -> Value {
    let q = format!(
        r#"query($l: ID!, $f: NumberListFilter, $first: Int) {{ location(id: $l) {{
            availableNumbers(for: {purpose}, filter: $f, first: $first) {{
              edges {{ cursor node {{ {ITEM} }} }}
              pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }} }}"#
    );
    app.query(
        Some(token),
        &q,
        json!({ "l": location, "f": filter, "first": first }),
    )
    .await
}

/// A member's (person, workspace, virtual line, by id) list `purpose`; the whole response.
async fn of_member(
    app: &TestApp,
    token: &str,
    id: &str,
    purpose: &str,
    filter: Value,
    first: usize,
) -> Value {
    let q = format!(
        r#"query($id: ID!, $f: NumberListFilter, $first: Int) {{ node(id: $id) {{
            ... on Person {{ availableNumbers(for: {purpose}, filter: $f, first: $first) {{ ...Page }} }}
            ... on Workspace {{ availableNumbers(for: {purpose}, filter: $f, first: $first) {{ ...Page }} }}
            ... on VirtualLine {{ availableNumbers(for: {purpose}, filter: $f, first: $first) {{ ...Page }} }} }} }}
        fragment Page on AssignableNumberConnection {{
            edges {{ cursor node {{ {ITEM} }} }}
            pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }}"#
    );
    app.query(
        Some(token),
        &q,
        json!({ "id": id, "f": filter, "first": first }),
    )
    .await
}

/// The nodes of a list answer (of either shape above).
fn items(response: &Value) -> Vec<Value> {
    let page = if response["data"]["location"].is_object() {
        &response["data"]["location"]["availableNumbers"]
    } else {
        &response["data"]["node"]["availableNumbers"]
    };
    page["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no page in {response}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

const LOCATION_USES: [&str; 24] = [
    "EXTERNAL_CALLER_ID",
    "MAIN_NUMBER",
    "EMERGENCY_CALLBACK",
    "CALL_INTERCEPT",
    "CHARGE_NUMBER",
    "WEBEX_GO",
    "HUNT_GROUP",
    "HUNT_GROUP_ALTERNATE",
    "HUNT_GROUP_CALL_FORWARD",
    "CALL_QUEUE",
    "CALL_QUEUE_ALTERNATE",
    "CALL_QUEUE_CALL_FORWARD",
    "AUTO_ATTENDANT",
    "AUTO_ATTENDANT_ALTERNATE",
    "AUTO_ATTENDANT_CALL_FORWARD",
    "PAGING_GROUP",
    "VOICE_PORTAL",
    "VOICEMAIL_GROUP",
    "VOICEMAIL_GROUP_FAX",
    "SINGLE_NUMBER_REACH",
    "OPERATING_MODE_CALL_FORWARD",
    "NEW_PERSON",
    "NEW_WORKSPACE",
    "NEW_VIRTUAL_LINE",
];

/// The members whose own lists the tests read: the demo person, a professional workspace and a
/// virtual line, all at San Jose.
async fn members(app: &TestApp) -> [(&'static str, String, Vec<&'static str>); 3] {
    let sj = app.location_id(0, "San Jose").await;
    let lines = app
        .sim_get(&format!(
            "/v1/telephony/config/virtualLines?locationId={sj}&max=1"
        ))
        .await;
    let line = lines["virtualLines"][0]["id"].as_str().unwrap().to_owned();
    let all = vec![
        "SECONDARY",
        "FAX",
        "CALL_FORWARD",
        "CALL_INTERCEPT",
        "EMERGENCY_CALLBACK",
    ];
    [
        ("person", demo_person_id(), all.clone()),
        ("workspace", workspace(app, true).await, all),
        (
            "virtual_line",
            line,
            vec![
                "FAX",
                "CALL_FORWARD",
                "CALL_INTERCEPT",
                "EMERGENCY_CALLBACK",
            ],
        ),
    ]
}

#[tokio::test]
async fn every_list_answers_a_typed_page_through_one_field() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let mut lists = 0;
    for purpose in LOCATION_USES {
        let response = at_location(&app, ADMIN, &sj, purpose, Value::Null, 3).await;
        assert!(response["errors"].is_null(), "{purpose}: {response}");
        insta::assert_json_snapshot!(format!("location_{purpose}"), response["data"]);
        lists += 1;
    }
    for (kind, id, purposes) in members(&app).await {
        for purpose in purposes {
            let response = of_member(&app, ADMIN, &id, purpose, Value::Null, 3).await;
            assert!(response["errors"].is_null(), "{kind} {purpose}: {response}");
            insta::assert_json_snapshot!(format!("{kind}_{purpose}"), response["data"]);
            lists += 1;
        }
        // A member's external caller ID is its location's list.
        let response = of_member(&app, ADMIN, &id, "EXTERNAL_CALLER_ID", Value::Null, 3).await;
        assert!(response["errors"].is_null(), "{response}");
        assert!(!items(&response).is_empty(), "{kind}: {response}");
    }
    assert_eq!(lists, 38);
}

/// The owner `__typename`s of a page, and how many of its items have no owner.
fn owners(items: &[Value]) -> (BTreeSet<String>, usize) {
    let mut kinds = BTreeSet::new();
    let mut unowned = 0;
    for item in items {
        match item["owner"]["__typename"].as_str() {
            Some(kind) => {
                kinds.insert(kind.to_owned());
            }
            None => unowned += 1,
        }
    }
    (kinds, unowned)
}

#[tokio::test]
async fn unassigned_lists_hold_no_owner_assigned_lists_only_owned_numbers_and_the_main_number_list_both()
 {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    for purpose in [
        "WEBEX_GO",
        "HUNT_GROUP",
        "CALL_QUEUE_ALTERNATE",
        "VOICEMAIL_GROUP_FAX",
        "NEW_WORKSPACE",
    ] {
        let page = items(&at_location(&app, ADMIN, &sj, purpose, Value::Null, 2000).await);
        let (kinds, unowned) = owners(&page);
        assert!(kinds.is_empty() && unowned > 0, "{purpose}: {kinds:?}");
    }
    for purpose in [
        "CALL_INTERCEPT",
        "CHARGE_NUMBER",
        "AUTO_ATTENDANT_CALL_FORWARD",
    ] {
        let page = items(&at_location(&app, ADMIN, &sj, purpose, Value::Null, 2000).await);
        let (kinds, unowned) = owners(&page);
        assert!(unowned == 0 && kinds.len() > 4, "{purpose}: {kinds:?}");
    }
    let main = items(&at_location(&app, ADMIN, &sj, "MAIN_NUMBER", Value::Null, 2000).await);
    let (kinds, unowned) = owners(&main);
    assert!(unowned > 0 && kinds.len() > 4, "{kinds:?}");
    assert!(main.iter().any(|n| n["isMainNumber"] == true));
}

#[tokio::test]
async fn emergency_callback_lists_hold_only_the_members_of_the_entitys_location() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let members =
        BTreeSet::from(["HuntGroup", "Person", "VirtualLine", "Workspace"].map(String::from));
    let page = items(&at_location(&app, ADMIN, &sj, "EMERGENCY_CALLBACK", Value::Null, 2000).await);
    let (kinds, unowned) = owners(&page);
    assert_eq!((kinds, unowned), (members.clone(), 0));
    assert!(page.iter().all(|n| n["location"]["id"] == sj.as_str()));
    // A person's: the members of the person's location, San Jose's own numbers only (the
    // external caller ID list of San Jose also holds Denver's).
    let person = of_member(
        &app,
        ADMIN,
        &demo_person_id(),
        "EMERGENCY_CALLBACK",
        Value::Null,
        2000,
    )
    .await;
    let theirs = items(&person);
    let (kinds, _) = owners(&theirs);
    assert_eq!(kinds, members);
    let numbers = |page: &[Value]| -> BTreeSet<String> {
        page.iter()
            .map(|n| n["phoneNumber"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(numbers(&theirs), numbers(&page));
}

#[tokio::test]
async fn charge_number_lists_offer_no_toll_free_or_mobile_number() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let assigned = items(&at_location(&app, ADMIN, &sj, "CALL_INTERCEPT", Value::Null, 2000).await);
    let excluded: BTreeSet<String> = assigned
        .iter()
        .filter(|n| n["tollFreeNumber"] == true || n["telephonyType"] == "MOBILE_NUMBER")
        .map(|n| n["phoneNumber"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        assigned.iter().any(|n| n["tollFreeNumber"] == true)
            && assigned
                .iter()
                .any(|n| n["telephonyType"] == "MOBILE_NUMBER"),
        "San Jose has assigned toll-free and mobile numbers to leave out"
    );
    let charge = items(&at_location(&app, ADMIN, &sj, "CHARGE_NUMBER", Value::Null, 2000).await);
    assert_eq!(charge.len(), assigned.len() - excluded.len());
    for n in &charge {
        assert!(
            !excluded.contains(n["phoneNumber"].as_str().unwrap()),
            "{n}"
        );
        // The charge-number list gives no telephony type.
        assert!(
            n["telephonyType"].is_null() && n["tollFreeNumber"] == false,
            "{n}"
        );
    }
}

#[tokio::test]
async fn call_forward_and_intercept_lists_offer_extension_only_items() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let page = items(
        &at_location(
            &app,
            ADMIN,
            &sj,
            "HUNT_GROUP_CALL_FORWARD",
            Value::Null,
            2000,
        )
        .await,
    );
    let extension_only: Vec<&Value> = page.iter().filter(|n| n["phoneNumber"].is_null()).collect();
    assert_eq!(extension_only.len(), 2, "a hunt group and a call queue");
    for n in &extension_only {
        assert!(
            n["extension"].is_string() && n["owner"]["__typename"].is_string(),
            "{n}"
        );
    }
    // By its extension.
    let extension = extension_only[0]["extension"].as_str().unwrap();
    let found = items(
        &at_location(
            &app,
            ADMIN,
            &sj,
            "HUNT_GROUP_CALL_FORWARD",
            json!({ "extension": extension }),
            10,
        )
        .await,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["extension"], extension);
    // A member's intercept list has them too; the location's own does not (its schema requires
    // a number).
    let person = items(
        &of_member(
            &app,
            ADMIN,
            &demo_person_id(),
            "CALL_INTERCEPT",
            Value::Null,
            2000,
        )
        .await,
    );
    assert_eq!(
        person.iter().filter(|n| n["phoneNumber"].is_null()).count(),
        2
    );
    let location = items(&at_location(&app, ADMIN, &sj, "CALL_INTERCEPT", Value::Null, 2000).await);
    assert!(location.iter().all(|n| n["phoneNumber"].is_string()));
}

#[tokio::test]
async fn primary_lists_honour_the_location_and_the_licence() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let austin = app.location_id(0, "Austin").await;
    let mobile = |page: &[Value]| {
        page.iter()
            .filter(|n| n["telephonyType"] == "MOBILE_NUMBER")
            .count()
    };
    let person = items(&at_location(&app, ADMIN, &sj, "NEW_PERSON", Value::Null, 2000).await);
    assert!(person.iter().all(|n| n["location"]["id"] == sj.as_str()));
    assert!(
        mobile(&person) > 0,
        "San Jose (Cisco PSTN) offers mobile numbers"
    );
    for n in person
        .iter()
        .filter(|n| n["telephonyType"] == "MOBILE_NUMBER")
    {
        assert!(
            n["mobileNetwork"].is_string() && n["routingProfile"].is_string(),
            "{n}"
        );
    }
    let standard = items(
        &at_location(
            &app,
            ADMIN,
            &sj,
            "NEW_PERSON",
            json!({ "licenseType": "STANDARD" }),
            2000,
        )
        .await,
    );
    assert_eq!(standard.len(), person.len() - mobile(&person));
    assert_eq!(mobile(&standard), 0);
    let professional = items(
        &at_location(
            &app,
            ADMIN,
            &sj,
            "NEW_PERSON",
            json!({ "licenseType": "PROFESSIONAL" }),
            2000,
        )
        .await,
    );
    assert_eq!(professional.len(), person.len());
    let there = items(&at_location(&app, ADMIN, &austin, "NEW_PERSON", Value::Null, 2000).await);
    assert!(!there.is_empty() && mobile(&there) == 0);
    assert!(there.iter().all(|n| n["location"]["id"] == austin.as_str()));
    // Without `locationId` (which the service always sends) the list spans the organisation.
    let everywhere = app
        .sim_get("/v1/telephony/config/workspaces/availableNumbers?max=2000")
        .await;
    let here = items(&at_location(&app, ADMIN, &sj, "NEW_WORKSPACE", Value::Null, 2000).await);
    assert!(everywhere["phoneNumbers"].as_array().unwrap().len() > here.len());
}

#[tokio::test]
async fn only_professional_workspaces_have_secondary_and_fax_lists() {
    let app = spawn_app().await;
    let (pro, basic) = (workspace(&app, true).await, workspace(&app, false).await);
    for purpose in ["SECONDARY", "FAX"] {
        let ok = of_member(&app, ADMIN, &pro, purpose, Value::Null, 5).await;
        assert!(ok["errors"].is_null() && !items(&ok).is_empty(), "{ok}");
        let refused = of_member(&app, ADMIN, &basic, purpose, Value::Null, 5).await;
        assert_eq!(error_codes(&refused), ["BAD_USER_INPUT"], "{refused}");
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("professional"),
            "{refused}"
        );
        // Other lists do not depend on the licence.
        let forward = of_member(&app, ADMIN, &basic, "CALL_FORWARD", Value::Null, 5).await;
        assert!(forward["errors"].is_null(), "{forward}");
    }
}

#[tokio::test]
async fn virtual_line_lists_refuse_location_administrators_but_call_intercept() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let [_, _, (_, line, _)] = members(&app).await;
    for purpose in ["FAX", "CALL_FORWARD", "EMERGENCY_CALLBACK"] {
        let refused = of_member(
            &app,
            DEMO_LOCATION_ADMIN_TOKEN,
            &line,
            purpose,
            Value::Null,
            5,
        )
        .await;
        assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{purpose}: {refused}");
        let admin = of_member(&app, ADMIN, &line, purpose, Value::Null, 5).await;
        assert!(admin["errors"].is_null(), "{admin}");
    }
    let intercept = of_member(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        &line,
        "CALL_INTERCEPT",
        Value::Null,
        5,
    )
    .await;
    assert!(
        intercept["errors"].is_null() && !items(&intercept).is_empty(),
        "{intercept}"
    );
    let refused = at_location(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        &sj,
        "NEW_VIRTUAL_LINE",
        Value::Null,
        5,
    )
    .await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let workspace = at_location(
        &app,
        DEMO_LOCATION_ADMIN_TOKEN,
        &sj,
        "NEW_WORKSPACE",
        Value::Null,
        5,
    )
    .await;
    assert!(workspace["errors"].is_null(), "{workspace}");
}

#[tokio::test]
async fn refused_filters_and_purposes_cost_no_upstream_call() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let [(_, person, _), _, (_, line, _)] = members(&app).await;
    app.reset_stats().await;
    let cases: Vec<(Value, &str)> = vec![
        (
            at_location(
                &app,
                ADMIN,
                &sj,
                "EMERGENCY_CALLBACK",
                json!({ "extension": "1234" }),
                5,
            )
            .await,
            "filter.extension is not taken by EMERGENCY_CALLBACK",
        ),
        (
            at_location(
                &app,
                ADMIN,
                &sj,
                "HUNT_GROUP",
                json!({ "licenseType": "STANDARD" }),
                5,
            )
            .await,
            "filter.licenseType is not taken by HUNT_GROUP",
        ),
        (
            at_location(
                &app,
                ADMIN,
                &sj,
                "WEBEX_GO",
                json!({ "ownerName": "Ann" }),
                5,
            )
            .await,
            "filter.ownerName is not taken by WEBEX_GO",
        ),
        (
            of_member(&app, ADMIN, &line, "SECONDARY", Value::Null, 5).await,
            "for: SECONDARY is not a list a virtual line has",
        ),
        (
            at_location(
                &app,
                ADMIN,
                &sj,
                "CALL_INTERCEPT",
                json!({ "extension": "12a" }),
                5,
            )
            .await,
            "filter.extension \"12a\" is not an extension",
        ),
        (
            at_location(
                &app,
                ADMIN,
                &sj,
                "MAIN_NUMBER",
                json!({ "phoneNumbers": ["+1,+2"] }),
                5,
            )
            .await,
            "filter.phoneNumbers",
        ),
        (
            at_location(&app, ADMIN, &sj, "MAIN_NUMBER", Value::Null, 2001).await,
            "first must be between 1 and 2000",
        ),
        (
            of_member(&app, ADMIN, &person, "FAX", json!({ "ownerName": "x" }), 5).await,
            "filter.ownerName is not taken by FAX",
        ),
    ];
    let stats = app.take_stats().await;
    for (response, message) in &cases {
        assert_eq!(error_codes(response), ["BAD_USER_INPUT"], "{response}");
        assert!(
            response["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with(message),
            "{message}: {response}"
        );
    }
    // Nothing was asked of any list: what the requests cost is the lookup of the entity they
    // start from (`location(id:)`, `node(id:)`), before the field refused.
    let lists: u64 = stats["routes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| route.contains("availableNumbers"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert_eq!(lists, 0, "{stats}");
    assert_eq!(
        total(&stats),
        route(&stats, "GET /v1/locations/{id}")
            + route(&stats, "GET /v1/people")
            + route(&stats, "GET /v1/telephony/config/virtualLines"),
        "{stats}"
    );
}

#[tokio::test]
async fn a_page_of_any_list_with_owner_details_costs_its_page_and_one_planned_round() {
    // San Jose holds 30% of 8000 numbers: a 2000-row page of each list of owned numbers.
    let app = spawn_with(args(&["--numbers", "8000", "--cache-max-bytes", "0"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let details = "... on Person { emails } ... on HuntGroup { name } ... on Workspace { capacity } \
        ... on AutoAttendant { name tollFreeNumber }";
    let q = |purpose: &str| {
        format!(
            r#"query($l: ID!) {{ location(id: $l) {{ availableNumbers(for: {purpose}, first: 2000) {{
                nodes {{ location {{ id }} owner {{ __typename ... on Owner {{ id }} {details} }} }}
                pageInfo {{ hasNextPage }} }} }} }}"#
        )
    };
    for (purpose, label) in [
        (
            "MAIN_NUMBER",
            "GET /v1/telephony/config/locations/{locationId}/availableNumbers",
        ),
        (
            "HUNT_GROUP_CALL_FORWARD",
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/callForwarding/availableNumbers",
        ),
        (
            "HUNT_GROUP",
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/availableNumbers",
        ),
    ] {
        app.reset_stats().await;
        let response = app
            .query(Some(ADMIN), &q(purpose), json!({ "l": sj }))
            .await;
        assert!(response["errors"].is_null(), "{purpose}: {response}");
        let stats = app.take_stats().await;
        let numbers = response["data"]["location"]["availableNumbers"]["nodes"]
            .as_array()
            .unwrap();
        let page = Page::of(numbers);
        // `location(id:)` reads the location first, so an unknown id is NOT_FOUND.
        assert_eq!(route(&stats, "GET /v1/locations/{id}"), 1, "{stats}");
        let expected = 2
            + page.people().div_ceil(85)
            + page.listed_or_each("HuntGroup", 1)
            + page.listed_or_each("Workspace", 1)
            + page.listed_or_each("AutoAttendant", 1);
        assert_eq!(route(&stats, label), 1, "{purpose}: one page, {stats}");
        assert_eq!(total(&stats) as usize, expected, "{purpose}: {stats}");
        if purpose == "HUNT_GROUP" {
            assert_eq!(expected, 2, "unassigned numbers have no owner to detail");
        } else {
            assert_eq!(numbers.len(), 2000, "{purpose}");
            assert!(
                page.people() > 85 && expected > 4,
                "{purpose}: owners were detailed"
            );
        }
    }
}

#[tokio::test]
async fn a_write_retires_exactly_the_number_pages_it_affects() {
    let app = spawn_with(args(&["--cache-numbers-ttl-secs", "60"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let q = r#"query($l: ID!) { location(id: $l) { people(first: 20) { nodes {
        id callerId { selected allowed } } } } }"#;
    let response = app.query(Some(ADMIN), q, json!({ "l": sj })).await;
    let people = response["data"]["location"]["people"]["nodes"]
        .as_array()
        .unwrap();
    let person = people
        .iter()
        .find(crate::helpers::may_switch_to_location_number)
        .expect("a person who may switch");
    let other = people.iter().find(|p| p["id"] != person["id"]).unwrap();
    let (id, other) = (
        person["id"].as_str().unwrap(),
        other["id"].as_str().unwrap(),
    );
    let forward = "GET /v1/telephony/config/people/{personId}/callForwarding/availableNumbers";
    let main = "GET /v1/telephony/config/locations/{locationId}/availableNumbers";
    let read_all = || async {
        of_member(&app, ADMIN, id, "CALL_FORWARD", Value::Null, 5).await;
        of_member(&app, ADMIN, other, "CALL_FORWARD", Value::Null, 5).await;
        at_location(&app, ADMIN, &sj, "MAIN_NUMBER", Value::Null, 5).await;
    };
    read_all().await;
    app.reset_stats().await;
    read_all().await;
    let cached = app.take_stats().await;
    assert_eq!(
        (route(&cached, forward), route(&cached, main)),
        (0, 0),
        "{cached}"
    );
    let write = r#"mutation($id: ID!) { setCallerId(input: { id: $id, selected: LOCATION_NUMBER }) { changed } }"#;
    let done = app.query(Some(ADMIN), write, json!({ "id": id })).await;
    assert!(done["errors"].is_null(), "{done}");
    app.reset_stats().await;
    read_all().await;
    let after = app.take_stats().await;
    // The person's own list and its location's lists are asked again; another person's is not.
    assert_eq!(route(&after, forward), 1, "{after}");
    assert_eq!(route(&after, main), 1, "{after}");
    app.http
        .post(format!("{}/_simulator/reset", app.sim))
        .send()
        .await
        .unwrap();
}
