//! Caller ID jobs: many changes at once, planned by a dry run, run after the HTTP answer through
//! the write engine at the token's pace, followed live, and resumable on any replica.
//!
//! A job belongs to the token that started it: it is filed under the token's HMAC and, in
//! Redis, sealed with a key only that token opens; the token itself lives only in the memory of
//! the replica running the job. That replica holds a lease it renews; when the lease lapses (the
//! replica died) every replica reads the job as `INTERRUPTED`, and `resumeCallerIdJob` with the
//! same token continues it anywhere. On SIGTERM the running jobs finish the items in flight and
//! are left `INTERRUPTED`.

mod record;
mod runner;
pub(crate) mod schema;
mod store;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;

use self::record::{Job, State, rfc3339_now};
use self::runner::Run;
use self::store::Store;
use super::error::ApiError;
use super::loaders::LoaderConfig;
use crate::webex::{BearerToken, Caller, Client, TokenKeys};

/// What every job id starts with: they are not Webex ids, and `node(id:)` tells them apart.
pub(crate) const JOB_ID_PREFIX: &str = "CallerIdJob-";

/// Job limits and timing, from the command line.
#[derive(Debug, Clone)]
pub struct JobConfig {
    /// Items one job takes at most (its changes, or the entities its location selects).
    pub max_items: usize,
    /// Jobs one token may run at once on one replica.
    pub max_running: usize,
    /// How long a finished job is kept.
    pub keep: Duration,
    /// How long a running job's lease lasts without renewal (renewed every third of it).
    pub lease: Duration,
    /// The loaders each engine pass uses.
    pub loaders: LoaderConfig,
}

impl JobConfig {
    /// The defaults, one home for the command line's and `Default`'s.
    pub const DEFAULT_MAX_ITEMS: usize = 10_000;
    pub const DEFAULT_MAX_RUNNING: usize = 2;
    pub const DEFAULT_KEEP_SECS: u64 = 24 * 3600;
    pub const DEFAULT_LEASE_SECS: u64 = 15;
}

impl Default for JobConfig {
    fn default() -> Self {
        Self {
            max_items: Self::DEFAULT_MAX_ITEMS,
            max_running: Self::DEFAULT_MAX_RUNNING,
            keep: Duration::from_secs(Self::DEFAULT_KEEP_SECS),
            lease: Duration::from_secs(Self::DEFAULT_LEASE_SECS),
            loaders: LoaderConfig::default(),
        }
    }
}

/// The jobs of this replica, and the store every replica shares.
pub struct Jobs {
    client: Client,
    store: Store,
    config: JobConfig,
    /// This replica's name on the leases it holds.
    replica: String,
    running: Mutex<HashMap<String, Running>>,
    draining: AtomicBool,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field("replica", &self.replica)
            .field("shared", &self.store.is_shared())
            .finish_non_exhaustive()
    }
}

/// A job this replica runs.
struct Running {
    owner: String,
    cancel: Arc<AtomicBool>,
    task: Option<JoinHandle<()>>,
}

/// A new job's input, checked.
pub(crate) struct Spec {
    pub(crate) dry_run: bool,
    pub(crate) client_mutation_id: Option<String>,
    pub(crate) org_id: Option<String>,
    pub(crate) items: Vec<record::Item>,
    pub(crate) at_location: Option<record::AtLocation>,
}

impl Jobs {
    /// Jobs on `client`'s upstream, kept in Redis when its cache is there.
    pub fn new(client: Client, config: JobConfig) -> Arc<Self> {
        let store = Store::new(client.cache());
        Arc::new(Self {
            client,
            store,
            config,
            replica: random_id(),
            running: Mutex::new(HashMap::new()),
            draining: AtomicBool::new(false),
        })
    }

    fn keys(&self, token: &BearerToken) -> TokenKeys {
        self.store.keys(token)
    }

    /// Starts a job for `token`: saved, then run in the background.
    pub(crate) async fn start(
        self: &Arc<Self>,
        token: &BearerToken,
        spec: Spec,
    ) -> Result<Job, ApiError> {
        if self.draining.load(Ordering::Relaxed) {
            return Err(unavailable(
                "this replica is shutting down; start the job again",
            ));
        }
        let keys = self.keys(token);
        self.check_running(&keys)?;
        let id = format!("{JOB_ID_PREFIX}{}", random_id());
        let job = Job {
            id: id.clone(),
            owner: keys.id.clone(),
            state: State::Queued,
            dry_run: spec.dry_run,
            client_mutation_id: spec.client_mutation_id,
            org_id: spec.org_id,
            created_at: rfc3339_now(),
            finished_at: None,
            by_location: spec.at_location.is_some(),
            at_location: spec.at_location,
            message: None,
            items: spec.items,
            version: 0,
            cancel_requested: false,
        };
        self.launch(job, token, keys).await
    }

    /// Takes the lease, saves the job and runs it; answers the job as saved.
    async fn launch(
        self: &Arc<Self>,
        mut job: Job,
        token: &BearerToken,
        keys: TokenKeys,
    ) -> Result<Job, ApiError> {
        let taken = self
            .store
            .lease(&job.id, &self.replica, self.config.lease)
            .await
            .map_err(|e| unavailable(&e.to_string()))?;
        if !taken {
            return Err(ApiError::BadUserInput(format!(
                "job {} is running on another replica",
                job.id
            )));
        }
        self.store
            .save(&mut job, &keys, self.config.keep)
            .await
            .map_err(|e| unavailable(&e.to_string()))?;
        let cancel = Arc::new(AtomicBool::new(false));
        lock(&self.running).insert(
            job.id.clone(),
            Running {
                owner: keys.id.clone(),
                cancel: cancel.clone(),
                task: None,
            },
        );
        let run = Run {
            jobs: self.clone(),
            job: job.clone(),
            caller: Caller {
                token: token.clone(),
                // A job is bounded by the token's budget, not by a request's deadline.
                deadline: None,
                meter: None,
                trace: None,
                fresh: true,
            },
            keys,
            cancel,
        };
        let id = job.id.clone();
        let task = tokio::spawn(run.go());
        if let Some(running) = lock(&self.running).get_mut(&id) {
            running.task = Some(task);
        }
        Ok(job)
    }

