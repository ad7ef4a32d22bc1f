//! What one caller's upstream calls cost: calls and retries by endpoint, time spent waiting on
//! rate limits, and time spent waiting on Webex. Kept only when a request asks for it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// The upstream cost of one GraphQL request.
#[derive(Debug, Default)]
pub struct Meter {
    inner: Mutex<Costs>,
}

/// A snapshot of a [`Meter`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Costs {
    /// Attempts by endpoint (route template), retries included.
    pub calls: BTreeMap<&'static str, u64>,
    /// Attempts that were retries.
    pub retries: u64,
    /// Time slept because Webex said `Retry-After` (429/423), or for the fleet's budget.
    pub rate_limit_wait: Duration,
    /// Time spent waiting for Webex's answers, summed over attempts (concurrent calls add up).
    pub upstream: Duration,
    /// Answers served by the cache instead of a call, by endpoint.
    pub cache_hits: BTreeMap<&'static str, u64>,
    /// The least time any answer used has left in the cache: how long the whole response may be
    /// kept. `None` when none was cached.
    pub fresh_for: Option<Duration>,
    /// An answer used was of a class the cache does not keep (or none is configured).
    pub uncached: bool,
}

impl Meter {
    fn with(&self, f: impl FnOnce(&mut Costs)) {
        f(&mut self.inner.lock().unwrap_or_else(|p| p.into_inner()));
    }

    pub(crate) fn attempt(&self, endpoint: &'static str, took: Duration, retry: bool) {
        self.with(|c| {
            *c.calls.entry(endpoint).or_default() += 1;
            c.retries += u64::from(retry);
            c.upstream += took;
        });
    }

    /// An answer that will stay good for `left` (a hit's remaining time, or a fresh answer's TTL).
    pub(crate) fn cached(&self, endpoint: Option<&'static str>, left: Duration) {
        self.with(|c| {
            if let Some(endpoint) = endpoint {
                *c.cache_hits.entry(endpoint).or_default() += 1;
            }
            c.fresh_for = Some(c.fresh_for.map_or(left, |f| f.min(left)));
        });
    }

    /// An answer the cache does not keep.
    pub(crate) fn uncached(&self) {
        self.with(|c| c.uncached = true);
    }

    pub(crate) fn rate_limited(&self, waited: Duration) {
        self.with(|c| c.rate_limit_wait += waited);
    }

    /// The costs so far.
    pub fn snapshot(&self) -> Costs {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
