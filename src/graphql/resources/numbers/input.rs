//! What a number list is asked with: the purposes a location's and a member's numbers are
//! chosen for (each names one row of `webex/sources.rs`), the filters, and the checks they pass
//! before any call.

use async_graphql::resolver_utils::EnumType;
use async_graphql::{Enum, ID, InputObject};

use crate::graphql::error::ApiError;
use crate::graphql::query::InputLimits;
use crate::kind::Kind;
use crate::webex::sources::{NumberSource, Scope};

/// The longest `ownerName` Webex accepts.
const MAX_OWNER_NAME: usize = 255;

/// The longest extension this service passes on (Webex's are 2 to 10 digits).
const MAX_EXTENSION: usize = 16;

/// Narrows the list of available numbers.
#[derive(Debug, Default, InputObject)]
pub(crate) struct AvailableNumbersFilter {
    /// Only these numbers (E.164, e.g. `+12056852221`).
    pub(crate) phone_numbers: Option<Vec<String>>,
    /// Only numbers whose owner has this name (at most 255 characters).
    pub(crate) owner_name: Option<String>,
    /// The person the numbers are for. When that person is in a Cisco PSTN location, has a mobile
    /// number as primary DN and has no billing plan, only that mobile number is returned. Without
    /// it, a returned number may fail to be assigned to the person.
    pub(crate) person_id: Option<ID>,
}

/// Narrows an available-numbers list. Each list's endpoint takes only some of these filters; one
/// it does not take is refused (`BAD_USER_INPUT`) before anything is asked of Webex.
#[derive(Debug, Default, InputObject)]
pub(crate) struct NumberListFilter {
    /// Only these numbers (E.164, e.g. `+12056852221`). Every list takes it.
    pub(crate) phone_numbers: Option<Vec<String>>,
    /// Only numbers whose owner's name contains this (at most 255 characters). Only the lists of
    /// assigned numbers take it.
    pub(crate) owner_name: Option<String>,
    /// Only the item with this extension. Only the call-forward, call-intercept and
    /// operating-mode lists take it.
    pub(crate) extension: Option<String>,
    /// The Webex Calling licence the new person will have; Webex advises giving it, as a number
    /// that does not match may fail to be assigned. Only `NEW_PERSON` takes it.
    pub(crate) license_type: Option<CallingLicense>,
}

/// A Webex Calling licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum CallingLicense {
    /// Webex Calling Professional.
    Professional,
    /// Webex Calling Standard.
    Standard,
}

impl CallingLicense {
    /// Webex's spelling.
    fn wire(self) -> &'static str {
        match self {
            CallingLicense::Professional => "Webex Calling Professional",
            CallingLicense::Standard => "Webex Calling Standard",
        }
    }
}

/// What a location's number is chosen for: one value per available-numbers list of a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum LocationNumberUse {
    /// External caller ID of a person, workspace or virtual line here (`availableCallerIdNumbers`).
    ExternalCallerId,
    /// The location's main number.
    MainNumber,
    /// The location's emergency callback number: the members whose number may be it.
    EmergencyCallback,
    /// Where the location's intercepted calls go.
    CallIntercept,
    /// The location's charge number.
    ChargeNumber,
    /// A Webex Go device's number.
    WebexGo,
    /// A hunt group's primary number.
    HuntGroup,
    /// A hunt group's alternate number.
    HuntGroupAlternate,
    /// Where a hunt group forwards calls.
    HuntGroupCallForward,
    /// A call queue's primary number.
    CallQueue,
    /// A call queue's alternate number.
    CallQueueAlternate,
    /// Where a call queue forwards calls.
    CallQueueCallForward,
    /// An auto attendant's primary number.
    AutoAttendant,
    /// An auto attendant's alternate number.
    AutoAttendantAlternate,
    /// Where an auto attendant forwards calls.
    AutoAttendantCallForward,
    /// A paging group's number.
    PagingGroup,
    /// The location's voice portal number.
    VoicePortal,
    /// A voicemail group's number.
    VoicemailGroup,
    /// A voicemail group's fax number.
    VoicemailGroupFax,
    /// A Single Number Reach number.
    SingleNumberReach,
    /// Where an operating mode forwards calls.
    OperatingModeCallForward,
    /// A new person's primary number at this location (takes `licenseType`).
    NewPerson,
    /// A new workspace's primary number at this location.
    NewWorkspace,
    /// A new virtual line's primary number at this location.
    NewVirtualLine,
}

