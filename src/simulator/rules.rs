//! The rules the simulator enforces: who may call what (tokens, scopes, admin roles), which numbers
//! the seed says a location may use as external caller ID, and the faults a tester asked for.

use std::time::Duration;

use serde::Deserialize;

use super::org::{CISCO_PSTN, Org, SimNumber};

pub(crate) const TELEPHONY_READ: &str = "spark-admin:telephony_config_read";
pub(crate) const PEOPLE_READ: &str = "spark-admin:people_read";
pub(crate) const LOCATIONS_READ: &str = "spark-admin:locations_read";
pub(crate) const WORKSPACES_READ: &str = "spark-admin:workspaces_read";

const ALL_READ: &[&str] = &[TELEPHONY_READ, PEOPLE_READ, LOCATIONS_READ, WORKSPACES_READ];

/// The documented demo tokens. They are not secrets: they only open the simulator's made-up org.
pub const DEMO_ADMIN_TOKEN: &str = "demo-admin-token";
/// Read-only administrator of the main org.
pub const DEMO_READONLY_TOKEN: &str = "demo-readonly-token";
/// Location administrator of the main org's first location (San Jose) only.
pub const DEMO_LOCATION_ADMIN_TOKEN: &str = "demo-location-admin-token";
/// A valid user token without any admin scope.
pub const DEMO_NO_SCOPE_TOKEN: &str = "demo-no-scope-token";
/// Full administrator of the second org (Globex).
pub const DEMO_ORG2_ADMIN_TOKEN: &str = "demo-org2-admin-token";

/// The admin role a token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    FullAdmin,
    ReadOnlyAdmin,
    /// Administers only the location with this index.
    LocationAdmin(usize),
    User,
}

/// What a token grants: an org, a role and scopes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grant {
    pub(crate) org: usize,
    pub(crate) role: Role,
    pub(crate) scopes: &'static [&'static str],
}

impl Grant {
    pub(crate) fn has(&self, scope: &str) -> bool {
        self.role != Role::User && self.scopes.contains(&scope)
    }

    /// Whether the token may read things of the location with this index.
    pub(crate) fn covers_location(&self, location: usize) -> bool {
        match self.role {
            Role::LocationAdmin(l) => l == location,
            Role::User => false,
            Role::FullAdmin | Role::ReadOnlyAdmin => true,
        }
    }
}

/// The grant of a demo token, if it is one.
pub(crate) fn grant_for(token: &str) -> Option<Grant> {
    let grant = |org, role, scopes| Some(Grant { org, role, scopes });
    match token {
        DEMO_ADMIN_TOKEN => grant(0, Role::FullAdmin, ALL_READ),
        DEMO_READONLY_TOKEN => grant(0, Role::ReadOnlyAdmin, ALL_READ),
        DEMO_LOCATION_ADMIN_TOKEN => grant(0, Role::LocationAdmin(0), ALL_READ),
        DEMO_NO_SCOPE_TOKEN => grant(0, Role::User, &["spark:people_read"]),
        DEMO_ORG2_ADMIN_TOKEN => grant(1, Role::FullAdmin, ALL_READ),
        _ => None,
    }
}

/// Filters of one available-numbers call, already validated.
#[derive(Debug, Default)]
pub(crate) struct NumberFilter {
    pub(crate) phone_numbers: Vec<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) person_id: Option<String>,
}

/// The seed's selection rule, in list order. Numbers of the location itself, plus numbers of other
/// locations with the same country and PSTN provider and, for India, the same zone. When `personId`
/// names a person in a Cisco PSTN location whose primary DN is a mobile number and who has no billing
/// plan, only that mobile number is returned. A `personId` that is not a person (a workspace or
/// virtual line id) has no effect, as the API documents.
pub(crate) fn available_numbers<'o>(
    org: &'o Org,
    location: usize,
    filter: &NumberFilter,
) -> Vec<&'o SimNumber> {
    if let Some(person) = filter.person_id.as_ref().and_then(|id| org.people.get(id)) {
        let in_cisco = org.locations[person.location].provider == CISCO_PSTN;
        if let (true, Some(mobile), None) = (in_cisco, &person.mobile_primary, &person.billing_plan)
        {
            return org
                .numbers
                .iter()
                .filter(|n| &n.item.phone_number == mobile)
                .collect();
        }
    }
    let here = &org.locations[location];
    let name = filter.owner_name.as_ref().map(|n| n.to_lowercase());
    org.numbers
        .iter()
        .filter(|n| {
            let there = &org.locations[n.location];
            n.location == location
                || (there.country == here.country
                    && there.provider == here.provider
                    && (here.country != "IN" || there.zone == here.zone))
        })
        .filter(|n| {
            filter.phone_numbers.is_empty() || filter.phone_numbers.contains(&n.item.phone_number)
        })
        .filter(|n| match &name {
            None => true,
            Some(name) => n
                .item
                .owner
                .as_ref()
                .is_some_and(|o| owner_name(o).to_lowercase().contains(name.as_str())),
        })
        .collect()
}

