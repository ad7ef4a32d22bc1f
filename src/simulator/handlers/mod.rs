//! The Webex routes, one file per resource family. Each writes its own wire JSON from the
//! simulator's records, shaped from the published spec's examples (`tests/fixtures/webex/`): a
//! field appears only where the real endpoint has it.

pub(crate) mod caller_id;
pub(crate) mod locations;
pub(crate) mod numbers;
pub(crate) mod people;
pub(crate) mod telephony;
pub(crate) mod workspaces;

use axum::http::{HeaderMap, StatusCode};

use super::Sim;
use super::wire::SimError;

/// Webex's 404 for an id it does not know.
pub(crate) fn not_found(sim: &Sim, headers: &HeaderMap, what: &str) -> SimError {
    SimError::new(
        sim,
        headers,
        StatusCode::NOT_FOUND,
        format!("{what} not found."),
    )
}
