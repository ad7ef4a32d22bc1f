//! Per-request dataloaders over the Webex client.
//!
//! One [`WebexLoader`] (wrapped in async-graphql's `DataLoader`) is built for every GraphQL request
//! and holds that request's caller, so nothing fetched with one token can be served to another. Three
//! things on top of `DataLoader`'s batching window make the upstream call count exact rather than
//! timing-dependent:
//!
//! * **single flight**: every key is fetched at most once per request; a key asked for while its
//!   fetch is running joins that fetch ([`InFlight`]);
//! * **a planned round**: right after the numbers page, the planner (`graphql::plan`) starts every
//!   detail fetch the query's selection needs, at once, choosing per owner type and location
//!   between a list endpoint and calls by id (each resource module starts its own part, using
//!   [`prefetch`] for lists); lookups during resolution join those fetches instead of starting
//!   their own;
//! * **a concurrency bound** per request (by default the plan's own size), under the token's
//!   shared adaptive limit in the client.
//!
//! [`InFlight`] is the one de-duplication layer. `DataLoader` only gathers, within one tick, the
//! keys that no fetch has started yet (lookups outside the plan, `_entities`, `node`); a lookup
//! whose key was started joins that fetch directly ([`InFlight::joined`]) and never enters it.
//!
//! Lookups never fail as a batch: each key gets its own [`Lookup`], so one failed call nulls only
//! the fields that needed it.

mod in_flight;
mod keys;
pub(crate) mod prefetch;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

use futures::future::{BoxFuture, FutureExt, join_all};
use tokio::sync::Semaphore;

use crate::webex::{self, Caller, Client};

pub(crate) use in_flight::InFlight;
pub(crate) use keys::{OrgKey, org_key};
pub(crate) use prefetch::ListCall;

use crate::graphql::resources::caller_id::CallerIdKey;
use crate::graphql::resources::feature::FeatureKey;
use crate::graphql::resources::location::LocationKey;
use crate::graphql::resources::person::PersonKey;
use crate::graphql::resources::route_list::RouteListKey;
use crate::graphql::resources::virtual_line::VirtualLineKey;
use crate::graphql::resources::workspace::WorkspaceKey;

/// The result for one key: the value, or the error of the call that should have fetched it. A key
/// absent from a loader's answer was not found.
pub(crate) type Lookup<V> = Result<Arc<V>, Arc<webex::Error>>;

/// Loader tuning, from the command line.
#[derive(Debug, Clone)]
pub struct LoaderConfig {
    /// Detail calls of one request in flight at once.
    pub concurrency: usize,
    /// Ids per `GET /telephony/config/virtualLines?id=…` call.
    pub virtual_line_batch: usize,
}

impl Default for LoaderConfig {
    fn default() -> Self {
        Self {
            concurrency: Semaphore::MAX_PERMITS,
            virtual_line_batch: 50,
        }
    }
}

/// The fetches of one kind of key in a request, so a lookup can join them without a detour.
pub(crate) trait Flights<K, V> {
    fn flights(&self) -> &InFlight<K, V>;
}

/// One request's loader: its caller, its concurrency bound and its fetches, by key.
#[derive(Debug)]
pub(crate) struct WebexLoader {
    client: Client,
    caller: Caller,
    permits: Arc<Semaphore>,
    pub(crate) config: LoaderConfig,
    // One per resource; each resource module reaches its own through `Flights`.
    pub(crate) people: InFlight<PersonKey, webex::model::Person>,
    pub(crate) virtual_lines: InFlight<VirtualLineKey, webex::model::VirtualLine>,
    pub(crate) locations: InFlight<LocationKey, webex::model::Location>,
    pub(crate) workspaces: InFlight<WorkspaceKey, webex::model::Workspace>,
    pub(crate) features: InFlight<FeatureKey, webex::model::Feature>,
    pub(crate) route_lists: InFlight<RouteListKey, webex::model::RouteList>,
    pub(crate) caller_ids: InFlight<CallerIdKey, webex::model::CallerId>,
}

impl WebexLoader {
    /// What the upstream's list items were found to lack (shared by every request).
    pub(crate) fn list_shapes(&self) -> &crate::webex::ListShapes {
        self.client.list_shapes()
    }

    /// Stops every fetch of this request that is still running.
    pub(crate) fn cancel(&self) {
        self.people.cancel();
        self.virtual_lines.cancel();
        self.locations.cancel();
        self.workspaces.cancel();
        self.features.cancel();
        self.route_lists.cancel();
        self.caller_ids.cancel();
    }

    /// Resolves when every detail fetch this request started has finished. A page awaits its
    /// planned round here before handing out its rows: each row then completes on its first
    /// poll, so the executor holds one row's field futures at a time instead of every field of
    /// every row parked on the same round (about 1 KB a field: 35 MB for a 2000-row page).
    pub(crate) async fn settled(&self) {
        futures::join!(
            self.people.settled(),
            self.virtual_lines.settled(),
            self.locations.settled(),
            self.workspaces.settled(),
            self.features.settled(),
            self.route_lists.settled(),
            self.caller_ids.settled(),
        );
    }

