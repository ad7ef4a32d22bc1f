//! `Location`: the id and name the number list carries, plus details from `GET /locations/{id}`,
//! loaded only when a detail field is selected.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, ScalarType, Value};

use super::Kept;
use super::directory::{
    self, LOCATION_LISTS, PEOPLE, PeopleFilter, VIRTUAL_LINES, WORKSPACES, WorkspacesFilter,
};
use super::emergency::{self, EmergencyCallbackSettings};
use super::numbers::{self, LocationNumberUse, NumberListFilter};
use super::person::Person;
use super::target::Target;
use super::virtual_line::VirtualLine;
use super::workspace::Workspace;
use crate::graphql::context::{fetch, fetched_now};
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::types::details::Address;
use crate::graphql::types::listing::Listing;
use crate::graphql::types::number::AssignableNumber;
use crate::graphql::types::page::{NUMBERS, NumberPage};
use crate::webex::model;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::graphql::loaders::{
    Found, ListCall, OrgKey, Resource, WebexLoader, fetch_each, org_key,
};
use crate::webex::{self, Caller, Client};

/// A Webex Calling location.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    // Shared with the page's rows (a 2000-row page has a handful of locations), so making one
    // per row allocates nothing.
    pub(crate) id: Arc<str>,
    /// The name, when the payload that led here carried it.
    pub(crate) name: Option<Arc<str>>,
    pub(crate) org: Option<Arc<str>>,
    /// The record from `GET /locations/{id}`, once this row has read it.
    record: Kept<model::Location>,
}

impl Location {
    pub(crate) fn new(
        id: impl Into<Arc<str>>,
        name: Option<Arc<str>>,
        org: Option<Arc<str>>,
    ) -> Self {
        Self {
            id: id.into(),
            name,
            org,
            record: Kept::default(),
        }
    }

    /// A location known only by id (from a detail payload's `locationId`).
    pub(crate) fn by_id(id: Option<&String>, org: &Option<Arc<str>>) -> Option<Self> {
        id.map(|id| Self::new(id.as_str(), None, org.clone()))
    }

    /// A location from an `{id, name}` reference; `None` when it has no id.
    pub(crate) fn by_ref(r: Option<&model::IdName>, org: &Option<Arc<str>>) -> Option<Self> {
        let r = r?;
        Some(Self::new(
            r.id.as_deref()?,
            r.name.as_deref().map(Arc::from),
            org.clone(),
        ))
    }

    /// A location fetched by id, so an unknown id is a `NOT_FOUND` error rather than an object
    /// whose every field fails.
    pub(crate) async fn load(
        ctx: &Context<'_>,
        id: &str,
        org: Option<Arc<str>>,
    ) -> Result<Self, ApiError> {
        let location = Self::new(id, None, org);
        location.name_or_load(ctx).await?;
        Ok(location)
    }

    /// The name, loading the location when the payload that led here did not carry it.
    pub(crate) async fn name_or_load(&self, ctx: &Context<'_>) -> Result<String, ApiError> {
        match &self.name {
            Some(name) => Ok(name.to_string()),
            None => Ok(self.details(ctx).await?.name.clone().unwrap_or_default()),
        }
    }

    /// The location as the subject of its own settings.
    pub(crate) fn target(&self) -> Target {
        Target {
            of: crate::kind::Kind::Location,
            id: self.id.clone(),
            org: self.org.clone(),
            location: Some(self.id.clone()),
        }
    }

    async fn details(&self, ctx: &Context<'_>) -> Result<Arc<model::Location>, ApiError> {
        self.record.get_or_fetch(fetch(ctx, self.key())).await
    }

    /// The record, if the request has already fetched it: at once, with no future.
    pub(crate) fn details_now(
        &self,
        ctx: &async_graphql::ContextSelectionSet<'_>,
    ) -> Option<Arc<model::Location>> {
        self.record.now(|| fetched_now(ctx, &self.key()))
    }

    pub(crate) fn key(&self) -> LocationKey {
        LocationKey {
            org: self.org.clone(),
            id: self.id.clone(),
        }
    }

