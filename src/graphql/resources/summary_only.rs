//! Owners Webex has no public detail endpoint for: the summary fields are all there is. One
//! generic type, named and described per kind.

use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

// `OutputType` for the generic expansion, which names its flattened part's type info.
use async_graphql::{Description, ID, Object, OutputType as _};

use super::summary::{OwnerSummary, Summary};

/// A kind of owner with no detail endpoint: its GraphQL description.
pub(crate) trait SummaryKind: Send + Sync + 'static {
    const DESCRIPTION: &'static str;
}

/// The owner type of a [`SummaryKind`].
#[derive(Debug, Clone)]
pub(crate) struct SummaryOnly<K> {
    summary: Summary,
    kind: PhantomData<K>,
}

impl<K> SummaryOnly<K> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        Self {
            summary: Summary(Arc::new(summary)),
            kind: PhantomData,
        }
    }
}

impl<K: SummaryKind> Description for SummaryOnly<K> {
    fn description() -> &'static str {
        K::DESCRIPTION
    }
}

// The `Owner` interface calls its fields on each member; they are the summary's.
impl<K> Deref for SummaryOnly<K> {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        &self.summary
    }
}

#[Object(
    use_type_description,
    concrete(name = "SingleNumberReach", params(SingleNumberReachKind)),
    concrete(name = "ContactCenterLink", params(ContactCenterLinkKind)),
    concrete(name = "ContactCenterAdapter", params(ContactCenterAdapterKind)),
    concrete(name = "CollaborateBridge", params(CollaborateBridgeKind)),
    concrete(name = "UnknownOwner", params(UnknownOwnerKind))
)]
impl<K: SummaryKind> SummaryOnly<K> {
    /// The owner's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(OwnerSummary::id(self).to_owned())
    }

    #[graphql(flatten)]
    async fn summary(&self) -> &Summary {
        &self.summary
    }
}

macro_rules! summary_kinds {
    ($($kind:ident => $name:ident, $description:literal;)*) => {$(
        #[derive(Debug, Clone)]
        pub(crate) struct $kind;

        impl SummaryKind for $kind {
            const DESCRIPTION: &'static str = $description;
        }

        #[doc = $description]
        pub(crate) type $name = SummaryOnly<$kind>;
    )*};
}

// The kinds' markers and names. No resolver is written here: the fields are `SummaryOnly`'s.
summary_kinds! {
    SingleNumberReachKind => SingleNumberReach,
        "Single Number Reach (`OFFICE_ANYWHERE`, also spelt `BROADWORKS_ANYWHERE`). Webex has no\npublic detail endpoint for it, so only the summary fields exist.";
    ContactCenterLinkKind => ContactCenterLink,
        "A Contact Center link (`CONTACT_CENTER_LINK`). No public detail endpoint: summary only.";
    ContactCenterAdapterKind => ContactCenterAdapter,
        "A Contact Center adapter (`CONTACT_CENTER_ADAPTER`). No public detail endpoint: summary only.";
    CollaborateBridgeKind => CollaborateBridge,
        "A collaborate bridge (`COLLABORATE_BRIDGE`). No public detail endpoint: summary only.";
    UnknownOwnerKind => UnknownOwner,
        "An owner of a type this service does not know yet (for example `AI_RECEPTIONIST`, added by\nWebex in 2026). `ownerType` is `UNKNOWN`; `rawType` holds what Webex sent.";
}
