//! The row types besides the number items (which implement [`Row`] beside their resolvers in
//! `types/number.rs`): locations, the `NumberOwner` union and every owner type.

use std::sync::Arc;

use async_graphql::{ContainerType, ContextSelectionSet, ScalarType, ServerResult, Value};

use super::{Nested, Row, Walk, enum_value, opt_str, walk};
use crate::graphql::resources::calling::Calling;
use crate::graphql::resources::detailed::View;
use crate::graphql::resources::location::Location;
use crate::graphql::resources::person::PersonDetails;
use crate::graphql::resources::summary::{OwnerSummary, Summary};
use crate::graphql::resources::virtual_line::VirtualLineDetails;
use crate::graphql::resources::workspace::WorkspaceDetails;
use crate::graphql::types::details::Address;
use crate::graphql::types::owner::{NumberOwner, OwnerType};
use crate::webex::model;

impl Row for NumberOwner {
    // A union has no fields of its own; only `__typename` and fragments select on it.
    fn plain(&self, _field: &str) -> Option<Value> {
        None
    }

    fn walk_concrete<'a>(
        &'a self,
        ctx: &ContextSelectionSet<'a>,
        out: &mut Walk<'a>,
    ) -> ServerResult<()> {
        macro_rules! each {
            ($($member:ident),*) => {
                match self {
                    $(NumberOwner::$member(member) => walk(ctx, member, out),)*
                }
            };
        }
        each!(
            Person,
            Workspace,
            VirtualLine,
            AutoAttendant,
            CallQueue,
            PagingGroup,
            HuntGroup,
            VoicePortal,
            SingleNumberReach,
            ContactCenterLink,
            ContactCenterAdapter,
            RouteList,
            VoicemailGroup,
            CollaborateBridge,
            UnknownOwner
        )
    }
}

/// The summary fields every owner type has, from the number row it came with.
pub(crate) fn owner_plain(summary: &OwnerSummary, field: &str) -> Option<Value> {
    Some(match field {
        "id" => Value::String(summary.id().to_owned()),
        "ownerType" => enum_value(OwnerType::from(summary.kind)),
        "rawType" => Value::String(summary.raw_type().to_owned()),
        "firstName" => opt_str(summary.first_name()),
        "lastName" => opt_str(summary.last_name()),
        // A person's display name, which number lists leave out, is loaded.
        "displayName" => match summary.display_name() {
            Some(name) => Value::String(name.to_owned()),
            None if summary.kind == Some(crate::kind::Kind::Person) => return None,
            None => Value::Null,
        },
        _ => return None,
    })
}

/// An owner type: a row whose plain fields are its summary's.
pub(crate) trait OwnerRow:
    std::ops::Deref<Target = Summary> + ContainerType + Send + Sync
{
    /// A detail field of this type from its record, once the request has fetched it, exactly as
    /// its resolver answers it on success; `None` hands the field to its resolver.
    fn detail_now(&self, _ctx: &ContextSelectionSet<'_>, _field: &str) -> Option<Value> {
        None
    }

    /// A detail field whose value is a row (its `location`), from its fetched record.
    fn detail_nested(&self, _ctx: &ContextSelectionSet<'_>, _field: &str) -> Option<Nested> {
        None
    }
}

impl<T: OwnerRow> Row for T {
    fn plain(&self, field: &str) -> Option<Value> {
        let summary: &Summary = self;
        owner_plain(summary, field)
    }

