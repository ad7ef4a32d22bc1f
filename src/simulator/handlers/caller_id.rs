//! `GET`/`PUT /people/{id}/features/callerId`, `/workspaces/{id}/features/callerId` and
//! `/telephony/config/virtualLines/{id}/callerId`, with the published field sets: people and
//! virtual lines answer `CallerIdInfo`, workspaces `PlaceCallerIdGet`. A PUT is checked as Webex
//! documents (`selected` within `types`, a custom number from the entity's candidates, no
//! forbidden characters in names) and answers 204.

use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use crate::simulator::auth::{
    PEOPLE_READ, PEOPLE_WRITE, TELEPHONY_READ, TELEPHONY_WRITE, WORKSPACES_READ, WORKSPACES_WRITE,
};
use crate::simulator::caller_id::{Entity, SimCallerId, candidates, location_number, name_allowed};
use crate::simulator::lock;
use crate::simulator::org::Org;
use crate::simulator::wire::{Authorized, Call, SimError, SimResult};

impl Entity {
    fn read_scope(self) -> &'static str {
        match self {
            Entity::Person => PEOPLE_READ,
            Entity::Workspace => WORKSPACES_READ,
            Entity::VirtualLine => TELEPHONY_READ,
        }
    }

    fn write_scope(self) -> &'static str {
        match self {
            Entity::Person => PEOPLE_WRITE,
            Entity::Workspace => WORKSPACES_WRITE,
            Entity::VirtualLine => TELEPHONY_WRITE,
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Workspace => "workspace",
            Entity::VirtualLine => "virtual line",
        }
    }
}

/// The GET of one kind.
pub(crate) async fn read(call: Call, Path(id): Path<String>, entity: Entity) -> SimResult {
    let at = call.authorized(&[entity.read_scope()])?;
    let books = lock(&call.sim.caller_ids);
    let record = reach(&at, books[at.grant.org].get(&id), entity)?;
    Ok(Json(render(at.org, record)).into_response())
}

/// The PUT of one kind.
pub(crate) async fn write(
    call: Call,
    Path(id): Path<String>,
    entity: Entity,
    body: Bytes,
) -> SimResult {
    let at = call.authorized(&[entity.write_scope()])?;
    let bad = |message: String| call.error(StatusCode::BAD_REQUEST, message);
    let mut books = lock(&call.sim.caller_ids);
    let current = reach(&at, books[at.grant.org].get(&id), entity)?.clone();
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return Err(bad("The request body must be a JSON object.".into()));
    };
    let next = apply(at.org, &id, current.clone(), &body).map_err(bad)?;
    {
        let mut writes = lock(&call.sim.writes);
        let counts = writes.entry(id.clone()).or_default();
        counts.0 += 1;
        counts.1 += u64::from(next != current);
    }
    books[at.grant.org].insert(id, next);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The record, if the token may see it: 404 for an unknown id (or one of another kind), 403 for
/// a location administrator's reach beyond their location.
fn reach<'b>(
    at: &Authorized<'_>,
    record: Option<&'b SimCallerId>,
    entity: Entity,
) -> Result<&'b SimCallerId, SimError> {
    match record {
        Some(r) if r.entity == entity => at.reach(r.location).map(|()| r),
        _ => Err(at.call.error(
            StatusCode::NOT_FOUND,
            format!("The {} was not found.", entity.noun()),
        )),
    }
}

