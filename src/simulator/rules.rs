//! Which numbers each available-numbers list holds: the seed's external caller ID rule and the
//! rules the other lists' descriptions state (`shared/webex-numbers.md` §1).

use super::org::{CISCO_PSTN, FeatureType, Org, SimFeature, SimNumber, SimOwner};

/// What a list's path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Of {
    Location,
    Person,
    Workspace,
    VirtualLine,
    /// The organisation (the primary lists), narrowed by `locationId`.
    Organization,
}

/// Which numbers of its locations a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// The seed's external caller ID rule (with `personId`'s mobile-number rule).
    CallerId,
    /// Assigned and unassigned (the location's main-number list); no mobile number.
    Any,
    /// Unassigned numbers, mobile ones excluded.
    Unassigned,
    /// Unassigned standard numbers: neither mobile nor toll free.
    WebexGo,
    /// Assigned numbers.
    Assigned,
    /// Assigned numbers plus extension-only items (call-forward and intercept lists).
    Forward,
    /// Assigned numbers owned by a person, workspace, virtual line or hunt group.
    Emergency,
    /// Assigned numbers that are neither toll free nor mobile.
    Charge,
    /// A new person's primary number: unassigned numbers, mobile ones too, except with
    /// `licenseType` Webex Calling Standard (no source says how the licence narrows the list:
    /// the simulator's rule is that a standard licence takes no mobile number).
    NewPerson,
}

/// Filters of one list call, as Webex reads them.
#[derive(Debug, Default)]
pub(crate) struct ListFilter {
    pub(crate) phone_numbers: Vec<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) extension: Option<String>,
    pub(crate) person_id: Option<String>,
    pub(crate) license_type: Option<String>,
}

/// One item of a list: a number, or a feature reached by its extension alone.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item<'o> {
    Number(&'o SimNumber),
    Extension(&'o SimFeature),
}

/// The owner types an emergency callback number may point at.
const EMERGENCY_MEMBERS: [&str; 4] = ["PEOPLE", "PLACE", "VIRTUAL_LINE", "HUNT_GROUP"];

/// The items of a list of `holds` over `locations` (for the external caller ID list, the one
/// location asked), in list order: numbers by number, then extension-only items.
pub(crate) fn list<'o>(
    org: &'o Org,
    holds: Holds,
    locations: &[usize],
    filter: &ListFilter,
) -> Vec<Item<'o>> {
    let numbers: Vec<&SimNumber> = match holds {
        Holds::CallerId => match locations.first() {
            Some(&at) => caller_id(org, at, filter.person_id.as_deref()),
            None => Vec::new(),
        },
        _ => org
            .numbers
            .iter()
            .filter(|n| locations.contains(&n.location))
            .filter(|n| holds_number(holds, n, filter))
            .collect(),
    };
    let mut items: Vec<Item<'o>> = numbers
        .into_iter()
        .filter(|n| {
            let name = n.owner.as_ref().map(owner_name);
            filtered(filter, Some(&n.phone_number), n.extension.as_deref(), name)
        })
        .map(Item::Number)
        .collect();
    if holds == Holds::Forward {
        let mut extensions: Vec<&SimFeature> = org
            .features
            .iter()
            .filter(|f| f.phone_number.is_none() && locations.contains(&f.location))
            .filter(|_| filter.phone_numbers.is_empty())
            .filter(|f| filtered(filter, None, Some(&f.extension), Some(f.name.clone())))
            .collect();
        extensions.sort_by(|a, b| a.extension.cmp(&b.extension));
        items.extend(extensions.into_iter().map(Item::Extension));
    }
    items
}

fn holds_number(holds: Holds, n: &SimNumber, filter: &ListFilter) -> bool {
    let assigned = n.owner.is_some();
    let kind = n.owner.as_ref().map_or("", |o| o.kind);
    match holds {
        Holds::CallerId => true,
        Holds::Any => !n.mobile || assigned,
        Holds::Unassigned => !assigned && !n.mobile,
        Holds::WebexGo => !assigned && !n.mobile && !n.toll_free,
        Holds::Assigned | Holds::Forward => assigned,
        Holds::Emergency => EMERGENCY_MEMBERS.contains(&kind),
        Holds::Charge => assigned && !n.toll_free && !n.mobile,
        Holds::NewPerson => {
            !assigned
                && (!n.mobile || filter.license_type.as_deref() != Some("Webex Calling Standard"))
        }
    }
}

