//! Value completion as the GraphQL spec describes it, where async-graphql 7.2 departs from it.
//!
//! Two departures, both in async-graphql's `do_resolve_container`
//! (`src/resolver_utils/container.rs`), which collects sibling fields through a
//! `FuturesUnordered` and inserts each when it completes:
//!
//! 1. **An errored field is dropped** from its object (the error is recorded, the key is not),
//!    whether the field is nullable or not. The spec (§6.4.4 "Handling Field Errors") wants a
//!    failed nullable field present as `null`, and a failed non-null field to null its nearest
//!    nullable ancestor. Clients notice: Apollo Client treats a missing key as an incomplete
//!    result and refetches, and generated `T | null` types receive `undefined`.
//! 2. **Fields come back in completion order**, so a field waiting on a loader moves to the end
//!    (async-graphql issue #612). The spec (§7.1.2 "Serialized Map Ordering") wants the order of
//!    CollectFields.
//!
//! This extension is the one place that repairs both, so it can be deleted whole once the executor
//! does it itself:
//!
//! - Its `resolve` hook sees every field and every list item. A failed nullable position becomes
//!   `null` and its error is kept here; a failed non-null position is reported upward with a marker
//!   error, and the nearest nullable ancestor becomes `null`. The marker never reaches clients.
//! - Its `parse_query` hook builds a small plan of the document's selection sets (not a copy of the
//!   document) and, under every field of an abstract type, adds a hidden `__typename` selection so
//!   the reordering knows each object's runtime type and can apply type conditions exactly.
//! - Its `execute` hook reorders objects in CollectFields order (type conditions, fragments,
//!   aliases and merged repeated fields included) and strips the hidden keys. It walks only what
//!   needs it: when no field completed late below the root, only the root object is reordered.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::Poll;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextResolve,
    ResolveInfo,
};
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet,
};
use async_graphql::registry::{MetaType, MetaTypeName, Registry};
use async_graphql::{
    Name, PathSegment, Positioned, QueryPathNode, QueryPathSegment, Response, ServerError,
    ServerResult, Value, Variables,
};

/// Response key of the hidden `__typename` selection. Names starting with `__` are reserved for
/// the GraphQL introspection system, so no client alias can collide with it.
const TYPENAME_KEY: &str = "__completion_typename";

/// Message of the error that carries "a non-null position failed" up to its parent. Removed from
/// the response before it leaves; the real error was recorded when the position failed.
const PROPAGATED: &str = "\u{0}null propagated to the parent";

/// Factory: one instance per request.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Completion;

impl ExtensionFactory for Completion {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CompletionExtension::default())
    }
}

#[derive(Default)]
struct CompletionExtension {
    plan: OnceLock<Plan>,
    /// Errors of positions this extension completed as `null`, with their paths.
    errors: Mutex<Vec<ServerError>>,
    /// Paths of non-null positions that failed and still wait for a nullable ancestor.
    failed: Mutex<Vec<Vec<PathSegment>>>,
    failed_count: AtomicUsize,
    /// Paths of list fields whose items are nullable.
    nullable_items: Mutex<Vec<Vec<PathSegment>>>,
    /// A position below a root field completed after a sibling: objects below the root need
    /// reordering, not just the root object.
    late_below_root: AtomicBool,
    /// A root field completed after a sibling.
    late_at_root: AtomicBool,
}

