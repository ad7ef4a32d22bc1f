//! A list call standing in for many calls by id, in the planned round of detail fetches (see
//! `graphql::plan`; each resource module starts its own part of the round): keys the list does
//! not return are fetched by id in the same task.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use super::{EachCall, FetchFn, InFlight, Lookup, WebexLoader, fetch_each};
use crate::webex::{self, Caller, Client};

/// A list call: the items it returned, by id.
pub(crate) type ListCall<V> = Box<
    dyn Fn(Client, Caller) -> BoxFuture<'static, Result<Vec<(String, V)>, webex::Error>>
        + Send
        + Sync,
>;

impl WebexLoader {
    /// Starts `keys` in this request's round: with one list call when `list` is given (keys it
    /// does not return are fetched by id in the same task), else with one call each.
    pub(crate) fn start_listed_or_each<K, V>(
        &self,
        flight: &InFlight<K, V>,
        keys: Vec<K>,
        list: Option<ListCall<V>>,
        id_of: fn(&K) -> String,
        each: EachCall<K, V>,
    ) where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        match list {
            None => flight.start(keys, 1, |_| (), self.each(each)),
            Some(list) => flight.start(keys, usize::MAX, |_| (), self.listed(list, id_of, each)),
        }
    }

    /// Fetches a group of keys with one list call; keys the list does not return are fetched by
    /// id in the same task. A failed list fails every key of the group with its error.
    pub(crate) fn listed<K, V>(
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
