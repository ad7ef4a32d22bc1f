//! Emergency callback settings (ECBN) of people, workspaces, virtual lines and locations:
//! `GET /telephony/config/{people|workspaces|virtualLines}/{id}/emergencyCallbackNumber`, the
//! location's `…/features/emergencyCallbackNumber`, and a member's `…/dependencies`. Their keys
//! and calls (every selected `emergencyCallback` of a page leaves in one concurrent round, as
//! `callerId` does), and the `EmergencyCallbackSettings` type. The write is `setEmergencyCallback`
//! (`graphql/write/`).

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object};
use futures::FutureExt;
use futures::future::BoxFuture;

use super::numbers::{self, NumberListFilter};
use super::summary::OwnerSummary;
use super::target::{Target, location_of};
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::{Found, Resource, fetch_each};
use crate::graphql::types::number::AssignableNumber;
use crate::graphql::types::owner::{NumberOwner, OwnerType};
use crate::graphql::types::page::{NUMBERS, NumberPage};
use crate::kind::Kind;
use crate::webex::model;
use crate::webex::{Caller, Client};

// ---- Keys and calls ----

/// The callback settings of one person, workspace, virtual line or location.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CallbackKey {
    pub(crate) org: Option<Arc<str>>,
    pub(crate) of: Kind,
    pub(crate) id: Arc<str>,
}

/// Callback settings: one call each (Webex has no batch read for them).
#[derive(Debug)]
pub(crate) struct Callbacks;

impl Resource for Callbacks {
    type Key = CallbackKey;
    type Value = model::Ecbn;
    const WHAT: &'static str = "emergency callback settings";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<CallbackKey>,
    ) -> BoxFuture<'static, Found<CallbackKey, model::Ecbn>> {
        fetch_each(client, caller, keys, |client, caller, k| {
            async move { client.ecbn(&caller, k.org.as_deref(), k.of, &k.id).await }.boxed()
        })
        .boxed()
    }
}

/// Who depends on a member's number: the same key, another endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DependenciesKey(pub(crate) CallbackKey);

/// A member's dependencies: one call each, only when a field that needs them is selected.
#[derive(Debug)]
pub(crate) struct CallbackDependencies;

impl Resource for CallbackDependencies {
    type Key = DependenciesKey;
    type Value = model::EcbnDependencies;
    const WHAT: &'static str = "emergency callback dependencies";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<DependenciesKey>,
    ) -> BoxFuture<'static, Found<DependenciesKey, model::EcbnDependencies>> {
        fetch_each(
            client,
            caller,
            keys,
            |client, caller, DependenciesKey(k)| {
                async move {
                    client
                        .ecbn_dependencies(&caller, k.org.as_deref(), k.of, &k.id)
                        .await
                }
                .boxed()
            },
        )
        .boxed()
    }
}

impl Target {
    /// The key of its callback settings.
    pub(crate) fn callback_key(&self) -> CallbackKey {
        CallbackKey {
            org: self.org.clone(),
            of: self.of,
            id: self.id.clone(),
        }
    }
}

// ---- GraphQL types ----

/// Which number emergency services call back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum EmergencyCallbackSelection {
    /// The entity's own number (people, workspaces, virtual lines).
    DirectLine,
    /// The location's emergency callback number (people, workspaces, virtual lines).
    LocationEcbn,
    /// The number of a member of the location (`member`).
    LocationMemberNumber,
    /// The location's main number (locations).
    LocationNumber,
    /// None of the above is set; Webex's default applies (read only).
    None,
    /// A value Webex added after this service was written; `rawSelected` holds it.
    Unknown,
}

impl EmergencyCallbackSelection {
    pub(crate) fn parse(raw: &str) -> Self {
        match raw {
            "DIRECT_LINE" => Self::DirectLine,
            "LOCATION_ECBN" => Self::LocationEcbn,
            "LOCATION_MEMBER_NUMBER" => Self::LocationMemberNumber,
            "LOCATION_NUMBER" => Self::LocationNumber,
            "NONE" => Self::None,
            _ => Self::Unknown,
        }
    }

