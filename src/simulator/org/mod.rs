//! The simulator's deterministic org: locations in several countries and PSTN providers, numbers of
//! every owner type, and the people, workspaces, virtual lines and features that own them. The same
//! size and seed always give the same org, so tests and benchmarks can rely on it.
//!
//! These are the simulator's own records, not the client's models: the wire JSON is written from
//! them by the handlers, shaped from the published spec's examples, so a field name the client gets
//! wrong is not repeated here.
//!
//! Split into `records` (the data), `seeds` (the orgs' locations and owner mix) and `ids`; this
//! file builds an org from its seeds.

use std::collections::HashMap;

mod ids;
mod records;
mod seeds;

pub(crate) use ids::webex_id;
pub(crate) use records::*;
use seeds::{
    ACME, CYCLE, DEPARTMENTS, FIRST, FIXED, GLOBEX, LAST, LocationSeed, MIN_NUMBERS_PER_LOCATION,
    MOBILE_POOL, Slot, TITLES,
};

/// Builds the main org ("Acme", `org = 0`) or the second org ("Globex", `org = 1`).
pub(crate) fn generate(org: u64, numbers: usize) -> Org {
    let (name, seeds) = if org == 0 {
        ("Acme", ACME)
    } else {
        ("Globex", GLOBEX)
    };
    let mut b = Builder::new(org, name);
    for seed in seeds {
        b.add_location(seed);
    }
    for (index, seed) in seeds.iter().enumerate() {
        let count = (numbers * seed.weight / 100).max(MIN_NUMBERS_PER_LOCATION);
        for n in 0..count {
            b.add_number(index, seed, n);
        }
    }
    // Added after every numbered owner, so the ids and names above do not depend on them.
    for (index, seed) in seeds.iter().enumerate() {
        b.add_extension_only(index, seed);
        b.add_mobile_pool(index, seed);
    }
    b.finish()
}

struct Builder {
    org: u64,
    out: Org,
    ordinal: u64,
    people_in_cisco: u64,
}

impl Builder {
    fn new(org: u64, name: &str) -> Self {
        Self {
            org,
            ordinal: 0,
            people_in_cisco: 0,
            out: Org {
                id: webex_id("ORGANIZATION", org, 0),
                name: name.to_owned(),
                locations: Vec::new(),
                numbers: Vec::new(),
                people: Vec::new(),
                workspaces: Vec::new(),
                virtual_lines: Vec::new(),
                features: Vec::new(),
                route_lists: Vec::new(),
                people_by_id: HashMap::new(),
                numbers_by_owner: HashMap::new(),
            },
        }
    }

    fn next_id(&mut self, kind: &str) -> String {
        self.ordinal += 1;
        webex_id(kind, self.org, self.ordinal)
    }

    fn add_location(&mut self, s: &LocationSeed) {
        let id = self.next_id("LOCATION");
        let n = self.out.locations.len();
        self.out.locations.push(SimLocation {
            id,
            name: s.name.to_owned(),
            address1: format!("{} Main Street", 100 + n * 11),
            address2: n.is_multiple_of(2).then(|| format!("Floor {}", n + 2)),
            city: s.city,
            state: (!s.state.is_empty()).then_some(s.state),
            postal_code: s.postal,
            country: s.country,
            time_zone: s.time_zone,
            language: s.language,
            latitude: s.lat,
            longitude: s.long,
            notes: format!("{} office", s.name),
            provider: s.provider,
            zone: s.zone,
        });
    }

    fn add_number(&mut self, loc: usize, s: &LocationSeed, n: usize) {
        let slot = FIXED
            .get(n)
            .copied()
            .unwrap_or_else(|| CYCLE[(n - FIXED.len()) % CYCLE.len()]);
        let mut phone = format!("+{}{:04}", s.prefix, n % 10_000);
        if n >= 10_000 {
            // Past 10,000 numbers a location borrows the next exchange, keeping numbers unique.
            phone = format!("+{}{}{:04}", s.prefix, n / 10_000, n % 10_000);
        }
        let mut number = SimNumber {
            phone_number: phone,
            active: n % 13 != 5,
            main: slot == Slot::Main,
            toll_free: false,
            service: n % 17 == 3,
            mobile: false,
            location: loc,
            owner: None,
            extension: None,
        };
        if let Slot::Owner(kind) = slot {
            if kind == "AUTO_ATTENDANT" && n == 1 {
                number.toll_free = true;
                number.phone_number =
                    format!("+{}{:04}", s.toll_free, self.out.locations.len() + loc);
            }
            let owner = self.add_owner(kind, loc, s, n, &mut number);
            number.owner = Some(owner);
        }
        self.out.numbers.push(number);
    }

