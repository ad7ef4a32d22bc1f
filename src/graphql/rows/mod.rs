//! Rows without a future per field: the fast path for the types that make up large pages.
//!
//! async-graphql resolves every selected field of every object as a boxed future in a join, then
//! inserts its value into an `IndexMap`. For a 2000-row page of ten scalar fields that is 20,000
//! futures whose work is reading a field of a struct. A [`Row`] names the fields it can answer
//! without I/O ([`Row::plain`]); [`Fast`] walks a row's selection once, as async-graphql's
//! `Fields::add_set` does (aliases, inline fragments and named fragments with their type
//! conditions, `__typename`; `@skip`/`@include` were applied to the document before execution),
//! writes those fields' values straight into the row's value, and hands only the others (detail
//! fields that go through the loaders, nested connections) to the type's own resolver, joined
//! as async-graphql joins them. Nested rows ([`Row::nested`]: a number's location and owner)
//! resolve the same way. A row, or a nested row, whose selected fields are all plain needs no
//! future at all: it is built at once, and a page's `nodes` ([`RowList`]) joins only the rows
//! that wait on a resolver.
//!
//! What comes back is what async-graphql would answer, byte for byte: the same field order, the
//! same merging of a response key selected twice, the same errors with the same paths and the same
//! null propagation (a nested row goes through `Option`'s `OutputType` exactly as the resolver's
//! value would). `tests/api/rows.rs` holds the two to that with generated queries, run through
//! this path and through the plain executor (`--plain-rows`).
//!
//! Where it applies: `AvailableNumber` and `AssignableNumber` (the items of every number page,
//! through `nodes` and `edges.node`), their `location` and `owner`, and every owner type (its
//! summary fields: `id`, `ownerType`, `rawType`, `firstName`, `lastName`, `displayName` when the
//! list gave it). A row falls back to the plain executor as a whole when the schema has an
//! extension (`--trace-resolvers`, which sets [`PlainRows`]) or a field carries a directive,
//! since both hook into per-field resolution.
//!
//! Detail fields join the same way once their record is fetched, which after the planned round it
//! usually is ([`Row::plain_in`], [`Row::nested_in`]): a location's scalar details, a person's,
//! a workspace's and a virtual line's (a person's loaded `displayName` too), and their owner's
//! `location` as a nested row, are read from the record the request already holds, kept by the
//! row so it is looked up once, not once per field. A view joins by implementing
//! `members::RecordRow`. A record not fetched yet, or whose fetch failed,
//! leaves the field to its resolver, which waits or reports the error exactly as before.
//!
//! A new row type joins by implementing [`Row`]: `plain` for each field whose value is already
//! in hand (return exactly what its resolver returns, as a `Value`), `plain_in` for detail
//! fields read from a fetched record, `nested` for a field whose value is itself a row; then
//! return `Fast(&row)` (or `Items` of them) where the row was returned.

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection};
use async_graphql::registry::Registry;
use async_graphql::{
    ContainerType, ContextSelectionSet, InputType, Name, OutputType, Positioned, ServerError,
    ServerResult, Value,
};
use futures::future::BoxFuture;

use super::resources::location::Location;
use super::types::details::Address;
use super::types::owner::NumberOwner;

mod list;
mod members;

pub(crate) use list::RowList;

/// Set in the schema's data by `--plain-rows`: rows resolve through async-graphql's executor.
#[derive(Debug, Clone, Copy)]
pub struct PlainRows;

/// A type whose rows the fast path resolves.
pub(crate) trait Row: ContainerType + Send + Sync {
    /// The value of `field` when it needs no I/O and no argument, exactly as its resolver
    /// would answer; `None` hands it to the resolver.
    fn plain(&self, field: &str) -> Option<Value>;

    /// [`plain`](Row::plain), or a detail field answered from a record the request has already
    /// fetched (the planned round's usual state): exactly its resolver's value on success, and
    /// `None` (the resolver) when the record is not fetched yet or its fetch failed.
    fn plain_in(&self, _ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Value> {
        self.plain(field)
    }

    /// A field whose value is itself a row, resolved by this path too.
    fn nested(&self, _field: &str) -> Option<Nested> {
        None
    }

    /// [`nested`](Row::nested), or a detail field whose value is a row, read from a record the
    /// request has already fetched (an owner's `location`); `None` leaves it to its resolver.
    fn nested_in(&self, _ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Nested> {
        self.nested(field)
    }

    /// Adds the fields of a fragment that applies to this row's concrete type. An object walks
    /// itself; a union walks the member it holds.
    fn walk_concrete<'a>(
        &'a self,
        ctx: &ContextSelectionSet<'a>,
        out: &mut Walk<'a>,
    ) -> ServerResult<()>
    where
        Self: Sized,
    {
        walk(ctx, self, out)
    }
}

/// A nested row's value.
pub(crate) enum Nested {
    /// A location; `nullable` as the field's type is.
    Location {
        location: Option<Location>,
        nullable: bool,
    },
    /// A number's owner (`NumberOwner`, nullable).
    Owner(Option<NumberOwner>),
    /// A location's postal address (nullable), from its fetched record.
    Address(Option<Address>),
}

/// A row resolved by the fast path; everything else about its type is the row type's own.
pub(crate) struct Fast<'r, T>(pub(crate) &'r T);

