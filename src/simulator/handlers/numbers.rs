//! The 38 available-numbers lists, served from one table: each row is a route, what it is scoped
//! to, which numbers it holds (`rules::list`), which filters it honours, who may call it and the
//! item fields its published example shows. This is the simulator's own table: it shares nothing
//! with the client's (`webex/sources.rs`), so each is a witness of the other.

use axum::extract::RawPathParams;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::simulator::auth::{Role, TELEPHONY_READ};
use crate::simulator::org::{Org, SimFeature, SimNumber};
use crate::simulator::rules::{self, Holds, Item, ListFilter, Of};
use crate::simulator::wire::{Authorized, Call, SimError, SimResult, list_param};

/// The item fields a list shows beside `phoneNumber`, `state`, `isMainNumber` and
/// `isServiceNumber`, as its published example does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Show {
    telephony_type: bool,
    toll_free: bool,
    extension: bool,
    location: bool,
    /// `includedTelephonyTypes`, `mobileNetwork` and `routingProfile` on mobile numbers.
    mobile: bool,
}

const B: Show = Show {
    telephony_type: false,
    toll_free: false,
    extension: false,
    location: false,
    mobile: false,
};
const BT: Show = Show {
    telephony_type: true,
    ..B
};
const BTF: Show = Show {
    toll_free: true,
    ..BT
};
const BTFX: Show = Show {
    extension: true,
    ..BTF
};

/// One list.
#[derive(Debug)]
pub(crate) struct SimList {
    /// The axum route.
    pub(crate) path: &'static str,
    pub(crate) of: Of,
    pub(crate) holds: Holds,
    show: Show,
    /// Location administrators may call it (not the virtual line's primary, fax, call-forward
    /// and ECBN lists).
    location_admins: bool,
    /// Only workspaces with the professional licence have it (secondary and fax).
    professional_only: bool,
}

const fn row(path: &'static str, of: Of, holds: Holds, show: Show) -> SimList {
    SimList {
        path,
        of,
        holds,
        show,
        location_admins: true,
        professional_only: false,
    }
}

const fn full_and_read_only(mut l: SimList) -> SimList {
    l.location_admins = false;
    l
}

const fn professional(mut l: SimList) -> SimList {
    l.professional_only = true;
    l
}

