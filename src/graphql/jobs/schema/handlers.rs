//! What the job operations do: start (plan or run), resume, cancel, read and watch a job, for
//! the caller's token.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Context, ID};
use futures::Stream;

use crate::graphql::context::RequestContext;
use crate::graphql::error::ApiError;
use crate::graphql::jobs::record::{self, AtLocation, Item, State};
use crate::graphql::jobs::runner::{MEMBERS, values};
use crate::graphql::jobs::{Jobs, Spec};
use crate::graphql::query::non_blank;
use crate::graphql::resources::caller_id::CallerIdSelection;
use crate::graphql::write::caller_id::Values;
use crate::kind::Member;
use crate::webex::BearerToken;

use super::{CallerIdEntityKind, CallerIdJob, CallerIdJobInput};

/// How often a subscription looks at its job: at most ten events a second.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// The service and the caller's token.
fn caller(ctx: &Context<'_>) -> Result<(Arc<Jobs>, BearerToken), ApiError> {
    let jobs = ctx
        .data::<Arc<Jobs>>()
        .map_err(|_| ApiError::Internal("jobs are not configured".into()))?
        .clone();
    let token = RequestContext::of(ctx)?.caller()?.token.clone();
    Ok((jobs, token))
}

/// `startCallerIdJob`.
pub(crate) async fn start(
    ctx: &Context<'_>,
    input: CallerIdJobInput,
) -> Result<CallerIdJob, ApiError> {
    let (jobs, token) = caller(ctx)?;
    if let Ok(rc) = RequestContext::of(ctx) {
        rc.mutated();
    }
    let bad = |m: &str| Err(ApiError::BadUserInput(m.to_owned()));
    let max = jobs.config().max_items;
    let org_id = input
        .org_id
        .as_ref()
        .map(|o| non_blank("input.orgId", o))
        .transpose()?;
    let (items, at_location) = match (input.changes, input.at_location) {
        (Some(changes), None) => {
            if changes.is_empty() {
                return bad("input.changes must hold at least one change");
            }
            if changes.len() > max {
                return Err(ApiError::BadUserInput(format!(
                    "input.changes holds {} changes; a job takes at most {max} (--job-max-items)",
                    changes.len()
                )));
            }
            let mut seen = std::collections::HashMap::new();
            let mut items = Vec::with_capacity(changes.len());
            for (i, c) in changes.into_iter().enumerate() {
                let id = c.id.trim().to_owned();
                if let Some(first) = seen.insert(id.clone(), i) {
                    return Err(ApiError::BadUserInput(format!(
                        "input.changes[{i}].id is input.changes[{first}].id again: one change per entity"
                    )));
                }
                items.push(Item::new(
                    id,
                    None,
                    values(
                        c.selected,
                        c.custom_number,
                        c.external_caller_id_name_policy,
                        c.custom_external_caller_id_name,
                        c.block_in_forward_calls_enabled,
                    ),
                ));
            }
            (items, None)
        }
        (None, Some(at)) => {
            let location_id = non_blank("input.atLocation.locationId", &at.location_id)?;
            let kinds = match at.kinds {
                Some(k) if k.is_empty() => {
                    return bad(
                        "input.atLocation.kinds must name at least one kind (or be left out for all three)",
                    );
                }
                Some(k) => k.into_iter().map(CallerIdEntityKind::member).collect(),
                None => MEMBERS.to_vec(),
            };
            let where_selected = match at.where_selected {
                Some(w) if w.is_empty() => {
                    return bad(
                        "input.atLocation.whereSelected must name at least one selection (or be left out for every entity)",
                    );
                }
                Some(w) if w.contains(&CallerIdSelection::Unknown) => {
                    return bad(
                        "input.atLocation.whereSelected takes DIRECT_LINE, LOCATION_NUMBER or CUSTOM",
                    );
                }
                Some(w) => w
                    .iter()
                    .filter_map(|s| s.wire())
                    .map(str::to_owned)
                    .collect(),
                None => Vec::new(),
            };
            let set = Values {
                selected: at.set.selected,
                custom_number: at.set.custom_number.clone(),
                policy: at.set.external_caller_id_name_policy,
                custom_name: at.set.custom_external_caller_id_name.clone(),
                block: at.set.block_in_forward_calls_enabled,
            };
            // The values are the same for every entity: refused once, here, not per item.
            set.checked("input.atLocation.set")?;
            let at = AtLocation {
                location_id,
                kinds: kinds
                    .iter()
                    .map(|m: &Member| m.kind().graphql().to_owned())
                    .collect(),
                where_selected,
                set: values(
                    at.set.selected,
                    at.set.custom_number,
                    at.set.external_caller_id_name_policy,
                    at.set.custom_external_caller_id_name,
                    at.set.block_in_forward_calls_enabled,
                ),
            };
            (Vec::new(), Some(at))
        }
        _ => return bad("input: give exactly one of changes and atLocation"),
    };
    let spec = Spec {
        dry_run: input.dry_run,
        client_mutation_id: input.client_mutation_id,
        org_id,
        items,
        at_location,
    };
    jobs.start(&token, spec).await.map(CallerIdJob::new)
}

