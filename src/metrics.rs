//! Prometheus metrics, served at `GET /metrics`. Labels are route templates, outcomes and error
//! codes only: never ids, URLs, headers or tokens.
//!
//! * `callerid_http_requests_total{path, status}` and `callerid_http_request_duration_seconds{path}`
//! * `callerid_graphql_errors_total{code}`
//! * `callerid_upstream_requests_total{endpoint, outcome}` (`outcome`: the HTTP status, or
//!   `timeout` / `transport`) and `callerid_upstream_request_duration_seconds{endpoint}`
//! * `callerid_upstream_retries_total{endpoint}`
//! * `callerid_build_info{version}`, always 1
//! * `callerid_graphql_requests_total{operation, outcome}` (`operation`: the operation name, the
//!   first 100 distinct names only, later ones as `other`; `outcome`: `ok`, `partial`, `error`)
//! * `callerid_upstream_calls_per_request` (histogram) and
//!   `callerid_upstream_rate_limit_wait_seconds_total{endpoint}`
//! * `callerid_loader_batch_size{kind}` (histogram): keys per loader fetch
//! * `process_resident_memory_bytes`, `process_cpu_seconds_total`, `process_open_fds`,
//!   `process_start_time_seconds` (Linux), read at each scrape
//!
//! Every family carries a `# HELP` line.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Buckets for counts (calls per request, keys per batch).
const COUNT_BUCKETS: &[f64] = &[
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0,
];

/// Operation names kept as label values; later ones are `other`, so the label stays bounded.
const MAX_OPERATION_NAMES: usize = 100;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// How often the recorder's pending histogram samples are folded into their buckets. The
/// exporter leaves this to its caller (`install_recorder` spawns nothing): without it, every sample
/// waits for the next scrape, so a service nobody scrapes grows without bound.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Installs the process-wide recorder once and returns its handle (`None` if another recorder was
/// installed first, in which case `/metrics` says so rather than failing the service).
pub(crate) fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Full("callerid_upstream_calls_per_request".into()),
                    COUNT_BUCKETS,
                )
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Full("callerid_loader_batch_size".into()),
                    COUNT_BUCKETS,
                )
                .ok()?;
            match builder.install_recorder() {
                Ok(handle) => {
                    describe();
                    spawn_upkeep(handle.clone());
                    Some(handle)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .as_ref()
}

/// Folds pending samples on a thread of its own: the recorder is process-wide and outlives any one
/// tokio runtime (tests start many), and the work is a few microseconds a second.
fn spawn_upkeep(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_EVERY);
                handle.run_upkeep();
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "metrics upkeep thread not started; samples wait for a scrape");
    }
}

