//! `GET /workspaces` (by `locationId`, `displayName`) and `GET /workspaces/{workspaceId}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::not_found;
use crate::simulator::Sim;
use crate::simulator::auth::{WORKSPACES_READ, authorize, location_filter, org_for};
use crate::simulator::org::{Org, SimWorkspace};
use crate::simulator::wire::{Page, SimResult, name_matches, param, params};

pub(crate) async fn list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[WORKSPACES_READ])?;
    let params = params(&query);
    let org = org_for(&sim, &headers, &grant, &params)?;
    let location = location_filter(&sim, &headers, &grant, org, &params)?;
    let name = param(&params, "displayName");
    let items = org
        .workspaces
        .iter()
        .filter(|w| grant.covers_location(w.location))
        .filter(|w| location.is_none_or(|l| w.location == l))
        .filter(|w| name_matches(name, &w.display_name))
        .collect();
    Page::new(&sim, &headers, &uri, &params, "items", 100).answer(items, |w| workspace_json(org, w))
}

/// The detail endpoint documents no `orgId`: the workspace id already names its org.
pub(crate) async fn detail(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(_query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[WORKSPACES_READ])?;
    let org = &sim.orgs[grant.org];
    match org.workspaces.iter().find(|w| w.id == id) {
        Some(w) if grant.covers_location(w.location) => {
            Ok(Json(workspace_json(org, w)).into_response())
        }
        _ => Err(not_found(&sim, &headers, "Workspace")),
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
