//! Prometheus metrics, served at `GET /metrics`. Labels are route templates, outcomes and error
//! codes only: never ids, URLs, headers or tokens.
//!
//! * `callerid_http_requests_total{path, status}` and `callerid_http_request_duration_seconds{path}`
//! * `callerid_graphql_errors_total{code}`
//! * `callerid_upstream_requests_total{endpoint, outcome}` (`outcome`: the HTTP status, or
//!   `timeout` / `transport`) and `callerid_upstream_request_duration_seconds{endpoint}`
//! * `callerid_upstream_retries_total{endpoint}`
//! * `callerid_build_info{version}`, always 1
//!
//! Every family carries a `# HELP` line.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder once and returns its handle (`None` if another recorder was
/// installed first, in which case `/metrics` says so rather than failing the service).
pub(crate) fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
                .ok()?;
            match builder.install_recorder() {
                Ok(handle) => {
                    describe();
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
    describe_gauge!(
        "callerid_build_info",
        "The running build: always 1, with the version as a label."
    );
    metrics::gauge!("callerid_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}