    fn add_owner(
        &mut self,
        kind: &'static str,
        loc: usize,
        s: &LocationSeed,
        n: usize,
        number: &mut SimNumber,
    ) -> SimOwner {
        let k = self.ordinal as usize;
        let first = FIRST[k % FIRST.len()];
        let last = LAST[(k / FIRST.len() + k * 7) % LAST.len()];
        let extension = format!("{}{:04}", loc + 1, n);
        let phone = number.phone_number.clone();
        match kind {
            "PEOPLE" => {
                let id = self.next_id("PEOPLE");
                let cisco = s.provider == CISCO_PSTN;
                let ordinal = if cisco {
                    self.people_in_cisco += 1;
                    self.people_in_cisco
                } else {
                    0
                };
                // Some people in Cisco PSTN locations use a mobile number as primary DN; of those,
                // some have no billing plan (the seed's personId rule applies) and some do.
                let mobile = cisco && (ordinal % 7 == 3 || ordinal % 7 == 5);
                let billing_plan = (mobile && ordinal % 7 == 5).then(|| "BP-MOBILE-1".to_owned());
                number.extension = Some(extension.clone());
                if mobile {
                    number.mobile = true;
                    number.phone_number = format!("+{}{:04}", s.mobile, n % 10_000);
                    if n >= 10_000 {
                        number.phone_number =
                            format!("+{}{}{:04}", s.mobile, n / 10_000, n % 10_000);
                    }
                }
                let email = format!(
                    "{}.{}{}@{}.example.com",
                    first.to_lowercase(),
                    ascii(last),
                    k,
                    self.out.name.to_lowercase()
                );
                self.out.people.push(SimPerson {
                    id: id.clone(),
                    email,
                    phone_number: number.phone_number.clone(),
                    number_type: if mobile { "mobile" } else { "work" },
                    extension,
                    location: loc,
                    first_name: first,
                    last_name: last,
                    department: DEPARTMENTS[k % DEPARTMENTS.len()],
                    title: TITLES[k % TITLES.len()],
                    mobile_primary: mobile.then(|| number.phone_number.clone()),
                    billing_plan,
                });
                owner(id, kind, Some(first), Some(last), None)
            }
            "PLACE" => {
                let id = self.next_id("PLACE");
                let name = format!("{} Room {}", s.name, n);
                number.extension = Some(extension);
                self.out.workspaces.push(SimWorkspace {
                    id: id.clone(),
                    location: loc,
                    display_name: name.clone(),
                    capacity: (4 + n % 12) as u32,
                    sip_address: format!("room{k}@{}.calls.example.com", ascii(s.name)),
                    professional: n % 4 < 2,
                });
                owner(id, kind, Some(s.name), Some("Room"), Some(&name))
            }
            "VIRTUAL_LINE" => {
                let id = self.next_id("VIRTUAL_LINE");
                number.extension = Some(extension.clone());
                self.out.virtual_lines.push(SimVirtualLine {
                    id: id.clone(),
                    location: loc,
                    first_name: "Line",
                    last_name: last,
                    phone_number: phone,
                    extension,
                    devices: (n % 3) as u32,
                });
                owner(id, kind, Some("Line"), Some(last), None)
            }
            "ROUTE_LIST" => {
                let id = self.next_id("ROUTE_LIST");
                let name = format!("{} Route List", s.name);
                self.out.route_lists.push(SimRouteList {
                    id: id.clone(),
                    name: name.clone(),
                    location: loc,
                    route_group_id: webex_id("ROUTE_GROUP", self.org, loc as u64),
                    route_group_name: format!("{} Route Group", s.name),
                });
                owner(id, kind, None, None, Some(&name))
            }
            _ => {
                let (id_kind, feature_type, label) = match kind {
                    "HUNT_GROUP" => ("HUNT_GROUP", Some(FeatureType::HuntGroup), "Hunt Group"),
                    "CALL_QUEUE" => ("CALL_QUEUE", Some(FeatureType::CallQueue), "Queue"),
                    "AUTO_ATTENDANT" => (
                        "AUTO_ATTENDANT",
                        Some(FeatureType::AutoAttendant),
                        "Auto Attendant",
                    ),
                    "GROUP_PAGING" | "PAGING_GROUP" => {
                        ("PAGING_GROUP", Some(FeatureType::Paging), "Paging")
                    }
                    "VOICEMAIL_GROUP" => (
                        "VOICEMAIL_GROUP",
                        Some(FeatureType::VoicemailGroup),
                        "Voicemail Group",
                    ),
                    "VOICE_MESSAGING" => (
                        "VOICEMAIL_PORTAL",
                        Some(FeatureType::VoicePortal),
                        "Voice Portal",
                    ),
                    "OFFICE_ANYWHERE" | "BROADWORKS_ANYWHERE" => {
                        ("SINGLE_NUMBER_REACH", None, "Single Number Reach")
                    }
                    "CONTACT_CENTER_LINK" => ("CONTACT_CENTER_LINK", None, "CC Link"),
                    "CONTACT_CENTER_ADAPTER" => ("CONTACT_CENTER_ADAPTER", None, "CC Adapter"),
                    "COLLABORATE_BRIDGE" => ("COLLABORATE_BRIDGE", None, "Collaborate Bridge"),
                    _ => ("AI_RECEPTIONIST", None, "AI Receptionist"),
                };
                let id = self.next_id(id_kind);
                let name = if feature_type == Some(FeatureType::VoicePortal) {
                    format!("{} {}", s.name, label)
                } else {
                    format!("{} {} {}", s.name, label, n)
                };
                if let Some(feature_type) = feature_type {
                    let queue = feature_type == FeatureType::CallQueue;
                    number.extension = Some(extension.clone());
                    self.out.features.push(SimFeature {
                        kind: feature_type,
                        id: id.clone(),
                        name: name.clone(),
                        location: loc,
                        phone_number: Some(phone),
                        extension,
                        toll_free: number.toll_free,
                        department: queue.then(|| {
                            (
                                webex_id("DEPARTMENT", self.org, (k % 5) as u64),
                                DEPARTMENTS[k % DEPARTMENTS.len()],
                            )
                        }),
                        // Every third queue has a Customer Assist licence.
                        cx_essentials: queue && k.is_multiple_of(3),
                    });
                }
                owner(id, kind, None, None, Some(&name))
            }
        }
    }