/// What a person's, workspace's or virtual line's own number is chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum MemberNumberUse {
    /// Its external caller ID: its location's list (for a person, with `personId`).
    ExternalCallerId,
    /// A secondary number (people and professional workspaces; virtual lines have none).
    Secondary,
    /// A fax number.
    Fax,
    /// Where it forwards calls.
    CallForward,
    /// Where its intercepted calls go.
    CallIntercept,
    /// Its emergency callback number: the members of its location whose number may be it.
    EmergencyCallback,
}

/// The GraphQL name of an enum value: the name of the list's row.
pub(super) fn name_of<E: EnumType + Copy + PartialEq>(value: E) -> &'static str {
    E::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// The list a location's purpose names: a location's own, or an organisation list asked with
/// this location.
pub(crate) fn location_source(purpose: LocationNumberUse) -> Option<&'static NumberSource> {
    let name = name_of(purpose);
    NumberSource::find(Scope::Location, name)
        .or_else(|| NumberSource::find(Scope::Organization, name))
}

/// The list a member's purpose names: one whose path names the member, or (external caller ID)
/// its location's, asked with its location. A purpose its kind lacks is refused.
pub(crate) fn member_source(
    kind: Kind,
    purpose: MemberNumberUse,
) -> Result<&'static NumberSource, ApiError> {
    if purpose == MemberNumberUse::ExternalCallerId {
        return Ok(NumberSource::external_caller_id());
    }
    let name = name_of(purpose);
    let scope = kind.member().map(|m| m.numbers);
    scope
        .and_then(|scope| NumberSource::find(scope, name))
        .ok_or_else(|| {
            let has: Vec<&str> = std::iter::once("EXTERNAL_CALLER_ID")
                .chain(
                    scope
                        .into_iter()
                        .flat_map(NumberSource::of_member)
                        .map(|s| s.name),
                )
                .collect();
            ApiError::BadUserInput(format!(
                "for: {name} is not a list a {} has; it has {}",
                kind.noun(),
                has.join(", ")
            ))
        })
}

/// The filters of one list, checked against what its endpoint takes.
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub(super) phone_numbers: Vec<String>,
    pub(super) owner_name: Option<String>,
    pub(super) extension: Option<String>,
    pub(super) license_type: Option<&'static str>,
}

impl Checked {
    pub(super) fn of(
        filter: NumberListFilter,
        source: &NumberSource,
        purpose: &str,
        limits: &InputLimits,
    ) -> Result<Self, ApiError> {
        let f = source.filters;
        let refuse = |argument: &str, why: &str| {
            let mut takes = vec!["phoneNumbers"];
            if f.owner_name {
                takes.push("ownerName");
            }
            if f.extension {
                takes.push("extension");
            }
            if f.license_type {
                takes.push("licenseType");
            }
            Err(ApiError::BadUserInput(format!(
                "filter.{argument} is not taken by {purpose}: {why}; its list ({}) filters by {} only",
                source.endpoint.label,
                takes.join(" and ")
            )))
        };
        if filter.owner_name.is_some() && !f.owner_name {
            return refuse(
                "ownerName",
                "it lists unassigned numbers, which have no owner",
            );
        }
        if filter.extension.is_some() && !f.extension {
            return refuse("extension", "its endpoint has no extension filter");
        }
        if filter.license_type.is_some() && !f.license_type {
            return refuse("licenseType", "only a new person's list takes a licence");
        }
        Ok(Self {
            phone_numbers: phone_numbers(filter.phone_numbers, limits.max_phone_numbers)?,
            owner_name: owner_name(filter.owner_name)?,
            extension: extension(filter.extension)?,
            license_type: filter.license_type.map(CallingLicense::wire),
        })
    }
}

pub(super) fn owner_name(name: Option<String>) -> Result<Option<String>, ApiError> {
    match name {
        Some(n) if n.chars().count() > MAX_OWNER_NAME => Err(ApiError::BadUserInput(format!(
            "filter.ownerName must be at most {MAX_OWNER_NAME} characters, got {}",
            n.chars().count()
        ))),
        Some(n) if n.trim().is_empty() => Err(ApiError::BadUserInput(
            "filter.ownerName must not be empty".into(),
        )),
        other => Ok(other),
    }
}

fn extension(extension: Option<String>) -> Result<Option<String>, ApiError> {
    match extension.map(|e| e.trim().to_owned()) {
        Some(e)
            if e.is_empty()
                || e.len() > MAX_EXTENSION
                || !e.chars().all(|c| c.is_ascii_digit()) =>
        {
            Err(ApiError::BadUserInput(format!(
                "filter.extension {e:?} is not an extension (1 to {MAX_EXTENSION} digits)"
            )))
        }
        other => Ok(other),
    }
}

