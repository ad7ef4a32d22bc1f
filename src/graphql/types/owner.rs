//! Number owners: the `NumberOwner` union, the `Owner` interface and one object type per owner type.
//!
//! Every member carries the summary fields the number list gives (`id`, `ownerType`, `rawType`,
//! `firstName`, `lastName`, `displayName`) and, where Webex has a detail endpoint, detail fields
//! that are loaded through the request's loaders only when selected. Webex's spelling drift is
//! absorbed here: `GROUP_PAGING`/`PAGING_GROUP` are `PagingGroup`, `OFFICE_ANYWHERE`/
//! `BROADWORKS_ANYWHERE` are `SingleNumberReach`, and any type this service does not know yet
//! (Webex added `AI_RECEPTIONIST` in 2026) becomes `UnknownOwner` instead of failing the query.
//!
//! Detail fields weigh 5 in the query complexity (summary fields 1): each may cost an upstream call.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Interface, Object, Union};

use super::details::{Department, PersonPhoneNumber, RouteGroup};
use super::location::Location;
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::{FeatureKey, PersonKey, RouteListKey, VirtualLineKey, WorkspaceKey};
use crate::webex::model::{self, OwnerKind};

/// The type of a number's owner. Webex spells some types differently in different APIs; the
/// aliases are folded into one value here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "crate::webex::model::OwnerKind")]
pub(crate) enum OwnerType {
    /// A workspace.
    Place,
    /// A person.
    People,
    /// A virtual line.
    VirtualLine,
    /// An auto attendant.
    AutoAttendant,
    /// A call queue.
    CallQueue,
    /// A paging group (Webex also spells it `PAGING_GROUP`).
    GroupPaging,
    /// A hunt group.
    HuntGroup,
    /// A voice portal.
    VoiceMessaging,
    /// Single Number Reach (Webex also spells it `BROADWORKS_ANYWHERE`).
    OfficeAnywhere,
    /// A Contact Center link.
    ContactCenterLink,
    /// A Contact Center adapter.
    ContactCenterAdapter,
    /// A route list.
    RouteList,
    /// A voicemail group.
    VoicemailGroup,
    /// A collaborate bridge.
    CollaborateBridge,
    /// A type this service does not know yet; `rawType` holds what Webex sent.
    Unknown,
}

/// The owner fields of the number payload, plus where the owner lives (for detail lookups).
#[derive(Debug, Clone)]
pub(crate) struct OwnerSummary {
    pub(crate) id: ID,
    pub(crate) raw_type: String,
    pub(crate) kind: OwnerKind,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) org: Option<Arc<str>>,
    /// The location of the number the owner was found on.
    pub(crate) location_id: Arc<str>,
}

impl OwnerSummary {
    fn key<K: crate::graphql::loaders::OrgKey>(&self) -> K {
        K::new(self.org.clone(), self.id.as_str().into())
    }

    pub(crate) async fn feature(&self, ctx: &Context<'_>) -> Result<Arc<model::Feature>, ApiError> {
        let kind = self
            .kind
            .feature()
            .ok_or_else(|| ApiError::Internal(format!("{} has no feature kind", self.raw_type)))?;
        let key = FeatureKey {
            org: self.org.clone(),
            kind,
            location: self.location_id.clone(),
            id: self.id.as_str().into(),
        };
        fetch(ctx, key, "feature").await
    }
}

/// Fields every owner has.
// Each `field(...)` of the derive names its type; two fields of the same type are not duplicates.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The owner's Webex ID."),
    field(
        name = "owner_type",
        ty = "OwnerType",
        desc = "The owner's type, with Webex's spelling variants folded together."
    ),
    field(
        name = "raw_type",
        ty = "&str",
        desc = "The owner type exactly as Webex sent it."
    ),
    field(
        name = "first_name",
        ty = "Option<&str>",
        desc = "First name as the number list gives it (people, workspaces and virtual lines)."
    ),
    field(
        name = "last_name",
        ty = "Option<&str>",
        desc = "Last name as the number list gives it (people, workspaces and virtual lines)."
    ),
    field(
        name = "display_name",
        ty = "Fallible<String>",
        desc = "Display name. The number list gives it for most types; for people it is loaded from the people API when selected."
    )
)]
pub(crate) enum Owner {
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    AutoAttendant(AutoAttendant),
    CallQueue(CallQueue),
    PagingGroup(PagingGroup),
    HuntGroup(HuntGroup),
    VoicePortal(VoicePortal),
    SingleNumberReach(SingleNumberReach),
    ContactCenterLink(ContactCenterLink),
    ContactCenterAdapter(ContactCenterAdapter),
    RouteList(RouteList),
    VoicemailGroup(VoicemailGroup),
    CollaborateBridge(CollaborateBridge),
    UnknownOwner(UnknownOwner),
}

