//! The two places the cache keeps answers: this process (moka, bounded by bytes, entries retired
//! by predicate) and Redis (sealed values with their TTL, scopes retired by generation). Every
//! Redis call is bounded; its failures are misses, counted, and reported as degradation, and for
//! half a second after one no call is tried, so a dead Redis costs a request nothing.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
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

/// The Redis store: one connection manager (multiplexed, reconnecting), every call bounded, and
/// a keeper task that dials and re-dials it off every request's path. Requests use Redis only
/// while the keeper holds a working connection; a connection error hands the re-dial to the
/// keeper at once, and only consecutive slow calls open the breaker, not one.
pub(crate) struct Redis {
    pub(crate) conn: ConnectionManager,
    /// A second connection for work off a request's path (jobs): its answers may take
    /// seconds, not the cache's few milliseconds.
    pub(crate) patient: ConnectionManager,
    timeout: Duration,
    health: Arc<Health>,
}

/// What the calls and the keeper know of Redis.
#[derive(Debug, Default)]
struct Health {
    /// The keeper's last PING answered (or calls since did): requests may use Redis.
    connected: AtomicBool,
    /// Calls that took too long in a row.
    slow: AtomicU32,
    /// When the breaker opened (consecutive slow calls): calls skip Redis for a while.
    opened_at: Mutex<Option<Instant>>,
    last_error: Mutex<Option<String>>,
    /// Wakes the keeper to re-dial now.
    wake: tokio::sync::Notify,
    /// Tells whoever waits for the first connection that it is up.
    up: tokio::sync::Notify,
}

/// The patient connection's bound on one call.
const PATIENT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long the breaker stays open; the first call after it is the retry.
const RETRY_AFTER_FAILURE: Duration = Duration::from_millis(500);

/// Slow calls in a row that open the breaker: one slow call is a miss, not an outage.
const SLOW_CALLS_TO_OPEN: u32 = 3;

/// How often the keeper checks a working connection, and re-dials a broken one.
const CHECK_EVERY: Duration = Duration::from_millis(250);
const REDIAL_EVERY: Duration = Duration::from_millis(100);

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Health {
    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Redis answered: usable again, breaker closed.
    fn answered(&self) {
        self.slow.store(0, Ordering::Relaxed);
        *Self::lock(&self.opened_at) = None;
        if !self.connected.swap(true, Ordering::Relaxed) {
            tracing::info!("Redis answers; the shared cache is in use");
            metrics::gauge!("callerid_cache_degraded").set(0.0);
        }
        self.up.notify_waiters();
    }

    /// Redis is unreachable: no request tries it until the keeper has a connection again.
    fn lost(&self, error: String) {
        if self.connected.swap(false, Ordering::Relaxed) {
            tracing::warn!(error = %error, "Redis failed; answering from Webex until it is back");
            metrics::gauge!("callerid_cache_degraded").set(1.0);
        }
        *Self::lock(&self.last_error) = Some(error);
        self.wake.notify_one();
    }

    /// A call took too long: after a few in a row, the breaker opens.
    fn slow(&self, error: String) {
        *Self::lock(&self.last_error) = Some(error.clone());
        if self.slow.fetch_add(1, Ordering::Relaxed) + 1 >= SLOW_CALLS_TO_OPEN {
            *Self::lock(&self.opened_at) = Some(Instant::now());
            tracing::warn!(error = %error, "Redis is slow; answering from Webex for a while");
            metrics::gauge!("callerid_cache_degraded").set(1.0);
            self.wake.notify_one();
        }
    }

    fn open(&self) -> bool {
        Self::lock(&self.opened_at).is_some_and(|at| at.elapsed() < RETRY_AFTER_FAILURE)
    }
}

