//! Caller ID settings of people, workspaces and virtual lines: `GET /people/{id}/features/callerId`,
//! `GET /workspaces/{id}/features/callerId`, `GET /telephony/config/virtualLines/{id}/callerId`.
//! Its key, its call, its part of the planned round (every selected `callerId` of a page leaves
//! in one concurrent round), the `CallerIdSettings` type and the `callerId` field the three owner
//! types flatten in. The write (`setCallerId`) is in `graphql/mutation.rs`.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use futures::FutureExt;
use futures::future::BoxFuture;

use super::Kept;
use super::summary::Summary;
pub(crate) use super::target::{Target, location_of};
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::{Found, Resource, fetch_each};
use crate::graphql::resources::numbers::{AvailableNumbersFilter, caller_id_page};
use crate::graphql::types::number::AvailableNumber;
use crate::graphql::types::page::{NUMBERS, NumberPage};
use crate::kind::Kind;
use crate::webex::model;
use crate::webex::{self, Caller, Client};

// ---- Key and call ----

/// The caller ID settings of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CallerIdKey {
    pub(crate) org: Option<Arc<str>>,
    /// A kind with member settings in the catalogue.
    pub(crate) of: Kind,
    pub(crate) id: Arc<str>,
}

/// Caller ID settings: one call each (Webex has no batch read for them, so every selected
/// `callerId` of a page leaves in one concurrent round).
#[derive(Debug)]
pub(crate) struct CallerIds;

impl Resource for CallerIds {
    type Key = CallerIdKey;
    type Value = model::CallerId;
    const WHAT: &'static str = "caller ID settings";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<CallerIdKey>,
    ) -> BoxFuture<'static, Found<CallerIdKey, model::CallerId>> {
        fetch_each(client, caller, keys, caller_id_call).boxed()
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

fn caller_id_call(client: Client, caller: Caller, k: CallerIdKey) -> One<model::CallerId> {
    async move {
        client
            .caller_id(&caller, k.org.as_deref(), k.of, &k.id)
            .await
    }
    .boxed()
}

/// The entity's settings through the request's loader (`NOT_FOUND` when Webex has none).
pub(crate) async fn settings_of(
    ctx: &Context<'_>,
    key: CallerIdKey,
) -> Result<Arc<model::CallerId>, ApiError> {
    fetch(ctx, key).await
}

// ---- GraphQL types ----

/// The number part of the outgoing caller ID: which number callers see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum CallerIdSelection {
    /// The entity's own direct line (`directNumber`).
    DirectLine,
    /// The location's main number (`locationNumber`).
    LocationNumber,
    /// A number of the entity's candidates (`customNumber`).
    Custom,
    /// A value Webex added after this service was written (e.g. `MOBILE_NUMBER`, which older
    /// documentation and the Webex SDK know); `rawSelected` holds it.
    Unknown,
}

impl CallerIdSelection {
    pub(crate) fn parse(raw: &str) -> Self {
        match raw {
            "DIRECT_LINE" => Self::DirectLine,
            "LOCATION_NUMBER" => Self::LocationNumber,
            "CUSTOM" => Self::Custom,
            _ => Self::Unknown,
        }
    }

    /// Webex's spelling; `None` for `UNKNOWN`, which cannot be sent.
    pub(crate) fn wire(self) -> Option<&'static str> {
        match self {
            Self::DirectLine => Some("DIRECT_LINE"),
            Self::LocationNumber => Some("LOCATION_NUMBER"),
            Self::Custom => Some("CUSTOM"),
            Self::Unknown => None,
        }
    }
}

/// Which name callers see with the external caller ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum CallerIdNamePolicy {
    /// The entity's direct line name.
    DirectLine,
    /// The location's external caller ID name (`locationExternalCallerIdName`).
    Location,
    /// `customExternalCallerIdName`.
    Other,
    /// A value Webex added after this service was written.
    Unknown,
}

impl CallerIdNamePolicy {
    pub(crate) fn parse(raw: &str) -> Self {
        match raw {
            "DIRECT_LINE" => Self::DirectLine,
            "LOCATION" => Self::Location,
            "OTHER" => Self::Other,
            _ => Self::Unknown,
        }
    }

    /// Webex's spelling; `None` for `UNKNOWN`.
    pub(crate) fn wire(self) -> Option<&'static str> {
        match self {
            Self::DirectLine => Some("DIRECT_LINE"),
            Self::Location => Some("LOCATION"),
            Self::Other => Some("OTHER"),
            Self::Unknown => None,
        }
    }
}

/// How the direct line's caller ID name is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum DirectLineNameSelection {
    /// `customName`.
    CustomName,
    /// First name, then last name (people and virtual lines).
    FirstnameLastname,
    /// Last name, then first name (people and virtual lines).
    LastnameFirstname,
    /// The display name.
    DisplayName,
    /// A value Webex added after this service was written.
    Unknown,
}

