//! Serde models of the Webex REST payloads the facade reads, holding only the fields it reads, so
//! the contract tests (`tests/api/contract.rs`) can hold each against the published examples.
//! Every model tolerates unknown fields (Webex adds fields without notice), absent or `null`
//! optional fields and the type disagreements of the published sources (see `lenient`).

use serde::Deserialize;

use super::lenient;

/// `{id, name}` pairs as Webex nests them (`location`, `department`, ...).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct IdName {
    #[serde(deserialize_with = "lenient::string", default)]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
}

/// One item of any of the 38 available-numbers lists (`webex/sources.rs`). Every field is
/// optional, and both spellings the published sources show are read: the external caller ID
/// schema's Numbers-API names (`mainNumber`, `includedTelephonyTypes`) beside the examples'
/// (`isMainNumber`, `telephonyType`). Which fields a list gives is its row's `Fields`; an item
/// the list needs a number for and that has none is skipped (see `NumbersPage::skipped`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberItem {
    #[serde(deserialize_with = "lenient::string", default)]
    pub phone_number: Option<String>,
    /// Call-forward, call-intercept and operating-mode items; an item may hold only this.
    #[serde(deserialize_with = "lenient::string", default)]
    pub extension: Option<String>,
    /// `ACTIVE` or `INACTIVE`; kept as a string so a new value cannot fail the whole page.
    #[serde(deserialize_with = "lenient::string", default)]
    pub state: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub is_main_number: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub main_number: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub toll_free_number: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub is_service_number: Option<bool>,
    /// `PSTN_NUMBER` or `MOBILE_NUMBER`.
    #[serde(deserialize_with = "lenient::string", default)]
    pub telephony_type: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub included_telephony_types: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub mobile_network: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub routing_profile: Option<String>,
    #[serde(default)]
    pub location: Option<IdName>,
    #[serde(default)]
    pub owner: Option<NumberOwner>,
}

impl NumberItem {
    /// Whether it is its location's main number, in either spelling.
    pub fn main(&self) -> Option<bool> {
        self.is_main_number.or(self.main_number)
    }

    /// Its telephony type: `telephonyType`, else the examples' `includedTelephonyTypes`.
    pub fn telephony(&self) -> Option<&str> {
        self.telephony_type
            .as_deref()
            .or(self.included_telephony_types.as_deref())
    }
}

/// The `owner` object of an available number. Webex documents every field as optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberOwner {
    #[serde(deserialize_with = "lenient::string", default)]
    pub id: Option<String>,
    /// The raw owner type; spellings drift between Webex APIs (`GROUP_PAGING` / `PAGING_GROUP`).
    #[serde(deserialize_with = "lenient::string", default, rename = "type")]
    pub owner_type: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub last_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub display_name: Option<String>,
}

impl NumberOwner {
    /// The owner's kind, aliases folded (`crate::kind`); `None` for a type this service does not
    /// know yet, whose raw string stays in [`NumberOwner::owner_type`].
    pub fn kind(&self) -> Option<crate::kind::Kind> {
        self.owner_type
            .as_deref()
            .and_then(crate::kind::Kind::of_owner_type)
    }
}

/// `{"phoneNumbers": [...]}`, items still raw text: each is decoded on its own, so one malformed
/// item cannot fail the page, and none goes through an intermediate `serde_json::Value` (a
/// 2000-number page used to be parsed, copied and converted again, item by item).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberList {
    #[serde(deserialize_with = "lenient::list", default)]
    pub phone_numbers: Vec<Box<serde_json::value::RawValue>>,
}

impl NumberList {
    /// Every item, decoded.
    pub fn items(&self) -> impl Iterator<Item = Result<NumberItem, serde_json::Error>> + '_ {
        self.phone_numbers
            .iter()
            .map(|raw| serde_json::from_str(raw.get()))
    }
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

/// The `directLineCallerIdName` object of a caller ID answer.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DirectLineCallerIdName {
    #[serde(deserialize_with = "lenient::string", default)]
    pub selection: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub custom_name: Option<String>,
}

