//! The one step between a GraphQL request and its execution: admit the document by the trusted
//! documents (when loaded), resolve an automatic persisted query, parse once, check the shape limits, name the operation, then execute the parsed document.
//!
//! This used to be three schema extensions. async-graphql puts every resolved field on its slow
//! path (an extension chain, a boxed future per layer) as soon as any extension is registered,
//! whatever the extension hooks, so a request-level concern written as an extension costs per
//! field. Here it costs once per request, and the default schema registers no extension at all.
//!
//! Codes are decided from what failed, never from an error's message text: the parser's typed
//! error, our own checks, and, for what async-graphql rejects after parsing (validation, depth,
//! complexity, an unknown operation), the fact that nothing executed.

use std::num::NonZeroUsize;
use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};
use async_graphql::parser::{self, Pos};
use async_graphql::{
    BatchRequest, BatchResponse, Request, Response, ServerError, Value, Variables,
};
use sha2::{Digest, Sha256};

use super::error::code;

mod apq;
mod check;

pub use check::check_trusted;

use super::limits::ShapeLimits;
use super::trusted::{Named, TrustedDocuments, Verdict};
use super::{AppSchema, SchemaConfig, build_schema};
use apq::{PersistedQueries, persisted_hash};

/// The schema and what runs before it, shared by every request.
#[derive(Clone)]
pub struct Engine {
    schema: AppSchema,
    shape: ShapeLimits,
    persisted: Option<Arc<PersistedQueries>>,
    trusted: Option<Arc<TrustedDocuments>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("shape", &self.shape)
            .field("persisted", &self.persisted.is_some())
            .field(
                "trusted",
                &self.trusted.as_ref().map(|t| (t.len(), t.mode())),
            )
            .finish_non_exhaustive()
    }
}

/// One executed operation: its response and the name it is counted under.
#[derive(Debug)]
pub struct Executed {
    pub response: Response,
    /// `operationName`, or the name of the document's only operation.
    pub operation: Option<String>,
}

impl Engine {
    /// Builds the schema and the request step from one configuration.
    pub fn new(config: &SchemaConfig) -> Self {
        Self {
            schema: build_schema(config),
            shape: config.shape,
            persisted: NonZeroUsize::new(config.apq_cache)
                .map(|n| Arc::new(PersistedQueries::new(n))),
            trusted: config.trusted.clone(),
        }
    }

    /// The trusted documents this engine admits by, if any.
    pub fn trusted(&self) -> Option<&TrustedDocuments> {
        self.trusted.as_deref()
    }

    /// The schema, for SDL and introspection-free uses.
    pub fn schema(&self) -> &AppSchema {
        &self.schema
    }

    /// Runs one request through the step, then the schema.
    pub async fn execute(&self, request: Request) -> Executed {
        self.execute_document(request, None).await
    }

    /// Runs one POSTed request that may name its document by `documentId`.
    pub async fn execute_document(&self, request: Request, document_id: Option<&str>) -> Executed {
        match self.run(request, document_id, Method::Post).await {
            Ok(executed) => executed,
            // Only a GET refuses a mutation.
            Err(MutationOverGet { operation }) => Executed {
                response: Response::from_errors(vec![ServerError::new(
                    "Mutations are only accepted over POST.",
                    None,
                )]),
                operation,
            },
        }
    }

    /// Runs a request that came as a GET: a mutation (named by `operationName`, or the
    /// document's only operation) is refused before anything runs, persisted or not, as GraphQL
    /// over HTTP requires (the HTTP layer answers 405).
    pub async fn execute_get(
        &self,
        request: Request,
        document_id: Option<&str>,
    ) -> Result<Executed, MutationOverGet> {
        self.run(request, document_id, Method::Get).await
    }

    async fn run(
        &self,
        request: Request,
        document_id: Option<&str>,
        method: Method,
    ) -> Result<Executed, MutationOverGet> {
        let mut operation = None;
        let response = match self.prepare(request, document_id, &mut operation, method) {
            Ok(request) => {
                let mut response = self.schema.execute(request).await;
                code_request_errors(&mut response);
                response
            }
            Err(Refused::Error(error)) => Response::from_errors(vec![*error]),
            Err(Refused::MutationOverGet) => return Err(MutationOverGet { operation }),
        };
        Ok(Executed {
            response,
            operation,
        })
    }

