//! Number owners: the `NumberOwner` union and the `Owner` interface over the owner types of
//! `graphql/resources/` (one module per upstream resource).
//!
//! Every member carries the summary fields the number list gives (`id`, `ownerType`, `rawType`,
//! `firstName`, `lastName`, `displayName`) and, where Webex has a detail endpoint, its resource's
//! detail view, loaded through the request's loaders only when selected. Webex's spelling drift is
//! absorbed here: `GROUP_PAGING`/`PAGING_GROUP` are `PagingGroup`, `OFFICE_ANYWHERE`/
//! `BROADWORKS_ANYWHERE` are `SingleNumberReach`, and any type this service does not know yet
//! (Webex added `AI_RECEPTIONIST` in 2026) becomes `UnknownOwner` instead of failing the query.
//!
//! Detail fields weigh 5 in the query complexity (summary fields 1): each may cost an upstream call.

use std::sync::Arc;

use async_graphql::{Enum, ID, Interface, Union};

use crate::graphql::fallible::Fallible;
pub(crate) use crate::graphql::resources::feature::{
    AutoAttendant, CallQueue, HuntGroup, PagingGroup, VoicePortal, VoicemailGroup,
};
pub(crate) use crate::graphql::resources::person::Person;
pub(crate) use crate::graphql::resources::route_list::RouteList;
pub(crate) use crate::graphql::resources::summary::OwnerSummary;
pub(crate) use crate::graphql::resources::summary_only::{
    CollaborateBridge, ContactCenterAdapter, ContactCenterLink, SingleNumberReach, UnknownOwner,
};
pub(crate) use crate::graphql::resources::virtual_line::VirtualLine;
pub(crate) use crate::graphql::resources::workspace::Workspace;
use crate::kind::Kind;
use crate::webex::model;

/// The type of a number's owner. Webex spells some types differently in different APIs; the
/// aliases are folded into one value here.
// Each value is its kind's canonical `owner.type` in the catalogue (`crate::kind`); a test in
// `graphql/mod.rs` holds the two together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum OwnerType {
    /// A workspace.
    Place,
    /// A person.
    People,
    /// A virtual line.
    VirtualLine,
    /// An auto attendant.
    AutoAttendant,
    /// A call queue.
    CallQueue,
    /// A paging group (Webex also spells it `PAGING_GROUP`).
    GroupPaging,
    /// A hunt group.
    HuntGroup,
    /// A voice portal.
    VoiceMessaging,
    /// Single Number Reach (Webex also spells it `BROADWORKS_ANYWHERE`).
    OfficeAnywhere,
    /// A Contact Center link.
    ContactCenterLink,
    /// A Contact Center adapter.
    ContactCenterAdapter,
    /// A route list.
    RouteList,
    /// A voicemail group.
    VoicemailGroup,
    /// A collaborate bridge.
    CollaborateBridge,
    /// A type this service does not know yet; `rawType` holds what Webex sent.
    Unknown,
}

impl From<Option<Kind>> for OwnerType {
    fn from(kind: Option<Kind>) -> Self {
        match kind {
            Some(Kind::Workspace) => OwnerType::Place,
            Some(Kind::Person) => OwnerType::People,
            Some(Kind::VirtualLine) => OwnerType::VirtualLine,
            Some(Kind::AutoAttendant) => OwnerType::AutoAttendant,
            Some(Kind::CallQueue) => OwnerType::CallQueue,
            Some(Kind::PagingGroup) => OwnerType::GroupPaging,
            Some(Kind::HuntGroup) => OwnerType::HuntGroup,
            Some(Kind::VoicePortal) => OwnerType::VoiceMessaging,
            Some(Kind::SingleNumberReach) => OwnerType::OfficeAnywhere,
            Some(Kind::ContactCenterLink) => OwnerType::ContactCenterLink,
            Some(Kind::ContactCenterAdapter) => OwnerType::ContactCenterAdapter,
            Some(Kind::RouteList) => OwnerType::RouteList,
            Some(Kind::VoicemailGroup) => OwnerType::VoicemailGroup,
            Some(Kind::CollaborateBridge) => OwnerType::CollaborateBridge,
            // A location owns no number (`Kind::of_owner_type` never answers it).
            Some(Kind::Location) | None => OwnerType::Unknown,
        }
    }
}

