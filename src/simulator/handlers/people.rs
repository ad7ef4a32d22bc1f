//! `GET /people` (by `id`, `email`, `displayName`, `locationId`) and `GET /people/{personId}`.

use std::collections::HashSet;

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use crate::simulator::auth::PEOPLE_READ;
use crate::simulator::org::{Org, SimPerson};
use crate::simulator::wire::{Call, SimResult, list_param, name_matches};

/// Webex's limit on `id` in one list call.
const MAX_IDS: usize = 85;

pub(crate) async fn list(call: Call) -> SimResult {
    let at = call.authorized(&[PEOPLE_READ])?;
    let (grant, org) = (at.grant, at.org);
    let ids = list_param(&call.params, "id");
    if ids.len() > MAX_IDS {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "id accepts up to 85 person IDs separated by commas.",
        ));
    }
    let location = at.location_filter()?;
    let email = call.param("email").map(str::to_lowercase);
    let display_name = call.param("displayName");
    let calling = call.param("callingData") == Some("true");
    let mut extra = Map::new();
    let people: Vec<&SimPerson> = if ids.is_empty() {
        org.people.iter().collect()
    } else {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for id in ids.iter().filter(|id| seen.insert(id.as_str())) {
            match org.person(id) {
                Some(p) => found.push(p),
                None => missing.push(id.clone()),
            }
        }
        extra.insert("notFoundIds".into(), json!(missing));
        found
    };
    let items = people
        .into_iter()
        .filter(|p| grant.covers_location(p.location))
        .filter(|p| location.is_none_or(|l| p.location == l))
        .filter(|p| email.as_deref().is_none_or(|e| p.email == e))
        .filter(|p| name_matches(display_name, &display(p)))
        .collect();
    // "with `locationId`, max ≤ 50"; with `callingData`, ≤ 100.
    let cap = match (location, calling) {
        (Some(_), _) => 50,
        (None, true) => 100,
        (None, false) => usize::MAX,
    };
    call.page("items", 100)
        .capped(cap)
        .answer_with(items, |p| person_json(org, p, calling), extra)
}

pub(crate) async fn detail(call: Call, Path(id): Path<String>) -> SimResult {
    let at = call.authorized(&[PEOPLE_READ])?;
    let calling = call.param("callingData") == Some("true");
    match at.org.person(&id) {
        Some(p) if at.grant.covers_location(p.location) => {
            Ok(Json(person_json(at.org, p, calling)).into_response())
        }
        _ => Err(call.not_found("Person")),
    }
}

fn display(p: &SimPerson) -> String {
    format!("{} {}", p.first_name, p.last_name)
}

/// A person as the spec's example shows one. Without `callingData=true` Webex leaves out the
/// calling fields (`extension`, `locationId`).
fn person_json(org: &Org, p: &SimPerson, calling: bool) -> Value {
    let mut person = json!({
        "id": p.id,
        "emails": [p.email],
        "phoneNumbers": [{ "type": p.number_type, "value": p.phone_number, "primary": true }],
        "displayName": display(p),
        "nickName": p.first_name,
        "firstName": p.first_name,
        "lastName": p.last_name,
        "orgId": org.id,
        "department": p.department,
        "title": p.title,
        "created": "2025-03-01T09:00:00.000Z",
        "timezone": org.locations[p.location].time_zone,
        "type": "person",
    });
    if calling {
        person["extension"] = json!(p.extension);
        person["locationId"] = json!(org.locations[p.location].id);
    }
    person
}
