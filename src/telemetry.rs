//! Logging and traces, set up once per process.
//!
//! Logs: `RUST_LOG` filters (default: this crate and tower-http at info); text for people, JSON for
//! log shippers. Messages are constant and data goes in fields; headers are never logged, so tokens
//! never are.
//!
//! Traces: with an OTLP endpoint, the same `tracing` spans (the request, each loader batch, each
//! upstream attempt) are exported through OpenTelemetry. The caller's `traceparent` becomes the
//! request span's parent, and every upstream call carries its own span as the parent, so one trace
//! runs from the browser or gateway through this service into Webex.

use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context as _;
use axum::http::HeaderMap;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use url::Url;

use crate::config::{LogFormat, OtlpProtocol};

/// Where spans go, when they are exported at all.
#[derive(Debug, Clone)]
pub struct OtlpConfig {
    /// The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); `/v1/traces` is appended.
    pub endpoint: Option<Url>,
    /// Protobuf or JSON.
    pub protocol: OtlpProtocol,
}

impl OtlpConfig {
    /// Whether spans are exported: an endpoint was given, or the standard trace-specific variable
    /// is set (the exporter reads it itself).
    fn enabled(&self) -> bool {
        self.endpoint.is_some() || signal_endpoint().is_some()
    }
}

fn signal_endpoint() -> Option<String> {
    std::env::var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// Set once, when span export is on; read on every request and upstream call.
static EXPORTING: OnceLock<bool> = OnceLock::new();

fn exporting() -> bool {
    EXPORTING.get().copied().unwrap_or(false)
}

/// Keeps the span pipeline alive; [`shutdown`](Self::shutdown) flushes what is still queued.
#[derive(Debug, Default)]
#[must_use = "dropping the guard without shutdown() can lose the last spans"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Sends the spans still queued, waiting at most a few seconds for the collector.
    pub async fn shutdown(mut self) {
        if let Some(provider) = self.provider.take() {
            // The exporter's HTTP client is blocking: flush off the async workers.
            let flushed = tokio::task::spawn_blocking(move || {
                provider.shutdown_with_timeout(Duration::from_secs(5))
            })
            .await;
            if let Ok(Err(error)) = flushed {
                tracing::warn!(%error, "could not flush the last spans to the OTLP collector");
            }
        }
    }
}

/// Installs the global subscriber writing logs to `writer`, and the span exporter when `otlp` asks
/// for one. A second call keeps the first subscriber and exports nothing.
pub fn init<W>(
    format: LogFormat,
    writer: W,
    ansi: bool,
    otlp: Option<&OtlpConfig>,
) -> anyhow::Result<Telemetry>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("callerid_graphql=info,tower_http=info,warn"));
    let provider = match otlp.filter(|o| o.enabled()) {
        Some(otlp) => Some(provider(otlp)?),
        None => None,
    };
    let spans = provider
        .as_ref()
        .map(|p| tracing_opentelemetry::layer().with_tracer(p.tracer("callerid-graphql")));
    let registry = tracing_subscriber::registry().with(filter).with(spans);
    let installed = match format {
        LogFormat::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(writer)
                    .with_ansi(ansi),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_writer(writer),
            )
            .try_init(),
    };
    if installed.is_err() {
        return Ok(Telemetry::default());
    }
    let _ = EXPORTING.set(provider.is_some());
    Ok(Telemetry { provider })
}

fn provider(otlp: &OtlpConfig) -> anyhow::Result<SdkTracerProvider> {
    // The exporter's HTTP client needs the TLS provider installed, like the upstream client.
    crate::webex::init_tls();
    let protocol = match otlp.protocol {
        OtlpProtocol::HttpProtobuf => Protocol::HttpBinary,
        OtlpProtocol::HttpJson => Protocol::HttpJson,
    };
    let mut exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(protocol);
    // The trace-specific variable, when set, wins over the base URL (the specification's order);
    // the exporter reads it when no endpoint is given here.
    if let (Some(base), None) = (&otlp.endpoint, signal_endpoint()) {
        exporter = exporter.with_endpoint(traces_url(base));
    }
    let exporter = exporter
        .build()
        .context("Failed to set up the OTLP span exporter")?;
    let mut resource = opentelemetry_sdk::Resource::builder().with_attribute(
        opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")),
    );
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the builder and win.
    if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name("callerid-graphql");
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// `http://collector:4318` → `http://collector:4318/v1/traces`, as OTLP/HTTP defines the signal path.
fn traces_url(base: &Url) -> String {
    let base = base.as_str().trim_end_matches('/');
    if base.ends_with("/v1/traces") {
        base.to_owned()
    } else {
        format!("{base}/v1/traces")
    }
}

/// Makes `span` the server span of an incoming request: named `METHOD route`, a child of the
/// caller's `traceparent` when it sent one. Returns the trace id to log, when spans are exported
/// (otherwise the caller's own trace id is logged).
pub(crate) fn server_span(
    span: &tracing::Span,
    method: &str,
    route: &str,
    headers: &HeaderMap,
) -> Option<String> {
    if !exporting() {
        return None;
    }
    span.record("otel.name", format!("{method} {route}"));
    span.record("otel.kind", "server");
    let parent = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
    let _ = span.set_parent(parent);
    let context = span.context();
    let ids = context.span().span_context().clone();
    ids.is_valid().then(|| ids.trace_id().to_string())
}

/// Names `span` as the client span of one upstream attempt, and returns the `traceparent` that
/// makes it the parent of Webex's work; `None` when spans are not exported.
pub(crate) fn client_span(span: &tracing::Span, endpoint: &str) -> Option<String> {
    if !exporting() {
        return None;
    }
    // Endpoints are already "GET /v1/…" templates: low-cardinality span names.
    span.record("otel.name", endpoint);
    span.record("otel.kind", "client");
    let context = span.context();
    let ids = context.span().span_context().clone();
    ids.is_valid().then(|| {
        format!(
            "00-{}-{}-{:02x}",
            ids.trace_id(),
            ids.span_id(),
            ids.trace_flags().to_u8()
        )
    })
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl opentelemetry::propagation::Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_endpoint_gets_the_traces_path_once() {
        for (base, want) in [
            ("http://c:4318", "http://c:4318/v1/traces"),
            ("http://c:4318/", "http://c:4318/v1/traces"),
            ("http://c:4318/otlp", "http://c:4318/otlp/v1/traces"),
            ("http://c:4318/v1/traces", "http://c:4318/v1/traces"),
        ] {
            assert_eq!(traces_url(&Url::parse(base).unwrap()), want);
        }
    }
}