/// `resumeCallerIdJob`.
pub(crate) async fn resume(ctx: &Context<'_>, id: ID) -> Result<CallerIdJob, ApiError> {
    let (jobs, token) = caller(ctx)?;
    if let Ok(rc) = RequestContext::of(ctx) {
        rc.mutated();
    }
    let id = non_blank("id", &id)?;
    jobs.resume(&token, &id).await.map(CallerIdJob::new)
}

/// `cancelCallerIdJob`.
pub(crate) async fn cancel(ctx: &Context<'_>, id: ID) -> Result<CallerIdJob, ApiError> {
    let (jobs, token) = caller(ctx)?;
    if let Ok(rc) = RequestContext::of(ctx) {
        rc.mutated();
    }
    let id = non_blank("id", &id)?;
    jobs.cancel(&token, &id).await.map(CallerIdJob::new)
}

/// `Query.callerIdJob`.
pub(crate) async fn get(ctx: &Context<'_>, id: ID) -> Result<CallerIdJob, ApiError> {
    let (jobs, token) = caller(ctx)?;
    let id = non_blank("id", &id)?;
    jobs.get(&token, &id).await.map(CallerIdJob::new)
}

/// What a subscriber is shown a new event for: the state and the counts.
type Seen = (State, record::Counts, usize);

/// `Subscription.callerIdJob`: the job now, again whenever its state or counts change (looked
/// at every 100 ms), and once at the end; then the stream completes.
pub(crate) fn watch(
    ctx: &Context<'_>,
    id: ID,
) -> Result<impl Stream<Item = Result<CallerIdJob, ApiError>> + use<>, ApiError> {
    let (jobs, token) = caller(ctx)?;
    let id = non_blank("id", &id)?;
    struct Watch {
        jobs: Arc<Jobs>,
        token: BearerToken,
        id: String,
        seen: Option<Seen>,
        done: bool,
    }
    let start = Watch {
        jobs,
        token,
        id,
        seen: None,
        done: false,
    };
    Ok(futures::stream::unfold(start, |mut w| async move {
        if w.done {
            return None;
        }
        loop {
            if w.seen.is_some() {
                tokio::time::sleep(WATCH_EVERY).await;
            }
            let job = match w.jobs.get(&w.token, &w.id).await {
                Ok(job) => job,
                Err(e) => {
                    w.done = true;
                    return Some((Err(e), w));
                }
            };
            let now = (job.state, job.counts(), job.items.len());
            let finished = !job.state.is_live();
            if w.seen != Some(now) || finished {
                w.seen = Some(now);
                w.done = finished;
                return Some((Ok(CallerIdJob::new(job)), w));
            }
        }
    }))
}
