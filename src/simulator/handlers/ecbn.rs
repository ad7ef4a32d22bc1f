//! The emergency callback number routes: `GET`/`PUT …/{people|workspaces|virtualLines}/{id}/
//! emergencyCallbackNumber`, their `…/dependencies`, the hunt group's dependencies, and `GET`/`PUT
//! …/locations/{locationId}/features/emergencyCallbackNumber`, with the published field sets.
//! A PUT is checked as Webex's descriptions say (a member of the entity's location, of a type an
//! ECBN may point at) and answers 204; a refusal is a 400 in Webex's error body.

use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use crate::simulator::auth::{Role, TELEPHONY_READ, TELEPHONY_WRITE};
use crate::simulator::caller_id::Entity;
use crate::simulator::ecbn::{self, Book, MemberEcbn, member, quality};
use crate::simulator::lock;
use crate::simulator::org::Org;
use crate::simulator::wire::{Authorized, Call, SimError, SimResult};

/// A person, workspace or virtual line: its location, number and names.
struct Subject<'o> {
    location: usize,
    number: Option<&'o crate::simulator::org::SimNumber>,
    first_name: String,
    last_name: String,
}

fn subject<'o>(org: &'o Org, entity: Entity, id: &str) -> Option<Subject<'o>> {
    let number = org.number_of(id);
    match entity {
        Entity::Person => org.person(id).map(|p| Subject {
            location: p.location,
            number,
            first_name: p.first_name.to_owned(),
            last_name: p.last_name.to_owned(),
        }),
        Entity::Workspace => org.workspaces.iter().find(|w| w.id == id).map(|w| Subject {
            location: w.location,
            number,
            first_name: w.display_name.clone(),
            last_name: ".".to_owned(),
        }),
        Entity::VirtualLine => org
            .virtual_lines
            .iter()
            .find(|v| v.id == id)
            .map(|v| Subject {
                location: v.location,
                number,
                first_name: v.first_name.to_owned(),
                last_name: v.last_name.to_owned(),
            }),
    }
}

/// The entity the path names, if the token may see it: a virtual line's settings are for full
/// and read-only administrators only; the others admit a location administrator within their
/// location.
fn reach<'o>(at: &Authorized<'o>, entity: Entity, id: &str) -> Result<Subject<'o>, SimError> {
    let found = subject(at.org, entity, id)
        .ok_or_else(|| at.call.not_found(&format!("The {}", entity.noun())))?;
    if entity == Entity::VirtualLine && matches!(at.grant.role, Role::LocationAdmin(_)) {
        return Err(at.call.error(
            StatusCode::FORBIDDEN,
            "A virtual line's emergency callback settings need a full or read-only administrator.",
        ));
    }
    at.reach(found.location)?;
    Ok(found)
}

/// `{phoneNumber, firstName, lastName, effectiveLevel, effectiveValue, quality}` of a number.
fn info(
    number: Option<&crate::simulator::org::SimNumber>,
    first: &str,
    last: &str,
    level: &str,
) -> Value {
    let mut out = json!({ "firstName": first, "lastName": last, "effectiveLevel": level });
    match number {
        Some(n) => {
            out["phoneNumber"] = json!(n.phone_number);
            out["effectiveValue"] = json!(n.phone_number);
            out["quality"] = json!(quality(n));
        }
        None => out["quality"] = json!("INVALID"),
    }
    out
}

/// What a location's ECBN resolves to, as a member's `locationECBNInfo` shows it.
fn location_info(org: &Org, book: &Book, location: usize) -> Value {
    let setting = &book.locations[location];
    let by_member = setting
        .member
        .as_deref()
        .filter(|_| setting.selected == "LOCATION_MEMBER_NUMBER")
        .and_then(|id| member(org, id));
    match by_member {
        Some(m) => info(Some(m.number), &m.first_name, &m.last_name, "LOCATION_ECBN"),
        None => {
            let name = &org.locations[location].name;
            info(org.main_number(location), name, ".", "LOCATION_NUMBER")
        }
    }
}

/// `locationMemberInfo` of a member id.
fn member_info(org: &Org, id: &str) -> Option<Value> {
    let m = member(org, id)?;
    let mut out = info(
        Some(m.number),
        &m.first_name,
        &m.last_name,
        "LOCATION_MEMBER_NUMBER",
    );
    out["memberId"] = json!(m.id);
    out["memberType"] = json!(m.kind);
    Some(out)
}

