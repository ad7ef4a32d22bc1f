//! The 38 rows of the available-numbers table, in the order of `shared/webex-numbers.md` §1.2.

use super::{Fields, Filters, Holds, NumberSource, Owners, Scope};
use crate::webex::endpoint::{Class, Endpoint, Retire};

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

/// A list location administrators may call too (all but four), retired by writes to what its
/// scope names.
#[allow(clippy::too_many_arguments)]
const fn source(
    name: &'static str,
    scope: Scope,
    label: &'static str,
    holds: Holds,
    owners: Owners,
    filters: Filters,
    fields: Fields,
    about: &'static str,
) -> NumberSource {
    let retired_by = match scope {
        Scope::Location | Scope::Organization => Retire::Location("locationId"),
        Scope::Person => Retire::Entity("personId"),
        Scope::Workspace => Retire::Entity("workspaceId"),
        Scope::VirtualLine => Retire::Entity("virtualLineId"),
    };
    NumberSource {
        name,
        scope,
        endpoint: Endpoint {
            label,
            class: Class::Numbers,
            retired_by,
        },
        filters,
        holds,
        owners,
        fields,
        location_admins: true,
        about,
    }
}

/// A list for full and read-only administrators only.
const fn full_and_read_only(mut source: NumberSource) -> NumberSource {
    source.location_admins = false;
    source
}

