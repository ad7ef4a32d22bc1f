//! The number list: typed owners, the seed's selection rules and each filter.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::helpers::{ADMIN, SendJson, nodes, spawn_app};

const LIST: &str = r#"
query List($loc: ID!, $filter: AvailableNumbersFilter, $first: Int) {
  availableCallerIdNumbers(locationId: $loc, filter: $filter, first: $first) {
    nodes {
      phoneNumber state isMainNumber tollFreeNumber isServiceNumber
      location { id name }
      owner { __typename ... on Owner { id ownerType rawType } }
    }
    pageInfo { hasNextPage }
  }
}"#;

async fn list(app: &crate::helpers::TestApp, loc: &str, filter: Value) -> Vec<Value> {
    let response = app
        .query(
            Some(ADMIN),
            LIST,
            json!({ "loc": loc, "filter": filter, "first": 2000 }),
        )
        .await;
    assert!(response["errors"].is_null(), "{response}");
    nodes(&response).clone()
}

#[tokio::test]
async fn every_owner_type_resolves_to_its_own_union_member() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    let numbers = list(&app, &loc, Value::Null).await;
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut unassigned = 0;
    for n in &numbers {
        match &n["owner"] {
            Value::Null => unassigned += 1,
            o => {
                seen.insert(
                    o["rawType"].as_str().unwrap().to_owned(),
                    (
                        o["__typename"].as_str().unwrap().to_owned(),
                        o["ownerType"].as_str().unwrap().to_owned(),
                    ),
                );
            }
        }
    }
    let expected = [
        ("PEOPLE", "Person", "PEOPLE"),
        ("PLACE", "Workspace", "PLACE"),
        ("VIRTUAL_LINE", "VirtualLine", "VIRTUAL_LINE"),
        ("AUTO_ATTENDANT", "AutoAttendant", "AUTO_ATTENDANT"),
        ("CALL_QUEUE", "CallQueue", "CALL_QUEUE"),
        ("GROUP_PAGING", "PagingGroup", "GROUP_PAGING"),
        ("PAGING_GROUP", "PagingGroup", "GROUP_PAGING"),
        ("HUNT_GROUP", "HuntGroup", "HUNT_GROUP"),
        ("VOICE_MESSAGING", "VoicePortal", "VOICE_MESSAGING"),
        ("OFFICE_ANYWHERE", "SingleNumberReach", "OFFICE_ANYWHERE"),
        (
            "BROADWORKS_ANYWHERE",
            "SingleNumberReach",
            "OFFICE_ANYWHERE",
        ),
        (
            "CONTACT_CENTER_LINK",
            "ContactCenterLink",
            "CONTACT_CENTER_LINK",
        ),
        (
            "CONTACT_CENTER_ADAPTER",
            "ContactCenterAdapter",
            "CONTACT_CENTER_ADAPTER",
        ),
        ("ROUTE_LIST", "RouteList", "ROUTE_LIST"),
        ("VOICEMAIL_GROUP", "VoicemailGroup", "VOICEMAIL_GROUP"),
        (
            "COLLABORATE_BRIDGE",
            "CollaborateBridge",
            "COLLABORATE_BRIDGE",
        ),
        ("AI_RECEPTIONIST", "UnknownOwner", "UNKNOWN"),
    ];
    for (raw, typename, owner_type) in expected {
        assert_eq!(
            seen.get(raw),
            Some(&(typename.to_owned(), owner_type.to_owned())),
            "{raw}"
        );
    }
    assert_eq!(seen.len(), expected.len(), "{seen:?}");
    assert!(
        unassigned > 0,
        "unassigned numbers come back with owner: null"
    );
    assert!(numbers.iter().any(|n| n["state"] == "INACTIVE"));
    assert!(numbers.iter().any(|n| n["isMainNumber"] == true));
    assert!(numbers.iter().any(|n| n["tollFreeNumber"] == true));
    assert!(numbers.iter().any(|n| n["isServiceNumber"] == true));
}

