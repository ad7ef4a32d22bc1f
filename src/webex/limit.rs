//! A concurrency limit per token, shared by every request made with it, that adapts to Webex's
//! answers: halved when Webex says 429, grown back by one per window of successes (AIMD, as TCP
//! does). A planned round can send a hundred calls at once; this keeps the bursts of many
//! concurrent requests of one token under the rate limit Webex enforces on that token, instead of
//! each request learning it alone.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::BearerToken;

/// Tokens remembered at most; idle ones are forgotten first.
const MAX_TOKENS: usize = 10_000;
/// A token unused this long starts again from the ceiling.
const IDLE: Duration = Duration::from_secs(600);

/// Every token's limit. Tokens are kept only as salted hashes.
#[derive(Debug)]
pub(crate) struct TokenLimits {
    ceiling: usize,
    salt: RandomState,
    limits: Mutex<HashMap<u64, Arc<Limit>>>,
}

impl TokenLimits {
    /// Limits that start at, and never grow past, `ceiling` calls in flight per token.
    pub(crate) fn new(ceiling: usize) -> Self {
        Self {
            ceiling: ceiling.max(1),
            salt: RandomState::new(),
            limits: Mutex::new(HashMap::new()),
        }
    }

    /// The limit shared by every call made with `token`.
    pub(crate) fn of(&self, token: &BearerToken) -> Arc<Limit> {
        let key = self.salt.hash_one(token.expose());
        let mut limits = lock(&self.limits);
        if limits.len() >= MAX_TOKENS && !limits.contains_key(&key) {
            limits.retain(|_, l| Arc::strong_count(l) > 1 || l.idle_for() < IDLE);
        }
        limits
            .entry(key)
            .or_insert_with(|| Arc::new(Limit::new(self.ceiling)))
            .clone()
    }
}

/// One token's limit.
#[derive(Debug)]
pub(crate) struct Limit {
    state: Mutex<State>,
    freed: Notify,
}

#[derive(Debug)]
struct State {
    ceiling: f64,
    limit: f64,
    in_flight: usize,
    /// Bumped on every halving: a 429 for a call sent before the last halving says nothing new.
    epoch: u64,
    used: Instant,
}

/// A call's place under the limit; given back when dropped.
#[derive(Debug)]
pub(crate) struct Permit {
    limit: Arc<Limit>,
    epoch: u64,
}

impl Limit {
    fn new(ceiling: usize) -> Self {
        Self {
            state: Mutex::new(State {
                ceiling: ceiling as f64,
                limit: ceiling as f64,
                in_flight: 0,
                epoch: 0,
                used: Instant::now(),
            }),
            freed: Notify::new(),
        }
    }

    fn idle_for(&self) -> Duration {
        let state = lock(&self.state);
        if state.in_flight > 0 {
            Duration::ZERO
        } else {
            state.used.elapsed()
        }
    }

    /// The calls allowed in flight now.
    #[cfg(test)]
    pub(crate) fn current(&self) -> usize {
        lock(&self.state).limit as usize
    }

    /// Waits for a place under the limit.
    pub(crate) async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            let freed = self.freed.notified();
            {
                let mut state = lock(&self.state);
                if (state.in_flight as f64) < state.limit.floor().max(1.0) {
                    state.in_flight += 1;
                    state.used = Instant::now();
                    return Permit {
                        limit: self.clone(),
                        epoch: state.epoch,
                    };
                }
            }
            freed.await;
        }
    }
}

impl Permit {
    /// Webex accepted the call: one more call per window of successes, up to the ceiling.
    pub(crate) fn succeeded(&self) {
        let mut state = lock(&self.limit.state);
        let grown = (state.limit + 1.0 / state.limit).min(state.ceiling);
        let more = grown.floor() > state.limit.floor();
        state.limit = grown;
        drop(state);
        if more {
            self.limit.freed.notify_one();
        }
    }

    /// Webex said 429: halve the limit, once per burst (calls sent before the last halving do not
    /// halve it again).
    pub(crate) fn throttled(&self) {
        let mut state = lock(&self.limit.state);
        if state.epoch == self.epoch {
            state.limit = (state.limit / 2.0).max(1.0);
            state.epoch += 1;
            metrics::counter!("callerid_upstream_limit_halvings_total").increment(1);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        lock(&self.limit.state).in_flight -= 1;
        self.limit.freed.notify_one();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn halves_once_per_burst_and_grows_back() {
        let limits = TokenLimits::new(8);
        let token = BearerToken::new("t");
        let limit = limits.of(&token);
        let burst: Vec<Permit> = futures::future::join_all((0..8).map(|_| limit.acquire())).await;
        for permit in &burst {
            permit.throttled();
        }
        assert_eq!(limit.current(), 4, "a whole burst of 429s halves once");
        drop(burst);
        let next = limit.acquire().await;
        next.throttled();
        assert_eq!(
            limit.current(),
            2,
            "a call sent after the halving halves again"
        );
        next.succeeded();
        drop(next);
        for _ in 0..40 {
            limit.acquire().await.succeeded();
        }
        assert_eq!(
            limit.current(),
            8,
            "successes grow it back to the ceiling, not past"
        );
    }

    #[tokio::test]
    async fn a_full_limit_makes_the_next_call_wait_for_a_place() {
        let limits = TokenLimits::new(1);
        let limit = limits.of(&BearerToken::new("t"));
        let first = limit.acquire().await;
        let mut second = Box::pin(limit.acquire());
        assert!(futures::poll!(second.as_mut()).is_pending());
        drop(first);
        let _second = second.await;
    }

    #[test]
    fn tokens_do_not_share_a_limit() {
        let limits = TokenLimits::new(4);
        let a = limits.of(&BearerToken::new("a"));
        let b = limits.of(&BearerToken::new("b"));
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(Arc::ptr_eq(&a, &limits.of(&BearerToken::new("a"))));
    }
}