/// Every list, in the order of `shared/webex-numbers.md` §1.2.
pub static SOURCES: [NumberSource; 38] = [
    source(
        "EXTERNAL_CALLER_ID",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
        Holds::Both,
        Owners::Any,
        Filters {
            owner_name: true,
            person_id: true,
            ..NONE
        },
        Fields {
            toll_free_number: true,
            telephony_type: false,
            location: true,
            ..BASIC
        },
        "A number a person, workspace or virtual line shows as external caller ID: the location's and those of locations with the same country, PSTN provider and (India) zone.",
    ),
    source(
        "MAIN_NUMBER",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/availableNumbers",
        Holds::Both,
        Owners::Any,
        OWNER,
        TOLL_FREE,
        "The location's main number (its calling line ID).",
    ),
    source(
        "WEBEX_GO",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/webexGo/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A standard number for a Webex Go device.",
    ),
    source(
        "EMERGENCY_CALLBACK",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/emergencyCallbackNumber/availableNumbers",
        Holds::Assigned,
        Owners::EmergencyMembers,
        OWNER,
        Fields {
            extension: true,
            ..TOLL_FREE
        },
        "The location's emergency callback number: a member (person, workspace, virtual line or hunt group) whose number emergency services call back.",
    ),
    source(
        "CALL_INTERCEPT",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/callIntercept/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        Fields {
            extension_only: false,
            ..FORWARD
        },
        "Where the location's intercepted calls go.",
    ),
    source(
        "CHARGE_NUMBER",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/chargeNumber/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER,
        Fields {
            telephony_type: false,
            ..TOLL_FREE
        },
        "The location's charge number: an assigned number that is neither toll-free nor mobile.",
    ),
    source(
        "HUNT_GROUP",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/huntGroups/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A hunt group's primary number.",
    ),
    source(
        "HUNT_GROUP_ALTERNATE",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/huntGroups/alternate/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A hunt group's alternate number.",
    ),
    source(
        "HUNT_GROUP_CALL_FORWARD",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/huntGroups/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a hunt group forwards calls.",
    ),
    source(
        "CALL_QUEUE",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/queues/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A call queue's primary number.",
    ),
    source(
        "CALL_QUEUE_ALTERNATE",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/queues/alternate/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A call queue's alternate number.",
    ),
    source(
        "CALL_QUEUE_CALL_FORWARD",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/queues/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a call queue forwards calls.",
    ),
    source(
        "AUTO_ATTENDANT",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/autoAttendants/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "An auto attendant's primary number.",
    ),
    source(
        "AUTO_ATTENDANT_ALTERNATE",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/autoAttendants/alternate/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "An auto attendant's alternate number.",
    ),
    source(
        "AUTO_ATTENDANT_CALL_FORWARD",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/autoAttendants/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where an auto attendant forwards calls.",
    ),
    source(
        "PAGING_GROUP",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/paging/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A paging group's primary number.",
    ),
    source(
        "VOICE_PORTAL",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/voicePortal/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "The location's voice portal number.",
    ),
    source(
        "VOICEMAIL_GROUP",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A voicemail group's number.",
    ),
    source(
        "VOICEMAIL_GROUP_FAX",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/faxMessage/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A voicemail group's fax number.",
    ),
    source(
        "SINGLE_NUMBER_REACH",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/singleNumberReach/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        TOLL_FREE,
        "A Single Number Reach number (no admin write consumes it).",
    ),
    source(
        "OPERATING_MODE_CALL_FORWARD",
        Scope::Location,
        "GET /v1/telephony/config/locations/{locationId}/operatingModes/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where an operating mode forwards calls.",
    ),
    source(
        "NEW_PERSON",
        Scope::Organization,
        "GET /v1/telephony/config/people/primary/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        Filters {
            location_id: true,
            license_type: true,
            ..NONE
        },
        Fields {
            mobile: true,
            ..BASIC
        },
        "A new person's primary number, standard or mobile (asked with this location, as Webex advises).",
    ),
    source(
        "SECONDARY",
        Scope::Person,
        "GET /v1/telephony/config/people/{personId}/secondary/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A person's secondary number.",
    ),
    source(
        "FAX",
        Scope::Person,
        "GET /v1/telephony/config/people/{personId}/faxMessage/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A person's fax number.",
    ),
    source(
        "CALL_FORWARD",
        Scope::Person,
        "GET /v1/telephony/config/people/{personId}/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a person forwards calls.",
    ),
    source(
        "CALL_INTERCEPT",
        Scope::Person,
        "GET /v1/telephony/config/people/{personId}/callIntercept/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a person's intercepted calls go.",
    ),
    source(
        "EMERGENCY_CALLBACK",
        Scope::Person,
        "GET /v1/telephony/config/people/{personId}/emergencyCallbackNumber/availableNumbers",
        Holds::Assigned,
        Owners::EmergencyMembers,
        OWNER,
        Fields {
            extension: true,
            ..TOLL_FREE
        },
        "A person's emergency callback number: a member of the person's location.",
    ),
    full_and_read_only(source(
        "NEW_VIRTUAL_LINE",
        Scope::Organization,
        "GET /v1/telephony/config/virtualLines/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        AT_LOCATION,
        BASIC,
        "A new virtual line's primary number (asked with this location).",
    )),
    full_and_read_only(source(
        "FAX",
        Scope::VirtualLine,
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/faxMessage/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A virtual line's fax number.",
    )),
    full_and_read_only(source(
        "CALL_FORWARD",
        Scope::VirtualLine,
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a virtual line forwards calls.",
    )),
    source(
        "CALL_INTERCEPT",
        Scope::VirtualLine,
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/callIntercept/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a virtual line's intercepted calls go.",
    ),
    full_and_read_only(source(
        "EMERGENCY_CALLBACK",
        Scope::VirtualLine,
        "GET /v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber/availableNumbers",
        Holds::Assigned,
        Owners::EmergencyMembers,
        OWNER,
        TOLL_FREE,
        "A virtual line's emergency callback number: a member of its location.",
    )),
    source(
        "NEW_WORKSPACE",
        Scope::Organization,
        "GET /v1/telephony/config/workspaces/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        AT_LOCATION,
        BASIC,
        "A new workspace's primary number (asked with this location).",
    ),
    source(
        "SECONDARY",
        Scope::Workspace,
        "GET /v1/telephony/config/workspaces/{workspaceId}/secondary/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A workspace's secondary number (professional workspaces only).",
    ),
    source(
        "FAX",
        Scope::Workspace,
        "GET /v1/telephony/config/workspaces/{workspaceId}/faxMessage/availableNumbers",
        Holds::Unassigned,
        Owners::None,
        NONE,
        BASIC,
        "A workspace's fax number (professional workspaces only).",
    ),
    source(
        "CALL_FORWARD",
        Scope::Workspace,
        "GET /v1/telephony/config/workspaces/{workspaceId}/callForwarding/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a workspace forwards calls.",
    ),
    source(
        "CALL_INTERCEPT",
        Scope::Workspace,
        "GET /v1/telephony/config/workspaces/{workspaceId}/callIntercept/availableNumbers",
        Holds::Assigned,
        Owners::Any,
        OWNER_EXTENSION,
        FORWARD,
        "Where a workspace's intercepted calls go.",
    ),
    source(
        "EMERGENCY_CALLBACK",
        Scope::Workspace,
        "GET /v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber/availableNumbers",
        Holds::Assigned,
        Owners::EmergencyMembers,
        OWNER,
        TOLL_FREE,
        "A workspace's emergency callback number: a member of its location.",
    ),
];