/// Who a number is assigned to: one member per owner type.
#[derive(Union)]
pub(crate) enum NumberOwner {
    Person(Person),
    Workspace(Workspace),
    VirtualLine(VirtualLine),
    AutoAttendant(AutoAttendant),
    CallQueue(CallQueue),
    PagingGroup(PagingGroup),
    HuntGroup(HuntGroup),
    VoicePortal(VoicePortal),
    SingleNumberReach(SingleNumberReach),
    ContactCenterLink(ContactCenterLink),
    ContactCenterAdapter(ContactCenterAdapter),
    RouteList(RouteList),
    VoicemailGroup(VoicemailGroup),
    CollaborateBridge(CollaborateBridge),
    UnknownOwner(UnknownOwner),
}

impl NumberOwner {
    /// Picks the union member for a payload owner. Never fails: unknown or missing types become
    /// `UnknownOwner`.
    pub(crate) fn from_payload(
        owner: &model::NumberOwner,
        org: Option<Arc<str>>,
        location_id: Arc<str>,
    ) -> Self {
        let s = OwnerSummary {
            id: ID(owner.id.clone().unwrap_or_default()),
            raw_type: owner.owner_type.clone().unwrap_or_default(),
            kind: owner.kind(),
            first_name: owner.first_name.clone(),
            last_name: owner.last_name.clone(),
            display_name: owner.display_name.clone(),
            org,
            location_id,
        };
        match s.kind {
            OwnerKind::People => NumberOwner::Person(Person(s)),
            OwnerKind::Place => NumberOwner::Workspace(Workspace(s)),
            OwnerKind::VirtualLine => NumberOwner::VirtualLine(VirtualLine(s)),
            OwnerKind::AutoAttendant => NumberOwner::AutoAttendant(AutoAttendant(s)),
            OwnerKind::CallQueue => NumberOwner::CallQueue(CallQueue(s)),
            OwnerKind::GroupPaging => NumberOwner::PagingGroup(PagingGroup(s)),
            OwnerKind::HuntGroup => NumberOwner::HuntGroup(HuntGroup(s)),
            OwnerKind::VoiceMessaging => NumberOwner::VoicePortal(VoicePortal(s)),
            OwnerKind::OfficeAnywhere => NumberOwner::SingleNumberReach(SingleNumberReach(s)),
            OwnerKind::ContactCenterLink => NumberOwner::ContactCenterLink(ContactCenterLink(s)),
            OwnerKind::ContactCenterAdapter => {
                NumberOwner::ContactCenterAdapter(ContactCenterAdapter(s))
            }
            OwnerKind::RouteList => NumberOwner::RouteList(RouteList(s)),
            OwnerKind::VoicemailGroup => NumberOwner::VoicemailGroup(VoicemailGroup(s)),
            OwnerKind::CollaborateBridge => NumberOwner::CollaborateBridge(CollaborateBridge(s)),
            OwnerKind::Unknown => NumberOwner::UnknownOwner(UnknownOwner(s)),
        }
    }
}

/// Display name when the payload has none: nothing to load for most types.
async fn no_display_name<T>(_: &T, _: &Context<'_>) -> Result<Option<String>, ApiError> {
    Ok(None)
}

