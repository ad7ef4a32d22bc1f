//! Where jobs are kept: in this process, or in Redis, sealed for the token that started them
//! (item results hold names and numbers), with a lease the running replica renews and a cancel
//! flag any replica may raise. The token itself is never stored: a job names its owner by the
//! HMAC of the token, and only the token opens what Redis holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::AsyncCommands;

use super::record::Job;
use crate::webex::{BearerToken, Cache, TokenKeys};

/// The longest one Redis call of the job store may take. Jobs are not on a request's path, so
/// this is far above the cache's budget: a slow Redis delays a job, it does not lose its state.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// A store call that failed; the job keeps running in memory and saves again later.
#[derive(Debug, thiserror::Error)]
#[error("job store: {0}")]
pub(crate) struct StoreError(String);

/// Where jobs are kept.
#[derive(Debug)]
pub(crate) enum Store {
    Memory(Memory),
    Redis(Arc<Cache>),
}

/// Jobs of this process.
#[derive(Debug)]
pub(crate) struct Memory {
    /// Names tokens (an HMAC under a per-process secret): jobs die with the process anyway.
    secret: Vec<u8>,
    jobs: Mutex<HashMap<String, Kept>>,
}

#[derive(Debug)]
struct Kept {
    job: Job,
    /// Set once the job has finished: it is dropped after the keep time.
    expires: Option<Instant>,
    cancel: bool,
}