    /// Webex's spelling; `None` for the values no PUT takes.
    pub(crate) fn wire(self) -> Option<&'static str> {
        match self {
            Self::DirectLine => Some("DIRECT_LINE"),
            Self::LocationEcbn => Some("LOCATION_ECBN"),
            Self::LocationMemberNumber => Some("LOCATION_MEMBER_NUMBER"),
            Self::LocationNumber => Some("LOCATION_NUMBER"),
            Self::None | Self::Unknown => None,
        }
    }
}

/// Where the number actually used for an emergency call comes from, after Webex's fallbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum EmergencyCallbackLevel {
    DirectLine,
    LocationEcbn,
    LocationNumber,
    LocationMemberNumber,
    None,
    /// A value Webex added later; the raw field holds it.
    Unknown,
}

/// How fit a number is to call back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum CallbackQuality {
    /// An active number of a person or workspace.
    Recommended,
    /// An active number of anything else (a hunt group, an auto attendant…): Webex's help says
    /// a callback number should reach a live person.
    NotRecommended,
    /// An inactive or non-existent number.
    Invalid,
    /// A value Webex added later; the raw field holds it.
    Unknown,
}

fn level(raw: Option<&str>) -> Option<EmergencyCallbackLevel> {
    raw.map(|r| match EmergencyCallbackSelection::parse(r) {
        EmergencyCallbackSelection::DirectLine => EmergencyCallbackLevel::DirectLine,
        EmergencyCallbackSelection::LocationEcbn => EmergencyCallbackLevel::LocationEcbn,
        EmergencyCallbackSelection::LocationNumber => EmergencyCallbackLevel::LocationNumber,
        EmergencyCallbackSelection::LocationMemberNumber => {
            EmergencyCallbackLevel::LocationMemberNumber
        }
        EmergencyCallbackSelection::None => EmergencyCallbackLevel::None,
        EmergencyCallbackSelection::Unknown => EmergencyCallbackLevel::Unknown,
    })
}

fn quality(raw: Option<&str>) -> Option<CallbackQuality> {
    raw.map(|r| match r {
        "RECOMMENDED" => CallbackQuality::Recommended,
        "NOT_RECOMMENDED" => CallbackQuality::NotRecommended,
        "INVALID" => CallbackQuality::Invalid,
        _ => CallbackQuality::Unknown,
    })
}

/// One of the options Webex reports: the number it would use and how it got there.
#[derive(Debug, Clone)]
pub(crate) struct EmergencyCallbackInfo(model::CallbackInfo);

/// One of the options Webex reports: the number it would use and how it got there.
#[Object]
impl EmergencyCallbackInfo {
    /// The option's number.
    async fn phone_number(&self) -> Option<&str> {
        self.0.phone_number.as_deref()
    }

    /// First name of whom the number reaches (for a location ECBN, its group's name).
    async fn first_name(&self) -> Option<&str> {
        self.0.first_name.as_deref()
    }

    /// Last name (`.` for a workspace).
    async fn last_name(&self) -> Option<&str> {
        self.0.last_name.as_deref()
    }

    /// The location's name (a location's own option).
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// Where the number used comes from, after Webex's fallbacks.
    async fn effective_level(&self) -> Option<EmergencyCallbackLevel> {
        level(self.0.effective_level.as_deref())
    }

    /// `effectiveLevel` as Webex sent it.
    async fn raw_effective_level(&self) -> Option<&str> {
        self.0.effective_level.as_deref()
    }

    /// The number actually used for this option, after Webex's fallbacks.
    async fn effective_value(&self) -> Option<&str> {
        self.0.effective_value.as_deref()
    }

    /// How fit the number is to call back.
    async fn quality(&self) -> Option<CallbackQuality> {
        quality(self.0.quality.as_deref())
    }

    /// `quality` as Webex sent it.
    async fn raw_quality(&self) -> Option<&str> {
        self.0.quality.as_deref()
    }
}

/// The member of the location whose number is the callback number.
#[derive(Debug, Clone)]
pub(crate) struct EmergencyCallbackMember {
    info: model::CallbackInfo,
    /// The entity whose setting this is: its location is the member's (Webex requires it).
    target: Target,
}