/// Defines an owner object type: the summary fields, then the type's own fields.
macro_rules! owner_object {
    (
        $(#[$doc:meta])* $name:ident, $owner_type:expr, display_name = $display:path,
        { $($extra:tt)* }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name(pub(crate) OwnerSummary);

        $(#[$doc])*
        #[Object]
        impl $name {
            /// The owner's Webex ID.
            pub(crate) async fn id(&self) -> ID {
                self.0.id.clone()
            }

            /// The owner's type, with Webex's spelling variants folded together.
            async fn owner_type(&self) -> OwnerType {
                $owner_type
            }

            /// The owner type exactly as Webex sent it (e.g. `PAGING_GROUP` or `GROUP_PAGING`).
            async fn raw_type(&self) -> &str {
                &self.0.raw_type
            }

            /// First name as the number list gives it (people, workspaces and virtual lines).
            async fn first_name(&self) -> Option<&str> {
                self.0.first_name.as_deref()
            }

            /// Last name as the number list gives it (people, workspaces and virtual lines).
            async fn last_name(&self) -> Option<&str> {
                self.0.last_name.as_deref()
            }

            /// Display name. The number list gives it for most types; for people, which it omits,
            /// it is loaded from the people API when selected. Virtual lines have none.
            async fn display_name(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    if let Some(name) = &self.0.display_name {
                        return Ok(Some(name.clone()));
                    }
                    $display(self, ctx).await
                }.await)
            }

            $($extra)*
        }
    };
}

/// Defines a location-scoped feature type: summary fields plus the detail fields its
/// `/telephony/config/locations/{locationId}/…/{id}` endpoint returns.
macro_rules! feature_object {
    ($(#[$doc:meta])* $name:ident, $owner_type:expr, { $($extra:tt)* }) => {
        owner_object!($(#[$doc])* $name, $owner_type, display_name = no_display_name, {
            /// The feature's name.
            #[graphql(complexity = 5)]
            async fn name(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.name.clone())
                }.await)
            }

            /// Whether the feature is enabled.
            #[graphql(complexity = 5)]
            async fn enabled(&self, ctx: &Context<'_>) -> Fallible<bool> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.enabled)
                }.await)
            }

            /// The feature's primary phone number.
            #[graphql(complexity = 5)]
            async fn phone_number(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.phone_number.clone())
                }.await)
            }

            /// The feature's extension.
            #[graphql(complexity = 5)]
            async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.extension.clone())
                }.await)
            }

            /// Whether the feature's number is toll free.
            #[graphql(complexity = 5)]
            async fn toll_free_number(&self, ctx: &Context<'_>) -> Fallible<bool> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.toll_free_number)
                }.await)
            }

            /// The feature's announcement language, e.g. `English`.
            #[graphql(complexity = 5)]
            async fn language(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.language.clone())
                }.await)
            }

            /// The feature's language code, e.g. `en_us`.
            #[graphql(complexity = 5)]
            async fn language_code(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.language_code.clone())
                }.await)
            }

            /// The feature's time zone.
            #[graphql(complexity = 5)]
            async fn time_zone(&self, ctx: &Context<'_>) -> Fallible<String> {
                Fallible::new(async {
                    Ok(self.0.feature(ctx).await?.time_zone.clone())
                }.await)
            }

            /// The location the feature belongs to (that of the number it owns).
            async fn location(&self) -> Location {
                Location::new(self.0.location_id.as_ref(), None, self.0.org.clone())
            }

            $($extra)*
        });
    };
}

/// Display name of a person, from the people API.
async fn person_display_name(p: &Person, ctx: &Context<'_>) -> Result<Option<String>, ApiError> {
    Ok(p.details(ctx).await?.display_name.clone())
}

owner_object!(
    /// A person (`PEOPLE`). Details come from `GET /people?id=…&callingData=true`.
    Person, OwnerType::People, display_name = person_display_name, {
    /// The person's email addresses.
    #[graphql(complexity = 5)]
    async fn emails(&self, ctx: &Context<'_>) -> Fallible<Vec<String>> {
        Fallible::new(async {
            Ok(Some(self.details(ctx).await?.emails.clone()))
        }.await)
    }

    /// The person's phone numbers.
    #[graphql(complexity = 5)]
    async fn phone_numbers(
        &self,
        ctx: &Context<'_>,
    ) -> Fallible<Vec<PersonPhoneNumber>> {
        Fallible::new(async {
            let p = self.details(ctx).await?;
            Ok(Some(p.phone_numbers.iter().map(PersonPhoneNumber::from).collect()))
        }.await)
    }

    /// The person's Webex Calling extension.
    #[graphql(complexity = 5)]
    async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.extension.clone())
        }.await)
    }

    /// The person's department.
    #[graphql(complexity = 5)]
    async fn department(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.department.clone())
        }.await)
    }

    /// The person's job title.
    #[graphql(complexity = 5)]
    async fn title(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.title.clone())
        }.await)
    }

    /// The person's nickname.
    #[graphql(complexity = 5)]
    async fn nick_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.nick_name.clone())
        }.await)
    }

    /// The person's time zone.
    #[graphql(complexity = 5)]
    async fn timezone(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.timezone.clone())
        }.await)
    }

    /// The person's Webex Calling location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        Fallible::new(async {
            let p = self.details(ctx).await?;
            Ok(Location::by_id(p.location_id.as_ref(), &self.0.org))
        }.await)
    }
});

