//! When and how long to wait before trying an upstream GET again.
//!
//! Only idempotent GETs are retried, and only for answers that say "later": 429, 423 with a
//! `Retry-After`, 502/503/504, and connection failures. The wait is the server's `Retry-After` when it
//! gave a usable one, else capped exponential backoff with full jitter so that many facades behind one
//! token do not retry in lockstep.

use std::time::{Duration, SystemTime};

/// Retry knobs, set from the command line.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The first backoff step.
    pub base_delay: Duration,
    /// No single wait is longer than this, whatever the server says.
    pub max_delay: Duration,
    /// Used when a 429 carries no `Retry-After`, or one that cannot be parsed.
    pub fallback_retry_after: Duration,
}

impl RetryPolicy {
    /// The defaults, one home for the command line's and `Default`'s.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    pub const DEFAULT_BASE_DELAY_MS: u64 = 200;
    pub const DEFAULT_MAX_DELAY_MS: u64 = 10_000;
    pub const DEFAULT_FALLBACK_RETRY_AFTER_MS: u64 = 5_000;
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_delay: Duration::from_millis(Self::DEFAULT_BASE_DELAY_MS),
            max_delay: Duration::from_millis(Self::DEFAULT_MAX_DELAY_MS),
            fallback_retry_after: Duration::from_millis(Self::DEFAULT_FALLBACK_RETRY_AFTER_MS),
        }
    }
}

/// Whether an answer with this status may be retried. `has_retry_after` matters for 423, which Webex
/// documents as retryable only when it says when.
pub(crate) fn retryable_status(status: u16, has_retry_after: bool) -> bool {
    matches!(status, 429 | 502 | 503 | 504) || (status == 423 && has_retry_after)
}

impl RetryPolicy {
    /// Backoff before attempt `attempt + 1` (attempt counts from 1) when the server gave no wait.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let cap = exp.min(self.max_delay);
        // Full jitter: uniform in [cap/2, cap] keeps some spacing while still spreading callers.
        let half = cap / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// What to do after an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then try again.
    Retry(Duration),
    /// Stop: Webex rate limits the token and its wait does not fit (the attempts are spent, the
    /// wait is over `max_delay`, or it would overrun the deadline). The wait it asked for.
    RateLimited(Duration),
    /// Stop with what Webex answered (or the transport error).
    Fail,
}

/// An error answer, as far as retrying goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ErrorAnswer {
    pub(crate) status: u16,
    /// A `Retry-After` header was there, readable or not (423 is retryable only with one).
    pub(crate) retry_after_sent: bool,
    /// Its value, when it could be read.
    pub(crate) retry_after: Option<Duration>,
}

impl RetryPolicy {
    /// The decision after attempt `attempt` (from 1) got `answer`. `backoff` is this attempt's
    /// jittered backoff (`self.backoff(attempt)`), `budget` what is left of the caller's deadline.
    /// Pure: no clock, no randomness, no I/O.
    pub(crate) fn after_answer(
        &self,
        attempt: u32,
        answer: ErrorAnswer,
        backoff: Duration,
        budget: Option<Duration>,
    ) -> Decision {
        if !retryable_status(answer.status, answer.retry_after_sent) {
            return Decision::Fail;
        }
        let rate_limited = matches!(answer.status, 429 | 423);
        let wait = match (rate_limited, answer.retry_after) {
            (true, Some(wait)) => wait,
            (true, None) => self.fallback_retry_after,
            (false, wait) => wait.unwrap_or(backoff),
        };
        let fits = wait <= self.max_delay && budget.is_none_or(|left| wait < left);
        match (attempt < self.max_attempts && fits, rate_limited) {
            (true, _) => Decision::Retry(wait),
            (false, true) => Decision::RateLimited(wait),
            (false, false) => Decision::Fail,
        }
    }

    /// The decision after attempt `attempt` failed in transport (connection refused or reset, a
    /// body cut off): a GET is safe to repeat after the backoff, if it fits.
    pub(crate) fn after_transport_error(
        &self,
        attempt: u32,
        backoff: Duration,
        budget: Option<Duration>,
    ) -> Decision {
        if attempt < self.max_attempts && budget.is_none_or(|left| backoff < left) {
            Decision::Retry(backoff)
        } else {
            Decision::Fail
        }
    }
}

