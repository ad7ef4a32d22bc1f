//! The `/telephony/config` resources: hunt groups, call queues, auto attendants, paging groups,
//! voicemail groups (lists by `locationId`/`name`/`phoneNumber`, details under their location),
//! voice portals, premises route lists and virtual lines.
//!
//! Call queues with a Customer Assist licence are visible only with `hasCxEssentials=true`, and
//! the others only without it, on the list and on the detail endpoint alike: the spec says the
//! flag "must be set to true to view" those queues.

use axum::Json;
use axum::extract::Path;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::simulator::auth::TELEPHONY_READ;
use crate::simulator::org::{FeatureType, Org, SimFeature, SimRouteList, SimVirtualLine};
use crate::simulator::wire::{Call, SimResult, list_param, name_matches, param};

impl FeatureType {
    /// The list endpoint's path segment and the key its items come under.
    fn list_key(self) -> &'static str {
        match self {
            FeatureType::HuntGroup => "huntGroups",
            FeatureType::CallQueue => "queues",
            FeatureType::AutoAttendant => "autoAttendants",
            FeatureType::Paging => "locationPaging",
            FeatureType::VoicemailGroup => "voicemailGroups",
            FeatureType::VoicePortal => "voicePortals",
        }
    }

    fn label(self) -> &'static str {
        match self {
            FeatureType::HuntGroup => "Hunt group",
            FeatureType::CallQueue => "Call queue",
            FeatureType::AutoAttendant => "Auto attendant",
            FeatureType::Paging => "Paging group",
            FeatureType::VoicemailGroup => "Voicemail group",
            FeatureType::VoicePortal => "Voice portal",
        }
    }
}

/// Whether a call queue is visible to a call with this `hasCxEssentials` value.
fn cx_visible(f: &SimFeature, params: &[(String, String)]) -> bool {
    f.kind != FeatureType::CallQueue
        || f.cx_essentials == (param(params, "hasCxEssentials") == Some("true"))
}

/// `GET /telephony/config/{huntGroups|queues|autoAttendants|paging|voicemailGroups}`.
pub(crate) async fn feature_list(call: Call, kind: FeatureType) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let (grant, org, params) = (at.grant, at.org, &call.params);
    let location = at.location_filter()?;
    let name = call.param("name");
    let phones = list_param(params, "phoneNumber");
    let items = org
        .features
        .iter()
        .filter(|f| f.kind == kind && grant.covers_location(f.location))
        .filter(|f| location.is_none_or(|l| f.location == l))
        .filter(|f| name_matches(name, &f.name))
        .filter(|f| {
            phones.is_empty() || f.phone_number.as_ref().is_some_and(|p| phones.contains(p))
        })
        .filter(|f| cx_visible(f, params))
        .collect();
    let hunt_group_extension = call.sim.hunt_group_list_extension;
    call.page(kind.list_key(), 2000)
        .answer(items, |f| feature_item_json(org, f, hunt_group_extension))
}

/// `GET /telephony/config/locations/{locationId}/{kind}/{id}`.
pub(crate) async fn feature_detail(
    call: Call,
    Path((location_id, id)): Path<(String, String)>,
    kind: FeatureType,
) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let location = at.located(&location_id)?;
    // A feature asked for under another location's path is not found there, as in Webex.
    match at
        .org
        .features
        .iter()
        .find(|f| f.kind == kind && f.id == id)
    {
        Some(f) if f.location == location && cx_visible(f, &call.params) => {
            Ok(Json(feature_detail_json(at.org, f)).into_response())
        }
        _ => Err(call.not_found(kind.label())),
    }
}

/// `GET /telephony/config/locations/{locationId}/voicePortal`: one per location, no id.
pub(crate) async fn voice_portal(call: Call, Path(location_id): Path<String>) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let location = at.located(&location_id)?;
    at.org
        .features
        .iter()
        .find(|f| f.kind == FeatureType::VoicePortal && f.location == location)
        .map(|f| Json(feature_detail_json(at.org, f)).into_response())
        .ok_or_else(|| call.not_found("Voice portal"))
}

