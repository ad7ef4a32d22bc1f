//! The one shape of a nullable field that can fail: `null` in place, with its error at the field's
//! path, as the GraphQL spec's "Handling Field Errors" says. Siblings and the parent object are
//! untouched.
//!
//! async-graphql 8 completes `Option<Result<T>>` this way, but `Result<Option<T>>`, the shape
//! `?` leads to, fails the field upward and nulls the parent (shown by
//! `shared/experiments/async-graphql-8-nulls`). Every nullable fallible resolver, and each item of
//! `_entities`, returns this type instead, so the trap cannot be written by accident.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

use super::error::ApiError;

/// A nullable value that may have failed.
#[derive(Debug)]
pub(crate) struct Fallible<T>(Result<Option<T>, ApiError>);

impl<T> Fallible<T> {
    /// A value that may be absent (`Ok(None)` answers `null` with no error).
    pub(crate) fn new(result: Result<Option<T>, ApiError>) -> Self {
        Self(result)
    }

    /// A value that is there unless it failed.
    pub(crate) fn some(result: Result<T, ApiError>) -> Self {
        Self(result.map(Some))
    }
}

impl<T: OutputType + Sync> OutputType for Fallible<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    // Nullable: the name without `!`.
    fn qualified_type_name() -> String {
        T::type_name().to_string()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry);
        T::type_name().to_string()
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        match &self.0 {
            Ok(Some(value)) => match value.resolve(ctx, field).await {
                Ok(value) => Ok(value),
                // A non-null position inside failed: this nullable position is the nearest.
                Err(error) => {
                    ctx.add_error(error);
                    Ok(Value::Null)
                }
            },
            Ok(None) => Ok(Value::Null),
            Err(e) => {
                let error: async_graphql::Error = e.clone().into();
                ctx.add_error(ctx.set_error_path(error.into_server_error(field.pos)));
                Ok(Value::Null)
            }
        }
    }
}
