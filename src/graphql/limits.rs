//! Query shape limits async-graphql has no knob for: aliases and root fields per request. They are
//! checked right after parsing, so an over-limit query costs no upstream call. This extension also
//! gives every validation error (depth, complexity, unknown field, wrong variable type) the code
//! `GRAPHQL_VALIDATION_FAILED`, so clients can tell "fix your query" from "try again".

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use super::error::code;

/// Caps on the shape of a query document.
#[derive(Debug, Clone, Copy)]
pub struct ShapeLimits {
    /// Aliased fields in the whole document.
    pub max_aliases: usize,
    /// Fields at the root of one operation.
    pub max_root_fields: usize,
}

impl ExtensionFactory for ShapeLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(*self)
    }
}

#[async_trait::async_trait]
impl Extension for ShapeLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await.map_err(|e| {
            // The parser stops deep documents before the depth check runs; say it the same way.
            if e.message.contains("recursion limit") {
                let mut e = e;
                e.message = "Query is nested too deep (parser recursion limit exceeded).".into();
                return with_code(e);
            }
            parse_failed(e)
        })?;
        let mut aliases = 0;
        for fragment in doc.fragments.values() {
            aliases += count_aliases(&fragment.node.selection_set.node);
        }
        for (_, operation) in doc.operations.iter() {
            let root = &operation.node.selection_set.node;
            aliases += count_aliases(root);
            let roots = root_fields(root, &doc);
            if roots > self.max_root_fields {
                return Err(limit_error(format!(
                    "Query has {roots} root fields; the limit is {}.",
                    self.max_root_fields
                )));
            }
        }
        if aliases > self.max_aliases {
            return Err(limit_error(format!(
                "Query has {aliases} aliases; the limit is {}.",
                self.max_aliases
            )));
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx)
            .await
            .map_err(|errors| errors.into_iter().map(with_code).collect())
    }
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some()) + count_aliases(&f.node.selection_set.node)
            }
            Selection::InlineFragment(i) => count_aliases(&i.node.selection_set.node),
            // Named fragments are counted once, where they are defined.
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Root fields of an operation, looking through fragments (one level of spreads is enough to stop
/// `{ ...F }` from hiding the count; deeper nesting is bounded by the depth limit).
fn root_fields(set: &SelectionSet, doc: &ExecutableDocument) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(_) => 1,
            Selection::InlineFragment(i) => root_fields(&i.node.selection_set.node, doc),
            Selection::FragmentSpread(s) => {
                doc.fragments
                    .get(&s.node.fragment_name.node)
                    .map_or(0, |f| {
                        f.node
                            .selection_set
                            .node
                            .items
                            .iter()
                            .filter(|i| matches!(i.node, Selection::Field(_)))
                            .count()
                    })
            }
        })
        .sum()
}

/// A syntax error, coded `GRAPHQL_PARSE_FAILED` (Apollo's convention) with a one-line message
/// instead of the parser's source excerpt drawn in ASCII art.
fn parse_failed(mut e: ServerError) -> ServerError {
    let reason = e
        .message
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or_else(|| e.message.trim())
        .to_owned();
    e.message = match e.locations.first() {
        Some(at) => format!("Syntax error at {}:{}: {reason}", at.line, at.column),
        None => format!("Syntax error: {reason}"),
    };
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", code::GRAPHQL_PARSE_FAILED);
    e
}

fn limit_error(message: String) -> ServerError {
    with_code(ServerError::new(message, None))
}

fn with_code(mut e: ServerError) -> ServerError {
    let ext = e.extensions.get_or_insert_with(Default::default);
    if ext.get("code").is_none() {
        ext.set("code", code::GRAPHQL_VALIDATION_FAILED);
    }
    e
}
