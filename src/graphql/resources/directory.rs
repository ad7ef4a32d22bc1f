//! Browsing: `Query.locations`, and a location's `people`, `workspaces` and `virtualLines`, as
//! Relay connections over Webex's list endpoints. Their nodes are the same `Location`, `Person`,
//! `Workspace` and `VirtualLine` objects the number list leads to, and what a list item carries
//! is recorded as that entity's record for the request, so a listed person's detail fields cost
//! no second people call. When `callerId` is selected under the page, every node's settings are
//! read in one concurrent round right after it (Webex has no batch read for them).
//!
//! Cursors are bound to their list like those of `availableCallerIdNumbers`: the list, its
//! location or organization and its filter are in the cursor's fingerprint.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject};

use super::location::{Location, LocationKey};
use super::person::{Person, PersonKey};
use super::summary::{Listed, OwnerSummary};
use super::virtual_line::{VirtualLine, VirtualLineKey};
use super::workspace::{Workspace, WorkspaceKey};
use crate::graphql::context::RequestContext;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::{OrgKey, WebexLoader};
use crate::graphql::plan;
use crate::graphql::plan::Subject as MemberKey;
use crate::graphql::query::non_blank;
use crate::graphql::types::listing::{Listing, Span};
use crate::graphql::types::page::Bounds;
use crate::kind::Kind;
use crate::webex::{self, Caller, Client, PEOPLE_AT_LOCATION_MAX, Window};

/// The `Location` fields that page a directory list: not location details, so the planner never
/// fetches the location for them.
pub(crate) const LOCATION_LISTS: &[&str] = &[
    "people",
    "workspaces",
    "virtualLines",
    "availableNumbers",
    "emergencyCallback",
];

pub(crate) const LOCATIONS: Bounds = Bounds {
    default_first: 100,
    max_first: 1000,
};
pub(crate) const PEOPLE: Bounds = Bounds {
    default_first: PEOPLE_AT_LOCATION_MAX,
    max_first: PEOPLE_AT_LOCATION_MAX,
};
pub(crate) const WORKSPACES: Bounds = Bounds {
    default_first: 100,
    max_first: 1000,
};
pub(crate) const VIRTUAL_LINES: Bounds = Bounds {
    default_first: 100,
    max_first: 1000,
};

/// Narrows the list of locations.
#[derive(Debug, Default, InputObject)]
pub(crate) struct LocationsFilter {
    /// Only locations whose name contains this (case-insensitive, as Webex matches it).
    pub(crate) name: Option<String>,
}

/// Narrows a location's people.
#[derive(Debug, Default, InputObject)]
pub(crate) struct PeopleFilter {
    /// Only people whose display name matches this, as Webex matches `displayName`.
    pub(crate) display_name: Option<String>,
    /// Only the person with this email address.
    pub(crate) email: Option<String>,
}

/// Narrows a location's workspaces.
#[derive(Debug, Default, InputObject)]
pub(crate) struct WorkspacesFilter {
    /// Only workspaces whose display name matches this, as Webex matches `displayName`.
    pub(crate) display_name: Option<String>,
}

/// A filter value: trimmed, and refused when blank (a blank filter would list everything).
fn filter_text(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => {
            Err(ApiError::BadUserInput(format!("{name} must not be empty")))
        }
        Some(v) if v.chars().count() > 255 => Err(ApiError::BadUserInput(format!(
            "{name} must be at most 255 characters"
        ))),
        Some(v) => Ok(Some(v.trim().to_owned())),
    }
}

