//! Running one job: its entities listed (a job by location), then its unsettled items in batches
//! through the write engine, the job saved after every phase that changes it. Before each
//! batch's PUTs leave, the items they are for are saved as sent: a replica that dies there
//! leaves them to be read again on resume, so a change already applied is not sent twice.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use async_graphql::ID;

use super::Jobs;
use super::record::{AtLocation, Item, Job, Outcome, State, Values, rfc3339_now};
use crate::graphql::error::ApiError;
use crate::graphql::loaders::WebexLoader;
use crate::graphql::resources::caller_id::{
    CallerIdKey, CallerIdNamePolicy, CallerIdSelection, CallerIds,
};
use crate::graphql::write::caller_id::{self as write, CallerIdWrite};
use crate::graphql::write::{self as engine, Batch, Options};
use crate::kind::{Kind, Member};
use crate::webex::{Caller, TokenKeys, model};

/// Items one engine pass takes: large enough that a location's workspaces and virtual lines
/// share their candidate check, small enough that progress shows often and a dying replica
/// leaves few items sent but unrecorded.
const BATCH: usize = 25;

/// Entities one listing window asks for while a job by location lists its entities.
const LISTING_WINDOW: usize = 500;

/// Store calls one save makes before it gives up, and the first pause between them (doubled
/// each time): a Redis that stalls or restarts for a few seconds costs a job no progress.
const SAVE_TRIES: u32 = 4;
const SAVE_PAUSE: Duration = Duration::from_millis(250);

/// What a running job holds besides its record: the token (only here, in memory) and its keys.
pub(super) struct Run {
    pub(super) jobs: Arc<Jobs>,
    pub(super) job: Job,
    pub(super) caller: Caller,
    pub(super) keys: TokenKeys,
    pub(super) cancel: Arc<std::sync::atomic::AtomicBool>,
}

impl Run {
    /// Saves the job, trying again while the store fails; `false` if it never took it.
    async fn save(&mut self) -> bool {
        let keep = self.jobs.config.keep;
        let mut pause = SAVE_PAUSE;
        for attempt in 1..=SAVE_TRIES {
            match self.jobs.store.save(&mut self.job, &self.keys, keep).await {
                Ok(()) => return true,
                Err(e) if attempt < SAVE_TRIES => {
                    tracing::warn!(job = %self.job.id, attempt, error = %e, "could not save a job; trying again");
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                }
                Err(e) => {
                    tracing::error!(job = %self.job.id, attempt, error = %e, "could not save a job");
                }
            }
        }
        false
    }

