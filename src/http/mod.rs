//! HTTP routes: `POST /graphql`, `GET /graphql` (GraphiQL for browsers, GET queries otherwise),
//! the playground assets, and `GET /health`. This module never defines GraphQL types.

mod body_limit;
mod graphiql;
mod respond;
mod websocket;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLRequest};
use axum::extract::MatchedPath;
use axum::extract::{DefaultBodyLimit, FromRequest, State};
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

use self::respond::MediaType;

use crate::graphql::error::code;
use crate::graphql::{Engine, LoaderConfig, RequestContext};
use crate::webex::{BearerToken, Client, TraceContext};

pub(crate) use graphiql::embedded as graphiql_embedded;

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
            get(graphql_get)
                .post(graphql_post)
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

async fn graphql_post(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim();
            mime.eq_ignore_ascii_case("application/json")
                || mime.eq_ignore_ascii_case("application/graphql-response+json")
        });
    let media = MediaType::negotiate(&headers);
    if !is_json {
        return respond::request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            code::BAD_REQUEST,
            "POST the GraphQL request as JSON with `Content-Type: application/json`.",
        );
    }
    // The body is already buffered (limit_body); it is read here once more only for
    // `documentId`, which async-graphql's request type has no field for.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return respond::request_error(
            StatusCode::BAD_REQUEST,
            media,
            code::BAD_REQUEST,
            "The request body could not be read.",
        );
    };
    let document_ids = document_ids(&bytes);
    let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
    let request = match GraphQLBatchRequest::<GraphQLRejection>::from_request(request, &()).await {
        Ok(request) => request.into_inner(),
        Err(rejection) => return rejected(rejection, media),
    };
    if let BatchRequest::Batch(items) = &request
        && items.len() > state.max_batch
    {
        let message = format!(
            "A batch may hold at most {} operations, got {}.",
            state.max_batch,
            items.len()
        );
        return respond::request_error(StatusCode::BAD_REQUEST, media, code::BAD_REQUEST, &message);
    }
    if let BatchRequest::Single(single) = &request
        && single.query.trim().is_empty()
        && !persisted(single)
        && document_ids.first().is_none_or(Option::is_none)
    {
        return missing_query(media);
    }
    let context = context(&state, &headers);
    let request = request.data(context.clone());
    let (batch, operations) = state.engine.execute_batch(request, &document_ids).await;
    observe(&operations, &batch, &context);
    let cache = respond::cache_control(state.cache_max_age, &batch, &context);
    let mut response = respond::graphql(with_costs(batch, &context), media);
    response.headers_mut().insert(header::CACHE_CONTROL, cache);
    response
}

/// The `documentId` of each request of a JSON body (the GraphQL-over-HTTP persisted documents
/// proposal), in order; empty when the body names none, which is the common case and is told
/// without parsing.
fn document_ids(body: &[u8]) -> Vec<Option<String>> {
    const KEY: &[u8] = b"\"documentId\"";
    if !body.windows(KEY.len()).any(|w| w == KEY) {
        return Vec::new();
    }
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(rename = "documentId")]
        document_id: Option<String>,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Body {
        One(Named),
        Many(Vec<Named>),
    }
    match serde_json::from_slice::<Body>(body) {
        Ok(Body::One(named)) => vec![named.document_id],
        Ok(Body::Many(batch)) => batch.into_iter().map(|n| n.document_id).collect(),
        Err(_) => Vec::new(),
    }
}

/// The `documentId` parameter of a GET.
fn document_id_param(uri: &axum::http::Uri) -> Option<String> {
    url::form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(k, _)| k == "documentId")
        .map(|(_, v)| v.into_owned())
}

/// Whether a request names an automatic persisted query (its text may then be absent).
fn persisted(request: &async_graphql::Request) -> bool {
    request.extensions.0.contains_key("persistedQuery")
}

fn missing_query(media: MediaType) -> Response {
    respond::request_error(
        StatusCode::BAD_REQUEST,
        media,
        code::BAD_REQUEST,
        "The request has no `query`: send JSON like {\"query\": \"{ … }\"}.",
    )
}

/// A body async-graphql could not read: malformed JSON, a missing `query`, an oversized payload.
fn rejected(rejection: GraphQLRejection, media: MediaType) -> Response {
    let status = rejection.into_response().status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "The request body is too large."
    } else {
        "The request body is not a GraphQL request: send JSON like {\"query\": \"…\", \"variables\": {…}}."
    };
    respond::request_error(status, media, code::BAD_REQUEST, message)
}

async fn graphql_get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    // A persisted query may come as its hash alone, in `extensions`, or as a `documentId`.
    let document_id = document_id_param(&uri);
    let has_query = document_id.is_some()
        || uri
            .query()
            .is_some_and(|q| q.contains("query=") || q.contains("extensions="));
    let media = MediaType::negotiate(&headers);
    match (&state.graphiql, wants_html && !has_query, request) {
        (Some(playground), true, _) => {
            graphiql::page(&playground.query, &playground.examples, &playground.headers)
                .into_response()
        }
        (_, _, Ok(request)) if has_query => {
            let request = request.into_inner();
            if request.query.trim().is_empty() && !persisted(&request) && document_id.is_none() {
                return missing_query(media);
            }
            let context = context(&state, &headers);
            let request = request.data(context.clone());
            let executed = match state
                .engine
                .execute_get(request, document_id.as_deref())
                .await
            {
                Ok(executed) => executed,
                Err(_) => {
                    let mut response = respond::request_error(
                        StatusCode::METHOD_NOT_ALLOWED,
                        media,
                        code::BAD_REQUEST,
                        "Mutations are only accepted over POST.",
                    );
                    response
                        .headers_mut()
                        .insert(header::ALLOW, HeaderValue::from_static("POST"));
                    return response;
                }
            };
            let operations = [executed.operation];
            let batch = executed.response.into();
            observe(&operations, &batch, &context);
            // Answers depend on the token: never `public`.
            let cache = respond::cache_control(state.cache_max_age, &batch, &context);
            let mut response = respond::graphql(with_costs(batch, &context), media);
            response.headers_mut().insert(header::CACHE_CONTROL, cache);
            response
        }
        (_, _, Err(rejection)) if has_query => rejected(rejection, media),
        _ => respond::request_error(
            StatusCode::BAD_REQUEST,
            media,
            code::BAD_REQUEST,
            "Send a GraphQL query: POST a JSON body, or GET with a `query` parameter.",
        ),
    }
}
