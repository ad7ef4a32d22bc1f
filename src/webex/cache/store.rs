//! The two places the cache keeps answers: this process (moka, bounded by bytes, entries retired
//! by predicate) and Redis (sealed values with their TTL, scopes retired by generation). Every
//! Redis call is bounded; its failures are misses, counted, and reported as degradation, and for
//! half a second after one no call is tried, so a dead Redis costs a request nothing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Entry, Slot, Ttls};

#[derive(Debug)]
pub(super) enum Store {
    Local(Local),
    Redis(Redis),
}

impl Store {
    /// The scope's generation; `None` when Redis cannot say, and then the entry must be neither
    /// read nor written: a guess could serve what a write retired.
    pub(super) async fn generation(&self, scope: &str) -> Option<u64> {
        match self {
            // Local entries are retired by predicate; their generation never moves.
            Store::Local(_) => Some(0),
            Store::Redis(r) => {
                let key = format!("callerid:v1:gen:{scope}");
                let mut conn = r.conn.clone();
                r.call("get", async move { conn.get::<_, Option<u64>>(key).await })
                    .await
                    .map(|g| g.unwrap_or(0))
            }
        }
    }

    pub(super) async fn get(&self, slot: &Slot) -> Option<Entry> {
        match self {
            Store::Local(l) => {
                let bytes = l.cache.get(&slot.key).await?;
                Entry::decode(&bytes.1)
            }
            Store::Redis(r) => {
                let mut conn = r.conn.clone();
                let key = slot.key.clone();
                let sealed = r
                    .call(
                        "get",
                        async move { conn.get::<_, Option<Vec<u8>>>(key).await },
                    )
                    .await??;
                let plain = slot.keys.open(slot.key.as_bytes(), &sealed);
                if plain.is_none() {
                    metrics::counter!("callerid_cache_unreadable_total").increment(1);
                }
                Entry::decode(&plain?)
            }
        }
    }

    pub(super) async fn put(&self, slot: &Slot, ttl: Duration, entry: &Entry) {
        match self {
            Store::Local(l) => {
                l.cache
                    .insert(slot.key.clone(), std::sync::Arc::new((ttl, entry.encode())))
                    .await;
            }
            Store::Redis(r) => {
                let Some(sealed) = slot.keys.seal(slot.key.as_bytes(), &entry.encode()) else {
                    return;
                };
                let mut conn = r.conn.clone();
                let key = slot.key.clone();
                let ms = ttl.as_millis().max(1) as u64;
                r.call("set", async move {
                    conn.pset_ex::<_, _, ()>(key, sealed, ms).await
                })
                .await;
            }
        }
    }

    /// Retires every entry of `scopes` at once: one predicate pass here, one pipelined round
    /// trip to Redis.
    pub(super) async fn bump(&self, scopes: &[String]) {
        if scopes.is_empty() {
            return;
        }
        match self {
            Store::Local(l) => {
                let tags: Vec<String> = scopes.iter().map(|s| format!(":s{s}:")).collect();
                // Cannot fail: invalidation closures are enabled when the cache is built.
                let _ = l
                    .cache
                    .invalidate_entries_if(move |k, _| tags.iter().any(|t| k.contains(t)));
            }
            Store::Redis(r) => {
                let mut conn = r.conn.clone();
                let mut pipe = redis::pipe();
                for scope in scopes {
                    pipe.incr(format!("callerid:v1:gen:{scope}"), 1).ignore();
                }
                r.call(
                    "incr",
                    async move { pipe.query_async::<()>(&mut conn).await },
                )
                .await;
            }
        }
    }
}

/// The in-process store: encoded entries with their TTL, weighed by their bytes.
pub(crate) struct Local {
    cache: moka::future::Cache<String, std::sync::Arc<(Duration, Vec<u8>)>>,
}

impl std::fmt::Debug for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Local").finish_non_exhaustive()
    }
}

struct ByEntry;

impl moka::Expiry<String, std::sync::Arc<(Duration, Vec<u8>)>> for ByEntry {
    fn expire_after_create(
        &self,
        _key: &String,
        value: &std::sync::Arc<(Duration, Vec<u8>)>,
        _created_at: std::time::Instant,
    ) -> Option<Duration> {
        Some(value.0)
    }
}