/// `phoneNumber`, `extension` and `ownerName` as Webex applies them: exact numbers, the exact
/// extension, and a case-insensitive part of the owner's name.
fn filtered(
    filter: &ListFilter,
    phone: Option<&String>,
    extension: Option<&str>,
    owner: Option<String>,
) -> bool {
    let phone_ok =
        filter.phone_numbers.is_empty() || phone.is_some_and(|p| filter.phone_numbers.contains(p));
    let extension_ok = filter
        .extension
        .as_deref()
        .is_none_or(|e| extension == Some(e));
    let name_ok = match (&filter.owner_name, owner) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(name), Some(owner)) => owner.to_lowercase().contains(&name.to_lowercase()),
    };
    phone_ok && extension_ok && name_ok
}

/// The seed's selection rule, in list order. Numbers of the location itself, plus numbers of other
/// locations with the same country and PSTN provider and, for India, the same zone. When `personId`
/// names a person in a Cisco PSTN location whose primary DN is a mobile number and who has no billing
/// plan, only that mobile number is returned. A `personId` that is not a person (a workspace or
/// virtual line id) has no effect, as the API documents. An unassigned mobile number is shown by
/// no one: only the person who owns one may.
fn caller_id<'o>(org: &'o Org, location: usize, person_id: Option<&str>) -> Vec<&'o SimNumber> {
    if let Some(person) = person_id.and_then(|id| org.person(id)) {
        let in_cisco = org.locations[person.location].provider == CISCO_PSTN;
        if let (true, Some(mobile), None) = (in_cisco, &person.mobile_primary, &person.billing_plan)
        {
            return org
                .numbers
                .iter()
                .filter(|n| &n.phone_number == mobile)
                .collect();
        }
    }
    let here = &org.locations[location];
    org.numbers
        .iter()
        .filter(|n| !(n.mobile && n.owner.is_none()))
        .filter(|n| {
            let there = &org.locations[n.location];
            n.location == location
                || (there.country == here.country
                    && there.provider == here.provider
                    && (here.country != "IN" || there.zone == here.zone))
        })
        .collect()
}

/// The numbers `entity` at `location` may show as caller ID (with `personId` for a person).
pub(crate) fn caller_id_numbers(org: &Org, location: usize, person: Option<&str>) -> Vec<String> {
    caller_id(org, location, person)
        .into_iter()
        .map(|n| n.phone_number.clone())
        .collect()
}

/// The name `ownerName` matches against: the display name, else "first last".
fn owner_name(owner: &SimOwner) -> String {
    match (&owner.display_name, &owner.first_name, &owner.last_name) {
        (Some(d), _, _) => d.clone(),
        (None, f, l) => format!(
            "{} {}",
            f.as_deref().unwrap_or_default(),
            l.as_deref().unwrap_or_default()
        )
        .trim()
        .to_owned(),
    }
}

impl FeatureType {
    /// The `owner.type` number lists give a feature of this kind.
    pub(crate) fn owner_type(self) -> &'static str {
        match self {
            FeatureType::HuntGroup => "HUNT_GROUP",
            FeatureType::CallQueue => "CALL_QUEUE",
            FeatureType::AutoAttendant => "AUTO_ATTENDANT",
            FeatureType::Paging => "GROUP_PAGING",
            FeatureType::VoicemailGroup => "VOICEMAIL_GROUP",
            FeatureType::VoicePortal => "VOICE_MESSAGING",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::org::generate;

    fn loc(org: &Org, name: &str) -> usize {
        org.locations.iter().position(|l| l.name == name).unwrap()
    }

    #[test]
    fn cross_location_numbers_share_country_provider_and_indian_zone() {
        let org = generate(0, 500);
        let names = |loc: usize| -> std::collections::BTreeSet<String> {
            list(&org, Holds::CallerId, &[loc], &ListFilter::default())
                .iter()
                .map(|item| match item {
                    Item::Number(n) => org.locations[n.location].name.clone(),
                    Item::Extension(f) => org.locations[f.location].name.clone(),
                })
                .collect()
        };
        assert_eq!(
            names(loc(&org, "San Jose")),
            ["Denver", "San Jose"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Austin")),
            ["Austin", "New York"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "London")),
            ["London"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Bangalore")),
            ["Bangalore", "Chennai"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Mumbai")),
            ["Mumbai"].map(String::from).into()
        );
    }
}
