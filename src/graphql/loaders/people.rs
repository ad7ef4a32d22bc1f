//! People: `GET /people?id=a,b,…&callingData=true`, at most 85 ids a call.

use std::collections::HashMap;
use std::convert::Infallible;

use async_graphql::dataloader::Loader;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use super::{Lookup, PEOPLE_PER_CALL, PersonKey, WebexLoader};
use crate::webex::model::Person;
use crate::webex::{self, Caller, Client};

impl Loader<PersonKey> for WebexLoader {
    type Value = Lookup<Person>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[PersonKey],
    ) -> Result<HashMap<PersonKey, Self::Value>, Infallible> {
        Ok(self
            .load_batched(keys, &self.people, PEOPLE_PER_CALL, people_call, |p| &p.id)
            .await)
    }
}

/// `GET /people?id=…&callingData=true`; `notFoundIds`, like ids missing from `items`, stay absent.
pub(crate) fn people_call(
    client: Client,
    caller: Caller,
    org: Option<Arc<str>>,
    ids: Vec<String>,
) -> BoxFuture<'static, Result<Vec<Person>, webex::Error>> {
    async move {
        let list = client.people(&caller, org.as_deref(), &ids).await?;
        Ok(list.items)
    }
    .boxed()
}