/// Every list, in the order of `shared/webex-numbers.md` §1.2. The location, person, workspace
/// and virtual line parameters share their names with the simulator's other routes (axum needs
/// one name per position).
pub(crate) static LISTS: [SimList; 38] = [
    row(
        "/v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
        Of::Location,
        Holds::CallerId,
        Show {
            toll_free: true,
            location: true,
            ..B
        },
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/availableNumbers",
        Of::Location,
        Holds::Any,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/webexGo/availableNumbers",
        Of::Location,
        Holds::WebexGo,
        BT,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/emergencyCallbackNumber/availableNumbers",
        Of::Location,
        Holds::Emergency,
        BTFX,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/callIntercept/availableNumbers",
        Of::Location,
        Holds::Assigned,
        BTFX,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/chargeNumber/availableNumbers",
        Of::Location,
        Holds::Charge,
        Show {
            toll_free: true,
            ..B
        },
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/huntGroups/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/huntGroups/alternate/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/huntGroups/callForwarding/availableNumbers",
        Of::Location,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/queues/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/queues/alternate/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/queues/callForwarding/availableNumbers",
        Of::Location,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/autoAttendants/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/autoAttendants/alternate/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/autoAttendants/callForwarding/availableNumbers",
        Of::Location,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/paging/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/voicePortal/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/voicemailGroups/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/voicemailGroups/faxMessage/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/singleNumberReach/availableNumbers",
        Of::Location,
        Holds::Unassigned,
        BTF,
    ),
    row(
        "/v1/telephony/config/locations/{locationId}/operatingModes/callForwarding/availableNumbers",
        Of::Location,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/people/primary/availableNumbers",
        Of::Organization,
        Holds::NewPerson,
        Show { mobile: true, ..BT },
    ),
    row(
        "/v1/telephony/config/people/{personId}/secondary/availableNumbers",
        Of::Person,
        Holds::Unassigned,
        BT,
    ),
    row(
        "/v1/telephony/config/people/{personId}/faxMessage/availableNumbers",
        Of::Person,
        Holds::Unassigned,
        BT,
    ),
    row(
        "/v1/telephony/config/people/{personId}/callForwarding/availableNumbers",
        Of::Person,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/people/{personId}/callIntercept/availableNumbers",
        Of::Person,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/people/{personId}/emergencyCallbackNumber/availableNumbers",
        Of::Person,
        Holds::Emergency,
        BTFX,
    ),
    full_and_read_only(row(
        "/v1/telephony/config/virtualLines/availableNumbers",
        Of::Organization,
        Holds::Unassigned,
        BT,
    )),
    full_and_read_only(row(
        "/v1/telephony/config/virtualLines/{virtualLineId}/faxMessage/availableNumbers",
        Of::VirtualLine,
        Holds::Unassigned,
        BT,
    )),
    full_and_read_only(row(
        "/v1/telephony/config/virtualLines/{virtualLineId}/callForwarding/availableNumbers",
        Of::VirtualLine,
        Holds::Forward,
        BTFX,
    )),
    row(
        "/v1/telephony/config/virtualLines/{virtualLineId}/callIntercept/availableNumbers",
        Of::VirtualLine,
        Holds::Forward,
        BTFX,
    ),
    full_and_read_only(row(
        "/v1/telephony/config/virtualLines/{virtualLineId}/emergencyCallbackNumber/availableNumbers",
        Of::VirtualLine,
        Holds::Emergency,
        BTF,
    )),
    row(
        "/v1/telephony/config/workspaces/availableNumbers",
        Of::Organization,
        Holds::Unassigned,
        BT,
    ),
    professional(row(
        "/v1/telephony/config/workspaces/{workspaceId}/secondary/availableNumbers",
        Of::Workspace,
        Holds::Unassigned,
        BT,
    )),
    professional(row(
        "/v1/telephony/config/workspaces/{workspaceId}/faxMessage/availableNumbers",
        Of::Workspace,
        Holds::Unassigned,
        BT,
    )),
    row(
        "/v1/telephony/config/workspaces/{workspaceId}/callForwarding/availableNumbers",
        Of::Workspace,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/workspaces/{workspaceId}/callIntercept/availableNumbers",
        Of::Workspace,
        Holds::Forward,
        BTFX,
    ),
    row(
        "/v1/telephony/config/workspaces/{workspaceId}/emergencyCallbackNumber/availableNumbers",
        Of::Workspace,
        Holds::Emergency,
        BTF,
    ),
];

/// Any list: the caller's reach, the list's entity, then the page of what it holds.
pub(crate) async fn answer(call: Call, path: RawPathParams, list: &'static SimList) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    if !list.location_admins && matches!(at.grant.role, Role::LocationAdmin(_)) {
        return Err(call.error(
            StatusCode::FORBIDDEN,
            "This list requires a full or read-only administrator.",
        ));
    }
    let id = path.iter().next().map(|(_, v)| v.to_owned());
    let owner_name = call.param("ownerName").map(str::to_owned);
    if owner_name.as_ref().is_some_and(|n| n.chars().count() > 255) {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "ownerName must be at most 255 characters.",
        ));
    }
    let filter = ListFilter {
        phone_numbers: list_param(&call.params, "phoneNumber"),
        owner_name,
        extension: call.param("extension").map(str::to_owned),
        person_id: call.param("personId").map(str::to_owned),
        license_type: call.param("licenseType").map(str::to_owned),
    };
    let org = at.org;
    let locations = scope(&at, list, id.as_deref())?;
    let items = rules::list(org, list.holds, &locations, &filter);
    call.page("phoneNumbers", 2000)
        .answer(items, |item| item_json(org, list.show, item))
}