    /// Refuses a start past the token's running jobs.
    fn check_running(&self, keys: &TokenKeys) -> Result<(), ApiError> {
        let running = lock(&self.running)
            .values()
            .filter(|r| r.owner == keys.id)
            .count();
        if running >= self.config.max_running {
            return Err(ApiError::BadUserInput(format!(
                "this token already runs {running} jobs, the most it may at once (--job-max-running); wait for one to finish or cancel one"
            )));
        }
        Ok(())
    }

    /// The job as `token` may see it; `NOT_FOUND` for an unknown id and for another token's job
    /// alike. A job whose replica stopped holding it reads as `INTERRUPTED`.
    pub(crate) async fn get(&self, token: &BearerToken, id: &str) -> Result<Job, ApiError> {
        let keys = self.keys(token);
        let load = || async {
            self.store
                .load(id, &keys)
                .await
                .map_err(|e| unavailable(&e.to_string()))?
                .ok_or_else(|| not_found(id))
        };
        let job = load().await?;
        if !job.state.is_live() || lock(&self.running).contains_key(id) {
            return Ok(job);
        }
        if self.store.leased(id).await.unwrap_or(true) {
            return Ok(job);
        }
        // No lease: the job's replica died, or it just finished, saving its end and then
        // giving the lease up. Read again: only a job still live with no lease is interrupted.
        let mut job = load().await?;
        if job.state.is_live() {
            job.state = State::Interrupted;
        }
        Ok(job)
    }

    /// Continues an interrupted job, or retries the failed items of a finished one, here.
    pub(crate) async fn resume(
        self: &Arc<Self>,
        token: &BearerToken,
        id: &str,
    ) -> Result<Job, ApiError> {
        let mut job = self.get(token, id).await?;
        if job.state.is_live() {
            return Err(ApiError::BadUserInput(format!(
                "job {id} is {:?}: it is running",
                job.state
            )));
        }
        if !job.state.is_resumable() {
            return Err(ApiError::BadUserInput(format!(
                "job {id} is {}: only an INTERRUPTED, PARTIAL or FAILED job resumes",
                job.state.name()
            )));
        }
        let keys = self.keys(token);
        self.check_running(&keys)?;
        job.state = State::Queued;
        job.finished_at = None;
        job.message = None;
        self.launch(job, token, keys).await
    }

    /// Stops a job after the items in flight; a job no replica runs stops at once.
    pub(crate) async fn cancel(&self, token: &BearerToken, id: &str) -> Result<Job, ApiError> {
        let mut job = self.get(token, id).await?;
        let keys = self.keys(token);
        if let Some(running) = lock(&self.running).get(id) {
            running.cancel.store(true, Ordering::Relaxed);
            return Ok(job);
        }
        match job.state {
            State::Running | State::Queued => {
                self.store
                    .request_cancel(id, self.config.keep)
                    .await
                    .map_err(|e| unavailable(&e.to_string()))?;
            }
            State::Interrupted => {
                job.cancel_requested = true;
                job.state = State::Cancelled;
                job.finished_at = Some(rfc3339_now());
                self.store
                    .save(&mut job, &keys, self.config.keep)
                    .await
                    .map_err(|e| unavailable(&e.to_string()))?;
            }
            // Finished: nothing to stop.
            _ => {}
        }
        Ok(job)
    }

    /// Stops taking jobs and lets the running ones finish the items in flight; they are left
    /// `INTERRUPTED`, for a resume on another replica.
    pub async fn drain(&self) {
        self.draining.store(true, Ordering::Relaxed);
        let tasks: Vec<JoinHandle<()>> = lock(&self.running)
            .values_mut()
            .filter_map(|r| r.task.take())
            .collect();
        for task in tasks {
            let _ = task.await;
        }
    }

    /// Keeps the lease of a running job alive until aborted; raises `lost` if another replica
    /// took it (ours lapsed): the job must then stop, as someone else may be running it.
    fn renew_lease(self: &Arc<Self>, id: &str, lost: Arc<AtomicBool>) -> JoinHandle<()> {
        let (jobs, id) = (self.clone(), id.to_owned());
        tokio::spawn(async move {
            let every = jobs.config.lease / 3;
            loop {
                tokio::time::sleep(every).await;
                match jobs
                    .store
                    .renew(&id, &jobs.replica, jobs.config.lease)
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job = %id, "lost a job's lease; stopping it here");
                        lost.store(true, Ordering::Relaxed);
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(job = %id, error = %e, "could not renew a job's lease")
                    }
                }
            }
        })
    }

    fn finished(&self, id: &str) {
        lock(&self.running).remove(id);
    }

    pub(crate) fn config(&self) -> &JobConfig {
        &self.config
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no job {id} for this token"))
}

fn unavailable(why: &str) -> ApiError {
    ApiError::Internal(format!("jobs unavailable: {why}"))
}

/// 128 random bits from the OS, as hex.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness is no reason to fail a job; this is still 128 bits, if weaker.
        bytes = std::array::from_fn(|_| fastrand::u8(..));
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
