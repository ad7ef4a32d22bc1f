//! `ApiError`, what resolvers return, and its one conversion into a GraphQL error with a stable
//! `extensions.code`. It deliberately does not implement `Display`: async-graphql has a blanket
//! `From<T: Display>` that would build an error *without* extensions and silently drop the code.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::ErrorExtensionValues;

use crate::webex;

/// Error codes in `extensions.code`. Apollo's names where one fits, ours for the rest.
pub mod code {
    /// The request's arguments are invalid; nothing was sent upstream.
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    /// No bearer token, or Webex rejected it (401).
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// The token lacks the scope or admin role (403).
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// The location, owner or detail does not exist (404).
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// Webex rate-limited the call and the wait would overrun the request's deadline.
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    /// Webex did not answer in time.
    pub const UPSTREAM_TIMEOUT: &str = "UPSTREAM_TIMEOUT";
    /// Webex could not be reached or answered 5xx after retries.
    pub const UPSTREAM_UNAVAILABLE: &str = "UPSTREAM_UNAVAILABLE";
    /// Webex answered 2xx with a body we cannot read, or a next link we will not follow.
    pub const UPSTREAM_BAD_RESPONSE: &str = "UPSTREAM_BAD_RESPONSE";
    /// Webex's next-page link points to another host; it was not followed with the caller's token.
    pub const UPSTREAM_LINK_REFUSED: &str = "UPSTREAM_LINK_REFUSED";
    /// Webex answered with another 4xx status.
    pub const UPSTREAM_ERROR: &str = "UPSTREAM_ERROR";
    /// A bug or an unexpected condition in this service; details are in its log only.
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
    /// The request itself is malformed (a bad persisted-query extension, a hash that does not
    /// match its query).
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    /// A write's number or member is not one of the entity's candidates (`setCallerId`'s
    /// `customNumber`, `setEmergencyCallback`'s `memberId`); `extensions.reason` says why.
    pub const NUMBER_NOT_AVAILABLE: &str = "NUMBER_NOT_AVAILABLE";
    /// The document is not valid GraphQL syntax.
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    /// The query breaks a limit (depth, complexity, aliases) or the schema.
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    /// Apollo's automatic persisted queries are switched off (`--apq-cache-size 0`).
    pub const PERSISTED_QUERY_NOT_SUPPORTED: &str = "PERSISTED_QUERY_NOT_SUPPORTED";
    /// The persisted query's hash is not known here (yet): send the query with it.
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
    /// The service runs only its trusted documents, and this is not one of them.
    pub const PERSISTED_QUERY_NOT_IN_LIST: &str = "PERSISTED_QUERY_NOT_IN_LIST";

    /// Every code, for metric labels: a code outside this list is counted as `OTHER`.
    pub const ALL: [&str; 20] = [
        BAD_USER_INPUT,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        RATE_LIMITED,
        UPSTREAM_TIMEOUT,
        UPSTREAM_UNAVAILABLE,
        UPSTREAM_BAD_RESPONSE,
        UPSTREAM_LINK_REFUSED,
        UPSTREAM_ERROR,
        INTERNAL_SERVER_ERROR,
        BAD_REQUEST,
        NUMBER_NOT_AVAILABLE,
        GRAPHQL_PARSE_FAILED,
        GRAPHQL_VALIDATION_FAILED,
        PERSISTED_QUERY_NOT_SUPPORTED,
        PERSISTED_QUERY_NOT_FOUND,
        PERSISTED_QUERY_NOT_IN_LIST,
        super::OTHER,
        super::NONE,
    ];
}

/// The metric label of an error whose code is none of ours.
const OTHER: &str = "OTHER";
/// The metric label of an error without a code.
const NONE: &str = "NONE";

/// An internal error's detail, carried to where the response leaves as the error's source
/// (never serialised), so it is logged there, once.
#[derive(Debug)]
pub(crate) struct InternalDetail(pub(crate) String);

/// Counts a response's errors by code, once each, and logs the details of the internal ones:
/// called where a response leaves (HTTP, WebSocket), when its errors are final. Converting an
/// `ApiError` counts nothing: one failed call read by many fields would count many times, and an
/// error null propagation drops would count at all.
pub(crate) fn account(errors: &[async_graphql::ServerError]) {
    for error in errors {
        let label = match error.extensions.as_ref().and_then(|x| x.get("code")) {
            Some(async_graphql::Value::String(c)) => code::ALL
                .iter()
                .find(|k| **k == c.as_str())
                .copied()
                .unwrap_or(OTHER),
            _ => NONE,
        };
        metrics::counter!("callerid_graphql_errors_total", "code" => label).increment(1);
        if let Some(InternalDetail(detail)) = error
            .source
            .as_ref()
            .and_then(|s| s.downcast_ref::<InternalDetail>())
        {
            tracing::error!(exception.message = %detail, path = ?error.path, "internal error");
        }
    }
}