    /// The concurrency bound every detail call of the request shares.
    pub(crate) fn permits(&self) -> &Arc<Semaphore> {
        &self.permits
    }

    pub(crate) fn new(client: Client, caller: Caller, config: LoaderConfig) -> Self {
        Self {
            client,
            caller,
            permits: Arc::new(Semaphore::new(config.concurrency.max(1))),
            config,
            people: InFlight::default(),
            virtual_lines: InFlight::default(),
            locations: InFlight::default(),
            workspaces: InFlight::default(),
            features: InFlight::default(),
            route_lists: InFlight::default(),
            caller_ids: InFlight::default(),
        }
    }
}

/// What fetches one chunk of keys.
pub(crate) type FetchFn<K, V> =
    Box<dyn Fn(Vec<K>) -> BoxFuture<'static, HashMap<K, Lookup<V>>> + Send + Sync>;

/// A call that fetches many ids at once (people, virtual lines).
pub(crate) type BatchCall<V> = fn(
    Client,
    Caller,
    Option<Arc<str>>,
    Vec<String>,
) -> BoxFuture<'static, Result<Vec<V>, webex::Error>>;

/// A call that fetches one key; `None` (a 404) is not found.
pub(crate) type EachCall<K, V> =
    fn(Client, Caller, K) -> BoxFuture<'static, Result<Option<V>, webex::Error>>;

impl WebexLoader {
    /// Fetches chunks of keys that share an org with one `call`; every key of a failed call gets
    /// its error.
    pub(crate) fn batched<K: OrgKey, V: Send + Sync + 'static>(
        &self,
        call: BatchCall<V>,
        id_of: fn(&V) -> &str,
    ) -> FetchFn<K, V> {
        let client = self.client.clone();
        let caller = self.caller.clone();
        let permits = self.permits.clone();
        Box::new(move |part: Vec<K>| {
            let (client, caller, permits) = (client.clone(), caller.clone(), permits.clone());
            async move {
                let _permit = permits.acquire_owned().await.ok();
                let org = part.first().and_then(K::org);
                let ids = part.iter().map(|k| k.id().to_owned()).collect();
                match call(client, caller, org.clone(), ids).await {
                    Ok(items) => items
                        .into_iter()
                        .map(|v| (K::new(org.clone(), id_of(&v).into()), Ok(Arc::new(v))))
                        .collect(),
                    Err(e) => {
                        let e = Arc::new(e);
                        part.into_iter().map(|k| (k, Err(e.clone()))).collect()
                    }
                }
            }
            .boxed()
        })
    }

    /// Fetches keys one call each.
    pub(crate) fn each<K, V>(&self, call: EachCall<K, V>) -> FetchFn<K, V>
    where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        let client = self.client.clone();
        let caller = self.caller.clone();
        let permits = self.permits.clone();
        Box::new(move |part: Vec<K>| {
            let (client, caller, permits) = (client.clone(), caller.clone(), permits.clone());
            async move {
                let _permit = permits.acquire_owned().await.ok();
                fetch_each(client, caller, part, call).await
            }
            .boxed()
        })
    }

    /// Loads keys Webex fetches many at a time, in chunks of `chunk` ids per org.
    pub(crate) async fn load_batched<K: OrgKey, V: Send + Sync + 'static>(
        &self,
        keys: &[K],
        flight: &InFlight<K, V>,
        chunk: usize,
        call: BatchCall<V>,
        id_of: fn(&V) -> &str,
    ) -> HashMap<K, Lookup<V>> {
        if keys.is_empty() {
            return HashMap::new();
        }
        let mut found = flight
            .load(
                keys.iter().cloned(),
                chunk,
                K::org,
                self.batched(call, id_of),
            )
            .await;
        // A batch started by the planner may hold more keys than were asked for here.
        let asked: HashSet<&K> = keys.iter().collect();
        found.retain(|k, _| asked.contains(k));
        found
    }

    /// Loads keys that Webex fetches one at a time.
    pub(crate) async fn load_each<K, V>(
        &self,
        keys: &[K],
        flight: &InFlight<K, V>,
        call: EachCall<K, V>,
    ) -> HashMap<K, Lookup<V>>
    where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        if keys.is_empty() {
            return HashMap::new();
        }
        flight
            .load(keys.iter().cloned(), 1, |_| (), self.each(call))
            .await
    }
}

/// Fetches each key with its own call, concurrently; a 404 leaves the key out (not found).
pub(crate) async fn fetch_each<K, V>(
    client: Client,
    caller: Caller,
    keys: Vec<K>,
    call: EachCall<K, V>,
) -> HashMap<K, Lookup<V>>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    let calls = keys.into_iter().map(|key| {
        let (client, caller) = (client.clone(), caller.clone());
        async move {
            let result = call(client, caller, key.clone()).await;
            (key, result)
        }
    });
    let mut out = HashMap::new();
    for (key, result) in join_all(calls).await {
        match result {
            Ok(Some(v)) => {
                out.insert(key, Ok(Arc::new(v)));
            }
            Ok(None) => {}
            Err(e) => {
                out.insert(key, Err(Arc::new(e)));
            }
        }
    }
    out
}