    /// Runs each request of a batch, concurrently, answering in order; `document_ids[i]` is the
    /// `documentId` of the i-th (missing: none).
    pub async fn execute_batch(
        &self,
        batch: BatchRequest,
        document_ids: &[Option<String>],
    ) -> (BatchResponse, Vec<Option<String>>) {
        let id = |i: usize| document_ids.get(i).and_then(|id| id.as_deref());
        match batch {
            BatchRequest::Single(request) => {
                let executed = self.execute_document(request, id(0)).await;
                (
                    BatchResponse::Single(executed.response),
                    vec![executed.operation],
                )
            }
            BatchRequest::Batch(requests) => {
                let executed = futures::future::join_all(
                    requests
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| self.execute_document(r, id(i))),
                )
                .await;
                let operations = executed.iter().map(|e| e.operation.clone()).collect();
                let responses = executed.into_iter().map(|e| e.response).collect();
                (BatchResponse::Batch(responses), operations)
            }
        }
    }

    /// Resolves, parses and checks the document; the request then carries it parsed. The
    /// operation's name is known as soon as the document is, so a rejected request is counted
    /// under it too.
    fn prepare(
        &self,
        mut request: Request,
        document_id: Option<&str>,
        operation: &mut Option<String>,
        method: Method,
    ) -> Result<Request, Refused> {
        *operation = request.operation_name.clone();
        let (document, unlisted) = match self.admit(&mut request, document_id)? {
            Admitted::Listed(document) => (document, None),
            Admitted::Unlisted(hash) => (self.document(&mut request, method)?, Some(hash)),
            Admitted::Free => (self.document(&mut request, method)?, None),
        };
        if operation.is_none() {
            *operation = only_operation_name(&document);
        }
        if let (Some(hash), Some(list)) = (&unlisted, &self.trusted) {
            list.record_unlisted(hash, operation.as_deref());
        }
        if method == Method::Get && selects_mutation(&document, &request) {
            return Err(Refused::MutationOverGet);
        }
        self.shape.check(&document)?;
        fill_omitted_nullable_variables(&document, &mut request.variables);
        request.set_parsed_query(document);
        Ok(request)
    }

    /// Admits a request by the trusted documents, before anything is parsed: a listed document
    /// comes back parsed; without a list, or in `log` mode, the request goes on as it came.
    fn admit(
        &self,
        request: &mut Request,
        document_id: Option<&str>,
    ) -> Result<Admitted, Box<ServerError>> {
        let Some(list) = &self.trusted else {
            return match document_id {
                Some(_) => Err(coded(
                    ServerError::new(
                        "PersistedQueryNotSupported: this service has no trusted documents \
                         (--trusted-documents) to find a documentId in.",
                        None,
                    ),
                    code::PERSISTED_QUERY_NOT_SUPPORTED,
                )),
                None => Ok(Admitted::Free),
            };
        };
        let hash;
        let named = match (document_id, request.extensions.get("persistedQuery")) {
            (Some(_), _) if !request.query.is_empty() => {
                return Err(coded(
                    ServerError::new("Send either `documentId` or `query`, not both.", None),
                    code::BAD_REQUEST,
                ));
            }
            (Some(id), _) => Named::Id(id),
            (None, Some(extension)) => {
                hash = persisted_hash(extension.clone())?;
                if !request.query.is_empty() && super::trusted::sha256_hex(&request.query) != hash {
                    return Err(coded(
                        ServerError::new("provided sha does not match query", None),
                        code::BAD_REQUEST,
                    ));
                }
                Named::Hash {
                    sha256: &hash,
                    text: &request.query,
                }
            }
            (None, None) => Named::Text(&request.query),
        };
        match list.judge(named) {
            Verdict::Listed(listed) => {
                request.extensions.remove("persistedQuery");
                Ok(Admitted::Listed(listed.document.clone()))
            }
            Verdict::NotInList => Err(coded(
                ServerError::new(
                    "PersistedQueryNotInList: this service runs only the operations its \
                     front-ends ship (--trusted-documents-mode enforce), and this document is not \
                     one of them.",
                    None,
                ),
                code::PERSISTED_QUERY_NOT_IN_LIST,
            )),
            Verdict::NotFound => Err(coded(
                ServerError::new(
                    match document_id {
                        Some(id) => format!(
                            "PersistedQueryNotFound: no trusted document has the id {id:?}."
                        ),
                        // Apollo's link resends the text on exactly this message.
                        None => "PersistedQueryNotFound".to_owned(),
                    },
                    None,
                ),
                code::PERSISTED_QUERY_NOT_FOUND,
            )),
            Verdict::Unlisted(hash) => Ok(Admitted::Unlisted(hash)),
        }
    }

    /// Admits a subscription's request by the same rule (WebSocket): a listed document is set
    /// parsed on the request.
    pub fn admit_stream(&self, mut request: Request) -> Result<Request, Box<ServerError>> {
        match self.admit(&mut request, None)? {
            Admitted::Listed(document) => request.set_parsed_query(document),
            Admitted::Unlisted(hash) => {
                if let Some(list) = &self.trusted {
                    list.record_unlisted(&hash, request.operation_name.as_deref());
                }
            }
            Admitted::Free => {}
        }
        Ok(request)
    }

    /// The document of a request no list admitted: its automatic persisted query, or its text.
    fn document(
        &self,
        request: &mut Request,
        method: Method,
    ) -> Result<ExecutableDocument, Box<ServerError>> {
        let document = match request.extensions.remove("persistedQuery") {
            Some(extension) => {
                let Some(store) = &self.persisted else {
                    return Err(coded(
                        ServerError::new("PersistedQueryNotSupported", None),
                        code::PERSISTED_QUERY_NOT_SUPPORTED,
                    ));
                };
                let hash = persisted_hash(extension)?;
                if request.query.is_empty() {
                    store.get(&hash).ok_or_else(|| {
                        coded(
                            ServerError::new("PersistedQueryNotFound", None),
                            code::PERSISTED_QUERY_NOT_FOUND,
                        )
                    })?
                } else {
                    if format!("{:x}", Sha256::digest(request.query.as_bytes())) != hash {
                        return Err(coded(
                            ServerError::new("provided sha does not match query", None),
                            code::BAD_REQUEST,
                        ));
                    }
                    let document = parse(&request.query)?;
                    // A GET never registers a mutation either: it is refused below, unstored.
                    if !(method == Method::Get && selects_mutation(&document, request)) {
                        store.put(hash, document.clone());
                    }
                    document
                }
            }
            None => parse(&request.query)?,
        };
        Ok(document)
    }
}

