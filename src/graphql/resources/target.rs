//! Whose settings a field or a write is about: a person, workspace, virtual line or location,
//! its org, and its location when known (from the page that led to it), else read from its
//! record.

use std::sync::Arc;

use async_graphql::Context;

use super::person::{People, PersonKey};
use super::virtual_line::{VirtualLineKey, VirtualLines};
use super::workspace::{WorkspaceKey, Workspaces};
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::{Found, WebexLoader};
use crate::kind::{Kind, Member};
use crate::webex::model;

/// Whose settings these are, and where the entity is (for its candidates).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) of: Kind,
    pub(crate) id: Arc<str>,
    pub(crate) org: Option<Arc<str>>,
    /// Known when the entity was found at a location; fetched from its record otherwise.
    pub(crate) location: Option<Arc<str>>,
}

/// A member's record, which names the member's location.
pub(crate) trait Located {
    fn location_id(&self) -> Option<&str>;
}

impl Located for model::Person {
    fn location_id(&self) -> Option<&str> {
        self.location_id.as_deref()
    }
}

impl Located for model::Workspace {
    fn location_id(&self) -> Option<&str> {
        self.location_id.as_deref()
    }
}

impl Located for model::VirtualLine {
    fn location_id(&self) -> Option<&str> {
        self.location.as_ref().and_then(|l| l.id.as_deref())
    }
}

impl Target {
    fn no_location(&self) -> ApiError {
        ApiError::NotFound(format!(
            "Webex names no location for {} {}",
            self.of.noun(),
            self.id
        ))
    }
}

/// The location of an entity known by id alone: from its own record (one people, workspace or
/// virtual-line call, shared with any detail field of the request).
pub(crate) async fn location_of(ctx: &Context<'_>, target: &Target) -> Result<Arc<str>, ApiError> {
    if let Some(at) = &target.location {
        return Ok(at.clone());
    }
    let (org, id) = (target.org.clone(), target.id.clone());
    let location = match target.of.as_member() {
        Some(Member::Person) => fetch(ctx, PersonKey { org, id })
            .await?
            .location_id()
            .map(Arc::from),
        Some(Member::Workspace) => fetch(ctx, WorkspaceKey { org, id })
            .await?
            .location_id()
            .map(Arc::from),
        Some(Member::VirtualLine) => fetch(ctx, VirtualLineKey { org, id })
            .await?
            .location_id()
            .map(Arc::from),
        // A location is its own; anything else names none.
        None => (target.of == Kind::Location).then(|| target.id.clone()),
    };
    location.ok_or_else(|| target.no_location())
}

/// Fills in the location of every target that lacks one, in one round: the people of an org in
/// one batched call, the virtual lines likewise, each workspace its own; shared with whatever
/// else the loader fetched. One result per target, in order.
pub(crate) async fn locate(
    loader: &WebexLoader,
    targets: &mut [&mut Target],
) -> Vec<Result<(), ApiError>> {
    let wanted = |member: Member| {
        targets
            .iter()
            .filter(|t| t.location.is_none() && t.of.as_member() == Some(member))
            .map(|t| (t.org.clone(), t.id.clone()))
            .collect::<Vec<_>>()
    };
    let people: Vec<PersonKey> = wanted(Member::Person)
        .into_iter()
        .map(|(org, id)| PersonKey { org, id })
        .collect();
    let workspaces: Vec<WorkspaceKey> = wanted(Member::Workspace)
        .into_iter()
        .map(|(org, id)| WorkspaceKey { org, id })
        .collect();
    let lines: Vec<VirtualLineKey> = wanted(Member::VirtualLine)
        .into_iter()
        .map(|(org, id)| VirtualLineKey { org, id })
        .collect();
    let (people, workspaces, lines) = futures::join!(
        loader.load::<People>(&people),
        loader.load::<Workspaces>(&workspaces),
        loader.load::<VirtualLines>(&lines),
    );
    targets
        .iter_mut()
        .map(|t| {
            if t.location.is_some() {
                return Ok(());
            }
            let (org, id) = (t.org.clone(), t.id.clone());
            let found = match t.of.as_member() {
                Some(Member::Person) => location_in(&people, &PersonKey { org, id }),
                Some(Member::Workspace) => location_in(&workspaces, &WorkspaceKey { org, id }),
                Some(Member::VirtualLine) => location_in(&lines, &VirtualLineKey { org, id }),
                None if t.of == Kind::Location => Ok(Some(t.id.clone())),
                None => Ok(None),
            };
            t.location = found?;
            t.location
                .as_ref()
                .map(|_| ())
                .ok_or_else(|| t.no_location())
        })
        .collect()
}

fn location_in<K, V>(found: &Found<K, V>, key: &K) -> Result<Option<Arc<str>>, ApiError>
where
    K: Eq + std::hash::Hash,
    V: Located,
{
    match found.get(key) {
        Some(Ok(record)) => Ok(record.location_id().map(Arc::from)),
        Some(Err(e)) => Err(e.clone().into()),
        None => Ok(None),
    }
}
