//! Fault injection: rules posted to `/_simulator/faults` (or set from `simulate` flags) that make
//! Webex routes answer with an error status, a `Retry-After`, latency, a truncated body or a reset.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

use super::wire::SimError;
use super::{Sim, lock};

/// One fault rule, as posted to `POST /_simulator/faults` (or set from `simulate` flags).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Only requests whose path contains this string; all when absent.
    #[serde(default)]
    pub path: Option<String>,
    /// Only requests of this method (`PUT`, `GET`); all when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Answer with this status and a Webex error body.
    #[serde(default)]
    pub status: Option<u16>,
    /// Raw `Retry-After` header value to send with the status (may be garbage on purpose).
    #[serde(default)]
    pub retry_after: Option<String>,
    /// Added latency before answering, in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Send a 200 whose JSON body is cut in half.
    #[serde(default)]
    pub truncate: bool,
    /// Abort the response mid-body, as a connection reset does.
    #[serde(default)]
    pub reset: bool,
    /// Apply to this many matching requests, then stop; forever when absent.
    #[serde(default)]
    pub count: Option<u64>,
    /// Apply to this fraction (0..=1) of matching requests; all when absent.
    #[serde(default)]
    pub rate: Option<f64>,
}

/// What a fault rule does to one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct FaultAction {
    pub(crate) status: Option<u16>,
    pub(crate) retry_after: Option<String>,
    pub(crate) latency: Option<Duration>,
    pub(crate) truncate: bool,
    pub(crate) reset: bool,
}

/// The active fault rules; the first rule that matches a request acts on it.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<FaultRule>,
    /// Next links drop every filter, as Webex has been seen to do.
    pub(crate) drop_link_filters: bool,
}

impl Faults {
    pub(crate) fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
        self.drop_link_filters = false;
    }

    /// The action for a `method` request to `path`, consuming one use of a counted rule.
    pub(crate) fn action_for(&mut self, method: &str, path: &str) -> Option<FaultAction> {
        let index = self.rules.iter().position(|r| {
            r.path.as_deref().is_none_or(|p| path.contains(p))
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && r.count != Some(0)
        })?;
        let rule = &mut self.rules[index];
        if let Some(rate) = rule.rate
            && fastrand::f64() >= rate
        {
            return None;
        }
        if let Some(count) = rule.count.as_mut() {
            *count -= 1;
        }
        Some(FaultAction {
            status: rule.status,
            retry_after: rule.retry_after.clone(),
            latency: rule.latency_ms.map(Duration::from_millis),
            truncate: rule.truncate,
            reset: rule.reset,
        })
    }
}

/// Webex's throttling of one token's bursts, modelled as a cap on its requests in flight: past
/// it, `429` with `Retry-After: 1`.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    pub(crate) max_in_flight: Option<usize>,
    in_flight: std::collections::HashMap<String, usize>,
    /// 429s answered since the last stats reset.
    pub(crate) refused: u64,
}

impl Throttle {
    pub(crate) fn new(max_in_flight: Option<usize>) -> Self {
        Self {
            max_in_flight,
            ..Self::default()
        }
    }

    /// Takes a place for `token` when a cap is set.
    fn enter(&mut self, token: &str) -> Admission {
        let Some(max) = self.max_in_flight else {
            return Admission::Uncapped;
        };
        let count = self.in_flight.entry(token.to_owned()).or_default();
        if *count >= max {
            self.refused += 1;
            return Admission::Refused;
        }
        *count += 1;
        Admission::Admitted
    }

    fn leave(&mut self, token: &str) {
        if let Some(count) = self.in_flight.get_mut(token) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.in_flight.remove(token);
            }
        }
    }
}

/// What the throttle says to one request.
enum Admission {
    /// No cap is set: nothing to count or give back.
    Uncapped,
    /// A place was taken; it must be given back.
    Admitted,
    Refused,
}

/// Each token's requests per second (by Unix second), and the most any second saw since the
/// last stats reset: how a test checks that a fleet kept one token's budget. Tokens are named
/// only when they are the simulator's own demo tokens.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    current: std::collections::HashMap<&'static str, (u64, u64)>,
    pub(crate) peak: std::collections::BTreeMap<&'static str, u64>,
}

impl Rates {
    fn count(&mut self, authorization: &str) {
        let token = authorization
            .strip_prefix("Bearer ")
            .unwrap_or_default()
            .trim();
        let name = match super::auth::grant_for(token) {
            Some(_) => super::auth::demo_name(token),
            None => "other",
        };
        let second = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let slot = self.current.entry(name).or_insert((second, 0));
        if slot.0 != second {
            *slot = (second, 0);
        }
        slot.1 += 1;
        let peak = self.peak.entry(name).or_default();
        *peak = (*peak).max(slot.1);
    }