#[async_trait::async_trait]
impl Extension for CompletionExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let mut document = next.run(ctx, query, variables).await?;
        let plan = Plan::build(&mut document, &ctx.schema_env.registry, variables);
        // One plan per request: the factory makes a fresh extension for each.
        let _ = self.plan.set(plan);
        Ok(document)
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let path_node = info.path_node;
        let declared_nullable = !info.return_type.ends_with('!');
        if let QueryPathSegment::Name(_) = path_node.segment
            && list_of_nullable(info.return_type)
        {
            lock(&self.nullable_items).push(path_of(path_node));
        }
        let future = next.run(ctx, info);
        futures::pin_mut!(future);
        // A position that is not ready at its first poll completes after siblings polled later,
        // so its parent object's keys may be out of order.
        let result = match futures::poll!(&mut future) {
            Poll::Ready(result) => result,
            Poll::Pending => {
                if path_node.parent.is_some() {
                    self.late_below_root.store(true, Ordering::Relaxed);
                } else {
                    self.late_at_root.store(true, Ordering::Relaxed);
                }
                future.await
            }
        };
        let failed_below = self.take_failures_below(path_node);
        if result.is_ok() && !failed_below {
            return result;
        }
        let nullable = match (path_node.segment, path_node.parent) {
            // async-graphql reports list items' types through `&T`, which loses their
            // nullability (`[_Entity]` items come as `_Entity!`), so ask the list field.
            (QueryPathSegment::Index(_), Some(list)) => {
                let list = path_of(list);
                lock(&self.nullable_items).contains(&list)
            }
            _ => declared_nullable,
        };
        // Here either the position failed or a non-null position below it did.
        self.fail(path_node, nullable, result.err())
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        response.errors.retain(|e| e.message != PROPAGATED);
        let ours = std::mem::take(&mut *lock(&self.errors));
        response.errors.extend(ours);
        if self.failed_count.load(Ordering::Acquire) > 0 {
            // A non-null root field failed: `data` is the nearest nullable position.
            response.data = Value::Null;
            return response;
        }
        let Some(plan) = self.plan.get() else {
            return response;
        };
        let Some(root) = plan.root(operation_name) else {
            return response;
        };
        let registry = &ctx.schema_env.registry;
        let walk = Walk {
            plan,
            registry,
            deep: self.late_below_root.load(Ordering::Relaxed),
        };
        let reorder_root = self.late_at_root.load(Ordering::Relaxed) || walk.deep;
        if reorder_root || plan.typenames_added {
            walk.object(
                &mut response.data,
                &[root],
                &registry.query_type,
                reorder_root,
            );
        }
        response
    }
}

impl CompletionExtension {
    /// Completes a failed position: `null` when it is nullable, else a marker that fails its
    /// parent. `error` is `None` when the failure came from a non-null child (already recorded).
    fn fail(
        &self,
        path_node: &QueryPathNode<'_>,
        nullable: bool,
        error: Option<ServerError>,
    ) -> ServerResult<Option<Value>> {
        if let Some(mut error) = error.filter(|e| e.message != PROPAGATED) {
            if error.path.is_empty() {
                error.path = path_of(path_node);
            }
            lock(&self.errors).push(error);
        }
        if nullable {
            return Ok(Some(Value::Null));
        }
        lock(&self.failed).push(path_of(path_node));
        self.failed_count.fetch_add(1, Ordering::AcqRel);
        Err(ServerError::new(PROPAGATED, None))
    }

    /// Whether a non-null position below `node` failed; forgets those failures, since this
    /// position now answers for them.
    fn take_failures_below(&self, node: &QueryPathNode<'_>) -> bool {
        if self.failed_count.load(Ordering::Acquire) == 0 {
            return false;
        }
        let here = path_of(node);
        let mut failed = lock(&self.failed);
        let before = failed.len();
        failed.retain(|p| !(p.len() > here.len() && p[..here.len()] == here[..]));
        let taken = before - failed.len();
        self.failed_count.fetch_sub(taken, Ordering::AcqRel);
        taken > 0
    }
}

/// Whether `ty` (a qualified type like `[_Entity]!`) is a list of nullable items.
fn list_of_nullable(ty: &str) -> bool {
    let ty = ty.strip_suffix('!').unwrap_or(ty);
    ty.strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .is_some_and(|item| !item.ends_with('!'))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn path_of(node: &QueryPathNode<'_>) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        path.push(match n.segment {
            QueryPathSegment::Index(i) => PathSegment::Index(i),
            QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
        });
        current = n.parent;
    }
    path.reverse();
    path
}

