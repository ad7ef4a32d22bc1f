//! `GET /telephony/config/numbers`: every number of the organization with its location and
//! owner, filtered by `phoneNumber` (one number), `locationId`, `ownerName` and `ownerId`; the
//! facade asks it where a refused number lives. Items have the published example's fields.

use serde_json::{Map, Value, json};

use crate::simulator::auth::TELEPHONY_READ;
use crate::simulator::org::{Org, SimNumber};
use crate::simulator::wire::{Call, SimResult, name_matches};

pub(crate) async fn list(call: Call) -> SimResult {
    let at = call.authorized(&[TELEPHONY_READ])?;
    let location = at.location_filter()?;
    let (grant, org) = (at.grant, at.org);
    let phone = call.param("phoneNumber");
    let owner_id = call.param("ownerId");
    let owner_name = call.param("ownerName");
    let items: Vec<&SimNumber> = org
        .numbers
        .iter()
        .filter(|n| grant.covers_location(n.location))
        .filter(|n| location.is_none_or(|l| n.location == l))
        .filter(|n| phone.is_none_or(|p| n.phone_number == p))
        .filter(|n| owner_id.is_none_or(|id| n.owner.as_ref().is_some_and(|o| o.id == id)))
        .filter(|n| {
            owner_name.is_none()
                || n.owner.as_ref().is_some_and(|o| {
                    let name = o.display_name.clone().unwrap_or_else(|| {
                        format!(
                            "{} {}",
                            o.first_name.as_deref().unwrap_or_default(),
                            o.last_name.as_deref().unwrap_or_default()
                        )
                    });
                    name_matches(owner_name, &name)
                })
        })
        .collect();
    call.page("phoneNumbers", 2000)
        .answer(items, |n| number_json(org, n))
}

fn number_json(org: &Org, n: &SimNumber) -> Value {
    let location = &org.locations[n.location];
    let telephony = if n.mobile {
        "MOBILE_NUMBER"
    } else {
        "PSTN_NUMBER"
    };
    let mut item = json!({
        "phoneNumber": n.phone_number,
        "state": if n.active { "ACTIVE" } else { "INACTIVE" },
        "phoneNumberType": "PRIMARY",
        "mainNumber": n.main,
        "includedTelephonyTypes": telephony,
        "tollFreeNumber": n.toll_free,
        "isServiceNumber": n.service,
        "location": { "id": location.id, "name": location.name },
        "isReservedNumber": false,
    });
    if let Some(extension) = &n.extension {
        item["extension"] = json!(extension);
    }
    if n.mobile {
        item["mobileNetwork"] = json!("mobileNetwork");
        item["routingProfile"] = json!("AttRtPf");
    }
    if let Some(owner) = &n.owner {
        // The published item's owner has no `displayName`: a named owner's name is its first.
        let mut o = Map::new();
        o.insert("id".into(), json!(owner.id));
        o.insert("type".into(), json!(owner.kind));
        let first = owner.first_name.clone().or(owner.display_name.clone());
        if let Some(first) = first {
            o.insert("firstName".into(), json!(first));
        }
        if let Some(last) = &owner.last_name {
            o.insert("lastName".into(), json!(last));
        }
        item["owner"] = Value::Object(o);
    }
    item
}