impl Person {
    pub(crate) async fn details(&self, ctx: &Context<'_>) -> Result<Arc<model::Person>, ApiError> {
        fetch(ctx, self.0.key::<PersonKey>(), "person").await
    }
}

owner_object!(
    /// A workspace (`PLACE`). Details come from `GET /workspaces/{id}`.
    Workspace, OwnerType::Place, display_name = no_display_name, {
    /// How many people the workspace seats.
    #[graphql(complexity = 5)]
    async fn capacity(&self, ctx: &Context<'_>) -> Fallible<i64> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.capacity)
        }.await)
    }

    /// The workspace type, e.g. `meetingRoom`.
    #[graphql(complexity = 5)]
    async fn workspace_type(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.workspace_type.clone())
        }.await)
    }

    /// The workspace's SIP address.
    #[graphql(complexity = 5)]
    async fn sip_address(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.sip_address.clone())
        }.await)
    }

    /// The calling service of the workspace, e.g. `webexCalling`.
    #[graphql(complexity = 5)]
    async fn calling_type(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            let w = self.details(ctx).await?;
            Ok(w.calling.as_ref().and_then(|c| c.calling_type.clone()))
        }.await)
    }

    /// Whether hot desking is on.
    #[graphql(complexity = 5)]
    async fn hotdesking_status(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.hotdesking_status.clone())
        }.await)
    }

    /// Notes an administrator left on the workspace.
    #[graphql(complexity = 5)]
    async fn notes(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.notes.clone())
        }.await)
    }

    /// The workspace's Webex Calling location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        Fallible::new(async {
            let w = self.details(ctx).await?;
            Ok(Location::by_id(w.location_id.as_ref(), &self.0.org))
        }.await)
    }
});

impl Workspace {
    pub(crate) async fn details(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Arc<model::Workspace>, ApiError> {
        fetch(ctx, self.0.key::<WorkspaceKey>(), "workspace").await
    }
}

owner_object!(
    /// A virtual line (`VIRTUAL_LINE`). Details come from `GET /telephony/config/virtualLines?id=…`.
    VirtualLine, OwnerType::VirtualLine, display_name = no_display_name, {
    /// The virtual line's extension.
    #[graphql(complexity = 5)]
    async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            let v = self.details(ctx).await?;
            Ok(v.number.as_ref().and_then(|n| n.extension.clone()))
        }.await)
    }

    /// The virtual line's external phone number.
    #[graphql(complexity = 5)]
    async fn phone_number(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            let v = self.details(ctx).await?;
            Ok(v.number.as_ref().and_then(|n| n.external.clone()))
        }.await)
    }

    /// Caller ID first name.
    #[graphql(complexity = 5)]
    async fn caller_id_first_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.caller_id_first_name.clone())
        }.await)
    }

    /// Caller ID last name.
    #[graphql(complexity = 5)]
    async fn caller_id_last_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.caller_id_last_name.clone())
        }.await)
    }

    /// Caller ID number.
    #[graphql(complexity = 5)]
    async fn caller_id_number(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.caller_id_number.clone())
        }.await)
    }

    /// How the external caller ID name is chosen: `DIRECT_LINE`, `LOCATION` or `OTHER`.
    #[graphql(complexity = 5)]
    async fn external_caller_id_name_policy(
        &self,
        ctx: &Context<'_>,
    ) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.external_caller_id_name_policy.clone())
        }.await)
    }

    /// How many devices the virtual line is assigned to.
    #[graphql(complexity = 5)]
    async fn number_of_devices_assigned(&self, ctx: &Context<'_>) -> Fallible<i64> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.number_of_devices_assigned)
        }.await)
    }

    /// The virtual line's billing plan.
    #[graphql(complexity = 5)]
    async fn billing_plan(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.billing_plan.clone())
        }.await)
    }

    /// The virtual line's location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        Fallible::new(async {
            let v = self.details(ctx).await?;
            Ok(Location::by_ref(v.location.as_ref(), &self.0.org))
        }.await)
    }
});

