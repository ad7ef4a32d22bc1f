//! The owner types with a detail endpoint of their own (route lists here; people, workspaces and
//! virtual lines add their caller ID in `calling.rs`): the summary, and the resource's view flattened beside it. One generic type, named and
//! described per view; each resource module writes only its view and how to fetch it.

use std::ops::Deref;
use std::sync::Arc;

// `OutputType` for the generic expansion, which names its flattened parts' type info.
use async_graphql::{
    Context, ContextSelectionSet, Description, ID, Object, ObjectType, OutputType as _,
};

use super::route_list::RouteListDetails;
use super::summary::{OwnerSummary, Summary};
use crate::graphql::error::ApiError;

/// A resource's detail view: its owner type's description, the record its endpoint answers, and
/// how it is made from the summary it reads its key from.
pub(crate) trait View: ObjectType + Send + Sync + 'static {
    /// The owner type's description.
    const DESCRIPTION: &'static str;

    /// What the resource's endpoint answers for one owner.
    type Record: Send + Sync + 'static;

    fn of(summary: Summary) -> Self;

    /// The owner's record (fetched once per owner, however many of its fields are selected); a
    /// `NOT_FOUND` error when Webex has none.
    fn record(
        &self,
        ctx: &Context<'_>,
    ) -> impl Future<Output = Result<Arc<Self::Record>, ApiError>> + Send;

    /// The record, if the request has already fetched it: at once, with no future (a row's
    /// detail fields read it; `None` leaves them to their resolvers).
    fn record_now(&self, _ctx: &ContextSelectionSet<'_>) -> Option<Arc<Self::Record>> {
        None
    }
}

/// An owner with a detail endpoint: [`Summary`] and the resource's [`View`].
#[derive(Debug, Clone)]
pub(crate) struct Detailed<V> {
    summary: Summary,
    view: V,
}

impl<V: View> Detailed<V> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        let summary = Summary(Arc::new(summary));
        Self {
            view: V::of(summary.clone()),
            summary,
        }
    }

    /// The owner's record; a `NOT_FOUND` error when Webex has none.
    pub(crate) async fn details(&self, ctx: &Context<'_>) -> Result<Arc<V::Record>, ApiError> {
        self.view.record(ctx).await
    }
}

impl<V> Detailed<V> {
    /// The shared summary, for an owner type that adds parts of its own (`Calling`).
    pub(crate) fn summary_part(&self) -> &Summary {
        &self.summary
    }

    /// The resource's view.
    pub(crate) fn view_part(&self) -> &V {
        &self.view
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
