//! One integration-test binary (one link step): each module is a behaviour area, and every test
//! starts the real app on port 0 and talks HTTP to it.

#![allow(unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

mod batching;
mod cache;
mod caller_id;
mod clients;
mod conformance;
mod contract;
mod deploy;
mod emergency;
mod errors;
mod fidelity;
mod fleet;
mod graphiql;
mod health;
mod helpers;
mod jobs;
mod limits;
mod lists;
mod numbers;
mod paging;
mod planner;
mod readme;
mod resilience;
mod rows;
mod schema;
mod security;
mod supergraph;
mod traces;
mod trusted;
