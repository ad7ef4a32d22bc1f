//! Single flight: every key is fetched at most once per request. A fetch runs as a task under
//! its keys; a later lookup of a started key joins it (at once when it is done), and the request
//! cancels whatever is still running when it ends.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::future::{AbortHandle, Abortable, BoxFuture, FutureExt, Shared, join_all};
use tracing::Instrument;

use super::Lookup;

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

    /// The value for `key` if a fetch for it has already answered it, without waiting: what a
    /// row answers its detail fields from with no future. A failed, missing or unfinished
    /// lookup is `None`, and the field goes through its resolver as before.
    pub(crate) fn ready(&self, key: &K) -> Option<Arc<V>> {
        let batch = lock(&self.started).get(key)?.clone();
        match batch.peek()?.get(key)? {
            Ok(value) => Some(value.clone()),
            Err(_) => None,
        }
    }

    /// Records `value` as the answer for `key`, replacing whatever was started or known for it:
    /// what a list already returned (a person of a browsed page), or what a write just read back,
    /// so no later field fetches it again or reads the value from before the write.
    pub(crate) fn known(&self, key: K, value: Arc<V>) {
        let answer = Arc::new(HashMap::from([(key.clone(), Ok(value))]));
        let batch: Batch<K, V> = futures::future::ready(answer).boxed().shared();
        // Polled once, so `joined` and `settled` see it done.
        let _ = batch.clone().now_or_never();
        lock(&self.started).insert(key, batch);
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
