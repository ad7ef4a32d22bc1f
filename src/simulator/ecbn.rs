//! Emergency callback numbers (ECBN): each person's, workspace's and virtual line's setting and
//! each location's, seeded with every `selected` value and changed by PUTs; and how Webex
//! resolves them into the numbers emergency services call back (`shared/webex-numbers.md` §2).
//! `POST /_simulator/reset` puts the seed back.

use std::collections::HashMap;

use super::org::{Org, SimNumber};

/// Which of a member's options is in force.
pub(crate) const MEMBER_SELECTIONS: [&str; 4] = [
    "DIRECT_LINE",
    "LOCATION_ECBN",
    "LOCATION_MEMBER_NUMBER",
    "NONE",
];

/// The owner types a callback member may be.
pub(crate) const MEMBER_TYPES: [&str; 4] = ["PEOPLE", "PLACE", "VIRTUAL_LINE", "HUNT_GROUP"];

/// A person's, workspace's or virtual line's setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemberEcbn {
    pub(crate) selected: String,
    /// The member whose number is used with `LOCATION_MEMBER_NUMBER`; Webex keeps it when
    /// another option is selected.
    pub(crate) member: Option<String>,
    pub(crate) elin: bool,
    pub(crate) elin_webex_app: bool,
}

/// A location's setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocationEcbn {
    /// `LOCATION_NUMBER` or `LOCATION_MEMBER_NUMBER`.
    pub(crate) selected: String,
    pub(crate) member: Option<String>,
    pub(crate) elin_expiry_minutes: u32,
}

/// The ECBN settings of one org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Book {
    pub(crate) members: HashMap<String, MemberEcbn>,
    /// By location index.
    pub(crate) locations: Vec<LocationEcbn>,
}

/// A callback member as a number list names it: its number and names.
#[derive(Debug, Clone)]
pub(crate) struct Member<'o> {
    pub(crate) id: &'o str,
    pub(crate) kind: &'static str,
    pub(crate) number: &'o SimNumber,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
}

/// The member `id` names, when it owns a number and is of a type an ECBN may point at.
pub(crate) fn member<'o>(org: &'o Org, id: &'o str) -> Option<Member<'o>> {
    let number = org.number_of(id)?;
    let owner = number.owner.as_ref()?;
    if !MEMBER_TYPES.contains(&owner.kind) {
        return None;
    }
    let (first_name, last_name) = match (&owner.first_name, &owner.last_name) {
        (Some(f), Some(l)) if owner.kind != "PLACE" => (f.clone(), l.clone()),
        // Webex gives a place (and a group) its name as first name and "." as last name.
        _ => (
            owner.display_name.clone().unwrap_or_default(),
            ".".to_owned(),
        ),
    };
    Some(Member {
        id,
        kind: owner.kind,
        number,
        first_name,
        last_name,
    })
}

/// How good a number is as a callback number: active and a person's or workspace's is
/// recommended, active and anything else's not, inactive invalid.
pub(crate) fn quality(number: &SimNumber) -> &'static str {
    match (number.active, number.owner.as_ref().map(|o| o.kind)) {
        (false, _) => "INVALID",
        (true, Some("PEOPLE" | "PLACE")) => "RECOMMENDED",
        // The location's own main number, as the published location example rates it.
        (true, None) if number.main => "RECOMMENDED",
        (true, _) => "NOT_RECOMMENDED",
    }
}

/// The seed: every member option occurs, a quarter of the members point at their location's
/// callback member; odd locations use a member, even ones their main number.
pub(crate) fn seed(org: &Org) -> Book {
    // Each location's receptionist: its first person with an active, non-mobile number.
    let receptionist: Vec<Option<String>> = (0..org.locations.len())
        .map(|l| {
            org.people
                .iter()
                .filter(|p| p.location == l && p.mobile_primary.is_none())
                .find(|p| org.number_of(&p.id).is_some_and(|n| n.active))
                .map(|p| p.id.clone())
        })
        .collect();
    let mut members = HashMap::new();
    let entities = org
        .people
        .iter()
        .map(|p| (&p.id, p.location, true, true))
        .chain(
            org.workspaces
                .iter()
                .map(|w| (&w.id, w.location, true, false)),
        )
        .chain(
            org.virtual_lines
                .iter()
                .map(|v| (&v.id, v.location, false, false)),
        );
    for (i, (id, location, elin, app)) in entities.enumerate() {
        let selected = MEMBER_SELECTIONS[i % MEMBER_SELECTIONS.len()];
        let member = receptionist[location].clone().filter(|r| r != id);
        let selected = if selected == "LOCATION_MEMBER_NUMBER" && member.is_none() {
            "DIRECT_LINE"
        } else {
            selected
        };
        members.insert(
            id.clone(),
            MemberEcbn {
                selected: selected.to_owned(),
                // Webex keeps the member after another option is selected, as the published
                // examples show (`DIRECT_LINE` beside a `locationMemberInfo`): some do here.
                member: (selected == "LOCATION_MEMBER_NUMBER" || i % 8 == 0)
                    .then_some(member)
                    .flatten(),
                elin: elin && i % 5 == 0,
                elin_webex_app: app && i % 10 == 0,
            },
        );
    }
    let locations = receptionist
        .iter()
        .enumerate()
        .map(|(l, r)| {
            let by_member = l % 2 == 1 && r.is_some();
            LocationEcbn {
                selected: if by_member {
                    "LOCATION_MEMBER_NUMBER"
                } else {
                    "LOCATION_NUMBER"
                }
                .to_owned(),
                member: r.clone().filter(|_| by_member),
                elin_expiry_minutes: 60,
            }
        })
        .collect();
    Book { members, locations }
}

/// How many members use `id` as their callback number, and whether it is its location's.
pub(crate) fn dependents(book: &Book, id: &str) -> (usize, bool) {
    let count = book
        .members
        .values()
        .filter(|m| m.selected == "LOCATION_MEMBER_NUMBER" && m.member.as_deref() == Some(id))
        .count();
    let location = book
        .locations
        .iter()
        .any(|l| l.selected == "LOCATION_MEMBER_NUMBER" && l.member.as_deref() == Some(id));
    (count, location)
}
