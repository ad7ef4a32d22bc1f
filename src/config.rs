//! The command line. Every flag has an environment twin (`CALLERID_*`); the names are a contract
//! that scripts and the compose file use.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::graphql::trusted::TrustedMode;
use crate::graphql::{InputLimits, JobConfig, LoaderConfig, SchemaConfig};
use crate::webex::RetryPolicy;
use url::Url;

/// GraphQL facade over the Webex Calling "available numbers for external caller ID" API.
#[derive(Debug, Parser)]
#[command(
    name = "callerid-graphql",
    version,
    about,
    args_conflicts_with_subcommands = true,
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no subcommand the service runs as `serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// What to run.
// Parsed once at startup: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve GraphQL (the default). Without --upstream-url it starts the embedded simulator.
    #[command(args_override_self = true)]
    Serve(ServeArgs),
    /// Run only the Webex Calling simulator.
    #[command(args_override_self = true)]
    Simulate(SimulateArgs),
    /// Print the client-facing schema (the text of schema.graphql) and exit.
    Schema(SchemaArgs),
    /// Check a running service's health endpoint; exit 0 when it answers 2xx, 1 otherwise (for
    /// container health checks).
    Health(HealthArgs),
}

/// Options of `health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The endpoint to check: `/healthz` (liveness) or `/readyz` (readiness).
    #[arg(
        long,
        env = "CALLERID_HEALTH_URL",
        default_value = "http://127.0.0.1:8080/healthz"
    )]
    pub url: String,

    /// How long to wait for the answer, in milliseconds.
    #[arg(long, default_value_t = 3000)]
    pub timeout_ms: u64,
}

