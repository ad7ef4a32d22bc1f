//! The available-numbers lists (`webex/sources.rs`, one row each) as GraphQL: the purposes a
//! location's and a member's numbers are chosen for, the checks a list's filters pass before any
//! call, and the one page read every list field shares: `availableCallerIdNumbers`,
//! `CallerIdSettings.candidates` (external caller ID, `AvailableNumber` items) and
//! `Location/Person/Workspace/VirtualLine.availableNumbers(for:)` (`AssignableNumber` items).
//! A page and the planned round of its owners' details are the request's two round trips.

use std::sync::Arc;

use async_graphql::{Context, ID};

mod input;

pub(crate) use input::{
    AvailableNumbersFilter, LocationNumberUse, MemberNumberUse, NumberListFilter,
};
use input::{Checked, location_source, member_source, name_of, owner_name, phone_numbers};

use super::caller_id::{Target, location_of};
use super::location::Location;
use crate::graphql::context::RequestContext;
use crate::graphql::error::{ApiError, code};
use crate::graphql::plan::{self, Selected};
use crate::graphql::query::{InputLimits, non_blank};
use crate::graphql::types::number::{AssignableNumber, AvailableNumber, Interned, NumberRow};
use crate::graphql::types::page::{NUMBERS, NumberPage, fingerprint, start_after};
use crate::kind::Kind;
use crate::webex::NumbersQuery;
use crate::webex::sources::{NumberSource, Scope};

