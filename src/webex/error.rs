//! The one error type of the REST client. Each variant names the endpoint it happened on (a route
//! template, never a URL with ids or tokens) so logs say where without leaking what.

use std::time::Duration;

use serde::Deserialize;

/// The Webex error body: `{"message", "errors": [{"description", "errorCode"}], "trackingId"}`.
/// Every field is optional here because some services answer 429 with no body at all.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub errors: Vec<ErrorDetail>,
    #[serde(default)]
    pub tracking_id: Option<String>,
    /// The other shape some telephony endpoints use: `{"error": [{"code", "message"}]}`.
    #[serde(default, rename = "error")]
    pub coded: Vec<CodedError>,
}

/// One entry of `error[]` in the telephony error shape.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct CodedError {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
}

/// One entry of `errors[]` in a Webex error body.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub error_code: Option<i64>,
}

impl ErrorBody {
    /// The most specific human text in the body: the first `errors[].description`, else `message`.
    pub fn text(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.description.as_deref())
            .or(self.message.as_deref())
            .or_else(|| self.coded.iter().find_map(|e| e.message.as_deref()))
    }
}

/// A failed upstream call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Webex answered with a non-success status (after any retries).
    #[error("{endpoint} answered HTTP {status}")]
    Status {
        endpoint: &'static str,
        status: u16,
        body: Box<ErrorBody>,
        /// The tracking id of the failed call: from the body, else the response header, else ours.
        tracking_id: String,
        /// The `Retry-After` the last answer carried, parsed.
        retry_after: Option<Duration>,
    },
    /// Webex asked us to wait longer than the request's deadline allows, so we gave up early.
    #[error("{endpoint} is rate limited; retry after {retry_after:?}")]
    RateLimited {
        endpoint: &'static str,
        status: u16,
        body: Box<ErrorBody>,
        tracking_id: String,
        retry_after: Duration,
    },
    /// The call did not finish within its timeout or the request's deadline.
    #[error("{endpoint} timed out")]
    Timeout {
        endpoint: &'static str,
        tracking_id: String,
    },
    /// The connection failed (refused, reset, TLS, DNS).
    #[error("{endpoint} could not be reached")]
    Transport {
        endpoint: &'static str,
        tracking_id: String,
        #[source]
        source: reqwest::Error,
    },
    /// A 2xx answer whose body is not the JSON we expect (malformed, truncated, wrong shape).
    #[error("{endpoint} sent a body that could not be decoded")]
    Decode {
        endpoint: &'static str,
        tracking_id: String,
        #[source]
        source: serde_json::Error,
    },
    /// The caller gave something the request cannot carry: an id that would change the path, a
    /// token a header cannot hold. Nothing was sent.
    #[error("{endpoint}: unusable input: {reason}")]
    InvalidInput {
        endpoint: &'static str,
        reason: String,
    },
    /// Webex answered with a next-page link this service will not follow (another origin would
    /// receive the caller's token).
    #[error("{endpoint}: next-page link refused: {reason}")]
    LinkRefused {
        endpoint: &'static str,
        tracking_id: String,
        reason: String,
    },
    /// Our own request could not be built (a base URL that cannot take a path): a configuration
    /// fault, not the caller's.
    #[error("request to {endpoint} could not be built: {reason}")]
    Request {
        endpoint: &'static str,
        reason: String,
    },
}

impl Error {
    /// The HTTP status Webex answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::RateLimited { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The tracking id to quote to Webex support or to find this call in our logs.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            Error::Status { tracking_id, .. }
            | Error::RateLimited { tracking_id, .. }
            | Error::Timeout { tracking_id, .. }
            | Error::Transport { tracking_id, .. }
            | Error::Decode { tracking_id, .. } => Some(tracking_id),
            Error::LinkRefused { tracking_id, .. } => Some(tracking_id),
            Error::Request { .. } | Error::InvalidInput { .. } => None,
        }
    }

    /// The upstream error body, when Webex sent one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Status { body, .. } | Error::RateLimited { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The endpoint (route template) the call went to.
    pub fn endpoint(&self) -> &'static str {
        match self {
            Error::Status { endpoint, .. }
            | Error::RateLimited { endpoint, .. }
            | Error::Timeout { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Request { endpoint, .. }
            | Error::InvalidInput { endpoint, .. }
            | Error::LinkRefused { endpoint, .. } => endpoint,
        }
    }

    /// How long Webex asked us to wait, for 429/423 answers.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => Some(*retry_after),
            Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