/// `Query.locations`: `GET /locations`.
pub(crate) async fn locations(
    ctx: &Context<'_>,
    org_id: Option<ID>,
    filter: Option<LocationsFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Listing<Location>, ApiError> {
    let org = org_id.map(|o| non_blank("orgId", &o)).transpose()?;
    let name = filter_text("filter.name", filter.unwrap_or_default().name)?;
    let span = Span::of(
        LOCATIONS,
        first,
        after.as_deref(),
        &[
            "locations",
            org.as_deref().unwrap_or_default(),
            name.as_deref().unwrap_or_default(),
        ],
    )?;
    let rc = RequestContext::of(ctx)?;
    let window = rc
        .client
        .locations_window(
            rc.caller()?,
            org.as_deref(),
            name.as_deref(),
            span.start,
            span.first,
            span.resume.as_deref(),
        )
        .await?;
    let org: Option<Arc<str>> = org.map(Arc::from);
    let fields = plan::node_fields(ctx);
    let wants_details = super::location::detail_fields().any(|f| fields.contains(f));
    // The list answers every location field but `announcementLanguage`: record what it gave,
    // unless that one is asked, then read each location (one round).
    let listed_enough = !fields.contains("announcementLanguage");
    let loader = rc.loader()?.loader();
    let mut by_id = Vec::new();
    let listing = span.listing(window, |l| {
        let location = Location::new(l.id.as_str(), l.name.as_deref().map(Arc::from), org.clone());
        let key = LocationKey {
            org: org.clone(),
            id: location.id.clone(),
        };
        if wants_details && listed_enough {
            loader.known(key, Arc::new(l));
        } else if wants_details {
            by_id.push(key);
        }
        location
    });
    if !by_id.is_empty() {
        loader.prefetch_locations(org, by_id, false);
        loader.settled().await;
    }
    Ok(listing)
}

/// What a directory page's selection needs after the page: each node's member settings
/// (caller ID, emergency callback and its dependencies), all read in one concurrent round.
async fn read_settings(ctx: &Context<'_>, members: Vec<MemberKey>) -> Result<(), ApiError> {
    if members.is_empty() {
        return Ok(());
    }
    let fields = plan::node_fields(ctx);
    let loader = RequestContext::of(ctx)?.loader()?.loader();
    let settings = plan::Settings::of(|field| fields.contains(field));
    settings.start(loader, members);
    loader.settled().await;
    Ok(())
}

/// A listed member: its kind, id and org.
fn member_key(org: &Option<Arc<str>>, of: Kind, id: &str) -> MemberKey {
    MemberKey {
        org: org.clone(),
        of,
        id: id.into(),
    }
}

/// One of a location's lists: its name (in cursors), its bounds and filters, and what each item
/// becomes (the node, with its record kept for the request and the key of its caller ID).
async fn at_location<I, T, F>(
    ctx: &Context<'_>,
    location: &Location,
    list: (&'static str, Bounds),
    filters: &[Option<&str>],
    (first, after): (Option<i32>, Option<String>),
    window: impl FnOnce(Client, Caller, usize, usize, Option<String>) -> F,
    mut node: impl FnMut(&WebexLoader, I) -> (T, MemberKey),
) -> Result<Listing<T>, ApiError>
where
    F: Future<Output = Result<Window<I>, webex::Error>>,
{
    let (name, bounds) = list;
    let org = location.org.as_deref().unwrap_or_default();
    let mut parts = vec![name, &location.id, org];
    parts.extend(filters.iter().map(|f| f.unwrap_or_default()));
    let span = Span::of(bounds, first, after.as_deref(), &parts)?;
    let rc = RequestContext::of(ctx)?;
    let page = window(
        rc.client.clone(),
        rc.caller()?.clone(),
        span.start,
        span.first,
        span.resume.clone(),
    )
    .await?;
    let loader = rc.loader()?.loader();
    let mut settings = Vec::new();
    let listing = span.listing(page, |item| {
        let (node, key) = node(loader, item);
        settings.push(key);
        node
    });
    read_settings(ctx, settings).await?;
    Ok(listing)
}

/// The summary of a listed entity of `location`.
fn listed(location: &Location, listed: Listed) -> OwnerSummary {
    OwnerSummary::listed(listed, location.org.clone(), location.id.clone())
}

/// `Location.people`: `GET /people?locationId=…&callingData=true`.
pub(crate) async fn people(
    ctx: &Context<'_>,
    location: &Location,
    filter: Option<PeopleFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Listing<Person>, ApiError> {
    let filter = filter.unwrap_or_default();
    let name = filter_text("filter.displayName", filter.display_name)?;
    let email = filter_text("filter.email", filter.email)?;
    let (name, email) = (name.as_deref(), email.as_deref());
    at_location(
        ctx,
        location,
        ("people", PEOPLE),
        &[name, email],
        (first, after),
        |client, caller, start, first, resume| async move {
            client
                .people_window(
                    &caller,
                    location.org.as_deref(),
                    &location.id,
                    name,
                    email,
                    start,
                    first,
                    resume.as_deref(),
                )
                .await
        },
        |loader, p| {
            let summary = Listed {
                id: p.id.clone(),
                kind: Kind::Person,
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                display_name: p.display_name.clone(),
            };
            let key = member_key(&location.org, Kind::Person, &p.id);
            let person = PersonKey::new(location.org.clone(), p.id.as_str().into());
            loader.known(person, Arc::new(p));
            (Person::new(listed(location, summary)), key)
        },
    )
    .await
}

/// `Location.workspaces`: `GET /workspaces?locationId=…`.
pub(crate) async fn workspaces(
    ctx: &Context<'_>,
    location: &Location,
    filter: Option<WorkspacesFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Listing<Workspace>, ApiError> {
    let name = filter_text(
        "filter.displayName",
        filter.unwrap_or_default().display_name,
    )?;
    let name = name.as_deref();
    at_location(
        ctx,
        location,
        ("workspaces", WORKSPACES),
        &[name],
        (first, after),
        |client, caller, start, first, _| async move {
            client
                .workspaces_window(
                    &caller,
                    location.org.as_deref(),
                    &location.id,
                    name,
                    start,
                    first,
                )
                .await
        },
        |loader, w| {
            let summary = Listed {
                id: w.id.clone(),
                kind: Kind::Workspace,
                first_name: None,
                last_name: None,
                display_name: w.display_name.clone(),
            };
            let key = member_key(&location.org, Kind::Workspace, &w.id);
            let workspace = WorkspaceKey::new(location.org.clone(), w.id.as_str().into());
            loader.known(workspace, Arc::new(w));
            (Workspace::new(listed(location, summary)), key)
        },
    )
    .await
}

/// `Location.virtualLines`: `GET /telephony/config/virtualLines?locationId=…`.
pub(crate) async fn virtual_lines(
    ctx: &Context<'_>,
    location: &Location,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Listing<VirtualLine>, ApiError> {
    at_location(
        ctx,
        location,
        ("virtualLines", VIRTUAL_LINES),
        &[],
        (first, after),
        |client, caller, start, first, _| async move {
            client
                .virtual_lines_window(&caller, location.org.as_deref(), &location.id, start, first)
                .await
        },
        |loader, v| {
            let summary = Listed {
                id: v.id.clone(),
                kind: Kind::VirtualLine,
                first_name: v.first_name.clone(),
                last_name: v.last_name.clone(),
                display_name: None,
            };
            let key = member_key(&location.org, Kind::VirtualLine, &v.id);
            let line = VirtualLineKey::new(location.org.clone(), v.id.as_str().into());
            loader.known(line, Arc::new(v));
            (VirtualLine::new(listed(location, summary)), key)
        },
    )
    .await
}
