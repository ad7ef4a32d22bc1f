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
//! Every upstream resource is a [`Resource`]: its key, its value, how many keys one call carries
//! and how a chunk of them is fetched. The [`registry!`] below lists them once; it generates the
//! request's `InFlight` per resource, cancelling and awaiting them all, and the loader and join
//! paths every key type shares. A new resource is its module and one line there.
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
use std::convert::Infallible;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use futures::future::{BoxFuture, FutureExt, join_all};
use tokio::sync::Semaphore;

use crate::webex::{self, Caller, Client};

pub(crate) use in_flight::InFlight;
pub(crate) use keys::{OrgKey, org_key};
pub(crate) use prefetch::ListCall;

use crate::graphql::resources::caller_id::CallerIds;
use crate::graphql::resources::emergency::{CallbackDependencies, Callbacks};
use crate::graphql::resources::feature::Features;
use crate::graphql::resources::location::Locations;
use crate::graphql::resources::person::People;
use crate::graphql::resources::route_list::RouteLists;
use crate::graphql::resources::virtual_line::VirtualLines;
use crate::graphql::resources::workspace::Workspaces;

/// The result for one key: the value, or the error of the call that should have fetched it. A key
/// absent from a loader's answer was not found.
pub(crate) type Lookup<V> = Result<Arc<V>, Arc<webex::Error>>;

/// What one fetch of a chunk of keys found.
pub(crate) type Found<K, V> = HashMap<K, Lookup<V>>;

/// A fetch of one chunk of a resource's keys.
type Fetch<R> = BoxFuture<'static, Found<<R as Resource>::Key, <R as Resource>::Value>>;

/// Loader tuning, from the command line.
#[derive(Debug, Clone)]
pub struct LoaderConfig {
    /// Detail calls of one request in flight at once.
    pub concurrency: usize,
    /// Ids per `GET /telephony/config/virtualLines?id=…` call.
    pub virtual_line_batch: usize,
}

impl LoaderConfig {
    /// The default, one home for the command line's and `Default`'s.
    pub const DEFAULT_VIRTUAL_LINE_BATCH: usize = 50;
}

impl Default for LoaderConfig {
    fn default() -> Self {
        Self {
            concurrency: Semaphore::MAX_PERMITS,
            virtual_line_batch: Self::DEFAULT_VIRTUAL_LINE_BATCH,
        }
    }
}

/// An upstream resource the request's loader fetches by key.
pub(crate) trait Resource: Sized + Send + Sync + 'static {
    type Key: Clone + Eq + Hash + Send + Sync + 'static;
    type Value: Send + Sync + 'static;
    /// What one is called in a `NOT_FOUND` message.
    const WHAT: &'static str;

    /// Keys one call carries: 1 when Webex fetches them one by one.
    fn chunk(_config: &LoaderConfig) -> usize {
        1
    }

    /// Keys that may share a call (Webex batches only ids of one org).
    fn group(_key: &Self::Key) -> Option<Arc<str>> {
        None
    }

    /// Fetches one chunk of keys (of one group). A key absent from the answer was not found.
    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<Self::Key>,
    ) -> BoxFuture<'static, Found<Self::Key, Self::Value>>;
}

/// A resource listed in the [`registry!`], which gives it its place among the request's fetches.
pub(crate) trait Registered: Resource {
    fn flights(registry: &Registry) -> &InFlight<Self::Key, Self::Value>;
}

/// A loader key, and the resource it is the key of.
pub(crate) trait Keyed: Clone + Eq + Hash + Send + Sync + 'static {
    type Resource: Registered<Key = Self>;
}

/// The value of key type `K`.
pub(crate) type ValueOf<K> = <<K as Keyed>::Resource as Resource>::Value;

