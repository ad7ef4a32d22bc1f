//! The built-in Webex Calling simulator: a Webex-shaped REST server over a deterministic in-memory
//! org, served over real HTTP so the default mode runs the same client code that talks to Webex.
//!
//! It is an independent witness of the real API: it writes its own wire JSON from its own records,
//! shaped from the published spec's examples, and never uses the client's models. Layout:
//!
//! * `org`: the generated org; `rules`: the seed's number-selection rule; `caller_id`: the
//!   caller ID settings of each person, workspace and virtual line, the one state PUTs change;
//! * `handlers/`: the Webex routes, one file per resource family, with the list endpoints' paging;
//! * `auth`: demo tokens, scopes and location reach; `wire`: error bodies, parameters, paging;
//! * `faults`: fault injection; `control`: `/_simulator/` (stats, faults, org summary),
//!   loopback-only by default.

mod auth;
mod caller_id;
mod control;
mod ecbn;
mod faults;
mod handlers;
mod org;
mod rules;
mod wire;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::middleware;

pub use auth::{
    DEMO_ADMIN_TOKEN, DEMO_LOCATION_ADMIN_TOKEN, DEMO_NO_SCOPE_TOKEN, DEMO_ORG2_ADMIN_TOKEN,
    DEMO_READONLY_TOKEN,
};
pub use faults::FaultRule;

use faults::Faults;
use org::{Org, generate};

/// The simulator's size and behaviour.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Numbers in the main org (each location gets at least 32).
    pub numbers: usize,
    /// The largest page any list endpoint serves; bigger `max` values get this many items plus
    /// a `Link: rel="next"`, as Webex documents.
    pub max_page_size: usize,
    /// Fault rules active from the start.
    pub faults: Vec<FaultRule>,
    /// Let callers that are not on loopback use the `/_simulator/` control routes.
    pub control_from_anywhere: bool,
    /// Answer 429 to a token's request while it already has this many in flight, as Webex
    /// throttles one token's bursts; no limit when absent.
    pub max_concurrent_per_token: Option<usize>,
    /// Put `extension` on hunt group list items, as the Webex SDK's list model has it (the
    /// published list example lacks it, so by default the simulator follows the example).
    pub hunt_group_list_extension: bool,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self {
            numbers: 1000,
            max_page_size: 2000,
            faults: Vec::new(),
            control_from_anywhere: false,
            max_concurrent_per_token: None,
            hunt_group_list_extension: false,
        }
    }
}

/// The id the simulator gives the main org's first location (San Jose), handy for examples.
pub fn demo_location_id() -> String {
    org::webex_id("LOCATION", 0, 1)
}

/// A person at San Jose in every size of the main org (the first location's first numbers, and
/// so their owners' ids, do not depend on `--numbers`), for the playground's example change.
pub fn demo_person_id() -> String {
    generate(0, 0)
        .people
        .iter()
        .find(|p| p.location == 0)
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

struct Sim {
    orgs: Vec<Org>,
    max_page_size: usize,
    control_from_anywhere: bool,
    hunt_group_list_extension: bool,
    stats: Mutex<BTreeMap<String, u64>>,
    concurrency: Mutex<faults::Concurrency>,
    rates: Mutex<faults::Rates>,
    faults: Mutex<Faults>,
    throttle: Mutex<faults::Throttle>,
    tracking: AtomicU64,
    /// Caller ID settings per org, changed by PUTs.
    caller_ids: Mutex<Vec<caller_id::Book>>,
    /// Accepted caller ID PUTs per entity, and those that changed its setting (effective), since
    /// the counters' last reset: what proves a job sent no change twice.
    writes: Mutex<BTreeMap<String, (u64, u64)>>,
    /// Emergency callback settings per org, changed by PUTs.
    ecbn: Mutex<Vec<ecbn::Book>>,
    /// The seed state that `POST /_simulator/reset` restores.
    seeded_caller_ids: Vec<caller_id::Book>,
    seeded_ecbn: Vec<ecbn::Book>,
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
    let orgs = vec![
        generate(0, config.numbers),
        generate(1, (config.numbers / 10).max(64)),
    ];
    let seeded_caller_ids: Vec<caller_id::Book> = orgs.iter().map(caller_id::seed).collect();
    let seeded_ecbn: Vec<ecbn::Book> = orgs.iter().map(ecbn::seed).collect();
    let sim = Arc::new(Sim {
        orgs,
        caller_ids: Mutex::new(seeded_caller_ids.clone()),
        writes: Mutex::new(BTreeMap::new()),
        seeded_caller_ids,
        ecbn: Mutex::new(seeded_ecbn.clone()),
        seeded_ecbn,
        max_page_size: config.max_page_size.max(1),
        control_from_anywhere: config.control_from_anywhere,
        hunt_group_list_extension: config.hunt_group_list_extension,
        stats: Mutex::new(BTreeMap::new()),
        concurrency: Mutex::new(faults::Concurrency::default()),
        rates: Mutex::new(faults::Rates::default()),
        faults: Mutex::new(faults),
        throttle: Mutex::new(faults::Throttle::new(config.max_concurrent_per_token)),
        tracking: AtomicU64::new(0),
    });
    let webex = handlers::routes()
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            sim.clone(),
            faults::count_and_fault,
        ));
    control::routes(sim.clone()).merge(webex).with_state(sim)
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
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        // Peer addresses let the control routes refuse callers that are not on loopback.
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stopping.send(());
        })
        .into_future();
        tokio::pin!(server);
        tokio::select! {
            done = &mut server => done,
            _ = stopped => {
                // A graceful shutdown waits for every connection, and a client's pooled
                // connection that no request went over yet holds it open for as long as the
                // client keeps it: the requests in flight get a bounded time, not forever.
                tokio::time::timeout(STOP_WITHIN, &mut server)
                    .await
                    .unwrap_or(Ok(()))
            }
        }
    }
}

/// How long a stopping simulator lets its requests in flight finish.
const STOP_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

async fn not_found(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> wire::SimError {
    handlers::not_found(&sim, &headers, "The requested resource")
}
