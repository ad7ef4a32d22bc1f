//! The owner types whose outgoing caller ID Webex keeps (people, workspaces, virtual lines): a
//! [`Detailed`] owner plus the `callerId` field of `caller_id.rs`, flattened beside its summary
//! and view.

use std::ops::Deref;
use std::sync::Arc;

use async_graphql::{Context, Description, ID, Object, OutputType as _};

use super::caller_id::CallerIdPart;
use super::detailed::{Detailed, View};
use super::emergency::{self, EmergencyCallbackSettings};
use super::numbers::{self, MemberNumberUse, NumberListFilter};
use super::person::PersonDetails;
use super::summary::{OwnerSummary, Summary};
use super::virtual_line::VirtualLineDetails;
use super::workspace::WorkspaceDetails;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::types::number::AssignableNumber;
use crate::graphql::types::page::{NUMBERS, NumberPage};
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
}

impl<V: Settable> Calling<V> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        let owner = Detailed::new(summary);
        Self {
            caller_id: CallerIdPart::new(owner.summary_part().clone(), V::KIND),
            owner,
        }
    }

    /// The owner's record; a `NOT_FOUND` error when Webex has none.
    pub(crate) async fn details(&self, ctx: &Context<'_>) -> Result<Arc<V::Record>, ApiError> {
        self.owner.details(ctx).await
    }
}

impl<V> Calling<V> {
    /// The resource's view.
    pub(crate) fn view(&self) -> &V {
        self.owner.view_part()
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

    /// The entity's emergency callback settings: which number emergency services call back,
    /// from `GET /telephony/config/{people|workspaces|virtualLines}/{id}/emergencyCallbackNumber`.
    /// Under a page, every selected `emergencyCallback` is read in one concurrent round.
    // On the type itself, not a flattened part: see `available_numbers`.
    #[graphql(complexity = "5 + child_complexity")]
    async fn emergency_callback(&self, ctx: &Context<'_>) -> Fallible<EmergencyCallbackSettings> {
        Fallible::some(emergency::settings_of(ctx, self.caller_id.target()).await)
    }

    /// The numbers this entity may be given for one purpose: its own available-numbers list
    /// for that purpose (its location's, for `EXTERNAL_CALLER_ID`). Owners and their details
    /// come as from any number list: the page, then one planned round.
    // On the type itself, not a flattened part: a part's type registered while its owner types
    // are still being registered would flatten empty into them.
    #[graphql(complexity = "NUMBERS.rows(first) * child_complexity + 1")]
    async fn available_numbers(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "for", desc = "What the number is for.")] purpose: MemberNumberUse,
        #[graphql(desc = "Narrows the list; each list takes only the filters its endpoint has.")]
        filter: Option<NumberListFilter>,
        #[graphql(desc = "How many numbers to return: 1 to 2000, default 100.")] first: Option<i32>,
        #[graphql(desc = "Return the numbers after this cursor.")] after: Option<String>,
    ) -> Result<NumberPage<AssignableNumber>, ApiError> {
        let target = self.caller_id.target();
        numbers::of_member(ctx, target, purpose, filter, first, after).await
    }
}