/// The name shown with the direct line.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct DirectLineCallerIdName {
    /// How the name is made.
    pub(crate) selection: Option<DirectLineNameSelection>,
    /// `selection` as Webex sent it.
    pub(crate) raw_selection: Option<String>,
    /// The name when `selection` is `CUSTOM_NAME`.
    pub(crate) custom_name: Option<String>,
}

impl From<&model::DirectLineCallerIdName> for DirectLineCallerIdName {
    fn from(d: &model::DirectLineCallerIdName) -> Self {
        Self {
            selection: d.selection.as_deref().map(|s| match s {
                "CUSTOM_NAME" => DirectLineNameSelection::CustomName,
                "FIRSTNAME_LASTNAME" => DirectLineNameSelection::FirstnameLastname,
                "LASTNAME_FIRSTNAME" => DirectLineNameSelection::LastnameFirstname,
                "DISPLAY_NAME" => DirectLineNameSelection::DisplayName,
                _ => DirectLineNameSelection::Unknown,
            }),
            raw_selection: d.selection.clone(),
            custom_name: d.custom_name.clone(),
        }
    }
}

impl Target {
    pub(crate) fn key(&self) -> CallerIdKey {
        CallerIdKey {
            org: self.org.clone(),
            of: self.of,
            id: self.id.clone(),
        }
    }
}

/// An entity's outgoing caller ID settings.
#[derive(Debug, Clone)]
pub(crate) struct CallerIdSettings {
    pub(crate) record: Arc<model::CallerId>,
    pub(crate) target: Target,
}

impl CallerIdSettings {
    pub(crate) fn selection(&self) -> CallerIdSelection {
        CallerIdSelection::parse(self.record.selected.as_deref().unwrap_or_default())
    }

    /// The number `selected` shows.
    pub(crate) fn shown(&self) -> Option<&str> {
        let r = &self.record;
        match self.selection() {
            CallerIdSelection::DirectLine => r.direct_number.as_deref(),
            CallerIdSelection::LocationNumber => r.location_number.as_deref(),
            CallerIdSelection::Custom => r.custom_number.as_deref(),
            CallerIdSelection::Unknown => None,
        }
    }

    pub(crate) fn allows(&self, selection: CallerIdSelection) -> bool {
        selection
            .wire()
            .is_some_and(|s| self.record.types.iter().any(|t| t == s))
    }
}

/// Narrows an entity's candidate numbers.
#[derive(Debug, Default, InputObject)]
pub(crate) struct CandidatesFilter {
    /// Only these numbers (E.164, e.g. `+12056852221`).
    pub(crate) phone_numbers: Option<Vec<String>>,
    /// Only numbers whose owner has this name (at most 255 characters).
    pub(crate) owner_name: Option<String>,
}

/// An entity's outgoing caller ID settings, as its caller ID endpoint answers them. Fields an
/// entity's endpoint lacks are null: workspaces have no `extensionNumber`, dial-by first and last
/// names or additional caller IDs; people and virtual lines have no `dialByName`.
#[Object]
impl CallerIdSettings {
    /// The number callers see today.
    async fn selected(&self) -> CallerIdSelection {
        self.selection()
    }

    /// `selected` exactly as Webex sent it.
    async fn raw_selected(&self) -> &str {
        self.record.selected.as_deref().unwrap_or_default()
    }

    /// The selections this entity may choose (Webex `types`).
    async fn allowed(&self) -> Vec<CallerIdSelection> {
        self.record
            .types
            .iter()
            .map(|t| CallerIdSelection::parse(t))
            .collect()
    }

    /// `allowed` exactly as Webex sent it.
    async fn raw_allowed(&self) -> &[String] {
        &self.record.types
    }

    /// The number callers see, derived from `selected`: `directNumber`, `locationNumber` or
    /// `customNumber`; null when that number is not set or `selected` is `UNKNOWN`.
    async fn shown_number(&self) -> Option<&str> {
        self.shown()
    }

    /// The entity's direct line, shown when `selected` is `DIRECT_LINE`.
    async fn direct_number(&self) -> Option<&str> {
        self.record.direct_number.as_deref()
    }

    /// The entity's extension (people and virtual lines).
    async fn extension_number(&self) -> Option<&str> {
        self.record.extension_number.as_deref()
    }

    /// The location's main number, shown when `selected` is `LOCATION_NUMBER`.
    async fn location_number(&self) -> Option<&str> {
        self.record.location_number.as_deref()
    }

    /// Whether the location number is toll-free.
    async fn toll_free_location_number(&self) -> Option<bool> {
        self.record.toll_free_location_number
    }

    /// The number shown when `selected` is `CUSTOM`: one of `candidates`.
    async fn custom_number(&self) -> Option<&str> {
        self.record.custom_number.as_deref()
    }

