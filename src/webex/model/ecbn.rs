//! The emergency callback settings of people, workspaces, virtual lines and locations, and a
//! member's dependencies (`shared/webex-numbers.md` §2). One lenient model for the four GET
//! shapes: every field optional, enums kept as strings so a value Webex adds cannot fail a read.

use serde::Deserialize;

use crate::webex::lenient;

/// One block of a callback setting: `directLineInfo`, `locationECBNInfo`, `locationMemberInfo`,
/// `defaultInfo`, or a location's `locationInfo`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CallbackInfo {
    #[serde(deserialize_with = "lenient::string", default)]
    pub phone_number: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub first_name: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub last_name: Option<String>,
    /// A location's block names the location.
    #[serde(deserialize_with = "lenient::string", default)]
    pub name: Option<String>,
    /// `locationMemberInfo` only: the member to send back as `locationMemberId`.
    #[serde(deserialize_with = "lenient::string", default)]
    pub member_id: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub member_type: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub effective_level: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub effective_value: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub quality: Option<String>,
}

/// The emergency callback settings of a person, workspace, virtual line or location.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Ecbn {
    #[serde(deserialize_with = "lenient::string", default)]
    pub selected: Option<String>,
    #[serde(default, rename = "directLineInfo")]
    pub direct_line: Option<CallbackInfo>,
    #[serde(default, rename = "locationECBNInfo")]
    pub location_ecbn: Option<CallbackInfo>,
    #[serde(default, rename = "locationMemberInfo")]
    pub member: Option<CallbackInfo>,
    #[serde(default, rename = "defaultInfo")]
    pub default: Option<CallbackInfo>,
    /// A location's own main number block.
    #[serde(default, rename = "locationInfo")]
    pub location: Option<CallbackInfo>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub elin_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub elin_for_webex_app_enabled: Option<bool>,
    #[serde(deserialize_with = "lenient::integer", default)]
    pub elin_expiry_time_minutes: Option<i64>,
}

impl Ecbn {
    /// The block `selected` puts in force: direct line, location ECBN, member, the location's
    /// number, or the default when none is (`NONE`). An inference from the descriptions: the
    /// spec does not say which block answers which selection.
    pub fn in_force(&self) -> Option<&CallbackInfo> {
        match self.selected.as_deref()? {
            "DIRECT_LINE" => self.direct_line.as_ref(),
            "LOCATION_ECBN" => self.location_ecbn.as_ref(),
            "LOCATION_MEMBER_NUMBER" => self.member.as_ref(),
            "LOCATION_NUMBER" => self.location.as_ref(),
            "NONE" => self.default.as_ref(),
            _ => None,
        }
    }
}

/// `…/emergencyCallbackNumber/dependencies`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct EcbnDependencies {
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub is_location_ecbn_default: Option<bool>,
    #[serde(deserialize_with = "lenient::boolean", default)]
    pub is_self_ecbn_default: Option<bool>,
    #[serde(deserialize_with = "lenient::integer", default)]
    pub dependent_member_count: Option<i64>,
}
