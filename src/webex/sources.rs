//! The 38 available-numbers lists of Webex Calling, one row each: what the list is for, its
//! endpoint (path, cache class, the writes that retire it), what it is scoped to, the filters its
//! endpoint takes, which numbers it holds, which owners it can name and which item fields it
//! gives. One client method (`Client::numbers`) serves every row; adding a list is a row here
//! (and one in the simulator's own table, plus the published example as a fixture).
//!
//! The facts are `shared/webex-numbers.md` §1 (the published spec's paths, parameters, schemas
//! and examples). Every list shares `orgId`, `max`, `start` and `phoneNumber`, answers
//! `{"phoneNumbers": […]}` and pages by offset.

use super::endpoint::{Class, Endpoint, Retire};

/// What a list's path is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `…/locations/{locationId}/…`.
    Location,
    /// `…/people/{personId}/…`.
    Person,
    /// `…/workspaces/{workspaceId}/…`.
    Workspace,
    /// `…/virtualLines/{virtualLineId}/…`.
    VirtualLine,
    /// The whole organisation, narrowed to one location by the `locationId` query parameter
    /// (the primary lists for a new person, workspace or virtual line).
    Organization,
}

impl Scope {
    /// The path (or, for the organisation, query) parameter that names the scope's entity.
    pub fn param(self) -> &'static str {
        match self {
            Scope::Location | Scope::Organization => "locationId",
            Scope::Person => "personId",
            Scope::Workspace => "workspaceId",
            Scope::VirtualLine => "virtualLineId",
        }
    }
}

/// Which numbers a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Numbers assigned to no one ("… are unassigned").
    Unassigned,
    /// Numbers with an owner ("… are assigned to an owning entity").
    Assigned,
    /// Both (the location's main-number list; the external caller ID list).
    Both,
}

/// The owners a list can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owners {
    /// None: the list holds unassigned numbers.
    None,
    /// Any of the 14 `NumberOwnerType`s.
    Any,
    /// The four kinds an emergency callback number may point at: people, workspaces, virtual
    /// lines and hunt groups (the ECBN lists' inline enum).
    EmergencyMembers,
}

/// The filters beyond `orgId`, `max`, `start` and `phoneNumber` a list's endpoint takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub owner_name: bool,
    pub extension: bool,
    pub person_id: bool,
    pub location_id: bool,
    pub license_type: bool,
}

const NONE: Filters = Filters {
    owner_name: false,
    extension: false,
    person_id: false,
    location_id: false,
    license_type: false,
};
const OWNER: Filters = Filters {
    owner_name: true,
    ..NONE
};
const OWNER_EXTENSION: Filters = Filters {
    owner_name: true,
    extension: true,
    ..NONE
};
const AT_LOCATION: Filters = Filters {
    location_id: true,
    ..NONE
};

/// The item fields a list's endpoint gives beside `phoneNumber`, `state`, `isMainNumber` and
/// `isServiceNumber` (which all give).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    pub toll_free_number: bool,
    pub telephony_type: bool,
    pub extension: bool,
    /// `location {id, name}` (only the external caller ID list).
    pub location: bool,
    /// `mobileNetwork` and `routingProfile` (only the new person's primary list).
    pub mobile: bool,
    /// Items may hold an extension and no `phoneNumber` (call-forward, call-intercept and
    /// operating-mode lists: the schema does not require the number).
    pub extension_only: bool,
}

const BASIC: Fields = Fields {
    toll_free_number: false,
    telephony_type: true,
    extension: false,
    location: false,
    mobile: false,
    extension_only: false,
};
const TOLL_FREE: Fields = Fields {
    toll_free_number: true,
    ..BASIC
};
const FORWARD: Fields = Fields {
    toll_free_number: true,
    extension: true,
    extension_only: true,
    ..BASIC
};

/// One available-numbers list.
#[derive(Debug)]
pub struct NumberSource {
    /// The purpose, as the GraphQL `LocationNumberUse` / `MemberNumberUse` value names it.
    pub name: &'static str,
    pub scope: Scope,
    pub endpoint: Endpoint,
    pub filters: Filters,
    pub holds: Holds,
    pub owners: Owners,
    pub fields: Fields,
    /// Location administrators may call it (the virtual line's primary, fax, call-forward and
    /// ECBN lists are for full and read-only administrators only).
    pub location_admins: bool,
    /// What an administrator picks from it.
    pub about: &'static str,
}