/// `GET …/{people|workspaces|virtualLines}/{id}/emergencyCallbackNumber`.
pub(crate) async fn read(call: Call, Path(id): Path<String>, entity: Entity) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let subject = reach(&at, entity, &id)?;
    let books = lock(&call.sim.ecbn);
    let book = &books[at.grant.org];
    let setting = book
        .members
        .get(&id)
        .ok_or_else(|| call.not_found(&format!("The {}", entity.noun())))?;
    let own = subject.number.filter(|n| n.active);
    let mut out = Map::new();
    out.insert("selected".into(), json!(setting.selected));
    out.insert(
        "directLineInfo".into(),
        match own {
            Some(n) => info(
                Some(n),
                &subject.first_name,
                &subject.last_name,
                "DIRECT_LINE",
            ),
            // No working number of its own: the location's callback number stands in.
            None => {
                let mut fallback = location_info(at.org, book, subject.location);
                fallback["firstName"] = json!(subject.first_name);
                fallback["lastName"] = json!(subject.last_name);
                fallback
            }
        },
    );
    out.insert(
        "locationECBNInfo".into(),
        location_info(at.org, book, subject.location),
    );
    if let Some(info) = setting
        .member
        .as_deref()
        .and_then(|m| member_info(at.org, m))
    {
        out.insert("locationMemberInfo".into(), info);
    }
    if entity != Entity::VirtualLine {
        out.insert("elinEnabled".into(), json!(setting.elin));
    }
    if entity == Entity::Person {
        out.insert(
            "elinForWebexAppEnabled".into(),
            json!(setting.elin_webex_app),
        );
    }
    Ok(Json(Value::Object(out)).into_response())
}

/// `GET …/{id}/emergencyCallbackNumber/dependencies` of a person, workspace or virtual line.
pub(crate) async fn dependencies(call: Call, Path(id): Path<String>, entity: Entity) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    reach(&at, entity, &id)?;
    let books = lock(&call.sim.ecbn);
    let book = &books[at.grant.org];
    let (count, location) = ecbn::dependents(book, &id);
    let own = book
        .members
        .get(&id)
        .is_some_and(|m| m.selected == "DIRECT_LINE");
    Ok(Json(json!({
        "isLocationEcbnDefault": location,
        "isSelfEcbnDefault": own,
        "dependentMemberCount": count,
    }))
    .into_response())
}

/// `GET /telephony/config/huntGroups/{huntGroupId}/emergencyCallbackNumber/dependencies`.
pub(crate) async fn hunt_group_dependencies(call: Call, Path(id): Path<String>) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let group = at
        .org
        .features
        .iter()
        .find(|f| f.id == id && f.kind == crate::simulator::org::FeatureType::HuntGroup)
        .ok_or_else(|| call.not_found("Hunt group"))?;
    at.reach(group.location)?;
    let books = lock(&call.sim.ecbn);
    let (count, location) = ecbn::dependents(&books[at.grant.org], &id);
    Ok(Json(json!({
        "isLocationEcbnDefault": location,
        "isSelfEcbnDefault": false,
        "dependentMemberCount": count,
    }))
    .into_response())
}

/// `PUT …/{people|workspaces|virtualLines}/{id}/emergencyCallbackNumber`.
pub(crate) async fn write(
    call: Call,
    Path(id): Path<String>,
    entity: Entity,
    body: Bytes,
) -> SimResult {
    let at = call.authorized(&[TELEPHONY_WRITE])?;
    let subject = reach(&at, entity, &id)?;
    let bad = |message: String| call.error(StatusCode::BAD_REQUEST, message);
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return Err(bad("The request body must be a JSON object.".into()));
    };
    let mut books = lock(&call.sim.ecbn);
    let book = &mut books[at.grant.org];
    let current = book
        .members
        .get(&id)
        .cloned()
        .ok_or_else(|| call.not_found(&format!("The {}", entity.noun())))?;
    let next = apply(at.org, entity, subject.location, current, &body).map_err(bad)?;
    book.members.insert(id, next);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn text(body: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} must be a string.")),
    }
}

fn flag(body: &Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("{key} must be a boolean.")),
    }
}

/// Whether `id` may be `location`'s callback member: a person, workspace, virtual line or hunt
/// group of that location with a number.
fn member_check(org: &Org, location: usize, id: &str) -> Result<(), String> {
    match member(org, id) {
        None => Err(format!(
            "locationMemberId {id} is not a person, workspace, virtual line or hunt group with a number."
        )),
        Some(m) if m.number.location != location => Err(format!(
            "locationMemberId {id} is not a member of the location."
        )),
        Some(_) => Ok(()),
    }
}