/// `Location.availableNumbers(for:)`.
pub(crate) async fn at_location(
    ctx: &Context<'_>,
    location: &Location,
    purpose: LocationNumberUse,
    filter: Option<NumberListFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<NumberPage<AssignableNumber>, ApiError> {
    let name = name_of(purpose);
    let source = location_source(purpose)
        .ok_or_else(|| ApiError::Internal(format!("no list for {name}")))?;
    let limits = limits(ctx)?;
    let checked = Checked::of(filter.unwrap_or_default(), source, name, limits)?;
    let query = query(source, &location.id, location.org.as_deref(), checked, None);
    let rows_at = Some(location.id.clone());
    assignable(ctx, query, rows_at, first, after).await
}

/// `Person/Workspace/VirtualLine.availableNumbers(for:)`.
pub(crate) async fn of_member(
    ctx: &Context<'_>,
    target: Target,
    purpose: MemberNumberUse,
    filter: Option<NumberListFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<NumberPage<AssignableNumber>, ApiError> {
    let name = name_of(purpose);
    let source = member_source(target.of, purpose)?;
    let limits = limits(ctx)?;
    let checked = Checked::of(filter.unwrap_or_default(), source, name, limits)?;
    let org = target.org.as_deref();
    if source.scope == Scope::Location {
        // External caller ID: the member's location's list, with `personId` for a person.
        let at = location_of(ctx, &target).await?;
        let person = (target.of == Kind::Person).then(|| target.id.to_string());
        let query = query(source, &at, org, checked, person);
        return assignable(ctx, query, Some(at), first, after).await;
    }
    let query = query(source, &target.id, org, checked, None);
    // The member's numbers are its location's; when the page's owners or locations need that
    // location and the member came by id alone, it is read beside the page, not after it.
    let rows_at = match &target.location {
        Some(at) => Some(at.clone()),
        None if plan::needs_location(&Selected::of(ctx)) => {
            let (page, at) = futures::join!(
                read(ctx, &query, first, after.as_deref()),
                location_of(ctx, &target)
            );
            return finish(ctx, page?, at.ok(), |row| AssignableNumber {
                row,
                fields: source.fields,
            })
            .await;
        }
        None => None,
    };
    assignable(ctx, query, rows_at, first, after).await
}

/// `EmergencyCallbackSettings.candidates`: the entity's `EMERGENCY_CALLBACK` list, whose owners
/// are the members it may choose.
pub(crate) async fn emergency_candidates(
    ctx: &Context<'_>,
    target: Target,
    filter: Option<NumberListFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<NumberPage<AssignableNumber>, ApiError> {
    if target.of == Kind::Location {
        let location = Location::new(target.id.clone(), None, target.org.clone());
        let purpose = LocationNumberUse::EmergencyCallback;
        return at_location(ctx, &location, purpose, filter, first, after).await;
    }
    let purpose = MemberNumberUse::EmergencyCallback;
    of_member(ctx, target, purpose, filter, first, after).await
}

/// `availableCallerIdNumbers` and `candidates`: the external caller ID list of `location_id`,
/// with the fingerprint its cursors have always carried.
pub(crate) async fn caller_id_page(
    ctx: &Context<'_>,
    location_id: &str,
    org_id: Option<ID>,
    filter: AvailableNumbersFilter,
    first: Option<i32>,
    after: Option<String>,
) -> Result<NumberPage<AvailableNumber>, ApiError> {
    let limits = limits(ctx)?;
    let location_id = non_blank("locationId", location_id)?;
    let org_id = org_id.map(|o| non_blank("orgId", &o)).transpose()?;
    let first_n = NUMBERS.first(first)?;
    let checked = Checked {
        phone_numbers: phone_numbers(filter.phone_numbers, limits.max_phone_numbers)?,
        owner_name: owner_name(filter.owner_name)?,
        ..Checked::default()
    };
    let person_id = filter
        .person_id
        .map(|p| non_blank("filter.personId", &p))
        .transpose()?;
    let source = NumberSource::external_caller_id();
    let query = query(source, &location_id, org_id.as_deref(), checked, person_id);
    let print = fingerprint(&[
        &query.scope_id,
        query.org_id.as_deref().unwrap_or_default(),
        &query.phone_numbers.join(","),
        query.owner_name.as_deref().unwrap_or_default(),
        query.person_id.as_deref().unwrap_or_default(),
    ]);
    let start = start_after(after.as_deref(), print)?;
    let page = fetch(ctx, &query, start, first_n, print).await?;
    finish(ctx, page, Some(location_id.into()), AvailableNumber).await
}

fn limits<'c>(ctx: &'c Context<'_>) -> Result<&'c InputLimits, ApiError> {
    ctx.data::<InputLimits>()
        .map_err(|_| ApiError::Internal("InputLimits missing from the schema".into()))
}

fn query(
    source: &'static NumberSource,
    scope_id: &str,
    org: Option<&str>,
    checked: Checked,
    person_id: Option<String>,
) -> NumbersQuery {
    NumbersQuery {
        org_id: org.map(str::to_owned),
        phone_numbers: checked.phone_numbers,
        owner_name: checked.owner_name,
        extension: checked.extension,
        person_id,
        license_type: checked.license_type.map(str::to_owned),
        ..NumbersQuery::new(source, scope_id)
    }
}

/// A page of `AssignableNumber`s.
async fn assignable(
    ctx: &Context<'_>,
    query: NumbersQuery,
    rows_at: Option<Arc<str>>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<NumberPage<AssignableNumber>, ApiError> {
    let fields = query.source.fields;
    let page = read(ctx, &query, first, after.as_deref()).await?;
    finish(ctx, page, rows_at, |row| AssignableNumber { row, fields }).await
}

/// What a page read: Webex's page, where it starts, its cursors' fingerprint and the
/// organization it was asked in.
struct Read {
    page: crate::webex::NumbersPage,
    start: usize,
    fingerprint: u64,
    org: Option<Arc<str>>,
}

/// Reads one page of the list `query` names: `first` and `after` checked, cursors bound to the
/// list (its endpoint, entity, organization and every filter).
async fn read(
    ctx: &Context<'_>,
    query: &NumbersQuery,
    first: Option<i32>,
    after: Option<&str>,
) -> Result<Read, ApiError> {
    let first = NUMBERS.first(first)?;
    let print = fingerprint(&[
        "numbers",
        query.source.endpoint.label,
        &query.scope_id,
        query.org_id.as_deref().unwrap_or_default(),
        &query.phone_numbers.join(","),
        query.owner_name.as_deref().unwrap_or_default(),
        query.extension.as_deref().unwrap_or_default(),
        query.person_id.as_deref().unwrap_or_default(),
        query.license_type.as_deref().unwrap_or_default(),
    ]);
    let start = start_after(after, print)?;
    let page = fetch(ctx, query, start, first, print).await?;
    Ok(page)
}

async fn fetch(
    ctx: &Context<'_>,
    query: &NumbersQuery,
    start: usize,
    first: usize,
    fingerprint: u64,
) -> Result<Read, ApiError> {
    let rc = RequestContext::of(ctx)?;
    let page = rc.client.numbers(rc.caller()?, query, start, first).await?;
    Ok(Read {
        page,
        start,
        fingerprint,
        org: query.org_id.as_deref().map(Arc::from),
    })
}

/// The page's rows (at `rows_at` when an item names no location), the errors of the items left
/// out, and the second round trip: every detail fetch the selection needs, started together.
async fn finish<T>(
    ctx: &Context<'_>,
    read: Read,
    rows_at: Option<Arc<str>>,
    wrap: impl Fn(NumberRow) -> T,
) -> Result<NumberPage<T>, ApiError> {
    let Read {
        page,
        start,
        fingerprint,
        org,
    } = read;
    let rc = RequestContext::of(ctx)?;
    let at = rows_at.unwrap_or_else(|| Arc::from(""));
    let mut strings = Interned::default();
    let rows: Vec<NumberRow> = page
        .numbers
        .into_iter()
        .map(|(offset, raw)| NumberRow::new(raw, offset, org.clone(), &at, &mut strings))
        .collect();
    // An unreadable item is left out of the page, and said so: one bad item must not cost the
    // page, nor vanish without a trace.
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
            .set("code", code::UPSTREAM_BAD_RESPONSE);
        ctx.add_error(ctx.set_error_path(error));
    }
    if let Ok(loader) = rc.loader() {
        let loader = loader.loader();
        plan::start(loader, &Selected::of(ctx), &rows, &org);
        // The answer cannot leave before this round anyway; awaiting it here keeps the rows
        // from all waiting on it at once (see `WebexLoader::settled`).
        loader.settled().await;
    }
    Ok(NumberPage {
        numbers: rows.into_iter().map(wrap).collect(),
        start,
        has_next_page: page.has_more,
        fingerprint,
    })
}
