//! The built-in Webex Calling simulator: a Webex-shaped REST server over a deterministic in-memory
//! org, served over real HTTP so the default mode runs the same client code that talks to Webex.
//!
//! Besides the Webex routes it has a small control surface under `/_simulator/`: request counts per
//! route (`GET /_simulator/stats`, `POST /_simulator/stats/reset`), fault injection
//! (`POST /_simulator/faults`, `DELETE /_simulator/faults`) and a summary of the org
//! (`GET /_simulator/org`) so a person can find location ids.

mod org;
mod rules;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

pub use rules::{
    DEMO_ADMIN_TOKEN, DEMO_LOCATION_ADMIN_TOKEN, DEMO_NO_SCOPE_TOKEN, DEMO_ORG2_ADMIN_TOKEN,
    DEMO_READONLY_TOKEN, FaultRule,
};

use crate::webex::FeatureKind;
use org::{Org, generate};
use rules::{
    Faults, Grant, LOCATIONS_READ, NumberFilter, PEOPLE_READ, TELEPHONY_READ, WORKSPACES_READ,
    grant_for,
};

/// The simulator's size and behaviour.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Numbers in the main org (each location gets at least 32).
    pub numbers: usize,
    /// The largest page the available-numbers endpoint serves; bigger `max` values get this many
    /// numbers plus a `Link: rel="next"`, as Webex documents.
    pub max_page_size: usize,
    /// Fault rules active from the start.
    pub faults: Vec<FaultRule>,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self {
            numbers: 1000,
            max_page_size: 2000,
            faults: Vec::new(),
        }
    }
}

/// The id the simulator gives the main org's first location (San Jose), handy for examples.
pub fn demo_location_id() -> String {
    org::webex_id("LOCATION", 0, 1)
}

struct Sim {
    orgs: Vec<Org>,
    max_page_size: usize,
    stats: Mutex<BTreeMap<String, u64>>,
    faults: Mutex<Faults>,
    tracking: AtomicU64,
}

/// Locks a mutex even if a panicking holder poisoned it: the guarded data are plain counters and
/// rules that stay consistent at every step.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Builds the simulator's router.
pub fn router(config: SimulatorConfig) -> Router {
    let mut faults = Faults::default();
    for rule in config.faults {
        faults.add(rule);
    }
    let sim = Arc::new(Sim {
        orgs: vec![
            generate(0, config.numbers),
            generate(1, (config.numbers / 10).max(64)),
        ],
        max_page_size: config.max_page_size.max(1),
        stats: Mutex::new(BTreeMap::new()),
        faults: Mutex::new(faults),
        tracking: AtomicU64::new(0),
    });
    let feature = |kind: FeatureKind| {
        get(
            move |s: State<Arc<Sim>>, h: HeaderMap, p: Path<(String, String)>, q: RawQuery| {
                feature_detail(s, h, p, q, kind)
            },
        )
    };
    let webex = Router::new()
        .route(
            "/v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
            get(available_numbers),
        )
        .route("/v1/people", get(people_list))
        .route("/v1/people/{id}", get(person))
        .route("/v1/locations/{id}", get(location))
        .route("/v1/workspaces/{id}", get(workspace))
        .route("/v1/telephony/config/virtualLines", get(virtual_lines))
        .route("/v1/telephony/config/virtualLines/{id}", get(virtual_line))
        .route(
            "/v1/telephony/config/locations/{locationId}/huntGroups/{id}",
            feature(FeatureKind::HuntGroup),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/queues/{id}",
            feature(FeatureKind::CallQueue),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/autoAttendants/{id}",
            feature(FeatureKind::AutoAttendant),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/paging/{id}",
            feature(FeatureKind::PagingGroup),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/voicemailGroups/{id}",
            feature(FeatureKind::VoicemailGroup),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/voicePortal",
            get(voice_portal),
        )
        .route(
            "/v1/telephony/config/premisePstn/routeLists/{id}",
            get(route_list),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(sim.clone(), count_and_fault));
    Router::new()
        .route("/_simulator/stats", get(stats))
        .route("/_simulator/stats/reset", post(reset_stats))
        .route("/_simulator/faults", post(add_fault).delete(clear_faults))
        .route("/_simulator/org", get(org_summary))
        .merge(webex)
        .with_state(sim)
}