/// Fields every owner has.
// Each `field(...)` of the derive names its type; two fields of the same type are not duplicates.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The owner's Webex ID."),
    field(
        name = "owner_type",
        ty = "OwnerType",
        desc = "The owner's type, with Webex's spelling variants folded together."
    ),
    field(
        name = "raw_type",
        ty = "&str",
        desc = "The owner type exactly as Webex sent it."
    ),
    field(
        name = "first_name",
        ty = "Option<&str>",
        desc = "First name as the number list gives it (people, workspaces and virtual lines)."
    ),
    field(
        name = "last_name",
        ty = "Option<&str>",
        desc = "Last name as the number list gives it (people, workspaces and virtual lines)."
    ),
    field(
        name = "display_name",
        ty = "Fallible<String>",
        desc = "Display name. The number list gives it for most types; for people it is loaded from the people API when selected."
    )
)]
pub(crate) enum Owner {
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    AutoAttendant(AutoAttendant),
    CallQueue(CallQueue),
    PagingGroup(PagingGroup),
    HuntGroup(HuntGroup),
    VoicePortal(VoicePortal),
    SingleNumberReach(SingleNumberReach),
    ContactCenterLink(ContactCenterLink),
    ContactCenterAdapter(ContactCenterAdapter),
    RouteList(RouteList),
    VoicemailGroup(VoicemailGroup),
    CollaborateBridge(CollaborateBridge),
    UnknownOwner(UnknownOwner),
}

/// Who a number is assigned to: one member per owner type.
#[derive(Union)]
pub(crate) enum NumberOwner {
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    AutoAttendant(AutoAttendant),
    CallQueue(CallQueue),
    PagingGroup(PagingGroup),
    HuntGroup(HuntGroup),
    VoicePortal(VoicePortal),
    SingleNumberReach(SingleNumberReach),
    ContactCenterLink(ContactCenterLink),
    ContactCenterAdapter(ContactCenterAdapter),
    RouteList(RouteList),
    VoicemailGroup(VoicemailGroup),
    CollaborateBridge(CollaborateBridge),
    UnknownOwner(UnknownOwner),
}

impl NumberOwner {
    /// Picks the union member for a number row's owner; `None` when the number is unassigned.
    /// Never fails otherwise: unknown or missing types become `UnknownOwner`.
    pub(crate) fn of_row(
        row: &Arc<model::NumberItem>,
        org: Option<Arc<str>>,
        location_id: Arc<str>,
    ) -> Option<Self> {
        OwnerSummary::of_row(row, org, location_id).map(Self::of)
    }

    /// The union member for an owner: the one place a kind becomes its owner type, exhaustive,
    /// so a new kind in the catalogue fails to compile here until it has one.
    pub(crate) fn of(s: OwnerSummary) -> Self {
        match s.kind {
            Some(Kind::Person) => NumberOwner::Person(Person::new(s)),
            Some(Kind::Workspace) => NumberOwner::Workspace(Workspace::new(s)),
            Some(Kind::VirtualLine) => NumberOwner::VirtualLine(VirtualLine::new(s)),
            Some(Kind::AutoAttendant) => NumberOwner::AutoAttendant(AutoAttendant::new(s)),
            Some(Kind::CallQueue) => NumberOwner::CallQueue(CallQueue::new(s)),
            Some(Kind::PagingGroup) => NumberOwner::PagingGroup(PagingGroup::new(s)),
            Some(Kind::HuntGroup) => NumberOwner::HuntGroup(HuntGroup::new(s)),
            Some(Kind::VoicePortal) => NumberOwner::VoicePortal(VoicePortal::new(s)),
            Some(Kind::SingleNumberReach) => {
                NumberOwner::SingleNumberReach(SingleNumberReach::new(s))
            }
            Some(Kind::ContactCenterLink) => {
                NumberOwner::ContactCenterLink(ContactCenterLink::new(s))
            }
            Some(Kind::ContactCenterAdapter) => {
                NumberOwner::ContactCenterAdapter(ContactCenterAdapter::new(s))
            }
            Some(Kind::RouteList) => NumberOwner::RouteList(RouteList::new(s)),
            Some(Kind::VoicemailGroup) => NumberOwner::VoicemailGroup(VoicemailGroup::new(s)),
            Some(Kind::CollaborateBridge) => {
                NumberOwner::CollaborateBridge(CollaborateBridge::new(s))
            }
            // A location owns no number; an owner type this service does not know yet.
            Some(Kind::Location) | None => NumberOwner::UnknownOwner(UnknownOwner::new(s)),
        }
    }
}
