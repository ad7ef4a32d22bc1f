//! The `edges` and `nodes` lists of every connection. async-graphql's own list resolution
//! (8.0.0-rc.5, `resolver_utils/list.rs`) gives an item's error the item's path, whatever path it
//! already had: when a non-null field inside a node fails and nulls the node, the error then
//! points at `nodes.3` instead of `nodes.3.availableNumbers`, against the GraphQL spec ("the path
//! of the response field which experienced the error"). These lists keep the path the error was
//! raised with, and set one only where it has none.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{
    ContextSelectionSet, OutputType, Positioned, ServerError, ServerResult, Value,
};

/// Something that holds the items of a list.
pub(crate) trait Slice: Send + Sync {
    type Item: OutputType + Sync;
    fn items(&self) -> &[Self::Item];
}

impl<T: OutputType + Sync> Slice for Vec<T> {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

impl<T: OutputType + Sync> Slice for &[T] {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

/// A non-null list of non-null items whose errors keep their own paths.
#[derive(Debug)]
pub(crate) struct Items<S>(pub(crate) S);

impl<S: Slice> OutputType for Items<S> {
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("[{}]", S::Item::qualified_type_name()))
    }

    fn qualified_type_name() -> String {
        format!("[{}]!", S::Item::qualified_type_name())
    }

    fn create_type_info(registry: &mut Registry) -> String {
        S::Item::create_type_info(registry);
        Self::qualified_type_name()
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let items = self.0.items().iter().enumerate().map(|(index, item)| {
            let ctx_index = ctx.with_index(index);
            async move {
                item.resolve(&ctx_index, field)
                    .await
                    .map_err(|error| keep_path(&ctx_index, error))
            }
        });
        Ok(Value::List(futures::future::try_join_all(items).await?))
    }
}

/// An item's error with the path it was raised with, or the item's own where it has none.
pub(crate) fn keep_path(ctx_index: &ContextSelectionSet<'_>, error: ServerError) -> ServerError {
    if error.path.is_empty() {
        ctx_index.set_error_path(error)
    } else {
        error
    }
}
