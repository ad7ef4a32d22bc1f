//! The write engine: every change to Webex (`setCallerId`, `setEmergencyCallback`, and a job's
//! many) goes through [`run`], in phases over a slice of changes:
//!
//! 1. **input**: each change was checked alone by its mutation, with its own path in the
//!    messages (`input.customNumber`, `changes[3].customNumber`); a bad one is refused here;
//! 2. **read**: every entity's current settings, in one concurrent round through the loader,
//!    past every cache (a write decides on Webex as it is now);
//! 3. **allowed**: the change against those settings (pure);
//! 4. **candidates**: the number or member against what Webex offers the entity, grouped where
//!    one call serves many ([`Setting::check`]); a refusal explains itself (`refusal.rs`);
//! 5. **PUT**: with Webex's body, under the token's budget; a PUT without an answer leaves the
//!    change's outcome unknown rather than failed;
//! 6. **retire**: the cache entries of every entity written to, in one batch, for every token and
//!    replica, before the read-back;
//! 7. **read back**: in one concurrent round, recorded in the loader so the same answer shows
//!    the new settings; then a log line per change and the mutation metric.
//!
//! Each change gets its own [`Outcome`]; one change never fails another. A dry run stops after
//! phase 4 and answers the settings as they would be.

pub(crate) mod caller_id;
pub(crate) mod emergency;
mod refusal;

use std::sync::Arc;

use futures::future::BoxFuture;

use super::error::{ApiError, code};
use super::loaders::{Registered, Resource, WebexLoader};
use super::resources::location::Location;
use super::resources::summary::OwnerSummary;
use super::resources::target::{Target, locate};
use super::types::node::Node;
use crate::kind::Kind;
use crate::webex::{self, Written};

/// A kind of setting the engine writes: how to read it, check a change to it, and write it.
pub(crate) trait Setting: Sized + Send + Sync + 'static {
    /// The settings' loader resource: its fresh read and read-back.
    type Resource: Registered<Value = Self::Record>;
    /// The settings as Webex reads them.
    type Record: Clone + Send + Sync + 'static;
    /// One change, checked alone.
    type Change: Send + Sync + 'static;
    /// What the settings are called in messages ("caller ID settings").
    const WHAT: &'static str;
    /// The GraphQL field that reads them ("callerId"), named when an outcome is unknown.
    const FIELD: &'static str;

    fn target(change: &Self::Change) -> &Target;
    fn key(target: &Target) -> <Self::Resource as Resource>::Key;

    /// The change against the entity's current settings, without a call.
    fn allows(change: &Self::Change, previous: &Self::Record) -> Result<(), ApiError>;

    /// The changes' numbers or members against what Webex offers each entity: one result per
    /// change, in order (`Ok` for a change that chooses none). A check may record what it
    /// learnt in the change (its location, the chosen member's details).
    fn check<'a>(
        loader: &'a WebexLoader,
        changes: Vec<(&'a mut Self::Change, &'a Self::Record)>,
    ) -> BoxFuture<'a, Vec<Result<(), ApiError>>>;

    /// `previous` with the change applied: what a dry run answers.
    fn applied(change: &Self::Change, previous: &Self::Record) -> Self::Record;

    /// Whether `after` differs from `before` in what a change can set.
    fn differs(before: &Self::Record, after: &Self::Record) -> bool;

    /// Sends the change.
    fn put<'a>(
        loader: &'a WebexLoader,
        change: &'a Self::Change,
    ) -> BoxFuture<'a, Result<Written, webex::Error>>;

    /// The log line of a change Webex accepted, by `mutation` (`setCallerId`, a job's
    /// `startCallerIdJob`).
    fn log(
        mutation: &'static str,
        change: &Self::Change,
        before: &Self::Record,
        after: &Self::Record,
        tracking_id: &str,
    );
}

