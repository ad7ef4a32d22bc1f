//! The caller ID settings of people, workspaces and virtual lines.

use serde::{Deserialize, Serialize};

use crate::webex::lenient;

/// The `directLineCallerIdName` object of a caller ID answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DirectLineCallerIdName {
    #[serde(deserialize_with = "lenient::string", default)]
    pub selection: Option<String>,
    #[serde(deserialize_with = "lenient::string", default)]
    pub custom_name: Option<String>,
}

/// The caller ID settings of a person or virtual line (`CallerIdInfo`) or of a workspace
/// (`PlaceCallerIdGet`): one model for the union of both shapes, each field optional, so a field
/// one entity's endpoint lacks is simply absent. Serialized (a job's item results) in the same
/// shape it is read from.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
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
