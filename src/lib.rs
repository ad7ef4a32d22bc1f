//! callerid-graphql: a GraphQL facade over the Webex Calling API that answers "which numbers may
//! this person, workspace or virtual line show as external caller ID?", with owners and locations
//! as typed objects and the upstream calls batched; and the rest of a caller ID picker: browse a
//! location's people, workspaces and virtual lines, read their caller ID, change it.
//!
//! # Layout
//!
//! * [`config`]: the command line (every flag has a `CALLERID_*` environment twin).
//! * [`kind`]: the catalogue of entity kinds: every spelling of a kind (Webex's owner types and
//!   their aliases, id segments, GraphQL type, paths, nouns) in one row.
//! * [`telemetry`]: logging, set up once.
//! * [`app`]: startup: bind, wire, run until a shutdown signal.
//! * `http`: routes (`/graphql`, the GraphiQL playground, `/health`, `/metrics`); no GraphQL types.
//! * `metrics`: the Prometheus recorder.
//! * [`graphql`]: the schema, per-request loaders and the error contract; never imports axum.
//!   `graphql/engine/` runs persisted queries, parsing and the shape limits once per request
//!   (no schema extension by default); `graphql/resources/` holds one module per upstream
//!   resource (caller ID settings among them): its key and calls, its detail view as a GraphQL
//!   object and its planner rule, and `directory.rs` pages the lists a picker browses;
//!   `graphql/mutation.rs` is `setCallerId`, every check before its one write.
//! * [`webex`]: the Webex REST client; knows nothing of GraphQL. `webex/client/` is split into
//!   credentials, transport, paging and endpoints by resource.
//! * [`simulator`]: a Webex-shaped REST server over a generated org, the default upstream; its
//!   caller ID settings are the one state writes change.
//!
//! A request flows http → graphql (resolvers, loaders) → webex client → Webex or the simulator,
//! always over real HTTP.

pub mod app;
pub mod config;
pub mod graphql;
mod http;
pub mod kind;
mod metrics;
pub mod simulator;
pub mod telemetry;
pub mod webex;
