//! The 38 available-numbers lists of Webex Calling, one row each: what the list is for, its
//! endpoint (path, cache class, the writes that retire it), what it is scoped to, the filters its
//! endpoint takes, which numbers it holds, which owners it can name and which item fields it
//! gives. One client method (`Client::numbers`) serves every row; adding a list is a row here
//! (and one in the simulator's own table, plus the published example as a fixture).
//!
//! The facts are `shared/webex-numbers.md` §1 (the published spec's paths, parameters, schemas
//! and examples). Every list shares `orgId`, `max`, `start` and `phoneNumber`, answers
//! `{"phoneNumbers": […]}` and pages by offset.

mod table;

pub use table::SOURCES;

use super::endpoint::Endpoint;

/// What a list's path is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `…/locations/{locationId}/…`.
    Location,
    /// `…/people/{personId}/…`.
    Person,
    /// `…/workspaces/{workspaceId}/…`.
    Workspace,
    /// `…/virtualLines/{virtualLineId}/…`.
    VirtualLine,
    /// The whole organisation, narrowed to one location by the `locationId` query parameter
    /// (the primary lists for a new person, workspace or virtual line).
    Organization,
}

impl Scope {
    /// The path (or, for the organisation, query) parameter that names the scope's entity.
    pub fn param(self) -> &'static str {
        match self {
            Scope::Location | Scope::Organization => "locationId",
            Scope::Person => "personId",
            Scope::Workspace => "workspaceId",
            Scope::VirtualLine => "virtualLineId",
        }
    }
}

/// Which numbers a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Numbers assigned to no one ("… are unassigned").
    Unassigned,
    /// Numbers with an owner ("… are assigned to an owning entity").
    Assigned,
    /// Both (the location's main-number list; the external caller ID list).
    Both,
}

/// The owners a list can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owners {
    /// None: the list holds unassigned numbers.
    None,
    /// Any of the 14 `NumberOwnerType`s.
    Any,
    /// The four kinds an emergency callback number may point at: people, workspaces, virtual
    /// lines and hunt groups (the ECBN lists' inline enum).
    EmergencyMembers,
}

/// The filters beyond `orgId`, `max`, `start` and `phoneNumber` a list's endpoint takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub owner_name: bool,
    pub extension: bool,
    pub person_id: bool,
    pub location_id: bool,
    pub license_type: bool,
}

/// The item fields a list's endpoint gives beside `phoneNumber`, `state`, `isMainNumber` and
/// `isServiceNumber` (which all give).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    pub toll_free_number: bool,
    pub telephony_type: bool,
    pub extension: bool,
    /// `location {id, name}` (only the external caller ID list).
    pub location: bool,
    /// `mobileNetwork` and `routingProfile` (only the new person's primary list).
    pub mobile: bool,
    /// Items may hold an extension and no `phoneNumber` (call-forward, call-intercept and
    /// operating-mode lists: the schema does not require the number).
    pub extension_only: bool,
}

/// One available-numbers list.
#[derive(Debug)]
pub struct NumberSource {
    /// The purpose, as the GraphQL `LocationNumberUse` / `MemberNumberUse` value names it.
    pub name: &'static str,
    pub scope: Scope,
    pub endpoint: Endpoint,
    pub filters: Filters,
    pub holds: Holds,
    pub owners: Owners,
    pub fields: Fields,
    /// Location administrators may call it (the virtual line's primary, fax, call-forward and
    /// ECBN lists are for full and read-only administrators only).
    pub location_admins: bool,
    /// What an administrator picks from it.
    pub about: &'static str,
}

impl NumberSource {
    /// The list for purpose `name` scoped to `scope`.
    pub fn find(scope: Scope, name: &str) -> Option<&'static NumberSource> {
        SOURCES.iter().find(|s| s.scope == scope && s.name == name)
    }

    /// The external caller ID list: location-scoped, and what a member's `EXTERNAL_CALLER_ID`
    /// asks with the member's location (and, for a person, `personId`).
    pub fn external_caller_id() -> &'static NumberSource {
        &SOURCES[0]
    }

    /// The lists members ask about themselves, whose paths name the member.
    pub fn of_member(scope: Scope) -> impl Iterator<Item = &'static NumberSource> {
        SOURCES.iter().filter(move |s| s.scope == scope)
    }

    /// Whether the list's items may name an owner.
    pub fn has_owners(&self) -> bool {
        self.owners != Owners::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webex::endpoint::{Class, Retire};
    use std::collections::HashSet;

    #[test]
    fn every_row_is_one_list_scoped_as_its_path_says() {
        let mut labels = HashSet::new();
        let mut purposes = HashSet::new();
        for s in &SOURCES {
            assert!(labels.insert(s.endpoint.label), "{}", s.endpoint.label);
            assert!(purposes.insert((s.scope, s.name)), "{}", s.name);
            assert_eq!(s.endpoint.class, Class::Numbers);
            let params: Vec<&str> = s.endpoint.path_params().collect();
            match s.scope {
                Scope::Organization => {
                    assert!(params.is_empty() && s.filters.location_id, "{}", s.name)
                }
                scope => assert_eq!(params, [scope.param()], "{}", s.name),
            }
            // A write to what the path (or `locationId`) names retires the list's pages.
            let retired = match s.endpoint.retired_by {
                Retire::Entity(p) | Retire::Location(p) => p,
                Retire::Never => "",
            };
            assert_eq!(retired, s.scope.param(), "{}", s.name);
            // `ownerName` only where the list holds owned numbers; `extension` only where
            // items carry one; owners only on lists of owned numbers.
            assert_eq!(
                s.filters.owner_name,
                s.holds != Holds::Unassigned,
                "{}",
                s.name
            );
            assert!(!s.filters.extension || s.fields.extension, "{}", s.name);
            assert_eq!(s.has_owners(), s.holds != Holds::Unassigned, "{}", s.name);
        }
        let count = |scope| SOURCES.iter().filter(|s| s.scope == scope).count();
        assert_eq!(
            [
                count(Scope::Location),
                count(Scope::Organization),
                count(Scope::Person),
                count(Scope::VirtualLine),
                count(Scope::Workspace)
            ],
            [21, 3, 5, 4, 5]
        );
        assert_eq!(
            NumberSource::external_caller_id().name,
            "EXTERNAL_CALLER_ID"
        );
    }
}