impl VirtualLine {
    pub(crate) async fn details(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Arc<model::VirtualLine>, ApiError> {
        fetch(ctx, self.0.key::<VirtualLineKey>(), "virtual line").await
    }
}

feature_object!(
    /// An auto attendant (`AUTO_ATTENDANT`).
    AutoAttendant, OwnerType::AutoAttendant, {}
);
feature_object!(
    /// A call queue (`CALL_QUEUE`).
    CallQueue, OwnerType::CallQueue, {
    /// The department the queue belongs to.
    #[graphql(complexity = 5)]
    async fn department(&self, ctx: &Context<'_>) -> Fallible<Department> {
        Fallible::new(async {
            let f = self.0.feature(ctx).await?;
            Ok(f.department.as_ref().map(|d| Department {
                id: d.id.clone().map(ID),
                name: d.name.clone(),
            }))
        }.await)
    }
});
feature_object!(
    /// A paging group (`GROUP_PAGING`, also spelt `PAGING_GROUP`).
    PagingGroup, OwnerType::GroupPaging, {}
);
feature_object!(
    /// A hunt group (`HUNT_GROUP`).
    HuntGroup, OwnerType::HuntGroup, {}
);
feature_object!(
    /// A voicemail group (`VOICEMAIL_GROUP`).
    VoicemailGroup, OwnerType::VoicemailGroup, {}
);
feature_object!(
    /// A location's voice portal (`VOICE_MESSAGING`); one per location.
    VoicePortal, OwnerType::VoiceMessaging, {}
);

owner_object!(
    /// A route list (`ROUTE_LIST`). Details come from
    /// `GET /telephony/config/premisePstn/routeLists/{id}`.
    RouteList, OwnerType::RouteList, display_name = no_display_name, {
    /// The route list's name.
    #[graphql(complexity = 5)]
    async fn name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(async {
            Ok(self.details(ctx).await?.name.clone())
        }.await)
    }

    /// The route group the route list uses.
    #[graphql(complexity = 5)]
    async fn route_group(&self, ctx: &Context<'_>) -> Fallible<RouteGroup> {
        Fallible::new(async {
            let r = self.details(ctx).await?;
            Ok(r.route_group.as_ref().map(|g| RouteGroup {
                id: g.id.clone().map(ID),
                name: g.name.clone(),
                in_use: g.in_use,
            }))
        }.await)
    }

    /// The route list's location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        Fallible::new(async {
            let r = self.details(ctx).await?;
            Ok(Location::by_ref(r.location.as_ref(), &self.0.org))
        }.await)
    }
});

impl RouteList {
    pub(crate) async fn details(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Arc<model::RouteList>, ApiError> {
        fetch(ctx, self.0.key::<RouteListKey>(), "route list").await
    }
}

owner_object!(
    /// Single Number Reach (`OFFICE_ANYWHERE`, also spelt `BROADWORKS_ANYWHERE`). Webex has no
    /// public detail endpoint for it, so only the summary fields exist.
    SingleNumberReach, OwnerType::OfficeAnywhere, display_name = no_display_name, {}
);
owner_object!(
    /// A Contact Center link (`CONTACT_CENTER_LINK`). No public detail endpoint: summary only.
    ContactCenterLink, OwnerType::ContactCenterLink, display_name = no_display_name, {}
);
owner_object!(
    /// A Contact Center adapter (`CONTACT_CENTER_ADAPTER`). No public detail endpoint: summary only.
    ContactCenterAdapter, OwnerType::ContactCenterAdapter, display_name = no_display_name, {}
);
owner_object!(
    /// A collaborate bridge (`COLLABORATE_BRIDGE`). No public detail endpoint: summary only.
    CollaborateBridge, OwnerType::CollaborateBridge, display_name = no_display_name, {}
);
owner_object!(
    /// An owner of a type this service does not know yet (for example `AI_RECEPTIONIST`, added by
    /// Webex in 2026). `ownerType` is `UNKNOWN`; `rawType` holds what Webex sent.
    UnknownOwner, OwnerType::Unknown, display_name = no_display_name, {}
);
