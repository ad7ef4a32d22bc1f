//! The one place that talks HTTP to Webex: base URL, bearer passthrough, `TrackingID`, timeouts,
//! retries, `Link` paging and error-body decoding. Every call is a GET, so every call may be retried.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, LINK};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use super::error::{Error, ErrorBody};
use super::limit::TokenLimits;
use super::model::{
    AvailableNumber, AvailableNumberList, Feature, Location, PeopleList, RouteList, RouteListItem,
    VirtualLineList, Workspace,
};
use super::retry::{RetryPolicy, parse_retry_after, retryable_status};

/// The caller's bearer token. Its `Debug` never shows the secret, so it cannot leak through a log
/// line or a panic message by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BearerToken(Arc<str>);

impl BearerToken {
    /// Wraps a token as it came in the `Authorization: Bearer` header.
    pub fn new(token: impl Into<Arc<str>>) -> Self {
        Self(token.into())
    }

    /// The secret itself; only the client's request builder and the simulator read it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// Who is calling and until when: one per GraphQL request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: BearerToken,
    /// No upstream call (nor retry wait) runs past this instant.
    pub deadline: Option<Instant>,
    /// Where this caller's upstream costs are counted, when the request asked for them.
    pub meter: Option<Arc<super::Meter>>,
    /// The caller's W3C trace context, passed on to every upstream call.
    pub trace: Option<super::TraceContext>,
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The Webex API base, ending in `/v1`.
    pub base_url: Url,
    pub connect_timeout: Duration,
    /// Timeout of one HTTP attempt.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Calls in flight per token, across all requests: where the adaptive limit starts and the
    /// most it grows back to after Webex answered 429.
    pub token_concurrency: usize,
}

/// The location-scoped calling features with a detail endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    HuntGroup,
    CallQueue,
    AutoAttendant,
    PagingGroup,
    VoicemailGroup,
    /// One per location; its detail path has no id.
    VoicePortal,
}

impl FeatureKind {
    /// The list endpoint of this kind: path segment under `/telephony/config/`, the key its items
    /// come under, and the endpoint label. The voice portal has none (one per location).
    fn list(self) -> Option<(&'static str, &'static str, &'static str)> {
        Some(match self {
            FeatureKind::HuntGroup => (
                "huntGroups",
                "huntGroups",
                "GET /v1/telephony/config/huntGroups",
            ),
            FeatureKind::CallQueue => ("queues", "queues", "GET /v1/telephony/config/queues"),
            FeatureKind::AutoAttendant => (
                "autoAttendants",
                "autoAttendants",
                "GET /v1/telephony/config/autoAttendants",
            ),
            FeatureKind::PagingGroup => (
                "paging",
                "locationPaging",
                "GET /v1/telephony/config/paging",
            ),
            FeatureKind::VoicemailGroup => (
                "voicemailGroups",
                "voicemailGroups",
                "GET /v1/telephony/config/voicemailGroups",
            ),
            FeatureKind::VoicePortal => return None,
        })
    }

    /// The path segment under `/telephony/config/locations/{locationId}/`.
    fn segment(self) -> &'static str {
        match self {
            FeatureKind::HuntGroup => "huntGroups",
            FeatureKind::CallQueue => "queues",
            FeatureKind::AutoAttendant => "autoAttendants",
            FeatureKind::PagingGroup => "paging",
            FeatureKind::VoicemailGroup => "voicemailGroups",
            FeatureKind::VoicePortal => "voicePortal",
        }
    }

    fn endpoint(self) -> &'static str {
        match self {
            FeatureKind::HuntGroup => {
                "GET /v1/telephony/config/locations/{locationId}/huntGroups/{id}"
            }
            FeatureKind::CallQueue => "GET /v1/telephony/config/locations/{locationId}/queues/{id}",
            FeatureKind::AutoAttendant => {
                "GET /v1/telephony/config/locations/{locationId}/autoAttendants/{id}"
            }
            FeatureKind::PagingGroup => {
                "GET /v1/telephony/config/locations/{locationId}/paging/{id}"
            }
            FeatureKind::VoicemailGroup => {
                "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/{id}"
            }
            FeatureKind::VoicePortal => {
                "GET /v1/telephony/config/locations/{locationId}/voicePortal"
            }
        }
    }
}