/// How a run goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Run every check and send nothing.
    pub(crate) dry_run: bool,
    /// Send the PUT even when it would change nothing (`setCallerId` always has: a write is a
    /// write). A job sends none for those.
    pub(crate) put_unchanged: bool,
    /// The mutation the metric counts the outcomes under.
    pub(crate) mutation: &'static str,
}

/// What became of one change.
#[derive(Debug)]
pub(crate) enum Outcome<R> {
    /// A dry run: every check passed; the settings as they are and as they would be.
    Planned {
        previous: Arc<R>,
        wanted: Arc<R>,
        changed: bool,
    },
    /// Written and read back, or nothing to write.
    Written {
        previous: Arc<R>,
        now: Arc<R>,
        changed: bool,
    },
    /// A check refused it before any PUT, or Webex refused the PUT (a 4xx).
    Refused(ApiError),
    /// A call failed; nothing is known to have changed.
    Failed(ApiError),
    /// The PUT got no answer: the change may or may not have been applied.
    Unknown(ApiError),
}

impl<R> Outcome<R> {
    /// Its label in `callerid_mutations_total`.
    fn label(&self) -> &'static str {
        match self {
            Outcome::Planned { .. } => "dry_run",
            Outcome::Written { changed: true, .. } => "changed",
            Outcome::Written { .. } => "unchanged",
            Outcome::Refused(e) | Outcome::Failed(e) | Outcome::Unknown(e) => e.code(),
        }
    }
}

/// A failure before any PUT: the caller's doing (refused) or an upstream failure (failed).
fn settle<R>(e: ApiError) -> Outcome<R> {
    match e.code() {
        code::BAD_USER_INPUT
        | code::NUMBER_NOT_AVAILABLE
        | code::FORBIDDEN
        | code::NOT_FOUND
        | code::UNAUTHENTICATED => Outcome::Refused(e),
        _ => Outcome::Failed(e),
    }
}

/// One change on its way through the phases.
struct Open<S: Setting> {
    at: usize,
    change: S::Change,
    previous: Arc<S::Record>,
}

/// Changes on their way through the phases: the outcomes settled so far, the changes still
/// open, and (after [`check`](Self::check)) those a PUT will be sent for. [`run`] takes a batch
/// through every phase at once; a job stops between `check` and `apply` to record which PUTs
/// are about to leave.
pub(crate) struct Batch<S: Setting> {
    outcomes: Vec<Option<Outcome<S::Record>>>,
    open: Vec<Open<S>>,
    to_send: Vec<Open<S>>,
    options: Options,
}

/// Runs `changes` through every phase; one outcome per change, in order.
pub(crate) async fn run<S: Setting>(
    loader: &WebexLoader,
    changes: Vec<Result<S::Change, ApiError>>,
    options: Options,
) -> Vec<Outcome<S::Record>> {
    let mut batch = Batch::<S>::read(loader, changes, options).await;
    batch.check(loader).await;
    batch.apply(loader).await
}

impl<S: Setting> Batch<S> {
    /// Input and read: the changes refused alone are settled, the others' current settings read
    /// in one round.
    pub(crate) async fn read(
        loader: &WebexLoader,
        changes: Vec<Result<S::Change, ApiError>>,
        options: Options,
    ) -> Self {
        let mut outcomes: Vec<Option<Outcome<S::Record>>> = Vec::with_capacity(changes.len());
        let mut valid = Vec::new();
        for (at, change) in changes.into_iter().enumerate() {
            match change {
                Ok(change) => {
                    outcomes.push(None);
                    valid.push((at, change));
                }
                Err(e) => outcomes.push(Some(Outcome::Refused(e))),
            }
        }
        let keys = valid.iter().map(|(_, c)| S::key(S::target(c))).collect();
        let found = loader.refresh::<S::Resource>(keys).await;
        let mut open: Vec<Open<S>> = Vec::with_capacity(valid.len());
        for (at, change) in valid {
            let target = S::target(&change);
            match found.get(&S::key(target)) {
                Some(Ok(previous)) => open.push(Open {
                    at,
                    change,
                    previous: previous.clone(),
                }),
                Some(Err(e)) => outcomes[at] = Some(settle(e.clone().into())),
                None => {
                    outcomes[at] = Some(Outcome::Refused(ApiError::NotFound(format!(
                        "{} of this {} not found",
                        S::WHAT,
                        target.of.noun()
                    ))));
                }
            }
        }
        Self {
            outcomes,
            open,
            to_send: Vec::new(),
            options,
        }
    }

