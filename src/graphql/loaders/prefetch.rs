//! Starting the planned round of detail fetches (see `graphql::plan`): each runs as a task right
//! away, registered under its keys, so the lookups made while the response is resolved join it
//! instead of calling Webex again.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use super::by_id::{feature_call, location_call, route_list_call, workspace_call};
use super::people::people_call;
use super::virtual_lines::virtual_lines_call;
use super::{
    EachCall, FeatureKey, FetchFn, LocationKey, Lookup, OrgKey, PEOPLE_PER_CALL, PersonKey,
    RouteListKey, VirtualLineKey, WebexLoader, WorkspaceKey, fetch_each,
};
use crate::webex::model::{Feature, Location, RouteList, Workspace};
use crate::webex::{self, Caller, Client, FeatureKind};

/// A list call: the items it returned, by id.
type ListCall<V> = Box<
    dyn Fn(Client, Caller) -> BoxFuture<'static, Result<Vec<(String, V)>, webex::Error>>
        + Send
        + Sync,
>;

impl WebexLoader {
    pub(crate) fn prefetch_people(&self, keys: Vec<PersonKey>) {
        self.people.start(
            keys,
            PEOPLE_PER_CALL,
            PersonKey::org,
            self.batched(people_call, |p| &p.id),
        );
    }

    pub(crate) fn prefetch_virtual_lines(&self, keys: Vec<VirtualLineKey>) {
        self.virtual_lines.start(
            keys,
            self.config.virtual_line_batch,
            VirtualLineKey::org,
            self.batched(virtual_lines_call, |v| &v.id),
        );
    }

    pub(crate) fn prefetch_locations(
        &self,
        org: Option<Arc<str>>,
        keys: Vec<LocationKey>,
        listed: bool,
    ) {
        if !listed {
            self.locations
                .start(keys, 1, |_| (), self.each(location_call));
            return;
        }
        let list: ListCall<Location> = Box::new(move |client, caller| {
            let org = org.clone();
            async move {
                let items = client.locations(&caller, org.as_deref()).await?;
                Ok(items.into_iter().map(|l| (l.id.clone(), l)).collect())
            }
            .boxed()
        });
        self.locations.start(
            keys,
            usize::MAX,
            |_| (),
            self.listed(list, |k: &LocationKey| k.id.to_string(), location_call),
        );
    }

    pub(crate) fn prefetch_workspaces(
        &self,
        org: Option<Arc<str>>,
        location: Arc<str>,
        keys: Vec<WorkspaceKey>,
        listed: bool,
    ) {
        if !listed {
            self.workspaces
                .start(keys, 1, |_| (), self.each(workspace_call));
            return;
        }
        let list: ListCall<Workspace> = Box::new(move |client, caller| {
            let (org, location) = (org.clone(), location.clone());
            async move {
                let items = client
                    .workspaces_at(&caller, org.as_deref(), &location)
                    .await?;
                Ok(items.into_iter().map(|w| (w.id.clone(), w)).collect())
            }
            .boxed()
        });
        self.workspaces.start(
            keys,
            usize::MAX,
            |_| (),
            self.listed(list, |k: &WorkspaceKey| k.id.to_string(), workspace_call),
        );
    }

    pub(crate) fn prefetch_route_lists(
        &self,
        org: Option<Arc<str>>,
        location: Arc<str>,
        keys: Vec<RouteListKey>,
        listed: bool,
    ) {
        if !listed {
            self.route_lists
                .start(keys, 1, |_| (), self.each(route_list_call));
            return;
        }
        let list: ListCall<RouteList> = Box::new(move |client, caller| {
            let (org, location) = (org.clone(), location.clone());
            async move {
                let items = client
                    .route_lists_at(&caller, org.as_deref(), &location)
                    .await?;
                Ok(items
                    .into_iter()
                    .map(|r| (r.id.clone(), r.into_route_list()))
                    .collect())
            }
            .boxed()
        });
        self.route_lists.start(
            keys,
            usize::MAX,
            |_| (),
            self.listed(list, |k: &RouteListKey| k.id.to_string(), route_list_call),
        );
    }

    pub(crate) fn prefetch_features(
        &self,
        org: Option<Arc<str>>,
        kind: FeatureKind,
        location: Arc<str>,
        keys: Vec<FeatureKey>,
        listed: bool,
        probe: Vec<&'static str>,
    ) {
        if !listed {
            self.features
                .start(keys, 1, |_| (), self.each(feature_call));
            return;
        }
        let list: ListCall<Feature> = Box::new(move |client, caller| {
            let (org, location, probe) = (org.clone(), location.clone(), probe.clone());
            async move {
                let plain = client.features_at(&caller, org.as_deref(), kind, &location, false);
                let items = if kind == FeatureKind::CallQueue {
                    // Customer Assist queues are listed only with the flag: both lists at once.
                    let assist = client.features_at(&caller, org.as_deref(), kind, &location, true);
                    let (mut plain, assist) = futures::try_join!(plain, assist)?;
                    plain.extend(assist);
                    plain
                } else {
                    plain.await?
                };
                // An item without a probed field is left out, so `listed` fetches it by id in
                // this same task; the client remembers the list lacks it for later requests.
                Ok(items
                    .into_iter()
                    .filter(|f| {
                        probe.iter().all(|&field| {
                            let has = f.has(field);
                            if !has {
                                client.list_shapes().learn_lacks(kind, field);
                            }
                            has
                        })
                    })
                    .filter_map(|f| Some((f.id.clone()?, f)))
                    .collect())
            }
            .boxed()
        });
        self.features.start(
            keys,
            usize::MAX,
            |_| (),
            self.listed(list, |k: &FeatureKey| k.id.to_string(), feature_call),
        );
    }

    /// Fetches a group of keys with one list call; keys the list does not return are fetched by
    /// id in the same task. A failed list fails every key of the group with its error.
    fn listed<K, V>(
        &self,
        list: ListCall<V>,
        id_of: fn(&K) -> String,
        fallback: EachCall<K, V>,
    ) -> FetchFn<K, V>
    where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        let client = self.client.clone();
        let caller = self.caller.clone();
        let permits = self.permits().clone();
        let list = Arc::new(list);
        Box::new(move |part: Vec<K>| {
            let (client, caller, permits, list) = (
                client.clone(),
                caller.clone(),
                permits.clone(),
                list.clone(),
            );
            async move {
                let _permit = permits.acquire_owned().await.ok();
                let mut out: HashMap<K, Lookup<V>> = HashMap::with_capacity(part.len());
                match list(client.clone(), caller.clone()).await {
                    Ok(items) => {
                        let mut by_id: HashMap<String, V> = items.into_iter().collect();
                        let mut missing = Vec::new();
                        for key in part {
                            match by_id.remove(&id_of(&key)) {
                                Some(v) => {
                                    out.insert(key, Ok(Arc::new(v)));
                                }
                                None => missing.push(key),
                            }
                        }
                        out.extend(fetch_each(client, caller, missing, fallback).await);
                    }
                    Err(e) => {
                        let e = Arc::new(e);
                        out.extend(part.into_iter().map(|k| (k, Err(e.clone()))));
                    }
                }
                out
            }
            .boxed()
        })
    }
}
