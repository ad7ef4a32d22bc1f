//! Workspaces: details from `GET /workspaces/{id}`, or one `GET /workspaces?locationId=` per
//! location when that costs fewer calls (every workspace field is on the list items).

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

use crate::graphql::loaders::{
    Found, ListCall, OrgKey, Resource, WebexLoader, fetch_each, org_key,
};
use crate::webex::{self, Caller, Client};

/// A workspace (`PLACE`). Details come from `GET /workspaces/{id}`.
pub(crate) type Workspace = Calling<WorkspaceDetails>;

impl View for WorkspaceDetails {
    const DESCRIPTION: &'static str =
        "A workspace (`PLACE`). Details come from `GET /workspaces/{id}`.";

    type Record = model::Workspace;

    fn of(summary: Summary) -> Self {
        Self(summary, Kept::default())
    }

    async fn record(&self, ctx: &Context<'_>) -> Result<Arc<model::Workspace>, ApiError> {
        self.1
            .get_or_fetch(fetch(ctx, self.0.key::<WorkspaceKey>()))
            .await
    }

    fn record_now(&self, ctx: &ContextSelectionSet<'_>) -> Option<Arc<model::Workspace>> {
        self.1
            .now(|| fetched_now(ctx, &self.0.key::<WorkspaceKey>()))
    }
}

/// A workspace's fields from the workspaces API: what the planner fetches when any is selected.
#[derive(Debug, Clone)]
pub(crate) struct WorkspaceDetails(Summary, Kept<model::Workspace>);

/// A workspace's fields from the workspaces API.
#[Object]
impl WorkspaceDetails {
    /// How many people the workspace seats.
    #[graphql(complexity = 5)]
    async fn capacity(&self, ctx: &Context<'_>) -> Fallible<i64> {
        Fallible::new(self.record(ctx).await.map(|w| w.capacity))
    }

    /// The workspace type, e.g. `meetingRoom`.
    #[graphql(complexity = 5)]
    async fn workspace_type(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|w| w.workspace_type.clone()))
    }

    /// The workspace's SIP address.
    #[graphql(complexity = 5)]
    async fn sip_address(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|w| w.sip_address.clone()))
    }

    /// The calling service of the workspace, e.g. `webexCalling`.
    #[graphql(complexity = 5)]
    async fn calling_type(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(
            self.record(ctx)
                .await
                .map(|w| w.calling.as_ref().and_then(|c| c.calling_type.clone())),
        )
    }

    /// Whether hot desking is on.
    #[graphql(complexity = 5)]
    async fn hotdesking_status(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|w| w.hotdesking_status.clone()))
    }

    /// Notes an administrator left on the workspace.
    #[graphql(complexity = 5)]
    async fn notes(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|w| w.notes.clone()))
    }

    /// The workspace's Webex Calling location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        let org = &self.0.org;
        Fallible::new(
            self.record(ctx)
                .await
                .map(|w| Location::by_id(w.location_id.as_ref(), org)),
        )
    }
}

// ---- Key and calls: `GET /workspaces/{id}`, or `GET /workspaces?locationId=` per location ----

org_key!(
    /// A workspace (`GET /workspaces/{id}`).
    WorkspaceKey
);

/// Workspaces, from `GET /workspaces/{id}`: one call each.
#[derive(Debug)]
pub(crate) struct Workspaces;

impl Resource for Workspaces {
    type Key = WorkspaceKey;
    type Value = model::Workspace;
    const WHAT: &'static str = "workspace";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<WorkspaceKey>,
    ) -> BoxFuture<'static, Found<WorkspaceKey, model::Workspace>> {
        fetch_each(client, caller, keys, workspace_call).boxed()
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

fn workspace_call(client: Client, caller: Caller, k: WorkspaceKey) -> One<model::Workspace> {
    async move { client.workspace(&caller, &k.id).await }.boxed()
}

impl WebexLoader {
    pub(crate) fn prefetch_workspaces(
        &self,
        org: Option<Arc<str>>,
        location: Arc<str>,
        keys: Vec<WorkspaceKey>,
        listed: bool,
    ) {
        let list = listed.then(|| -> ListCall<model::Workspace> {
            Box::new(move |client, caller| {
                let (org, location) = (org.clone(), location.clone());
                async move {
                    let items = client
                        .workspaces_at(&caller, org.as_deref(), &location)
                        .await?;
                    Ok(items.into_iter().map(|w| (w.id.clone(), w)).collect())
                }
                .boxed()
            })
        });
        self.start_listed_or_each::<Workspaces>(keys, list, |k| k.id.to_string());
    }
}
