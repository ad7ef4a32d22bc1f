//! The `nodes` list of a page of rows.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{
    ContextSelectionSet, OutputType, Positioned, ServerError, ServerResult, Value,
};

use super::{Fast, PlainRows, Row, row_now};
use crate::graphql::types::items::{Items, keep_path};

/// The `nodes` of a page of rows (`[T!]!`): each row whose fields are all plain is answered at
/// once, without a future of its own; the others resolve as [`Fast`] rows, joined in order as
/// `Items` joins them (`types/items.rs`: an error keeps the path it was raised with).
pub(crate) struct RowList<'r, T>(pub(crate) &'r [T]);

impl<T: Row> OutputType for RowList<'_, T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("[{}]", T::qualified_type_name()))
    }

    fn qualified_type_name() -> String {
        format!("[{}]!", T::qualified_type_name())
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry);
        Self::qualified_type_name()
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        if ctx.data_opt::<PlainRows>().is_some() {
            let rows: Vec<Fast<'_, T>> = self.0.iter().map(Fast).collect();
            return Items(rows).resolve(ctx, field).await;
        }
        let mut values = Vec::with_capacity(self.0.len());
        let mut pending = Vec::new();
        for (index, row) in self.0.iter().enumerate() {
            let ctx_index = ctx.with_index(index);
            match row_now(&ctx_index, row) {
                Some(value) => values.push(value),
                None => {
                    values.push(Value::Null);
                    pending.push(async move {
                        let value = Fast(row)
                            .resolve(&ctx_index, field)
                            .await
                            .map_err(|error| keep_path(&ctx_index, error))?;
                        Ok::<_, ServerError>((index, value))
                    });
                }
            }
        }
        if !pending.is_empty() {
            for (index, value) in futures::future::try_join_all(pending).await? {
                values[index] = value;
            }
        }
        Ok(Value::List(values))
    }
}