/// Serves the simulator on `listener` until `shutdown` resolves. The org is generated before this
/// returns, so a caller that spawns the future has a ready simulator.
pub fn serve(
    listener: tokio::net::TcpListener,
    config: SimulatorConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> impl Future<Output = std::io::Result<()>> + Send {
    let app = router(config);
    async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// A Webex-shaped error answer.
struct SimError {
    status: StatusCode,
    message: String,
    tracking_id: String,
}

impl SimError {
    fn new(sim: &Sim, headers: &HeaderMap, status: StatusCode, message: impl Into<String>) -> Self {
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

type SimResult = Result<Response, SimError>;

/// Checks the bearer token and one of the scopes.
fn authorize(sim: &Sim, headers: &HeaderMap, scopes: &[&str]) -> Result<Grant, SimError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(grant) = token.and_then(grant_for) else {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::UNAUTHORIZED,
            "The request requires a valid access token set in the Authorization request header.",
        ));
    };
    if !scopes.iter().any(|s| grant.has(s)) {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            format!("Missing required scope: {}", scopes.join(" or ")),
        ));
    }
    Ok(grant)
}

/// Query parameters, keeping repeats (`id=a&id=b`).
fn params(query: &Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of a parameter, repeated or comma-separated.
fn list_param(params: &[(String, String)], name: &str) -> Vec<String> {
    params
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The org a call is about: the token's own, and `orgId` may only name that one.
fn org_for<'s>(
    sim: &'s Sim,
    headers: &HeaderMap,
    grant: &Grant,
    params: &[(String, String)],
) -> Result<&'s Org, SimError> {
    let org = &sim.orgs[grant.org];
    match param(params, "orgId") {
        Some(id) if id != org.id => Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            "The token is not authorized for the requested organization.",
        )),
        _ => Ok(org),
    }
}

fn number_param(
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

async fn available_numbers(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(location_id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let params = params(&query);
    let max = number_param(&sim, &headers, &params, "max", 2000, 1)?;
    let start = number_param(&sim, &headers, &params, "start", 0, 0)?;
    let owner_name = param(&params, "ownerName").map(str::to_owned);
    if owner_name.as_ref().is_some_and(|n| n.chars().count() > 255) {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::BAD_REQUEST,
            "ownerName must be at most 255 characters.",
        ));
    }
    let org = org_for(&sim, &headers, &grant, &params)?;
    let Some(location) = org.location_index(&location_id) else {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::NOT_FOUND,
            "Location not found.",
        ));
    };
    if !grant.covers_location(location) {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::FORBIDDEN,
            "The location administrator is not authorized for this location.",
        ));
    }
    let filter = NumberFilter {
        phone_numbers: list_param(&params, "phoneNumber"),
        owner_name,
        person_id: param(&params, "personId").map(str::to_owned),
    };
    let all = rules::available_numbers(org, location, &filter);
    let page_size = max.min(sim.max_page_size);
    let page: Vec<_> = all
        .iter()
        .skip(start)
        .take(page_size)
        .map(|n| &n.item)
        .collect();
    let mut response = Json(json!({ "phoneNumbers": page })).into_response();
    if start.saturating_add(page_size) < all.len() {
        let drop_filters = lock(&sim.faults).drop_link_filters;
        let next: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "start" && (!drop_filters || k == "max"))
            .cloned()
            .chain([("start".to_owned(), (start + page_size).to_string())])
            .collect();
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(next)
            .finish();
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let path = format!(
            "/v1/telephony/config/locations/{}/externalCallerId/availableNumbers",
            url::form_urlencoded::byte_serialize(location_id.as_bytes()).collect::<String>()
        );
        let link = format!("<http://{host}{path}?{query}>; rel=\"next\"");
        if let Ok(v) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(response)
}