/// The setting after a PUT body, or why Webex refuses it.
fn apply(
    org: &Org,
    entity: Entity,
    location: usize,
    mut current: MemberEcbn,
    body: &Map<String, Value>,
) -> Result<MemberEcbn, String> {
    let selected = text(body, "selected")?;
    if entity == Entity::VirtualLine && selected.is_none() {
        return Err("selected is required.".into());
    }
    if let Some(s) = &selected
        && !["DIRECT_LINE", "LOCATION_ECBN", "LOCATION_MEMBER_NUMBER"].contains(&s.as_str())
    {
        return Err(format!("Invalid value for selected: {s}."));
    }
    let member = text(body, "locationMemberId")?;
    let next = selected.unwrap_or_else(|| current.selected.clone());
    if next == "LOCATION_MEMBER_NUMBER" {
        let Some(id) = member.as_deref().or(current.member.as_deref()) else {
            return Err(
                "locationMemberId is required when selected is LOCATION_MEMBER_NUMBER.".into(),
            );
        };
        member_check(org, location, id)?;
    }
    current.selected = next;
    if member.is_some() {
        current.member = member;
    }
    if entity != Entity::VirtualLine
        && let Some(elin) = flag(body, "elinEnabled")?
    {
        current.elin = elin;
    }
    if entity == Entity::Person
        && let Some(app) = flag(body, "elinForWebexAppEnabled")?
    {
        current.elin_webex_app = app;
    }
    Ok(current)
}

/// `GET /telephony/config/locations/{locationId}/features/emergencyCallbackNumber`.
pub(crate) async fn read_location(call: Call, Path(location_id): Path<String>) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let location = at.located(&location_id)?;
    let books = lock(&call.sim.ecbn);
    let setting = &books[at.grant.org].locations[location];
    let org = at.org;
    let mut location_info = info(
        org.main_number(location),
        &org.locations[location].name,
        ".",
        "LOCATION_NUMBER",
    );
    if let Some(m) = location_info.as_object_mut() {
        // The location's own block names it; it has no first or last name.
        m.remove("firstName");
        m.remove("lastName");
        m.insert("name".into(), json!(org.locations[location].name));
    }
    let mut out = json!({
        "locationInfo": location_info,
        "selected": setting.selected,
        "elinExpiryTimeMinutes": setting.elin_expiry_minutes,
    });
    // Required by the schema: the member block is there even without a member, as far as it can.
    out["locationMemberInfo"] = setting
        .member
        .as_deref()
        .and_then(|id| member_info(org, id))
        .unwrap_or_else(|| json!({ "effectiveLevel": "NONE", "quality": "INVALID" }));
    Ok(Json(out).into_response())
}

/// `PUT /telephony/config/locations/{locationId}/features/emergencyCallbackNumber`.
pub(crate) async fn write_location(
    call: Call,
    Path(location_id): Path<String>,
    body: Bytes,
) -> SimResult {
    let at = call.authorized(&[TELEPHONY_WRITE])?;
    let location = at.located(&location_id)?;
    let bad = |message: String| call.error(StatusCode::BAD_REQUEST, message);
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return Err(bad("The request body must be a JSON object.".into()));
    };
    let selected = text(&body, "selected")
        .map_err(&bad)?
        .ok_or_else(|| bad("selected is required.".into()))?;
    if !["LOCATION_NUMBER", "LOCATION_MEMBER_NUMBER"].contains(&selected.as_str()) {
        return Err(bad(format!("Invalid value for selected: {selected}.")));
    }
    let member = text(&body, "locationMemberId").map_err(&bad)?;
    let expiry = match body.get("elinExpiryTimeMinutes") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|m| (10..=1440).contains(m))
                .ok_or_else(|| bad("elinExpiryTimeMinutes must be between 10 and 1440.".into()))?,
        ),
    };
    let mut books = lock(&call.sim.ecbn);
    let setting = &mut books[at.grant.org].locations[location];
    if selected == "LOCATION_MEMBER_NUMBER" {
        let Some(id) = member.as_deref().or(setting.member.as_deref()) else {
            return Err(bad(
                "locationMemberId is required when selected is LOCATION_MEMBER_NUMBER.".into(),
            ));
        };
        member_check(at.org, location, id).map_err(&bad)?;
    }
    setting.selected = selected;
    if member.is_some() {
        setting.member = member;
    }
    if let Some(expiry) = expiry {
        setting.elin_expiry_minutes = expiry as u32;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