/// Options of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the federation subgraph SDL instead (with `@link` and `@key`), what `_service { sdl }`
    /// serves to gateways.
    #[arg(long)]
    pub federation: bool,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// How spans travel to the OTLP collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OtlpProtocol {
    /// Protobuf over HTTP, the OTLP default.
    #[value(name = "http/protobuf")]
    HttpProtobuf,
    /// JSON over HTTP.
    #[value(name = "http/json")]
    HttpJson,
}

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CALLERID_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Webex API base, e.g. https://webexapis.com/v1. The caller's bearer token is forwarded there.
    /// Unset: the embedded simulator is started on a loopback port and used instead.
    #[arg(long, env = "CALLERID_UPSTREAM_URL")]
    pub upstream_url: Option<Url>,

    /// Allow a plain-http upstream that is not on a loopback address (tokens would cross the
    /// network unencrypted).
    #[arg(long, env = "CALLERID_ALLOW_INSECURE_UPSTREAM")]
    pub allow_insecure_upstream: bool,

    #[command(flatten)]
    pub simulator: SimulatorArgs,

    /// Connect timeout for upstream calls, in milliseconds.
    #[arg(
        long,
        env = "CALLERID_UPSTREAM_CONNECT_TIMEOUT_MS",
        default_value_t = 3_000
    )]
    pub upstream_connect_timeout_ms: u64,

    /// Timeout of one upstream HTTP attempt, in milliseconds.
    #[arg(long, env = "CALLERID_UPSTREAM_TIMEOUT_MS", default_value_t = 10_000)]
    pub upstream_timeout_ms: u64,

    /// Overall budget of one GraphQL request for upstream calls and retry waits, in milliseconds.
    #[arg(long, env = "CALLERID_REQUEST_DEADLINE_MS", default_value_t = 25_000)]
    pub request_deadline_ms: u64,

    /// Attempts per upstream call, the first included (1 = no retries).
    #[arg(long, env = "CALLERID_UPSTREAM_MAX_ATTEMPTS", default_value_t = RetryPolicy::DEFAULT_MAX_ATTEMPTS, value_parser = at_least_one::<u32>)]
    pub upstream_max_attempts: u32,

    /// First retry backoff step, in milliseconds (doubles per attempt, with jitter).
    #[arg(long, env = "CALLERID_UPSTREAM_BACKOFF_MS", default_value_t = RetryPolicy::DEFAULT_BASE_DELAY_MS)]
    pub upstream_backoff_ms: u64,

    /// Longest single retry wait, in milliseconds; a longer Retry-After fails fast with RATE_LIMITED.
    #[arg(long, env = "CALLERID_UPSTREAM_MAX_BACKOFF_MS", default_value_t = RetryPolicy::DEFAULT_MAX_DELAY_MS)]
    pub upstream_max_backoff_ms: u64,

    /// Wait used when a 429 has no usable Retry-After, in milliseconds.
    #[arg(long, env = "CALLERID_RETRY_AFTER_FALLBACK_MS", default_value_t = RetryPolicy::DEFAULT_FALLBACK_RETRY_AFTER_MS)]
    pub retry_after_fallback_ms: u64,

    /// Detail calls (people, locations, features…) one request may have in flight at once. 0,
    /// the default, is what the plan needs: the whole planned round leaves at once, bounded only
    /// by the token's shared limit (--token-concurrency).
    #[arg(long, env = "CALLERID_LOADER_CONCURRENCY", default_value_t = 0)]
    pub loader_concurrency: usize,

    /// Upstream calls one token may have in flight across all requests. Webex answering 429
    /// halves it (once per burst); successes grow it back, one call per window, up to this value.
    #[arg(long, env = "CALLERID_TOKEN_CONCURRENCY", default_value_t = 128, value_parser = at_least_one::<usize>)]
    pub token_concurrency: usize,

    /// Virtual line ids per `GET /telephony/config/virtualLines?id=…` call.
    #[arg(long, env = "CALLERID_VIRTUAL_LINE_BATCH", default_value_t = LoaderConfig::DEFAULT_VIRTUAL_LINE_BATCH, value_parser = at_least_one::<usize>)]
    pub virtual_line_batch: usize,

    /// Deepest query nesting accepted (GraphiQL's own introspection query needs 15).
    #[arg(long, env = "CALLERID_MAX_DEPTH", default_value_t = SchemaConfig::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,

    /// Highest query complexity accepted (a summary field costs 1, a detail field 5, lists
    /// multiply by `first`).
    #[arg(long, env = "CALLERID_MAX_COMPLEXITY", default_value_t = SchemaConfig::DEFAULT_MAX_COMPLEXITY)]
    pub max_complexity: usize,

    /// Most aliased fields in one query document.
    #[arg(long, env = "CALLERID_MAX_ALIASES", default_value_t = SchemaConfig::DEFAULT_MAX_ALIASES)]
    pub max_aliases: usize,

    /// Most root fields in one operation.
    #[arg(long, env = "CALLERID_MAX_ROOT_FIELDS", default_value_t = SchemaConfig::DEFAULT_MAX_ROOT_FIELDS)]
    pub max_root_fields: usize,

    /// Largest request body, in bytes.
    #[arg(long, env = "CALLERID_MAX_BODY_BYTES", default_value_t = 1_048_576)]
    pub max_body_bytes: usize,

    /// Most operations in one batched request.
    #[arg(long, env = "CALLERID_MAX_BATCH", default_value_t = 10)]
    pub max_batch: usize,

    /// Most numbers in `filter.phoneNumbers`.
    #[arg(long, env = "CALLERID_MAX_PHONE_NUMBERS", default_value_t = InputLimits::DEFAULT_MAX_PHONE_NUMBERS)]
    pub max_phone_numbers: usize,

    /// Switch off the GraphiQL playground (production).
    #[arg(long, env = "CALLERID_NO_GRAPHIQL")]
    pub no_graphiql: bool,

    /// Switch off schema introspection (production).
    #[arg(long, env = "CALLERID_NO_INTROSPECTION")]
    pub no_introspection: bool,

    /// Queries remembered for Apollo's automatic persisted queries (0 switches them off).
    #[arg(long, env = "CALLERID_APQ_CACHE_SIZE", default_value_t = SchemaConfig::DEFAULT_APQ_CACHE)]
    pub apq_cache_size: usize,

    /// A trusted documents list your front-end's compiler wrote: Apollo's persisted query
    /// manifest, or the `{"<id>": "<document>"}` map of relay-compiler or GraphQL Code Generator.
    /// Repeat the flag (or separate paths with commas) for several lists. None: any document runs.
    #[arg(long, env = "CALLERID_TRUSTED_DOCUMENTS", value_delimiter = ',')]
    pub trusted_documents: Vec<std::path::PathBuf>,

    /// What a document that is not in the trusted documents meets: `enforce` refuses it (and
    /// switches the playground off), `log` runs it, logs its name and hash once, and counts it.
    #[arg(long, env = "CALLERID_TRUSTED_DOCUMENTS_MODE", value_enum, default_value_t = TrustedMode::Enforce)]
    pub trusted_documents_mode: TrustedMode,

    /// The most `max-age` a query answer's `Cache-Control: private, max-age=N` may carry. N is
    /// the least time any cached Webex answer it used has left; an answer that used none (e.g.
    /// `{ __typename }`) gets this value, and 0 then sends `no-store`. Anything uncached, an error
    /// or a mutation is always `no-store`; never `public`: every answer depends on the token.
    #[arg(long, env = "CALLERID_CACHE_MAX_AGE", default_value_t = 0)]
    pub cache_max_age: u64,

    /// Keep Webex's answers in this Redis (`redis://host:port/db`), shared by every replica
    /// that names it, sealed with a key derived from each caller's token. Unset: in this
    /// process (see --cache-max-bytes).
    #[arg(long, env = "CALLERID_CACHE_URL")]
    pub cache_url: Option<String>,

    /// The deployment's secret for cache keys (an HMAC of the token under it) and for deriving
    /// the keys that seal values. Replicas sharing a Redis must share it. Unset: random per
    /// process, so nothing in Redis outlives the process or is shared.
    #[arg(long, env = "CALLERID_CACHE_KEY_SECRET", hide_env_values = true)]
    pub cache_key_secret: Option<String>,

    /// Bytes of answers the in-process cache holds (0: no cache at all, without --cache-url).
    #[arg(long, env = "CALLERID_CACHE_MAX_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub cache_max_bytes: u64,

    /// Seconds detail answers (people, locations, workspaces, virtual lines, features, route
    /// lists by id) are kept; 0: not cached.
    #[arg(long, env = "CALLERID_CACHE_DETAILS_TTL_SECS", default_value_t = 30)]
    pub cache_details_ttl_secs: u64,

    /// Seconds list pages (locations, a location's workspaces, features and route lists) are
    /// kept; 0: not cached.
    #[arg(long, env = "CALLERID_CACHE_LISTS_TTL_SECS", default_value_t = 30)]
    pub cache_lists_ttl_secs: u64,

    /// Seconds caller ID settings are kept; 0 (the default): read from Webex every time. A
    /// `setCallerId` retires them at once in every replica.
    #[arg(long, env = "CALLERID_CACHE_CALLER_ID_TTL_SECS", default_value_t = 0)]
    pub cache_caller_id_ttl_secs: u64,

    /// Seconds emergency callback settings (and who depends on a member's number) are kept; 0
    /// (the default): read from Webex every time. A `setEmergencyCallback` retires them at once
    /// in every replica.
    #[arg(
        long,
        env = "CALLERID_CACHE_EMERGENCY_CALLBACK_TTL_SECS",
        default_value_t = 0
    )]
    pub cache_emergency_callback_ttl_secs: u64,

    /// Seconds available-number pages are kept; 0 (the default): read from Webex every time. A
    /// `setCallerId` retires its location's pages at once in every replica.
    #[arg(long, env = "CALLERID_CACHE_NUMBERS_TTL_SECS", default_value_t = 0)]
    pub cache_numbers_ttl_secs: u64,

    /// The longest one Redis call may take; past it the call counts as a miss and Webex is
    /// asked.
    #[arg(long, env = "CALLERID_CACHE_TIMEOUT_MS", default_value_t = 5, value_parser = at_least_one::<u64>)]
    pub cache_timeout_ms: u64,

    /// With --cache-url: upstream calls a second one token may make across every replica
    /// (GCRA, on Redis's clock); 0: no fleet budget (a Webex `Retry-After` still pauses the
    /// token in every replica).
    #[arg(long, env = "CALLERID_FLEET_RATE", default_value_t = 0.0, value_parser = not_negative)]
    pub fleet_rate: f64,

    /// With --fleet-rate: how many calls may leave at once before the rate applies.
    #[arg(long, env = "CALLERID_FLEET_BURST", default_value_t = 10, value_parser = at_least_one::<u32>)]
    pub fleet_burst: u32,

    /// Browser origins allowed by CORS, comma-separated. Empty: CORS is off.
    #[arg(long, env = "CALLERID_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Log format.
    #[arg(long, env = "CALLERID_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Emit a tracing span for every resolved GraphQL field (debugging; about halves throughput
    /// on detail-heavy queries). Request spans and upstream-call logs are always on.
    #[arg(long, env = "CALLERID_TRACE_RESOLVERS")]
    pub trace_resolvers: bool,

    /// Resolve the rows of number pages and owners field by field, with async-graphql's own
    /// executor, instead of in one pass. The answers are the same (a test compares them byte for
    /// byte); this is for comparing the two, or ruling the fast path out.
    #[arg(long, env = "CALLERID_PLAIN_ROWS")]
    pub plain_rows: bool,

    /// Export OpenTelemetry spans (request, upstream call, loader batch) to this OTLP/HTTP
    /// collector, e.g. `http://localhost:4318`; `/v1/traces` is appended, as the OpenTelemetry
    /// specification asks. `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, when set, is used verbatim
    /// instead. Off when neither is set.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<Url>,

    /// OTLP encoding. gRPC is not built in: collectors serve OTLP/HTTP on port 4318.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_PROTOCOL", value_enum, default_value_t = OtlpProtocol::HttpProtobuf)]
    pub otlp_protocol: OtlpProtocol,

    /// Add `extensions.upstream` (calls by endpoint, retries, rate-limit waits, upstream time)
    /// to every response. Without it a request can ask with the header `X-Upstream-Cost: true`.
    #[arg(long, env = "CALLERID_COST_EXTENSIONS")]
    pub cost_extensions: bool,

    /// On SIGTERM/SIGINT, how long in-flight requests (and the items in flight of running
    /// jobs) may take to finish, in seconds.
    #[arg(long, env = "CALLERID_SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub shutdown_grace_secs: u64,

    /// Items one caller ID job takes at most (its changes, or the entities its location
    /// selects).
    #[arg(long, env = "CALLERID_JOB_MAX_ITEMS", default_value_t = JobConfig::DEFAULT_MAX_ITEMS, value_parser = at_least_one::<usize>)]
    pub job_max_items: usize,

    /// Caller ID jobs one token may run at once on one replica.
    #[arg(long, env = "CALLERID_JOB_MAX_RUNNING", default_value_t = JobConfig::DEFAULT_MAX_RUNNING, value_parser = at_least_one::<usize>)]
    pub job_max_running: usize,

    /// Seconds a finished job (its items' results) is kept.
    #[arg(long, env = "CALLERID_JOB_KEEP_SECS", default_value_t = JobConfig::DEFAULT_KEEP_SECS)]
    pub job_keep_secs: u64,

    /// With --cache-url: seconds a running job's lease lasts unrenewed. A replica that dies
    /// leaves its jobs `INTERRUPTED` this long after (renewed every third of it).
    #[arg(long, env = "CALLERID_JOB_LEASE_SECS", default_value_t = JobConfig::DEFAULT_LEASE_SECS, value_parser = at_least_one::<u64>)]
    pub job_lease_secs: u64,
}

