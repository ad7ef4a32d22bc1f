//! Virtual lines: `GET /telephony/config/virtualLines?id=a&id=b…`, a configurable number of ids a call.

use std::collections::HashMap;
use std::convert::Infallible;

use async_graphql::dataloader::Loader;
use futures::FutureExt;

use super::{Lookup, VirtualLineKey, WebexLoader};
use crate::webex::model::VirtualLine;

impl Loader<VirtualLineKey> for WebexLoader {
    type Value = Lookup<VirtualLine>;
    type Error = Infallible;

    async fn load(
        &self,
        keys: &[VirtualLineKey],
    ) -> Result<HashMap<VirtualLineKey, Self::Value>, Infallible> {
        let call = |client: crate::webex::Client, caller, org: Option<_>, ids: Vec<String>| {
            async move {
                let org: Option<std::sync::Arc<str>> = org;
                let list = client.virtual_lines(&caller, org.as_deref(), &ids).await?;
                Ok(list.virtual_lines)
            }
            .boxed()
        };
        let batch = self.config.virtual_line_batch;
        Ok(self
            .load_batched(
                keys,
                &self.virtual_lines,
                &self.virtual_line_hints,
                batch,
                call,
                |v| &v.id,
            )
            .await)
    }
}