/// Declares the request's registry of fetches: one `InFlight` per resource, and what is done to
/// all of them at once.
macro_rules! registry {
    ($($field:ident: $resource:ty),* $(,)?) => {
        /// This request's fetches, one [`InFlight`] per resource.
        #[derive(Debug, Default)]
        pub(crate) struct Registry {
            $($field: InFlight<<$resource as Resource>::Key, <$resource as Resource>::Value>,)*
        }

        impl Registry {
            /// Stops every fetch still running.
            fn cancel(&self) {
                $(self.$field.cancel();)*
            }

            /// Resolves when every fetch started so far has finished.
            async fn settled(&self) {
                futures::join!($(self.$field.settled()),*);
            }
        }

        $(
            impl Registered for $resource {
                fn flights(
                    registry: &Registry,
                ) -> &InFlight<<$resource as Resource>::Key, <$resource as Resource>::Value> {
                    &registry.$field
                }
            }

            impl Keyed for <$resource as Resource>::Key {
                type Resource = $resource;
            }
        )*
    };
}

// Every upstream resource, once: its field among the request's fetches, and its key's loader.
registry! {
    people: People,
    virtual_lines: VirtualLines,
    locations: Locations,
    workspaces: Workspaces,
    features: Features,
    route_lists: RouteLists,
    caller_ids: CallerIds,
    callbacks: Callbacks,
    callback_dependencies: CallbackDependencies,
}

/// One request's loader: its caller, its concurrency bound and its fetches, by resource.
#[derive(Debug)]
pub(crate) struct WebexLoader {
    client: Client,
    caller: Caller,
    permits: Arc<Semaphore>,
    pub(crate) config: LoaderConfig,
    registry: Registry,
}

impl WebexLoader {
    pub(crate) fn new(client: Client, caller: Caller, config: LoaderConfig) -> Self {
        Self {
            client,
            caller,
            permits: Arc::new(Semaphore::new(config.concurrency.max(1))),
            config,
            registry: Registry::default(),
        }
    }

    /// This request's fetches of resource `R`.
    pub(crate) fn flights<R: Registered>(&self) -> &InFlight<R::Key, R::Value> {
        R::flights(&self.registry)
    }

    /// Records `value` as the answer for `key` in this request: what a list already returned, or
    /// what a write just read back (see [`InFlight::known`]).
    pub(crate) fn known<K: Keyed>(&self, key: K, value: Arc<ValueOf<K>>) {
        self.flights::<K::Resource>().known(key, value);
    }

    /// What the upstream's list items were found to lack (shared by every request).
    pub(crate) fn list_shapes(&self) -> &crate::webex::ListShapes {
        self.client.list_shapes()
    }

    /// Stops every fetch of this request that is still running.
    pub(crate) fn cancel(&self) {
        self.registry.cancel();
    }

    /// Resolves when every detail fetch this request started has finished. A page awaits its
    /// planned round here before handing out its rows: each row then completes on its first
    /// poll, so the executor holds one row's field futures at a time instead of every field of
    /// every row parked on the same round (about 1 KB a field: 35 MB for a 2000-row page).
    pub(crate) async fn settled(&self) {
        self.registry.settled().await;
    }

    /// The concurrency bound every detail call of the request shares.
    pub(crate) fn permits(&self) -> &Arc<Semaphore> {
        &self.permits
    }

    /// Fetches a chunk of `R`'s keys under the request's concurrency bound.
    fn fetcher<R: Resource>(&self) -> impl Fn(Vec<R::Key>) -> Fetch<R> + use<R> {
        let client = self.client.clone();
        let caller = self.caller.clone();
        let permits = self.permits.clone();
        move |part: Vec<R::Key>| {
            let (client, caller, permits) = (client.clone(), caller.clone(), permits.clone());
            async move {
                let _permit = permits.acquire_owned().await.ok();
                R::fetch(client, caller, part).await
            }
            .boxed()
        }
    }

    /// Starts fetching `keys` now, in chunks as `R` batches them, without waiting: a later
    /// lookup of the same keys joins these fetches. This is how a planned round leaves together.
    pub(crate) fn start<R: Registered>(&self, keys: Vec<R::Key>) {
        if !keys.is_empty() {
            self.flights::<R>()
                .start(keys, R::chunk(&self.config), R::group, self.fetcher::<R>());
        }
    }

