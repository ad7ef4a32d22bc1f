//! The Webex routes, one file per resource family. Each writes its own wire JSON from the
//! simulator's records, shaped from the published spec's examples (`tests/fixtures/webex/`): a
//! field appears only where the real endpoint has it.

pub(crate) mod caller_id;
pub(crate) mod ecbn;
pub(crate) mod locations;
pub(crate) mod numbers;
pub(crate) mod org_numbers;
pub(crate) mod people;
pub(crate) mod telephony;
pub(crate) mod workspaces;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawPathParams};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{MethodRouter, get};

use super::Sim;
use super::caller_id::Entity;
use super::org::FeatureType;
use super::wire::{Call, SimError};

/// Every Webex route.
pub(crate) fn routes() -> Router<Arc<Sim>> {
    let list = |kind: FeatureType| get(move |c: Call| telephony::feature_list(c, kind));
    let detail = |kind: FeatureType| {
        get(move |c: Call, p: Path<(String, String)>| telephony::feature_detail(c, p, kind))
    };
    let settings = |entity: Entity| -> MethodRouter<Arc<Sim>> {
        get(move |c: Call, p: Path<String>| caller_id::read(c, p, entity))
            .put(move |c: Call, p: Path<String>, b: Bytes| caller_id::write(c, p, entity, b))
    };
    const LOCATED: &str = "/v1/telephony/config/locations/{locationId}";
    let mut router = Router::new()
        .route("/v1/people", get(people::list))
        .route("/v1/people/{id}", get(people::detail))
        .route(
            "/v1/people/{id}/features/callerId",
            settings(Entity::Person),
        )
        .route(
            "/v1/workspaces/{id}/features/callerId",
            settings(Entity::Workspace),
        )
        .route(
            "/v1/telephony/config/virtualLines/{virtualLineId}/callerId",
            settings(Entity::VirtualLine),
        )
        .route("/v1/locations", get(locations::list))
        .route("/v1/locations/{id}", get(locations::detail))
        .route("/v1/workspaces", get(workspaces::list))
        .route("/v1/workspaces/{id}", get(workspaces::detail))
        .route(
            "/v1/telephony/config/virtualLines",
            get(telephony::virtual_lines),
        )
        .route(
            "/v1/telephony/config/virtualLines/{virtualLineId}",
            get(telephony::virtual_line),
        )
        .route(
            "/v1/telephony/config/huntGroups",
            list(FeatureType::HuntGroup),
        )
        .route("/v1/telephony/config/queues", list(FeatureType::CallQueue))
        .route(
            "/v1/telephony/config/autoAttendants",
            list(FeatureType::AutoAttendant),
        )
        .route("/v1/telephony/config/paging", list(FeatureType::Paging))
        .route(
            "/v1/telephony/config/voicemailGroups",
            list(FeatureType::VoicemailGroup),
        )
        .route(
            &format!("{LOCATED}/huntGroups/{{id}}"),
            detail(FeatureType::HuntGroup),
        )
        .route(
            &format!("{LOCATED}/queues/{{id}}"),
            detail(FeatureType::CallQueue),
        )
        .route(
            &format!("{LOCATED}/autoAttendants/{{id}}"),
            detail(FeatureType::AutoAttendant),
        )
        .route(
            &format!("{LOCATED}/paging/{{id}}"),
            detail(FeatureType::Paging),
        )
        .route(
            &format!("{LOCATED}/voicemailGroups/{{id}}"),
            detail(FeatureType::VoicemailGroup),
        )
        .route(
            &format!("{LOCATED}/voicePortal"),
            get(telephony::voice_portal),
        )
        .route(
            "/v1/telephony/config/premisePstn/routeLists",
            get(telephony::route_lists),
        )
        .route(
            "/v1/telephony/config/premisePstn/routeLists/{id}",
            get(telephony::route_list),
        );
    // Emergency callback numbers: each member's setting and dependencies, the location's.
    let callback = |entity: Entity| -> MethodRouter<Arc<Sim>> {
        get(move |c: Call, p: Path<String>| ecbn::read(c, p, entity))
            .put(move |c: Call, p: Path<String>, b: Bytes| ecbn::write(c, p, entity, b))
    };
    let dependencies =
        |entity: Entity| get(move |c: Call, p: Path<String>| ecbn::dependencies(c, p, entity));
    for (prefix, entity) in [
        ("/v1/telephony/config/people/{personId}", Entity::Person),
        (
            "/v1/telephony/config/workspaces/{workspaceId}",
            Entity::Workspace,
        ),
        (
            "/v1/telephony/config/virtualLines/{virtualLineId}",
            Entity::VirtualLine,
        ),
    ] {
        router = router
            .route(
                &format!("{prefix}/emergencyCallbackNumber"),
                callback(entity),
            )
            .route(
                &format!("{prefix}/emergencyCallbackNumber/dependencies"),
                dependencies(entity),
            );
    }
    router = router
        .route(
            "/v1/telephony/config/huntGroups/{huntGroupId}/emergencyCallbackNumber/dependencies",
            get(ecbn::hunt_group_dependencies),
        )
        .route(
            &format!("{LOCATED}/features/emergencyCallbackNumber"),
            get(ecbn::read_location).put(ecbn::write_location),
        )
        .route("/v1/telephony/config/numbers", get(org_numbers::list));
    // The 38 available-numbers lists, from their table.
    for list in &numbers::LISTS {
        router = router.route(
            list.path,
            get(move |c: Call, p: RawPathParams| numbers::answer(c, p, list)),
        );
    }
    router
}

/// Webex's 404 for an id it does not know.
pub(crate) fn not_found(sim: &Sim, headers: &HeaderMap, what: &str) -> SimError {
    SimError::new(
        sim,
        headers,
        StatusCode::NOT_FOUND,
        format!("{what} not found."),
    )
}