/// Filters of the available-numbers call, as the GraphQL layer validated them.
#[derive(Debug, Clone, Default)]
pub struct AvailableNumbersQuery {
    pub location_id: String,
    pub org_id: Option<String>,
    pub phone_numbers: Vec<String>,
    pub owner_name: Option<String>,
    pub person_id: Option<String>,
}

/// One page of available numbers.
#[derive(Debug, Clone)]
pub struct NumbersPage {
    /// Each number with its offset in Webex's full list (skipped items keep their place, so
    /// cursors stay exact).
    pub numbers: Vec<(usize, AvailableNumber)>,
    /// Items Webex sent that could not be read; they are left out, not fatal.
    pub skipped: Vec<SkippedItem>,
    /// Webex said more numbers follow (a `Link: rel="next"` on the last page read).
    pub has_more: bool,
}

/// An item of the number list that could not be read.
#[derive(Debug, Clone)]
pub struct SkippedItem {
    /// Its offset in Webex's full list.
    pub offset: usize,
    /// Its `phoneNumber`, when that much could be read.
    pub phone_number: Option<String>,
    /// What was wrong with it.
    pub reason: String,
}

/// A 2xx answer, body still raw.
struct Success {
    body: Vec<u8>,
    next: Option<Url>,
    tracking_id: String,
}

/// Empty pages carrying a next link that one listing follows before it stops.
const MAX_EMPTY_PAGES: usize = 3;

const AVAILABLE_NUMBERS: &str =
    "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers";
const PEOPLE: &str = "GET /v1/people";
const LOCATION: &str = "GET /v1/locations/{id}";
const WORKSPACE: &str = "GET /v1/workspaces/{id}";
const VIRTUAL_LINES: &str = "GET /v1/telephony/config/virtualLines";
const ROUTE_LIST: &str = "GET /v1/telephony/config/premisePstn/routeLists/{id}";
const LOCATIONS: &str = "GET /v1/locations";
const WORKSPACES: &str = "GET /v1/workspaces";
const ROUTE_LISTS: &str = "GET /v1/telephony/config/premisePstn/routeLists";

/// Items asked for per page of a list call.
const LIST_PAGE: usize = 1000;

/// The largest number of pages one list call follows; a bound against a next link without end.
const MAX_LIST_PAGES: usize = 50;

/// The Webex REST client. Cheap to clone; one per process (it pools connections).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    retry: RetryPolicy,
    /// When Webex last answered anything (any status): what readiness reads.
    last_answer: Arc<std::sync::Mutex<Option<Instant>>>,
    limits: Arc<TokenLimits>,
    shapes: Arc<super::ListShapes>,
}

