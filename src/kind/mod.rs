//! The one catalogue of the entity kinds this service knows: every spelling of a kind lives in
//! its row here (the `owner.type` strings Webex sends, their aliases, the `{KIND}` segment of its
//! ids, its GraphQL type, the paths of its settings and features, the noun messages use), and
//! everything else reads the row or matches on [`Kind`] exhaustively. A new kind is a variant and
//! a row; the compiler then names every `match` that must place it, because no code matches on
//! kinds with a catch-all arm.
//!
//! Webex spells some kinds differently in different APIs (`GROUP_PAGING` in number lists,
//! `PAGING_GROUP` in the numbers API's filter; `OFFICE_ANYWHERE` / `BROADWORKS_ANYWHERE`): the
//! aliases fold here. An owner type this catalogue does not hold (Webex added `AI_RECEPTIONIST` in
//! 2026) is no kind at all: `Kind::of_owner_type` answers `None`, and the GraphQL layer shows it
//! as `UnknownOwner` with the raw string.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

mod table;

use table::{
    AUTO_ATTENDANT, CALL_QUEUE, COLLABORATE_BRIDGE, CONTACT_CENTER_ADAPTER, CONTACT_CENTER_LINK,
    HUNT_GROUP, LOCATION, PAGING_GROUP, PERSON, ROUTE_LIST, SINGLE_NUMBER_REACH, VIRTUAL_LINE,
    VOICE_PORTAL, VOICEMAIL_GROUP, WORKSPACE,
};

use crate::webex::endpoint::Endpoint;
use crate::webex::sources::Scope;

/// A kind of Webex entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Location,
    Person,
    Workspace,
    VirtualLine,
    HuntGroup,
    CallQueue,
    AutoAttendant,
    PagingGroup,
    VoicemailGroup,
    VoicePortal,
    SingleNumberReach,
    ContactCenterLink,
    ContactCenterAdapter,
    RouteList,
    CollaborateBridge,
}

/// The kinds with member settings (caller ID, emergency callback, their own number lists): the
/// catalogue's kinds that have a [`MemberSpec`], as a type of their own so code that branches on
/// them names three cases, not fifteen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Member {
    Person,
    Workspace,
    VirtualLine,
}

impl Member {
    /// Its kind in the catalogue.
    pub fn kind(self) -> Kind {
        match self {
            Member::Person => Kind::Person,
            Member::Workspace => Kind::Workspace,
            Member::VirtualLine => Kind::VirtualLine,
        }
    }
}

/// A location-scoped calling feature: its detail lives under
/// `/telephony/config/locations/{locationId}/…`.
#[derive(Debug)]
pub struct FeatureSpec {
    /// The detail endpoint. Its path ends with `{id}`, except the voice portal's (one per
    /// location).
    pub detail: &'static Endpoint,
    /// The org-wide list (`?locationId=` narrows it) and the key its items come under; `None`
    /// when Webex has no list (the voice portal).
    pub list: Option<(&'static Endpoint, &'static str)>,
    /// Fields its detail endpoint answers and its list items lack: asking for one makes the list
    /// useless to the planner (unless the list turns out to carry it: `list_may_carry`).
    pub detail_only: &'static [&'static str],
    /// Detail-only fields that some list items carry after all (the SDK's hunt group list model
    /// has `extension`, the published example does not).
    pub list_may_carry: &'static [&'static str],
    /// Calls one listing of this kind at one location costs (call queues: a plain list and a
    /// `hasCxEssentials=true` one).
    pub list_calls: usize,
}

/// A kind whose members have per-entity telephony settings: caller ID, emergency callback and
/// their own available-number lists.
#[derive(Debug)]
pub struct MemberSpec {
    /// The scope of the available-numbers lists whose paths name one (`webex/sources.rs`).
    pub numbers: Scope,
    /// The caller ID settings: the GET and the PUT.
    pub caller_id: &'static Endpoint,
    pub set_caller_id: &'static Endpoint,
    /// The emergency callback settings: the GET, the PUT, and who depends on its number.
    pub ecbn: &'static Endpoint,
    pub set_ecbn: &'static Endpoint,
    pub ecbn_dependencies: &'static Endpoint,
    /// The prefix of its `/telephony/config/…/{id}` paths (ECBN, member number lists).
    pub telephony: &'static str,
}