    /// A hunt group and a call queue reached by extension only: call-forward and intercept
    /// lists offer such extension-only items.
    fn add_extension_only(&mut self, loc: usize, s: &LocationSeed) {
        for (i, (kind, id_kind, label)) in [
            (FeatureType::HuntGroup, "HUNT_GROUP", "Internal Hunt Group"),
            (FeatureType::CallQueue, "CALL_QUEUE", "Internal Queue"),
        ]
        .into_iter()
        .enumerate()
        {
            let id = self.next_id(id_kind);
            self.out.features.push(SimFeature {
                kind,
                id,
                name: format!("{} {label}", s.name),
                location: loc,
                phone_number: None,
                // Six digits: numbered owners' extensions have five (below 10,000 numbers).
                extension: format!("{}{:05}", loc + 1, 90_000 + i),
                toll_free: false,
                department: None,
                cx_essentials: false,
            });
        }
    }

    /// Unassigned mobile numbers of a Cisco PSTN location: a new person's primary list offers
    /// them (the external caller ID list does not: only the person who owns one shows it).
    fn add_mobile_pool(&mut self, loc: usize, s: &LocationSeed) {
        if s.provider != CISCO_PSTN {
            return;
        }
        for i in 0..MOBILE_POOL {
            self.out.numbers.push(SimNumber {
                phone_number: format!("+{}{:04}", s.mobile, 9_900 + i),
                active: true,
                main: false,
                toll_free: false,
                service: false,
                mobile: true,
                location: loc,
                owner: None,
                extension: None,
            });
        }
    }

    fn finish(mut self) -> Org {
        let out = &mut self.out;
        out.numbers
            .sort_by(|a, b| a.phone_number.cmp(&b.phone_number));
        out.people.sort_by(|a, b| a.id.cmp(&b.id));
        out.workspaces.sort_by(|a, b| a.id.cmp(&b.id));
        out.virtual_lines.sort_by(|a, b| a.id.cmp(&b.id));
        out.features.sort_by(|a, b| a.id.cmp(&b.id));
        out.route_lists.sort_by(|a, b| a.id.cmp(&b.id));
        for (i, n) in out.numbers.iter().enumerate() {
            if let Some(owner) = &n.owner {
                out.numbers_by_owner.entry(owner.id.clone()).or_insert(i);
            }
        }
        out.people_by_id = out
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        self.out
    }
}

fn owner(
    id: String,
    kind: &'static str,
    first: Option<&str>,
    last: Option<&str>,
    display: Option<&str>,
) -> SimOwner {
    SimOwner {
        id,
        kind,
        first_name: first.map(str::to_owned),
        last_name: last.map(str::to_owned),
        display_name: display.map(str::to_owned),
    }
}

fn ascii(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn generation_is_deterministic_and_numbers_unique() {
        let a = generate(0, 2000);
        let b = generate(0, 2000);
        let phones: Vec<_> = a.numbers.iter().map(|n| &n.phone_number).collect();
        let again: Vec<_> = b.numbers.iter().map(|n| &n.phone_number).collect();
        assert_eq!(phones, again);
        let unique: HashSet<_> = phones.iter().collect();
        assert_eq!(unique.len(), phones.len());
    }

    #[test]
    fn every_owner_spelling_appears_in_every_location() {
        let org = generate(0, 100);
        for (i, _) in org.locations.iter().enumerate() {
            let kinds: HashSet<_> = org
                .numbers
                .iter()
                .filter(|n| n.location == i)
                .filter_map(|n| Some(n.owner.as_ref()?.kind))
                .collect();
            assert_eq!(kinds.len(), 17, "location {i}: {kinds:?}");
        }
    }

    #[test]
    fn orgs_do_not_share_ids() {
        let a = generate(0, 100);
        let b = generate(1, 100);
        assert_ne!(a.id, b.id);
        assert!(a.people.iter().all(|p| b.person(&p.id).is_none()));
    }
}