fn language(org: &Org, f: &SimFeature) -> (&'static str, &'static str) {
    let code = org.locations[f.location].language;
    (if code == "de_de" { "German" } else { "English" }, code)
}

/// A list item, with the fields the spec's list example shows for its kind.
fn feature_item_json(org: &Org, f: &SimFeature, hunt_group_extension: bool) -> Value {
    let location = &org.locations[f.location];
    let mut item = json!({
        "id": f.id,
        "name": f.name,
        "locationName": location.name,
        "locationId": location.id,
    });
    let add = |item: &mut Value, key: &str, value: Value| item[key] = value;
    // A feature reached by extension alone has no number to show.
    if let Some(phone) = &f.phone_number {
        add(&mut item, "phoneNumber", json!(phone));
    }
    match f.kind {
        FeatureType::HuntGroup => {
            add(&mut item, "enabled", json!(true));
            if hunt_group_extension {
                add(&mut item, "extension", json!(f.extension));
            }
        }
        FeatureType::CallQueue => {
            add(&mut item, "hasCxEssentials", json!(f.cx_essentials));
            add(&mut item, "enabled", json!(true));
            add(&mut item, "extension", json!(f.extension));
            add(&mut item, "tollFreeNumber", json!(f.toll_free));
            if let Some((id, name)) = &f.department {
                add(&mut item, "department", json!({ "id": id, "name": name }));
            }
        }
        FeatureType::AutoAttendant | FeatureType::Paging => {
            add(&mut item, "extension", json!(f.extension));
            add(&mut item, "tollFreeNumber", json!(f.toll_free));
        }
        FeatureType::VoicemailGroup => {
            add(&mut item, "extension", json!(f.extension));
            add(&mut item, "enabled", json!(true));
            add(&mut item, "tollFreeNumber", json!(f.toll_free));
        }
        FeatureType::VoicePortal => {}
    }
    item
}

/// A detail answer, with the fields the spec's detail example shows for its kind.
fn feature_detail_json(org: &Org, f: &SimFeature) -> Value {
    let (language, code) = language(org, f);
    let time_zone = org.locations[f.location].time_zone;
    match f.kind {
        // The hunt group detail carries no phone number and no location.
        FeatureType::HuntGroup => json!({
            "id": f.id, "name": f.name, "enabled": true, "extension": f.extension,
            "language": language, "languageCode": code, "timeZone": time_zone,
        }),
        FeatureType::CallQueue => {
            let mut queue = json!({
                "id": f.id, "name": f.name, "hasCxEssentials": f.cx_essentials, "enabled": true,
                "language": language, "languageCode": code, "firstName": f.name, "lastName": ".",
                "timeZone": time_zone,
            });
            if let Some((id, name)) = &f.department {
                queue["department"] = json!({ "id": id, "name": name });
            }
            queue
        }
        FeatureType::AutoAttendant => json!({
            "id": f.id, "name": f.name, "enabled": true, "phoneNumber": f.phone_number,
            "extension": f.extension, "tollFreeNumber": f.toll_free, "firstName": f.name,
            "lastName": ".", "language": language, "languageCode": code, "timeZone": time_zone,
        }),
        FeatureType::Paging => json!({
            "id": f.id, "enabled": true, "name": f.name, "phoneNumber": f.phone_number,
            "extension": f.extension, "language": language, "languageCode": code,
            "firstName": f.name, "lastName": ".",
        }),
        // The published schema types the extension as a number (its example shows a string):
        // the simulator sends the number, so the client's tolerance is exercised end to end.
        FeatureType::VoicemailGroup => json!({
            "id": f.id, "name": f.name, "phoneNumber": f.phone_number,
            "extension": f.extension.parse::<u64>().map_or_else(|_| json!(f.extension), |n| json!(n)),
            "tollFreeNumber": f.toll_free, "firstName": f.name, "lastName": ".", "enabled": true,
            "languageCode": code,
        }),
        FeatureType::VoicePortal => json!({
            "id": f.id, "name": f.name, "language": language, "languageCode": code,
            "extension": f.extension, "phoneNumber": f.phone_number, "firstName": f.name,
            "lastName": ".",
        }),
    }
}