/// The document's selection sets, reduced to what CollectFields needs.
#[derive(Debug, Default)]
struct Plan {
    sets: Vec<Set>,
    /// Root selection set per operation (`None`: the anonymous one).
    roots: Vec<(Option<Name>, usize)>,
    /// Named fragments: type condition and selection set.
    fragments: HashMap<Name, (Name, usize)>,
    /// Whether any hidden `__typename` was added (the walk must then strip it).
    typenames_added: bool,
}

#[derive(Debug, Default)]
struct Set {
    items: Vec<Item>,
    /// Whether a hidden `__typename` was added to this set (its field has an abstract type).
    typename_added: bool,
    /// Whether this set or one below it (through fields or fragments) had one added.
    typename_below: bool,
}

#[derive(Debug)]
enum Item {
    Field {
        key: Name,
        name: Name,
        set: Option<usize>,
    },
    Fragment {
        on: Option<Name>,
        set: usize,
    },
    Spread(Name),
}

impl Plan {
    fn build(doc: &mut ExecutableDocument, registry: &Registry, vars: &Variables) -> Self {
        let mut plan = Plan::default();
        let mut spreads = Vec::new();
        for (name, fragment) in doc.fragments.iter_mut() {
            let on = fragment.node.type_condition.node.on.node.clone();
            let set = plan.add_set(
                &mut fragment.node.selection_set.node,
                Some(on.as_str()),
                registry,
                vars,
            );
            spreads.push((name.clone(), (on, set)));
        }
        plan.fragments = spreads.into_iter().collect();
        let query_type = registry.query_type.clone();
        let mut roots = Vec::new();
        match &mut doc.operations {
            DocumentOperations::Single(op) => {
                let set = plan.add_set(
                    &mut op.node.selection_set.node,
                    Some(&query_type),
                    registry,
                    vars,
                );
                roots.push((None, set));
            }
            DocumentOperations::Multiple(ops) => {
                for (name, op) in ops.iter_mut() {
                    let set = plan.add_set(
                        &mut op.node.selection_set.node,
                        Some(&query_type),
                        registry,
                        vars,
                    );
                    roots.push((Some(name.clone()), set));
                }
            }
        }
        plan.roots = roots;
        plan.mark_typenames_below();
        plan
    }