/// Size and behaviour of the simulator.
#[derive(Debug, Clone, Args)]
pub struct SimulatorArgs {
    /// Numbers in the simulated org (each location gets at least 32).
    #[arg(long = "numbers", env = "CALLERID_SIM_NUMBERS", default_value_t = 1000)]
    pub numbers: usize,

    /// Largest page the simulator serves; bigger `max` values get this many plus a next link.
    #[arg(
        long = "max-page-size",
        env = "CALLERID_SIM_MAX_PAGE_SIZE",
        default_value_t = 2000
    )]
    pub max_page_size: usize,
}

/// Settings of `simulate`.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// Address to listen on.
    #[arg(long, env = "CALLERID_SIM_LISTEN", default_value = "127.0.0.1:9090")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub simulator: SimulatorArgs,

    /// Added latency on every Webex route, in milliseconds.
    #[arg(long, env = "CALLERID_SIM_LATENCY_MS")]
    pub latency_ms: Option<u64>,

    /// Answer this share (0..=1) of Webex requests with --fault-status.
    #[arg(long, env = "CALLERID_SIM_FAULT_RATE", requires = "fault_status")]
    pub fault_rate: Option<f64>,

    /// Status for injected faults, e.g. 429 or 503.
    #[arg(long, env = "CALLERID_SIM_FAULT_STATUS")]
    pub fault_status: Option<u16>,

    /// Raw Retry-After header for injected faults (garbage such as `rand(30),add(30)` allowed).
    #[arg(long, env = "CALLERID_SIM_FAULT_RETRY_AFTER")]
    pub fault_retry_after: Option<String>,

    /// Throttle like Webex: answer 429 (`Retry-After: 1`) to a token's request while it already
    /// has this many in flight.
    #[arg(long, env = "CALLERID_SIM_MAX_CONCURRENT_PER_TOKEN")]
    pub max_concurrent_per_token: Option<usize>,

    /// Put `extension` on hunt group list items, as the Webex SDK's list model has it; off, the
    /// items follow the published list example, which lacks it.
    #[arg(long, env = "CALLERID_SIM_HUNT_GROUP_LIST_EXTENSION")]
    pub hunt_group_list_extension: bool,

    /// Let callers that are not on loopback use the /_simulator/ control routes (stats, fault
    /// injection). Off by default: anyone who reaches them can break the service in front.
    #[arg(long, env = "CALLERID_SIM_CONTROL_FROM_ANYWHERE")]
    pub control_from_anywhere: bool,

    /// Log format.
    #[arg(long, env = "CALLERID_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// A count that must be at least 1: refused at start with a message, not clamped in silence.
