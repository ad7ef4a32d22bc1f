//! `POST /graphql` and `GET /graphql`: reading a GraphQL request (with its `documentId`, if any),
//! running it through the engine, and answering in the negotiated media type.

use std::sync::Arc;

use async_graphql::BatchRequest;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLRequest};
use axum::extract::{FromRequest, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::respond::{self, MediaType};
use super::{AppState, context, graphiql, observe, with_costs};
use crate::graphql::error::code;

pub(super) async fn graphql_post(
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

pub(super) async fn graphql_get(
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