pub(super) fn phone_numbers(
    numbers: Option<Vec<String>>,
    max: usize,
) -> Result<Vec<String>, ApiError> {
    let numbers = numbers.unwrap_or_default();
    if numbers.len() > max {
        return Err(ApiError::BadUserInput(format!(
            "filter.phoneNumbers may hold at most {max} numbers, got {}",
            numbers.len()
        )));
    }
    numbers
        .into_iter()
        .map(|n| {
            let n = n.trim().to_owned();
            // Webex takes the list comma-joined, so a comma inside one number would split it.
            let plausible = !n.is_empty()
                && n.len() <= 32
                && n.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'));
            if plausible {
                Ok(n)
            } else {
                Err(ApiError::BadUserInput(format!(
                    "filter.phoneNumbers: {n:?} is not a phone number (digits with an optional leading +)"
                )))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webex::sources::Holds;
    use std::collections::HashSet;

    #[test]
    fn input_checks_reject_what_webex_would() {
        assert!(owner_name(Some("x".repeat(255))).is_ok());
        assert!(owner_name(Some("é".repeat(256))).is_err());
        assert!(owner_name(Some("  ".into())).is_err());
        assert!(phone_numbers(Some(vec!["+12036390542".into()]), 5).is_ok());
        assert!(phone_numbers(Some(vec!["+1,+2".into()]), 5).is_err());
        assert!(phone_numbers(Some(vec!["1".into(); 6]), 5).is_err());
        assert!(extension(Some("1234".into())).is_ok());
        assert!(extension(Some("12a4".into())).is_err());
        assert!(extension(Some(" ".into())).is_err());
    }

    /// Every purpose names one list, and every list is some purpose's: 24 of a location, the
    /// members' own, and the external caller ID list for every member.
    #[test]
    fn every_purpose_names_a_list_and_every_list_a_purpose() {
        let mut reached = HashSet::new();
        for item in LocationNumberUse::items() {
            let source = location_source(item.value)
                .unwrap_or_else(|| panic!("{} names no list", item.name));
            assert_eq!(source.name, item.name);
            reached.insert(source.endpoint.label);
        }
        assert_eq!(LocationNumberUse::items().len(), 24);
        for kind in Kind::ALL.into_iter().filter(|k| k.member().is_some()) {
            for item in MemberNumberUse::items() {
                match member_source(kind, item.value) {
                    Ok(source) => {
                        assert_eq!(source.name, item.name);
                        reached.insert(source.endpoint.label);
                    }
                    // A virtual line has no secondary number.
                    Err(_) => assert_eq!(
                        (kind, item.value),
                        (Kind::VirtualLine, MemberNumberUse::Secondary)
                    ),
                }
            }
        }
        assert_eq!(reached.len(), crate::webex::sources::SOURCES.len());
        assert!(
            crate::webex::sources::SOURCES
                .iter()
                .all(|s| reached.contains(s.endpoint.label))
        );
    }

    #[test]
    fn a_filter_the_list_does_not_take_is_refused_naming_purpose_and_argument() {
        let limits = InputLimits::default();
        let ecbn = location_source(LocationNumberUse::EmergencyCallback).unwrap();
        let refused = |filter: NumberListFilter, source, purpose| match Checked::of(
            filter, source, purpose, &limits,
        ) {
            Err(ApiError::BadUserInput(m)) => m,
            other => panic!("{other:?}"),
        };
        let m = refused(
            NumberListFilter {
                extension: Some("1234".into()),
                ..Default::default()
            },
            ecbn,
            "EMERGENCY_CALLBACK",
        );
        assert!(
            m.starts_with("filter.extension is not taken by EMERGENCY_CALLBACK"),
            "{m}"
        );
        let hunt = location_source(LocationNumberUse::HuntGroup).unwrap();
        assert_eq!(hunt.holds, Holds::Unassigned);
        let m = refused(
            NumberListFilter {
                owner_name: Some("Ann".into()),
                ..Default::default()
            },
            hunt,
            "HUNT_GROUP",
        );
        assert!(m.contains("ownerName") && m.contains("unassigned"), "{m}");
        let m = refused(
            NumberListFilter {
                license_type: Some(CallingLicense::Standard),
                ..Default::default()
            },
            hunt,
            "HUNT_GROUP",
        );
        assert!(m.contains("licenseType"), "{m}");
        let person = location_source(LocationNumberUse::NewPerson).unwrap();
        let ok = Checked::of(
            NumberListFilter {
                license_type: Some(CallingLicense::Professional),
                ..Default::default()
            },
            person,
            "NEW_PERSON",
            &limits,
        )
        .unwrap();
        assert_eq!(ok.license_type, Some("Webex Calling Professional"));
    }
}