impl NumberSource {
    /// The list for purpose `name` scoped to `scope`.
    pub fn find(scope: Scope, name: &str) -> Option<&'static NumberSource> {
        SOURCES.iter().find(|s| s.scope == scope && s.name == name)
    }

    /// The external caller ID list: location-scoped, and what a member's `EXTERNAL_CALLER_ID`
    /// asks with the member's location (and, for a person, `personId`).
    pub fn external_caller_id() -> &'static NumberSource {
        &SOURCES[0]
    }

    /// The lists members ask about themselves, whose paths name the member.
    pub fn of_member(scope: Scope) -> impl Iterator<Item = &'static NumberSource> {
        SOURCES.iter().filter(move |s| s.scope == scope)
    }

    /// Whether the list's items may name an owner.
    pub fn has_owners(&self) -> bool {
        self.owners != Owners::None
    }
}

/// A GET of number pages, retired by writes to what its `param` names.
const fn numbers(label: &'static str, retired_by: Retire) -> Endpoint {
    Endpoint {
        label,
        class: Class::Numbers,
        retired_by,
    }
}

const LOCATION: Retire = Retire::Location("locationId");

/// Every list, in the order of `shared/webex-numbers.md` §1.2.
pub static SOURCES: [NumberSource; 38] = [
    NumberSource {
        name: "EXTERNAL_CALLER_ID",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
            LOCATION,
        ),
        filters: Filters {
            owner_name: true,
            person_id: true,
            ..NONE
        },
        holds: Holds::Both,
        owners: Owners::Any,
        fields: Fields {
            toll_free_number: true,
            telephony_type: false,
            location: true,
            ..BASIC
        },
        location_admins: true,
        about: "A number a person, workspace or virtual line shows as external caller ID: the location's and those of locations with the same country, PSTN provider and (India) zone.",
    },
    NumberSource {
        name: "MAIN_NUMBER",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/availableNumbers",
            LOCATION,
        ),
        filters: OWNER,
        holds: Holds::Both,
        owners: Owners::Any,
        fields: TOLL_FREE,
        location_admins: true,
        about: "The location's main number (its calling line ID).",
    },
    NumberSource {
        name: "WEBEX_GO",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/webexGo/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A standard number for a Webex Go device.",
    },
    NumberSource {
        name: "EMERGENCY_CALLBACK",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/emergencyCallbackNumber/availableNumbers",
            LOCATION,
        ),
        filters: OWNER,
        holds: Holds::Assigned,
        owners: Owners::EmergencyMembers,
        fields: Fields {
            extension: true,
            ..TOLL_FREE
        },
        location_admins: true,
        about: "The location's emergency callback number: a member (person, workspace, virtual line or hunt group) whose number emergency services call back.",
    },
    NumberSource {
        name: "CALL_INTERCEPT",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/callIntercept/availableNumbers",
            LOCATION,
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        // The location's intercept list requires a number, unlike the members'.
        fields: Fields {
            extension_only: false,
            ..FORWARD
        },
        location_admins: true,
        about: "Where the location's intercepted calls go.",
    },
    NumberSource {
        name: "CHARGE_NUMBER",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/chargeNumber/availableNumbers",
            LOCATION,
        ),
        filters: OWNER,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: Fields {
            telephony_type: false,
            ..TOLL_FREE
        },
        location_admins: true,
        about: "The location's charge number: an assigned number that is neither toll-free nor mobile.",
    },
    NumberSource {
        name: "HUNT_GROUP",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A hunt group's primary number.",
    },
    NumberSource {
        name: "HUNT_GROUP_ALTERNATE",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/alternate/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A hunt group's alternate number.",
    },
    NumberSource {
        name: "HUNT_GROUP_CALL_FORWARD",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/huntGroups/callForwarding/availableNumbers",
            LOCATION,
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a hunt group forwards calls.",
    },
    NumberSource {
        name: "CALL_QUEUE",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/queues/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A call queue's primary number.",
    },
    NumberSource {
        name: "CALL_QUEUE_ALTERNATE",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/queues/alternate/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A call queue's alternate number.",
    },
    NumberSource {
        name: "CALL_QUEUE_CALL_FORWARD",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/queues/callForwarding/availableNumbers",
            LOCATION,
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a call queue forwards calls.",
    },
    NumberSource {
        name: "AUTO_ATTENDANT",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/autoAttendants/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "An auto attendant's primary number.",
    },
    NumberSource {
        name: "AUTO_ATTENDANT_ALTERNATE",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/autoAttendants/alternate/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "An auto attendant's alternate number.",
    },
    NumberSource {
        name: "AUTO_ATTENDANT_CALL_FORWARD",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/autoAttendants/callForwarding/availableNumbers",
            LOCATION,
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where an auto attendant forwards calls.",
    },
    NumberSource {
        name: "PAGING_GROUP",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/paging/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A paging group's primary number.",
    },
    NumberSource {
        name: "VOICE_PORTAL",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/voicePortal/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "The location's voice portal number.",
    },
    NumberSource {
        name: "VOICEMAIL_GROUP",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A voicemail group's number.",
    },
    NumberSource {
        name: "VOICEMAIL_GROUP_FAX",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/faxMessage/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A voicemail group's fax number.",
    },
    NumberSource {
        name: "SINGLE_NUMBER_REACH",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/singleNumberReach/availableNumbers",
            LOCATION,
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A Single Number Reach number (no admin write consumes it).",
    },
    NumberSource {
        name: "OPERATING_MODE_CALL_FORWARD",
        scope: Scope::Location,
        endpoint: numbers(
            "GET /v1/telephony/config/locations/{locationId}/operatingModes/callForwarding/availableNumbers",
            LOCATION,
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where an operating mode forwards calls.",
    },
    NumberSource {
        name: "NEW_PERSON",
        scope: Scope::Organization,
        endpoint: numbers(
            "GET /v1/telephony/config/people/primary/availableNumbers",
            LOCATION,
        ),
        filters: Filters {
            location_id: true,
            license_type: true,
            ..NONE
        },
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: Fields {
            mobile: true,
            ..BASIC
        },
        location_admins: true,
        about: "A new person's primary number, standard or mobile (asked with this location, as Webex advises).",
    },
    NumberSource {
        name: "SECONDARY",
        scope: Scope::Person,
        endpoint: numbers(
            "GET /v1/telephony/config/people/{personId}/secondary/availableNumbers",
            Retire::Entity("personId"),
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A person's secondary number.",
    },
    NumberSource {
        name: "FAX",
        scope: Scope::Person,
        endpoint: numbers(
            "GET /v1/telephony/config/people/{personId}/faxMessage/availableNumbers",
            Retire::Entity("personId"),
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A person's fax number.",
    },
    NumberSource {
        name: "CALL_FORWARD",
        scope: Scope::Person,
        endpoint: numbers(
            "GET /v1/telephony/config/people/{personId}/callForwarding/availableNumbers",
            Retire::Entity("personId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a person forwards calls.",
    },
    NumberSource {
        name: "CALL_INTERCEPT",
        scope: Scope::Person,
        endpoint: numbers(
            "GET /v1/telephony/config/people/{personId}/callIntercept/availableNumbers",
            Retire::Entity("personId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a person's intercepted calls go.",
    },
    NumberSource {
        name: "EMERGENCY_CALLBACK",
        scope: Scope::Person,
        endpoint: numbers(
            "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber/availableNumbers",
            Retire::Entity("personId"),
        ),
        filters: OWNER,
        holds: Holds::Assigned,
        owners: Owners::EmergencyMembers,
        fields: Fields {
            extension: true,
            ..TOLL_FREE
        },
        location_admins: true,
        about: "A person's emergency callback number: a member of the person's location.",
    },
    NumberSource {
        name: "NEW_VIRTUAL_LINE",
        scope: Scope::Organization,
        endpoint: numbers(
            "GET /v1/telephony/config/virtualLines/availableNumbers",
            LOCATION,
        ),
        filters: AT_LOCATION,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: false,
        about: "A new virtual line's primary number (asked with this location).",
    },
    NumberSource {
        name: "FAX",
        scope: Scope::VirtualLine,
        endpoint: numbers(
            "GET /v1/telephony/config/virtualLines/{virtualLineId}/faxMessage/availableNumbers",
            Retire::Entity("virtualLineId"),
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: false,
        about: "A virtual line's fax number.",
    },
    NumberSource {
        name: "CALL_FORWARD",
        scope: Scope::VirtualLine,
        endpoint: numbers(
            "GET /v1/telephony/config/virtualLines/{virtualLineId}/callForwarding/availableNumbers",
            Retire::Entity("virtualLineId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: false,
        about: "Where a virtual line forwards calls.",
    },
    NumberSource {
        name: "CALL_INTERCEPT",
        scope: Scope::VirtualLine,
        endpoint: numbers(
            "GET /v1/telephony/config/virtualLines/{virtualLineId}/callIntercept/availableNumbers",
            Retire::Entity("virtualLineId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a virtual line's intercepted calls go.",
    },
    NumberSource {
        name: "EMERGENCY_CALLBACK",
        scope: Scope::VirtualLine,
        endpoint: numbers(
            "GET /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber/availableNumbers",
            Retire::Entity("virtualLineId"),
        ),
        filters: OWNER,
        holds: Holds::Assigned,
        owners: Owners::EmergencyMembers,
        fields: TOLL_FREE,
        location_admins: false,
        about: "A virtual line's emergency callback number: a member of its location.",
    },
    NumberSource {
        name: "NEW_WORKSPACE",
        scope: Scope::Organization,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/availableNumbers",
            LOCATION,
        ),
        filters: AT_LOCATION,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A new workspace's primary number (asked with this location).",
    },
    NumberSource {
        name: "SECONDARY",
        scope: Scope::Workspace,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/{workspaceId}/secondary/availableNumbers",
            Retire::Entity("workspaceId"),
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A workspace's secondary number (professional workspaces only).",
    },
    NumberSource {
        name: "FAX",
        scope: Scope::Workspace,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/{workspaceId}/faxMessage/availableNumbers",
            Retire::Entity("workspaceId"),
        ),
        filters: NONE,
        holds: Holds::Unassigned,
        owners: Owners::None,
        fields: BASIC,
        location_admins: true,
        about: "A workspace's fax number (professional workspaces only).",
    },
    NumberSource {
        name: "CALL_FORWARD",
        scope: Scope::Workspace,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/{workspaceId}/callForwarding/availableNumbers",
            Retire::Entity("workspaceId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a workspace forwards calls.",
    },
    NumberSource {
        name: "CALL_INTERCEPT",
        scope: Scope::Workspace,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/{workspaceId}/callIntercept/availableNumbers",
            Retire::Entity("workspaceId"),
        ),
        filters: OWNER_EXTENSION,
        holds: Holds::Assigned,
        owners: Owners::Any,
        fields: FORWARD,
        location_admins: true,
        about: "Where a workspace's intercepted calls go.",
    },
    NumberSource {
        name: "EMERGENCY_CALLBACK",
        scope: Scope::Workspace,
        endpoint: numbers(
            "GET /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber/availableNumbers",
            Retire::Entity("workspaceId"),
        ),
        filters: OWNER,
        holds: Holds::Assigned,
        owners: Owners::EmergencyMembers,
        fields: TOLL_FREE,
        location_admins: true,
        about: "A workspace's emergency callback number: a member of its location.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_row_is_one_list_scoped_as_its_path_says() {
        let mut labels = HashSet::new();
        let mut purposes = HashSet::new();
        for s in &SOURCES {
            assert!(labels.insert(s.endpoint.label), "{}", s.endpoint.label);
            assert!(purposes.insert((s.scope, s.name)), "{}", s.name);
            assert_eq!(s.endpoint.class, Class::Numbers);
            let params: Vec<&str> = s.endpoint.path_params().collect();
            match s.scope {
                Scope::Organization => {
                    assert!(params.is_empty() && s.filters.location_id, "{}", s.name)
                }
                scope => assert_eq!(params, [scope.param()], "{}", s.name),
            }
            // A write to what the path (or `locationId`) names retires the list's pages.
            let retired = match s.endpoint.retired_by {
                Retire::Entity(p) | Retire::Location(p) => p,
                Retire::Never => "",
            };
            assert_eq!(retired, s.scope.param(), "{}", s.name);
            // `ownerName` only where the list holds owned numbers; `extension` only where
            // items carry one; owners only on lists of owned numbers.
            assert_eq!(
                s.filters.owner_name,
                s.holds != Holds::Unassigned,
                "{}",
                s.name
            );
            assert!(!s.filters.extension || s.fields.extension, "{}", s.name);
            assert_eq!(s.has_owners(), s.holds != Holds::Unassigned, "{}", s.name);
        }
        let count = |scope| SOURCES.iter().filter(|s| s.scope == scope).count();
        assert_eq!(
            [
                count(Scope::Location),
                count(Scope::Organization),
                count(Scope::Person),
                count(Scope::VirtualLine),
                count(Scope::Workspace)
            ],
            [21, 3, 5, 4, 5]
        );
        assert_eq!(
            NumberSource::external_caller_id().name,
            "EXTERNAL_CALLER_ID"
        );
    }
}
