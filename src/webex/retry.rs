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

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            fallback_retry_after: Duration::from_secs(5),
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
