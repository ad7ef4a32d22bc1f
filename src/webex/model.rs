//! Serde models of the Webex REST payloads the facade reads. Every model tolerates unknown fields
//! (Webex adds fields without notice) and absent optional fields (the specs and live answers disagree
//! on which fields are present; see `webex-api.md`). Only what the facade exposes is modelled.

use serde::{Deserialize, Serialize};

/// `{id, name}` pairs as Webex nests them (`location`, `department`, ...).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct IdName {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// One item of `GET .../externalCallerId/availableNumbers`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableNumber {
    #[serde(default)]
    pub phone_number: String,
    /// `ACTIVE` or `INACTIVE`; kept as a string so a new value cannot fail the whole page.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub is_main_number: bool,
    #[serde(default)]
    pub toll_free_number: bool,
    #[serde(default)]
    pub is_service_number: bool,
    #[serde(default)]
    pub location: Option<IdName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<NumberOwner>,
}

/// The `owner` object of an available number. Webex documents every field as optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberOwner {
    #[serde(default)]
    pub id: Option<String>,
    /// The raw owner type; spellings drift between Webex APIs (`GROUP_PAGING` / `PAGING_GROUP`).
    #[serde(default, rename = "type")]
    pub owner_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `{"phoneNumbers": [...]}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableNumberList {
    #[serde(default)]
    pub phone_numbers: Vec<AvailableNumber>,
}

/// A phone number of a person (`phoneNumbers[]` in the people API).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonPhoneNumber {
    #[serde(default, rename = "type")]
    pub number_type: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub primary: Option<bool>,
}

/// A person as `GET /people/{id}` and `GET /people?id=...&callingData=true` return it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phone_numbers: Vec<PersonPhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub person_type: Option<String>,
}

/// `GET /people?id=...`: `{items, notFoundIds}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeopleList {
    #[serde(default)]
    pub items: Vec<Person>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_found_ids: Vec<String>,
}

/// A location's postal address.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `GET /locations/{id}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement_language: Option<String>,
    /// Webex sends coordinates as strings (`"12.935784"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The calling part of a workspace.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceCalling {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub calling_type: Option<String>,
}

/// `GET /workspaces/{id}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub workspace_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling: Option<WorkspaceCalling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotdesking_status: Option<String>,
}

/// The `number` object of a virtual line.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLineNumber {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}

/// An item of `GET /telephony/config/virtualLines?id=...` (`virtualLines[]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLine {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_caller_id_name_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<VirtualLineNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<IdName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_devices_assigned: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_plan: Option<String>,
}

/// `{"virtualLines": [...]}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLineList {
    #[serde(default)]
    pub virtual_lines: Vec<VirtualLine>,
}

/// The detail of a location-scoped calling feature: hunt group, call queue, auto attendant, paging
/// group, voicemail group or voice portal. Their payloads share these fields; each GraphQL type shows
/// the ones its endpoint returns.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Feature {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toll_free_number: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<IdName>,
}

/// `GET /telephony/config/premisePstn/routeLists/{id}`; the payload carries no id.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<IdName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_group: Option<RouteGroup>,
}

/// The route group a route list uses.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_use: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_example_decodes_and_unknown_fields_are_ignored() {
        let body = r#"{"phoneNumbers":[{"phoneNumber":"+12036390542","state":"ACTIVE","isMainNumber":false,
            "tollFreeNumber":false,"isServiceNumber":true,"esn":"8123","newField":{"x":1},
            "location":{"id":"L1","name":"Bangalore"},
            "owner":{"id":"H1","type":"HUNT_GROUP","displayName":"testingdemo"}},
            {"phoneNumber":"+447975777969","state":"INACTIVE","isMainNumber":true,"tollFreeNumber":false,
            "isServiceNumber":false,"location":{"id":"L1","name":"Bangalore"}}]}"#;
        let list: AvailableNumberList = serde_json::from_str(body).unwrap();
        assert_eq!(list.phone_numbers.len(), 2);
        let owner = list.phone_numbers[0].owner.as_ref().unwrap();
        assert_eq!(owner.owner_type.as_deref(), Some("HUNT_GROUP"));
        assert!(list.phone_numbers[1].owner.is_none());
    }

    #[test]
    fn absent_optional_fields_take_defaults() {
        let n: AvailableNumber = serde_json::from_str(r#"{"phoneNumber":"+1"}"#).unwrap();
        assert!(!n.is_main_number && n.location.is_none() && n.state.is_none());
        let p: PeopleList = serde_json::from_str(r#"{"items":[{"id":"P"}]}"#).unwrap();
        assert!(p.not_found_ids.is_empty() && p.items[0].emails.is_empty());
    }
}
