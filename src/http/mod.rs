//! HTTP routes: `POST /graphql`, `GET /graphql` (GraphiQL for browsers, GET queries otherwise),
//! the playground assets, and `GET /health`. This module never defines GraphQL types.

mod body_limit;
mod graphiql;
mod graphql;
mod respond;
mod websocket;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::BatchResponse;
use axum::extract::MatchedPath;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::time::Instant;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::graphql::error::code;
use crate::graphql::{Engine, LoaderConfig, RequestContext};
use crate::webex::{BearerToken, Client, TraceContext};

pub(crate) use graphiql::embedded as graphiql_embedded;
pub(crate) use graphiql::playground;

/// What the handlers share.
pub(crate) struct AppState {
    pub(crate) engine: Engine,
    pub(crate) client: Client,
    pub(crate) loaders: LoaderConfig,
    /// How long one GraphQL request may spend on upstream calls, retries included.
    pub(crate) deadline: Duration,
    pub(crate) max_batch: usize,
    pub(crate) max_body_bytes: usize,
    /// `None`: the playground is switched off.
    pub(crate) graphiql: Option<Playground>,
    pub(crate) cors_origins: Vec<HeaderValue>,
    /// Report upstream costs in every response (`--cost-extensions`).
    pub(crate) cost_extensions: bool,
    /// Seconds a browser may keep a GET query answer (`--cache-max-age`; 0: `no-store`).
    pub(crate) cache_max_age: u64,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("upstream", self.client.base_url())
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

/// What the playground opens with.
#[derive(Debug, Clone)]
pub(crate) struct Playground {
    pub(crate) query: String,
    /// Every example operation, one tab each; the first is `query`.
    pub(crate) examples: Vec<String>,
    /// JSON text for the headers tab (the demo token in simulator mode).
    pub(crate) headers: String,
}

/// The service's router.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let body_limit = state.max_body_bytes;
    let cors = (!state.cors_origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(state.cors_origins.clone()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .max_age(Duration::from_secs(600))
    });
    let mut router = Router::new()
        .route(
            "/graphql",
            get(graphql::graphql_get)
                .post(graphql::graphql_post)
                // The answer depends on Accept (playground or JSON, and which JSON media type), so
                // a shared cache must not hand one client's answer to another.
                .layer(SetResponseHeaderLayer::appending(
                    header::VARY,
                    HeaderValue::from_static("accept"),
                ))
                // A WebSocket upgrade on the same path: subscriptions.
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    websocket::upgrade_or_next,
                )),
        )
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/health", get(health))
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/.well-known/apollo/server-health", get(apollo_health))
        .route("/metrics", get(metrics))
        .with_state(state)
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            body_limit,
            body_limit::limit_body,
        ))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(|_| internal_error_response()))
        .layer(axum::middleware::from_fn(count_requests));
    if let Some(cors) = cors {
        router = router.layer(cors);
    }
    // Request spans carry method, path and request id; never headers (they hold the token).
    router
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or_else(|| request.uri().path(), MatchedPath::as_str);
                    let span = tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id = %id,
                        trace_id = tracing::field::Empty,
                        "otel.name" = tracing::field::Empty,
                        "otel.kind" = tracing::field::Empty,
                    );
                    // The trace id goes on every log line of the request: the exported trace's when spans
                    // are exported, else the caller's own.
                    let trace_id = crate::telemetry::server_span(
                        &span,
                        request.method().as_str(),
                        route,
                        request.headers(),
                    )
                    .or_else(|| trace_context(request.headers()).map(|t| t.trace_id));
                    if let Some(trace_id) = trace_id {
                        span.record("trace_id", tracing::field::display(trace_id));
                    }
                    span
                })
                // One access-log line per request: status and latency (the span adds method, path, id).
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

fn internal_error_response() -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": "Internal server error", "extensions": { "code": code::INTERNAL_SERVER_ERROR } }]
    });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

