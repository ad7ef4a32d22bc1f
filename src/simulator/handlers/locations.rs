//! `GET /locations` (by `name`, `id`, `orgId`) and `GET /locations/{locationId}`.

use axum::Json;
use axum::extract::Path;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::simulator::auth::{LOCATIONS_READ, PEOPLE_READ};
use crate::simulator::org::SimLocation;
use crate::simulator::wire::{Call, SimResult, list_param, name_matches};

pub(crate) async fn list(call: Call) -> SimResult {
    let at = call.authorized(&[LOCATIONS_READ, PEOPLE_READ])?;
    let (grant, org) = (at.grant, at.org);
    let ids = list_param(&call.params, "id");
    let name = call.param("name");
    let items = org
        .locations
        .iter()
        .enumerate()
        .filter(|(i, _)| grant.covers_location(*i))
        .filter(|(_, l)| ids.is_empty() || ids.contains(&l.id))
        .filter(|(_, l)| name_matches(name, &l.name))
        .map(|(_, l)| l)
        .collect();
    call.page("items", 100).answer(items, |l| {
        let mut item = location_json(l, &org.id);
        item["address"]["address2"] = json!(l.address2);
        item["preferredLanguage"] = json!(l.language);
        item
    })
}

pub(crate) async fn detail(call: Call, Path(id): Path<String>) -> SimResult {
    let at = call.authorized(&[LOCATIONS_READ, PEOPLE_READ])?;
    let index = at.located(&id)?;
    Ok(Json(location_json(&at.org.locations[index], &at.org.id)).into_response())
}

/// A location as the spec's `GET /locations/{id}` example shows it (the list adds
/// `address.address2` and `preferredLanguage`).
pub(crate) fn location_json(l: &SimLocation, org_id: &str) -> Value {
    let mut address = json!({
        "address1": l.address1,
        "city": l.city,
        "postalCode": l.postal_code,
        "country": l.country,
    });
    if let Some(state) = l.state {
        address["state"] = json!(state);
    }
    json!({
        "id": l.id,
        "name": l.name,
        "orgId": org_id,
        "address": address,
        "timeZone": l.time_zone,
        "latitude": l.latitude,
        "longitude": l.longitude,
        "notes": l.notes,
    })
}
