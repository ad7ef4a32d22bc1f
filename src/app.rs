//! Startup: turn a validated configuration into a bound, ready-to-run service, and run it until a
//! shutdown signal. Tests build the same `App` on port 0.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::http::HeaderValue;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::config::{ServeArgs, SimulateArgs};
use crate::graphql::trusted::{TrustedDocuments, TrustedMode};
use crate::graphql::{self, InputLimits, JobConfig, Jobs, LoaderConfig, SchemaConfig, ShapeLimits};
use crate::http::{self, AppState};
use crate::simulator::{self, DEMO_ADMIN_TOKEN, FaultRule, SimulatorConfig};
use crate::webex::{self, Client, ClientConfig, RetryPolicy};

/// A service bound to its port, ready to run.
#[derive(Debug)]
pub struct App {
    listener: TcpListener,
    router: axum::Router,
    grace: Duration,
    simulator: Option<EmbeddedSimulator>,
    upstream: Url,
    jobs: Arc<Jobs>,
}

#[derive(Debug)]
struct EmbeddedSimulator {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl App {
    /// Validates the configuration, starts the embedded simulator when no upstream is set, and
    /// binds the listener.
    pub async fn build(config: ServeArgs) -> anyhow::Result<Self> {
        let (upstream, simulator) = match &config.upstream_url {
            Some(url) => {
                check_upstream(url, config.allow_insecure_upstream)?;
                (url.clone(), None)
            }
            None => {
                let sim = start_simulator(SimulatorConfig {
                    numbers: config.simulator.numbers,
                    max_page_size: config.simulator.max_page_size,
                    faults: Vec::new(),
                    // Bound to loopback: only local callers can reach it anyway.
                    control_from_anywhere: false,
                    max_concurrent_per_token: None,
                    hunt_group_list_extension: false,
                })
                .await?;
                let url =
                    Url::parse(&format!("http://{}/v1", sim.addr)).context("simulator URL")?;
                (url, Some(sim))
            }
        };
        let client = Client::new(ClientConfig {
            base_url: upstream.clone(),
            connect_timeout: Duration::from_millis(config.upstream_connect_timeout_ms),
            request_timeout: Duration::from_millis(config.upstream_timeout_ms),
            retry: RetryPolicy {
                max_attempts: config.upstream_max_attempts,
                base_delay: Duration::from_millis(config.upstream_backoff_ms),
                max_delay: Duration::from_millis(config.upstream_max_backoff_ms),
                fallback_retry_after: Duration::from_millis(config.retry_after_fallback_ms),
            },
            token_concurrency: config.token_concurrency,
            cache: webex::Cache::new(&cache_config(&config))?,
            fleet: webex::FleetConfig {
                rate: config.fleet_rate,
                burst: config.fleet_burst,
            },
        })
        .context("Failed to build the upstream HTTP client")?;
        // The shared cache is dialled in the background; a second's wait here lets the first
        // requests use it. A Redis that is down is not waited for longer: it is a degraded
        // cache, not a failed start.
        if let Some(redis) = client.cache().and_then(|c| c.redis())
            && !redis.connected_within(Duration::from_secs(1)).await
        {
            tracing::warn!("Redis does not answer yet; answering from Webex until it does");
        }
        let loaders = LoaderConfig {
            // 0: no per-request bound beyond the token's shared limit.
            concurrency: match config.loader_concurrency {
                0 => tokio::sync::Semaphore::MAX_PERMITS,
                n => n,
            },
            virtual_line_batch: config.virtual_line_batch,
        };
        let jobs = Jobs::new(
            client.clone(),
            JobConfig {
                max_items: config.job_max_items,
                max_running: config.job_max_running,
                keep: Duration::from_secs(config.job_keep_secs),
                lease: Duration::from_secs(config.job_lease_secs),
                loaders: loaders.clone(),
            },
        );
        let trusted = if config.trusted_documents.is_empty() {
            None
        } else {
            let list =
                TrustedDocuments::load(&config.trusted_documents, config.trusted_documents_mode)?;
            tracing::info!(
                documents = list.len(),
                mode = list.mode().name(),
                "trusted documents loaded"
            );
            Some(Arc::new(list))
        };
        // The playground sends documents its user types: the list would refuse every one.
        let enforcing = trusted
            .as_ref()
            .is_some_and(|t| t.mode() == TrustedMode::Enforce);
        let schema_config = SchemaConfig {
            max_depth: config.max_depth,
            max_complexity: config.max_complexity,
            shape: ShapeLimits {
                max_aliases: config.max_aliases,
                max_root_fields: config.max_root_fields,
            },
            input: InputLimits {
                max_phone_numbers: config.max_phone_numbers,
            },
            introspection: !config.no_introspection,
            trace_resolvers: config.trace_resolvers,
            plain_rows: config.plain_rows,
            apq_cache: config.apq_cache_size,
            jobs: Some(jobs.clone()),
            trusted,
        };
        if let Some(list) = &schema_config.trusted {
            graphql::check_trusted(&schema_config, list).await?;
        }
        let engine = graphql::Engine::new(&schema_config);
        let cors_origins = config
            .cors_origins
            .iter()
            .filter(|o| !o.trim().is_empty())
            .map(|o| {
                HeaderValue::from_str(o.trim())
                    .with_context(|| format!("--cors-origins: {o:?} is not a valid origin"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let graphiql =
            (!config.no_graphiql && !enforcing).then(|| http::playground(simulator.is_some()));
        let state = Arc::new(AppState {
            engine,
            client,
            loaders,
            deadline: Duration::from_millis(config.request_deadline_ms),
            max_batch: config.max_batch,
            max_body_bytes: config.max_body_bytes,
            graphiql,
            cors_origins,
            cost_extensions: config.cost_extensions,
            cache_max_age: config.cache_max_age,
        });
        // Install the metrics recorder before the first request so no early count is lost.
        let _ = crate::metrics::handle();
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("Failed to bind {}", config.listen))?;
        Ok(Self {
            listener,
            router: http::router(state),
            grace: Duration::from_secs(config.shutdown_grace_secs),
            simulator,
            upstream,
            jobs,
        })
    }

    /// The port the service listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    /// The address the service listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The embedded simulator's base URL (`http://127.0.0.1:PORT`), when it runs.
    pub fn simulator_url(&self) -> Option<String> {
        self.simulator
            .as_ref()
            .map(|s| format!("http://{}", s.addr))
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish within the grace
    /// period.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let addr = self.local_addr();
        let graphql_url = format!("http://{addr}/graphql");
        match &self.simulator {
            Some(sim) => tracing::info!(
                url = %graphql_url,
                upstream = %format!("http://{}/v1 (embedded simulator)", sim.addr),
                demo_token = DEMO_ADMIN_TOKEN,
                demo_location_id = %simulator::demo_location_id(),
                graphiql_assets = if http::graphiql_embedded() { "embedded" } else { "cdn" },
                "GraphQL ready"
            ),
            None => tracing::info!(url = %graphql_url, upstream = %self.upstream, "GraphQL ready"),
        }
        let (signalled_tx, signalled_rx) = oneshot::channel::<()>();
        let server = axum::serve(self.listener, self.router).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = signalled_tx.send(());
        });
        let mut server = tokio::spawn(server.into_future());
        let result = tokio::select! {
            done = &mut server => done,
            _ = signalled_rx => {
                tracing::info!(grace_secs = self.grace.as_secs(), "shutting down; finishing in-flight requests and job items");
                // Running jobs finish their items in flight and are left INTERRUPTED.
                let abort = server.abort_handle();
                let jobs = self.jobs.clone();
                let drained = async move {
                    jobs.drain().await;
                    server.await
                };
                match tokio::time::timeout(self.grace, drained).await {
                    Ok(done) => done,
                    Err(_) => {
                        tracing::warn!("grace period over; dropping the requests still in flight");
                        abort.abort();
                        Ok(Ok(()))
                    }
                }
            }
        };
        // However the server ended (a signal may have let it finish before the arm above ran),
        // running jobs stop at their next batch and are left INTERRUPTED; a second drain is a
        // no-op.
        if tokio::time::timeout(self.grace, self.jobs.drain())
            .await
            .is_err()
        {
            tracing::warn!("grace period over; jobs still running are left to their leases");
        }
        if let Some(sim) = self.simulator {
            let _ = sim.stop.send(());
            let _ = sim.task.await;
        }
        result
            .context("server task failed")?
            .context("server failed")?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Refuses an upstream that would carry tokens in clear text over a network.
fn check_upstream(url: &Url, allow_insecure: bool) -> anyhow::Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback(url) => Ok(()),
        "http" => bail!(
            "--upstream-url {url} is plain http on a non-loopback host; bearer tokens would travel unencrypted. Use https, or pass --allow-insecure-upstream."
        ),
        other => bail!("--upstream-url must be http(s), got {other:?}"),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

async fn start_simulator(config: SimulatorConfig) -> anyhow::Result<EmbeddedSimulator> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .context("Failed to bind the embedded simulator")?;
    let addr = listener.local_addr().context("simulator address")?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(simulator::serve(listener, config, async move {
        let _ = stopped.await;
    }));
    Ok(EmbeddedSimulator { addr, stop, task })
}

/// The cache the flags describe: Redis with --cache-url, else in process unless its size is 0.
fn cache_config(config: &ServeArgs) -> webex::CacheConfig {
    let secs = Duration::from_secs;
    webex::CacheConfig {
        backend: match (&config.cache_url, config.cache_max_bytes) {
            (Some(url), _) => webex::CacheBackend::Redis { url: url.clone() },
            (None, 0) => webex::CacheBackend::Off,
            (None, max_bytes) => webex::CacheBackend::Memory { max_bytes },
        },
        key_secret: config.cache_key_secret.clone(),
        ttl: webex::CacheTtls {
            details: secs(config.cache_details_ttl_secs),
            lists: secs(config.cache_lists_ttl_secs),
            caller_id: secs(config.cache_caller_id_ttl_secs),
            emergency_callback: secs(config.cache_emergency_callback_ttl_secs),
            numbers: secs(config.cache_numbers_ttl_secs),
        },
        timeout: Duration::from_millis(config.cache_timeout_ms),
    }
}

/// Runs only the simulator until `shutdown` resolves (the `simulate` subcommand).
pub async fn run_simulator(
    args: SimulateArgs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mut faults = Vec::new();
    if args.latency_ms.is_some() || args.fault_status.is_some() {
        faults.push(FaultRule {
            status: args.fault_status,
            retry_after: args.fault_retry_after.clone(),
            latency_ms: args.latency_ms,
            rate: args.fault_rate,
            ..FaultRule::default()
        });
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("Failed to bind {}", args.listen))?;
    let addr = listener.local_addr().context("simulator address")?;
    tracing::info!(
        url = %format!("http://{addr}/v1"),
        demo_token = DEMO_ADMIN_TOKEN,
        demo_location_id = %simulator::demo_location_id(),
        control_routes = if args.control_from_anywhere {
            "any host (--control-from-anywhere)"
        } else {
            "loopback only"
        },
        "Webex Calling simulator ready"
    );
    let config = SimulatorConfig {
        numbers: args.simulator.numbers,
        max_page_size: args.simulator.max_page_size,
        faults,
        control_from_anywhere: args.control_from_anywhere,
        max_concurrent_per_token: args.max_concurrent_per_token,
        hunt_group_list_extension: args.hunt_group_list_extension,
    };
    simulator::serve(listener, config, shutdown)
        .await
        .context("simulator failed")
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `callerid-graphql health`: whether the service at `args.url` answers 2xx in time.
pub async fn health_check(args: crate::config::HealthArgs) -> bool {
    crate::webex::init_tls();
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_millis(args.timeout_ms))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    else {
        return false;
    };
    match client.get(&args.url).send().await {
        Ok(response) if response.status().is_success() => true,
        Ok(response) => {
            eprintln!("{} answered {}", args.url, response.status());
            false
        }
        Err(e) => {
            eprintln!("{} did not answer: {e}", args.url);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_upstreams_are_refused_unless_loopback_or_allowed() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(check_upstream(&url("https://webexapis.com/v1"), false).is_ok());
        assert!(check_upstream(&url("http://127.0.0.1:9090/v1"), false).is_ok());
        assert!(check_upstream(&url("http://localhost:9090/v1"), false).is_ok());
        assert!(check_upstream(&url("http://[::1]:9090/v1"), false).is_ok());
        assert!(check_upstream(&url("http://webex.internal/v1"), false).is_err());
        assert!(check_upstream(&url("http://webex.internal/v1"), true).is_ok());
        assert!(check_upstream(&url("ftp://x/v1"), true).is_err());
    }
}
