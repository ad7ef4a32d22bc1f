//! The catalogue's rows: one [`Spec`] per kind.

use super::{FeatureSpec, Kind, MemberSpec, Spec};
use crate::webex::endpoint::{Class, Endpoint, Retire};
use crate::webex::sources::Scope;

pub(super) const LOCATION: Spec = Spec {
    kind: Kind::Location,
    owner_types: &[],
    id_kinds: &["LOCATION"],
    graphql: "Location",
    noun: "location",
    node: true,
    feature: None,
    member: None,
};

pub(super) const PERSON: Spec = Spec {
    kind: Kind::Person,
    owner_types: &["PEOPLE"],
    id_kinds: &["PEOPLE"],
    graphql: "Person",
    noun: "person",
    node: true,
    feature: None,
    member: Some(MemberSpec {
        numbers: Scope::Person,
        caller_id: &Endpoint {
            label: "GET /v1/people/{id}/features/callerId",
            class: Class::CallerId,
            retired_by: Retire::Entity("id"),
        },
        set_caller_id: &Endpoint {
            label: "PUT /v1/people/{id}/features/callerId",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        telephony: "telephony/config/people",
        ecbn: &Endpoint {
            label: "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber",
            class: Class::Emergency,
            retired_by: Retire::Entity("personId"),
        },
        set_ecbn: &Endpoint {
            label: "PUT /v1/telephony/config/people/{personId}/emergencyCallbackNumber",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        ecbn_dependencies: &Endpoint {
            label: "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber/dependencies",
            class: Class::Emergency,
            retired_by: Retire::Entity("personId"),
        },
    }),
};

pub(super) const WORKSPACE: Spec = Spec {
    kind: Kind::Workspace,
    owner_types: &["PLACE"],
    // The published workspace example's id says `PLACES`.
    id_kinds: &["PLACE", "PLACES", "WORKSPACE"],
    graphql: "Workspace",
    noun: "workspace",
    node: true,
    feature: None,
    member: Some(MemberSpec {
        numbers: Scope::Workspace,
        caller_id: &Endpoint {
            label: "GET /v1/workspaces/{id}/features/callerId",
            class: Class::CallerId,
            retired_by: Retire::Entity("id"),
        },
        set_caller_id: &Endpoint {
            label: "PUT /v1/workspaces/{id}/features/callerId",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        telephony: "telephony/config/workspaces",
        ecbn: &Endpoint {
            label: "GET /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber",
            class: Class::Emergency,
            retired_by: Retire::Entity("workspaceId"),
        },
        set_ecbn: &Endpoint {
            label: "PUT /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        ecbn_dependencies: &Endpoint {
            label: "GET /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber/dependencies",
            class: Class::Emergency,
            retired_by: Retire::Entity("workspaceId"),
        },
    }),
};

pub(super) const VIRTUAL_LINE: Spec = Spec {
    kind: Kind::VirtualLine,
    owner_types: &["VIRTUAL_LINE"],
    id_kinds: &["VIRTUAL_LINE"],
    graphql: "VirtualLine",
    noun: "virtual line",
    node: true,
    feature: None,
    member: Some(MemberSpec {
        numbers: Scope::VirtualLine,
        caller_id: &Endpoint {
            label: "GET /v1/telephony/config/virtualLines/{virtualLineId}/callerId",
            class: Class::CallerId,
            retired_by: Retire::Entity("virtualLineId"),
        },
        set_caller_id: &Endpoint {
            label: "PUT /v1/telephony/config/virtualLines/{virtualLineId}/callerId",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        telephony: "telephony/config/virtualLines",
        ecbn: &Endpoint {
            label: "GET /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber",
            class: Class::Emergency,
            retired_by: Retire::Entity("virtualLineId"),
        },
        set_ecbn: &Endpoint {
            label: "PUT /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber",
            class: Class::Write,
            retired_by: Retire::Never,
        },
        ecbn_dependencies: &Endpoint {
            label: "GET /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber/dependencies",
            class: Class::Emergency,
            retired_by: Retire::Entity("virtualLineId"),
        },
    }),
};

pub(super) const HUNT_GROUP: Spec = Spec {
    kind: Kind::HuntGroup,
    owner_types: &["HUNT_GROUP"],
    id_kinds: &["HUNT_GROUP"],
    graphql: "HuntGroup",
    noun: "hunt group",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details(
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/{id}",
        ),
        list: Some((
            &Endpoint::lists("GET /v1/telephony/config/huntGroups"),
            "huntGroups",
        )),
        detail_only: &["extension", "language", "languageCode", "timeZone"],
        list_may_carry: &["extension"],
        list_calls: 1,
    }),
    member: None,
};

pub(super) const CALL_QUEUE: Spec = Spec {
    kind: Kind::CallQueue,
    owner_types: &["CALL_QUEUE"],
    id_kinds: &["CALL_QUEUE"],
    graphql: "CallQueue",
    noun: "call queue",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details("GET /v1/telephony/config/locations/{locationId}/queues/{id}"),
        list: Some((
            &Endpoint::lists("GET /v1/telephony/config/queues"),
            "queues",
        )),
        detail_only: &["language", "languageCode", "timeZone"],
        list_may_carry: &[],
        // Customer Assist queues are listed only with `hasCxEssentials=true`: two lists.
        list_calls: 2,
    }),
    member: None,
};

