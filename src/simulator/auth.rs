//! Who may call what: the demo tokens, their admin roles and scopes, and the checks every Webex
//! route makes (token, scope, organization, location reach), answered in Webex's error shape.

use axum::http::{HeaderMap, StatusCode, header};

use super::Sim;
use super::org::Org;
use super::wire::{SimError, param};

pub(crate) const TELEPHONY_READ: &str = "spark-admin:telephony_config_read";
pub(crate) const PEOPLE_READ: &str = "spark-admin:people_read";
pub(crate) const LOCATIONS_READ: &str = "spark-admin:locations_read";
pub(crate) const WORKSPACES_READ: &str = "spark-admin:workspaces_read";

pub(crate) const TELEPHONY_WRITE: &str = "spark-admin:telephony_config_write";
pub(crate) const PEOPLE_WRITE: &str = "spark-admin:people_write";
pub(crate) const WORKSPACES_WRITE: &str = "spark-admin:workspaces_write";

const ALL_READ: &[&str] = &[TELEPHONY_READ, PEOPLE_READ, LOCATIONS_READ, WORKSPACES_READ];
/// What an administrator who may change settings holds: every read scope and the writes.
const READ_WRITE: &[&str] = &[
    TELEPHONY_READ,
    PEOPLE_READ,
    LOCATIONS_READ,
    WORKSPACES_READ,
    TELEPHONY_WRITE,
    PEOPLE_WRITE,
    WORKSPACES_WRITE,
];

/// The documented demo tokens. They are not secrets: they only open the simulator's made-up org.
pub const DEMO_ADMIN_TOKEN: &str = "demo-admin-token";
/// Read-only administrator of the main org.
pub const DEMO_READONLY_TOKEN: &str = "demo-readonly-token";
/// Location administrator of the main org's first location (San Jose) only.
pub const DEMO_LOCATION_ADMIN_TOKEN: &str = "demo-location-admin-token";
/// A valid user token without any admin scope.
pub const DEMO_NO_SCOPE_TOKEN: &str = "demo-no-scope-token";
/// Full administrator of the second org (Globex).
pub const DEMO_ORG2_ADMIN_TOKEN: &str = "demo-org2-admin-token";

/// The admin role a token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    FullAdmin,
    ReadOnlyAdmin,
    /// Administers only the location with this index.
    LocationAdmin(usize),
    User,
}

/// What a token grants: an org, a role and scopes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grant {
    pub(crate) org: usize,
    pub(crate) role: Role,
    pub(crate) scopes: &'static [&'static str],
}

impl Grant {
    pub(crate) fn has(&self, scope: &str) -> bool {
        self.role != Role::User && self.scopes.contains(&scope)
    }

    /// Whether the token may read things of the location with this index.
    pub(crate) fn covers_location(&self, location: usize) -> bool {
        match self.role {
            Role::LocationAdmin(l) => l == location,
            Role::User => false,
            Role::FullAdmin | Role::ReadOnlyAdmin => true,
        }
    }
}

/// The grant of a demo token, if it is one.
pub(crate) fn grant_for(token: &str) -> Option<Grant> {
    let grant = |org, role, scopes| Some(Grant { org, role, scopes });
    match token {
        DEMO_ADMIN_TOKEN => grant(0, Role::FullAdmin, READ_WRITE),
        // A read-only administrator's token carries no write scope: every PUT is 403.
        DEMO_READONLY_TOKEN => grant(0, Role::ReadOnlyAdmin, ALL_READ),
        DEMO_LOCATION_ADMIN_TOKEN => grant(0, Role::LocationAdmin(0), READ_WRITE),
        DEMO_NO_SCOPE_TOKEN => grant(0, Role::User, &["spark:people_read"]),
        DEMO_ORG2_ADMIN_TOKEN => grant(1, Role::FullAdmin, READ_WRITE),
        _ => None,
    }
}

/// A demo token's own name (they are documented, not secrets); `other` for anything else.
pub(crate) fn demo_name(token: &str) -> &'static str {
    [
        DEMO_ADMIN_TOKEN,
        DEMO_READONLY_TOKEN,
        DEMO_LOCATION_ADMIN_TOKEN,
        DEMO_NO_SCOPE_TOKEN,
        DEMO_ORG2_ADMIN_TOKEN,
    ]
    .into_iter()
    .find(|t| *t == token)
    .unwrap_or("other")
}

/// Checks the bearer token and one of the scopes.
pub(crate) fn authorize(
    sim: &Sim,
    headers: &HeaderMap,
    scopes: &[&str],
) -> Result<Grant, SimError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(grant) = token.and_then(grant_for) else {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::UNAUTHORIZED,
            "The request requires a valid access token set in the Authorization request header.",
        ));
    };
    if !scopes.iter().any(|s| grant.has(s)) {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            format!("Missing required scope: {}", scopes.join(" or ")),
        ));
    }
    Ok(grant)
}

/// The org a call is about: the token's own, and `orgId` may only name that one.
pub(crate) fn org_for<'s>(
    sim: &'s Sim,
    headers: &HeaderMap,
    grant: &Grant,
    params: &[(String, String)],
) -> Result<&'s Org, SimError> {
    let org = &sim.orgs[grant.org];
    match param(params, "orgId") {
        Some(id) if id != org.id => Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            "The token is not authorized for the requested organization.",
        )),
        _ => Ok(org),
    }
}

/// The index of a location named in a path or filter, checked against the token's reach.
pub(crate) fn located(
    sim: &Sim,
    headers: &HeaderMap,
    grant: &Grant,
    org: &Org,
    location_id: &str,
) -> Result<usize, SimError> {
    let Some(index) = org.location_index(location_id) else {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::NOT_FOUND,
            "Location not found.",
        ));
    };
    if !grant.covers_location(index) {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            "The location administrator is not authorized for this location.",
        ));
    }
    Ok(index)
}

/// The location a `locationId` filter names, checked against the token's reach.
pub(crate) fn location_filter(
    sim: &Sim,
    headers: &HeaderMap,
    grant: &Grant,
    org: &Org,
    params: &[(String, String)],
) -> Result<Option<usize>, SimError> {
    match param(params, "locationId") {
        Some(id) => located(sim, headers, grant, org, id).map(Some),
        None => Ok(None),
    }
}
