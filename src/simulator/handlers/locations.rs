//! `GET /locations` (by `name`, `id`, `orgId`) and `GET /locations/{locationId}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::simulator::Sim;
use crate::simulator::auth::{LOCATIONS_READ, PEOPLE_READ, authorize, located, org_for};
use crate::simulator::org::SimLocation;
use crate::simulator::wire::{Page, SimResult, list_param, name_matches, param, params};

pub(crate) async fn list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[LOCATIONS_READ, PEOPLE_READ])?;
    let params = params(&query);
    let org = org_for(&sim, &headers, &grant, &params)?;
    let ids = list_param(&params, "id");
    let name = param(&params, "name");
    let items = org
        .locations
        .iter()
        .enumerate()
        .filter(|(i, _)| grant.covers_location(*i))
        .filter(|(_, l)| ids.is_empty() || ids.contains(&l.id))
        .filter(|(_, l)| name_matches(name, &l.name))
        .map(|(_, l)| l)
        .collect();
    Page::new(&sim, &headers, &uri, &params, "items", 100).answer(items, |l| {
        let mut item = location_json(l, &org.id);
        item["address"]["address2"] = json!(l.address2);
        item["preferredLanguage"] = json!(l.language);
        item
    })
}

pub(crate) async fn detail(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[LOCATIONS_READ, PEOPLE_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    let index = located(&sim, &headers, &grant, org, &id)?;
    Ok(Json(location_json(&org.locations[index], &org.id)).into_response())
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