/// The `# HELP` text of every family, and the build info.
fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "callerid_http_requests_total",
        "HTTP requests served, by route template and status."
    );
    describe_histogram!(
        "callerid_http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request, by route template."
    );
    describe_counter!(
        "callerid_graphql_errors_total",
        "GraphQL errors returned, by extensions.code."
    );
    describe_counter!(
        "callerid_upstream_requests_total",
        "Webex API attempts, by endpoint and outcome (HTTP status, timeout or transport)."
    );
    describe_histogram!(
        "callerid_upstream_request_duration_seconds",
        Unit::Seconds,
        "Duration of one Webex API attempt, by endpoint."
    );
    describe_counter!(
        "callerid_upstream_retries_total",
        "Webex API attempts that were retries, by endpoint."
    );
    describe_counter!(
        "callerid_graphql_requests_total",
        "GraphQL operations executed, by operation name (bounded) and outcome."
    );
    describe_histogram!(
        "callerid_upstream_calls_per_request",
        "Webex API attempts one GraphQL request made."
    );
    describe_counter!(
        "callerid_upstream_rate_limit_wait_seconds_total",
        Unit::Seconds,
        "Time slept on Webex's Retry-After, by endpoint."
    );
    describe_counter!(
        "callerid_cache_requests_total",
        "Cache lookups of Webex answers, by class (details, lists, caller_id, numbers) and result (hit, miss)."
    );
    describe_counter!(
        "callerid_cache_evictions_total",
        "Answers the in-process cache dropped to stay within --cache-max-bytes."
    );
    describe_counter!(
        "callerid_cache_errors_total",
        "Redis calls that failed or outlasted --cache-timeout-ms (each a miss), by operation."
    );
    describe_counter!(
        "callerid_cache_unreadable_total",
        "Cached values that did not open or decode (each a miss)."
    );
    describe_histogram!(
        "callerid_cache_redis_seconds",
        Unit::Seconds,
        "Duration of one Redis call, by operation."
    );
    describe_gauge!(
        "callerid_cache_degraded",
        "1 while Redis fails (answers come from Webex), 0 when it answers."
    );
    describe_counter!(
        "callerid_fleet_budget_waits_total",
        "Times an upstream call waited for its token's fleet-wide budget."
    );
    describe_counter!(
        "callerid_mutations_total",
        "Mutations executed, by mutation, outcome (changed, unchanged, dry_run, or the error code) and dry_run."
    );
    describe_counter!(
        "callerid_upstream_limit_halvings_total",
        "Times a token's shared concurrency limit was halved because Webex answered 429."
    );
    describe_histogram!(
        "callerid_loader_batch_size",
        "Keys one loader fetch asked Webex for, by kind."
    );
    describe_gauge!(
        "process_resident_memory_bytes",
        Unit::Bytes,
        "Resident memory of this process."
    );
    describe_gauge!(
        "process_cpu_seconds_total",
        Unit::Seconds,
        "CPU time this process has used (user + system)."
    );
    describe_gauge!("process_open_fds", "Open file descriptors of this process.");
    describe_gauge!(
        "process_start_time_seconds",
        Unit::Seconds,
        "When this process started, in seconds since the Unix epoch."
    );
    describe_gauge!(
        "callerid_build_info",
        "The running build: always 1, with the version as a label."
    );
    metrics::gauge!("callerid_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}

/// Records one executed GraphQL operation.
pub(crate) fn graphql_request(
    operation: Option<&str>,
    response: &async_graphql::Response,
    upstream_calls: u64,
) {
    static NAMES: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let label = match operation {
        None => "anonymous".to_owned(),
        Some(name) => {
            let mut names = NAMES
                .get_or_init(Default::default)
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if names.contains(name) || (names.len() < MAX_OPERATION_NAMES && name.len() <= 64) {
                names.insert(name.to_owned());
                name.to_owned()
            } else {
                "other".to_owned()
            }
        }
    };
    let outcome = match (
        response.errors.is_empty(),
        response.data == async_graphql::Value::Null,
    ) {
        (true, _) => "ok",
        (false, false) => "partial",
        (false, true) => "error",
    };
    metrics::counter!("callerid_graphql_requests_total", "operation" => label, "outcome" => outcome)
        .increment(1);
    metrics::histogram!("callerid_upstream_calls_per_request").record(upstream_calls as f64);
}

/// Process metrics from `/proc/self` (Linux; elsewhere nothing is recorded).
pub(crate) fn sample_process() {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return;
    };
    // Fields after the command name (which may hold spaces) are space-separated.
    let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
        return;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = 100.0; // USER_HZ on Linux
    let field = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    // Indices after the name: state=0, utime=11, stime=12, starttime=19, rss=21 (pages).
    if let (Some(utime), Some(stime)) = (field(11), field(12)) {
        metrics::gauge!("process_cpu_seconds_total").set((utime + stime) / ticks);
    }
    if let Some(rss) = field(21) {
        metrics::gauge!("process_resident_memory_bytes").set(rss * 4096.0);
    }
    if let (Some(start), Ok(uptime)) = (field(19), std::fs::read_to_string("/proc/uptime")) {
        let boot_uptime = uptime
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        if let Some(up) = boot_uptime {
            metrics::gauge!("process_start_time_seconds").set(now - up + start / ticks);
        }
    }
    if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
        metrics::gauge!("process_open_fds").set(fds.count() as f64);
    }
}
