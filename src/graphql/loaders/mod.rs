//! Per-request dataloaders over the Webex client.
//!
//! One [`WebexLoader`] (wrapped in async-graphql's `DataLoader`) is built for every GraphQL request
//! and holds that request's caller, so nothing fetched with one token can be served to another. Three
//! things on top of `DataLoader`'s batching window make the upstream call count exact rather than
//! timing-dependent:
//!
//! * **single flight**: every key is fetched at most once per request; a key asked for while its
//!   fetch is running joins that fetch ([`InFlight`]);
//! * **page hints**: the number list registers every person and virtual line on the page, and the
//!   first detail lookup of that kind fetches them all, so a page costs `⌈P/85⌉` people calls
//!   however the executor spreads the lookups over batching windows;
//! * **a concurrency bound** shared by all detail calls of the request.
//!
//! Lookups never fail as a batch: each key gets its own [`Lookup`], so one failed call nulls only
//! the fields that needed it.

mod by_id;
mod keys;
mod people;
mod virtual_lines;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::future::{BoxFuture, FutureExt, Shared, join_all};
use tokio::sync::Semaphore;

use crate::webex::{self, Caller, Client};

pub(crate) use keys::{
    FeatureKey, LocationKey, OrgKey, PersonKey, RouteListKey, VirtualLineKey, WorkspaceKey,
};

/// The result for one key: the value, or the error of the call that should have fetched it. A key
/// absent from a loader's answer was not found.
pub(crate) type Lookup<V> = Result<Arc<V>, Arc<webex::Error>>;

type Batch<K, V> = Shared<BoxFuture<'static, Arc<HashMap<K, Lookup<V>>>>>;

/// Fetches started in this request, by key.
pub(crate) struct InFlight<K, V> {
    started: Mutex<HashMap<K, Batch<K, V>>>,
}

impl<K, V> Default for InFlight<K, V> {
    fn default() -> Self {
        Self {
            started: Mutex::new(HashMap::new()),
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
        let mut wanted = Vec::new();
        let mut batches: Vec<Batch<K, V>> = Vec::new();
        {
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
                    let batch = fetch(part.to_vec()).map(Arc::new).boxed().shared();
                    for key in part {
                        started.insert(key.clone(), batch.clone());
                    }
                    batches.push(batch);
                }
            }
        }
        // Several keys may share a batch; awaiting a shared future twice is cheap but needless.
        let mut unique: Vec<Batch<K, V>> = Vec::new();
        for b in batches {
            if !unique.iter().any(|u| u.ptr_eq(&b)) {
                unique.push(b);
            }
        }
        let results = join_all(unique).await;
        let mut out = HashMap::with_capacity(wanted.len());
        for key in wanted {
            if let Some(found) = results.iter().find_map(|r| r.get(&key)) {
                out.insert(key, found.clone());
            }
        }
        out
    }
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
            concurrency: 8,
            virtual_line_batch: 50,
        }
    }
}

/// The most ids `GET /people?id=` accepts.
pub(crate) const PEOPLE_PER_CALL: usize = 85;

/// One request's loader: its caller, its fetches, its hints.
#[derive(Debug)]
pub(crate) struct WebexLoader {
    client: Client,
    caller: Caller,
    permits: Arc<Semaphore>,
    config: LoaderConfig,
    people: InFlight<PersonKey, webex::model::Person>,
    people_hints: Mutex<Vec<PersonKey>>,
    virtual_lines: InFlight<VirtualLineKey, webex::model::VirtualLine>,
    virtual_line_hints: Mutex<Vec<VirtualLineKey>>,
    locations: InFlight<LocationKey, webex::model::Location>,
    workspaces: InFlight<WorkspaceKey, webex::model::Workspace>,
    features: InFlight<FeatureKey, webex::model::Feature>,
    route_lists: InFlight<RouteListKey, webex::model::RouteList>,
}

impl WebexLoader {
    pub(crate) fn new(client: Client, caller: Caller, config: LoaderConfig) -> Self {
        Self {
            client,
            caller,
            permits: Arc::new(Semaphore::new(config.concurrency.max(1))),
            config,
            people: InFlight::default(),
            people_hints: Mutex::new(Vec::new()),
            virtual_lines: InFlight::default(),
            virtual_line_hints: Mutex::new(Vec::new()),
            locations: InFlight::default(),
            workspaces: InFlight::default(),
            features: InFlight::default(),
            route_lists: InFlight::default(),
        }
    }

    /// Announces the people and virtual lines of a page, so their first detail lookup fetches all
    /// of them in the fewest calls. Nothing is fetched unless a detail field asks.
    pub(crate) fn hint(&self, people: Vec<PersonKey>, virtual_lines: Vec<VirtualLineKey>) {
        lock(&self.people_hints).extend(people);
        lock(&self.virtual_line_hints).extend(virtual_lines);
    }

    /// Runs one upstream call under the request's concurrency bound.
    fn bounded<T: Send + 'static>(
        &self,
        call: impl FnOnce(Client, Caller) -> BoxFuture<'static, T> + Send + 'static,
    ) -> BoxFuture<'static, T> {
        let permits = self.permits.clone();
        let client = self.client.clone();
        let caller = self.caller.clone();
        async move {
            // The semaphore is never closed, so acquiring can only succeed; if it ever failed we
            // would rather run unbounded than fail the lookup.
            let _permit = permits.acquire_owned().await.ok();
            call(client, caller).await
        }
        .boxed()
    }
}

impl WebexLoader {
    /// Loads keys that Webex can fetch many at a time (people, virtual lines). Hinted keys join the
    /// first batch; keys are grouped by org and chunked to `chunk` ids a call.
    pub(crate) async fn load_batched<K: OrgKey, V: Send + Sync + 'static>(
        &self,
        keys: &[K],
        flight: &InFlight<K, V>,
        hints: &Mutex<Vec<K>>,
        chunk: usize,
        call: impl Fn(
            Client,
            Caller,
            Option<Arc<str>>,
            Vec<String>,
        ) -> BoxFuture<'static, Result<Vec<V>, webex::Error>>
        + Clone
        + Send
        + 'static,
        id_of: fn(&V) -> &str,
    ) -> HashMap<K, Lookup<V>> {
        if keys.is_empty() {
            return HashMap::new();
        }
        let hinted = std::mem::take(&mut *lock(hints));
        let all = keys.iter().cloned().chain(hinted);
        let mut found = flight
            .load(all, chunk, K::org, |part| {
                let call = call.clone();
                self.bounded(move |client, caller| {
                    async move {
                        let org = part[0].org();
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
            })
            .await;
        let asked: HashSet<&K> = keys.iter().collect();
        found.retain(|k, _| asked.contains(k));
        found
    }

    /// Loads keys that Webex fetches one at a time; `None` from `call` (a 404) means not found.
    pub(crate) async fn load_each<K, V>(
        &self,
        keys: &[K],
        flight: &InFlight<K, V>,
        call: impl Fn(Client, Caller, K) -> BoxFuture<'static, Result<Option<V>, webex::Error>>
        + Clone
        + Send
        + 'static,
    ) -> HashMap<K, Lookup<V>>
    where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        if keys.is_empty() {
            return HashMap::new();
        }
        flight
            .load(
                keys.iter().cloned(),
                1,
                |_| (),
                |part| {
                    let call = call.clone();
                    self.bounded(move |client, caller| {
                        async move {
                            let mut out = HashMap::new();
                            for key in part {
                                match call(client.clone(), caller.clone(), key.clone()).await {
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
                        .boxed()
                    })
                },
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