async fn people_list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[PEOPLE_READ])?;
    let params = params(&query);
    let org = org_for(&sim, &headers, &grant, &params)?;
    let ids = list_param(&params, "id");
    if ids.is_empty() {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::BAD_REQUEST,
            "This simulator lists people by id only: pass id=a,b,…",
        ));
    }
    if ids.len() > 85 {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::BAD_REQUEST,
            "id accepts up to 85 person IDs separated by commas.",
        ));
    }
    let calling = param(&params, "callingData") == Some("true");
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    let mut not_found = Vec::new();
    for id in ids.iter().filter(|id| seen.insert(id.as_str())) {
        match org.people.get(id) {
            Some(p) => items.push(person_json(&p.detail, calling)),
            None => not_found.push(id.clone()),
        }
    }
    let mut body = json!({ "items": items });
    if !not_found.is_empty() {
        body["notFoundIds"] = json!(not_found);
    }
    Ok(Json(body).into_response())
}

/// Without `callingData=true` Webex leaves out the calling fields.
fn person_json(p: &crate::webex::model::Person, calling: bool) -> serde_json::Value {
    let mut p = p.clone();
    if !calling {
        p.extension = None;
        p.location_id = None;
    }
    json!(p)
}

async fn person(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[PEOPLE_READ])?;
    let params = params(&query);
    let org = org_for(&sim, &headers, &grant, &params)?;
    let calling = param(&params, "callingData") == Some("true");
    org.people
        .get(&id)
        .map(|p| Json(person_json(&p.detail, calling)).into_response())
        .ok_or_else(|| SimError::new(&sim, &headers, StatusCode::NOT_FOUND, "Person not found."))
}

async fn location(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[LOCATIONS_READ, PEOPLE_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    let Some(index) = org.location_index(&id) else {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::NOT_FOUND,
            "Location not found.",
        ));
    };
    if !grant.covers_location(index) {
        return Err(SimError::new(
            &sim,
            &headers,
            StatusCode::FORBIDDEN,
            "The location administrator is not authorized for this location.",
        ));
    }
    Ok(Json(&org.locations[index].detail).into_response())
}

