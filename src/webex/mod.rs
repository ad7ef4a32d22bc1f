//! The Webex REST client. It knows nothing of GraphQL: it turns typed queries into HTTP calls against
//! a Webex-shaped base URL (the real `https://webexapis.com/v1` or the embedded simulator), and turns
//! what comes back into serde models or a typed [`Error`].

mod cache;
mod client;
pub mod endpoint;
mod error;
mod fleet;
mod lenient;
mod limit;
mod meter;
pub mod model;
mod retry;
mod shapes;
pub mod sources;
mod trace;

pub(crate) use cache::TokenKeys;
pub use cache::{Backend as CacheBackend, Cache, CacheConfig, Ttls as CacheTtls};
pub use client::{
    BearerToken, Browse, Caller, Client, ClientConfig, NumbersPage, NumbersQuery, OrgNumbersQuery,
    PEOPLE_AT_LOCATION_MAX, SkippedItem, Window, Written, init_tls,
};
pub use error::{Error, ErrorBody};
pub use fleet::FleetConfig;
pub use meter::{Costs, Meter};
pub use retry::RetryPolicy;
pub use shapes::ListShapes;
pub use trace::TraceContext;
