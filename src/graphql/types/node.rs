//! `Node`: the objects Webex can fetch by id alone, for Relay's `node(id:)` refetching and for
//! federation entities. Webex ids are already global (base64 of `ciscospark://us/{KIND}/{uuid}`),
//! so the id is used as is and its kind (`crate::kind`) says which type it names. The kinds
//! `Node` covers are those the catalogue marks `node`; a test holds the two together.

use std::sync::Arc;

use async_graphql::{Context, ID, Interface};

use super::owner::{OwnerSummary, Person, RouteList, VirtualLine, Workspace};
use crate::graphql::error::ApiError;
use crate::graphql::jobs::schema::CallerIdJob;
use crate::graphql::resources::location::Location;
use crate::kind::{Kind, Member};

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
    CallerIdJob(CallerIdJob),
}

impl Node {
    /// The node of a person, workspace or virtual line known by its summary, without a call;
    /// `None` for any other kind.
    pub(crate) fn of_member(s: OwnerSummary) -> Option<Node> {
        Some(match s.kind?.as_member()? {
            Member::Person => Node::Person(Person::new(s)),
            Member::Workspace => Node::Workspace(Workspace::new(s)),
            Member::VirtualLine => Node::VirtualLine(VirtualLine::new(s)),
        })
    }

    /// The object `id` names, loaded, so an unknown id is a `NOT_FOUND` error rather than an
    /// object whose every field fails; `None` for a kind `Node` does not cover. `id` has passed
    /// the id checks.
    pub(crate) async fn fetch(
        ctx: &Context<'_>,
        kind: Kind,
        id: &str,
        org: Option<Arc<str>>,
    ) -> Result<Option<Node>, ApiError> {
        let owner = || OwnerSummary::bare(id.to_owned(), kind, org.clone(), Arc::from(""));
        Ok(Some(match kind {
            Kind::Location => Node::Location(Location::load(ctx, id, org.clone()).await?),
            Kind::Person => {
                let person = Person::new(owner());
                person.details(ctx).await?;
                Node::Person(person)
            }
            Kind::Workspace => {
                let workspace = Workspace::new(owner());
                workspace.details(ctx).await?;
                Node::Workspace(workspace)
            }
            Kind::VirtualLine => {
                let line = VirtualLine::new(owner());
                line.details(ctx).await?;
                Node::VirtualLine(line)
            }
            Kind::RouteList => {
                let list = RouteList::new(owner());
                list.details(ctx).await?;
                Node::RouteList(list)
            }
            // Not fetchable by id alone: features need their location, the rest have no
            // detail endpoint.
            Kind::HuntGroup
            | Kind::CallQueue
            | Kind::AutoAttendant
            | Kind::PagingGroup
            | Kind::VoicemailGroup
            | Kind::VoicePortal
            | Kind::SingleNumberReach
            | Kind::ContactCenterLink
            | Kind::ContactCenterAdapter
            | Kind::CollaborateBridge => return Ok(None),
        }))
    }
}