fn location_names(numbers: &[Value]) -> BTreeSet<String> {
    numbers
        .iter()
        .map(|n| n["location"]["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn other_locations_count_only_with_the_same_country_provider_and_indian_zone() {
    let app = spawn_app().await;
    let cases = [
        ("San Jose", vec!["Denver", "San Jose"]),
        ("Austin", vec!["Austin", "New York"]),
        ("London", vec!["London"]),
        ("Manchester", vec!["Manchester"]),
        ("Bangalore", vec!["Bangalore", "Chennai"]),
        ("Mumbai", vec!["Mumbai"]),
    ];
    for (asked, expected) in cases {
        let loc = app.location_id(0, asked).await;
        let numbers = list(&app, &loc, Value::Null).await;
        let expected: BTreeSet<String> = expected.into_iter().map(String::from).collect();
        assert_eq!(location_names(&numbers), expected, "asked about {asked}");
    }
}

const PEOPLE: &str = r#"
query People($loc: ID!) {
  availableCallerIdNumbers(locationId: $loc, first: 2000) {
    nodes { phoneNumber owner { ... on Person { id phoneNumbers { type value primary } } } }
  }
}"#;

#[tokio::test]
async fn person_id_returns_only_the_mobile_number_of_a_cisco_pstn_mobile_person_without_billing_plan()
 {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    let everything = list(&app, &loc, Value::Null).await;
    let response = app.query(Some(ADMIN), PEOPLE, json!({ "loc": loc })).await;
    let mut mobile_people = Vec::new();
    let mut desk_people = Vec::new();
    for n in nodes(&response) {
        let Some(id) = n["owner"]["id"].as_str() else {
            continue;
        };
        let primary_mobile = n["owner"]["phoneNumbers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["type"] == "mobile" && p["primary"] == true);
        match primary_mobile {
            Some(p) => mobile_people.push((id.to_owned(), p["value"].as_str().unwrap().to_owned())),
            None => desk_people.push(id.to_owned()),
        }
    }
    assert!(mobile_people.len() >= 2 && !desk_people.is_empty());
    let (mut only_mobile, mut full) = (0, 0);
    for (id, mobile) in &mobile_people {
        let numbers = list(&app, &loc, json!({ "personId": id })).await;
        if numbers.len() == 1 {
            assert_eq!(numbers[0]["phoneNumber"], mobile.as_str());
            only_mobile += 1;
        } else {
            // A mobile-primary person with a billing plan: the rule does not apply.
            assert_eq!(numbers.len(), everything.len());
            full += 1;
        }
    }
    assert!(
        only_mobile > 0 && full > 0,
        "both branches of the rule occur: {only_mobile}/{full}"
    );
    let numbers = list(&app, &loc, json!({ "personId": desk_people[0] })).await;
    assert_eq!(
        numbers.len(),
        everything.len(),
        "a desk-phone person gets the full list"
    );
}

#[tokio::test]
async fn filters_by_phone_numbers_and_owner_name() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    let everything = list(&app, &loc, Value::Null).await;
    let picked: Vec<&str> = [3, 40]
        .iter()
        .map(|i| everything[*i]["phoneNumber"].as_str().unwrap())
        .collect();
    let numbers = list(&app, &loc, json!({ "phoneNumbers": picked })).await;
    let got: Vec<&str> = numbers
        .iter()
        .map(|n| n["phoneNumber"].as_str().unwrap())
        .collect();
    assert_eq!(got, picked);

    let numbers = list(&app, &loc, json!({ "ownerName": "hunt group" })).await;
    assert!(!numbers.is_empty());
    assert!(
        numbers
            .iter()
            .all(|n| n["owner"]["__typename"] == "HuntGroup")
    );
    assert!(numbers.len() < everything.len());

    let numbers = list(&app, &loc, json!({ "ownerName": "nobody has this name" })).await;
    assert!(numbers.is_empty());
}

#[tokio::test]
async fn response_fields_come_in_the_order_the_query_asked_for_them() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "San Jose").await;
    // Detail fields resolve later than summary fields; the response must not reorder them.
    let q = r#"query($loc: ID!) { availableCallerIdNumbers(locationId: $loc, first: 30) {
        nodes { owner { ... on Person { emails firstName } ... on Owner { id } } location { timeZone name } phoneNumber }
        pageInfo { hasNextPage } } }"#;
    let text = crate::helpers::post_text(&app.url, Some(ADMIN), q, json!({ "loc": loc })).await;
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text}"))
    };
    assert!(at("\"nodes\"") < at("\"pageInfo\""), "{text}");
    assert!(at("\"owner\"") < at("\"location\"") && at("\"location\"") < at("\"phoneNumber\""));
    // Within one Person: emails, then firstName, then id, as selected.
    let person = &text[at("\"owner\":{\"emails\"")..];
    let person = &person[..person.find('}').unwrap()];
    let (first, id) = (
        person.find("\"firstName\"").unwrap(),
        person.find("\"id\"").unwrap(),
    );
    assert!(first < id, "{person}");
    assert!(at("\"timeZone\"") < at("\"name\""));
}

#[tokio::test]
async fn get_requests_run_queries_too() {
    let app = spawn_app().await;
    let loc = app.location_id(0, "Mumbai").await;
    let query = format!(
        r#"{{ availableCallerIdNumbers(locationId: "{loc}", first: 2) {{ nodes {{ phoneNumber }} }} }}"#
    );
    let response: Value = app
        .http
        .get(&app.url)
        .query(&[("query", query.as_str())])
        .bearer_auth(ADMIN)
        .send_json()
        .await;
    assert_eq!(nodes(&response).len(), 2, "{response}");
}