pub(super) const AUTO_ATTENDANT: Spec = Spec {
    kind: Kind::AutoAttendant,
    owner_types: &["AUTO_ATTENDANT"],
    id_kinds: &["AUTO_ATTENDANT"],
    graphql: "AutoAttendant",
    noun: "auto attendant",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details(
            "GET /v1/telephony/config/locations/{locationId}/autoAttendants/{id}",
        ),
        list: Some((
            &Endpoint::lists("GET /v1/telephony/config/autoAttendants"),
            "autoAttendants",
        )),
        detail_only: &["enabled", "language", "languageCode", "timeZone"],
        list_may_carry: &[],
        list_calls: 1,
    }),
    member: None,
};

pub(super) const PAGING_GROUP: Spec = Spec {
    kind: Kind::PagingGroup,
    owner_types: &["GROUP_PAGING", "PAGING_GROUP"],
    id_kinds: &["PAGING_GROUP", "GROUP_PAGING"],
    graphql: "PagingGroup",
    noun: "paging group",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details("GET /v1/telephony/config/locations/{locationId}/paging/{id}"),
        list: Some((
            &Endpoint::lists("GET /v1/telephony/config/paging"),
            "locationPaging",
        )),
        detail_only: &["enabled", "language", "languageCode"],
        list_may_carry: &[],
        list_calls: 1,
    }),
    member: None,
};

pub(super) const VOICEMAIL_GROUP: Spec = Spec {
    kind: Kind::VoicemailGroup,
    owner_types: &["VOICEMAIL_GROUP"],
    id_kinds: &["VOICEMAIL_GROUP"],
    graphql: "VoicemailGroup",
    noun: "voicemail group",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details(
            "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/{id}",
        ),
        list: Some((
            &Endpoint::lists("GET /v1/telephony/config/voicemailGroups"),
            "voicemailGroups",
        )),
        detail_only: &["languageCode"],
        list_may_carry: &[],
        list_calls: 1,
    }),
    member: None,
};

pub(super) const VOICE_PORTAL: Spec = Spec {
    kind: Kind::VoicePortal,
    owner_types: &["VOICE_MESSAGING"],
    id_kinds: &["VOICEMAIL_PORTAL", "VOICE_MESSAGING"],
    graphql: "VoicePortal",
    noun: "voice portal",
    node: false,
    feature: Some(FeatureSpec {
        detail: &Endpoint::details("GET /v1/telephony/config/locations/{locationId}/voicePortal"),
        list: None,
        // No list endpoint at all: every field is the detail's.
        detail_only: &[
            "name",
            "enabled",
            "phoneNumber",
            "extension",
            "tollFreeNumber",
            "language",
            "languageCode",
            "timeZone",
        ],
        list_may_carry: &[],
        list_calls: usize::MAX,
    }),
    member: None,
};

pub(super) const SINGLE_NUMBER_REACH: Spec = Spec {
    kind: Kind::SingleNumberReach,
    owner_types: &["OFFICE_ANYWHERE", "BROADWORKS_ANYWHERE"],
    id_kinds: &["SINGLE_NUMBER_REACH", "OFFICE_ANYWHERE"],
    graphql: "SingleNumberReach",
    noun: "single number reach",
    node: false,
    feature: None,
    member: None,
};

pub(super) const CONTACT_CENTER_LINK: Spec = Spec {
    kind: Kind::ContactCenterLink,
    owner_types: &["CONTACT_CENTER_LINK"],
    id_kinds: &["CONTACT_CENTER_LINK"],
    graphql: "ContactCenterLink",
    noun: "Contact Center link",
    node: false,
    feature: None,
    member: None,
};

pub(super) const CONTACT_CENTER_ADAPTER: Spec = Spec {
    kind: Kind::ContactCenterAdapter,
    owner_types: &["CONTACT_CENTER_ADAPTER"],
    id_kinds: &["CONTACT_CENTER_ADAPTER"],
    graphql: "ContactCenterAdapter",
    noun: "Contact Center adapter",
    node: false,
    feature: None,
    member: None,
};

pub(super) const ROUTE_LIST: Spec = Spec {
    kind: Kind::RouteList,
    owner_types: &["ROUTE_LIST"],
    id_kinds: &["ROUTE_LIST"],
    graphql: "RouteList",
    noun: "route list",
    node: true,
    feature: None,
    member: None,
};

pub(super) const COLLABORATE_BRIDGE: Spec = Spec {
    kind: Kind::CollaborateBridge,
    owner_types: &["COLLABORATE_BRIDGE"],
    id_kinds: &["COLLABORATE_BRIDGE"],
    graphql: "CollaborateBridge",
    noun: "collaborate bridge",
    node: false,
    feature: None,
    member: None,
};
