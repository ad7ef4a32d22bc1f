//! The subscription root, served over WebSocket with the `graphql-transport-ws` protocol (the
//! `graphql-ws` library's): the token comes in `connection_init`'s payload as `Authorization`.

use async_graphql::{Context, ID, Subscription};
use futures::Stream;

use super::error::ApiError;
use super::jobs::schema::{self, CallerIdJob};

/// The root of every subscription.
#[derive(Debug, Default)]
pub struct Subscription;

/// The root of every subscription.
#[Subscription]
impl Subscription {
    /// A caller ID job as it runs: now, again whenever its state or counts change (at most ten
    /// times a second), and once at the end, after which the stream completes. Only the token
    /// that started the job may follow it; any other gets `NOT_FOUND`.
    async fn caller_id_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job's id.")] id: ID,
    ) -> Result<impl Stream<Item = Result<CallerIdJob, ApiError>> + use<>, ApiError> {
        schema::watch(ctx, id)
    }
}
