//! Apollo Federation: `_service { sdl }`, `_entities(representations:)` and the subgraph SDL.
//!
//! These are ours rather than async-graphql's: its `_entities` joins every representation with
//! `try_join_all`, so one unknown id fails the whole list, and its errors lack the list index a
//! gateway needs. Here each representation resolves on its own through the request's loaders, an
//! unresolvable one is `null` at its index with its error at `["_entities", i]`, and the rest
//! stand. The fields and types are hidden from introspection and from `schema.graphql` (the
//! client-facing schema); the subgraph SDL adds `@key` and the Federation 2 `@link` to it.

use std::sync::Arc;

use async_graphql::{
    InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Union, Value,
};

use super::error::ApiError;
use super::resources::location::Location;
use super::types::node::Node;
use super::types::owner::{
    AutoAttendant, CallQueue, HuntGroup, OwnerSummary, PagingGroup, Person, RouteList, VirtualLine,
    VoicePortal, VoicemailGroup, Workspace,
};
use crate::kind::Kind;

/// The key of each entity type, as the subgraph SDL declares it: `id` for the kinds Webex
/// fetches by id alone; `id location { id }` for the location-scoped features, because Webex can
/// only fetch them under `/telephony/config/locations/{locationId}/…` and their ids do not hold
/// the location; none for the kinds without a detail endpoint.
fn entity_key(kind: Kind) -> Option<&'static str> {
    if kind.is_node() {
        Some("id")
    } else if kind.feature().is_some() {
        Some("id location { id }")
    } else {
        None
    }
}

/// A representation a gateway sends: `{ "__typename": "Location", "id": "…" }`.
#[derive(Debug, Clone)]
pub(crate) struct Representation(pub(crate) Value);

/// Federation's `_Any` scalar.
#[Scalar(name = "_Any", visible = false)]
impl ScalarType for Representation {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::Object(_) => Ok(Representation(value)),
            other => Err(InputValueError::custom(format!(
                "a representation is an object with __typename and key fields, got {other}"
            ))),
        }
    }

    fn to_value(&self) -> Value {
        self.0.clone()
    }
}

/// Federation's `_Service`.
#[derive(Debug, SimpleObject)]
#[graphql(name = "_Service", visible = false)]
pub(crate) struct Service {
    /// The subgraph SDL.
    pub(crate) sdl: String,
}

/// Federation's `_Entity`: every type with a `@key`.
#[derive(Union)]
#[graphql(name = "_Entity", visible = false)]
pub(crate) enum Entity {
    Location(Location),
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    RouteList(RouteList),
    HuntGroup(HuntGroup),
    CallQueue(CallQueue),
    AutoAttendant(AutoAttendant),
    PagingGroup(PagingGroup),
    VoicemailGroup(VoicemailGroup),
    VoicePortal(VoicePortal),
}

impl Entity {
    /// The entity a node is; `None` for a node no gateway can key (a job).
    fn of_node(node: Node) -> Option<Self> {
        Some(match node {
            Node::Location(x) => Entity::Location(x),
            Node::Person(x) => Entity::Person(x),
            Node::Workspace(x) => Entity::Workspace(x),
            Node::VirtualLine(x) => Entity::VirtualLine(x),
            Node::RouteList(x) => Entity::RouteList(x),
            Node::CallerIdJob(_) => return None,
        })
    }
}