/// Everything the service knows of one kind.
#[derive(Debug)]
pub struct Spec {
    pub kind: Kind,
    /// `owner.type` spellings, the canonical one first; empty when the kind never owns a number.
    pub owner_types: &'static [&'static str],
    /// The `{KIND}` segments of its decoded Webex ids (`ciscospark://us/{KIND}/{uuid}`).
    pub id_kinds: &'static [&'static str],
    /// Its GraphQL object type.
    pub graphql: &'static str,
    /// What messages call one.
    pub noun: &'static str,
    /// Fetchable by its id alone: a Relay `Node` and a federation entity keyed by `id`.
    pub node: bool,
    pub feature: Option<FeatureSpec>,
    pub member: Option<MemberSpec>,
}

impl Kind {
    /// Every kind, in the catalogue's order.
    pub const ALL: [Kind; 15] = [
        Kind::Location,
        Kind::Person,
        Kind::Workspace,
        Kind::VirtualLine,
        Kind::HuntGroup,
        Kind::CallQueue,
        Kind::AutoAttendant,
        Kind::PagingGroup,
        Kind::VoicemailGroup,
        Kind::VoicePortal,
        Kind::SingleNumberReach,
        Kind::ContactCenterLink,
        Kind::ContactCenterAdapter,
        Kind::RouteList,
        Kind::CollaborateBridge,
    ];

    /// The kind's row.
    pub fn spec(self) -> &'static Spec {
        match self {
            Kind::Location => &LOCATION,
            Kind::Person => &PERSON,
            Kind::Workspace => &WORKSPACE,
            Kind::VirtualLine => &VIRTUAL_LINE,
            Kind::HuntGroup => &HUNT_GROUP,
            Kind::CallQueue => &CALL_QUEUE,
            Kind::AutoAttendant => &AUTO_ATTENDANT,
            Kind::PagingGroup => &PAGING_GROUP,
            Kind::VoicemailGroup => &VOICEMAIL_GROUP,
            Kind::VoicePortal => &VOICE_PORTAL,
            Kind::SingleNumberReach => &SINGLE_NUMBER_REACH,
            Kind::ContactCenterLink => &CONTACT_CENTER_LINK,
            Kind::ContactCenterAdapter => &CONTACT_CENTER_ADAPTER,
            Kind::RouteList => &ROUTE_LIST,
            Kind::CollaborateBridge => &COLLABORATE_BRIDGE,
        }
    }

    /// The kind a raw `owner.type` names, aliases folded; `None` for a type this service does
    /// not know (it is then an `UnknownOwner`).
    pub fn of_owner_type(raw: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.spec().owner_types.contains(&raw))
    }

    /// The kind a GraphQL type name (federation's `__typename`) names.
    pub fn of_graphql(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.spec().graphql == name)
    }

    /// The kind a Webex id names, from the `{KIND}` segment of its decoded form.
    pub fn of_id(id: &str) -> Option<Kind> {
        let segment = id_segment(id)?;
        Kind::ALL
            .into_iter()
            .find(|k| k.spec().id_kinds.contains(&segment.as_str()))
    }

    /// Webex's canonical `owner.type` for this kind; `None` for a kind that owns no number.
    pub fn owner_type(self) -> Option<&'static str> {
        self.spec().owner_types.first().copied()
    }

    /// The GraphQL type name.
    pub fn graphql(self) -> &'static str {
        self.spec().graphql
    }

    /// The noun messages use ("person", "virtual line").
    pub fn noun(self) -> &'static str {
        self.spec().noun
    }

    /// Whether `node(id:)` and federation fetch it by id alone.
    pub fn is_node(self) -> bool {
        self.spec().node
    }

    /// Its location-scoped feature paths, if it is a calling feature.
    pub fn feature(self) -> Option<&'static FeatureSpec> {
        self.spec().feature.as_ref()
    }

    /// Its per-member settings paths, if it is a person, workspace or virtual line.
    pub fn member(self) -> Option<&'static MemberSpec> {
        self.spec().member.as_ref()
    }

    /// The member it is, if it is one.
    pub fn as_member(self) -> Option<Member> {
        match self {
            Kind::Person => Some(Member::Person),
            Kind::Workspace => Some(Member::Workspace),
            Kind::VirtualLine => Some(Member::VirtualLine),
            Kind::Location
            | Kind::HuntGroup
            | Kind::CallQueue
            | Kind::AutoAttendant
            | Kind::PagingGroup
            | Kind::VoicemailGroup
            | Kind::VoicePortal
            | Kind::SingleNumberReach
            | Kind::ContactCenterLink
            | Kind::ContactCenterAdapter
            | Kind::RouteList
            | Kind::CollaborateBridge => None,
        }
    }
}

/// The `{KIND}` segment of a Webex id (`ciscospark://{cluster}/{KIND}/{uuid}`), also when the
/// cluster holds slashes (`urn:TEAM:us-east-1_int13`).
pub fn id_segment(id: &str) -> Option<String> {
    let (kind, _) = id_parts(id)?;
    Some(kind)
}