    /// A field read from the fetched record, as its resolver answers it on success; `None` for
    /// a field that is not a plain value of the record (`address`, the connections).
    pub(crate) fn detail_value(details: &model::Location, field: &str) -> Option<Value> {
        let text = |v: &Option<String>| v.as_ref().map_or(Value::Null, ScalarType::to_value);
        let coordinate = |v: &Option<String>| {
            parse_coordinate(v.as_deref()).map_or(Value::Null, |c| ScalarType::to_value(&c))
        };
        Some(match field {
            "name" => ScalarType::to_value(&details.name.clone().unwrap_or_default()),
            "orgId" => details
                .org_id
                .as_ref()
                .map_or(Value::Null, |id| ScalarType::to_value(&ID(id.clone()))),
            "timeZone" => text(&details.time_zone),
            "preferredLanguage" => text(&details.preferred_language),
            "announcementLanguage" => text(&details.announcement_language),
            "notes" => text(&details.notes),
            "latitude" => coordinate(&details.latitude),
            "longitude" => coordinate(&details.longitude),
            _ => return None,
        })
    }
}

/// A Webex Calling location. `id` and `name` come with the number list; every other field is
/// loaded from `GET /locations/{id}` when selected, once per location per request.
#[Object]
impl Location {
    /// The location's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// The location's name. Comes with the number list; loaded from the locations API otherwise.
    async fn name(&self, ctx: &Context<'_>) -> Result<String, ApiError> {
        self.name_or_load(ctx).await
    }

    /// The ID of the organization the location belongs to.
    #[graphql(complexity = "5 + child_complexity")]
    async fn org_id(&self, ctx: &Context<'_>) -> Fallible<ID> {
        Fallible::new(self.details(ctx).await.map(|l| l.org_id.clone().map(ID)))
    }

    /// The location's IANA time zone, e.g. `America/Chicago`.
    #[graphql(complexity = "5 + child_complexity")]
    async fn time_zone(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.details(ctx).await.map(|l| l.time_zone.clone()))
    }

    /// The location's postal address.
    #[graphql(complexity = "5 + child_complexity")]
    async fn address(&self, ctx: &Context<'_>) -> Fallible<Address> {
        Fallible::new(
            self.details(ctx)
                .await
                .map(|l| l.address.as_ref().map(Address::from)),
        )
    }

    /// The default language for users at this location, e.g. `en_us`.
    #[graphql(complexity = "5 + child_complexity")]
    async fn preferred_language(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.details(ctx)
                .await
                .map(|l| l.preferred_language.clone()),
        )
    }

    /// The language of announcements at this location.
    #[graphql(complexity = "5 + child_complexity")]
    async fn announcement_language(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.details(ctx)
                .await
                .map(|l| l.announcement_language.clone()),
        )
    }

    /// Latitude in decimal degrees (Webex sends it as a string; unparsable values are null).
    #[graphql(complexity = "5 + child_complexity")]
    async fn latitude(&self, ctx: &Context<'_>) -> Fallible<f64> {
        Fallible::new(
            self.details(ctx)
                .await
                .map(|l| parse_coordinate(l.latitude.as_deref())),
        )
    }

    /// Longitude in decimal degrees.
    #[graphql(complexity = "5 + child_complexity")]
    async fn longitude(&self, ctx: &Context<'_>) -> Fallible<f64> {
        Fallible::new(
            self.details(ctx)
                .await
                .map(|l| parse_coordinate(l.longitude.as_deref())),
        )
    }

    /// Free-text notes an administrator left on the location.
    #[graphql(complexity = "5 + child_complexity")]
    async fn notes(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.details(ctx).await.map(|l| l.notes.clone()))
    }

    /// The location's people with Webex Calling, from
    /// `GET /people?locationId=…&callingData=true` (at most 50 a page, Webex's limit).
    #[graphql(complexity = "PEOPLE.rows(first) * child_complexity + 1")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many people to return: 1 to 50, default 50.")] first: Option<i32>,
        #[graphql(desc = "Return the people after this cursor.")] after: Option<String>,
        #[graphql(desc = "Narrows the list.")] filter: Option<PeopleFilter>,
    ) -> Result<Listing<Person>, ApiError> {
        directory::people(ctx, self, filter, first, after).await
    }

    /// The location's workspaces, from `GET /workspaces?locationId=…`.
    #[graphql(complexity = "WORKSPACES.rows(first) * child_complexity + 1")]
    async fn workspaces(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many workspaces to return: 1 to 1000, default 100.")] first: Option<
            i32,
        >,
        #[graphql(desc = "Return the workspaces after this cursor.")] after: Option<String>,
        #[graphql(desc = "Narrows the list.")] filter: Option<WorkspacesFilter>,
    ) -> Result<Listing<Workspace>, ApiError> {
        directory::workspaces(ctx, self, filter, first, after).await
    }

    /// The location's emergency callback number: its main number or a member's, from
    /// `GET /telephony/config/locations/{id}/features/emergencyCallbackNumber`.
    #[graphql(complexity = "5 + child_complexity")]
    async fn emergency_callback(&self, ctx: &Context<'_>) -> Fallible<EmergencyCallbackSettings> {
        Fallible::some(emergency::settings_of(ctx, self.target()).await)
    }

    /// The numbers an administrator may assign at this location for one purpose: that
    /// purpose's available-numbers list (for `NEW_PERSON`, `NEW_WORKSPACE` and
    /// `NEW_VIRTUAL_LINE`, the organisation's list asked with this location). Owners and their
    /// details come as from any number list: the page, then one planned round.
    #[graphql(complexity = "NUMBERS.rows(first) * child_complexity + 1")]
    async fn available_numbers(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "for", desc = "What the number is for.")] purpose: LocationNumberUse,
        #[graphql(desc = "Narrows the list; each list takes only the filters its endpoint has.")]
        filter: Option<NumberListFilter>,
        #[graphql(desc = "How many numbers to return: 1 to 2000, default 100.")] first: Option<i32>,
        #[graphql(desc = "Return the numbers after this cursor.")] after: Option<String>,
    ) -> Result<NumberPage<AssignableNumber>, ApiError> {
        numbers::at_location(ctx, self, purpose, filter, first, after).await
    }

    /// The location's virtual lines, from `GET /telephony/config/virtualLines?locationId=…`.
    #[graphql(complexity = "VIRTUAL_LINES.rows(first) * child_complexity + 1")]
    async fn virtual_lines(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many virtual lines to return: 1 to 1000, default 100.")]
        first: Option<i32>,
        #[graphql(desc = "Return the virtual lines after this cursor.")] after: Option<String>,
    ) -> Result<Listing<VirtualLine>, ApiError> {
        directory::virtual_lines(ctx, self, first, after).await
    }
}

