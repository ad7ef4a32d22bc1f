//! The request body limit, answered so that a plain client can read the answer.
//!
//! Refusing an oversized body straight from its `Content-Length` and closing the connection (what
//! tower-http's limit layer does) leaves a client that is still writing with a broken pipe: it
//! never reads the 413. So the body is read up to the limit; past it, the rest is drained, up to
//! [`DRAIN_FACTOR`] times the limit, and the client gets a 413 in the GraphQL error shape. A body
//! beyond even that is cut off: nobody may make the service read without bound.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use futures::StreamExt;

use super::respond::{self, MediaType};
use crate::graphql::error::code;

/// How many times the limit is drained before the connection is given up.
pub(crate) const DRAIN_FACTOR: usize = 8;

/// Buffers the body within `limit` bytes, or answers 413.
pub(crate) async fn limit_body(
    State(limit): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let media = MediaType::negotiate(&parts.headers);
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::new();
    let mut read: usize = 0;
    let too_large = declared.is_some_and(|n| n > limit as u64);
    if !too_large {
        loop {
            match stream.next().await {
                None => {
                    let request = Request::from_parts(parts, Body::from(buffer));
                    return next.run(request).await;
                }
                Some(Ok(chunk)) => {
                    read = read.saturating_add(chunk.len());
                    if read > limit {
                        break;
                    }
                    buffer.extend_from_slice(&chunk);
                }
                Some(Err(_)) => {
                    return respond::request_error(
                        StatusCode::BAD_REQUEST,
                        media,
                        code::BAD_REQUEST,
                        "The request body could not be read.",
                    );
                }
            }
        }
    }
    drop(buffer);
    let bound = limit.saturating_mul(DRAIN_FACTOR);
    while read <= bound {
        match stream.next().await {
            Some(Ok(chunk)) => read = read.saturating_add(chunk.len()),
            _ => break,
        }
    }
    let mut response = respond::request_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        media,
        code::BAD_REQUEST,
        &format!("The request body is larger than the limit of {limit} bytes."),
    );
    if read > bound {
        // The client keeps sending: tell it this connection ends here.
        response.headers_mut().insert(
            header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
    }
    response
}
