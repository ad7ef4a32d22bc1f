//! The trusted documents checked against this schema at start, as their requests would be,
//! without running them. A list compiled against another version of the schema (a field renamed
//! or removed, an argument made required, a selection past the limits) stops the start with each
//! document and what is wrong with it, instead of failing its front-end's users one operation at
//! a time once deployed.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::parser::types::DocumentOperations;
use async_graphql::{Request, Response};

use crate::graphql::trusted::TrustedDocuments;
use crate::graphql::{SchemaConfig, schema_builder};

/// Ends every request once it has been parsed and validated: nothing resolves, nothing reaches
/// Webex. Only the checker's own schema has it (an extension on the serving schema would slow
/// every field: see `engine/mod.rs`).
struct ValidateOnly;

impl ExtensionFactory for ValidateOnly {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ValidateOnly)
    }
}

#[async_trait::async_trait]
impl Extension for ValidateOnly {
    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        Response::default()
    }
}

/// Validates every operation of every listed document against the schema `config` builds (its
/// depth, complexity and shape limits included); the error names each failing document by its
/// id and operation, with async-graphql's messages and their positions.
pub async fn check_trusted(config: &SchemaConfig, list: &TrustedDocuments) -> anyhow::Result<()> {
    let schema = schema_builder(config).extension(ValidateOnly).finish();
    let (mut problems, mut failing) = (Vec::new(), 0);
    for listed in list.documents() {
        let before = problems.len();
        if let Err(e) = config.shape.check(&listed.document) {
            problems.push(format!("document {:?}: {}", listed.id, e.message));
            failing += 1;
            continue;
        }
        // Each operation as a request naming it would be: limits are an operation's.
        let operations: Vec<Option<String>> = match &listed.document.operations {
            DocumentOperations::Single(_) => vec![None],
            DocumentOperations::Multiple(named) => {
                named.keys().map(|name| Some(name.to_string())).collect()
            }
        };
        for operation in operations {
            let mut request = Request::new(listed.body.clone());
            if let Some(name) = &operation {
                request = request.operation_name(name);
            }
            let response = schema.execute(request).await;
            for error in response.errors {
                let at = error
                    .locations
                    .first()
                    .map(|p| format!(" (line {}, column {})", p.line, p.column))
                    .unwrap_or_default();
                let name = operation
                    .as_deref()
                    .map(|n| format!(", operation {n}"))
                    .unwrap_or_default();
                problems.push(format!(
                    "document {:?}{name}: {}{at}",
                    listed.id, error.message
                ));
            }
        }
        if problems.len() > before {
            failing += 1;
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "--trusted-documents: {failing} of the {} listed documents do not validate against this \
         schema (a list compiled for another version of it?); compile the front-end's list again:\n  {}",
        list.len(),
        problems.join("\n  ")
    )
}
