//! GraphQL over HTTP responses: content negotiation by `Accept` and the status code rules of the
//! GraphQL-over-HTTP spec.
//!
//! - `application/graphql-response+json` when the client asks for it (and prefers it at least as
//!   much as `application/json`); `application/json` when it asks for that, sends `*/*` or no
//!   `Accept` at all (the spec's rule for legacy clients), or names nothing we serve.
//! - A *request error* (the document does not parse or validate, variables do not coerce, the
//!   operation is unknown) has no `data` key, as the GraphQL spec says of errors raised before
//!   execution. Under `application/graphql-response+json` it is a 400; under `application/json`
//!   a 200, as the spec asks for well-formed requests there.
//! - Errors during execution keep `data` (partial results) and status 200.

use async_graphql::{BatchResponse, ServerError, Value};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::graphql::RequestContext;

/// The media types a GraphQL response can be sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaType {
    Json,
    GraphQLResponseJson,
}

impl MediaType {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::Json => "application/json; charset=utf-8",
            MediaType::GraphQLResponseJson => "application/graphql-response+json; charset=utf-8",
        })
    }

    /// The media type the client's `Accept` header prefers.
    pub(crate) fn negotiate(headers: &HeaderMap) -> Self {
        // (q, media type, whether it came from a wildcard)
        let mut best: Option<(f32, MediaType, bool)> = None;
        for value in headers.get_all(header::ACCEPT) {
            let Ok(value) = value.to_str() else { continue };
            for range in value.split(',') {
                let mut parts = range.split(';');
                let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                let media = match mime.as_str() {
                    "application/graphql-response+json" => MediaType::GraphQLResponseJson,
                    "application/json" | "application/*" | "*/*" => MediaType::Json,
                    _ => continue,
                };
                // Ties go to the first listed, except that a named type beats a wildcard.
                let wildcard = mime.ends_with("/*");
                let better = match best {
                    None => q > 0.0,
                    Some((bq, _, best_is_wildcard)) => {
                        q > bq || (q == bq && best_is_wildcard && !wildcard)
                    }
                };
                if better {
                    best = Some((q, media, wildcard));
                }
            }
        }
        best.map_or(MediaType::Json, |(_, m, _)| m)
    }
}

/// Whether `response` is a request error: nothing executed, so there is no `data`.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// The HTTP response for a GraphQL result.
pub(crate) fn graphql(batch: BatchResponse, media: MediaType) -> Response {
    let (status, body, mut headers) = match batch {
        BatchResponse::Single(response) => {
            let request_error = is_request_error(&response);
            let status = if request_error && media == MediaType::GraphQLResponseJson {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            let headers = headers_of(&response);
            let body = if request_error {
                serde_json::to_vec(&Errors::of(&response))
            } else {
                serde_json::to_vec(&Executed::of(&response))
            };
            (status, body, headers)
        }
        BatchResponse::Batch(responses) => {
            let headers = responses.first().map(headers_of).unwrap_or_default();
            let items: Vec<Item<'_>> = responses
                .iter()
                .map(|r| {
                    if is_request_error(r) {
                        Item::Errors(Errors::of(r))
                    } else {
                        Item::Response(Executed::of(r))
                    }
                })
                .collect();
            (StatusCode::OK, serde_json::to_vec(&items), headers)
        }
    };
    let Ok(body) = body else {
        return super::internal_error_response();
    };
    headers.insert(header::CONTENT_TYPE, media.header());
    (status, headers, body).into_response()
}

/// An error answered before GraphQL runs (bad body, wrong content type), in the response shape.
pub(crate) fn request_error(
    status: StatusCode,
    media: MediaType,
    code: &str,
    message: &str,
) -> Response {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    let body = Errors {
        errors: std::slice::from_ref(&error),
        extensions: None,
    };
    match serde_json::to_vec(&body) {
        Ok(body) => (status, [(header::CONTENT_TYPE, media.header())], body).into_response(),
        Err(_) => super::internal_error_response(),
    }
}

/// A response without `data`; serialized field by field so `message` leads each error.
#[derive(Serialize)]
struct Errors<'a> {
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<&'a std::collections::BTreeMap<String, Value>>,
}