impl Local {
    pub(super) fn new(max_bytes: u64, _ttl: Ttls) -> Self {
        let cache = moka::future::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|k: &String, v: &std::sync::Arc<(Duration, Vec<u8>)>| {
                (k.len() + v.1.len()).try_into().unwrap_or(u32::MAX)
            })
            .expire_after(ByEntry)
            .support_invalidation_closures()
            .eviction_listener(|_, _, cause| {
                if cause == moka::notification::RemovalCause::Size {
                    metrics::counter!("callerid_cache_evictions_total").increment(1);
                }
            })
            .build();
        Self { cache }
    }

    pub(super) fn weighted_size(&self) -> u64 {
        self.cache.weighted_size()
    }
}

/// The Redis store: one connection manager (multiplexed, reconnecting), every call bounded.
pub(crate) struct Redis {
    pub(crate) conn: ConnectionManager,
    /// A second connection for work off a request's path (jobs): its answers may take
    /// seconds, not the cache's few milliseconds.
    pub(crate) patient: ConnectionManager,
    timeout: Duration,
    healthy: AtomicBool,
    last_error: Mutex<Option<String>>,
    /// When the last call failed: while Redis is down, calls are not even tried for a while,
    /// so a request pays no timeout for each of its answers.
    failed_at: Mutex<Option<Instant>>,
}

/// The patient connection's bound on one call.
const PATIENT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long after a failure calls skip Redis; the first call after it is the retry.
const RETRY_AFTER_FAILURE: Duration = Duration::from_millis(500);

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Redis {
    /// A lazily connected manager: nothing is dialled until the first call, so a Redis that is
    /// down at start delays nothing.
    pub(super) fn connect(url: &str, timeout: Duration) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("--cache-url is not a Redis URL: {e}"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout.max(Duration::from_millis(50))))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_secs(2));
        let conn = ConnectionManager::new_lazy_with_config(client.clone(), config)
            .map_err(|e| anyhow::anyhow!("the Redis connection manager could not start: {e}"))?;
        let patient = ConnectionManager::new_lazy_with_config(
            client,
            ConnectionManagerConfig::new()
                .set_connection_timeout(Some(PATIENT_TIMEOUT))
                .set_response_timeout(Some(PATIENT_TIMEOUT))
                .set_number_of_retries(2)
                .set_max_delay(Duration::from_secs(2)),
        )
        .map_err(|e| anyhow::anyhow!("the Redis connection manager could not start: {e}"))?;
        metrics::gauge!("callerid_cache_degraded").set(0.0);
        Ok(Self {
            conn,
            patient,
            timeout,
            healthy: AtomicBool::new(true),
            last_error: Mutex::new(None),
            failed_at: Mutex::new(None),
        })
    }

    /// Runs one Redis call within the timeout; `None` (counted, and the store marked degraded)
    /// when it fails or takes longer.
    pub(crate) async fn call<T>(
        &self,
        op: &'static str,
        call: impl Future<Output = redis::RedisResult<T>>,
    ) -> Option<T> {
        let lately = *self.failed_at.lock().unwrap_or_else(|p| p.into_inner());
        if lately.is_some_and(|at| at.elapsed() < RETRY_AFTER_FAILURE) {
            return None;
        }
        let started = Instant::now();
        let outcome = tokio::time::timeout(self.timeout, call).await;
        metrics::histogram!("callerid_cache_redis_seconds", "op" => op)
            .record(started.elapsed().as_secs_f64());
        let error = match outcome {
            Ok(Ok(value)) => {
                *self.failed_at.lock().unwrap_or_else(|p| p.into_inner()) = None;
                if !self.healthy.swap(true, Ordering::Relaxed) {
                    tracing::info!("Redis answers again; the shared cache is back");
                    metrics::gauge!("callerid_cache_degraded").set(0.0);
                }
                return Some(value);
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {} ms", self.timeout.as_millis()),
        };
        metrics::counter!("callerid_cache_errors_total", "op" => op).increment(1);
        *self.failed_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        if self.healthy.swap(false, Ordering::Relaxed) {
            tracing::warn!(error = %error, "Redis failed; answering from Webex until it is back");
            metrics::gauge!("callerid_cache_degraded").set(1.0);
        }
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(error);
        None
    }

    /// Whether the last call succeeded, and else why it failed.
    pub(super) fn health(&self) -> (bool, Option<String>) {
        let healthy = self.healthy.load(Ordering::Relaxed);
        let reason = (!healthy)
            .then(|| {
                self.last_error
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone()
            })
            .flatten();
        (healthy, reason)
    }
}
