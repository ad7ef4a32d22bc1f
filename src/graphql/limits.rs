//! Query shape limits async-graphql has no knob for: aliases and root fields per request. The
//! engine checks them right after parsing, so an over-limit query costs no upstream call.

use async_graphql::ServerError;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::error::code;

/// Caps on the shape of a query document.
#[derive(Debug, Clone, Copy)]
pub struct ShapeLimits {
    /// Aliased fields in the whole document.
    pub max_aliases: usize,
    /// Fields at the root of one operation.
    pub max_root_fields: usize,
}

impl ShapeLimits {
    /// Checks a parsed document, before validation: an over-limit query costs no upstream call.
    pub(crate) fn check(&self, doc: &ExecutableDocument) -> Result<(), Box<ServerError>> {
        let mut aliases = 0;
        for fragment in doc.fragments.values() {
            aliases += count_aliases(&fragment.node.selection_set.node);
        }
        for (_, operation) in doc.operations.iter() {
            let root = &operation.node.selection_set.node;
            aliases += count_aliases(root);
            let roots = root_fields(root, doc);
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
        Ok(())
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

fn limit_error(message: String) -> Box<ServerError> {
    let mut e = ServerError::new(message, None);
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", code::GRAPHQL_VALIDATION_FAILED);
    Box::new(e)
}