/// The settings after a PUT body, or why Webex refuses it.
fn apply(
    org: &Org,
    id: &str,
    mut record: SimCallerId,
    body: &Map<String, Value>,
) -> Result<SimCallerId, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{key} must be a string.")),
        }
    };
    let flag = |key: &str| -> Result<Option<bool>, String> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("{key} must be a boolean.")),
        }
    };
    let Some(selected) = text("selected")? else {
        return Err("selected is required.".into());
    };
    if !record.types.contains(&selected.as_str()) {
        return Err(format!(
            "selected {selected} is not allowed for this {}; allowed: {}.",
            record.entity.noun(),
            record.types.join(", ")
        ));
    }
    let custom = text("customNumber")?;
    if let Some(number) = &custom {
        let person = (record.entity == Entity::Person).then_some(id);
        if !candidates(org, record.location, person).contains(number) {
            return Err(format!(
                "customNumber {number} is not a number of the {}'s location or of a location with the same country, PSTN provider and zone.",
                record.entity.noun()
            ));
        }
    }
    if selected == "CUSTOM" && custom.is_none() && record.custom_number.is_none() {
        return Err("customNumber is required when selected is CUSTOM.".into());
    }
    let mut names = vec![
        "customExternalCallerIdName",
        "firstName",
        "lastName",
        "dialByFirstName",
        "dialByLastName",
        "dialByName",
    ];
    if record.entity == Entity::Workspace {
        names.push("displayName");
    }
    for key in names {
        if let Some(name) = text(key)?
            && !name_allowed(&name)
        {
            return Err(format!(
                "{key} holds a character that is not allowed (%, +, `, \", \\ or a Unicode character)."
            ));
        }
    }
    let policy = text("externalCallerIdNamePolicy")?;
    if let Some(p) = &policy
        && !["DIRECT_LINE", "LOCATION", "OTHER"].contains(&p.as_str())
    {
        return Err(format!("Invalid externalCallerIdNamePolicy {p}."));
    }
    let custom_name = text("customExternalCallerIdName")?;
    if policy.as_deref() == Some("OTHER") && custom_name.is_none() && record.custom_name.is_none() {
        return Err(
            "customExternalCallerIdName is required when externalCallerIdNamePolicy is OTHER."
                .into(),
        );
    }
    record.selected = selected;
    if custom.is_some() {
        record.custom_number = custom;
    }
    if let Some(p) = policy {
        record.name_policy = p;
    }
    if custom_name.is_some() {
        record.custom_name = custom_name;
    }
    if let Some(block) = flag("blockInForwardCallsEnabled")? {
        record.block_in_forward_calls = block;
    }
    if record.entity != Entity::Workspace {
        if let Some(v) = flag("additionalExternalCallerIdDirectLineEnabled")? {
            record.additional_direct_line = v;
        }
        if let Some(v) = flag("additionalExternalCallerIdLocationNumberEnabled")? {
            record.additional_location_number = v;
        }
        for (key, slot) in [
            ("dialByFirstName", &mut record.dial_by_first_name),
            ("dialByLastName", &mut record.dial_by_last_name),
        ] {
            if body.contains_key(key) {
                // "To clear …, the attribute must be set to null or empty string."
                *slot = text(key)?.filter(|v| !v.is_empty());
            }
        }
    } else if body.contains_key("dialByName") {
        record.dial_by_name = text("dialByName")?.filter(|v| !v.is_empty());
    }
    Ok(record)
}

/// The GET answer, as the spec's examples show it per kind.
fn render(org: &Org, r: &SimCallerId) -> Value {
    let location = &org.locations[r.location];
    let mut out = json!({
        "types": r.types,
        "selected": r.selected,
    });
    let set = |out: &mut Value, key: &str, value: Value| {
        if !value.is_null() {
            out[key] = value;
        }
    };
    set(&mut out, "directNumber", json!(r.direct_number));
    if r.entity != Entity::Workspace {
        set(&mut out, "extensionNumber", json!(r.extension));
    }
    set(
        &mut out,
        "locationNumber",
        json!(location_number(org, r.location)),
    );
    out["tollFreeLocationNumber"] = json!(false);
    set(&mut out, "customNumber", json!(r.custom_number));
    match r.entity {
        Entity::Workspace => {
            out["displayName"] = json!(r.first_name);
            out["displayDetail"] = json!(".");
        }
        _ => {
            out["firstName"] = json!(r.first_name);
            out["lastName"] = json!(r.last_name);
        }
    }
    out["blockInForwardCallsEnabled"] = json!(r.block_in_forward_calls);
    out["externalCallerIdNamePolicy"] = json!(r.name_policy);
    set(&mut out, "customExternalCallerIdName", json!(r.custom_name));
    out["locationExternalCallerIdName"] = json!(location.name);
    if r.entity != Entity::Workspace {
        out["additionalExternalCallerIdDirectLineEnabled"] = json!(r.additional_direct_line);
        out["additionalExternalCallerIdLocationNumberEnabled"] =
            json!(r.additional_location_number);
        set(
            &mut out,
            "additionalExternalCallerIdCustomNumber",
            json!(r.additional_custom_number),
        );
    }
    let mut direct_line = json!({ "selection": r.direct_line_selection });
    set(
        &mut direct_line,
        "customName",
        json!(r.direct_line_custom_name),
    );
    out["directLineCallerIdName"] = direct_line;
    match r.entity {
        Entity::Workspace => set(&mut out, "dialByName", json!(r.dial_by_name)),
        _ => {
            set(&mut out, "dialByFirstName", json!(r.dial_by_first_name));
            set(&mut out, "dialByLastName", json!(r.dial_by_last_name));
        }
    }
    out
}