/// The `Location` fields that come from the locations API: every field but the `id` and `name`
/// a number row carries and the lists a location pages ([`LOCATION_LISTS`]).
pub(crate) fn detail_fields() -> impl Iterator<Item = &'static str> {
    const ON_ROW: &[&str] = &["id", "name"];
    crate::graphql::resources::view_fields!(Location)
        .iter()
        .map(String::as_str)
        .filter(|f| !ON_ROW.contains(f) && !LOCATION_LISTS.contains(f))
}

fn parse_coordinate(raw: Option<&str>) -> Option<f64> {
    raw?.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

// ---- Key and calls: `GET /locations/{id}`, or `GET /locations` for several ----

org_key!(
    /// A location (`GET /locations/{id}`).
    LocationKey
);

/// Locations, from `GET /locations/{id}`: one call each.
#[derive(Debug)]
pub(crate) struct Locations;

impl Resource for Locations {
    type Key = LocationKey;
    type Value = model::Location;
    const WHAT: &'static str = "location";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<LocationKey>,
    ) -> BoxFuture<'static, Found<LocationKey, model::Location>> {
        fetch_each(client, caller, keys, location_call).boxed()
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

fn location_call(client: Client, caller: Caller, k: LocationKey) -> One<model::Location> {
    async move { client.location(&caller, k.org.as_deref(), &k.id).await }.boxed()
}

impl WebexLoader {
    pub(crate) fn prefetch_locations(
        &self,
        org: Option<Arc<str>>,
        keys: Vec<LocationKey>,
        listed: bool,
    ) {
        let list = listed.then(|| -> ListCall<model::Location> {
            Box::new(move |client, caller| {
                let org = org.clone();
                async move {
                    let items = client.locations(&caller, org.as_deref()).await?;
                    Ok(items.into_iter().map(|l| (l.id.clone(), l)).collect())
                }
                .boxed()
            })
        });
        self.start_listed_or_each::<Locations>(keys, list, |k| k.id.to_string());
    }
}