/// Why a number or member is not available (`extensions.reason` of `NUMBER_NOT_AVAILABLE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Webex's numbers list (`GET /telephony/config/numbers`) does not know it.
    NotInOrganization,
    /// It is a number of a location in another country.
    OtherCountry,
    /// It is a number of a location in the same country that Webex does not list for this one:
    /// another PSTN provider, or (India) another zone.
    OtherPstnOrZone,
    /// The location's list offers it, the person's does not: the person is in a Cisco PSTN
    /// location with a mobile primary number and no billing plan, so only that mobile number is
    /// offered.
    MobileNumberRule,
    /// The emergency callback member is not a person, workspace, virtual line or hunt group.
    NotAMemberType,
    /// The emergency callback member belongs to another location.
    OtherLocation,
    /// None of the above could be established (or the calls that would say failed).
    Unknown,
}

impl Reason {
    /// Every reason, in the order the documentation lists them.
    pub const ALL: [Reason; 7] = [
        Reason::NotInOrganization,
        Reason::OtherCountry,
        Reason::OtherPstnOrZone,
        Reason::MobileNumberRule,
        Reason::NotAMemberType,
        Reason::OtherLocation,
        Reason::Unknown,
    ];

    /// Its spelling in `extensions.reason`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::NotInOrganization => "NOT_IN_ORGANIZATION",
            Reason::OtherCountry => "OTHER_COUNTRY",
            Reason::OtherPstnOrZone => "OTHER_PSTN_OR_ZONE",
            Reason::MobileNumberRule => "MOBILE_NUMBER_RULE",
            Reason::NotAMemberType => "NOT_A_MEMBER_TYPE",
            Reason::OtherLocation => "OTHER_LOCATION",
            Reason::Unknown => "UNKNOWN",
        }
    }
}

/// A refused number or member: the sentence for the admin, the reason, and the location the
/// number belongs to when known.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub message: String,
    pub reason: Reason,
    /// `(id, name)` of the number's location.
    pub location: Option<(String, Option<String>)>,
}

/// What resolvers fail with.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// Invalid arguments; the message says which and why.
    BadUserInput(String),
    /// No bearer token on the request.
    Unauthenticated(String),
    /// A lookup found nothing (the upstream answered 404 for it, or listed it as not found).
    NotFound(String),
    /// A number or member the entity may not choose, and why.
    NumberNotAvailable(Refusal),
    /// An upstream call failed.
    Upstream(Arc<webex::Error>),
    /// An upstream call failed, and what that means for the caller is worth saying first (a
    /// write whose outcome is unknown).
    UpstreamWith(Arc<webex::Error>, String),
    /// Something that should not happen; the message goes to the log, not to the client.
    Internal(String),
}

impl From<Arc<webex::Error>> for ApiError {
    fn from(e: Arc<webex::Error>) -> Self {
        match e.as_ref() {
            // Not Webex's doing: the caller's input, or our configuration.
            webex::Error::InvalidInput { reason, .. } => {
                ApiError::BadUserInput(format!("{reason}; nothing was sent to Webex"))
            }
            webex::Error::Request { .. } => ApiError::Internal(e.to_string()),
            _ => ApiError::Upstream(e),
        }
    }
}

impl From<webex::Error> for ApiError {
    fn from(e: webex::Error) -> Self {
        Arc::new(e).into()
    }
}

impl ApiError {
    /// An upstream failure with a sentence in front of Webex's own words.
    pub(crate) fn upstream_with(e: webex::Error, context: &str) -> Self {
        ApiError::from(e).context(context)
    }

    /// An upstream failure with `context` in front of Webex's own words; other errors as they
    /// are.
    pub(crate) fn context(self, context: &str) -> Self {
        match self {
            ApiError::Upstream(e) => ApiError::UpstreamWith(e, context.to_owned()),
            other => other,
        }
    }

    /// The message a client reads. An upstream failure was logged once, by the client, when
    /// the call failed; an internal one's detail goes to the log only.
    pub(crate) fn message(&self) -> String {
        match self {
            ApiError::BadUserInput(m) | ApiError::Unauthenticated(m) | ApiError::NotFound(m) => {
                m.clone()
            }
            ApiError::NumberNotAvailable(r) => r.message.clone(),
            ApiError::Internal(_) => "Internal server error".to_owned(),
            ApiError::Upstream(u) => upstream_message(u),
            ApiError::UpstreamWith(u, context) => format!("{context}: {}", upstream_message(u)),
        }
    }