    /// Changes whose current settings were read just before (a job that selects entities by
    /// their settings): the read phase is done.
    pub(crate) fn read_already(
        changes: Vec<(S::Change, Arc<S::Record>)>,
        options: Options,
    ) -> Self {
        Self {
            outcomes: changes.iter().map(|_| None).collect(),
            open: changes
                .into_iter()
                .enumerate()
                .map(|(at, (change, previous))| Open {
                    at,
                    change,
                    previous,
                })
                .collect(),
            to_send: Vec::new(),
            options,
        }
    }

    /// Allowed, then the candidates, grouped; then what each would be. A dry run ends here, and
    /// so does a change that changes nothing when such changes are not sent.
    pub(crate) async fn check(&mut self, loader: &WebexLoader) {
        let outcomes = &mut self.outcomes;
        let mut open = std::mem::take(&mut self.open);
        open.retain(|item| match S::allows(&item.change, &item.previous) {
            Ok(()) => true,
            Err(e) => {
                outcomes[item.at] = Some(Outcome::Refused(e));
                false
            }
        });
        let checked = S::check(
            loader,
            open.iter_mut()
                .map(|item| (&mut item.change, item.previous.as_ref()))
                .collect(),
        )
        .await;
        for (item, result) in open.into_iter().zip(checked) {
            if let Err(e) = result {
                self.outcomes[item.at] = Some(settle(e));
                continue;
            }
            let wanted = Arc::new(S::applied(&item.change, &item.previous));
            let changed = S::differs(&item.previous, &wanted);
            if self.options.dry_run {
                self.outcomes[item.at] = Some(Outcome::Planned {
                    previous: item.previous,
                    wanted,
                    changed,
                });
            } else if !changed && !self.options.put_unchanged {
                self.outcomes[item.at] = Some(Outcome::Written {
                    now: item.previous.clone(),
                    previous: item.previous,
                    changed: false,
                });
            } else {
                self.to_send.push(item);
            }
        }
    }

    /// The positions (in the order given) of the changes a PUT is about to be sent for.
    pub(crate) fn sending(&self) -> Vec<usize> {
        self.to_send.iter().map(|item| item.at).collect()
    }