    /// Which name callers see.
    async fn external_caller_id_name_policy(&self) -> Option<CallerIdNamePolicy> {
        self.record
            .external_caller_id_name_policy
            .as_deref()
            .map(CallerIdNamePolicy::parse)
    }

    /// The name shown when the policy is `OTHER`.
    async fn custom_external_caller_id_name(&self) -> Option<&str> {
        self.record.custom_external_caller_id_name.as_deref()
    }

    /// The location's external caller ID name, shown when the policy is `LOCATION`.
    async fn location_external_caller_id_name(&self) -> Option<&str> {
        self.record.location_external_caller_id_name.as_deref()
    }

    /// Whether the entity's identity is blocked when it receives a forwarded call.
    async fn block_in_forward_calls_enabled(&self) -> Option<bool> {
        self.record.block_in_forward_calls_enabled
    }

    /// The name shown with the direct line.
    async fn direct_line_caller_id_name(&self) -> Option<DirectLineCallerIdName> {
        self.record
            .direct_line_caller_id_name
            .as_ref()
            .map(DirectLineCallerIdName::from)
    }

    /// First name for dial by name (people and virtual lines).
    async fn dial_by_first_name(&self) -> Option<&str> {
        self.record.dial_by_first_name.as_deref()
    }

    /// Last name for dial by name (people and virtual lines).
    async fn dial_by_last_name(&self) -> Option<&str> {
        self.record.dial_by_last_name.as_deref()
    }

    /// Name for dial by name (workspaces).
    async fn dial_by_name(&self) -> Option<&str> {
        self.record.dial_by_name.as_deref()
    }

    /// Whether the direct line is offered as an additional external caller ID (people and
    /// virtual lines).
    async fn additional_external_caller_id_direct_line_enabled(&self) -> Option<bool> {
        self.record
            .additional_external_caller_id_direct_line_enabled
    }

    /// Whether the location number is offered as an additional external caller ID (people and
    /// virtual lines).
    async fn additional_external_caller_id_location_number_enabled(&self) -> Option<bool> {
        self.record
            .additional_external_caller_id_location_number_enabled
    }

    /// A custom number offered as an additional external caller ID (people and virtual lines).
    async fn additional_external_caller_id_custom_number(&self) -> Option<&str> {
        self.record
            .additional_external_caller_id_custom_number
            .as_deref()
    }

    /// The numbers this entity may choose as `customNumber`: `availableCallerIdNumbers` of its
    /// location (for a person with `personId`, so Webex's mobile-number rule applies).
    #[graphql(complexity = "NUMBERS.rows(first) * child_complexity + 1")]
    async fn candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many numbers to return: 1 to 2000, default 100.")] first: Option<i32>,
        #[graphql(desc = "Return the numbers after this cursor.")] after: Option<String>,
        #[graphql(desc = "Narrows the list.")] filter: Option<CandidatesFilter>,
    ) -> Result<NumberPage<AvailableNumber>, ApiError> {
        let location = location_of(ctx, &self.target).await?;
        let filter = filter.unwrap_or_default();
        let filter = AvailableNumbersFilter {
            phone_numbers: filter.phone_numbers,
            owner_name: filter.owner_name,
            person_id: (self.target.of == Kind::Person).then(|| ID(self.target.id.to_string())),
        };
        let org = self.target.org.as_deref().map(|o| ID(o.to_owned()));
        caller_id_page(ctx, &location, org, filter, first, after).await
    }
}

/// The `callerId` field of the owner types whose settings Webex keeps (people, workspaces,
/// virtual lines).
#[derive(Debug, Clone)]
pub(crate) struct CallerIdPart {
    summary: Summary,
    of: Kind,
    kept: Kept<model::CallerId>,
}

impl CallerIdPart {
    pub(crate) fn new(summary: Summary, of: Kind) -> Self {
        Self {
            summary,
            of,
            kept: Kept::default(),
        }
    }

    pub(crate) fn target(&self) -> Target {
        Target {
            of: self.of,
            id: self.summary.id().into(),
            org: self.summary.org.clone(),
            location: self.summary.location(),
        }
    }
}

/// The `callerId` field.
#[Object]
impl CallerIdPart {
    /// The entity's outgoing caller ID settings, from its caller ID endpoint. Under a page, every
    /// selected `callerId` is read in one concurrent round.
    #[graphql(complexity = "5 + child_complexity")]
    async fn caller_id(&self, ctx: &Context<'_>) -> Fallible<CallerIdSettings> {
        let target = self.target();
        let key = target.key();
        Fallible::some(
            self.kept
                .get_or_fetch(settings_of(ctx, key))
                .await
                .map(|record| CallerIdSettings { record, target }),
        )
    }
}
