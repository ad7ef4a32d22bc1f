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

mod keys;
pub(crate) mod prefetch;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::future::{AbortHandle, Abortable, BoxFuture, FutureExt, Shared, join_all};
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::webex::{self, Caller, Client};

pub(crate) use keys::{OrgKey, org_key};
pub(crate) use prefetch::ListCall;

use crate::graphql::resources::feature::FeatureKey;
use crate::graphql::resources::location::LocationKey;
use crate::graphql::resources::person::PersonKey;
use crate::graphql::resources::route_list::RouteListKey;
use crate::graphql::resources::virtual_line::VirtualLineKey;
use crate::graphql::resources::workspace::WorkspaceKey;

/// The result for one key: the value, or the error of the call that should have fetched it. A key
/// absent from a loader's answer was not found.
pub(crate) type Lookup<V> = Result<Arc<V>, Arc<webex::Error>>;

type Batch<K, V> = Shared<BoxFuture<'static, Arc<HashMap<K, Lookup<V>>>>>;

/// Fetches started in this request, by key.
pub(crate) struct InFlight<K, V> {
    started: Mutex<HashMap<K, Batch<K, V>>>,
    /// One handle per fetch, to stop them all when the request ends (answered, abandoned by its
    /// client, or past its deadline) rather than let them run on against Webex.
    aborts: Mutex<Vec<AbortHandle>>,
}

impl<K, V> Default for InFlight<K, V> {
    fn default() -> Self {
        Self {
            started: Mutex::new(HashMap::new()),
            aborts: Mutex::new(Vec::new()),
        }
    }
}

impl<K, V> InFlight<K, V>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    /// Resolves when every fetch started so far has finished (each key's answer, failed or not,
    /// is then ready to join at once).
    pub(crate) fn settled(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut distinct: Vec<Batch<K, V>> = Vec::new();
        for batch in lock(&self.started).values() {
            if batch.peek().is_none() && !distinct.iter().any(|b| b.ptr_eq(batch)) {
                distinct.push(batch.clone());
            }
        }
        futures::future::join_all(distinct).map(|_| ())
    }
}

impl<K, V> InFlight<K, V> {
    /// Stops every fetch still running; whoever still awaits one gets no values.
    pub(crate) fn cancel(&self) {
        for handle in lock(&self.aborts).drain(..) {
            handle.abort();
        }
    }
}

impl<K, V> std::fmt::Debug for InFlight<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlight").finish_non_exhaustive()
    }
}

impl<K, V> InFlight<K, V>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    /// Resolves `keys`: joins fetches already started for some, and starts `fetch` for the rest in
    /// chunks of at most `chunk` keys (grouped by `group`, as a Webex call can only carry keys that
    /// share e.g. an org).
    pub(crate) async fn load<G: Eq + Hash>(
        &self,
        keys: impl IntoIterator<Item = K>,
        chunk: usize,
        group: impl Fn(&K) -> G,
        fetch: impl Fn(Vec<K>) -> BoxFuture<'static, HashMap<K, Lookup<V>>>,
    ) -> HashMap<K, Lookup<V>> {
        let (wanted, batches, _) = self.begin(keys, chunk, group, fetch);
        let results = join_all(batches).await;
        let mut out = HashMap::with_capacity(wanted.len());
        for key in wanted {
            if let Some(found) = results.iter().find_map(|r| r.get(&key)) {
                out.insert(key, found.clone());
            }
        }
        out
    }

    /// The answer for `key` when a fetch for it was started: at once if that fetch is done (the
    /// common case after the planned round), else when it finishes. `None` when nothing started
    /// it yet; the caller then goes through the batching window. This is the request's one
    /// de-duplication point: a key already asked for is never fetched again.
    pub(crate) async fn joined(&self, key: &K) -> Option<Option<Lookup<V>>> {
        let batch = lock(&self.started).get(key)?.clone();
        let done = match batch.peek() {
            Some(done) => done.clone(),
            None => batch.await,
        };
        Some(done.get(key).cloned())
    }

    /// Starts fetching `keys` now, without waiting: the fetches run as tasks, and a later
    /// [`load`](Self::load) of the same keys joins them. This is how a planned round of calls
    /// leaves together.
    pub(crate) fn start<G: Eq + Hash>(
        &self,
        keys: impl IntoIterator<Item = K>,
        chunk: usize,
        group: impl Fn(&K) -> G,
        fetch: impl Fn(Vec<K>) -> BoxFuture<'static, HashMap<K, Lookup<V>>>,
    ) {
        let (_, _, fresh) = self.begin(keys, chunk, group, fetch);
        for batch in fresh {
            tokio::spawn(batch);
        }
    }

    /// The keys asked for, the distinct batches that answer them, and which of those are new.
    #[allow(clippy::type_complexity)]
    fn begin<G: Eq + Hash>(
        &self,
        keys: impl IntoIterator<Item = K>,
        chunk: usize,
        group: impl Fn(&K) -> G,
        fetch: impl Fn(Vec<K>) -> BoxFuture<'static, HashMap<K, Lookup<V>>>,
    ) -> (Vec<K>, Vec<Batch<K, V>>, Vec<Batch<K, V>>) {
        let mut wanted = Vec::new();
        let mut batches: Vec<Batch<K, V>> = Vec::new();
        let mut fresh_batches = Vec::new();
        let mut started = lock(&self.started);
        let mut fresh: Vec<K> = Vec::new();
        let mut seen = HashSet::new();
        for key in keys {
            if !seen.insert(key.clone()) {
                continue;
            }
            wanted.push(key.clone());
            if let Some(batch) = started.get(&key) {
                batches.push(batch.clone());
            } else {
                fresh.push(key);
            }
        }
        let mut groups: HashMap<G, Vec<K>> = HashMap::new();
        for key in fresh {
            groups.entry(group(&key)).or_default().push(key);
        }
        for keys in groups.into_values() {
            for part in keys.chunks(chunk.max(1)) {
                metrics::histogram!("callerid_loader_batch_size", "kind" => key_kind::<K>())
                    .record(part.len() as f64);
                let (abort, registration) = AbortHandle::new_pair();
                lock(&self.aborts).push(abort);
                // Its own span, a child of whatever asked (the request, or the planned round).
                let span =
                    tracing::info_span!("loader.batch", kind = key_kind::<K>(), size = part.len());
                let batch = Abortable::new(fetch(part.to_vec()).instrument(span), registration)
                    .map(|done| Arc::new(done.unwrap_or_default()))
                    .boxed()
                    .shared();
                for key in part {
                    started.insert(key.clone(), batch.clone());
                }
                batches.push(batch.clone());
                fresh_batches.push(batch);
            }
        }
        // Several keys may share a batch; awaiting a shared future twice is cheap but needless.
        let mut unique: Vec<Batch<K, V>> = Vec::new();
        for b in batches {
            if !unique.iter().any(|u| u.ptr_eq(&b)) {
                unique.push(b);
            }
        }
        (wanted, unique, fresh_batches)
    }
}

