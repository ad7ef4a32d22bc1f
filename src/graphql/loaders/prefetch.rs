//! A list call standing in for many calls by id, in the planned round of detail fetches (see
//! `graphql::plan`; each resource module starts its own part of the round): keys the list does
//! not return are fetched by id, as the resource fetches them, in the same task.

use std::collections::HashMap;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use super::{Found, Registered, Resource, WebexLoader};
use crate::webex::{self, Caller, Client};

/// A list call: the items it returned, by id.
pub(crate) type ListCall<V> = Box<
    dyn Fn(Client, Caller) -> BoxFuture<'static, Result<Vec<(String, V)>, webex::Error>>
        + Send
        + Sync,
>;

impl WebexLoader {
    /// Starts `keys` of `R` in this request's round: with one list call when `list` is given
    /// (keys it does not return are fetched by id in the same task), else as `R` fetches them.
    pub(crate) fn start_listed_or_each<R: Registered>(
        &self,
        keys: Vec<R::Key>,
        list: Option<ListCall<R::Value>>,
        id_of: fn(&R::Key) -> String,
    ) {
        let Some(list) = list else {
            return self.start::<R>(keys);
        };
        let client = self.client.clone();
        let caller = self.caller.clone();
        let permits = self.permits().clone();
        let list = Arc::new(list);
        let fetch = move |part: Vec<R::Key>| {
            let (client, caller, permits, list) = (
                client.clone(),
                caller.clone(),
                permits.clone(),
                list.clone(),
            );
            async move {
                let _permit = permits.acquire_owned().await.ok();
                listed::<R>(client, caller, part, &list, id_of).await
            }
            .boxed()
        };
        self.flights::<R>().start(keys, usize::MAX, |_| (), fetch);
    }
}

/// A group of keys fetched with one list call; keys the list does not return are fetched by id.
/// A failed list fails every key of the group with its error.
async fn listed<R: Resource>(
    client: Client,
    caller: Caller,
    part: Vec<R::Key>,
    list: &ListCall<R::Value>,
    id_of: fn(&R::Key) -> String,
) -> Found<R::Key, R::Value> {
    let mut out = HashMap::with_capacity(part.len());
    match list(client.clone(), caller.clone()).await {
        Ok(items) => {
            let mut by_id: HashMap<String, R::Value> = items.into_iter().collect();
            let mut missing = Vec::new();
            for key in part {
                match by_id.remove(&id_of(&key)) {
                    Some(v) => {
                        out.insert(key, Ok(Arc::new(v)));
                    }
                    None => missing.push(key),
                }
            }
            if !missing.is_empty() {
                out.extend(R::fetch(client, caller, missing).await);
            }
        }
        Err(e) => {
            let e = Arc::new(e);
            out.extend(part.into_iter().map(|k| (k, Err(e.clone()))));
        }
    }
    out
}