impl<T: Row> OutputType for Fast<'_, T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        // Set with `--plain-rows`, and with `--trace-resolvers`, whose extension hooks each field.
        if ctx.data_opt::<PlainRows>().is_some() {
            return T::resolve(self.0, ctx, field).await;
        }
        let mut out = Walk::default();
        walk(ctx, self.0, &mut out)?;
        if out.hooked {
            return T::resolve(self.0, ctx, field).await;
        }
        out.finish().await
    }
}

/// A slot of the row's value: written, or the index of its pending resolver.
enum Slot {
    Ready(Value),
    Pending(usize),
}

/// The fields of a row in selection order, as the walk found them.
#[derive(Default)]
pub(crate) struct Walk<'a> {
    fields: Vec<(Name, Slot)>,
    futures: Vec<BoxFuture<'a, ServerResult<Value>>>,
    /// A field carries a directive: per-field hooks apply, so the row takes the plain path.
    hooked: bool,
}

impl<'a> Walk<'a> {
    fn ready(&mut self, name: Name, value: Value) {
        self.fields.push((name, Slot::Ready(value)));
    }

    fn pending(&mut self, name: Name, future: BoxFuture<'a, ServerResult<Value>>) {
        self.fields.push((name, Slot::Pending(self.futures.len())));
        self.futures.push(future);
    }

    /// Joins what is pending (as async-graphql joins a container's fields: the first error
    /// fails the row) and builds the row's value.
    async fn finish(self) -> ServerResult<Value> {
        let mut resolved: Vec<Option<Value>> = if self.futures.is_empty() {
            Vec::new()
        } else {
            futures::future::try_join_all(self.futures)
                .await?
                .into_iter()
                .map(Some)
                .collect()
        };
        let mut map = IndexMap::with_capacity(self.fields.len());
        for (name, slot) in self.fields {
            let value = match slot {
                Slot::Ready(value) => value,
                Slot::Pending(i) => resolved[i].take().unwrap_or_default(),
            };
            insert_value(&mut map, name, value);
        }
        Ok(Value::Object(map))
    }
}

/// async-graphql's merge of a response key selected more than once
/// (`resolver_utils::container::insert_value`, 8.0.0-rc.5), kept identical in effect; one hash of
/// the key instead of two (the map hashes with SipHash, a visible share of a large page).
fn insert_value(target: &mut IndexMap<Name, Value>, name: Name, value: Value) {
    let prev_value = match target.entry(name) {
        async_graphql::indexmap::map::Entry::Vacant(slot) => {
            slot.insert(value);
            return;
        }
        async_graphql::indexmap::map::Entry::Occupied(slot) => slot.into_mut(),
    };
    if let Value::Object(target_map) = prev_value {
        if let Value::Object(obj) = value {
            for (key, value) in obj.into_iter() {
                insert_value(target_map, key, value);
            }
        }
    } else if let Value::List(target_list) = prev_value
        && let Value::List(list) = value
    {
        for (idx, value) in list.into_iter().enumerate() {
            if let Some(Value::Object(target_map)) = target_list.get_mut(idx)
                && let Value::Object(obj) = value
            {
                for (key, value) in obj.into_iter() {
                    insert_value(target_map, key, value);
                }
            }
        }
    }
}