/// The locations whose numbers a list holds, after the checks its entity calls for.
fn scope(at: &Authorized<'_>, list: &SimList, id: Option<&str>) -> Result<Vec<usize>, SimError> {
    let org = at.org;
    let id = id.unwrap_or_default();
    let entity = |found: Option<usize>, what: &str| -> Result<Vec<usize>, SimError> {
        let location = found.ok_or_else(|| at.call.not_found(what))?;
        at.reach(location)?;
        Ok(vec![location])
    };
    match list.of {
        Of::Location => Ok(vec![at.located(id)?]),
        Of::Person => entity(org.person(id).map(|p| p.location), "Person"),
        Of::VirtualLine => entity(
            org.virtual_lines
                .iter()
                .find(|v| v.id == id)
                .map(|v| v.location),
            "Virtual line",
        ),
        Of::Workspace => {
            let workspace = org.workspaces.iter().find(|w| w.id == id);
            if list.professional_only && workspace.is_some_and(|w| !w.professional) {
                return Err(at.call.error(
                    StatusCode::BAD_REQUEST,
                    "This list is only available for workspaces with the professional license entitlement.",
                ));
            }
            entity(workspace.map(|w| w.location), "Workspace")
        }
        // Every location the token reaches, unless `locationId` names one.
        Of::Organization => match at.location_filter()? {
            Some(location) => Ok(vec![location]),
            None => Ok((0..org.locations.len())
                .filter(|l| at.grant.covers_location(*l))
                .collect()),
        },
    }
}

/// An item as the list's published example shows one.
fn item_json(org: &Org, show: Show, item: Item<'_>) -> Value {
    match item {
        Item::Number(n) => number_json(org, show, n),
        Item::Extension(f) => extension_json(show, f),
    }
}

fn number_json(org: &Org, show: Show, n: &SimNumber) -> Value {
    let mut item = json!({
        "phoneNumber": n.phone_number,
        "state": if n.active { "ACTIVE" } else { "INACTIVE" },
        "isMainNumber": n.main,
        "isServiceNumber": n.service,
    });
    let telephony = if n.mobile {
        "MOBILE_NUMBER"
    } else {
        "PSTN_NUMBER"
    };
    if show.telephony_type {
        item["telephonyType"] = json!(telephony);
    }
    if show.toll_free {
        item["tollFreeNumber"] = json!(n.toll_free);
    }
    if show.extension
        && let Some(extension) = &n.extension
    {
        item["extension"] = json!(extension);
    }
    if show.location {
        let location = &org.locations[n.location];
        item["location"] = json!({ "id": location.id, "name": location.name });
    }
    if show.mobile && n.mobile {
        // As the published example's mobile item: the Numbers-API spelling beside it.
        item["includedTelephonyTypes"] = json!(telephony);
        item["mobileNetwork"] = json!("mobileNetwork");
        item["routingProfile"] = json!("AttRtPf");
    }
    if let Some(owner) = &n.owner {
        let mut o = Map::new();
        o.insert("id".into(), json!(owner.id));
        o.insert("type".into(), json!(owner.kind));
        for (key, value) in [
            ("firstName", &owner.first_name),
            ("lastName", &owner.last_name),
            ("displayName", &owner.display_name),
        ] {
            if let Some(v) = value {
                o.insert(key.into(), json!(v));
            }
        }
        item["owner"] = Value::Object(o);
    }
    item
}

/// A feature reached by its extension alone: no `phoneNumber`, as the call-forward schemas allow.
fn extension_json(show: Show, f: &SimFeature) -> Value {
    let mut item = json!({
        "extension": f.extension,
        "state": "ACTIVE",
        "isMainNumber": false,
        "isServiceNumber": false,
        "owner": { "id": f.id, "type": f.kind.owner_type(), "displayName": f.name },
    });
    if show.telephony_type {
        item["telephonyType"] = json!("PSTN_NUMBER");
    }
    if show.toll_free {
        item["tollFreeNumber"] = json!(false);
    }
    item
}