    /// Adds a selection set whose parent type is `ty` (`None` when unknown: validation will
    /// reject the document, so nothing is added to it).
    fn add_set(
        &mut self,
        set: &mut SelectionSet,
        ty: Option<&str>,
        registry: &Registry,
        vars: &Variables,
    ) -> usize {
        let id = self.sets.len();
        self.sets.push(Set::default());
        let mut items = Vec::with_capacity(set.items.len());
        for selection in &mut set.items {
            if skipped(selection.node.directives(), vars) {
                continue;
            }
            match &mut selection.node {
                Selection::Field(field) => {
                    let field = &mut field.node;
                    let child = if field.selection_set.node.items.is_empty() {
                        None
                    } else {
                        let child_ty = ty
                            .and_then(|t| registry.types.get(t))
                            .and_then(|t| t.field_by_name(&field.name.node))
                            .map(|f| MetaTypeName::concrete_typename(&f.ty).to_owned());
                        let child_meta = child_ty.as_deref().and_then(|t| registry.types.get(t));
                        let abstract_child = child_meta.is_some_and(MetaType::is_abstract);
                        let set_id = self.add_set(
                            &mut field.selection_set.node,
                            child_ty.as_deref(),
                            registry,
                            vars,
                        );
                        if abstract_child {
                            add_typename(&mut field.selection_set);
                            self.sets[set_id].typename_added = true;
                            self.typenames_added = true;
                        }
                        Some(set_id)
                    };
                    items.push(Item::Field {
                        key: field.response_key().node.clone(),
                        name: field.name.node.clone(),
                        set: child,
                    });
                }
                Selection::FragmentSpread(spread) => {
                    items.push(Item::Spread(spread.node.fragment_name.node.clone()));
                }
                Selection::InlineFragment(inline) => {
                    let on = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.clone());
                    let inner_ty = on.as_ref().map(|n| n.as_str()).or(ty).map(str::to_owned);
                    let set = self.add_set(
                        &mut inline.node.selection_set.node,
                        inner_ty.as_deref(),
                        registry,
                        vars,
                    );
                    items.push(Item::Fragment { on, set });
                }
            }
        }
        self.sets[id].items = items;
        id
    }

    /// Sets `typename_below`; fragment cycles (rejected later by validation) stop the search.
    fn mark_typenames_below(&mut self) {
        let mut memo: Vec<Option<bool>> = vec![None; self.sets.len()];
        for id in 0..self.sets.len() {
            let below = self.below(id, &mut memo, &mut vec![false; self.sets.len()]);
            self.sets[id].typename_below = below;
        }
    }

    fn below(&self, id: usize, memo: &mut Vec<Option<bool>>, visiting: &mut Vec<bool>) -> bool {
        if let Some(known) = memo[id] {
            return known;
        }
        if visiting[id] {
            return false;
        }
        visiting[id] = true;
        let mut below = self.sets[id].typename_added;
        for item in &self.sets[id].items {
            let child = match item {
                Item::Field { set, .. } => *set,
                Item::Fragment { set, .. } => Some(*set),
                Item::Spread(name) => self.fragments.get(name).map(|(_, set)| *set),
            };
            if let Some(child) = child {
                below |= self.below(child, memo, visiting);
            }
        }
        visiting[id] = false;
        memo[id] = Some(below);
        below
    }

    fn root(&self, operation: Option<&str>) -> Option<usize> {
        match operation {
            Some(name) => self
                .roots
                .iter()
                .find(|(n, _)| n.as_ref().is_some_and(|n| n.as_str() == name))
                .map(|(_, s)| *s),
            None if self.roots.len() == 1 => self.roots.first().map(|(_, s)| *s),
            None => None,
        }
    }
}

/// `@skip`/`@include` as the executor evaluates them (after this plan is built).
fn skipped(directives: &[Positioned<Directive>], vars: &Variables) -> bool {
    directives.iter().any(|d| {
        let include = match d.node.name.node.as_str() {
            "skip" => false,
            "include" => true,
            _ => return false,
        };
        let Some(condition) = d.node.get_argument("if") else {
            return false;
        };
        let value = condition
            .node
            .clone()
            .into_const_with(|name| vars.get(&name).cloned().ok_or(()))
            .unwrap_or_default();
        matches!(value, Value::Boolean(b) if b != include)
    })
}

fn add_typename(set: &mut Positioned<SelectionSet>) {
    let pos = set.pos;
    let field = Field {
        alias: Some(Positioned::new(Name::new(TYPENAME_KEY), pos)),
        name: Positioned::new(Name::new("__typename"), pos),
        arguments: Vec::new(),
        directives: Vec::new(),
        selection_set: Positioned::new(SelectionSet::default(), pos),
    };
    set.node.items.push(Positioned::new(
        Selection::Field(Positioned::new(field, pos)),
        pos,
    ));
}

/// The response walk: reorders and strips hidden keys.
struct Walk<'a> {
    plan: &'a Plan,
    registry: &'a Registry,
    /// Reorder every object, not only the root.
    deep: bool,
}