/// The `{KIND}` and `{uuid}` of a Webex id. The same entity can come with different cluster
/// prefixes (`us` and `urn:TEAM:us-east-1_int13`), so ids compare by these two, not as strings.
pub fn id_parts(id: &str) -> Option<(String, String)> {
    let trimmed = id.trim().trim_end_matches('=');
    let raw = URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let rest = text.strip_prefix("ciscospark://")?;
    let mut segments = rest.rsplit('/');
    let uuid = segments.next()?.to_owned();
    let kind = segments.next()?.to_owned();
    Some((kind, uuid))
}

/// Whether two Webex ids name the same entity: same kind segment and uuid, whatever the cluster
/// and base64 alphabet. Ids that do not decode compare as strings.
pub fn same_entity(a: &str, b: &str) -> bool {
    match (id_parts(a), id_parts(b)) {
        (Some((ka, ua)), Some((kb, ub))) => ua.eq_ignore_ascii_case(&ub) && same_kind(&ka, &kb),
        _ => a == b,
    }
}

/// Whether two `{KIND}` segments name one kind (`PLACE` and `PLACES` do).
fn same_kind(a: &str, b: &str) -> bool {
    a == b
        || Kind::ALL.into_iter().any(|k| {
            let kinds = k.spec().id_kinds;
            kinds.contains(&a) && kinds.contains(&b)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_row_belongs_to_its_kind_and_no_spelling_is_shared() {
        let mut owner_types = HashSet::new();
        let mut id_kinds = HashSet::new();
        let mut names = HashSet::new();
        for kind in Kind::ALL {
            let spec = kind.spec();
            assert_eq!(spec.kind, kind, "{kind:?}'s row names another kind");
            for t in spec.owner_types {
                assert!(owner_types.insert(*t), "{t} names two kinds");
                assert_eq!(Kind::of_owner_type(t), Some(kind));
            }
            for k in spec.id_kinds {
                assert!(id_kinds.insert(*k), "{k} names two kinds");
            }
            assert!(names.insert(spec.graphql));
            assert_eq!(Kind::of_graphql(spec.graphql), Some(kind));
        }
        // The 14 values of Webex's `NumberOwnerType`, each a kind.
        assert_eq!(
            Kind::ALL
                .iter()
                .filter(|k| k.owner_type().is_some())
                .count(),
            14
        );
        assert_eq!(Kind::of_owner_type("AI_RECEPTIONIST"), None);
        assert_eq!(Kind::of_owner_type("PAGING_GROUP"), Some(Kind::PagingGroup));
        // The members are exactly the kinds with member settings.
        for kind in Kind::ALL {
            assert_eq!(
                kind.as_member().is_some(),
                kind.member().is_some(),
                "{kind:?}"
            );
            if let Some(member) = kind.as_member() {
                assert_eq!(member.kind(), kind);
            }
        }
    }

    #[test]
    fn an_id_names_its_kind_and_the_same_entity_across_clusters() {
        let id =
            URL_SAFE_NO_PAD.encode("ciscospark://us/PEOPLE/f5b36187-c8dd-4727-8b2f-f9c447f29046");
        assert_eq!(Kind::of_id(&id), Some(Kind::Person));
        // The workspace example of the published spec.
        let id =
            STANDARD_NO_PAD.encode("ciscospark://us/PLACES/5101B07B-4F8F-4EF7-B565-DB19C7B723F7");
        assert_eq!(Kind::of_id(&id), Some(Kind::Workspace));
        let hunt = URL_SAFE_NO_PAD.encode("ciscospark://us/HUNT_GROUP/x");
        assert_eq!(Kind::of_id(&hunt), Some(Kind::HuntGroup));
        assert!(!Kind::HuntGroup.is_node());
        assert_eq!(Kind::of_id("bogus"), None);
        assert_eq!(Kind::of_id(""), None);
        // The ECBN examples give one place under two cluster prefixes.
        let a = URL_SAFE_NO_PAD.encode("ciscospark://us/PLACE/11a3f990-1111");
        let b = STANDARD_NO_PAD
            .encode("ciscospark://urn:TEAM:us-east-1_int13/PLACES/11A3F990-1111")
            + "=";
        assert!(same_entity(&a, &b));
        let c = URL_SAFE_NO_PAD.encode("ciscospark://us/PEOPLE/11a3f990-1111");
        assert!(!same_entity(&a, &c));
        assert!(same_entity("plain", "plain") && !same_entity("plain", "other"));
    }
}
