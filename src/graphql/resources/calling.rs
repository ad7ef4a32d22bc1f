//! The owner types whose outgoing caller ID Webex keeps (people, workspaces, virtual lines): a
//! [`Detailed`] owner plus the `callerId` field of `caller_id.rs`, flattened beside its summary
//! and view.

use std::ops::Deref;
use std::sync::Arc;

use async_graphql::{Context, Description, ID, Object, OutputType as _};

use super::caller_id::CallerIdPart;
use super::detailed::{Detailed, View};
use super::numbers::NumbersPart;
use super::person::PersonDetails;
use super::summary::{OwnerSummary, Summary};
use super::virtual_line::VirtualLineDetails;
use super::workspace::WorkspaceDetails;
use crate::graphql::error::ApiError;
use crate::kind::Kind;

/// A view whose owner has member settings (caller ID, …): its kind in the catalogue.
pub(crate) trait Settable: View {
    const KIND: Kind;
}

impl Settable for PersonDetails {
    const KIND: Kind = Kind::Person;
}

impl Settable for WorkspaceDetails {
    const KIND: Kind = Kind::Workspace;
}

impl Settable for VirtualLineDetails {
    const KIND: Kind = Kind::VirtualLine;
}

/// An owner with a detail endpoint and caller ID settings.
#[derive(Debug, Clone)]
pub(crate) struct Calling<V> {
    owner: Detailed<V>,
    caller_id: CallerIdPart,
    numbers: NumbersPart,
}

impl<V: Settable> Calling<V> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        let owner = Detailed::new(summary);
        Self {
            caller_id: CallerIdPart::new(owner.summary_part().clone(), V::KIND),
            numbers: NumbersPart::new(owner.summary_part().clone(), V::KIND),
            owner,
        }
    }

    /// The owner's record; a `NOT_FOUND` error when Webex has none.
    pub(crate) async fn details(&self, ctx: &Context<'_>) -> Result<Arc<V::Record>, ApiError> {
        self.owner.details(ctx).await
    }
}

impl<V: View> Description for Calling<V> {
    fn description() -> &'static str {
        V::DESCRIPTION
    }
}

// The `Owner` interface calls its fields on each member; they are the summary's.
impl<V> Deref for Calling<V> {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        self.owner.summary_part()
    }
}

#[Object(
    use_type_description,
    concrete(name = "Person", params(PersonDetails)),
    concrete(name = "Workspace", params(WorkspaceDetails)),
    concrete(name = "VirtualLine", params(VirtualLineDetails))
)]
impl<V: Settable> Calling<V> {
    /// The owner's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(OwnerSummary::id(self).to_owned())
    }

    #[graphql(flatten)]
    async fn summary(&self) -> &Summary {
        self.owner.summary_part()
    }

    #[graphql(flatten)]
    async fn details_view(&self) -> &V {
        self.owner.view_part()
    }

    #[graphql(flatten)]
    async fn caller_id_part(&self) -> &CallerIdPart {
        &self.caller_id
    }

    #[graphql(flatten)]
    async fn numbers_part(&self) -> &NumbersPart {
        &self.numbers
    }
}
