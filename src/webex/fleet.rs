//! A fleet-wide rate budget per token, kept in Redis so every replica spends the same one: GCRA
//! (the generic cell rate algorithm) at `rate` calls a second with bursts of `burst`, decided by
//! one Lua script on Redis's own clock, so replicas with skewed clocks agree. A `Retry-After`
//! that Webex sent one replica pauses that token in all of them until it expires.
//!
//! Redis failing never stops a call: the budget fails open (the per-process adaptive limit in
//! `limit.rs` still holds), and the failure counts as the cache's degradation.

use std::sync::Arc;
use std::time::Duration;

use super::BearerToken;
use super::cache::Cache;

/// The budget's size, from the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FleetConfig {
    /// Calls a second per token across the fleet; 0: no fleet budget.
    pub rate: f64,
    /// How many calls may go at once before the rate applies.
    pub burst: u32,
}

/// Returns 0 when a call may go now, else the milliseconds to wait (the pause's, or until the
/// token's next slot). KEYS: the token's cell time, its pause. ARGV: emission interval and burst
/// tolerance, in milliseconds.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tolerance + interval) + 1000)
return 0
";

/// The fleet budget.
#[derive(Debug)]
pub(crate) struct Fleet {
    cache: Arc<Cache>,
    interval_ms: u64,
    tolerance_ms: u64,
    script: redis::Script,
}

/// The caller's deadline passed while the token waited for the fleet's budget.
#[derive(Debug)]
pub(crate) struct OutOfTime;

impl Fleet {
    /// The budget, whenever the cache is in Redis (a shared pause needs no rate).
    pub(crate) fn new(config: FleetConfig, cache: Option<&Arc<Cache>>) -> Option<Self> {
        let cache = cache?;
        cache.redis()?;
        // Without a rate, every call is admitted at once but a shared pause still applies.
        let interval = if config.rate > 0.0 {
            1000.0 / config.rate
        } else {
            0.0
        };
        Some(Self {
            cache: cache.clone(),
            interval_ms: interval.ceil() as u64,
            tolerance_ms: (interval * f64::from(config.burst.saturating_sub(1))).ceil() as u64,
            script: redis::Script::new(GCRA),
        })
    }

    fn keys(&self, token: &BearerToken) -> (String, String) {
        let id = self.cache.token_keys(token).id;
        (
            format!("callerid:v1:gcra:{id}"),
            format!("callerid:v1:pause:{id}"),
        )
    }

    /// Waits for the token's next place in the fleet's budget (or the end of its pause), at most
    /// `budget` (the caller's remaining deadline); how long it waited.
    pub(crate) async fn admit(
        &self,
        token: &BearerToken,
        budget: Option<Duration>,
    ) -> Result<Duration, OutOfTime> {
        let Some(redis) = self.cache.redis() else {
            return Ok(Duration::ZERO);
        };
        let (cell, pause) = self.keys(token);
        let started = tokio::time::Instant::now();
        loop {
            let mut conn = redis.conn.clone();
            let mut invocation = self.script.key(&cell);
            invocation
                .key(&pause)
                .arg(self.interval_ms)
                .arg(self.tolerance_ms);
            let wait = redis
                .call("gcra", async move {
                    invocation.invoke_async::<u64>(&mut conn).await
                })
                .await;
            let Some(wait) = wait.filter(|w| *w > 0) else {
                // Admitted, or Redis failed: the call goes (the local limit still holds).
                return Ok(started.elapsed());
            };
            let wait = Duration::from_millis(wait);
            if let Some(budget) = budget
                && started.elapsed() + wait > budget
            {
                return Err(OutOfTime);
            }
            metrics::counter!("callerid_fleet_budget_waits_total").increment(1);
            tokio::time::sleep(wait).await;
        }
    }

    /// Pauses the token in every replica for `wait` (what Webex's `Retry-After` asked).
    pub(crate) async fn pause(&self, token: &BearerToken, wait: Duration) {
        let Some(redis) = self.cache.redis() else {
            return;
        };
        let (_, pause) = self.keys(token);
        let mut conn = redis.conn.clone();
        let ms = wait.as_millis().max(1) as u64;
        redis
            .call("pause", async move {
                redis::cmd("SET")
                    .arg(pause)
                    .arg(1)
                    .arg("PX")
                    .arg(ms)
                    .query_async::<()>(&mut conn)
                    .await
            })
            .await;
    }
}
