//! `Node`: the objects Webex can fetch by id alone, for Relay's `node(id:)` refetching and for
//! federation entities. Webex ids are already global (base64 of `ciscospark://us/{KIND}/{uuid}`),
//! so the id is used as is and its kind says which type it names.

use std::sync::Arc;

use async_graphql::{Context, ID, Interface};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

use super::owner::{OwnerSummary, Person, RouteList, VirtualLine, Workspace};
use crate::graphql::error::ApiError;
use crate::graphql::resources::location::Location;

/// An object with a global Webex ID that `node(id:)` can fetch again.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The object's Webex ID, unique across types."
))]
pub(crate) enum Node {
    Location(Location),
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    RouteList(RouteList),
}

/// The types `Node` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Location,
    Person,
    Workspace,
    VirtualLine,
    RouteList,
}

impl NodeKind {
    /// The kind a Webex id names, from the `{KIND}` segment of its decoded form.
    pub(crate) fn of_id(id: &str) -> Option<Self> {
        let raw = URL_SAFE_NO_PAD
            .decode(id.trim_end_matches('='))
            .or_else(|_| STANDARD_NO_PAD.decode(id.trim_end_matches('=')))
            .ok()?;
        let text = std::str::from_utf8(&raw).ok()?;
        let rest = text.strip_prefix("ciscospark://")?;
        let mut segments = rest.rsplit('/');
        let _uuid = segments.next()?;
        Some(match segments.next()? {
            "LOCATION" => NodeKind::Location,
            "PEOPLE" => NodeKind::Person,
            "PLACE" | "PLACES" | "WORKSPACE" => NodeKind::Workspace,
            "VIRTUAL_LINE" => NodeKind::VirtualLine,
            "ROUTE_LIST" => NodeKind::RouteList,
            _ => return None,
        })
    }

    /// The kind a GraphQL type name (federation's `__typename`) names.
    pub(crate) fn of_typename(name: &str) -> Option<Self> {
        Some(match name {
            "Location" => NodeKind::Location,
            "Person" => NodeKind::Person,
            "Workspace" => NodeKind::Workspace,
            "VirtualLine" => NodeKind::VirtualLine,
            "RouteList" => NodeKind::RouteList,
            _ => return None,
        })
    }

    /// Loads the object, so an unknown id is a `NOT_FOUND` error rather than an object whose
    /// every field fails. `id` has passed the id checks.
    pub(crate) async fn fetch(
        self,
        ctx: &Context<'_>,
        id: &str,
        org: Option<Arc<str>>,
    ) -> Result<Node, ApiError> {
        let owner = |raw_type: &'static str| {
            OwnerSummary::bare(id.to_owned(), raw_type, org.clone(), Arc::from(""))
        };
        Ok(match self {
            NodeKind::Location => Node::Location(Location::load(ctx, id, org.clone()).await?),
            NodeKind::Person => {
                let person = Person::new(owner("PEOPLE"));
                person.details(ctx).await?;
                Node::Person(person)
            }
            NodeKind::Workspace => {
                let workspace = Workspace::new(owner("PLACE"));
                workspace.details(ctx).await?;
                Node::Workspace(workspace)
            }
            NodeKind::VirtualLine => {
                let line = VirtualLine::new(owner("VIRTUAL_LINE"));
                line.details(ctx).await?;
                Node::VirtualLine(line)
            }
            NodeKind::RouteList => {
                let list = RouteList::new(owner("ROUTE_LIST"));
                list.details(ctx).await?;
                Node::RouteList(list)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_names_its_kind() {
        let id =
            URL_SAFE_NO_PAD.encode("ciscospark://us/PEOPLE/f5b36187-c8dd-4727-8b2f-f9c447f29046");
        assert_eq!(NodeKind::of_id(&id), Some(NodeKind::Person));
        // The workspace example of the published spec.
        let id =
            STANDARD_NO_PAD.encode("ciscospark://us/PLACES/5101B07B-4F8F-4EF7-B565-DB19C7B723F7");
        assert_eq!(NodeKind::of_id(&id), Some(NodeKind::Workspace));
        let hunt = URL_SAFE_NO_PAD.encode("ciscospark://us/HUNT_GROUP/x");
        assert_eq!(NodeKind::of_id(&hunt), None);
        assert_eq!(NodeKind::of_id("bogus"), None);
        assert_eq!(NodeKind::of_id(""), None);
    }
}
