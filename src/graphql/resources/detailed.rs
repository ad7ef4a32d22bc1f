//! The owner types with a detail endpoint of their own (people, workspaces, virtual lines, route
//! lists): the summary, and the resource's view flattened beside it. One generic type, named and
//! described per view; each resource module writes only its view and how to fetch it.

use std::ops::Deref;
use std::sync::Arc;

// `OutputType` for the generic expansion, which names its flattened parts' type info.
use async_graphql::{Description, ID, Object, ObjectType, OutputType as _};

use super::person::PersonDetails;
use super::route_list::RouteListDetails;
use super::summary::{OwnerSummary, Summary};
use super::virtual_line::VirtualLineDetails;
use super::workspace::WorkspaceDetails;

/// A resource's detail view: what its owner type is called in the schema's descriptions, and how
/// it is made from the summary it reads its key from.
pub(crate) trait View: ObjectType + Send + Sync + 'static {
    /// The owner type's description.
    const DESCRIPTION: &'static str;

    fn of(summary: Summary) -> Self;
}

/// An owner with a detail endpoint: [`Summary`] and the resource's [`View`].
#[derive(Debug, Clone)]
pub(crate) struct Detailed<V> {
    summary: Summary,
    pub(super) view: V,
}

impl<V: View> Detailed<V> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        let summary = Summary(Arc::new(summary));
        Self {
            view: V::of(summary.clone()),
            summary,
        }
    }
}

impl<V: View> Description for Detailed<V> {
    fn description() -> &'static str {
        V::DESCRIPTION
    }
}

// The `Owner` interface calls its fields on each member; they are the summary's.
impl<V> Deref for Detailed<V> {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        &self.summary
    }
}

#[Object(
    use_type_description,
    concrete(name = "Person", params(PersonDetails)),
    concrete(name = "Workspace", params(WorkspaceDetails)),
    concrete(name = "VirtualLine", params(VirtualLineDetails)),
    concrete(name = "RouteList", params(RouteListDetails))
)]
impl<V: View> Detailed<V> {
    /// The owner's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(OwnerSummary::id(self).to_owned())
    }

    #[graphql(flatten)]
    async fn summary(&self) -> &Summary {
        &self.summary
    }

    #[graphql(flatten)]
    async fn details_view(&self) -> &V {
        &self.view
    }
}