/// `GET /telephony/config/premisePstn/routeLists` (by `name`, `locationId`).
pub(crate) async fn route_lists(call: Call) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let (grant, org) = (at.grant, at.org);
    let location = at.location_filter()?;
    let name = call.param("name");
    let items = org
        .route_lists
        .iter()
        .filter(|r| grant.covers_location(r.location))
        .filter(|r| location.is_none_or(|l| r.location == l))
        .filter(|r| name_matches(name, &r.name))
        .collect();
    call.page("routeLists", 2000).answer(items, |r| {
        let location = &org.locations[r.location];
        json!({
            "id": r.id, "name": r.name, "locationId": location.id,
            "locationName": location.name, "routeGroupId": r.route_group_id,
            "routeGroupName": r.route_group_name,
        })
    })
}

/// `GET /telephony/config/premisePstn/routeLists/{id}`: the answer carries no id.
pub(crate) async fn route_list(call: Call, Path(id): Path<String>) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    match at.org.route_lists.iter().find(|r| r.id == id) {
        Some(r) if at.grant.covers_location(r.location) => {
            Ok(Json(route_list_json(at.org, r)).into_response())
        }
        _ => Err(call.not_found("Route list")),
    }
}

fn route_list_json(org: &Org, r: &SimRouteList) -> Value {
    let location = &org.locations[r.location];
    json!({
        "name": r.name,
        "location": { "id": location.id, "name": location.name },
        "routeGroup": { "id": r.route_group_id, "name": r.route_group_name, "inUse": true },
    })
}

/// `GET /telephony/config/virtualLines` (by `id`, repeated or comma-separated, `locationId`,
/// `phoneNumber`).
pub(crate) async fn virtual_lines(call: Call) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let (grant, org) = (at.grant, at.org);
    let location = at.location_filter()?;
    let ids = list_param(&call.params, "id");
    let phones = list_param(&call.params, "phoneNumber");
    let items = org
        .virtual_lines
        .iter()
        .filter(|v| grant.covers_location(v.location))
        .filter(|v| location.is_none_or(|l| v.location == l))
        .filter(|v| ids.is_empty() || ids.contains(&v.id))
        .filter(|v| phones.is_empty() || phones.contains(&v.phone_number))
        .collect();
    call.page("virtualLines", 2000)
        .answer(items, |v| virtual_line_item_json(org, v))
}

/// `GET /telephony/config/virtualLines/{id}`: the detail shape, not the list item's.
pub(crate) async fn virtual_line(call: Call, Path(id): Path<String>) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let org = at.org;
    match org.virtual_lines.iter().find(|v| v.id == id) {
        Some(v) if at.grant.covers_location(v.location) => {
            let location = &org.locations[v.location];
            let mut address = json!({
                "address1": location.address1, "city": location.city,
                "postalCode": location.postal_code, "country": location.country,
            });
            if let Some(a2) = &location.address2 {
                address["address2"] = json!(a2);
            }
            if let Some(state) = location.state {
                address["state"] = json!(state);
            }
            Ok(Json(json!({
                "id": v.id,
                "firstName": v.first_name,
                "lastName": v.last_name,
                "displayName": format!("{} {}", v.first_name, v.last_name),
                "directorySearchEnabled": true,
                "announcementLanguage": location.language,
                "timeZone": location.time_zone,
                "number": { "external": v.phone_number, "extension": v.extension, "primary": true },
                "devices": [],
                "location": { "name": location.name, "id": location.id, "address": address },
            }))
            .into_response())
        }
        _ => Err(call.not_found("Virtual line")),
    }
}

fn virtual_line_item_json(org: &Org, v: &SimVirtualLine) -> Value {
    let location = &org.locations[v.location];
    json!({
        "id": v.id,
        "lastName": v.last_name,
        "firstName": v.first_name,
        "callerIdLastName": v.last_name,
        "callerIdFirstName": v.first_name,
        "callerIdNumber": v.phone_number,
        "externalCallerIdNamePolicy": "DIRECT_LINE",
        "number": { "external": v.phone_number, "extension": v.extension, "primary": true },
        "location": { "name": location.name, "id": location.id },
        "numberOfDevicesAssigned": v.devices,
        "billingPlan": "BP-VL-1",
    })
}