impl<'a> Errors<'a> {
    fn of(response: &'a async_graphql::Response) -> Self {
        Errors {
            errors: &response.errors,
            extensions: (!response.extensions.is_empty()).then_some(&response.extensions),
        }
    }
}

/// A response whose operation ran: `data` first, as the GraphQL spec's examples and most servers
/// write it (async-graphql 8 serializes `errors` first), then `errors` and `extensions` when there
/// are any.
#[derive(Serialize)]
struct Executed<'a> {
    data: &'a Value,
    #[serde(skip_serializing_if = "<[ServerError]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, Value>,
}

impl<'a> Executed<'a> {
    fn of(response: &'a async_graphql::Response) -> Self {
        Executed {
            data: &response.data,
            errors: &response.errors,
            extensions: &response.extensions,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Errors(Errors<'a>),
    Response(Executed<'a>),
}

fn headers_of(response: &async_graphql::Response) -> HeaderMap {
    let mut headers = response.http_headers.clone();
    if let Some(value) = response
        .cache_control
        .value()
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        headers.insert(header::CACHE_CONTROL, value);
    }
    headers
}

/// `Cache-Control` of a GraphQL answer: `private, max-age=N` with N the least time left of the
/// cached Webex answers it used (at most `--cache-max-age` when that is set; that value when it
/// used none), so a gateway's response cache keeps it per user for no longer than its parts.
/// `no-store` when anything it used was uncached, it has errors, or a mutation ran.
pub(super) fn cache_control(
    max_age: u64,
    batch: &BatchResponse,
    context: &RequestContext,
) -> HeaderValue {
    let no_store = HeaderValue::from_static("no-store");
    let errors = match batch {
        BatchResponse::Single(r) => !r.errors.is_empty(),
        BatchResponse::Batch(items) => items.iter().any(|r| !r.errors.is_empty()),
    };
    let Some(fresh_for) = context.freshness().filter(|_| !errors) else {
        return no_store;
    };
    let cap = (max_age > 0).then_some(max_age);
    let seconds = match (fresh_for.map(|d| d.as_secs()), cap) {
        (Some(left), Some(cap)) => left.min(cap),
        (Some(left), None) => left,
        (None, Some(cap)) => cap,
        (None, None) => 0,
    };
    if seconds == 0 {
        return no_store;
    }
    HeaderValue::from_str(&format!("private, max-age={seconds}")).unwrap_or(no_store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: Option<&str>) -> MediaType {
        let mut h = HeaderMap::new();
        if let Some(a) = accept {
            h.insert(header::ACCEPT, HeaderValue::from_str(a).unwrap());
        }
        MediaType::negotiate(&h)
    }

    #[test]
    fn accept_picks_the_media_type_the_spec_says() {
        use MediaType::*;
        assert_eq!(pick(None), Json);
        assert_eq!(pick(Some("*/*")), Json);
        assert_eq!(pick(Some("application/json")), Json);
        assert_eq!(pick(Some("text/html")), Json);
        assert_eq!(
            pick(Some("application/graphql-response+json")),
            GraphQLResponseJson
        );
        assert_eq!(
            pick(Some(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            GraphQLResponseJson
        );
        assert_eq!(
            pick(Some("application/json, application/graphql-response+json")),
            Json
        );
        assert_eq!(
            pick(Some("*/*, application/graphql-response+json")),
            GraphQLResponseJson
        );
        assert_eq!(
            pick(Some(
                "application/graphql-response+json;q=0.5, application/json"
            )),
            Json
        );
        assert_eq!(pick(Some("application/graphql-response+json;q=0")), Json);
    }
}
