//! Resources Webex can only fetch one id at a time: locations, workspaces, location-scoped features
//! and route lists. Each distinct key costs one call per request, run under the request's
//! concurrency bound; a 404 leaves the key absent (not found).

use std::collections::HashMap;
use std::convert::Infallible;

use async_graphql::dataloader::Loader;
use futures::FutureExt;
use futures::future::BoxFuture;

use super::{FeatureKey, LocationKey, Lookup, RouteListKey, WebexLoader, WorkspaceKey};
use crate::webex::model::{Feature, Location, RouteList, Workspace};
use crate::webex::{self, Caller, Client};

impl Loader<LocationKey> for WebexLoader {
    type Value = Lookup<Location>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[LocationKey],
    ) -> Result<HashMap<LocationKey, Self::Value>, Infallible> {
        Ok(self.load_each(keys, &self.locations, location_call).await)
    }
}

impl Loader<WorkspaceKey> for WebexLoader {
    type Value = Lookup<Workspace>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[WorkspaceKey],
    ) -> Result<HashMap<WorkspaceKey, Self::Value>, Infallible> {
        Ok(self.load_each(keys, &self.workspaces, workspace_call).await)
    }
}

impl Loader<FeatureKey> for WebexLoader {
    type Value = Lookup<Feature>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[FeatureKey],
    ) -> Result<HashMap<FeatureKey, Self::Value>, Infallible> {
        Ok(self.load_each(keys, &self.features, feature_call).await)
    }
}

impl Loader<RouteListKey> for WebexLoader {
    type Value = Lookup<RouteList>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[RouteListKey],
    ) -> Result<HashMap<RouteListKey, Self::Value>, Infallible> {
        Ok(self
            .load_each(keys, &self.route_lists, route_list_call)
            .await)
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

pub(crate) fn location_call(client: Client, caller: Caller, k: LocationKey) -> One<Location> {
    async move { client.location(&caller, k.org.as_deref(), &k.id).await }.boxed()
}

pub(crate) fn workspace_call(client: Client, caller: Caller, k: WorkspaceKey) -> One<Workspace> {
    async move { client.workspace(&caller, &k.id).await }.boxed()
}

pub(crate) fn feature_call(client: Client, caller: Caller, k: FeatureKey) -> One<Feature> {
    async move {
        client
            .feature(&caller, k.org.as_deref(), k.kind, &k.location, &k.id)
            .await
    }
    .boxed()
}

pub(crate) fn route_list_call(client: Client, caller: Caller, k: RouteListKey) -> One<RouteList> {
    async move { client.route_list(&caller, k.org.as_deref(), &k.id).await }.boxed()
}
