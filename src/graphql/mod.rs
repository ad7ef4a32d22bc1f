//! The GraphQL schema. It never imports axum: the HTTP layer hands it a [`RequestContext`] per
//! request, and it hands back responses.

mod context;
mod engine;
pub mod error;
mod fallible;
mod federation;
mod jobs;
mod limits;
mod loaders;
mod mutation;
mod plan;
mod query;
mod resources;
pub mod rows;
mod subscription;
pub mod trusted;
mod types;
mod write;

use std::sync::Arc;

use async_graphql::{SDLExportOptions, Schema};

pub use context::RequestContext;
pub use engine::{Engine, Executed, MutationOverGet, check_trusted};
pub use jobs::{JobConfig, Jobs};
pub use limits::ShapeLimits;
pub use loaders::LoaderConfig;
pub use mutation::Mutation;
pub use query::{InputLimits, Query};
pub use subscription::Subscription;

/// The schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

/// Everything that shapes the schema and its limits.
#[derive(Debug, Clone)]
pub struct SchemaConfig {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub shape: ShapeLimits,
    pub input: InputLimits,
    pub introspection: bool,
    /// A tracing span for every resolved field (debugging aid; costly).
    pub trace_resolvers: bool,
    /// Rows resolve through async-graphql's executor, field by field, instead of
    /// the fast path of `graphql/rows/` (to compare the two, or to rule the fast path out).
    pub plain_rows: bool,
    /// Queries Apollo's automatic persisted queries remember (0: off).
    pub apq_cache: usize,
    /// The caller ID jobs (`None`: the job fields answer that jobs are not configured).
    pub jobs: Option<Arc<Jobs>>,
    /// The trusted documents (`--trusted-documents`); `None`: any document may run.
    pub trusted: Option<Arc<trusted::TrustedDocuments>>,
}

impl SchemaConfig {
    /// The defaults, one home for the command line's and `Default`'s.
    pub const DEFAULT_MAX_DEPTH: usize = 16;
    pub const DEFAULT_MAX_COMPLEXITY: usize = 1_000_000;
    pub const DEFAULT_MAX_ALIASES: usize = 30;
    pub const DEFAULT_MAX_ROOT_FIELDS: usize = 10;
    pub const DEFAULT_APQ_CACHE: usize = 1000;
}

impl Default for SchemaConfig {
    fn default() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_complexity: Self::DEFAULT_MAX_COMPLEXITY,
            shape: ShapeLimits {
                max_aliases: Self::DEFAULT_MAX_ALIASES,
                max_root_fields: Self::DEFAULT_MAX_ROOT_FIELDS,
            },
            input: InputLimits::default(),
            introspection: true,
            trace_resolvers: false,
            plain_rows: false,
            apq_cache: Self::DEFAULT_APQ_CACHE,
            jobs: None,
            trusted: None,
        }
    }
}

/// Builds the schema with its limits. The request step (persisted queries, shape limits) is the
/// [`Engine`]'s, not an extension's: see `engine/mod.rs` for why.
pub fn build_schema(config: &SchemaConfig) -> AppSchema {
    schema_builder(config).finish()
}

/// The schema of `config`, not yet finished: a checker may add an extension to it.
fn schema_builder(
    config: &SchemaConfig,
) -> async_graphql::SchemaBuilder<query::Query, mutation::Mutation, subscription::Subscription> {
    let mut builder = Schema::build(query::Query, mutation::Mutation, subscription::Subscription)
        .register_output_type::<types::owner::Owner>()
        .register_output_type::<types::node::Node>()
        .limit_depth(config.max_depth)
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(config.max_depth.max(8) * 2)
        .limit_directives(20)
        // The subscription root is part of the contract (schema.graphql, the supergraph).
        .enable_subscription_in_federation()
        .data(config.input.clone());
    if let Some(jobs) = &config.jobs {
        builder = builder.data(jobs.clone());
    }
    if !config.introspection {
        builder = builder.disable_introspection();
    }
    if config.trace_resolvers {
        // A span per resolved field: precise, but it halves throughput on detail-heavy pages.
        builder = builder.extension(async_graphql::extensions::Tracing);
    }
    if config.plain_rows || config.trace_resolvers {
        builder = builder.data(rows::PlainRows);
    }
    builder
}

/// The client-facing schema, the text of `schema.graphql`: plain GraphQL that graphql-js,
/// relay-compiler and GraphQL Code Generator load as they are (no federation directives).
pub fn sdl() -> String {
    federation::client_sdl(&federation_export())
}

/// The subgraph SDL that `_service { sdl }` serves: the client schema plus `@key` on each entity
/// and the Federation 2 `@link`.
pub fn subgraph_sdl() -> String {
    static SDL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SDL.get_or_init(|| federation::subgraph_sdl(&federation_export()))
        .clone()
}