/// The caller ID settings of a person or virtual line (`CallerIdInfo`) or of a workspace
/// (`PlaceCallerIdGet`): one model for the union of both shapes, each field optional, so a field
/// one entity's endpoint lacks is simply absent.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CallerId {
    /// The values `selected` may take (Webex `types`).
    #[serde(deserialize_with = "lenient::strings", default)]
    pub types: Vec<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub selected: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub direct_number: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub extension_number: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_number: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub toll_free_location_number: Option<bool>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub custom_number: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub block_in_forward_calls_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub external_caller_id_name_policy: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub custom_external_caller_id_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub location_external_caller_id_name: Option<String>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub additional_external_caller_id_direct_line_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub additional_external_caller_id_location_number_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub additional_external_caller_id_custom_number: Option<String>,
    #[serde(default)]
    pub direct_line_caller_id_name: Option<DirectLineCallerIdName>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub dial_by_first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub dial_by_last_name: Option<String>,
    /// Workspaces only.
    #[serde(deserialize_with = "lenient::string", default)]
    pub dial_by_name: Option<String>,
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

    fn item(json: &str) -> Result<NumberItem, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn the_spec_example_decodes_and_unknown_fields_are_ignored() {
        let body = r#"{"phoneNumbers":[{"phoneNumber":"+12036390542","state":"ACTIVE","isMainNumber":false,
            "tollFreeNumber":false,"isServiceNumber":true,"esn":"8123","newField":{"x":1},
            "location":{"id":"L1","name":"Bangalore"},
            "owner":{"id":"H1","type":"HUNT_GROUP","displayName":"testingdemo"}},
            {"phoneNumber":"+447975777969","state":"INACTIVE","isMainNumber":true,"tollFreeNumber":false,
            "isServiceNumber":false,"location":{"id":"L1","name":"Bangalore"}}]}"#;
        let list: NumberList = serde_json::from_str(body).unwrap();
        let items: Vec<NumberItem> = list.items().map(Result::unwrap).collect();
        let owner = items[0].owner.as_ref().unwrap();
        assert_eq!(owner.owner_type.as_deref(), Some("HUNT_GROUP"));
        assert!(items[1].owner.is_none());
    }

    #[test]
    fn nulls_absences_and_both_spellings_of_a_disagreement_decode() {
        let n = item(r#"{"phoneNumber":"+1","isMainNumber":null,"tollFreeNumber":"true","state":"PORTING","owner":{"id":"X","type":"AI_RECEPTIONIST","displayName":null}}"#).unwrap();
        assert_eq!(
            (n.main(), n.toll_free_number, n.is_service_number),
            (None, Some(true), None)
        );
        // The Numbers-API spellings the external caller ID schema uses.
        let m = item(
            r#"{"phoneNumber":"+1","mainNumber":true,"includedTelephonyTypes":"MOBILE_NUMBER"}"#,
        )
        .unwrap();
        assert_eq!(
            (m.main(), m.telephony()),
            (Some(true), Some("MOBILE_NUMBER"))
        );
        let m = item(r#"{"extension":"1234","telephonyType":"PSTN_NUMBER","includedTelephonyTypes":"MOBILE_NUMBER"}"#)
            .unwrap();
        assert_eq!(
            (m.phone_number, m.telephony_type.as_deref()),
            (None, Some("PSTN_NUMBER"))
        );
        assert_eq!(n.state.as_deref(), Some("PORTING"));
        assert_eq!(n.owner.unwrap().display_name, None);
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

    #[test]
    fn an_item_with_an_impossible_type_does_not_decode() {
        assert!(item(r#"{"phoneNumber":"+1","isMainNumber":"maybe"}"#).is_err());
        assert!(item(r#"{"phoneNumber":"+1","owner":{"id":{"x":1}}}"#).is_err());
        assert_eq!(
            item(r#"{"phoneNumber":12036390542}"#)
                .unwrap()
                .phone_number
                .as_deref(),
            Some("12036390542")
        );
    }
}