/// The name `ownerName` matches against: the display name, else "first last".
fn owner_name(owner: &crate::webex::model::NumberOwner) -> String {
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

/// One fault rule, as posted to `POST /_simulator/faults` (or set from `simulate` flags).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Only requests whose path contains this string; all when absent.
    #[serde(default)]
    pub path: Option<String>,
    /// Answer with this status and a Webex error body.
    #[serde(default)]
    pub status: Option<u16>,
    /// Raw `Retry-After` header value to send with the status (may be garbage on purpose).
    #[serde(default)]
    pub retry_after: Option<String>,
    /// Added latency before answering, in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Send a 200 whose JSON body is cut in half.
    #[serde(default)]
    pub truncate: bool,
    /// Abort the response mid-body, as a connection reset does.
    #[serde(default)]
    pub reset: bool,
    /// Apply to this many matching requests, then stop; forever when absent.
    #[serde(default)]
    pub count: Option<u64>,
    /// Apply to this fraction (0..=1) of matching requests; all when absent.
    #[serde(default)]
    pub rate: Option<f64>,
}

/// What a fault rule does to one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct FaultAction {
    pub(crate) status: Option<u16>,
    pub(crate) retry_after: Option<String>,
    pub(crate) latency: Option<Duration>,
    pub(crate) truncate: bool,
    pub(crate) reset: bool,
}

/// The active fault rules; the first rule that matches a request acts on it.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<FaultRule>,
    /// Next links drop every filter, as Webex has been seen to do.
    pub(crate) drop_link_filters: bool,
}

impl Faults {
    pub(crate) fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
        self.drop_link_filters = false;
    }

    /// The action for a request to `path`, consuming one use of a counted rule.
    pub(crate) fn action_for(&mut self, path: &str) -> Option<FaultAction> {
        let index = self.rules.iter().position(|r| {
            r.path.as_deref().is_none_or(|p| path.contains(p)) && r.count != Some(0)
        })?;
        let rule = &mut self.rules[index];
        if let Some(rate) = rule.rate
            && fastrand::f64() >= rate
        {
            return None;
        }
        if let Some(count) = rule.count.as_mut() {
            *count -= 1;
        }
        Some(FaultAction {
            status: rule.status,
            retry_after: rule.retry_after.clone(),
            latency: rule.latency_ms.map(Duration::from_millis),
            truncate: rule.truncate,
            reset: rule.reset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::org::generate;

    fn loc(org: &Org, name: &str) -> usize {
        org.locations
            .iter()
            .position(|l| l.detail.name.as_deref() == Some(name))
            .unwrap()
    }

    #[test]
    fn cross_location_numbers_share_country_provider_and_indian_zone() {
        let org = generate(0, 500);
        let names = |loc: usize| -> std::collections::BTreeSet<String> {
            available_numbers(&org, loc, &NumberFilter::default())
                .iter()
                .map(|n| org.locations[n.location].detail.name.clone().unwrap())
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

    #[test]
    fn counted_faults_run_out_and_paths_filter() {
        let mut f = Faults::default();
        f.add(FaultRule {
            path: Some("people".into()),
            status: Some(503),
            count: Some(2),
            ..FaultRule::default()
        });
        assert!(f.action_for("/v1/locations/x").is_none());
        assert_eq!(f.action_for("/v1/people").unwrap().status, Some(503));
        assert!(f.action_for("/v1/people").is_some());
        assert!(f.action_for("/v1/people").is_none());
    }
}