async fn workspace(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[WORKSPACES_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    org.workspaces
        .get(&id)
        .map(|w| Json(w).into_response())
        .ok_or_else(|| {
            SimError::new(
                &sim,
                &headers,
                StatusCode::NOT_FOUND,
                "Workspace not found.",
            )
        })
}

async fn virtual_lines(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let params = params(&query);
    let org = org_for(&sim, &headers, &grant, &params)?;
    let max = number_param(&sim, &headers, &params, "max", 2000, 1)?;
    let start = number_param(&sim, &headers, &params, "start", 0, 0)?;
    let ids = list_param(&params, "id");
    let mut lines: Vec<_> = if ids.is_empty() {
        org.virtual_lines.values().collect()
    } else {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        org.virtual_lines
            .values()
            .filter(|v| wanted.contains(v.id.as_str()))
            .collect()
    };
    lines.sort_by(|a, b| a.id.cmp(&b.id));
    let page: Vec<_> = lines.into_iter().skip(start).take(max).collect();
    Ok(Json(json!({ "virtualLines": page })).into_response())
}

async fn virtual_line(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    org.virtual_lines
        .get(&id)
        .map(|v| Json(v).into_response())
        .ok_or_else(|| {
            SimError::new(
                &sim,
                &headers,
                StatusCode::NOT_FOUND,
                "Virtual line not found.",
            )
        })
}

async fn feature_detail(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((location_id, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    kind: FeatureKind,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    let location = located(&sim, &headers, &grant, org, &location_id)?;
    match org.features.get(&(kind, id)) {
        // A feature asked for under another location's path is not found there, as in Webex.
        Some((at, f)) if *at == location => Ok(Json(f).into_response()),
        _ => Err(SimError::new(
            &sim,
            &headers,
            StatusCode::NOT_FOUND,
            "Feature not found.",
        )),
    }
}

async fn voice_portal(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(location_id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    let location = located(&sim, &headers, &grant, org, &location_id)?;
    org.voice_portals
        .get(&location)
        .map(|f| Json(f).into_response())
        .ok_or_else(|| {
            SimError::new(
                &sim,
                &headers,
                StatusCode::NOT_FOUND,
                "Voice portal not found.",
            )
        })
}

async fn route_list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> SimResult {
    let grant = authorize(&sim, &headers, &[TELEPHONY_READ])?;
    let org = org_for(&sim, &headers, &grant, &params(&query))?;
    org.route_lists
        .get(&id)
        .map(|r| Json(r).into_response())
        .ok_or_else(|| {
            SimError::new(
                &sim,
                &headers,
                StatusCode::NOT_FOUND,
                "Route list not found.",
            )
        })
}

/// The index of a location named in a path, checked against the token's reach.
fn located(
    sim: &Sim,
    headers: &HeaderMap,
    grant: &Grant,
    org: &Org,
    location_id: &str,
) -> Result<usize, SimError> {
    let Some(index) = org.location_index(location_id) else {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::NOT_FOUND,
            "Location not found.",
        ));
    };
    if !grant.covers_location(index) {
        return Err(SimError::new(
            sim,
            headers,
            StatusCode::FORBIDDEN,
            "The location administrator is not authorized for this location.",
        ));
    }
    Ok(index)
}

async fn not_found(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> SimError {
    SimError::new(
        &sim,
        &headers,
        StatusCode::NOT_FOUND,
        "The requested resource could not be found.",
    )
}

/// Counts each Webex request by route, then applies the first matching fault rule.
async fn count_and_fault(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let key = format!("{} {}", request.method(), route);
    *lock(&sim.stats).entry(key).or_default() += 1;
    let path = request.uri().path().to_owned();
    let Some(action) = lock(&sim.faults).action_for(&path) else {
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

#[derive(Serialize)]
struct Stats {
    total: u64,
    routes: BTreeMap<String, u64>,
}

async fn stats(State(sim): State<Arc<Sim>>) -> Json<Stats> {
    let routes = lock(&sim.stats).clone();
    Json(Stats {
        total: routes.values().sum(),
        routes,
    })
}

async fn reset_stats(State(sim): State<Arc<Sim>>) -> StatusCode {
    lock(&sim.stats).clear();
    StatusCode::NO_CONTENT
}

/// Body of `POST /_simulator/faults`: one rule, or `{"dropLinkFilters": true}`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultRequest {
    #[serde(default)]
    drop_link_filters: Option<bool>,
    #[serde(flatten)]
    rule: serde_json::Value,
}

async fn add_fault(State(sim): State<Arc<Sim>>, Json(req): Json<FaultRequest>) -> Response {
    let mut faults = lock(&sim.faults);
    if let Some(drop) = req.drop_link_filters {
        faults.drop_link_filters = drop;
    }
    let is_empty = req.rule.as_object().is_none_or(|o| o.is_empty());
    if !is_empty {
        match serde_json::from_value::<FaultRule>(req.rule) {
            Ok(rule) => faults.add(rule),
            Err(e) => {
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({ "message": e.to_string() })),
                )
                    .into_response();
            }
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    lock(&sim.faults).clear();
    StatusCode::NO_CONTENT
}

async fn org_summary(State(sim): State<Arc<Sim>>) -> Json<serde_json::Value> {
    let orgs: Vec<_> = sim
        .orgs
        .iter()
        .map(|org| {
            let locations: Vec<_> = org
                .locations
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": l.detail.id,
                        "name": l.detail.name,
                        "country": l.country,
                        "pstnProvider": l.provider,
                        "zone": l.zone,
                        "numbers": org.numbers.iter().filter(|n| n.location == i).count(),
                    })
                })
                .collect();
            json!({ "id": org.id, "name": org.name, "locations": locations })
        })
        .collect();
    Json(json!({ "orgs": orgs }))
}