    /// The upstream client every fetch of this loader goes through.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// The caller this loader fetches for.
    pub(crate) fn caller(&self) -> &Caller {
        &self.caller
    }

    /// Fetches `keys` afresh, past every cache (what a write checks and reads back must be
    /// Webex as it is now), in `R`'s chunks and groups under the request's concurrency bound,
    /// and records each value found as the request's answer for its key, so later fields read
    /// it rather than what was there before.
    pub(crate) async fn refresh<R: Registered>(
        &self,
        keys: Vec<R::Key>,
    ) -> Found<R::Key, R::Value> {
        let chunk = R::chunk(&self.config).max(1);
        let mut groups: HashMap<Option<Arc<str>>, Vec<R::Key>> = HashMap::new();
        let mut seen = HashSet::new();
        for key in keys {
            if seen.insert(key.clone()) {
                groups.entry(R::group(&key)).or_default().push(key);
            }
        }
        let caller = self.caller.fresh();
        let calls = groups
            .into_values()
            .flat_map(|keys| {
                keys.chunks(chunk)
                    .map(<[R::Key]>::to_vec)
                    .collect::<Vec<_>>()
            })
            .map(|part| {
                let (client, caller, permits) =
                    (self.client.clone(), caller.clone(), self.permits.clone());
                async move {
                    let _permit = permits.acquire_owned().await.ok();
                    R::fetch(client, caller, part).await
                }
            });
        let found: Found<R::Key, R::Value> = join_all(calls).await.into_iter().flatten().collect();
        for (key, value) in &found {
            if let Ok(value) = value {
                self.flights::<R>().known(key.clone(), value.clone());
            }
        }
        found
    }

    /// Loads `keys`: joins the fetches already started for some, starts the rest.
    pub(crate) async fn load<R: Registered>(&self, keys: &[R::Key]) -> Found<R::Key, R::Value> {
        if keys.is_empty() {
            return HashMap::new();
        }
        let mut found = self
            .flights::<R>()
            .load(
                keys.iter().cloned(),
                R::chunk(&self.config),
                R::group,
                self.fetcher::<R>(),
            )
            .await;
        // A batch started by the planner may hold more keys than were asked for here.
        let asked: HashSet<&R::Key> = keys.iter().collect();
        found.retain(|k, _| asked.contains(k));
        found
    }
}

impl<K: Keyed> Loader<K> for WebexLoader {
    type Value = Lookup<ValueOf<K>>;
    type Error = Infallible;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, Self::Value>, Infallible> {
        Ok(WebexLoader::load::<K::Resource>(self, keys).await)
    }
}

/// A call that fetches many ids of one org at once (people, virtual lines).
pub(crate) type BatchCall<V> = fn(
    Client,
    Caller,
    Option<Arc<str>>,
    Vec<String>,
) -> BoxFuture<'static, Result<Vec<V>, webex::Error>>;

/// A call that fetches one key; `None` (a 404) is not found.
pub(crate) type EachCall<K, V> =
    fn(Client, Caller, K) -> BoxFuture<'static, Result<Option<V>, webex::Error>>;

/// Fetches keys of one org with one `call`, matching what it returns to the keys by `id_of`;
/// every key of a failed call gets its error.
pub(crate) async fn fetch_batched<K: OrgKey, V: Send + Sync + 'static>(
    client: Client,
    caller: Caller,
    part: Vec<K>,
    call: BatchCall<V>,
    id_of: fn(&V) -> &str,
) -> Found<K, V> {
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

/// Fetches each key with its own call, concurrently; a 404 leaves the key out (not found).
pub(crate) async fn fetch_each<K, V>(
    client: Client,
    caller: Caller,
    keys: Vec<K>,
    call: EachCall<K, V>,
) -> Found<K, V>
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
