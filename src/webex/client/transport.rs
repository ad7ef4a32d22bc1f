//! One upstream call (a GET, or the idempotent PUT of a setting): the bearer token and `TrackingID`, a place under the token's shared limit,
//! the caller's deadline, and retries as `RetryPolicy` decides them. Metrics, the attempt's span
//! and the `traceparent` Webex receives are set here.

use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use super::paging::next_link;
use super::{Caller, Client, Success};
use crate::webex::endpoint::Request;
use crate::webex::error::{Error, ErrorBody};
use crate::webex::retry::{Decision, ErrorAnswer, parse_retry_after};

impl Client {
    /// One upstream call, retries included. A failure is logged here, once per call, however
    /// many GraphQL fields then read it (a failed people batch under 2000 rows used to log once
    /// per field). A 404 is an answer (lookups by id turn it into `null`), so it is not a warning.
    pub(super) async fn get(&self, caller: &Caller, request: &Request) -> Result<Success, Error> {
        let endpoint = request.label();
        let class = request.endpoint.class;
        let url = request.url.clone();
        let cache = self
            .cache
            .as_deref()
            .filter(|_| !caller.fresh)
            .and_then(|c| Some((c, c.ttl(class)?)));
        let Some((cache, ttl)) = cache else {
            if let Some(meter) = &caller.meter {
                meter.uncached();
            }
            return self.call(caller, endpoint, url, None).await;
        };
        let Some(slot) = cache
            .slot(&caller.token, &url, request.scope.as_deref())
            .await
        else {
            if let Some(meter) = &caller.meter {
                meter.uncached();
            }
            return self.call(caller, endpoint, url, None).await;
        };
        if let Some(entry) = cache.get(&slot, class).await
            && let Some(left) = entry.remaining()
        {
            if let Some(meter) = &caller.meter {
                meter.cached(Some(endpoint), left);
            }
            return Ok(Success {
                next: entry.next.as_deref().and_then(|n| Url::parse(n).ok()),
                body: entry.body,
                tracking_id: "CACHED".to_owned(),
            });
        }
        let answer = self.call(caller, endpoint, url, None).await?;
        cache
            .put(&slot, ttl, answer.next.as_ref(), &answer.body)
            .await;
        if let Some(meter) = &caller.meter {
            meter.cached(None, ttl);
        }
        Ok(answer)
    }

    /// A PUT of a JSON body. Webex's settings PUTs replace the fields they carry, so sending one
    /// twice leaves what sending it once does: the retry policy applies as to a GET.
    pub(super) async fn put(
        &self,
        caller: &Caller,
        request: &Request,
        body: Vec<u8>,
    ) -> Result<Success, Error> {
        self.call(caller, request.label(), request.url.clone(), Some(body))
            .await
    }

