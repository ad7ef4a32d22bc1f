//! The items of the available-numbers lists: one lenient model for the 38 shapes.

use serde::Deserialize;

use super::IdName;
use crate::webex::lenient;

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
