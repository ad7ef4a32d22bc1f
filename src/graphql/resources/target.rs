//! Whose settings a field or a write is about: a person, workspace, virtual line or location,
//! its org, and its location when known (from the page that led to it), else read from its
//! record.

use std::sync::Arc;

use async_graphql::Context;

use super::person::PersonKey;
use super::virtual_line::VirtualLineKey;
use super::workspace::WorkspaceKey;
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::kind::{Kind, Member};

/// Whose settings these are, and where the entity is (for its candidates).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) of: Kind,
    pub(crate) id: Arc<str>,
    pub(crate) org: Option<Arc<str>>,
    /// Known when the entity was found at a location; fetched from its record otherwise.
    pub(crate) location: Option<Arc<str>>,
}

/// The location of an entity known by id alone: from its own record (one people, workspace or
/// virtual-line call, shared with any detail field of the request).
pub(crate) async fn location_of(ctx: &Context<'_>, target: &Target) -> Result<Arc<str>, ApiError> {
    if let Some(at) = &target.location {
        return Ok(at.clone());
    }
    let (org, id) = (target.org.clone(), target.id.clone());
    let location = match target.of.as_member() {
        Some(Member::Person) => fetch(ctx, PersonKey { org, id }).await?.location_id.clone(),
        Some(Member::Workspace) => fetch(ctx, WorkspaceKey { org, id })
            .await?
            .location_id
            .clone(),
        Some(Member::VirtualLine) => fetch(ctx, VirtualLineKey { org, id })
            .await?
            .location
            .as_ref()
            .and_then(|l| l.id.clone()),
        // A location is its own; anything else names none.
        None => (target.of == Kind::Location).then(|| target.id.to_string()),
    };
    location.map(Arc::from).ok_or_else(|| {
        ApiError::NotFound(format!(
            "Webex names no location for {} {}",
            target.of.noun(),
            target.id
        ))
    })
}