fn at_least_one<T>(s: &str) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + From<u8>,
    T::Err: std::fmt::Display,
{
    let n: T = s.trim().parse().map_err(|e| format!("{e}"))?;
    if n < T::from(1) {
        return Err("must be at least 1".into());
    }
    Ok(n)
}

/// A rate that must not be negative.
fn not_negative(s: &str) -> Result<f64, String> {
    let r: f64 = s.trim().parse().map_err(|e| format!("{e}"))?;
    if r.is_nan() || r < 0.0 {
        return Err("must be 0 or more".into());
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_arguments_means_serve_on_8080_with_the_simulator() {
        let cli = Cli::try_parse_from(["callerid-graphql"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen.to_string(), "127.0.0.1:8080");
        assert!(cli.serve.upstream_url.is_none());
    }

    #[test]
    fn subcommands_parse() {
        let cli = Cli::try_parse_from(["x", "simulate", "--listen", "0.0.0.0:9", "--numbers", "5"])
            .unwrap();
        let Some(Command::Simulate(s)) = cli.command else {
            panic!()
        };
        assert_eq!(s.simulator.numbers, 5);
        let cli = Cli::try_parse_from([
            "x",
            "serve",
            "--listen",
            "0.0.0.0:1",
            "--listen",
            "0.0.0.0:2",
        ])
        .unwrap();
        let Some(Command::Serve(s)) = cli.command else {
            panic!()
        };
        assert_eq!(s.listen.port(), 2, "a later flag overrides an earlier one");
        assert!(matches!(
            Cli::try_parse_from(["x", "schema"]).unwrap().command,
            Some(Command::Schema(_))
        ));
    }

    #[test]
    fn counts_below_one_and_negative_rates_are_refused_not_clamped() {
        for flag in ["--token-concurrency", "--job-max-items"] {
            let err = Cli::try_parse_from(["x", flag, "0"]).unwrap_err();
            assert!(
                err.to_string().contains("must be at least 1"),
                "{flag}: {err}"
            );
        }
        assert_eq!(at_least_one::<u32>(" 3 "), Ok(3));
        assert!(not_negative("-0.5").is_err());
        assert!(not_negative("NaN").is_err());
        assert_eq!(not_negative("0"), Ok(0.0));
    }
}