/// async-graphql's federation export: it leaves out the hidden federation fields and types (its
/// plain export would print them: it ignores `visible`) and adds the Federation 2 `@link`.
fn federation_export() -> String {
    build_schema(&SchemaConfig::default()).sdl_with_options(SDLExportOptions::new().federation())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::kind::Kind;

    /// Every `first` argument's description states its list's bounds (the descriptor that its
    /// complexity and its check read): a page size changed in one place and not the other fails
    /// here, as does a new paged field without a descriptor below.
    #[tokio::test]
    async fn every_first_argument_describes_its_lists_bounds() {
        use crate::graphql::resources::directory::{LOCATIONS, PEOPLE, VIRTUAL_LINES, WORKSPACES};
        use crate::graphql::types::page::{Bounds, NUMBERS};
        let bounds = |field: &str| -> Option<Bounds> {
            Some(match field {
                "availableCallerIdNumbers" | "candidates" | "availableNumbers" => NUMBERS,
                "locations" => LOCATIONS,
                "people" => PEOPLE,
                "workspaces" => WORKSPACES,
                "virtualLines" => VIRTUAL_LINES,
                "items" => jobs::schema::ITEMS,
                _ => return None,
            })
        };
        let schema = build_schema(&SchemaConfig::default());
        let q = r#"{ __schema { types { name fields { name args { name description } } } } }"#;
        let data = schema.execute(q).await.data.into_json().unwrap();
        let mut checked = 0;
        for ty in data["__schema"]["types"].as_array().unwrap() {
            for field in ty["fields"].as_array().into_iter().flatten() {
                let Some(first) = field["args"]
                    .as_array()
                    .and_then(|a| a.iter().find(|a| a["name"] == "first"))
                else {
                    continue;
                };
                let name = field["name"].as_str().unwrap();
                let b = bounds(name).unwrap_or_else(|| panic!("{}.{name}: no bounds", ty["name"]));
                let said = first["description"].as_str().unwrap_or_default();
                let wanted = format!("1 to {}, default {}.", b.max_first, b.default_first);
                assert!(
                    said.ends_with(&wanted),
                    "{}.{name}: {said:?} is not {wanted:?}",
                    ty["name"]
                );
                checked += 1;
            }
        }
        assert!(checked >= 10, "{checked}");
    }

    /// The schema's types and the catalogue (`crate::kind`) name the same kinds: each kind's
    /// GraphQL type exists, owner kinds are `NumberOwner` members, node kinds implement `Node`,
    /// and `OwnerType`'s values are the catalogue's canonical owner types. A kind added to one
    /// and not the other fails here.
    #[tokio::test]
    async fn the_schema_and_the_kind_catalogue_agree() {
        let schema = build_schema(&SchemaConfig::default());
        let q = r#"{ __schema { types { name kind fields { name } possibleTypes { name } enumValues { name } } } }"#;
        let response = schema.execute(q).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap();
        let types = data["__schema"]["types"].as_array().unwrap();
        let ty = |name: &str| types.iter().find(|t| t["name"] == name);
        let names = |t: &serde_json::Value, key: &str| -> BTreeSet<String> {
            t[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v["name"].as_str().unwrap().to_owned())
                .collect()
        };
        let union = names(ty("NumberOwner").unwrap(), "possibleTypes");
        let nodes = names(ty("Node").unwrap(), "possibleTypes");
        let owner_types = names(ty("OwnerType").unwrap(), "enumValues");
        let mut expected_union = BTreeSet::from(["UnknownOwner".to_owned()]);
        // Jobs are nodes too (`node(id:)` refetches them), though no Webex kind.
        let mut expected_nodes = BTreeSet::from(["CallerIdJob".to_owned()]);
        let mut expected_owner_types = BTreeSet::from(["UNKNOWN".to_owned()]);
        for kind in Kind::ALL {
            let found = ty(kind.graphql())
                .unwrap_or_else(|| panic!("{kind:?}: no type {}", kind.graphql()));
            assert_eq!(found["kind"], "OBJECT", "{kind:?}");
            if let Some(owner_type) = kind.owner_type() {
                expected_union.insert(kind.graphql().to_owned());
                expected_owner_types.insert(owner_type.to_owned());
            }
            if kind.is_node() {
                expected_nodes.insert(kind.graphql().to_owned());
            }
            // Member settings reach GraphQL on every member type (a field flattened from a part
            // registered mid-recursion once reached only the first).
            if kind.member().is_some() {
                let fields: BTreeSet<String> = found["fields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| f["name"].as_str().unwrap().to_owned())
                    .collect();
                for field in ["callerId", "emergencyCallback", "availableNumbers"] {
                    assert!(fields.contains(field), "{kind:?} lacks {field}");
                }
            }
        }
        assert_eq!(union, expected_union);
        assert_eq!(nodes, expected_nodes);
        assert_eq!(owner_types, expected_owner_types);
    }
}