/// The member of the location whose number is the callback number.
#[Object]
impl EmergencyCallbackMember {
    /// The member's Webex ID: `setEmergencyCallback`'s `memberId`.
    async fn id(&self) -> Option<ID> {
        self.info.member_id.clone().map(ID)
    }

    /// The member as a typed owner (a person, workspace, virtual line or hunt group), with its
    /// details through the request's loaders.
    async fn owner(&self, ctx: &Context<'_>) -> Option<NumberOwner> {
        let id = self.info.member_id.clone()?;
        let kind = self
            .info
            .member_type
            .as_deref()
            .and_then(Kind::of_owner_type)
            .or_else(|| Kind::of_id(&id))?;
        // A hunt group's details are read at its location, which is the entity's; read from
        // the entity's record when the entity came by id alone.
        let location = match (&self.target.location, kind.feature()) {
            (Some(at), _) => at.clone(),
            (None, Some(_)) => location_of(ctx, &self.target)
                .await
                .unwrap_or_else(|_| Arc::from("")),
            (None, None) => Arc::from(""),
        };
        Some(NumberOwner::of(OwnerSummary::bare(
            id,
            kind,
            self.target.org.clone(),
            location,
        )))
    }

    /// The member's number.
    async fn phone_number(&self) -> Option<&str> {
        self.info.phone_number.as_deref()
    }

    /// The member's type, as an owner type.
    async fn member_type(&self) -> Option<OwnerType> {
        self.info
            .member_type
            .as_deref()
            .map(|t| Kind::of_owner_type(t).into())
    }

    /// `memberType` as Webex sent it.
    async fn raw_member_type(&self) -> Option<&str> {
        self.info.member_type.as_deref()
    }

    /// Where the number used comes from, after Webex's fallbacks.
    async fn effective_level(&self) -> Option<EmergencyCallbackLevel> {
        level(self.info.effective_level.as_deref())
    }

    /// The number actually used, after Webex's fallbacks.
    async fn effective_value(&self) -> Option<&str> {
        self.info.effective_value.as_deref()
    }

    /// How fit the member's number is to call back (a hunt group's is `NOT_RECOMMENDED`).
    async fn quality(&self) -> Option<CallbackQuality> {
        quality(self.info.quality.as_deref())
    }
}

/// An entity's emergency callback settings.
#[derive(Debug, Clone)]
pub(crate) struct EmergencyCallbackSettings {
    pub(crate) record: Arc<model::Ecbn>,
    pub(crate) target: Target,
}

impl EmergencyCallbackSettings {
    pub(crate) fn selection(&self) -> EmergencyCallbackSelection {
        EmergencyCallbackSelection::parse(self.record.selected.as_deref().unwrap_or_default())
    }

    /// The number emergency services call back.
    pub(crate) fn shown(&self) -> Option<&str> {
        self.record
            .in_force()
            .and_then(|i| i.effective_value.as_deref().or(i.phone_number.as_deref()))
    }

    /// The member in force, when one is selected.
    pub(crate) fn member_id(&self) -> Option<&str> {
        (self.selection() == EmergencyCallbackSelection::LocationMemberNumber)
            .then(|| self.record.member.as_ref()?.member_id.as_deref())
            .flatten()
    }
}

/// An entity's emergency callback settings: which number emergency services call back when it
/// dials an emergency number, the options Webex reports, and the members it may choose. Fields
/// a kind's endpoint lacks are null (a location has no direct line, a member no location number).
#[Object]
impl EmergencyCallbackSettings {
    /// Which option is in force.
    async fn selected(&self) -> EmergencyCallbackSelection {
        self.selection()
    }

    /// `selected` exactly as Webex sent it.
    async fn raw_selected(&self) -> &str {
        self.record.selected.as_deref().unwrap_or_default()
    }

    /// The number emergency services call back: the effective value of the option in force.
    async fn shown_number(&self) -> Option<&str> {
        self.shown()
    }

    /// Where the number in force comes from, after Webex's fallbacks.
    async fn effective_level(&self) -> Option<EmergencyCallbackLevel> {
        level(self.record.in_force()?.effective_level.as_deref())
    }