/// Resolves one representation.
pub(crate) async fn entity(
    ctx: &async_graphql::Context<'_>,
    representation: &Representation,
) -> Result<Entity, ApiError> {
    let Value::Object(fields) = &representation.0 else {
        return Err(ApiError::BadUserInput(
            "a representation must be an object".into(),
        ));
    };
    let typename = match fields.get("__typename") {
        Some(Value::String(t)) => t.as_str(),
        _ => {
            return Err(ApiError::BadUserInput(
                "a representation needs a \"__typename\" string".into(),
            ));
        }
    };
    let id = match fields.get("id") {
        Some(Value::String(id)) => super::query::non_blank("id", id)?,
        _ => {
            return Err(ApiError::BadUserInput(format!(
                "a {typename} representation needs its key field \"id\" as a string"
            )));
        }
    };
    let not_an_entity =
        || ApiError::BadUserInput(format!("{typename:?} is not an entity of this subgraph"));
    let kind = Kind::of_graphql(typename).ok_or_else(not_an_entity)?;
    let feature = |kind: Kind| feature_entity(ctx, fields, typename, id.clone(), kind);
    match kind {
        // Representations carry no organization: the token's own.
        Kind::Location | Kind::Person | Kind::Workspace | Kind::VirtualLine | Kind::RouteList => {
            Node::fetch(ctx, kind, &id, None)
                .await?
                .and_then(Entity::of_node)
                .ok_or_else(not_an_entity)
        }
        Kind::HuntGroup => Ok(Entity::HuntGroup(HuntGroup::new(feature(kind).await?))),
        Kind::CallQueue => Ok(Entity::CallQueue(CallQueue::new(feature(kind).await?))),
        Kind::AutoAttendant => Ok(Entity::AutoAttendant(AutoAttendant::new(
            feature(kind).await?,
        ))),
        Kind::PagingGroup => Ok(Entity::PagingGroup(PagingGroup::new(feature(kind).await?))),
        Kind::VoicemailGroup => Ok(Entity::VoicemailGroup(VoicemailGroup::new(
            feature(kind).await?,
        ))),
        Kind::VoicePortal => Ok(Entity::VoicePortal(VoicePortal::new(feature(kind).await?))),
        Kind::SingleNumberReach
        | Kind::ContactCenterLink
        | Kind::ContactCenterAdapter
        | Kind::CollaborateBridge => Err(not_an_entity()),
    }
}

/// A location-scoped feature's summary from its representation, loaded, so an unknown one is
/// null with `NOT_FOUND` at its index.
async fn feature_entity(
    ctx: &async_graphql::Context<'_>,
    fields: &async_graphql::indexmap::IndexMap<async_graphql::Name, Value>,
    typename: &str,
    id: String,
    kind: Kind,
) -> Result<OwnerSummary, ApiError> {
    let location = match fields.get("location") {
        Some(Value::Object(l)) => match l.get("id") {
            Some(Value::String(l)) => super::query::non_blank("location.id", l)?,
            _ => String::new(),
        },
        _ => String::new(),
    };
    if location.is_empty() {
        return Err(ApiError::BadUserInput(format!(
            "a {typename} representation needs its key field \"location\": {{ \"id\": … }}"
        )));
    }
    let summary = OwnerSummary::bare(id, kind, None, Arc::from(location.as_str()));
    summary.feature(ctx).await?;
    Ok(summary)
}

/// The client schema: the federation export without its `extend schema @link(…)` block.
pub(crate) fn client_sdl(federated: &str) -> String {
    let mut out = String::with_capacity(federated.len());
    let mut in_link = false;
    for line in federated.lines() {
        if line.starts_with("extend schema @link(") {
            in_link = !line.trim_end().ends_with(')');
            continue;
        }
        if in_link {
            in_link = line.trim() != ")";
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The subgraph SDL: the federation export with `@key` on each entity.
pub(crate) fn subgraph_sdl(federated: &str) -> String {
    let mut out = String::with_capacity(federated.len() + 256);
    for line in federated.lines() {
        let key = Kind::ALL.into_iter().find_map(|kind| {
            let key = entity_key(kind)?;
            let rest = line.strip_prefix("type ")?.strip_prefix(kind.graphql())?;
            // `type Location {` or `type Location implements … {`, not `type LocationX`.
            (rest.starts_with(" {") || rest.starts_with(" implements ")).then_some(key)
        });
        match (key, line.strip_suffix(" {")) {
            (Some(key), Some(head)) => {
                out.push_str(head);
                out.push_str(&format!(" @key(fields: \"{key}\") {{"));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_get_their_key_and_nothing_else_does() {
        let sdl = "type Location implements Node {\n\tid: ID!\n}\ntype LocationX {\n\tid: ID!\n}\ntype Person implements Owner & Node {\n}\nextend schema @link(\n\turl: \"x\",\n\timport: [\"@key\"]\n)\n";
        let out = subgraph_sdl(sdl);
        assert!(out.contains("extend schema @link("));
        let client = client_sdl(sdl);
        assert!(
            !client.contains("@link") && !client.contains("import"),
            "{client}"
        );
        assert!(client.contains("type LocationX {"));
        assert!(out.contains("type Location implements Node @key(fields: \"id\") {"));
        assert!(out.contains("type LocationX {"));
        assert!(out.contains("type Person implements Owner & Node @key(fields: \"id\") {"));
    }
}