/// Counts and times every request by route template and status.
async fn count_requests(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("callerid_http_requests_total", "path" => path.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("callerid_http_request_duration_seconds", "path" => path)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`, Prometheus text format.
async fn metrics() -> Response {
    crate::metrics::sample_process();
    match crate::metrics::handle() {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder unavailable",
        )
            .into_response(),
    }
}

/// Liveness (`/healthz`, and `/health` as before): the process serves requests.
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Apollo's health check path, in its answer shape.
async fn apollo_health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "pass" }))
}

/// How recent an upstream answer makes the service ready without a probe.
const READY_WITHIN: Duration = Duration::from_secs(30);
/// How long a readiness probe waits for Webex.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Readiness (`/readyz`): Webex answered within the last 30 s, or answers a token-less probe
/// within 2 s. 503 with the reason otherwise.
async fn ready(State(state): State<Arc<AppState>>) -> Response {
    // A cache that is down is a degradation, not unreadiness: answers still come from Webex.
    let ready = || {
        let mut body = serde_json::json!({ "status": "ready" });
        if let Some(cache) = state.client.cache() {
            let health = cache.health();
            if health["healthy"] == false {
                body["degraded"] = serde_json::json!(["cache"]);
            }
            body["cache"] = health;
        }
        Json(body).into_response()
    };
    if state
        .client
        .last_answer_age()
        .is_some_and(|age| age < READY_WITHIN)
    {
        return ready();
    }
    match state.client.probe(PROBE_TIMEOUT).await {
        Ok(()) => ready(),
        Err(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "reason": reason })),
        )
            .into_response(),
    }
}

/// The caller's bearer token, if the request carries one.
fn bearer(headers: &HeaderMap) -> Option<BearerToken> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| BearerToken::new(token))
}

fn context(state: &AppState, headers: &HeaderMap) -> Arc<RequestContext> {
    let wants_cost = state.cost_extensions
        || headers
            .get("x-upstream-cost")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    Arc::new(RequestContext::new(
        state.client.clone(),
        bearer(headers),
        Some(Instant::now() + state.deadline),
        &state.loaders,
        wants_cost,
        trace_context(headers),
    ))
}

/// The caller's W3C trace context, when it sent a well-formed one.
fn trace_context(headers: &HeaderMap) -> Option<TraceContext> {
    let parent = headers.get("traceparent")?.to_str().ok()?;
    let state = headers.get("tracestate").and_then(|v| v.to_str().ok());
    TraceContext::parse(parent, state)
}

/// Counts executed operations by name and outcome, and the upstream calls they made.
fn observe(operations: &[Option<String>], batch: &BatchResponse, context: &RequestContext) {
    let calls = context.upstream_calls();
    match batch {
        BatchResponse::Single(r) => crate::graphql::error::account(&r.errors),
        BatchResponse::Batch(items) => {
            for r in items {
                crate::graphql::error::account(&r.errors);
            }
        }
    }
    match batch {
        BatchResponse::Single(r) => {
            crate::metrics::graphql_request(
                operations.first().and_then(|o| o.as_deref()),
                r,
                calls,
            );
        }
        BatchResponse::Batch(items) => {
            for (i, r) in items.iter().enumerate() {
                // The batch shares one count: attribute it to its first operation.
                let calls = if i == 0 { calls } else { 0 };
                crate::metrics::graphql_request(
                    operations.get(i).and_then(|o| o.as_deref()),
                    r,
                    calls,
                );
            }
        }
    }
}

/// Adds `extensions.upstream` to each response when the request asked for its costs. A batch
/// shares one context, so each of its responses carries the whole batch's costs.
fn with_costs(mut batch: BatchResponse, context: &RequestContext) -> BatchResponse {
    let Some(costs) = context.costs() else {
        return batch;
    };
    let value = costs_value(&costs);
    match &mut batch {
        BatchResponse::Single(r) => {
            r.extensions.insert("upstream".into(), value);
        }
        BatchResponse::Batch(items) => {
            for r in items {
                r.extensions.insert("upstream".into(), value.clone());
            }
        }
    }
    batch
}

fn costs_value(costs: &crate::webex::Costs) -> async_graphql::Value {
    let calls: serde_json::Map<String, serde_json::Value> = costs
        .calls
        .iter()
        .map(|(endpoint, n)| ((*endpoint).to_owned(), serde_json::json!(n)))
        .collect();
    let total: u64 = costs.calls.values().sum();
    let hits: serde_json::Map<String, serde_json::Value> = costs
        .cache_hits
        .iter()
        .map(|(endpoint, n)| ((*endpoint).to_owned(), serde_json::json!(n)))
        .collect();
    let json = serde_json::json!({
        "calls": total,
        "byEndpoint": calls,
        "cacheHits": costs.cache_hits.values().sum::<u64>(),
        "cacheHitsByEndpoint": hits,
        "retries": costs.retries,
        "rateLimitWaitMs": costs.rate_limit_wait.as_millis() as u64,
        "upstreamMs": costs.upstream.as_millis() as u64,
    });
    async_graphql::Value::from_json(json).unwrap_or_default()
}