impl Redis {
    /// The managers, and their keeper dialling in the background (on the current Tokio runtime;
    /// without one, calls dial as they come): a Redis that is down at start delays nothing.
    pub(super) fn connect(url: &str, timeout: Duration) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("--cache-url is not a Redis URL: {e}"))?;
        // The managers' own bounds are the keeper's, for dialling and PING; a request's call is
        // bounded by `timeout` in `call`, which drops it, not the connection.
        let config = || {
            ConnectionManagerConfig::new()
                .set_connection_timeout(Some(PATIENT_TIMEOUT))
                .set_response_timeout(Some(PATIENT_TIMEOUT))
                .set_number_of_retries(2)
                .set_max_delay(Duration::from_secs(2))
        };
        let conn = ConnectionManager::new_lazy_with_config(client.clone(), config())
            .map_err(|e| anyhow::anyhow!("the Redis connection manager could not start: {e}"))?;
        let patient = ConnectionManager::new_lazy_with_config(client, config())
            .map_err(|e| anyhow::anyhow!("the Redis connection manager could not start: {e}"))?;
        let health = Arc::new(Health::default());
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(keep(conn.clone(), Arc::downgrade(&health)));
            }
            // No runtime to keep it: every call dials for itself, as a plain manager does.
            Err(_) => health.connected.store(true, Ordering::Relaxed),
        }
        Ok(Self {
            conn,
            patient,
            timeout,
            health,
        })
    }

    /// Waits until the keeper has a connection, at most `within` (a replica's first requests
    /// then use the shared cache); a Redis that is down is waited for no longer.
    pub(crate) async fn connected_within(&self, within: Duration) -> bool {
        let up = self.health.up.notified();
        if self.health.connected.load(Ordering::Relaxed) {
            return true;
        }
        let _ = tokio::time::timeout(within, up).await;
        self.health.connected.load(Ordering::Relaxed)
    }

    /// Runs one Redis call within the timeout; `None` (counted) when Redis is not connected,
    /// the breaker is open, or the call fails or takes longer.
    pub(crate) async fn call<T>(
        &self,
        op: &'static str,
        call: impl Future<Output = redis::RedisResult<T>>,
    ) -> Option<T> {
        let health = &self.health;
        if !health.connected.load(Ordering::Relaxed) || health.open() {
            metrics::counter!("callerid_cache_skipped_total", "op" => op).increment(1);
            return None;
        }
        let started = Instant::now();
        let outcome = tokio::time::timeout(self.timeout, call).await;
        metrics::histogram!("callerid_cache_redis_seconds", "op" => op)
            .record(started.elapsed().as_secs_f64());
        match outcome {
            Ok(Ok(value)) => {
                health.answered();
                return Some(value);
            }
            Ok(Err(e))
                if e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() =>
            {
                health.lost(e.to_string());
            }
            Ok(Err(e)) => health.slow(e.to_string()),
            Err(_) => health.slow(format!("no answer within {} ms", self.timeout.as_millis())),
        }
        metrics::counter!("callerid_cache_errors_total", "op" => op).increment(1);
        None
    }

    /// Whether requests use Redis now, and else why not.
    pub(super) fn health(&self) -> (bool, Option<String>) {
        let healthy = self.health.connected.load(Ordering::Relaxed) && !self.health.open();
        let reason = (!healthy)
            .then(|| Health::lock(&self.health.last_error).clone())
            .flatten();
        (healthy, reason)
    }
}

/// The keeper: PINGs Redis through the requests' manager every 250 ms while it answers, every
/// 100 ms (or at once, when a call lost the connection) while it does not, outside any request's
/// budget. A broken connection is found and re-dialled here, so no request spends its few
/// milliseconds on a dial; requests use Redis again once it answers. Ends with the store.
async fn keep(mut conn: ConnectionManager, health: std::sync::Weak<Health>) {
    loop {
        let ping = tokio::time::timeout(
            PATIENT_TIMEOUT,
            redis::cmd("PING").query_async::<String>(&mut conn),
        )
        .await;
        let Some(h) = health.upgrade() else { return };
        match ping {
            Ok(Ok(_)) => {
                if !h.connected.load(Ordering::Relaxed) || h.open() {
                    h.answered();
                }
            }
            Ok(Err(e)) => h.lost(e.to_string()),
            Err(_) => h.lost(format!(
                "PING unanswered within {} ms",
                PATIENT_TIMEOUT.as_millis()
            )),
        }
        let every = if h.connected.load(Ordering::Relaxed) {
            CHECK_EVERY
        } else {
            REDIAL_EVERY
        };
        let woken = h.wake.notified();
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = woken => {}
        }
    }
}