/// Walks `root`'s selection as `Fields::add_set` does, writing plain fields and queueing the rest.
fn walk<'a, T: Row>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    out: &mut Walk<'a>,
) -> ServerResult<()> {
    for selection in &ctx.item.node.items {
        match &selection.node {
            Selection::Field(field) => {
                let name = field.node.response_key().node.clone();
                let field_name = field.node.name.node.as_str();
                if field_name == "__typename" {
                    out.ready(
                        name,
                        Value::String(root.introspection_type_name().into_owned()),
                    );
                    continue;
                }
                if !field.node.directives.is_empty() {
                    out.hooked = true;
                    return Ok(());
                }
                if let Some(value) = root.plain_in(ctx, field_name) {
                    out.ready(name, value);
                    continue;
                }
                if let Some(nested) = root.nested_in(ctx, field_name) {
                    match nested_now(ctx, field, &nested) {
                        Some(value) => out.ready(name, value),
                        None => out.pending(name, resolve_nested(ctx.clone(), field, nested)),
                    }
                    continue;
                }
                let ctx = ctx.clone();
                out.pending(
                    name,
                    Box::pin(async move {
                        let ctx_field = ctx.with_field(field);
                        Ok(root.resolve_field(&ctx_field).await?.unwrap_or_default())
                    }),
                );
            }
            selection => {
                let (type_condition, selection_set) = match selection {
                    Selection::Field(_) => continue,
                    Selection::FragmentSpread(spread) => {
                        let Some(fragment) =
                            ctx.query_env.fragments.get(&spread.node.fragment_name.node)
                        else {
                            return Err(ServerError::new(
                                format!(
                                    r#"Unknown fragment "{}"."#,
                                    spread.node.fragment_name.node
                                ),
                                Some(spread.pos),
                            ));
                        };
                        (
                            Some(&fragment.node.type_condition),
                            &fragment.node.selection_set,
                        )
                    }
                    Selection::InlineFragment(fragment) => (
                        fragment.node.type_condition.as_ref(),
                        &fragment.node.selection_set,
                    ),
                };
                let type_condition = type_condition.map(|c| c.node.on.node.as_str());
                let concrete = root.introspection_type_name();
                let applies_concrete_object = type_condition.is_some_and(|condition| {
                    concrete == condition
                        || ctx
                            .schema_env
                            .registry
                            .implements
                            .get(&*concrete)
                            .is_some_and(|interfaces| interfaces.contains(condition))
                });
                if applies_concrete_object {
                    root.walk_concrete(&ctx.with_selection_set(selection_set), out)?;
                } else if type_condition.is_none_or(|condition| T::type_name() == condition) {
                    walk(&ctx.with_selection_set(selection_set), root, out)?;
                }
                if out.hooked {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// A row's value at once, when every field it selects is plain: no future, no join. `None` when a
/// field needs its resolver (or the walk met something only the executor handles).
fn row_now<T: Row>(ctx: &ContextSelectionSet<'_>, row: &T) -> Option<Value> {
    let mut out = Walk::default();
    walk(ctx, row, &mut out).ok()?;
    if out.hooked || !out.futures.is_empty() {
        return None;
    }
    let mut map = IndexMap::with_capacity(out.fields.len());
    for (name, slot) in out.fields {
        let Slot::Ready(value) = slot else {
            return None;
        };
        insert_value(&mut map, name, value);
    }
    Some(Value::Object(map))
}

/// A nested row's value at once, when it needs no resolver: what [`resolve_nested`] would
/// answer, since a row of plain fields cannot fail.
fn nested_now(
    ctx: &ContextSelectionSet<'_>,
    field: &Positioned<Field>,
    nested: &Nested,
) -> Option<Value> {
    let ctx_field = ctx.with_field(field);
    let ctx_obj = ctx_field.with_selection_set(&field.node.selection_set);
    match nested {
        Nested::Location {
            location: Some(location),
            ..
        } => row_now(&ctx_obj, location),
        Nested::Location {
            location: None,
            nullable: true,
        }
        | Nested::Owner(None) => Some(Value::Null),
        Nested::Location {
            location: None,
            nullable: false,
        } => None,
        Nested::Owner(Some(owner)) => row_now(&ctx_obj, owner),
        Nested::Address(Some(address)) => row_now(&ctx_obj, address),
        Nested::Address(None) => Some(Value::Null),
    }
}

/// A nested row, resolved as the field's resolver would hand its value on
/// (`resolver_utils::resolve_field_async`), through this path.
fn resolve_nested<'a>(
    ctx: ContextSelectionSet<'a>,
    field: &'a Positioned<Field>,
    nested: Nested,
) -> BoxFuture<'a, ServerResult<Value>> {
    Box::pin(async move {
        let ctx_field = ctx.with_field(field);
        let ctx_obj = ctx_field.with_selection_set(&field.node.selection_set);
        match nested {
            Nested::Location {
                location,
                nullable: true,
            } => OutputType::resolve(&location.as_ref().map(Fast), &ctx_obj, field).await,
            Nested::Location {
                location: Some(location),
                nullable: false,
            } => OutputType::resolve(&Fast(&location), &ctx_obj, field).await,
            Nested::Location {
                location: None,
                nullable: false,
            } => Err(ctx_field.set_error_path(ServerError::new(
                "internal: a non-null location is missing",
                Some(field.pos),
            ))),
            Nested::Owner(owner) => {
                OutputType::resolve(&owner.as_ref().map(Fast), &ctx_obj, field).await
            }
            Nested::Address(address) => {
                OutputType::resolve(&address.as_ref().map(Fast), &ctx_obj, field).await
            }
        }
    })
}

/// An enum's value as its resolver answers it.
pub(crate) fn enum_value<E: InputType>(value: E) -> Value {
    value.to_value()
}

/// A nullable string field's value.
pub(crate) fn opt_str(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |s| Value::String(s.to_owned()))
}