    async fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
            || self
                .jobs
                .store
                .cancel_requested(&self.job.id)
                .await
                .unwrap_or(false)
    }

    /// Runs the job to its end (or until cancelled or the process drains).
    pub(super) async fn go(mut self) {
        let id = self.job.id.clone();
        let lost = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let renewing = self.jobs.renew_lease(&id, lost.clone());
        self.job.state = State::Running;
        self.save().await;
        let mut read: HashMap<String, Arc<model::CallerId>> = HashMap::new();
        if let Some(at) = self.job.at_location.clone() {
            match self.list(&at).await {
                Ok((items, previous)) => {
                    self.job.items = items;
                    self.job.at_location = None;
                    read = previous;
                }
                Err(e) => self.job.message = Some(e.message()),
            }
            self.save().await;
        }
        let mut tried = HashSet::new();
        let mut interrupted = false;
        while self.job.message.is_none() {
            if self.cancelled().await {
                self.job.cancel_requested = true;
                break;
            }
            if self.jobs.draining.load(Ordering::Relaxed) {
                interrupted = true;
                break;
            }
            if lost.load(Ordering::Relaxed) {
                // Another replica may run it now: this one writes nothing more.
                renewing.abort();
                self.jobs.finished(&id);
                return;
            }
            let next: Vec<usize> = (0..self.job.items.len())
                .filter(|&i| !self.job.items[i].outcome.is_settled() && !tried.contains(&i))
                .take(BATCH)
                .collect();
            if next.is_empty() {
                break;
            }
            tried.extend(next.iter().copied());
            if !self.batch(&next, &mut read).await {
                interrupted = true;
                break;
            }
        }
        self.job.state = if interrupted {
            State::Interrupted
        } else {
            self.job.finished_at = Some(rfc3339_now());
            self.job.finished_state()
        };
        let saved = self.save().await;
        // The renewal is over before the lease is given up: one still under way (it may take a
        // lapsed lease back) would otherwise land after the release and hold the job for a
        // lease, refusing its resume elsewhere.
        renewing.abort();
        let _ = renewing.await;
        // Given up even when the end was not saved: the job then reads INTERRUPTED, and a
        // resume reads again every item recorded as sent.
        self.jobs.store.release(&id, &self.jobs.replica).await;
        self.jobs.finished(&id);
        if saved {
            tracing::info!(job = %id, state = ?self.job.state, "caller ID job stopped");
        } else {
            tracing::error!(job = %id, state = ?self.job.state, "caller ID job stopped, its end unsaved: it reads INTERRUPTED");
        }
    }

    /// One pass of the engine over the items at `positions`; `false` when its PUTs were not
    /// sent because the store would not record them as sent.
    async fn batch(
        &mut self,
        positions: &[usize],
        read: &mut HashMap<String, Arc<model::CallerId>>,
    ) -> bool {
        let job = &self.job;
        let org = job.org_id.clone().map(ID);
        let path = |i: usize| {
            if job.by_location {
                "atLocation.set".to_owned()
            } else {
                format!("changes[{i}]")
            }
        };
        let changes: Vec<Result<write::Change, ApiError>> = positions
            .iter()
            .map(|&i| change(&path(i), &job.items[i], org.as_ref()))
            .collect();
        let options = Options {
            dry_run: job.dry_run,
            put_unchanged: false,
            mutation: "startCallerIdJob",
        };
        let loader = WebexLoader::new(
            self.jobs.client.clone(),
            self.caller.clone(),
            self.jobs.config.loaders.clone(),
        );
        // Settings read while listing the location are Webex as it is now: not read twice.
        let known: Option<Vec<Arc<model::CallerId>>> = positions
            .iter()
            .map(|&i| read.remove(&job.items[i].id))
            .collect();
        let mut batch = match (known, changes.iter().all(Result::is_ok)) {
            (Some(previous), true) => Batch::<CallerIdWrite>::read_already(
                changes.into_iter().flatten().zip(previous).collect(),
                options,
            ),
            _ => Batch::<CallerIdWrite>::read(&loader, changes, options).await,
        };
        batch.check(&loader).await;
        let sending = batch.sending();
        if !sending.is_empty() {
            let before: Vec<bool> = sending
                .iter()
                .map(|&at| std::mem::replace(&mut self.job.items[positions[at]].sent, true))
                .collect();
            if !self.save().await {
                // A PUT not recorded as sent could be sent again by a resume after a crash:
                // none leaves, and the job stops until the store takes its record.
                for (&at, was) in sending.iter().zip(before) {
                    self.job.items[positions[at]].sent = was;
                }
                return false;
            }
        }
        let outcomes = batch.apply(&loader).await;
        for (&i, outcome) in positions.iter().zip(outcomes) {
            settle(&mut self.job.items[i], outcome);
        }
        // Unsaved, the outcomes are saved with the next batch's; a crash before then leaves
        // the items recorded as sent, to be read again, not sent again.
        self.save().await;
        true
    }

    /// Lists the entities of `at`'s kinds at its location, reads their settings in one round,
    /// and makes an item of each whose selection `at` names.
    async fn list(
        &self,
        at: &AtLocation,
    ) -> Result<(Vec<Item>, HashMap<String, Arc<model::CallerId>>), ApiError> {
        let client = &self.jobs.client;
        let caller = &self.caller;
        let org = self.job.org_id.as_deref();
        let location = at.location_id.as_str();
        let max = self.jobs.config.max_items;
        let mut entities: Vec<(Kind, String)> = Vec::new();
        let wants = |kind: Kind| at.kinds.iter().any(|k| k == kind.graphql());
        if wants(Kind::Person) {
            let (mut offset, mut resume) = (0, None);
            loop {
                let window = client
                    .people_window(
                        caller,
                        org,
                        location,
                        None,
                        None,
                        offset,
                        LISTING_WINDOW,
                        resume.as_deref(),
                    )
                    .await?;
                offset += window.items.len();
                entities.extend(window.items.into_iter().map(|(_, p)| (Kind::Person, p.id)));
                if !window.has_more || entities.len() > max {
                    break;
                }
                resume = window.resume;
            }
        }
        if wants(Kind::Workspace) {
            let workspaces = client.workspaces_at(caller, org, location).await?;
            entities.extend(workspaces.into_iter().map(|w| (Kind::Workspace, w.id)));
        }
        if wants(Kind::VirtualLine) {
            let mut offset = 0;
            loop {
                let window = client
                    .virtual_lines_window(caller, org, location, offset, LISTING_WINDOW)
                    .await?;
                offset += window.items.len();
                entities.extend(
                    window
                        .items
                        .into_iter()
                        .map(|(_, v)| (Kind::VirtualLine, v.id)),
                );
                if !window.has_more || entities.len() > max {
                    break;
                }
            }
        }
        if entities.len() > max {
            return Err(ApiError::BadUserInput(format!(
                "the location has more than {max} entities of these kinds, the most one job takes (--job-max-items)"
            )));
        }
        let org = self.job.org_id.clone().map(Arc::from);
        let keys: Vec<CallerIdKey> = entities
            .iter()
            .map(|(kind, id)| CallerIdKey {
                org: org.clone(),
                of: *kind,
                id: Arc::from(id.as_str()),
            })
            .collect();
        let loader = WebexLoader::new(
            client.clone(),
            caller.clone(),
            self.jobs.config.loaders.clone(),
        );
        let found = loader.refresh::<CallerIds>(keys.clone()).await;
        let mut items = Vec::new();
        let mut read = HashMap::new();
        for ((_, id), key) in entities.into_iter().zip(keys) {
            let settings = match found.get(&key) {
                Some(Ok(settings)) => settings.clone(),
                // Read again, and refused or failed there, as an item of its own.
                _ => {
                    items.push(Item::new(id, Some(location.to_owned()), at.set.clone()));
                    continue;
                }
            };
            let selected = settings.selected.clone().unwrap_or_default();
            if at.where_selected.is_empty() || at.where_selected.contains(&selected) {
                read.insert(id.clone(), settings);
                items.push(Item::new(id, Some(location.to_owned()), at.set.clone()));
            }
        }
        Ok((items, read))
    }
}

