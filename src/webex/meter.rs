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
    /// Time slept because Webex said `Retry-After` (429/423).
    pub rate_limit_wait: Duration,
    /// Time spent waiting for Webex's answers, summed over attempts (concurrent calls add up).
    pub upstream: Duration,
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

    pub(crate) fn rate_limited(&self, waited: Duration) {
        self.with(|c| c.rate_limit_wait += waited);
    }

    /// The costs so far.
    pub fn snapshot(&self) -> Costs {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