    async fn call(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Success, Error> {
        let result = self.attempts(caller, endpoint, url, body).await;
        match &result {
            Err(Error::Status { status: 404, .. }) => {
                tracing::debug!(endpoint, "upstream answered 404");
            }
            Err(e) => tracing::warn!(
                endpoint,
                exception.message = %e,
                source = ?std::error::Error::source(e).map(ToString::to_string),
                status = ?e.status(),
                tracking_id = ?e.tracking_id(),
                "upstream call failed"
            ),
            Ok(_) => {}
        }
        result
    }

    /// One call with retries, bounded by the caller's deadline.
    async fn attempts(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Success, Error> {
        let tracking_id = new_tracking_id();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = budget_of(caller);
            if remaining == Some(Duration::ZERO) {
                return Err(Error::Timeout {
                    endpoint,
                    tracking_id,
                });
            }
            let mut auth = HeaderValue::try_from(format!("Bearer {}", caller.token.expose()))
                .map_err(|_| Error::InvalidInput {
                    endpoint,
                    reason: "the bearer token holds characters a header cannot carry".into(),
                })?;
            auth.set_sensitive(true);
            let request = match &body {
                None => self.http.get(url.clone()),
                Some(body) => self
                    .http
                    .put(url.clone())
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone()),
            };
            let request = request
                .header(reqwest::header::AUTHORIZATION, auth)
                .header("TrackingID", &tracking_id)
                .header(ACCEPT, "application/json");
            let span = tracing::info_span!(
                "upstream",
                endpoint,
                attempt,
                "otel.name" = tracing::field::Empty,
                "otel.kind" = tracing::field::Empty,
                "http.response.status_code" = tracing::field::Empty,
                "otel.status_code" = tracing::field::Empty,
            );
            // With spans exported, this attempt's span is Webex's parent; otherwise a fresh span
            // id under the caller's trace, so the trace still continues.
            let traceparent = crate::telemetry::client_span(&span, endpoint)
                .or_else(|| caller.trace.as_ref().map(crate::webex::TraceContext::child));
            let request = match traceparent {
                Some(traceparent) => request.header("traceparent", traceparent),
                None => request,
            };
            let request = match caller.trace.as_ref().and_then(|t| t.state()) {
                Some(state) => request.header("tracestate", state),
                None => request,
            };
            // The fleet's budget for this token, then a place under its limit in this process;
            // waiting for either counts against the deadline.
            if let Some(fleet) = &self.fleet {
                match fleet.admit(&caller.token, remaining).await {
                    Ok(waited) if !waited.is_zero() => {
                        if let Some(meter) = &caller.meter {
                            meter.rate_limited(waited);
                        }
                    }
                    Ok(_) => {}
                    Err(_) => {
                        return Err(Error::Timeout {
                            endpoint,
                            tracking_id,
                        });
                    }
                }
            }
            let remaining = budget_of(caller);
            let limit = self.limits.of(&caller.token);
            let Some(permit) = with_deadline(remaining, limit.acquire()).await else {
                return Err(Error::Timeout {
                    endpoint,
                    tracking_id,
                });
            };
            // The wait for a place used part of the budget: the attempt gets only what is left.
            let remaining = budget_of(caller);
            let started = Instant::now();
            let retry = attempt > 1;
            let outcome = with_deadline(
                remaining,
                async {
                    let response = request.send().await?;
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let body = response.bytes().await?;
                    Ok::<_, reqwest::Error>((status, headers, body.to_vec()))
                }
                .instrument(span.clone()),
            )
            .await;
            match &outcome {
                Some(Ok((status, ..))) => {
                    if *status == 429 {
                        permit.throttled();
                    } else if (200..300).contains(status) {
                        permit.succeeded();
                    }
                    span.record("http.response.status_code", status);
                    if *status >= 500 {
                        span.record("otel.status_code", "ERROR");
                    }
                }
                _ => {
                    span.record("otel.status_code", "ERROR");
                }
            }
            drop(permit);
            record_attempt(endpoint, started, &outcome);
            if let Some(meter) = &caller.meter {
                meter.attempt(endpoint, started.elapsed(), retry);
            }
            let (status, headers, body) = match outcome {
                None => {
                    return Err(Error::Timeout {
                        endpoint,
                        tracking_id,
                    });
                }
                Some(Err(e)) if e.is_timeout() => {
                    return Err(Error::Timeout {
                        endpoint,
                        tracking_id,
                    });
                }
                Some(Err(source)) => {
                    // Connection refused/reset or a body cut off mid-way: the GET is safe to repeat.
                    let budget = budget_of(caller);
                    match self.retry.after_transport_error(
                        attempt,
                        self.retry.backoff(attempt),
                        budget,
                    ) {
                        Decision::Retry(wait) => {
                            tracing::warn!(endpoint, attempt, error = %source, "upstream transport error; retrying");
                            metrics::counter!("callerid_upstream_retries_total", "endpoint" => endpoint)
                                .increment(1);
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        Decision::RateLimited(_) | Decision::Fail => {
                            return Err(Error::Transport {
                                endpoint,
                                tracking_id,
                                source,
                            });
                        }
                    }
                }
                Some(Ok(answer)) => {
                    self.answered();
                    answer
                }
            };
            if (200..300).contains(&status) {
                tracing::debug!(endpoint, status, attempt, "upstream answered");
                return Ok(Success {
                    next: next_link(&headers, &url),
                    body,
                    // Webex echoes ours; its own, when it sends another, is the one to quote.
                    tracking_id: header_str(&headers, "trackingid").unwrap_or(tracking_id),
                });
            }
            let error_body: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
            let upstream_tracking = error_body
                .tracking_id
                .clone()
                .or_else(|| header_str(&headers, "trackingid"))
                .unwrap_or_else(|| tracking_id.clone());
            let raw_retry_after = header_str(&headers, "retry-after");
            let retry_after = raw_retry_after
                .as_deref()
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            tracing::warn!(
                endpoint,
                status,
                attempt,
                tracking_id = %upstream_tracking,
                retry_after = ?raw_retry_after,
                "upstream error answer"
            );
            let answer = ErrorAnswer {
                status,
                retry_after_sent: raw_retry_after.is_some(),
                retry_after,
            };
            match self.retry.after_answer(
                attempt,
                answer,
                self.retry.backoff(attempt),
                budget_of(caller),
            ) {
                Decision::Retry(wait) => {
                    metrics::counter!("callerid_upstream_retries_total", "endpoint" => endpoint)
                        .increment(1);
                    if matches!(status, 429 | 423) {
                        if let Some(fleet) = &self.fleet {
                            fleet.pause(&caller.token, wait).await;
                        }
                        metrics::counter!("callerid_upstream_rate_limit_wait_seconds_total", "endpoint" => endpoint)
                            .increment(wait.as_secs_f64().ceil() as u64);
                        if let Some(meter) = &caller.meter {
                            meter.rate_limited(wait);
                        }
                    }
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Decision::RateLimited(wait) => {
                    if let Some(fleet) = &self.fleet {
                        fleet.pause(&caller.token, wait).await;
                    }
                    return Err(Error::RateLimited {
                        endpoint,
                        status,
                        body: Box::new(error_body),
                        tracking_id: upstream_tracking,
                        retry_after: wait,
                    });
                }
                Decision::Fail => {}
            }
            return Err(Error::Status {
                endpoint,
                status,
                body: Box::new(error_body),
                tracking_id: upstream_tracking,
                retry_after,
            });
        }
    }
}

/// An upstream attempt: `None` when the deadline cut it off, else the transport result with
/// status, headers and body.
type Attempt = Option<Result<(u16, HeaderMap, Vec<u8>), reqwest::Error>>;

/// Counts one upstream attempt by endpoint and outcome, and times it.
fn record_attempt(endpoint: &'static str, started: Instant, outcome: &Attempt) {
    let outcome = match outcome {
        None => "timeout".to_owned(),
        Some(Err(e)) if e.is_timeout() => "timeout".to_owned(),
        Some(Err(_)) => "transport".to_owned(),
        Some(Ok((status, _, _))) => status.to_string(),
    };
    metrics::counter!("callerid_upstream_requests_total", "endpoint" => endpoint, "outcome" => outcome)
        .increment(1);
    metrics::histogram!("callerid_upstream_request_duration_seconds", "endpoint" => endpoint)
        .record(started.elapsed().as_secs_f64());
}

/// What is left of the caller's deadline, if it has one.
fn budget_of(caller: &Caller) -> Option<Duration> {
    caller
        .deadline
        .map(|d| d.saturating_duration_since(Instant::now()))
}

async fn with_deadline<F: Future>(remaining: Option<Duration>, fut: F) -> Option<F::Output> {
    match remaining {
        Some(left) => tokio::time::timeout(left, fut).await.ok(),
        None => Some(fut.await),
    }
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `TrackingID` as the Webex SDKs send it: a prefix plus a random UUID-shaped value.
fn new_tracking_id() -> String {
    let n = fastrand::u128(..);
    format!(
        "CALLERID_{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        (n >> 96) as u32,
        (n >> 80) as u16,
        (n >> 64) as u16,
        (n >> 48) as u16,
        n as u64 & 0xffff_ffff_ffff
    )
}
