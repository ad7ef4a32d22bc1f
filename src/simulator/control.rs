//! The simulator's control surface under `/_simulator/`: request counts per route, fault rules,
//! a summary of the org, and a reset of the state writes changed. It answers only callers on a loopback address unless the simulator was
//! started with `--control-from-anywhere`, because fault injection from the network would let
//! anyone break the service in front of it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use super::faults::FaultRule;
use super::{Sim, lock};

/// The control routes.
pub(crate) fn routes(sim: Arc<Sim>) -> Router<Arc<Sim>> {
    Router::new()
        .route("/_simulator/stats", get(stats))
        .route("/_simulator/stats/reset", post(reset_stats))
        .route("/_simulator/faults", post(add_fault).delete(clear_faults))
        .route("/_simulator/throttle", post(set_throttle))
        .route("/_simulator/org", get(org_summary))
        .route("/_simulator/reset", post(reset_state))
        .layer(axum::middleware::from_fn_with_state(sim, loopback_only))
}

async fn loopback_only(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if sim.control_from_anywhere || peer.is_some_and(|ip| ip.is_loopback()) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        Json(json!({
            "message": "The simulator's control routes answer only on loopback; start it with --control-from-anywhere to allow this."
        })),
    )
        .into_response()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    total: u64,
    routes: std::collections::BTreeMap<String, u64>,
    /// Requests answered 429 by the per-token throttle (counted in `routes` too).
    throttled: u64,
    /// The most requests of each route in flight at once.
    peak_in_flight: std::collections::BTreeMap<String, u64>,
    /// The most requests one demo token made in one second.
    peak_per_second: std::collections::BTreeMap<&'static str, u64>,
    /// Accepted caller ID PUTs per entity id.
    puts_by_entity: std::collections::BTreeMap<String, u64>,
    /// Of those, the PUTs that changed the entity's setting.
    effective_puts_by_entity: std::collections::BTreeMap<String, u64>,
}

async fn stats(State(sim): State<Arc<Sim>>) -> Json<Stats> {
    let routes = lock(&sim.stats).clone();
    // One guard at a time: a second lock of the same mutex in one expression would deadlock.
    let writes = lock(&sim.writes).clone();
    Json(Stats {
        total: routes.values().sum(),
        routes,
        throttled: lock(&sim.throttle).refused,
        peak_in_flight: lock(&sim.concurrency).peak.clone(),
        peak_per_second: lock(&sim.rates).peak.clone(),
        puts_by_entity: writes
            .iter()
            .map(|(id, (all, _))| (id.clone(), *all))
            .collect(),
        effective_puts_by_entity: writes
            .iter()
            .filter(|(_, (_, effective))| *effective > 0)
            .map(|(id, (_, effective))| (id.clone(), *effective))
            .collect(),
    })
}

async fn reset_stats(State(sim): State<Arc<Sim>>) -> StatusCode {
    lock(&sim.stats).clear();
    lock(&sim.writes).clear();
    lock(&sim.concurrency).peak.clear();
    lock(&sim.rates).reset();
    lock(&sim.throttle).refused = 0;
    StatusCode::NO_CONTENT
}

/// Body of `POST /_simulator/throttle`: the per-token cap on requests in flight (null: none).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ThrottleRequest {
    max_concurrent_per_token: Option<usize>,
}

async fn set_throttle(State(sim): State<Arc<Sim>>, Json(req): Json<ThrottleRequest>) -> StatusCode {
    lock(&sim.throttle).max_in_flight = req.max_concurrent_per_token.filter(|&n| n > 0);
    StatusCode::NO_CONTENT
}

/// Body of `POST /_simulator/faults`: one rule, or `{"dropLinkFilters": true}`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultRequest {
    #[serde(default)]
    drop_link_filters: Option<bool>,
    #[serde(flatten)]
    rule: serde_json::Value,
}

async fn add_fault(State(sim): State<Arc<Sim>>, Json(req): Json<FaultRequest>) -> Response {
    let mut faults = lock(&sim.faults);
    if let Some(drop) = req.drop_link_filters {
        faults.drop_link_filters = drop;
    }
    let is_empty = req.rule.as_object().is_none_or(|o| o.is_empty());
    if !is_empty {
        match serde_json::from_value::<FaultRule>(req.rule) {
            Ok(rule) => faults.add(rule),
            Err(e) => {
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({ "message": e.to_string() })),
                )
                    .into_response();
            }
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Restores the seed's caller ID and emergency callback settings (what PUTs changed); counts and
/// faults have their own reset routes.
async fn reset_state(State(sim): State<Arc<Sim>>) -> StatusCode {
    *lock(&sim.caller_ids) = sim.seeded_caller_ids.clone();
    *lock(&sim.ecbn) = sim.seeded_ecbn.clone();
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    lock(&sim.faults).clear();
    StatusCode::NO_CONTENT
}

async fn org_summary(State(sim): State<Arc<Sim>>) -> Json<serde_json::Value> {
    let orgs: Vec<_> = sim
        .orgs
        .iter()
        .map(|org| {
            let locations: Vec<_> = org
                .locations
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": l.id,
                        "name": l.name,
                        "country": l.country,
                        "pstnProvider": l.provider,
                        "zone": l.zone,
                        "numbers": org.numbers.iter().filter(|n| n.location == i).count(),
                    })
                })
                .collect();
            json!({ "id": org.id, "name": org.name, "locations": locations })
        })
        .collect();
    Json(json!({ "orgs": orgs }))
}