impl Client {
    /// Builds the client. Fails only when the TLS stack cannot start.
    pub fn new(config: ClientConfig) -> anyhow::Result<Self> {
        init_tls();
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("callerid-graphql/", env!("CARGO_PKG_VERSION")))
            // A redirect would carry the bearer token to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            http,
            base: config.base_url,
            retry: config.retry,
            last_answer: Arc::default(),
            limits: Arc::new(TokenLimits::new(config.token_concurrency)),
            shapes: Arc::default(),
        })
    }

    /// How long ago Webex last answered a call of this process, if it ever did.
    pub fn last_answer_age(&self) -> Option<Duration> {
        let last = *self.last_answer.lock().unwrap_or_else(|p| p.into_inner());
        last.map(|at| at.elapsed())
    }

    fn answered(&self) {
        *self.last_answer.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    }

    /// What this upstream's list items were found to lack.
    pub fn list_shapes(&self) -> &super::ListShapes {
        &self.shapes
    }

    /// A cheap reachability check for readiness: `GET {base}/people?max=1` *without* any token.
    /// Any HTTP answer (Webex says 401) means Webex is reachable; a transport failure or no
    /// answer within `timeout` is the reason it is not.
    pub async fn probe(&self, timeout: Duration) -> Result<(), &'static str> {
        let mut url = self
            .url(PEOPLE, &["people"])
            .map_err(|_| "the upstream URL is unusable")?;
        url.query_pairs_mut().append_pair("max", "1");
        match tokio::time::timeout(timeout, self.http.get(url).send()).await {
            Ok(Ok(_)) => {
                self.answered();
                Ok(())
            }
            Ok(Err(e)) if e.is_timeout() => Err("Webex did not answer in time"),
            Ok(Err(_)) => Err("Webex could not be reached"),
            Err(_) => Err("Webex did not answer in time"),
        }
    }

    /// The upstream base URL.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `GET .../externalCallerId/availableNumbers`, reading `max` numbers from offset `start`. When
    /// Webex caps the page below `max` it follows `Link: rel="next"` until it has `max` numbers.
    #[tracing::instrument(skip_all, fields(endpoint = AVAILABLE_NUMBERS, start, max))]
    pub async fn available_numbers(
        &self,
        caller: &Caller,
        query: &AvailableNumbersQuery,
        start: usize,
        max: usize,
    ) -> Result<NumbersPage, Error> {
        let mut url = self.url(
            AVAILABLE_NUMBERS,
            &[
                "telephony",
                "config",
                "locations",
                &query.location_id,
                "externalCallerId",
                "availableNumbers",
            ],
        )?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(org) = &query.org_id {
                q.append_pair("orgId", org);
            }
            q.append_pair("max", &max.to_string());
            q.append_pair("start", &start.to_string());
            if !query.phone_numbers.is_empty() {
                q.append_pair("phoneNumber", &query.phone_numbers.join(","));
            }
            if let Some(name) = &query.owner_name {
                q.append_pair("ownerName", name);
            }
            if let Some(person) = &query.person_id {
                q.append_pair("personId", person);
            }
        }
        let original = url.clone();
        let mut numbers = Vec::new();
        let mut skipped = Vec::new();
        // Offset of the next item in Webex's full list.
        let mut offset = start;
        let end = start.saturating_add(max);
        let mut empty_pages = 0;
        loop {
            let page = self.get(caller, AVAILABLE_NUMBERS, url).await?;
            let list: AvailableNumberList = decode(AVAILABLE_NUMBERS, &page)?;
            if list.phone_numbers.is_empty() {
                empty_pages += 1;
            }
            for (raw, item) in list.phone_numbers.iter().zip(list.items()) {
                let at = offset;
                offset += 1;
                if at >= end {
                    continue;
                }
                match item {
                    Ok(number) => numbers.push((at, number)),
                    Err(e) => {
                        tracing::warn!(endpoint = AVAILABLE_NUMBERS, offset = at, error = %e, "skipped an unreadable number item");
                        // Only a failed item is read a second time, loosely, for its number.
                        let loose: Option<serde_json::Value> = serde_json::from_str(raw.get()).ok();
                        skipped.push(SkippedItem {
                            offset: at,
                            phone_number: loose
                                .as_ref()
                                .and_then(|v| v.get("phoneNumber"))
                                .and_then(|p| p.as_str())
                                .map(str::to_owned),
                            reason: e.to_string(),
                        });
                    }
                }
            }
            let next = match page.next {
                Some(next) => {
                    Some(self.safe_next(AVAILABLE_NUMBERS, &page.tracking_id, &original, next)?)
                }
                None => None,
            };
            match next {
                // Empty pages with next links are followed a few times, not forever: a buggy
                // upstream could hand them out without end.
                Some(next) if offset < end && empty_pages <= MAX_EMPTY_PAGES => url = next,
                next => {
                    // "More follow" needs a cursor to continue from: an empty result has none.
                    let has_more = !numbers.is_empty() && (next.is_some() || offset > end);
                    return Ok(NumbersPage {
                        numbers,
                        skipped,
                        has_more,
                    });
                }
            }
        }
    }

    /// `GET /people?id=a,b,…&callingData=true`: at most 85 ids, as Webex allows.
    #[tracing::instrument(skip_all, fields(endpoint = PEOPLE, batch_size = ids.len()))]
    pub async fn people(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<PeopleList, Error> {
        let mut url = self.url(PEOPLE, &["people"])?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("id", &ids.join(","));
            q.append_pair("callingData", "true");
            q.append_pair("max", &ids.len().max(1).to_string());
            if let Some(org) = org_id {
                q.append_pair("orgId", org);
            }
        }
        let page = self.get(caller, PEOPLE, url).await?;
        decode(PEOPLE, &page)
    }

    /// `GET /telephony/config/virtualLines?id=a&id=b…`: one call for a batch of virtual lines.
    #[tracing::instrument(skip_all, fields(endpoint = VIRTUAL_LINES, batch_size = ids.len()))]
    pub async fn virtual_lines(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<VirtualLineList, Error> {
        let mut url = self.url(VIRTUAL_LINES, &["telephony", "config", "virtualLines"])?;
        {
            let mut q = url.query_pairs_mut();
            for id in ids {
                q.append_pair("id", id);
            }
            q.append_pair("max", &ids.len().max(1).to_string());
            if let Some(org) = org_id {
                q.append_pair("orgId", org);
            }
        }
        let page = self.get(caller, VIRTUAL_LINES, url).await?;
        decode(VIRTUAL_LINES, &page)
    }

    /// `GET /locations/{id}`; `None` when Webex answers 404.
    pub async fn location(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<Location>, Error> {
        let url = self.url(LOCATION, &["locations", id])?;
        self.lookup(caller, LOCATION, with_org(url, org_id)).await
    }

    /// `GET /workspaces/{id}`; `None` when Webex answers 404.
    pub async fn workspace(&self, caller: &Caller, id: &str) -> Result<Option<Workspace>, Error> {
        // `GET /workspaces/{id}` documents no `orgId` (the id names the org), so none is sent.
        let url = self.url(WORKSPACE, &["workspaces", id])?;
        self.lookup(caller, WORKSPACE, url).await
    }

    /// The detail of a location-scoped feature; `None` when Webex answers 404.
    pub async fn feature(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: FeatureKind,
        location_id: &str,
        id: &str,
    ) -> Result<Option<Feature>, Error> {
        let mut segments = vec![
            "telephony",
            "config",
            "locations",
            location_id,
            kind.segment(),
        ];
        if kind != FeatureKind::VoicePortal {
            segments.push(id);
        }
        let url = with_org(self.url(kind.endpoint(), &segments)?, org_id);
        let found = self.lookup(caller, kind.endpoint(), url.clone()).await?;
        if found.is_some() || kind != FeatureKind::CallQueue {
            return Ok(found);
        }
        // A queue with a Customer Assist licence is readable only with `hasCxEssentials=true`
        // (the spec: "must be set to true to view" them), and the number list does not say which
        // kind a queue is: ask again with the flag before calling it not found.
        let mut cx = url;
        cx.query_pairs_mut().append_pair("hasCxEssentials", "true");
        self.lookup(caller, kind.endpoint(), cx).await
    }

    /// `GET /telephony/config/premisePstn/routeLists/{id}`; `None` when Webex answers 404.
    pub async fn route_list(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<RouteList>, Error> {
        let url = self.url(
            ROUTE_LIST,
            &["telephony", "config", "premisePstn", "routeLists", id],
        )?;
        self.lookup(caller, ROUTE_LIST, with_org(url, org_id)).await
    }

    /// A GET by id: 404 is an answer (`None`), not a failure.
    #[tracing::instrument(skip_all, fields(endpoint))]
    async fn lookup<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        url: Url,
    ) -> Result<Option<T>, Error> {
        match self.get(caller, endpoint, url).await {
            Ok(page) => decode(endpoint, &page).map(Some),
            Err(Error::Status { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET /locations` of the org, every page.
    pub async fn locations(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
    ) -> Result<Vec<Location>, Error> {
        let url = with_org(self.url(LOCATIONS, &["locations"])?, org_id);
        self.list(caller, LOCATIONS, url, "items").await
    }

    /// `GET /workspaces?locationId=…`, every page. `orgId` is documented on this list.
    pub async fn workspaces_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<Workspace>, Error> {
        let mut url = with_org(self.url(WORKSPACES, &["workspaces"])?, org_id);
        url.query_pairs_mut().append_pair("locationId", location_id);
        self.list(caller, WORKSPACES, url, "items").await
    }

    /// `GET /telephony/config/{kind}?locationId=…`, every page: the features of one kind at one
    /// location. Call queues: `customer_assist` lists the Customer Assist ones, which a plain call
    /// leaves out.
    pub async fn features_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: FeatureKind,
        location_id: &str,
        customer_assist: bool,
    ) -> Result<Vec<Feature>, Error> {
        let Some((segment, key, endpoint)) = kind.list() else {
            return Ok(Vec::new());
        };
        let mut url = with_org(
            self.url(endpoint, &["telephony", "config", segment])?,
            org_id,
        );
        url.query_pairs_mut().append_pair("locationId", location_id);
        if customer_assist {
            url.query_pairs_mut().append_pair("hasCxEssentials", "true");
        }
        self.list(caller, endpoint, url, key).await
    }

    /// `GET /telephony/config/premisePstn/routeLists?locationId=…`, every page.
    pub async fn route_lists_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<RouteListItem>, Error> {
        let mut url = with_org(
            self.url(
                ROUTE_LISTS,
                &["telephony", "config", "premisePstn", "routeLists"],
            )?,
            org_id,
        );
        url.query_pairs_mut().append_pair("locationId", location_id);
        self.list(caller, ROUTE_LISTS, url, "routeLists").await
    }

    /// Every page of a list, following `Link: rel="next"`. Items that cannot be read are left
    /// out: the caller falls back to the item's own endpoint for whatever it does not find.
    async fn list<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        mut url: Url,
        key: &str,
    ) -> Result<Vec<T>, Error> {
        url.query_pairs_mut()
            .append_pair("max", &LIST_PAGE.to_string());
        let original = url.clone();
        let mut items = Vec::new();
        for _ in 0..MAX_LIST_PAGES {
            let page = self.get(caller, endpoint, url).await?;
            let body: serde_json::Value = decode(endpoint, &page)?;
            if let Some(list) = body.get(key).and_then(|v| v.as_array()) {
                for item in list {
                    match serde_json::from_value::<T>(item.clone()) {
                        Ok(v) => items.push(v),
                        Err(e) => {
                            tracing::warn!(endpoint, error = %e, "skipped an unreadable list item")
                        }
                    }
                }
            }
            match page.next {
                Some(next) => url = self.safe_next(endpoint, &page.tracking_id, &original, next)?,
                None => break,
            }
        }
        Ok(items)
    }

    /// Base URL plus path segments. Each segment is percent-encoded on its own, so an id holding
    /// `/` or `?` cannot reach a different path.
    fn url(&self, endpoint: &'static str, segments: &[&str]) -> Result<Url, Error> {
        // `url` silently drops "." and ".." segments, which would change the endpoint.
        if let Some(bad) = segments.iter().find(|s| matches!(**s, "" | "." | "..")) {
            return Err(Error::InvalidInput {
                endpoint,
                reason: format!("{bad:?} is not a usable id"),
            });
        }
        let mut url = self.base.clone();
        url.set_query(None);
        url.path_segments_mut()
            .map_err(|()| Error::Request {
                endpoint,
                reason: "the upstream URL cannot take a path".into(),
            })?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// Checks a `Link: rel="next"` target before the token is sent to it, and puts back any filter
    /// the link dropped (Webex next links have been seen to lose query parameters).
    fn safe_next(
        &self,
        endpoint: &'static str,
        tracking_id: &str,
        original: &Url,
        next: Url,
    ) -> Result<Url, Error> {
        if next.origin() != self.base.origin() {
            return Err(Error::LinkRefused {
                endpoint,
                tracking_id: tracking_id.to_owned(),
                reason: format!(
                    "next-page link points to another origin ({}); not following it with the caller's token",
                    next.origin().ascii_serialization()
                ),
            });
        }
        Ok(keep_filters(original, next))
    }

    /// One upstream call, retries included. A failure is logged here, once per call, however
    /// many GraphQL fields then read it (a failed people batch under 2000 rows used to log once
    /// per field). A 404 is an answer (lookups by id turn it into `null`), so it is not a warning.
    async fn get(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        url: Url,
    ) -> Result<Success, Error> {
        let result = self.attempts(caller, endpoint, url).await;
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

    /// One GET with retries, bounded by the caller's deadline.
    async fn attempts(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        url: Url,
    ) -> Result<Success, Error> {
        let tracking_id = new_tracking_id();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = caller
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()));
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
            let request = self
                .http
                .get(url.clone())
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
                .or_else(|| caller.trace.as_ref().map(super::TraceContext::child));
            let request = match traceparent {
                Some(traceparent) => request.header("traceparent", traceparent),
                None => request,
            };
            let request = match caller.trace.as_ref().and_then(|t| t.state()) {
                Some(state) => request.header("tracestate", state),
                None => request,
            };
            // A place under the token's shared limit; waiting for it counts against the deadline.
            let limit = self.limits.of(&caller.token);
            let Some(permit) = with_deadline(remaining, limit.acquire()).await else {
                return Err(Error::Timeout {
                    endpoint,
                    tracking_id,
                });
            };
            // The wait for a place used part of the budget: the attempt gets only what is left.
            let remaining = caller
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()));
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
                    if attempt < self.retry.max_attempts {
                        let wait = self.retry.backoff(attempt);
                        if fits(caller, wait) {
                            tracing::warn!(endpoint, attempt, error = %source, "upstream transport error; retrying");
                            metrics::counter!("callerid_upstream_retries_total", "endpoint" => endpoint)
                                .increment(1);
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    return Err(Error::Transport {
                        endpoint,
                        tracking_id,
                        source,
                    });
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
                    tracking_id,
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
            let rate_limited = status == 429 || status == 423;
            if retryable_status(status, raw_retry_after.is_some()) {
                let wait = match (rate_limited, retry_after) {
                    (true, Some(wait)) => wait,
                    (true, None) => self.retry.fallback_retry_after,
                    (false, _) => retry_after.unwrap_or_else(|| self.retry.backoff(attempt)),
                };
                let may_wait = wait <= self.retry.max_delay && fits(caller, wait);
                if attempt < self.retry.max_attempts && may_wait {
                    metrics::counter!("callerid_upstream_retries_total", "endpoint" => endpoint)
                        .increment(1);
                    if rate_limited {
                        metrics::counter!("callerid_upstream_rate_limit_wait_seconds_total", "endpoint" => endpoint)
                            .increment(wait.as_secs_f64().ceil() as u64);
                        if let Some(meter) = &caller.meter {
                            meter.rate_limited(wait);
                        }
                    }
                    tokio::time::sleep(wait).await;
                    continue;
                }
                if rate_limited {
                    return Err(Error::RateLimited {
                        endpoint,
                        status,
                        body: Box::new(error_body),
                        tracking_id: upstream_tracking,
                        retry_after: wait,
                    });
                }
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

/// Installs the TLS crypto provider. reqwest is built without a default one (ring builds far faster
/// than aws-lc), and any `reqwest::Client` built before this call panics. Idempotent.
pub fn init_tls() {
    // A second install returns Err with the provider already in place: nothing to handle.
    let _ = rustls::crypto::ring::default_provider().install_default();
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

/// Whether waiting `wait` still leaves the caller's deadline ahead of us.
fn fits(caller: &Caller, wait: Duration) -> bool {
    caller.deadline.is_none_or(|d| Instant::now() + wait < d)
}

async fn with_deadline<F: Future>(remaining: Option<Duration>, fut: F) -> Option<F::Output> {
    match remaining {
        Some(left) => tokio::time::timeout(left, fut).await.ok(),
        None => Some(fut.await),
    }
}

fn decode<T: DeserializeOwned>(endpoint: &'static str, page: &Success) -> Result<T, Error> {
    serde_json::from_slice(&page.body).map_err(|source| Error::Decode {
        endpoint,
        tracking_id: page.tracking_id.clone(),
        source,
    })
}

fn with_org(mut url: Url, org_id: Option<&str>) -> Url {
    if let Some(org) = org_id {
        url.query_pairs_mut().append_pair("orgId", org);
    }
    url
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

/// The `rel="next"` target of a `Link` header (RFC 8288), resolved against the request URL. URLs in
/// Webex links contain commas (`phoneNumber=+1…,+1…`), so entries are split on `<…>`, not on `,`.
fn next_link(headers: &HeaderMap, request: &Url) -> Option<Url> {
    headers.get_all(LINK).iter().find_map(|value| {
        let mut rest = value.to_str().ok()?;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let target = &after[..close];
            let tail = &after[close + 1..];
            let params = &tail[..tail.find('<').unwrap_or(tail.len())];
            let is_next = params.split(';').any(|p| {
                let p = p.trim().trim_end_matches(',').trim();
                p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
            });
            if is_next {
                return request.join(target).ok();
            }
            rest = tail;
        }
        None
    })
}

/// Adds to `next` every query parameter of `original` it lacks, except the paging ones.
fn keep_filters(original: &Url, mut next: Url) -> Url {
    let present: HashMap<String, ()> = next
        .query_pairs()
        .map(|(k, _)| (k.into_owned(), ()))
        .collect();
    let missing: Vec<(String, String)> = original
        .query_pairs()
        .filter(|(k, _)| k != "start" && k != "max" && !present.contains_key(k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !missing.is_empty() {
        let mut q = next.query_pairs_mut();
        for (k, v) in &missing {
            q.append_pair(k, v);
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn next_link_is_found_among_several_rels_and_commas() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static(
                "<https://x/v1/a?phoneNumber=%2B1,%2B2&start=0>; rel=\"first\", <https://x/v1/a?phoneNumber=%2B1,%2B2&start=10>; rel=\"next\"",
            ),
        );
        let next = next_link(&headers, &url("https://x/v1/a")).unwrap();
        assert_eq!(
            next.as_str(),
            "https://x/v1/a?phoneNumber=%2B1,%2B2&start=10"
        );
        headers.insert(LINK, HeaderValue::from_static("</v1/a?start=5>; rel=next"));
        let next = next_link(&headers, &url("https://x/v1/a?start=0")).unwrap();
        assert_eq!(next.as_str(), "https://x/v1/a?start=5");
        headers.insert(
            LINK,
            HeaderValue::from_static("<https://x/v1/a>; rel=\"prev\""),
        );
        assert!(next_link(&headers, &url("https://x/v1/a")).is_none());
    }

    #[test]
    fn a_next_link_that_drops_filters_gets_them_back() {
        let original = url("https://x/v1/a?orgId=O&max=10&start=0&ownerName=Ann&phoneNumber=%2B1");
        let next = keep_filters(&original, url("https://x/v1/a?max=10&start=10"));
        let pairs: HashMap<_, _> = next.query_pairs().into_owned().collect();
        assert_eq!(pairs["ownerName"], "Ann");
        assert_eq!(pairs["orgId"], "O");
        assert_eq!(pairs["phoneNumber"], "+1");
        assert_eq!(pairs["start"], "10");
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        let client = Client::new(ClientConfig {
            base_url: url("https://webexapis.com/v1"),
            connect_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
            retry: RetryPolicy::default(),
            token_concurrency: 8,
        })
        .unwrap();
        let u = client
            .url(LOCATION, &["locations", "../people?x=1"])
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://webexapis.com/v1/locations/..%2Fpeople%3Fx=1"
        );
        assert!(client.url(LOCATION, &["locations", ".."]).is_err());
        assert!(client.url(LOCATION, &["locations", ""]).is_err());
    }

    #[test]
    fn tokens_do_not_show_in_debug_output() {
        let caller = Caller {
            token: BearerToken::new("s3cret"),
            deadline: None,
            meter: None,
            trace: None,
        };
        assert!(!format!("{caller:?}").contains("s3cret"));
    }
}
