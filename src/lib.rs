//! callerid-graphql: a GraphQL facade over the Webex Calling API that answers "which numbers may
//! this person, workspace or virtual line show as external caller ID?", with owners and locations
//! as typed objects and the upstream calls batched.
//!
//! # Layout
//!
//! * [`config`]: the command line (every flag has a `CALLERID_*` environment twin).
//! * [`telemetry`]: logging, set up once.
//! * [`app`]: startup: bind, wire, run until a shutdown signal.
//! * `http`: routes (`/graphql`, the GraphiQL playground, `/health`, `/metrics`); no GraphQL types.
//! * `metrics`: the Prometheus recorder.
//! * [`graphql`]: the schema, per-request loaders and the error contract; never imports axum.
//! * [`webex`]: the Webex REST client; knows nothing of GraphQL.
//! * [`simulator`]: a Webex-shaped REST server over a generated org, the default upstream.
//!
//! A request flows http → graphql (resolvers, loaders) → webex client → Webex or the simulator,
//! always over real HTTP.

pub mod app;
pub mod config;
pub mod graphql;
mod http;
mod metrics;
pub mod simulator;
pub mod telemetry;
pub mod webex;
