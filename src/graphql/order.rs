//! Puts response fields back in the order the query asked for them.
//!
//! async-graphql 7 resolves sibling fields concurrently and inserts each into the response map when
//! it completes (async-graphql issue #612), so a field waiting on a loader moves to the end:
//! `{ nodes {…} pageInfo {…} }` came back as `{ pageInfo, nodes }`. The GraphQL spec asks for
//! selection order (§7.1.2, "Serialized Map Ordering"), and people reading GraphiQL or diffing
//! responses notice. This extension keeps the parsed document and, after execution, rebuilds each
//! object's keys in CollectFields order, looking through fragments and aliases. Type conditions
//! need no check: keys of fragments that did not apply are simply absent from the object.

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{Name, Response, ServerResult, Value, Variables};

/// Factory: one instance per request holds that request's document.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FieldOrder;

impl ExtensionFactory for FieldOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(FieldOrderExtension::default())
    }
}

#[derive(Default)]
struct FieldOrderExtension {
    document: Mutex<Option<ExecutableDocument>>,
}

#[async_trait::async_trait]
impl Extension for FieldOrderExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        *self
            .document
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(document.clone());
        Ok(document)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let document = self
            .document
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(document) = document {
            let root = match &document.operations {
                DocumentOperations::Single(op) => Some(&op.node.selection_set.node),
                DocumentOperations::Multiple(ops) => operation_name
                    .and_then(|name| ops.get(name))
                    .or_else(|| (ops.len() == 1).then(|| ops.values().next()).flatten())
                    .map(|op| &op.node.selection_set.node),
            };
            if let Some(root) = root {
                let data = std::mem::take(&mut response.data);
                response.data = reorder(data, &[root], &document);
            }
        }
        response
    }
}

/// `value` with every object's keys in the order `sets` select them.
fn reorder(value: Value, sets: &[&SelectionSet], doc: &ExecutableDocument) -> Value {
    match value {
        Value::List(items) => {
            Value::List(items.into_iter().map(|v| reorder(v, sets, doc)).collect())
        }
        Value::Object(mut fields) => {
            let mut order: Vec<(&Name, Vec<&SelectionSet>)> = Vec::new();
            for set in sets {
                collect(set, doc, &mut order);
            }
            let mut out = IndexMap::with_capacity(fields.len());
            for (key, children) in order {
                if let Some(v) = fields.swap_remove(key) {
                    out.insert(key.clone(), reorder(v, &children, doc));
                }
            }
            // Nothing should be left, but never drop data over an ordering detail.
            out.extend(fields);
            Value::Object(out)
        }
        other => other,
    }
}

/// CollectFields: response keys in first-seen order, each with the sub-selections merged under it.
/// Validation has already rejected fragment cycles, so the recursion ends.
fn collect<'d>(
    set: &'d SelectionSet,
    doc: &'d ExecutableDocument,
    order: &mut Vec<(&'d Name, Vec<&'d SelectionSet>)>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                let key = &field.node.response_key().node;
                let children = &field.node.selection_set.node;
                match order.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, sets)) => sets.push(children),
                    None => order.push((key, vec![children])),
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    collect(&fragment.node.selection_set.node, doc, order);
                }
            }
            Selection::InlineFragment(inline) => {
                collect(&inline.node.selection_set.node, doc, order);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<String> {
        match v {
            Value::Object(o) => o.keys().map(|k| k.to_string()).collect(),
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn objects_follow_the_selection_order_through_aliases_and_fragments() {
        let doc = async_graphql::parser::parse_query(
            "{ a { z y ...F ... on T { w } alias: x } b } fragment F on T { v }",
        )
        .unwrap();
        let value = Value::from_json(serde_json::json!({
            "b": 1,
            "a": [{ "alias": 1, "w": 2, "v": 3, "y": 4, "z": 5 }]
        }))
        .unwrap();
        let DocumentOperations::Single(op) = &doc.operations else {
            panic!()
        };
        let out = reorder(value, &[&op.node.selection_set.node], &doc);
        assert_eq!(keys(&out), ["a", "b"]);
        let Value::Object(o) = &out else { panic!() };
        let Value::List(rows) = &o["a"] else { panic!() };
        assert_eq!(keys(&rows[0]), ["z", "y", "v", "w", "alias"]);
    }
}
