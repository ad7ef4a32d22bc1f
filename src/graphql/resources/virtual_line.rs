//! Virtual lines: details from `GET /telephony/config/virtualLines?id=…`, up to
//! `--virtual-line-batch` ids a call.

use std::sync::Arc;

use async_graphql::{Context, ContextSelectionSet, Object};

use super::Kept;
use super::calling::Calling;
use super::detailed::View;
use super::summary::Summary;
use crate::graphql::context::{fetch, fetched_now};
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::resources::location::Location;
use crate::webex::model;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::graphql::loaders::{Found, LoaderConfig, OrgKey, Resource, fetch_batched, org_key};
use crate::webex::{self, Caller, Client};

/// A virtual line (`VIRTUAL_LINE`). Details come from `GET /telephony/config/virtualLines?id=…`.
pub(crate) type VirtualLine = Calling<VirtualLineDetails>;

impl View for VirtualLineDetails {
    const DESCRIPTION: &'static str = "A virtual line (`VIRTUAL_LINE`). Details come from `GET /telephony/config/virtualLines?id=…`.";

    type Record = model::VirtualLine;

    fn of(summary: Summary) -> Self {
        Self(summary, Kept::default())
    }

    async fn record(&self, ctx: &Context<'_>) -> Result<Arc<model::VirtualLine>, ApiError> {
        self.1
            .get_or_fetch(fetch(ctx, self.0.key::<VirtualLineKey>()))
            .await
    }

    fn record_now(&self, ctx: &ContextSelectionSet<'_>) -> Option<Arc<model::VirtualLine>> {
        self.1
            .now(|| fetched_now(ctx, &self.0.key::<VirtualLineKey>()))
    }
}

/// A virtual line's fields from the virtual lines API: what the planner fetches when any is
/// selected.
#[derive(Debug, Clone)]
pub(crate) struct VirtualLineDetails(Summary, Kept<model::VirtualLine>);

/// A virtual line's fields from the virtual lines API.
#[Object]
impl VirtualLineDetails {
    /// The virtual line's extension.
    #[graphql(complexity = 5)]
    async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| v.number.as_ref().and_then(|n| n.extension.clone())),
        )
    }

    /// The virtual line's external phone number.
    #[graphql(complexity = 5)]
    async fn phone_number(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| v.number.as_ref().and_then(|n| n.external.clone())),
        )
    }

    /// Caller ID first name.
    #[graphql(complexity = 5)]
    async fn caller_id_first_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| v.caller_id_first_name.clone()),
        )
    }

    /// Caller ID last name.
    #[graphql(complexity = 5)]
    async fn caller_id_last_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| v.caller_id_last_name.clone()),
        )
    }

    /// Caller ID number.
    #[graphql(complexity = 5)]
    async fn caller_id_number(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|v| v.caller_id_number.clone()))
    }

    /// How the external caller ID name is chosen: `DIRECT_LINE`, `LOCATION` or `OTHER`.
    #[graphql(complexity = 5)]
    async fn external_caller_id_name_policy(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| v.external_caller_id_name_policy.clone()),
        )
    }

    /// How many devices the virtual line is assigned to.
    #[graphql(complexity = 5)]
    async fn number_of_devices_assigned(&self, ctx: &Context<'_>) -> Fallible<i64> {
        Fallible::new(self.record(ctx).await.map(|v| v.number_of_devices_assigned))
    }

    /// The virtual line's billing plan.
    #[graphql(complexity = 5)]
    async fn billing_plan(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|v| v.billing_plan.clone()))
    }

    /// The virtual line's location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        let org = &self.0.org;
        Fallible::new(
            self.record(ctx)
                .await
                .map(|v| Location::by_ref(v.location.as_ref(), org)),
        )
    }
}

// ---- Key and calls: `GET /telephony/config/virtualLines?id=a&id=b…` ----

org_key!(
    /// A virtual line (`GET /telephony/config/virtualLines?id=`).
    VirtualLineKey
);

/// Virtual lines, from `GET /telephony/config/virtualLines?id=…`: one call per
/// `--virtual-line-batch` ids of one org.
#[derive(Debug)]
pub(crate) struct VirtualLines;

impl Resource for VirtualLines {
    type Key = VirtualLineKey;
    type Value = model::VirtualLine;
    const WHAT: &'static str = "virtual line";

    fn chunk(config: &LoaderConfig) -> usize {
        config.virtual_line_batch
    }

    fn group(key: &VirtualLineKey) -> Option<Arc<str>> {
        key.org.clone()
    }

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<VirtualLineKey>,
    ) -> BoxFuture<'static, Found<VirtualLineKey, model::VirtualLine>> {
        fetch_batched(client, caller, keys, virtual_lines_call, |v| &v.id).boxed()
    }
}

/// `GET /telephony/config/virtualLines?id=…&id=…`.
fn virtual_lines_call(
    client: Client,
    caller: Caller,
    org: Option<Arc<str>>,
    ids: Vec<String>,
) -> BoxFuture<'static, Result<Vec<model::VirtualLine>, webex::Error>> {
    async move {
        let list = client.virtual_lines(&caller, org.as_deref(), &ids).await?;
        Ok(list.virtual_lines)
    }
    .boxed()
}