    /// How fit the number in force is to call back.
    async fn quality(&self) -> Option<CallbackQuality> {
        quality(self.record.in_force()?.quality.as_deref())
    }

    /// The entity's own number as callback number (people, workspaces, virtual lines).
    async fn direct_line(&self) -> Option<EmergencyCallbackInfo> {
        self.record.direct_line.clone().map(EmergencyCallbackInfo)
    }

    /// What the location's callback number resolves to for this entity.
    async fn location_ecbn(&self) -> Option<EmergencyCallbackInfo> {
        self.record.location_ecbn.clone().map(EmergencyCallbackInfo)
    }

    /// The location's main number as its callback number (locations).
    async fn location_number(&self) -> Option<EmergencyCallbackInfo> {
        self.record.location.clone().map(EmergencyCallbackInfo)
    }

    /// The member whose number is used, when `selected` is `LOCATION_MEMBER_NUMBER`.
    async fn member(&self) -> Option<EmergencyCallbackMember> {
        self.member_id()?;
        Some(EmergencyCallbackMember {
            info: self.record.member.clone()?,
            target: self.target.clone(),
        })
    }

    /// What Webex uses when no option applies.
    async fn default(&self) -> Option<EmergencyCallbackInfo> {
        self.record.default.clone().map(EmergencyCallbackInfo)
    }

    /// Whether the entity may use an Emergency Location Identification Number (people,
    /// workspaces).
    async fn elin_enabled(&self) -> Option<bool> {
        self.record.elin_enabled
    }

    /// Whether the person may use an ELIN from Webex App.
    async fn elin_for_webex_app_enabled(&self) -> Option<bool> {
        self.record.elin_for_webex_app_enabled
    }

    /// How long an ELIN association lasts, in minutes (locations).
    async fn elin_expiry_time_minutes(&self) -> Option<i64> {
        self.record.elin_expiry_time_minutes
    }

    /// How many members use this entity's number as their callback number, from its
    /// `…/dependencies` endpoint (read only when selected; null for a location, which has none).
    #[graphql(complexity = 5)]
    async fn dependent_member_count(&self, ctx: &Context<'_>) -> Fallible<i64> {
        if self.target.of == Kind::Location {
            return Fallible::new(Ok(None));
        }
        let key = DependenciesKey(self.target.callback_key());
        Fallible::new(fetch(ctx, key).await.map(|d| d.dependent_member_count))
    }

    /// Whether this entity's number is its location's callback number (from the same
    /// `…/dependencies` call).
    #[graphql(complexity = 5)]
    async fn is_location_ecbn_default(&self, ctx: &Context<'_>) -> Fallible<bool> {
        if self.target.of == Kind::Location {
            return Fallible::new(Ok(None));
        }
        let key = DependenciesKey(self.target.callback_key());
        Fallible::new(fetch(ctx, key).await.map(|d| d.is_location_ecbn_default))
    }

    /// The members this entity may choose: its `EMERGENCY_CALLBACK` available-numbers list,
    /// whose owners are the candidates for `memberId`.
    #[graphql(complexity = "NUMBERS.rows(first) * child_complexity + 1")]
    async fn candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many numbers to return: 1 to 2000, default 100.")] first: Option<i32>,
        #[graphql(desc = "Return the numbers after this cursor.")] after: Option<String>,
        #[graphql(desc = "Narrows the list (`phoneNumbers`, `ownerName`).")] filter: Option<
            NumberListFilter,
        >,
    ) -> Result<NumberPage<AssignableNumber>, ApiError> {
        numbers::emergency_candidates(ctx, self.target.clone(), filter, first, after).await
    }
}

/// The entity's callback settings through the request's loader (`NOT_FOUND` when Webex has
/// none), with the key the loader reads them under.
pub(crate) async fn settings_of(
    ctx: &Context<'_>,
    target: Target,
) -> Result<EmergencyCallbackSettings, ApiError> {
    let record = fetch(ctx, target.callback_key()).await?;
    Ok(EmergencyCallbackSettings { record, target })
}
