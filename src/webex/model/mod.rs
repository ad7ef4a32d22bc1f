//! Serde models of the Webex REST payloads the facade reads, holding only the fields it reads, so
//! the contract tests (`tests/api/contract.rs`) can hold each against the published examples.
//! Every model tolerates unknown fields (Webex adds fields without notice), absent or `null`
//! optional fields and the type disagreements of the published sources (see `lenient`).

use serde::Deserialize;

use super::lenient;

mod caller_id;
mod ecbn;
mod numbers;

pub use caller_id::{CallerId, DirectLineCallerIdName};
pub use ecbn::{CallbackInfo, Ecbn, EcbnDependencies};
pub use numbers::{NumberItem, NumberList, NumberOwner};

/// `{id, name}` pairs as Webex nests them (`location`, `department`, ...).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct IdName {
    #[serde(deserialize_with = "lenient::string", default)]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
}

/// A phone number of a person (`phoneNumbers[]` in the people API).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonPhoneNumber {
    #[serde(deserialize_with = "lenient::string", default, rename = "type")]
    pub number_type: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub value: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub primary: Option<bool>,
}

/// A person as `GET /people/{id}` and `GET /people?id=...&callingData=true` return it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    #[serde(deserialize_with = "lenient::strings", default)]
    pub emails: Vec<String>,
    #[serde(deserialize_with = "lenient::list", default)]
    pub phone_numbers: Vec<PersonPhoneNumber>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub extension: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub display_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub last_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub nick_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub department: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub timezone: Option<String>,
}

/// `GET /people?id=...`: `{items, notFoundIds}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeopleList {
    #[serde(deserialize_with = "lenient::list", default)]
    pub items: Vec<Person>,
    #[serde(deserialize_with = "lenient::strings", default)]
    pub not_found_ids: Vec<String>,
}

/// A location's postal address.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(deserialize_with = "lenient::string", default)]
    pub address1: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub address2: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub city: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub state: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub postal_code: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub country: Option<String>,
}

/// `GET /locations/{id}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: String,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub time_zone: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub preferred_language: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub announcement_language: Option<String>,
    /// Webex sends coordinates as strings (`"12.935784"`).
    #[serde(deserialize_with = "lenient::string", default)]
    pub latitude: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub longitude: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub notes: Option<String>,
}

/// The calling part of a workspace.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceCalling {
    #[serde(deserialize_with = "lenient::string", default, rename = "type")]
    pub calling_type: Option<String>,
}

/// `GET /workspaces/{id}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: String,
    #[serde(deserialize_with = "lenient::string", default)]
    pub display_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_id: Option<String>,
    #[serde(deserialize_with = "lenient::integer", default)]
    pub capacity: Option<i64>,
    #[serde(deserialize_with = "lenient::string", default, rename = "type")]
    pub workspace_type: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub sip_address: Option<String>,
    #[serde(default)]
    pub calling: Option<WorkspaceCalling>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub notes: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub hotdesking_status: Option<String>,
}

/// The `number` object of a virtual line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLineNumber {
    #[serde(deserialize_with = "lenient::string", default)]
    pub external: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub extension: Option<String>,
}

/// An item of `GET /telephony/config/virtualLines?id=...` (`virtualLines[]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLine {
    pub id: String,
    #[serde(deserialize_with = "lenient::string", default)]
    pub first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub last_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub caller_id_first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub caller_id_last_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub caller_id_number: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub external_caller_id_name_policy: Option<String>,
    #[serde(default)]
    pub number: Option<VirtualLineNumber>,
    #[serde(default)]
    pub location: Option<IdName>,
    #[serde(deserialize_with = "lenient::integer", default)]
    pub number_of_devices_assigned: Option<i64>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub billing_plan: Option<String>,
}

/// `{"virtualLines": [...]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualLineList {
    #[serde(deserialize_with = "lenient::list", default)]
    pub virtual_lines: Vec<VirtualLine>,
}

/// The detail of a location-scoped calling feature: hunt group, call queue, auto attendant, paging
/// group, voicemail group or voice portal. Their payloads share these fields; each GraphQL type shows
/// the ones its endpoint returns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feature {
    /// Read from list items, to match them to the owners they describe.
    #[serde(deserialize_with = "lenient::string", default)]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub phone_number: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub extension: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub toll_free_number: Option<bool>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub language: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub language_code: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub department: Option<IdName>,
}

impl Feature {
    /// Whether the payload carried `field` (its Webex name). Only the fields some list items
    /// carry and others lack are asked about; any other name answers `true`.
    pub fn has(&self, field: &str) -> bool {
        match field {
            "extension" => self.extension.is_some(),
            "language" => self.language.is_some(),
            "timeZone" => self.time_zone.is_some(),
            _ => true,
        }
    }
}

/// `GET /telephony/config/premisePstn/routeLists/{id}`; the payload carries no id.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteList {
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    #[serde(default)]
    pub location: Option<IdName>,
    #[serde(default)]
    pub route_group: Option<RouteGroup>,
}

/// An item of `GET /telephony/config/premisePstn/routeLists`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteListItem {
    #[serde(deserialize_with = "lenient::required_string")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub route_group_id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub route_group_name: Option<String>,
}

impl RouteListItem {
    /// The detail shape, from what the list carries (`routeGroup.inUse` is detail-only).
    pub fn into_route_list(self) -> RouteList {
        RouteList {
            name: self.name,
            location: Some(IdName {
                id: self.location_id,
                name: self.location_name,
            }),
            route_group: Some(RouteGroup {
                id: self.route_group_id,
                name: self.route_group_name,
                in_use: None,
            }),
        }
    }
}

/// The route group a route list uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroup {
    #[serde(deserialize_with = "lenient::string", default)]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub in_use: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_absences_and_both_spellings_of_a_disagreement_decode() {
        let p: PeopleList = serde_json::from_str(
            r#"{"items":[{"id":"P","emails":null,"phoneNumbers":null,"extension":1234}],"notFoundIds":null}"#,
        )
        .unwrap();
        assert!(p.not_found_ids.is_empty() && p.items[0].emails.is_empty());
        assert_eq!(p.items[0].extension.as_deref(), Some("1234"));
        let f: Feature = serde_json::from_str(
            r#"{"extension":1273,"tollFreeNumber":"false","enabled":null,"phoneNumber":null}"#,
        )
        .unwrap();
        assert_eq!(f.extension.as_deref(), Some("1273"));
        assert_eq!(
            (f.toll_free_number, f.enabled, f.phone_number),
            (Some(false), None, None)
        );
        let w: Workspace = serde_json::from_str(r#"{"id":"W","capacity":"12"}"#).unwrap();
        assert_eq!(w.capacity, Some(12));
    }
}
