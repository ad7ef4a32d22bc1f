//! The one place that talks HTTP to Webex. Split by concern:
//!
//! * `credentials`: the caller's token and deadline;
//! * `transport`: one GET with `TrackingID`, the token's shared limit, timeouts and retries (the
//!   retry decision itself is a pure function in `webex/retry.rs`);
//! * `paging`: `Link: rel="next"` lists, checked before the token follows a link;
//! * `numbers`, `directory` (people, locations, workspaces), `telephony` (calling features,
//!   route lists, virtual lines) and `caller_id` (the caller ID settings of people, workspaces
//!   and virtual lines): the endpoints, by resource; `window`: one page of a directory list.
//!
//! Every call is a GET or an idempotent settings PUT, so every call may be retried.

mod caller_id;
mod credentials;
mod directory;
mod ecbn;
mod numbers;
mod paging;
mod telephony;
mod transport;
mod window;

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use url::Url;

pub use caller_id::Written;
pub use credentials::{BearerToken, Caller};
pub use ecbn::OrgNumbersQuery;
pub use numbers::{NumbersPage, NumbersQuery, SkippedItem};
pub use window::{Browse, Window};

pub use directory::PEOPLE_AT_LOCATION_MAX;
use directory::PEOPLE_BY_ID;

use super::cache::Cache;
use super::endpoint::{Endpoint, Request};
use super::error::Error;
use super::fleet::{Fleet, FleetConfig};
use super::limit::TokenLimits;
use super::retry::RetryPolicy;

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
    /// The token-scoped cache of answers, when one is configured.
    pub cache: Option<Arc<Cache>>,
    /// The fleet-wide budget per token (used when the cache is in Redis).
    pub fleet: FleetConfig,
}

/// A 2xx answer, body still raw.
pub(super) struct Success {
    pub(super) body: Vec<u8>,
    pub(super) next: Option<Url>,
    pub(super) tracking_id: String,
}

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
    cache: Option<Arc<Cache>>,
    fleet: Option<Arc<Fleet>>,
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
            fleet: Fleet::new(config.fleet, config.cache.as_ref()).map(Arc::new),
            cache: config.cache,
        })
    }

    /// The cache, when one is configured.
    pub fn cache(&self) -> Option<&Arc<Cache>> {
        self.cache.as_ref()
    }

    /// Retires what is cached about `entities` (their settings and own number lists) and the
    /// number lists of `locations`, for every token and replica, in one batch; a no-op without
    /// a cache.
    pub async fn retire(&self, entities: &[&str], locations: &[&str]) {
        if let Some(cache) = &self.cache {
            cache.invalidate(entities, locations).await;
        }
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
        let request = self
            .request(&PEOPLE_BY_ID, &[("max", Some("1"))])
            .map_err(|_| "the upstream URL is unusable")?;
        match tokio::time::timeout(timeout, self.http.get(request.url).send()).await {
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

    /// A GET by id: 404 is an answer (`None`), not a failure.
    #[tracing::instrument(skip_all, fields(endpoint = request.label()))]
    pub(super) async fn lookup<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        request: &Request,
    ) -> Result<Option<T>, Error> {
        match self.get(caller, request).await {
            Ok(page) => decode(request.label(), &page).map(Some),
            Err(Error::Status { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A request of `endpoint` under this client's base: `params` fill the path's `{name}`
    /// segments (each percent-encoded on its own, so an id holding `/` or `?` cannot reach a
    /// different path), the rest the query.
    pub(super) fn request(
        &self,
        endpoint: &'static Endpoint,
        params: &[(&str, Option<&str>)],
    ) -> Result<Request, Error> {
        Request::new(&self.base, endpoint, params)
    }
}

/// Installs the TLS crypto provider. reqwest is built without a default one (ring builds far faster
/// than aws-lc), and any `reqwest::Client` built before this call panics. Idempotent.
pub fn init_tls() {
    // A second install returns Err with the provider already in place: nothing to handle.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The page's body as `T`, which may borrow from it (raw JSON slices of a list page).
pub(super) fn decode<'p, T: Deserialize<'p>>(
    endpoint: &'static str,
    page: &'p Success,
) -> Result<T, Error> {
    serde_json::from_slice(&page.body).map_err(|source| Error::Decode {
        endpoint,
        tracking_id: page.tracking_id.clone(),
        source,
    })
}
