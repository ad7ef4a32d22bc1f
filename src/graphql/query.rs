//! The query root: `availableCallerIdNumbers`, `locations`, `location` and Relay's `node`, plus the hidden
//! federation fields `_service` and `_entities`.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object};

use super::context::RequestContext;
use super::error::ApiError;
use super::fallible::Fallible;
use super::federation::{self, Entity, Representation, Service};
use super::resources::directory::{self, LocationsFilter};
use super::resources::location::Location;
use super::types::listing::Listing;
use super::types::node::Node;
use super::types::number::{AvailableNumber, Interned};
use super::types::page::{AvailableNumberConnection, fingerprint, first_within, rows, start_after};
use crate::webex::AvailableNumbersQuery;

/// Bounds on arguments, checked before any upstream call.
#[derive(Debug, Clone)]
pub struct InputLimits {
    /// `first` when the query gives none.
    pub default_first: usize,
    /// The largest `first` accepted; Webex's own default page size.
    pub max_first: usize,
    /// The most `phoneNumbers` one filter may hold.
    pub max_phone_numbers: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            default_first: 100,
            max_first: 2000,
            max_phone_numbers: 100,
        }
    }
}

/// The longest `ownerName` Webex accepts.
const MAX_OWNER_NAME: usize = 255;

/// Narrows the list of available numbers.
#[derive(Debug, Default, InputObject)]
pub(crate) struct AvailableNumbersFilter {
    /// Only these numbers (E.164, e.g. `+12056852221`).
    pub(crate) phone_numbers: Option<Vec<String>>,
    /// Only numbers whose owner has this name (at most 255 characters).
    pub(crate) owner_name: Option<String>,
    /// The person the numbers are for. When that person is in a Cisco PSTN location, has a mobile
    /// number as primary DN and has no billing plan, only that mobile number is returned. Without
    /// it, a returned number may fail to be assigned to the person.
    pub(crate) person_id: Option<ID>,
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
    #[graphql(complexity = "rows(first, 100, 2000) * child_complexity + 1")]
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
    ) -> Result<AvailableNumberConnection, ApiError> {
        numbers_page(
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
    #[graphql(complexity = "rows(first, 100, 1000) * child_complexity + 1")]
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
                match crate::kind::Kind::of_id(&id) {
                    Some(kind) => Node::fetch(ctx, kind, &id, None).await,
                    None => Ok(None),
                }
            }
            .await,
        )
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

/// One page of the numbers `location_id` may use as caller ID, with the planned round of detail
/// fetches its selection needs: `availableCallerIdNumbers`, and each entity's `candidates`.
pub(crate) async fn numbers_page(
    ctx: &Context<'_>,
    location_id: &str,
    org_id: Option<ID>,
    filter: AvailableNumbersFilter,
    first: Option<i32>,
    after: Option<String>,
) -> Result<AvailableNumberConnection, ApiError> {
    let limits = ctx
        .data::<InputLimits>()
        .map_err(|_| ApiError::Internal("InputLimits missing from the schema".into()))?;
    let location_id = non_blank("locationId", location_id)?;
    let org_id = org_id.map(|o| non_blank("orgId", &o)).transpose()?;
    let first = first_within(first, limits.default_first, limits.max_first)?;
    let query = AvailableNumbersQuery {
        location_id: location_id.clone(),
        org_id: org_id.clone(),
        phone_numbers: phone_numbers(filter.phone_numbers, limits.max_phone_numbers)?,
        owner_name: owner_name(filter.owner_name)?,
        person_id: filter
            .person_id
            .map(|p| non_blank("filter.personId", &p))
            .transpose()?,
    };
    let print = fingerprint(&[
        &query.location_id,
        query.org_id.as_deref().unwrap_or_default(),
        &query.phone_numbers.join(","),
        query.owner_name.as_deref().unwrap_or_default(),
        query.person_id.as_deref().unwrap_or_default(),
    ]);
    let start = start_after(after.as_deref(), print)?;
    let rc = RequestContext::of(ctx)?;
    let caller = rc.caller()?;
    let page = rc
        .client
        .available_numbers(caller, &query, start, first)
        .await?;
    let org: Option<Arc<str>> = org_id.map(Arc::from);
    let asked: Arc<str> = location_id.into();
    let mut strings = Interned::default();
    let numbers: Vec<AvailableNumber> = page
        .numbers
        .into_iter()
        .map(|(offset, raw)| AvailableNumber::new(raw, offset, org.clone(), &asked, &mut strings))
        .collect();
    // An unreadable item is left out of the page, and said so: one bad item must not cost
    // the page, nor vanish without a trace.
    for item in &page.skipped {
        let number = item.phone_number.as_deref().unwrap_or("(no phoneNumber)");
        let mut error = async_graphql::ServerError::new(
            format!(
                "Webex sent a number this service cannot read, at offset {} ({number}); it is left out of this page: {}",
                item.offset, item.reason
            ),
            Some(ctx.item.pos),
        );
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", super::error::code::UPSTREAM_BAD_RESPONSE);
        ctx.add_error(ctx.set_error_path(error));
    }
    // The second round trip: every detail fetch the selection needs, started now, together.
    if let Ok(loader) = rc.loader() {
        let loader = loader.loader();
        super::plan::start(loader, &super::plan::Selected::of(ctx), &numbers, &org);
        // The answer cannot leave before this round anyway; awaiting it here keeps the
        // rows from all waiting on it at once (see `WebexLoader::settled`).
        loader.settled().await;
    }
    Ok(AvailableNumberConnection {
        numbers,
        start,
        has_next_page: page.has_more,
        fingerprint: print,
    })
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

fn owner_name(name: Option<String>) -> Result<Option<String>, ApiError> {
    match name {
        Some(n) if n.chars().count() > MAX_OWNER_NAME => Err(ApiError::BadUserInput(format!(
            "filter.ownerName must be at most {MAX_OWNER_NAME} characters, got {}",
            n.chars().count()
        ))),
        Some(n) if n.trim().is_empty() => Err(ApiError::BadUserInput(
            "filter.ownerName must not be empty".into(),
        )),
        other => Ok(other),
    }
}

fn phone_numbers(numbers: Option<Vec<String>>, max: usize) -> Result<Vec<String>, ApiError> {
    let numbers = numbers.unwrap_or_default();
    if numbers.len() > max {
        return Err(ApiError::BadUserInput(format!(
            "filter.phoneNumbers may hold at most {max} numbers, got {}",
            numbers.len()
        )));
    }
    numbers
        .into_iter()
        .map(|n| {
            let n = n.trim().to_owned();
            // Webex takes the list comma-joined, so a comma inside one number would split it.
            let plausible = !n.is_empty()
                && n.len() <= 32
                && n.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'));
            if plausible {
                Ok(n)
            } else {
                Err(ApiError::BadUserInput(format!(
                    "filter.phoneNumbers: {n:?} is not a phone number (digits with an optional leading +)"
                )))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_checks_reject_what_webex_would() {
        assert!(owner_name(Some("x".repeat(255))).is_ok());
        assert!(owner_name(Some("é".repeat(256))).is_err());
        assert!(owner_name(Some("  ".into())).is_err());
        assert!(phone_numbers(Some(vec!["+12036390542".into()]), 5).is_ok());
        assert!(phone_numbers(Some(vec!["+1,+2".into()]), 5).is_err());
        assert!(phone_numbers(Some(vec!["1".into(); 6]), 5).is_err());
        assert!(non_blank("locationId", " ").is_err());
        assert!(non_blank("locationId", "..").is_err());
    }
}
