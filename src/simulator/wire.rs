//! What every Webex route shares on the wire: the request as a handler reads it ([`Call`]: the
//! token's grant, the query parameters, the org), Webex's error body, and list paging with `max`,
//! `start` and a `Link: rel="next"` header.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::{self, Grant};
use super::org::Org;
use super::{Sim, lock};

/// A Webex request as every handler starts it: the simulator, the headers (token, tracking id),
/// the URI and the query parameters. `authorized` then checks the token, its scopes and `orgId`
/// in one step, the preamble every route shares.
pub(crate) struct Call {
    pub(crate) sim: Arc<Sim>,
    pub(crate) headers: HeaderMap,
    pub(crate) uri: Uri,
    pub(crate) params: Vec<(String, String)>,
}

/// A call whose token holds one of the route's scopes, about `org` (the token's own).
pub(crate) struct Authorized<'c> {
    pub(crate) call: &'c Call,
    pub(crate) grant: Grant,
    pub(crate) org: &'c Org,
}

impl FromRequestParts<Arc<Sim>> for Call {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, sim: &Arc<Sim>) -> Result<Self, Infallible> {
        Ok(Self {
            sim: sim.clone(),
            headers: parts.headers.clone(),
            uri: parts.uri.clone(),
            params: params(&parts.uri.query().map(str::to_owned)),
        })
    }
}

impl Call {
    /// Checks the bearer token, one of `scopes` and `orgId` (which may only name the token's own
    /// org), as every Webex route does first.
    pub(crate) fn authorized(&self, scopes: &[&str]) -> Result<Authorized<'_>, SimError> {
        let grant = auth::authorize(&self.sim, &self.headers, scopes)?;
        let org = auth::org_for(&self.sim, &self.headers, &grant, &self.params)?;
        Ok(Authorized {
            call: self,
            grant,
            org,
        })
    }

    /// A query parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        param(&self.params, name)
    }

    /// Webex's error answer for this request.
    pub(crate) fn error(&self, status: StatusCode, message: impl Into<String>) -> SimError {
        SimError::new(&self.sim, &self.headers, status, message)
    }

    /// Webex's 404 for an id it does not know.
    pub(crate) fn not_found(&self, what: &str) -> SimError {
        self.error(StatusCode::NOT_FOUND, format!("{what} not found."))
    }

    /// A page of a list answer under `key` (see [`Page`]).
    pub(crate) fn page(&self, key: &'static str, default_max: usize) -> Page<'_> {
        Page::new(
            &self.sim,
            &self.headers,
            &self.uri,
            &self.params,
            key,
            default_max,
        )
    }
}

impl Authorized<'_> {
    /// The index of a location named in a path, checked against the token's reach.
    pub(crate) fn located(&self, location_id: &str) -> Result<usize, SimError> {
        auth::located(
            &self.call.sim,
            &self.call.headers,
            &self.grant,
            self.org,
            location_id,
        )
    }

    /// The location a `locationId` filter names, checked against the token's reach.
    pub(crate) fn location_filter(&self) -> Result<Option<usize>, SimError> {
        auth::location_filter(
            &self.call.sim,
            &self.call.headers,
            &self.grant,
            self.org,
            &self.call.params,
        )
    }

    /// 403 unless the token reaches `location` (a location administrator elsewhere).
    pub(crate) fn reach(&self, location: usize) -> Result<(), SimError> {
        if self.grant.covers_location(location) {
            Ok(())
        } else {
            Err(self.call.error(
                StatusCode::FORBIDDEN,
                "The location administrator is not authorized for this location.",
            ))
        }
    }
}

/// A Webex-shaped error answer: `{message, errors: [{description}], trackingId}`.
#[derive(Debug)]
pub(crate) struct SimError {
    status: StatusCode,
    message: String,
    tracking_id: String,
}