impl Store {
    /// In Redis when the cache is there (and shares its secret, so every replica names a token
    /// alike), else in this process.
    pub(crate) fn new(cache: Option<&Arc<Cache>>) -> Self {
        match cache {
            Some(cache) if cache.redis().is_some() => Store::Redis(cache.clone()),
            _ => Store::Memory(Memory {
                secret: (0..32).map(|_| fastrand::u8(..)).collect(),
                jobs: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Whether other replicas see these jobs.
    pub(crate) fn is_shared(&self) -> bool {
        matches!(self, Store::Redis(_))
    }

    /// The token's name and sealing keys.
    pub(crate) fn keys(&self, token: &BearerToken) -> TokenKeys {
        match self {
            Store::Memory(m) => TokenKeys::derive(&m.secret, token.expose()),
            Store::Redis(cache) => cache.token_keys(token),
        }
    }

    /// The job `id` if `keys`' token owns it; `None` for an unknown id and for another token's
    /// job alike.
    pub(crate) async fn load(&self, id: &str, keys: &TokenKeys) -> Result<Option<Job>, StoreError> {
        match self {
            Store::Memory(m) => {
                let mut jobs = lock(&m.jobs);
                jobs.retain(|_, k| k.expires.is_none_or(|at| at > Instant::now()));
                Ok(jobs
                    .get(id)
                    .filter(|k| k.job.owner == keys.id)
                    .map(|k| k.job.clone()))
            }
            Store::Redis(cache) => {
                let key = job_key(id);
                let sealed: Option<Vec<u8>> = redis_call(cache, |mut c| {
                    let key = key.clone();
                    async move { c.get(key).await }
                })
                .await?;
                let Some(plain) = sealed.and_then(|s| keys.open(key.as_bytes(), &s)) else {
                    return Ok(None);
                };
                let job: Job = serde_json::from_slice(&plain)
                    .map_err(|e| StoreError(format!("unreadable job {id}: {e}")))?;
                Ok((job.owner == keys.id).then_some(job))
            }
        }
    }

    /// Saves `job` (its version bumped), kept for `keep` once it has finished.
    pub(crate) async fn save(
        &self,
        job: &mut Job,
        keys: &TokenKeys,
        keep: Duration,
    ) -> Result<(), StoreError> {
        job.version += 1;
        match self {
            Store::Memory(m) => {
                let mut jobs = lock(&m.jobs);
                let expires = (!job.state.is_live()).then(|| Instant::now() + keep);
                let cancel = jobs.get(&job.id).is_some_and(|k| k.cancel);
                jobs.insert(
                    job.id.clone(),
                    Kept {
                        job: job.clone(),
                        expires,
                        cancel,
                    },
                );
                Ok(())
            }
            Store::Redis(cache) => {
                let key = job_key(&job.id);
                let plain = serde_json::to_vec(job)
                    .map_err(|e| StoreError(format!("job {} not serialisable: {e}", job.id)))?;
                let sealed = keys
                    .seal(key.as_bytes(), &plain)
                    .ok_or_else(|| StoreError("sealing failed".into()))?;
                let ms = keep.as_millis().max(1) as u64;
                redis_call(cache, |mut c| async move {
                    c.pset_ex::<_, _, ()>(key, sealed, ms).await
                })
                .await
            }
        }
    }

    /// Takes the job's lease for `replica` unless another replica holds it.
    pub(crate) async fn lease(
        &self,
        id: &str,
        replica: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let Store::Redis(cache) = self else {
            return Ok(true);
        };
        let (key, replica) = (lease_key(id), replica.to_owned());
        let ms = ttl.as_millis().max(1) as u64;
        let taken: Option<String> = redis_call(cache, |mut c| async move {
            redis::cmd("SET")
                .arg(key)
                .arg(replica)
                .arg("NX")
                .arg("PX")
                .arg(ms)
                .query_async(&mut c)
                .await
        })
        .await?;
        Ok(taken.is_some())
    }

    /// Extends `replica`'s lease, taking it back if it lapsed unclaimed; `false` when another
    /// replica holds it.
    pub(crate) async fn renew(
        &self,
        id: &str,
        replica: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let Store::Redis(cache) = self else {
            return Ok(true);
        };
        let (key, replica) = (lease_key(id), replica.to_owned());
        let ms = ttl.as_millis().max(1) as u64;
        // A lease that lapsed while nobody took it (a renewal came late on a busy machine) is
        // taken back: only another replica holding it means the job is lost here. A resume
        // elsewhere takes the lease with SET NX first, so two replicas never both hold it.
        let script = redis::Script::new(
            "local holder = redis.call('GET', KEYS[1]) \
             if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) \
             elseif holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 \
             else return 0 end",
        );
        let renewed: i64 = redis_call(cache, |mut c| async move {
            script
                .key(key)
                .arg(replica)
                .arg(ms)
                .invoke_async(&mut c)
                .await
        })
        .await?;
        Ok(renewed == 1)
    }

    /// Gives the lease up (only `replica`'s own).
    pub(crate) async fn release(&self, id: &str, replica: &str) {
        let Store::Redis(cache) = self else {
            return;
        };
        let (key, replica) = (lease_key(id), replica.to_owned());
        let script = redis::Script::new(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then \
               return redis.call('DEL', KEYS[1]) else return 0 end",
        );
        let released: Result<i64, _> = redis_call(cache, |mut c| async move {
            script.key(key).arg(replica).invoke_async(&mut c).await
        })
        .await;
        if let Err(e) = released {
            // The lease lapses by itself.
            tracing::warn!(job = id, error = %e, "could not release a job's lease");
        }
    }

    /// Whether any replica holds the job's lease.
    pub(crate) async fn leased(&self, id: &str) -> Result<bool, StoreError> {
        let Store::Redis(cache) = self else {
            return Ok(false);
        };
        let key = lease_key(id);
        redis_call(cache, |mut c| async move { c.exists(key).await }).await
    }

    /// Asks the replica running the job to stop after the items in flight.
    pub(crate) async fn request_cancel(&self, id: &str, keep: Duration) -> Result<(), StoreError> {
        match self {
            Store::Memory(m) => {
                if let Some(k) = lock(&m.jobs).get_mut(id) {
                    k.cancel = true;
                }
                Ok(())
            }
            Store::Redis(cache) => {
                let key = cancel_key(id);
                let ms = keep.as_millis().max(1) as u64;
                redis_call(cache, |mut c| async move {
                    c.pset_ex::<_, _, ()>(key, 1, ms).await
                })
                .await
            }
        }
    }

    /// Whether a cancel was asked for.
    pub(crate) async fn cancel_requested(&self, id: &str) -> Result<bool, StoreError> {
        match self {
            Store::Memory(m) => Ok(lock(&m.jobs).get(id).is_some_and(|k| k.cancel)),
            Store::Redis(cache) => {
                let key = cancel_key(id);
                redis_call(cache, |mut c| async move { c.exists(key).await }).await
            }
        }
    }
}

fn job_key(id: &str) -> String {
    format!("callerid:v1:job:{id}")
}

fn lease_key(id: &str) -> String {
    format!("callerid:v1:job:{id}:lease")
}

fn cancel_key(id: &str) -> String {
    format!("callerid:v1:job:{id}:cancel")
}

/// One Redis call of the job store, bounded.
async fn redis_call<T, F, Fut>(cache: &Cache, call: F) -> Result<T, StoreError>
where
    F: FnOnce(redis::aio::ConnectionManager) -> Fut,
    Fut: Future<Output = redis::RedisResult<T>>,
{
    let Some(redis) = cache.redis() else {
        return Err(StoreError("no Redis".into()));
    };
    match tokio::time::timeout(REDIS_TIMEOUT, call(redis.patient.clone())).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(StoreError(e.to_string())),
        Err(_) => Err(StoreError(format!(
            "no answer within {} ms",
            REDIS_TIMEOUT.as_millis()
        ))),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
