//! Caller ID state: one record per person, workspace and virtual line of each org, seeded with
//! variety (every `selected`, every name policy, some entities whose `types` lack
//! `LOCATION_NUMBER`) and changed by PUTs. `POST /_simulator/reset` puts the seed back.

use std::collections::HashMap;

use super::org::Org;
use super::rules;

/// Whose caller ID a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Person,
    Workspace,
    VirtualLine,
}

/// One entity's caller ID settings, the writable fields and what the GET derives from the org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SimCallerId {
    pub(crate) entity: Entity,
    pub(crate) location: usize,
    pub(crate) types: Vec<&'static str>,
    pub(crate) selected: String,
    pub(crate) direct_number: Option<String>,
    pub(crate) extension: Option<String>,
    pub(crate) custom_number: Option<String>,
    pub(crate) block_in_forward_calls: bool,
    pub(crate) name_policy: String,
    pub(crate) custom_name: Option<String>,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) additional_direct_line: bool,
    pub(crate) additional_location_number: bool,
    pub(crate) additional_custom_number: Option<String>,
    pub(crate) direct_line_selection: &'static str,
    pub(crate) direct_line_custom_name: Option<String>,
    pub(crate) dial_by_first_name: Option<String>,
    pub(crate) dial_by_last_name: Option<String>,
    /// Workspaces only.
    pub(crate) dial_by_name: Option<String>,
}

/// The caller ID records of one org, by entity id.
pub(crate) type Book = HashMap<String, SimCallerId>;

const SELECTIONS: [&str; 3] = ["DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM"];
const POLICIES: [&str; 3] = ["DIRECT_LINE", "LOCATION", "OTHER"];

/// The characters Webex refuses in caller ID and dial-by names, beside any non-ASCII one.
pub(crate) const FORBIDDEN_NAME_CHARACTERS: [char; 5] = ['%', '+', '`', '"', '\\'];

/// Whether Webex accepts `name` as a caller ID or dial-by name.
pub(crate) fn name_allowed(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() && !FORBIDDEN_NAME_CHARACTERS.contains(&c))
}

/// The numbers `entity` at `location` may show: the seed's rule (with `personId` for a person).
pub(crate) fn candidates(org: &Org, location: usize, person: Option<&str>) -> Vec<String> {
    rules::caller_id_numbers(org, location, person)
}

/// The location's main number, which `LOCATION_NUMBER` shows.
pub(crate) fn location_number(org: &Org, location: usize) -> Option<&str> {
    org.numbers
        .iter()
        .find(|n| n.location == location && n.main)
        .map(|n| n.phone_number.as_str())
}

/// The seed state of an org: deterministic, so a reset gives every test the same start.
pub(crate) fn seed(org: &Org) -> Book {
    let mut book = Book::new();
    let mut i = 0usize;
    let mut add = |id: &str,
                   entity: Entity,
                   location: usize,
                   direct: Option<String>,
                   extension: Option<String>,
                   first: &str,
                   last: &str,
                   book: &mut Book| {
        let n = i;
        i += 1;
        // One entity in five has no location number to choose (Webex leaves it out of `types`
        // when, e.g., the location has no main number it may use).
        let types: Vec<&'static str> = if n % 5 == 4 {
            vec!["DIRECT_LINE", "CUSTOM"]
        } else {
            SELECTIONS.to_vec()
        };
        let person = (entity == Entity::Person).then_some(id);
        let allowed = candidates(org, location, person);
        let mut selected = SELECTIONS[n % 3];
        if !types.contains(&selected) {
            selected = "DIRECT_LINE";
        }
        // A workspace keeps a custom number whatever it shows (the published workspace example
        // has one with DIRECT_LINE); people and virtual lines have one only when they show it.
        let keeps_custom = selected == "CUSTOM" || entity == Entity::Workspace;
        let custom_number = keeps_custom
            .then(|| allowed.get(n % allowed.len().max(1)).cloned())
            .flatten();
        let additional_custom_number = (entity != Entity::Workspace)
            .then(|| allowed.get((n + 1) % allowed.len().max(1)).cloned())
            .flatten();
        if custom_number.is_none() && selected == "CUSTOM" {
            selected = "DIRECT_LINE";
        }
        let policy = POLICIES[(n / 3) % 3];
        let display = format!("{first} {last}");
        book.insert(
            id.to_owned(),
            SimCallerId {
                entity,
                location,
                types,
                selected: selected.to_owned(),
                direct_number: direct,
                extension,
                custom_number,
                block_in_forward_calls: n.is_multiple_of(7),
                name_policy: policy.to_owned(),
                // Kept whatever the policy, as Webex keeps it (both published examples show one).
                custom_name: Some(format!("{first} at {}", ascii_location(org, location))),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                additional_direct_line: false,
                additional_location_number: false,
                additional_custom_number,
                direct_line_selection: match (entity, n % 2) {
                    (_, 0) => "CUSTOM_NAME",
                    (Entity::Workspace, _) => "DISPLAY_NAME",
                    _ => "FIRSTNAME_LASTNAME",
                },
                direct_line_custom_name: Some(display.clone()),
                dial_by_first_name: (entity != Entity::Workspace).then(|| first.to_owned()),
                dial_by_last_name: (entity != Entity::Workspace).then(|| last.to_owned()),
                dial_by_name: (entity == Entity::Workspace).then_some(display),
            },
        );
    };
    for p in &org.people {
        add(
            &p.id,
            Entity::Person,
            p.location,
            Some(p.phone_number.clone()),
            Some(p.extension.clone()),
            p.first_name,
            p.last_name,
            &mut book,
        );
    }
    for w in &org.workspaces {
        let direct = org
            .numbers
            .iter()
            .find(|n| n.owner.as_ref().is_some_and(|o| o.id == w.id))
            .map(|n| n.phone_number.clone());
        add(
            &w.id,
            Entity::Workspace,
            w.location,
            direct,
            None,
            &w.display_name,
            "",
            &mut book,
        );
    }
    for v in &org.virtual_lines {
        add(
            &v.id,
            Entity::VirtualLine,
            v.location,
            Some(v.phone_number.clone()),
            Some(v.extension.clone()),
            v.first_name,
            v.last_name,
            &mut book,
        );
    }
    book
}

/// A location name as a caller ID name may hold it (the seed's names include `São Paulo`).
fn ascii_location(org: &Org, location: usize) -> String {
    org.locations[location]
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect()
}