/// Parses a `Retry-After` header: delta-seconds or an HTTP date. Anything else (Webex has sent
/// `rand(30),add(30)`) is `None`, and the caller falls back to its default wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(86_400.0)));
        }
        return None;
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(parse_retry_after("30", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after(" 2 ", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("0.5", now),
            Some(Duration::from_millis(500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_garbage_is_rejected_not_a_panic() {
        let now = SystemTime::now();
        for bad in ["rand(30),add(30)", "", "-5", "soon", "1e999", "NaN", "-1.5"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = p.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            assert!(p.backoff(10) <= Duration::from_millis(300));
            assert!(p.backoff(10) >= Duration::from_millis(150));
        }
    }

    fn answer(status: u16, retry_after: Option<u64>) -> ErrorAnswer {
        ErrorAnswer {
            status,
            retry_after_sent: retry_after.is_some(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    const BACKOFF: Duration = Duration::from_millis(200);

    #[test]
    fn a_server_error_is_retried_after_backoff_until_the_attempts_are_spent() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.after_answer(1, answer(503, None), BACKOFF, None),
            Decision::Retry(BACKOFF)
        );
        assert_eq!(
            p.after_answer(2, answer(502, None), BACKOFF, None),
            Decision::Retry(BACKOFF)
        );
        assert_eq!(
            p.after_answer(3, answer(503, None), BACKOFF, None),
            Decision::Fail
        );
        // A server that says when is believed, within max_delay.
        assert_eq!(
            p.after_answer(1, answer(503, Some(2)), BACKOFF, None),
            Decision::Retry(Duration::from_secs(2))
        );
        assert_eq!(
            p.after_answer(1, answer(503, Some(60)), BACKOFF, None),
            Decision::Fail
        );
    }

    #[test]
    fn a_rate_limit_waits_what_webex_says_and_reports_the_wait_when_it_cannot() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.after_answer(1, answer(429, Some(1)), BACKOFF, None),
            Decision::Retry(Duration::from_secs(1))
        );
        // No (or unreadable) Retry-After: the fallback, not the backoff.
        let garbled = ErrorAnswer {
            status: 429,
            retry_after_sent: true,
            retry_after: None,
        };
        assert_eq!(
            p.after_answer(1, garbled, BACKOFF, None),
            Decision::Retry(p.fallback_retry_after)
        );
        // The wait would overrun the deadline, or attempts are spent: say how long Webex asked.
        assert_eq!(
            p.after_answer(
                1,
                answer(429, Some(3)),
                BACKOFF,
                Some(Duration::from_secs(2))
            ),
            Decision::RateLimited(Duration::from_secs(3))
        );
        assert_eq!(
            p.after_answer(3, answer(429, Some(1)), BACKOFF, None),
            Decision::RateLimited(Duration::from_secs(1))
        );
        // Longer than any wait we accept.
        assert_eq!(
            p.after_answer(1, answer(429, Some(3600)), BACKOFF, None),
            Decision::RateLimited(Duration::from_secs(3600))
        );
    }

    #[test]
    fn a_423_is_retried_only_when_it_says_when() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.after_answer(1, answer(423, Some(1)), BACKOFF, None),
            Decision::Retry(Duration::from_secs(1))
        );
        assert_eq!(
            p.after_answer(1, answer(423, None), BACKOFF, None),
            Decision::Fail
        );
    }

    #[test]
    fn client_errors_are_never_retried() {
        let p = RetryPolicy::default();
        for status in [400, 401, 403, 404, 409, 500] {
            assert_eq!(
                p.after_answer(1, answer(status, Some(1)), BACKOFF, None),
                Decision::Fail,
                "{status}"
            );
        }
    }

    #[test]
    fn a_transport_error_is_retried_while_attempts_and_the_deadline_allow() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.after_transport_error(1, BACKOFF, None),
            Decision::Retry(BACKOFF)
        );
        assert_eq!(
            p.after_transport_error(1, BACKOFF, Some(Duration::from_millis(100))),
            Decision::Fail
        );
        assert_eq!(p.after_transport_error(3, BACKOFF, None), Decision::Fail);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for s in [429, 502, 503, 504] {
            assert!(retryable_status(s, false));
        }
        assert!(retryable_status(423, true));
        assert!(!retryable_status(423, false));
        for s in [400, 401, 403, 404, 500] {
            assert!(!retryable_status(s, true));
        }
    }
}
