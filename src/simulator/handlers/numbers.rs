//! `GET /telephony/config/locations/{locationId}/externalCallerId/availableNumbers`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde_json::{Map, Value, json};

use crate::simulator::Sim;
use crate::simulator::auth::{TELEPHONY_READ, authorize, located, org_for};
use crate::simulator::org::{Org, SimNumber};
use crate::simulator::rules::{self, NumberFilter};
use crate::simulator::wire::{Page, SimError, SimResult, list_param, param, params};

pub(crate) async fn available_numbers(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    uri: Uri,
    Path(location_id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let params = params(&query);
    let owner_name = param(&params, "ownerName").map(str::to_owned);
    if owner_name.as_ref().is_some_and(|n| n.chars().count() > 255) {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::BAD_REQUEST,
            "ownerName must be at most 255 characters.",
        ));
    }
    let org = org_for(&sim, &headers, &grant, &params)?;
    let location = located(&sim, &headers, &grant, org, &location_id)?;
    let filter = NumberFilter {
        phone_numbers: list_param(&params, "phoneNumber"),
        owner_name,
        person_id: param(&params, "personId").map(str::to_owned),
    };
    let items = rules::available_numbers(org, location, &filter);
    Page::new(&sim, &headers, &uri, &params, "phoneNumbers", 2000)
        .answer(items, |n| number_json(org, n))
}

/// An item as the spec's example shows it; `owner` only for assigned numbers, and the owner's
/// name fields only where the owner has them.
fn number_json(org: &Org, n: &SimNumber) -> Value {
    let location = &org.locations[n.location];
    let mut item = json!({
        "phoneNumber": n.phone_number,
        "state": if n.active { "ACTIVE" } else { "INACTIVE" },
        "isMainNumber": n.main,
        "tollFreeNumber": n.toll_free,
        "isServiceNumber": n.service,
        "location": { "id": location.id, "name": location.name },
    });
    if let Some(owner) = &n.owner {
        let mut o = Map::new();
        o.insert("id".into(), json!(owner.id));
        o.insert("type".into(), json!(owner.kind));
        for (key, value) in [
            ("firstName", &owner.first_name),
            ("lastName", &owner.last_name),
            ("displayName", &owner.display_name),
        ] {
            if let Some(v) = value {
                o.insert(key.into(), json!(v));
            }
        }
        item["owner"] = Value::Object(o);
    }
    item
}
