//! `GET /workspaces` (by `locationId`, `displayName`) and `GET /workspaces/{workspaceId}`.

use axum::Json;
use axum::extract::Path;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::simulator::auth::WORKSPACES_READ;
use crate::simulator::org::{Org, SimWorkspace};
use crate::simulator::wire::{Call, SimResult, name_matches};

pub(crate) async fn list(call: Call) -> SimResult {
    let at = call.authorized(&[WORKSPACES_READ])?;
    let (grant, org) = (at.grant, at.org);
    let location = at.location_filter()?;
    let name = call.param("displayName");
    let items = org
        .workspaces
        .iter()
        .filter(|w| grant.covers_location(w.location))
        .filter(|w| location.is_none_or(|l| w.location == l))
        .filter(|w| name_matches(name, &w.display_name))
        .collect();
    call.page("items", 100)
        .answer(items, |w| workspace_json(org, w))
}

/// The detail endpoint documents no `orgId`: the workspace id already names its org.
pub(crate) async fn detail(call: Call, Path(id): Path<String>) -> SimResult {
    let grant = crate::simulator::auth::authorize(&call.sim, &call.headers, &[WORKSPACES_READ])?;
    let org = &call.sim.orgs[grant.org];
    match org.workspaces.iter().find(|w| w.id == id) {
        Some(w) if grant.covers_location(w.location) => {
            Ok(Json(workspace_json(org, w)).into_response())
        }
        _ => Err(call.not_found("Workspace")),
    }
}

/// A workspace as the spec's example shows one.
fn workspace_json(org: &Org, w: &SimWorkspace) -> Value {
    json!({
        "id": w.id,
        "orgId": org.id,
        "locationId": org.locations[w.location].id,
        "displayName": w.display_name,
        "capacity": w.capacity,
        "type": "meetingRoom",
        "sipAddress": w.sip_address,
        "created": "2025-04-01T09:00:00.000Z",
        "calling": { "type": "webexCalling" },
        "notes": format!("Book {} at the front desk", w.display_name),
        "hotdeskingStatus": "off",
    })
}