    pub(crate) fn reset(&mut self) {
        self.current.clear();
        self.peak.clear();
    }
}

/// Requests of each route in flight, and the most seen at once since the last stats reset: how
/// a test tells one concurrent round of calls from calls made one after another.
#[derive(Debug, Default)]
pub(crate) struct Concurrency {
    now: std::collections::HashMap<String, u64>,
    pub(crate) peak: std::collections::BTreeMap<String, u64>,
}

struct Overlap {
    sim: Arc<Sim>,
    route: String,
}

impl Overlap {
    fn enter(sim: Arc<Sim>, route: String) -> Self {
        {
            let mut c = lock(&sim.concurrency);
            let now = c.now.entry(route.clone()).or_default();
            *now += 1;
            let now = *now;
            let peak = c.peak.entry(route.clone()).or_default();
            *peak = (*peak).max(now);
        }
        Self { sim, route }
    }
}

impl Drop for Overlap {
    fn drop(&mut self) {
        let mut c = lock(&self.sim.concurrency);
        if let Some(now) = c.now.get_mut(&self.route) {
            *now = now.saturating_sub(1);
        }
    }
}

/// Gives a token's place back when its request is answered (or abandoned).
struct Place {
    sim: Arc<Sim>,
    token: String,
}

impl Drop for Place {
    fn drop(&mut self) {
        lock(&self.sim.throttle).leave(&self.token);
    }
}

/// Counts each Webex request by route, throttles a token over its cap, then applies the first
/// matching fault rule.
pub(crate) async fn count_and_fault(
    State(sim): State<Arc<Sim>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let key = format!("{} {}", request.method(), route);
    *lock(&sim.stats).entry(key.clone()).or_default() += 1;
    // Held until the answer is built: how many requests of this route overlap.
    let _overlap = Overlap::enter(sim.clone(), key);
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    lock(&sim.rates).count(token);
    let admission = lock(&sim.throttle).enter(token);
    // Held until the answer is built, so the place counts the request's whole time in flight.
    let _place = matches!(admission, Admission::Admitted).then(|| Place {
        sim: sim.clone(),
        token: token.to_owned(),
    });
    if matches!(admission, Admission::Refused) {
        let mut response = SimError::new(
            &sim,
            request.headers(),
            StatusCode::TOO_MANY_REQUESTS,
            String::from("Too many requests have been made for this token. Please retry after the time in the Retry-After header."),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    let path = request.uri().path().to_owned();
    let method = request.method().as_str().to_owned();
    let Some(action) = lock(&sim.faults).action_for(&method, &path) else {
        return next.run(request).await;
    };
    if let Some(latency) = action.latency {
        tokio::time::sleep(latency).await;
    }
    if let Some(status) = action.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        let mut response = SimError::new(
            &sim,
            request.headers(),
            status,
            format!("Simulated fault: HTTP {}", status.as_u16()),
        )
        .into_response();
        if let Some(v) = action
            .retry_after
            .and_then(|v| HeaderValue::from_str(&v).ok())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return response;
    }
    let response = next.run(request).await;
    if !(action.truncate || action.reset) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    if action.reset {
        // The body stream fails after the first half: hyper aborts the connection mid-response.
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(half),
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "simulated reset",
            )),
        ];
        return Response::from_parts(parts, Body::from_stream(futures::stream::iter(chunks)));
    }
    Response::from_parts(parts, Body::from(half))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out_and_paths_filter() {
        let mut f = Faults::default();
        f.add(FaultRule {
            path: Some("people".into()),
            status: Some(503),
            count: Some(2),
            ..FaultRule::default()
        });
        assert!(f.action_for("GET", "/v1/locations/x").is_none());
        assert_eq!(f.action_for("GET", "/v1/people").unwrap().status, Some(503));
        assert!(f.action_for("GET", "/v1/people").is_some());
        assert!(f.action_for("GET", "/v1/people").is_none());
        f.add(FaultRule {
            method: Some("PUT".into()),
            status: Some(500),
            ..FaultRule::default()
        });
        assert!(
            f.action_for("GET", "/v1/people/x/features/callerId")
                .is_none()
        );
        assert!(
            f.action_for("PUT", "/v1/people/x/features/callerId")
                .is_some()
        );
    }
}
