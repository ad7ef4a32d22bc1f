//! Virtual lines: `GET /telephony/config/virtualLines?id=a&id=b…`, a configurable number of ids a call.

use std::collections::HashMap;
use std::convert::Infallible;

use async_graphql::dataloader::Loader;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use super::{Lookup, VirtualLineKey, WebexLoader};
use crate::webex::model::VirtualLine;
use crate::webex::{self, Caller, Client};

impl Loader<VirtualLineKey> for WebexLoader {
    type Value = Lookup<VirtualLine>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[VirtualLineKey],
    ) -> Result<HashMap<VirtualLineKey, Self::Value>, Infallible> {
        let batch = self.config.virtual_line_batch;
        Ok(self
            .load_batched(keys, &self.virtual_lines, batch, virtual_lines_call, |v| {
                &v.id
            })
            .await)
    }
}

/// `GET /telephony/config/virtualLines?id=…&id=…`.
pub(crate) fn virtual_lines_call(
    client: Client,
    caller: Caller,
    org: Option<Arc<str>>,
    ids: Vec<String>,
) -> BoxFuture<'static, Result<Vec<VirtualLine>, webex::Error>> {
    async move {
        let list = client.virtual_lines(&caller, org.as_deref(), &ids).await?;
        Ok(list.virtual_lines)
    }
    .boxed()
}