/// What the trusted documents said about a request.
enum Admitted {
    /// A listed document, parsed.
    Listed(ExecutableDocument),
    /// Not listed, run anyway (`log` mode); the hash it is logged and counted by.
    Unlisted(String),
    /// No list is loaded.
    Free,
}

/// How the request came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// Why a request did not execute.
enum Refused {
    Error(Box<ServerError>),
    MutationOverGet,
}

impl From<Box<ServerError>> for Refused {
    fn from(e: Box<ServerError>) -> Self {
        Refused::Error(e)
    }
}

/// A mutation came as a GET; `operation` is the name it would be counted under.
#[derive(Debug)]
pub struct MutationOverGet {
    pub operation: Option<String>,
}

/// Whether the operation the request would run is a mutation: the one `operationName` names,
/// else the document's only one. An unknown name is left to execution to report.
fn selects_mutation(document: &ExecutableDocument, request: &Request) -> bool {
    use async_graphql::parser::types::OperationType;
    let is_mutation = |op: &async_graphql::Positioned<
        async_graphql::parser::types::OperationDefinition,
    >| { op.node.ty == OperationType::Mutation };
    match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => is_mutation(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .is_some_and(|(_, op)| is_mutation(op)),
        (DocumentOperations::Multiple(ops), None) => {
            ops.len() == 1 && ops.values().all(is_mutation)
        }
    }
}

/// async-graphql 8.0.0-rc.5 evaluates field complexity with the variables as sent, and fails
/// ("Variable first is not defined.") when a declared nullable variable without a default is
/// omitted, which the spec allows. No resolver here tells an absent argument from `null` (none
/// takes `MaybeUndefined`), so such a variable is given `null`, which answers the same.
fn fill_omitted_nullable_variables(document: &ExecutableDocument, variables: &mut Variables) {
    for (_, operation) in document.operations.iter() {
        for definition in &operation.node.variable_definitions {
            let definition = &definition.node;
            if definition.var_type.node.nullable
                && definition.default_value.is_none()
                && !variables.contains_key(&definition.name.node)
            {
                variables.insert(definition.name.node.clone(), Value::Null);
            }
        }
    }
}

/// The name of the document's only operation, when it has one and it is named.
fn only_operation_name(document: &ExecutableDocument) -> Option<String> {
    match &document.operations {
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            operations.keys().next().map(|name| name.to_string())
        }
        _ => None,
    }
}

/// Parses the document, with a one-line message and `GRAPHQL_PARSE_FAILED`, or
/// `GRAPHQL_VALIDATION_FAILED` for a document nested past the parser's limit.
fn parse(query: &str) -> Result<ExecutableDocument, Box<ServerError>> {
    parser::parse_query(query).map_err(|e| {
        let at: Vec<Pos> = e.positions().collect();
        let error = |message: String| ServerError::new(message, at.first().copied());
        match e {
            parser::Error::RecursionLimitExceeded => coded(
                error("Query is nested too deep (parser recursion limit exceeded).".into()),
                code::GRAPHQL_VALIDATION_FAILED,
            ),
            parser::Error::Syntax { message, .. } => {
                let reason = message
                    .lines()
                    .rev()
                    .find_map(|l| l.trim().strip_prefix("= "))
                    .unwrap_or_else(|| message.trim())
                    .to_owned();
                let message = match at.first() {
                    Some(at) => format!("Syntax error at {}:{}: {reason}", at.line, at.column),
                    None => format!("Syntax error: {reason}"),
                };
                coded(error(message), code::GRAPHQL_PARSE_FAILED)
            }
            other => coded(error(other.to_string()), code::GRAPHQL_PARSE_FAILED),
        }
    })
}

/// What async-graphql rejects after parsing (validation, depth, complexity, an unknown operation)
/// comes back with no code and nothing executed: the query is what needs fixing.
fn code_request_errors(response: &mut Response) {
    let nothing_ran = response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if !nothing_ran {
        return;
    }
    for e in &mut response.errors {
        let extensions = e.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", code::GRAPHQL_VALIDATION_FAILED);
        }
    }
}

fn coded(mut e: ServerError, code: &str) -> Box<ServerError> {
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    Box::new(e)
}

#[cfg(test)]
mod tests;