impl Walk<'_> {
    /// `value` was selected by `sets` (more than one when a field was selected repeatedly) on a
    /// field of type `declared`.
    fn object(&self, value: &mut Value, sets: &[usize], declared: &str, reorder: bool) {
        match value {
            Value::List(items) => {
                for item in items {
                    self.object(item, sets, declared, reorder);
                }
            }
            Value::Object(fields) => {
                let runtime = match fields.shift_remove(TYPENAME_KEY) {
                    Some(Value::String(t)) => t,
                    _ => declared.to_owned(),
                };
                let mut order: Vec<(&Name, &Name, Vec<usize>)> = Vec::new();
                for &set in sets {
                    self.collect(set, &runtime, &mut order);
                }
                if reorder {
                    let mut out = IndexMap::with_capacity(fields.len());
                    for (key, _, _) in &order {
                        if let Some((k, v)) = fields.swap_remove_entry(key.as_str()) {
                            out.insert(k, v);
                        }
                    }
                    // Nothing should be left, but never drop data over an ordering detail.
                    out.extend(std::mem::take(fields));
                    *fields = out;
                }
                let runtime_meta = self.registry.types.get(&runtime);
                for (key, name, children) in order {
                    if children.is_empty() {
                        continue;
                    }
                    let needed = self.deep
                        || children
                            .iter()
                            .any(|&c| self.plan.sets.get(c).is_some_and(|s| s.typename_below));
                    if !needed {
                        continue;
                    }
                    let child_ty = runtime_meta
                        .and_then(|t| t.field_by_name(name))
                        .map(|f| MetaTypeName::concrete_typename(&f.ty))
                        .unwrap_or_default();
                    if let Some(child) = fields.get_mut(key.as_str()) {
                        self.object(child, &children, child_ty, self.deep);
                    }
                }
            }
            _ => {}
        }
    }

    /// CollectFields (§6.3.2) for one runtime type: response keys in first-seen order, each with
    /// its field name and the sub-selections merged under it.
    fn collect<'p>(
        &'p self,
        set: usize,
        runtime: &str,
        order: &mut Vec<(&'p Name, &'p Name, Vec<usize>)>,
    ) {
        let Some(set) = self.plan.sets.get(set) else {
            return;
        };
        for item in &set.items {
            match item {
                Item::Field { key, name, set } => {
                    if key.as_str() == TYPENAME_KEY {
                        continue;
                    }
                    match order.iter_mut().find(|(k, _, _)| *k == key) {
                        Some((_, _, sets)) => sets.extend(set),
                        None => order.push((key, name, set.iter().copied().collect())),
                    }
                }
                Item::Fragment { on, set } => {
                    if on.as_ref().is_none_or(|on| self.applies(on, runtime)) {
                        self.collect(*set, runtime, order);
                    }
                }
                Item::Spread(fragment) => {
                    let Some((on, set)) = self.plan.fragments.get(fragment) else {
                        continue;
                    };
                    if self.applies(on, runtime) {
                        self.collect(*set, runtime, order);
                    }
                }
            }
        }
    }

    /// DoesFragmentTypeApply (§6.3.2).
    fn applies(&self, condition: &str, runtime: &str) -> bool {
        if condition == runtime {
            return true;
        }
        match self.registry.types.get(condition) {
            Some(meta) if meta.is_abstract() => meta.is_possible_type(runtime),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lists_of_nullable_items_are_recognised() {
        assert!(list_of_nullable("[_Entity]!"));
        assert!(list_of_nullable("[_Entity]"));
        assert!(list_of_nullable("[[Int!]]"));
        assert!(!list_of_nullable("[AvailableNumber!]!"));
        assert!(!list_of_nullable("Location"));
        assert!(!list_of_nullable("Location!"));
    }

    #[test]
    fn skip_and_include_are_evaluated_with_variables() {
        let doc = async_graphql::parser::parse_query(
            "query($s: Boolean!) { a @skip(if: true) b @include(if: $s) c @skip(if: $s) d }",
        )
        .unwrap();
        let DocumentOperations::Single(op) = &doc.operations else {
            panic!("one operation")
        };
        let vars = Variables::from_json(serde_json::json!({ "s": true }));
        let kept: Vec<&str> = op
            .node
            .selection_set
            .node
            .items
            .iter()
            .filter(|s| !skipped(s.node.directives(), &vars))
            .filter_map(|s| match &s.node {
                Selection::Field(f) => Some(f.node.name.node.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(kept, ["b", "d"]);
    }
}
