//! People: `GET /people?id=a,b,…&callingData=true`, at most 85 ids a call.

use std::collections::HashMap;
use std::convert::Infallible;

use async_graphql::dataloader::Loader;
use futures::FutureExt;

use super::{Lookup, PEOPLE_PER_CALL, PersonKey, WebexLoader};
use crate::webex::model::Person;

impl Loader<PersonKey> for WebexLoader {
    type Value = Lookup<Person>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[PersonKey],
    ) -> Result<HashMap<PersonKey, Self::Value>, Infallible> {
        let call = |client: crate::webex::Client, caller, org: Option<_>, ids: Vec<String>| {
            async move {
                let org: Option<std::sync::Arc<str>> = org;
                // `notFoundIds`, like ids missing from `items`, stay absent: not found.
                let list = client.people(&caller, org.as_deref(), &ids).await?;
                Ok(list.items)
            }
            .boxed()
        };
        Ok(self
            .load_batched(
                keys,
                &self.people,
                &self.people_hints,
                PEOPLE_PER_CALL,
                call,
                |p| &p.id,
            )
            .await)
    }
}