/// A metrics label for a key type: `PersonKey` → `Person`.
fn key_kind<K>() -> &'static str {
    let name = std::any::type_name::<K>();
    let short = name.rsplit("::").next().unwrap_or(name);
    short.strip_suffix("Key").unwrap_or(short)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn cancelled_fetches_stop_and_their_waiters_get_nothing() {
        let flight: InFlight<u32, u32> = InFlight::default();
        let finished = Arc::new(AtomicUsize::new(0));
        let done = finished.clone();
        flight.start(
            [1, 2],
            1,
            |_| (),
            move |keys: Vec<u32>| {
                let done = done.clone();
                async move {
                    // Longer than any test: only cancelling ends it.
                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                    done.fetch_add(1, Ordering::SeqCst);
                    keys.into_iter().map(|k| (k, Ok(Arc::new(k)))).collect()
                }
                .boxed()
            },
        );
        let waiter = flight.load([1], 1, |_| (), |_| unreachable!("key 1 was started"));
        flight.cancel();
        let found = tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("a cancelled fetch does not hang its waiters");
        assert!(found.is_empty());
        assert_eq!(finished.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn each_key_is_fetched_once_even_across_overlapping_loads() {
        let flight: InFlight<u32, u32> = InFlight::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let fetch = |keys: Vec<u32>| {
            let calls = calls.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                keys.into_iter()
                    .map(|k| (k, Ok(Arc::new(k * 10))))
                    .collect()
            }
            .boxed()
        };
        let (a, b) = tokio::join!(
            flight.load([1, 2, 3, 3], 2, |_| (), fetch),
            flight.load([3, 4], 2, |_| (), fetch)
        );
        assert_eq!(a.len(), 3);
        assert_eq!(*b[&3].as_ref().unwrap().as_ref(), 30);
        // {1,2} and {3} from the first load, {4} from the second; 3 was joined, not refetched.
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn keys_are_grouped_before_chunking() {
        let flight: InFlight<(u8, u32), u32> = InFlight::default();
        let calls = Arc::new(Mutex::new(Vec::new()));
        let fetch = |keys: Vec<(u8, u32)>| {
            let calls = calls.clone();
            async move {
                lock(&calls).push(keys.clone());
                HashMap::new()
            }
            .boxed()
        };
        let out = flight
            .load([(1, 1), (2, 2), (1, 3)], 10, |k| k.0, fetch)
            .await;
        assert!(out.is_empty(), "absent keys are not found, not errors");
        let calls = lock(&calls);
        assert_eq!(calls.len(), 2);
        assert!(calls.iter().all(|c| c.iter().all(|k| k.0 == c[0].0)));
    }
}