    /// PUT, retire, read back; then every outcome, in order, counted in the mutation metric.
    pub(crate) async fn apply(mut self, loader: &WebexLoader) -> Vec<Outcome<S::Record>> {
        let to_send = std::mem::take(&mut self.to_send);
        // Built before the stream: a closure over the items' borrows would not be `Send` for
        // every lifetime the resolver's future needs.
        let puts: Vec<BoxFuture<'_, Result<Written, webex::Error>>> = to_send
            .iter()
            .map(|item| S::put(loader, &item.change))
            .collect();
        // All at once: the token's adaptive limit in the client (and, with Redis, the fleet's
        // budget) sets the pace, not a bound of ours.
        let sent: Vec<Result<Written, webex::Error>> = futures::future::join_all(puts).await;

        // Retire what every PUT may have touched, answered or not, before reading back.
        let mut targets: Vec<Target> = to_send
            .iter()
            .map(|item| S::target(&item.change).clone())
            .collect();
        retire(loader, &mut targets).await;

        let keys = to_send
            .iter()
            .zip(&sent)
            .filter(|(_, put)| put.is_ok())
            .map(|(item, _)| S::key(S::target(&item.change)))
            .collect();
        let now = loader.refresh::<S::Resource>(keys).await;
        for (item, put) in to_send.into_iter().zip(sent) {
            let target = S::target(&item.change);
            let outcome = match put {
                Err(e @ (webex::Error::Timeout { .. } | webex::Error::Transport { .. })) => {
                    Outcome::Unknown(ApiError::upstream_with(
                        e,
                        &format!(
                            "the change may or may not have been applied (no answer from Webex); read {} before trying again",
                            S::FIELD
                        ),
                    ))
                }
                Err(e) => settle(e.into()),
                Ok(written) => match now.get(&S::key(target)) {
                    Some(Ok(after)) => {
                        S::log(
                            self.options.mutation,
                            &item.change,
                            &item.previous,
                            after,
                            &written.tracking_id,
                        );
                        Outcome::Written {
                            changed: S::differs(&item.previous, after),
                            previous: item.previous,
                            now: after.clone(),
                        }
                    }
                    Some(Err(e)) => Outcome::Failed(ApiError::from(e.clone()).context(&format!(
                        "Webex accepted the change (trackingId {}) but reading it back failed",
                        written.tracking_id
                    ))),
                    None => Outcome::Failed(ApiError::NotFound(format!(
                        "Webex accepted the change (trackingId {}) but no longer finds the {}",
                        written.tracking_id,
                        target.of.noun()
                    ))),
                },
            };
            self.outcomes[item.at] = Some(outcome);
        }

        let options = self.options;
        let outcomes: Vec<Outcome<S::Record>> = self
            .outcomes
            .into_iter()
            .map(|o| {
                o.unwrap_or_else(|| {
                    Outcome::Failed(ApiError::Internal(
                        "a change left the engine unsettled".into(),
                    ))
                })
            })
            .collect();
        for outcome in &outcomes {
            metrics::counter!(
                "callerid_mutations_total",
                "mutation" => options.mutation,
                "outcome" => outcome.label(),
                "dry_run" => if options.dry_run { "true" } else { "false" },
            )
            .increment(1);
        }
        outcomes
    }
}

/// The one outcome of a one-item write, as its mutation answers it: the settings before and
/// after and whether they differ, or the error that stopped it.
pub(crate) fn one<R>(outcome: Option<Outcome<R>>) -> Result<(Arc<R>, Arc<R>, bool), ApiError> {
    match outcome {
        Some(Outcome::Planned {
            previous,
            wanted,
            changed,
        }) => Ok((previous, wanted, changed)),
        Some(Outcome::Written {
            previous,
            now,
            changed,
            ..
        }) => Ok((previous, now, changed)),
        Some(Outcome::Refused(e) | Outcome::Failed(e) | Outcome::Unknown(e)) => Err(e),
        None => Err(ApiError::Internal("a write answered no outcome".into())),
    }
}

/// The entity as a `Node`, without another call: its settings were just read, so it exists.
pub(crate) fn owner(t: &Target) -> Option<Node> {
    if t.of == Kind::Location {
        return Some(Node::Location(Location::new(
            t.id.clone(),
            None,
            t.org.clone(),
        )));
    }
    Node::of_member(OwnerSummary::bare(
        t.id.to_string(),
        t.of,
        t.org.clone(),
        t.location.clone().unwrap_or_else(|| Arc::from("")),
    ))
}

/// Retires, for every token and replica, the cached answers about `targets` and their locations'
/// number lists, in one batch. A location that cannot be found leaves only the entity's retired.
async fn retire(loader: &WebexLoader, targets: &mut [Target]) {
    if targets.is_empty() || loader.client().cache().is_none() {
        return;
    }
    let mut refs: Vec<&mut Target> = targets.iter_mut().collect();
    // Errors only cost the location's scope; the entity's is retired regardless.
    let _ = locate(loader, &mut refs).await;
    let entities: Vec<&str> = targets.iter().map(|t| t.id.as_ref()).collect();
    let locations: Vec<&str> = targets
        .iter()
        .filter_map(|t| t.location.as_deref())
        .collect();
    loader.client().retire(&entities, &locations).await;
}
