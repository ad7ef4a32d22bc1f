//! The query root: `availableCallerIdNumbers`, `locations`, `location` and Relay's `node`, plus the hidden
//! federation fields `_service` and `_entities`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::error::ApiError;
use super::fallible::Fallible;
use super::federation::{self, Entity, Representation, Service};
use super::jobs::schema::{self as jobs, CallerIdJob};
use super::resources::directory::{self, LOCATIONS, LocationsFilter};
use super::resources::location::Location;
use super::resources::numbers::{self, AvailableNumbersFilter};
use super::types::listing::Listing;
use super::types::node::Node;
use super::types::number::AvailableNumber;
use super::types::page::{NUMBERS, NumberPage};

/// Bounds on arguments, checked before any upstream call (page sizes are each list's
/// [`Bounds`](super::types::page::Bounds)).
#[derive(Debug, Clone)]
pub struct InputLimits {
    /// The most `phoneNumbers` one filter may hold.
    pub max_phone_numbers: usize,
}

impl InputLimits {
    /// The default, one home for the command line's and `Default`'s.
    pub const DEFAULT_MAX_PHONE_NUMBERS: usize = 100;
}

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            max_phone_numbers: Self::DEFAULT_MAX_PHONE_NUMBERS,
        }
    }
}

/// The root of every query.
#[derive(Debug, Default)]
pub struct Query;

/// The root of every query.
#[Object]
impl Query {
    /// Phone numbers that a person, workspace or virtual line at `locationId` may use as external
    /// caller ID: the location's own numbers and those of other locations with the same country,
    /// PSTN provider and (India only) zone. Wraps Webex's
    /// `GET /telephony/config/locations/{locationId}/externalCallerId/availableNumbers`.
    #[graphql(complexity = "NUMBERS.rows(first) * child_complexity + 1")]
    async fn available_caller_id_numbers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The location to list numbers for.")] location_id: ID,
        #[graphql(desc = "List numbers for this organization (partner and multi-org admins).")]
        org_id: Option<ID>,
        #[graphql(desc = "Narrows the list.")] filter: Option<AvailableNumbersFilter>,
        #[graphql(desc = "How many numbers to return: 1 to 2000, default 100.")] first: Option<i32>,
        #[graphql(
            desc = "Return the numbers after this cursor (`edges.cursor` or `pageInfo.endCursor`)."
        )]
        after: Option<String>,
    ) -> Result<NumberPage<AvailableNumber>, ApiError> {
        numbers::caller_id_page(
            ctx,
            &location_id,
            org_id,
            filter.unwrap_or_default(),
            first,
            after,
        )
        .await
    }

    /// The organization's locations, from `GET /locations`: where a caller ID picker starts.
    #[graphql(complexity = "LOCATIONS.rows(first) * child_complexity + 1")]
    async fn locations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many locations to return: 1 to 1000, default 100.")] first: Option<
            i32,
        >,
        #[graphql(desc = "Return the locations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Narrows the list.")] filter: Option<LocationsFilter>,
        #[graphql(
            desc = "List the locations of this organization (partner and multi-org admins)."
        )]
        org_id: Option<ID>,
    ) -> Result<Listing<Location>, ApiError> {
        directory::locations(ctx, org_id, filter, first, after).await
    }

    /// A location by id, with its details from `GET /locations/{id}`.
    async fn location(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The location's Webex ID.")] id: ID,
        #[graphql(desc = "The organization the location belongs to (partner admins).")]
        org_id: Option<ID>,
    ) -> Fallible<Location> {
        Fallible::new(
            async {
                let id = non_blank("id", &id)?;
                let org = org_id.map(|o| non_blank("orgId", &o)).transpose()?;
                Location::load(ctx, &id, org.map(Arc::from)).await.map(Some)
            }
            .await,
        )
    }

    /// Fetches any object with a Webex ID (Location, Person, Workspace, VirtualLine, RouteList)
    /// through the same loaders as every other field; `null` for an id of another type, and
    /// `null` with `NOT_FOUND` for one Webex does not know.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The object's Webex ID.")] id: ID,
    ) -> Fallible<Node> {
        Fallible::new(
            async {
                let id = non_blank("id", &id)?;
                if jobs::is_job_id(&id) {
                    return jobs::get(ctx, ID(id))
                        .await
                        .map(|j| Some(Node::CallerIdJob(j)));
                }
                match crate::kind::Kind::of_id(&id) {
                    Some(kind) => Node::fetch(ctx, kind, &id, None).await,
                    None => Ok(None),
                }
            }
            .await,
        )
    }

    /// A caller ID job this token started; null with `NOT_FOUND` for any other id (another
    /// token's jobs included).
    async fn caller_id_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job's id.")] id: ID,
    ) -> Result<Option<CallerIdJob>, ApiError> {
        jobs::get(ctx, id).await.map(Some)
    }

    /// Federation: this subgraph's SDL.
    #[graphql(name = "_service", visible = false)]
    async fn service(&self) -> Service {
        Service {
            sdl: super::subgraph_sdl(),
        }
    }

    /// Federation: the entities a gateway asks for, each resolved on its own through the
    /// request's loaders; an unresolvable one is `null` at its index, with its error.
    #[graphql(name = "_entities", visible = false)]
    async fn entities(
        &self,
        ctx: &Context<'_>,
        representations: Vec<Representation>,
    ) -> Vec<Fallible<Entity>> {
        let lookups = representations
            .iter()
            .map(|r| async move { Fallible::some(federation::entity(ctx, r).await) });
        futures::future::join_all(lookups).await
    }
}

pub(crate) fn non_blank(name: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::BadUserInput(format!("{name} must not be empty")));
    }
    if trimmed == "." || trimmed == ".." {
        return Err(ApiError::BadUserInput(format!("{name} is not a valid id")));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_not_be_blank_or_dots() {
        assert!(non_blank("locationId", " ").is_err());
        assert!(non_blank("locationId", "..").is_err());
    }
}