/// An item's change, checked alone as `setCallerId` checks its input.
fn change(path: &str, item: &Item, org: Option<&ID>) -> Result<write::Change, ApiError> {
    let values = write::Values {
        selected: item
            .values
            .selected
            .as_deref()
            .map_or(CallerIdSelection::Unknown, CallerIdSelection::parse),
        custom_number: item.values.custom_number.clone(),
        policy: item.values.policy.as_deref().map(CallerIdNamePolicy::parse),
        custom_name: item.values.custom_name.clone(),
        block: item.values.block,
    };
    let mut change = write::Change::of(path, &ID(item.id.clone()), org, &values)?;
    change.target.location = item.location.clone().map(Arc::from);
    Ok(change)
}

/// Records an engine outcome in its item. A change already applied by a PUT whose answer was
/// lost (the item was sent) reads back unchanged: it is this job's change all the same.
fn settle(item: &mut Item, outcome: engine::Outcome<model::CallerId>) {
    let error = |item: &mut Item, e: &ApiError| {
        item.code = Some(e.code().to_owned());
        item.reason = e.reason().map(|r| r.code().to_owned());
        item.message = Some(e.message());
    };
    match outcome {
        engine::Outcome::Planned {
            previous,
            wanted,
            changed,
        } => {
            item.outcome = if changed {
                Outcome::WouldChange
            } else {
                Outcome::Unchanged
            };
            item.previous = Some((*previous).clone());
            item.caller_id = Some((*wanted).clone());
        }
        engine::Outcome::Written {
            previous,
            now,
            changed,
        } => {
            let ours = changed || item.sent;
            item.outcome = if ours {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            };
            // A resumed item keeps the settings from before its first PUT.
            if !(item.sent && !changed && item.previous.is_some()) {
                item.previous = Some((*previous).clone());
            }
            item.caller_id = Some((*now).clone());
            item.sent = false;
            item.code = None;
            item.reason = None;
            item.message = None;
        }
        engine::Outcome::Refused(e) => {
            item.outcome = Outcome::Refused;
            error(item, &e);
        }
        engine::Outcome::Failed(e) => {
            item.outcome = Outcome::Failed;
            item.sent = false;
            error(item, &e);
        }
        engine::Outcome::Unknown(e) => {
            // Still sent: the next run reads it before deciding.
            item.outcome = Outcome::Unknown;
            error(item, &e);
        }
    }
}

/// The kind of an item's entity.
pub(super) fn kind_of(id: &str) -> Option<Kind> {
    Kind::of_id(id).filter(|k| k.as_member().is_some())
}

/// The values as kept, from GraphQL's.
pub(super) fn values(
    selected: CallerIdSelection,
    custom_number: Option<String>,
    policy: Option<CallerIdNamePolicy>,
    custom_name: Option<String>,
    block: Option<bool>,
) -> Values {
    Values {
        selected: selected.wire().map(str::to_owned),
        custom_number,
        policy: policy.and_then(CallerIdNamePolicy::wire).map(str::to_owned),
        custom_name,
        block,
    }
}

/// Members a job by location may change.
pub(super) const MEMBERS: [Member; 3] = [Member::Person, Member::Workspace, Member::VirtualLine];