impl SimError {
    pub(crate) fn new(
        sim: &Sim,
        headers: &HeaderMap,
        status: StatusCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            message: message.into(),
            tracking_id: tracking_id(sim, headers),
        }
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let body = json!({
            "message": self.message,
            "errors": [{ "description": self.message }],
            "trackingId": self.tracking_id,
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Ok(v) = HeaderValue::from_str(&self.tracking_id) {
            response.headers_mut().insert("trackingId", v);
        }
        response
    }
}

/// Webex echoes the caller's `TrackingID`; without one it makes its own.
fn tracking_id(sim: &Sim, headers: &HeaderMap) -> String {
    headers
        .get("trackingid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("SIMULATOR_{}", sim.tracking.fetch_add(1, Ordering::Relaxed)))
}

pub(crate) type SimResult = Result<Response, SimError>;

/// Query parameters, keeping repeats (`id=a&id=b`).
pub(crate) fn params(query: &Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

pub(crate) fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of a parameter, repeated or comma-separated.
pub(crate) fn list_param(params: &[(String, String)], name: &str) -> Vec<String> {
    params
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A numeric parameter, `default` when absent, 400 when not a number of at least `min`.
pub(crate) fn number_param(
    sim: &Sim,
    headers: &HeaderMap,
    params: &[(String, String)],
    name: &str,
    default: usize,
    min: usize,
) -> Result<usize, SimError> {
    match param(params, name) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| {
                SimError::new(
                    sim,
                    headers,
                    StatusCode::BAD_REQUEST,
                    format!("Invalid value for parameter {name}: {v:?}"),
                )
            }),
    }
}

/// Whether `name` (a `name`/`displayName`/`ownerName` filter) matches `value`: Webex matches
/// these case-insensitively on a part of the name.
pub(crate) fn name_matches(filter: Option<&str>, value: &str) -> bool {
    filter.is_none_or(|f| value.to_lowercase().contains(&f.to_lowercase()))
}

/// One page of a list answer, `{key: [...]}`, paged as Webex pages lists: `max` (at most
/// `default_max` when absent, never more than the simulator's page size) items from `start`, and
/// a `Link: rel="next"` to the rest.
pub(crate) struct Page<'a> {
    pub(crate) sim: &'a Sim,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) uri: &'a Uri,
    pub(crate) params: &'a [(String, String)],
    pub(crate) key: &'static str,
    pub(crate) default_max: usize,
    /// The endpoint's own largest page, below the simulator's.
    pub(crate) cap: usize,
}

impl<'a> Page<'a> {
    /// A page of the list under `key` for this request, `default_max` items when `max` is absent.
    pub(crate) fn new(
        sim: &'a Sim,
        headers: &'a HeaderMap,
        uri: &'a Uri,
        params: &'a [(String, String)],
        key: &'static str,
        default_max: usize,
    ) -> Self {
        Self {
            sim,
            headers,
            uri,
            params,
            key,
            default_max,
            cap: usize::MAX,
        }
    }

    /// Serves at most `cap` items a page, whatever `max` asks, as an endpoint with its own limit
    /// does (with a next link to the rest).
    pub(crate) fn capped(mut self, cap: usize) -> Self {
        self.cap = cap.max(1);
        self
    }

    /// The page of `items`, rendering only the page's items: a 50-item page of a 5000-item list
    /// costs 50 renderings, as it would cost Webex.
    pub(crate) fn answer<T>(self, items: Vec<T>, render: impl FnMut(T) -> Value) -> SimResult {
        self.answer_with(items, render, serde_json::Map::new())
    }

    /// The page, with `extra` top-level keys (e.g. `notFoundIds`).
    pub(crate) fn answer_with<T>(
        self,
        items: Vec<T>,
        render: impl FnMut(T) -> Value,
        mut extra: serde_json::Map<String, Value>,
    ) -> SimResult {
        let max = number_param(
            self.sim,
            self.headers,
            self.params,
            "max",
            self.default_max,
            1,
        )?;
        let start = number_param(self.sim, self.headers, self.params, "start", 0, 0)?;
        let page_size = max.min(self.sim.max_page_size).min(self.cap);
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(start)
            .take(page_size)
            .map(render)
            .collect();
        extra.insert(self.key.to_owned(), Value::Array(page));
        let mut response = Json(Value::Object(extra)).into_response();
        if start.saturating_add(page_size) < total {
            let drop_filters = lock(&self.sim.faults).drop_link_filters;
            let next: Vec<(String, String)> = self
                .params
                .iter()
                .filter(|(k, _)| k != "start" && (!drop_filters || k == "max"))
                .cloned()
                .chain([("start".to_owned(), (start + page_size).to_string())])
                .collect();
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(next)
                .finish();
            let host = self
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1");
            let link = format!("<http://{host}{}?{query}>; rel=\"next\"", self.uri.path());
            if let Ok(v) = HeaderValue::from_str(&link) {
                response.headers_mut().insert(header::LINK, v);
            }
        }
        Ok(response)
    }
}