    /// Why a number was refused, for `NUMBER_NOT_AVAILABLE`.
    pub(crate) fn reason(&self) -> Option<Reason> {
        match self {
            ApiError::NumberNotAvailable(r) => Some(r.reason),
            _ => None,
        }
    }

    /// The `extensions.code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadUserInput(_) => code::BAD_USER_INPUT,
            ApiError::Unauthenticated(_) => code::UNAUTHENTICATED,
            ApiError::NotFound(_) => code::NOT_FOUND,
            ApiError::Internal(_) => code::INTERNAL_SERVER_ERROR,
            ApiError::NumberNotAvailable(_) => code::NUMBER_NOT_AVAILABLE,
            ApiError::Upstream(e) | ApiError::UpstreamWith(e, _) => upstream_code(e),
        }
    }
}

fn upstream_code(e: &webex::Error) -> &'static str {
    match e {
        webex::Error::RateLimited { .. } => code::RATE_LIMITED,
        webex::Error::Timeout { .. } => code::UPSTREAM_TIMEOUT,
        webex::Error::Transport { .. } => code::UPSTREAM_UNAVAILABLE,
        webex::Error::Decode { .. } => code::UPSTREAM_BAD_RESPONSE,
        webex::Error::LinkRefused { .. } => code::UPSTREAM_LINK_REFUSED,
        webex::Error::InvalidInput { .. } => code::BAD_USER_INPUT,
        webex::Error::Request { .. } => code::INTERNAL_SERVER_ERROR,
        webex::Error::Status { status, .. } => match status {
            400 => code::BAD_USER_INPUT,
            401 => code::UNAUTHENTICATED,
            403 => code::FORBIDDEN,
            404 => code::NOT_FOUND,
            429 => code::RATE_LIMITED,
            423 | 500..=599 => code::UPSTREAM_UNAVAILABLE,
            _ => code::UPSTREAM_ERROR,
        },
    }
}

/// The client-facing message for an upstream failure: Webex's own words where it gave them (they
/// are meant for API users), a fixed sentence otherwise. Never a URL, header or token.
fn upstream_message(e: &webex::Error) -> String {
    let said = e.body().and_then(|b| b.text()).map(str::to_owned);
    match e {
        webex::Error::Status { status, .. } => match said {
            Some(text) => format!("Webex answered {status}: {text}"),
            None => format!("Webex answered {status}"),
        },
        webex::Error::RateLimited { retry_after, .. } => format!(
            "Webex is rate limiting this token; retry after {} s",
            retry_after.as_secs_f64().ceil()
        ),
        webex::Error::Timeout { .. } => "Webex did not answer in time".to_owned(),
        webex::Error::Transport { .. } => "Webex could not be reached".to_owned(),
        webex::Error::Decode { .. } => "Webex sent a response this service cannot read".to_owned(),
        webex::Error::LinkRefused { .. } => "Webex's next-page link points to another host; \
            this service does not send the caller's token there, so the list stops here"
            .to_owned(),
        webex::Error::InvalidInput { reason, .. } => reason.clone(),
        webex::Error::Request { .. } => "Internal server error".to_owned(),
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        let code = e.code();
        let message = e.message();
        let mut error = async_graphql::Error::new(message);
        if let ApiError::Internal(detail) = &e {
            error.source = Some(Arc::new(InternalDetail(detail.clone())));
        }
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", code);
        if let ApiError::NumberNotAvailable(refusal) = &e {
            ext.set("reason", refusal.reason.code());
            if let Some((id, name)) = &refusal.location {
                let mut at = async_graphql::indexmap::IndexMap::new();
                at.insert(async_graphql::Name::new("id"), id.as_str().into());
                at.insert(
                    async_graphql::Name::new("name"),
                    name.as_deref()
                        .map_or(async_graphql::Value::Null, Into::into),
                );
                ext.set("numberLocation", async_graphql::Value::Object(at));
            }
        }
        if let ApiError::Upstream(u) | ApiError::UpstreamWith(u, _) = &e {
            let mut upstream = async_graphql::indexmap::IndexMap::new();
            if let Some(status) = u.status() {
                upstream.insert(async_graphql::Name::new("status"), status.into());
            }
            if let Some(id) = u.tracking_id() {
                upstream.insert(async_graphql::Name::new("trackingId"), id.into());
                ext.set("trackingId", id);
            }
            if let Some(text) = u.body().and_then(|b| b.text()) {
                upstream.insert(async_graphql::Name::new("message"), text.into());
            }
            ext.set("upstream", async_graphql::Value::Object(upstream));
            if let Some(wait) = u.retry_after().filter(|_| code == code::RATE_LIMITED) {
                ext.set("retryAfter", seconds(wait));
            }
        }
        error.extensions = Some(ext);
        error
    }
}

/// Whole seconds, rounded up, so a client never retries early.
fn seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests;