    fn plain_in(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Value> {
        self.plain(field).or_else(|| self.detail_now(ctx, field))
    }

    fn nested_in(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Nested> {
        self.nested(field)
            .or_else(|| self.detail_nested(ctx, field))
    }
}

/// A view whose record a row reads its detail fields from: each field as its resolver answers
/// it on success (`None`: not a plain value of the record), and the owner's location.
pub(crate) trait RecordRow: View {
    fn value(record: &Self::Record, field: &str) -> Option<Value>;

    fn location(record: &Self::Record, org: &Option<Arc<str>>) -> Option<Location>;
}

impl<V: RecordRow> OwnerRow for Calling<V>
where
    Calling<V>: ContainerType,
{
    fn detail_now(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Value> {
        let record = self.view().record_now(ctx)?;
        V::value(&record, field)
    }

    fn detail_nested(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Nested> {
        if field != "location" {
            return None;
        }
        let record = self.view().record_now(ctx)?;
        Some(Nested::Location {
            location: V::location(&record, &self.org),
            nullable: true,
        })
    }
}

impl RecordRow for PersonDetails {
    fn value(person: &model::Person, field: &str) -> Option<Value> {
        person_detail(person, field)
    }

    fn location(person: &model::Person, org: &Option<Arc<str>>) -> Option<Location> {
        Location::by_id(person.location_id.as_ref(), org)
    }
}

impl RecordRow for WorkspaceDetails {
    fn value(w: &model::Workspace, field: &str) -> Option<Value> {
        Some(match field {
            "capacity" => w.capacity.map_or(Value::Null, |c| ScalarType::to_value(&c)),
            "workspaceType" => opt_str(w.workspace_type.as_deref()),
            "sipAddress" => opt_str(w.sip_address.as_deref()),
            "callingType" => opt_str(w.calling.as_ref().and_then(|c| c.calling_type.as_deref())),
            "hotdeskingStatus" => opt_str(w.hotdesking_status.as_deref()),
            "notes" => opt_str(w.notes.as_deref()),
            _ => return None,
        })
    }

    fn location(w: &model::Workspace, org: &Option<Arc<str>>) -> Option<Location> {
        Location::by_id(w.location_id.as_ref(), org)
    }
}

impl RecordRow for VirtualLineDetails {
    fn value(v: &model::VirtualLine, field: &str) -> Option<Value> {
        let number = v.number.as_ref();
        Some(match field {
            "extension" => opt_str(number.and_then(|n| n.extension.as_deref())),
            "phoneNumber" => opt_str(number.and_then(|n| n.external.as_deref())),
            "callerIdFirstName" => opt_str(v.caller_id_first_name.as_deref()),
            "callerIdLastName" => opt_str(v.caller_id_last_name.as_deref()),
            "callerIdNumber" => opt_str(v.caller_id_number.as_deref()),
            "externalCallerIdNamePolicy" => opt_str(v.external_caller_id_name_policy.as_deref()),
            "numberOfDevicesAssigned" => v
                .number_of_devices_assigned
                .map_or(Value::Null, |n| ScalarType::to_value(&n)),
            "billingPlan" => opt_str(v.billing_plan.as_deref()),
            _ => return None,
        })
    }

    fn location(v: &model::VirtualLine, org: &Option<Arc<str>>) -> Option<Location> {
        Location::by_ref(v.location.as_ref(), org)
    }
}

/// A person's detail fields that are plain values of its record.
fn person_detail(person: &model::Person, field: &str) -> Option<Value> {
    Some(match field {
        "emails" => Value::List(
            person
                .emails
                .iter()
                .map(|e| Value::String(e.clone()))
                .collect(),
        ),
        // The one summary field that is loaded (number lists leave it out for people).
        "displayName" => opt_str(person.display_name.as_deref()),
        "extension" => opt_str(person.extension.as_deref()),
        "department" => opt_str(person.department.as_deref()),
        "title" => opt_str(person.title.as_deref()),
        "nickName" => opt_str(person.nick_name.as_deref()),
        "timezone" => opt_str(person.timezone.as_deref()),
        _ => return None,
    })
}

mod owners {
    use super::OwnerRow;
    use crate::graphql::types::owner::{
        AutoAttendant, CallQueue, CollaborateBridge, ContactCenterAdapter, ContactCenterLink,
        HuntGroup, PagingGroup, RouteList, SingleNumberReach, UnknownOwner, VoicePortal,
        VoicemailGroup,
    };

    impl OwnerRow for AutoAttendant {}
    impl OwnerRow for CallQueue {}
    impl OwnerRow for PagingGroup {}
    impl OwnerRow for HuntGroup {}
    impl OwnerRow for VoicePortal {}
    impl OwnerRow for SingleNumberReach {}
    impl OwnerRow for ContactCenterLink {}
    impl OwnerRow for ContactCenterAdapter {}
    impl OwnerRow for RouteList {}
    impl OwnerRow for VoicemailGroup {}
    impl OwnerRow for CollaborateBridge {}
    impl OwnerRow for UnknownOwner {}
}

impl Row for Location {
    fn plain(&self, field: &str) -> Option<Value> {
        match field {
            "id" => Some(Value::String(self.id.to_string())),
            // Loaded when the payload that led here did not carry it.
            "name" => self
                .name
                .as_ref()
                .map(|name| Value::String(name.to_string())),
            _ => None,
        }
    }

    fn plain_in(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Value> {
        self.plain(field).or_else(|| {
            let details = self.details_now(ctx)?;
            Location::detail_value(&details, field)
        })
    }

    fn nested_in(&self, ctx: &ContextSelectionSet<'_>, field: &str) -> Option<Nested> {
        if field != "address" {
            return None;
        }
        let details = self.details_now(ctx)?;
        Some(Nested::Address(details.address.as_ref().map(Address::from)))
    }
}

impl Row for Address {
    fn plain(&self, field: &str) -> Option<Value> {
        Some(opt_str(
            match field {
                "address1" => &self.address1,
                "address2" => &self.address2,
                "city" => &self.city,
                "state" => &self.state,
                "postalCode" => &self.postal_code,
                "country" => &self.country,
                _ => return None,
            }
            .as_deref(),
        ))
    }
}
