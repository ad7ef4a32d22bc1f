//! The simulator's deterministic org: locations in several countries and PSTN providers, numbers of
//! every owner type, and the people, workspaces, virtual lines and features that own them. The same
//! size and seed always give the same org, so tests and benchmarks can rely on it.
//!
//! These are the simulator's own records, not the client's models: the wire JSON is written from
//! them by the handlers, shaped from the published spec's examples, so a field name the client gets
//! wrong is not repeated here.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The PSTN provider that the personId mobile-number rule applies to.
pub(crate) const CISCO_PSTN: &str = "Cisco PSTN";
const OTHER_PSTN: &str = "IntelePeer";

/// A location plus what the selection rule reads: country, PSTN provider and (India only) zone.
#[derive(Debug, Clone)]
pub(crate) struct SimLocation {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) address1: String,
    pub(crate) address2: Option<String>,
    pub(crate) city: &'static str,
    pub(crate) state: Option<&'static str>,
    pub(crate) postal_code: &'static str,
    pub(crate) country: &'static str,
    pub(crate) time_zone: &'static str,
    pub(crate) language: &'static str,
    pub(crate) latitude: &'static str,
    pub(crate) longitude: &'static str,
    pub(crate) notes: String,
    pub(crate) provider: &'static str,
    pub(crate) zone: Option<&'static str>,
}

/// Who owns a number, as the available-numbers item names it.
#[derive(Debug, Clone)]
pub(crate) struct SimOwner {
    pub(crate) id: String,
    /// The owner type exactly as Webex spells it on this endpoint (spelling drift included).
    pub(crate) kind: &'static str,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) display_name: Option<String>,
}

/// One number of the org.
#[derive(Debug, Clone)]
pub(crate) struct SimNumber {
    pub(crate) phone_number: String,
    pub(crate) active: bool,
    pub(crate) main: bool,
    pub(crate) toll_free: bool,
    pub(crate) service: bool,
    pub(crate) location: usize,
    pub(crate) owner: Option<SimOwner>,
}

/// A person plus the calling facts the personId rule reads.
#[derive(Debug, Clone)]
pub(crate) struct SimPerson {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) phone_number: String,
    /// `work` or `mobile`.
    pub(crate) number_type: &'static str,
    pub(crate) extension: String,
    pub(crate) location: usize,
    pub(crate) first_name: &'static str,
    pub(crate) last_name: &'static str,
    pub(crate) department: &'static str,
    pub(crate) title: &'static str,
    /// Set when the person's primary DN is a mobile number; holds that number.
    pub(crate) mobile_primary: Option<String>,
    pub(crate) billing_plan: Option<String>,
}

/// A workspace.
#[derive(Debug, Clone)]
pub(crate) struct SimWorkspace {
    pub(crate) id: String,
    pub(crate) location: usize,
    pub(crate) display_name: String,
    pub(crate) capacity: u32,
    pub(crate) sip_address: String,
}

/// A virtual line.
#[derive(Debug, Clone)]
pub(crate) struct SimVirtualLine {
    pub(crate) id: String,
    pub(crate) location: usize,
    pub(crate) first_name: &'static str,
    pub(crate) last_name: &'static str,
    pub(crate) phone_number: String,
    pub(crate) extension: String,
    pub(crate) devices: u32,
}

/// The location-scoped calling features, one kind per Webex endpoint family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FeatureType {
    HuntGroup,
    CallQueue,
    AutoAttendant,
    Paging,
    VoicemailGroup,
    VoicePortal,
}

/// A hunt group, call queue, auto attendant, paging group, voicemail group or voice portal.
#[derive(Debug, Clone)]
pub(crate) struct SimFeature {
    pub(crate) kind: FeatureType,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) location: usize,
    pub(crate) phone_number: String,
    pub(crate) extension: String,
    pub(crate) toll_free: bool,
    /// Call queues only: the department.
    pub(crate) department: Option<(String, &'static str)>,
    /// Call queues only: a Customer Assist queue, readable only with `hasCxEssentials=true`.
    pub(crate) cx_essentials: bool,
}

/// A premises route list.
#[derive(Debug, Clone)]
pub(crate) struct SimRouteList {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) location: usize,
    pub(crate) route_group_id: String,
    pub(crate) route_group_name: String,
}

/// A generated organisation.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) locations: Vec<SimLocation>,
    /// Sorted by phone number: the order the simulator lists them in.
    pub(crate) numbers: Vec<SimNumber>,
    /// Every collection below is sorted by id, the order list endpoints answer in.
    pub(crate) people: Vec<SimPerson>,
    pub(crate) workspaces: Vec<SimWorkspace>,
    pub(crate) virtual_lines: Vec<SimVirtualLine>,
    pub(crate) features: Vec<SimFeature>,
    pub(crate) route_lists: Vec<SimRouteList>,
    people_by_id: HashMap<String, usize>,
}

impl Org {
    /// The index of the location with this id.
    pub(crate) fn location_index(&self, id: &str) -> Option<usize> {
        self.locations.iter().position(|l| l.id == id)
    }

    pub(crate) fn person(&self, id: &str) -> Option<&SimPerson> {
        self.people_by_id.get(id).map(|&i| &self.people[i])
    }
}

struct LocationSeed {
    name: &'static str,
    country: &'static str,
    provider: &'static str,
    zone: Option<&'static str>,
    /// Share of the org's numbers, in percent.
    weight: usize,
    /// Digits after the country code that every number of the location starts with.
    prefix: &'static str,
    toll_free: &'static str,
    mobile: &'static str,
    city: &'static str,
    state: &'static str,
    postal: &'static str,
    time_zone: &'static str,
    language: &'static str,
    lat: &'static str,
    long: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn loc(
    name: &'static str,
    country: &'static str,
    provider: &'static str,
    zone: Option<&'static str>,
    weight: usize,
    prefix: &'static str,
    toll_free: &'static str,
    mobile: &'static str,
    city: &'static str,
    state: &'static str,
    postal: &'static str,
    time_zone: &'static str,
    language: &'static str,
    lat: &'static str,
    long: &'static str,
) -> LocationSeed {
    LocationSeed {
        name,
        country,
        provider,
        zone,
        weight,
        prefix,
        toll_free,
        mobile,
        city,
        state,
        postal,
        time_zone,
        language,
        lat,
        long,
    }
}

const ACME: &[LocationSeed] = &[
    loc(
        "San Jose",
        "US",
        CISCO_PSTN,
        None,
        30,
        "1408555",
        "1800555",
        "1408907",
        "San Jose",
        "CA",
        "95134",
        "America/Los_Angeles",
        "en_us",
        "37.3382",
        "-121.8863",
    ),
    loc(
        "Denver",
        "US",
        CISCO_PSTN,
        None,
        15,
        "1303555",
        "1888555",
        "1303907",
        "Denver",
        "CO",
        "80202",
        "America/Denver",
        "en_us",
        "39.7392",
        "-104.9903",
    ),
    loc(
        "Austin",
        "US",
        OTHER_PSTN,
        None,
        10,
        "1512555",
        "1877555",
        "1512907",
        "Austin",
        "TX",
        "73301",
        "America/Chicago",
        "en_us",
        "30.2672",
        "-97.7431",
    ),
    loc(
        "New York",
        "US",
        OTHER_PSTN,
        None,
        5,
        "1212555",
        "1866555",
        "1212907",
        "New York",
        "NY",
        "10001",
        "America/New_York",
        "en_us",
        "40.7128",
        "-74.0060",
    ),
    loc(
        "London",
        "GB",
        CISCO_PSTN,
        None,
        10,
        "44207946",
        "44800046",
        "447700900",
        "London",
        "",
        "EC1A 1BB",
        "Europe/London",
        "en_gb",
        "51.5072",
        "-0.1276",
    ),
    loc(
        "Manchester",
        "GB",
        OTHER_PSTN,
        None,
        5,
        "44161496",
        "44808157",
        "447700901",
        "Manchester",
        "",
        "M1 1AE",
        "Europe/London",
        "en_gb",
        "53.4808",
        "-2.2426",
    ),
    loc(
        "Bangalore",
        "IN",
        CISCO_PSTN,
        Some("IN-SOUTH"),
        10,
        "918041",
        "91180041",
        "919845",
        "Bengaluru",
        "KA",
        "560001",
        "Asia/Kolkata",
        "en_us",
        "12.935784",
        "77.697332",
    ),
    loc(
        "Chennai",
        "IN",
        CISCO_PSTN,
        Some("IN-SOUTH"),
        10,
        "914441",
        "91180044",
        "919840",
        "Chennai",
        "TN",
        "600001",
        "Asia/Kolkata",
        "en_us",
        "13.0827",
        "80.2707",
    ),
    loc(
        "Mumbai",
        "IN",
        CISCO_PSTN,
        Some("IN-WEST"),
        5,
        "912241",
        "91180022",
        "919820",
        "Mumbai",
        "MH",
        "400001",
        "Asia/Kolkata",
        "en_us",
        "19.0760",
        "72.8777",
    ),
];

const GLOBEX: &[LocationSeed] = &[
    loc(
        "Toronto",
        "CA",
        CISCO_PSTN,
        None,
        60,
        "1416555",
        "1855555",
        "1416907",
        "Toronto",
        "ON",
        "M5H 2N2",
        "America/Toronto",
        "en_us",
        "43.6532",
        "-79.3832",
    ),
    loc(
        "Berlin",
        "DE",
        OTHER_PSTN,
        None,
        40,
        "4930901",
        "49800100",
        "4915100",
        "Berlin",
        "",
        "10115",
        "Europe/Berlin",
        "de_de",
        "52.5200",
        "13.4050",
    ),
];

const FIRST: &[&str] = &[
    "Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Isla", "Jonas", "Kavya",
    "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rafael", "Sofia", "Tomas",
];
const LAST: &[&str] = &[
    "Anand", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Iyer", "Jensen",
    "Kowalski", "Lopez", "Müller", "Nakamura", "Okafor", "Patel", "Quintero", "Rossi", "Singh",
    "Walsh",
];
const DEPARTMENTS: &[&str] = &["Sales", "Support", "Engineering", "Finance", "Operations"];
const TITLES: &[&str] = &[
    "Account Executive",
    "Engineer",
    "Analyst",
    "Manager",
    "Specialist",
];

/// What owns the n-th number of a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Main,
    Unassigned,
    Owner(&'static str),
}

/// Every location starts with these slots so each owner type (and each spelling Webex uses for it)
/// appears in every location.
const FIXED: &[Slot] = &[
    Slot::Main,
    Slot::Owner("AUTO_ATTENDANT"),
    Slot::Owner("VOICE_MESSAGING"),
    Slot::Owner("OFFICE_ANYWHERE"),
    Slot::Owner("BROADWORKS_ANYWHERE"),
    Slot::Owner("CONTACT_CENTER_LINK"),
    Slot::Owner("CONTACT_CENTER_ADAPTER"),
    Slot::Owner("ROUTE_LIST"),
    Slot::Owner("COLLABORATE_BRIDGE"),
    Slot::Owner("AI_RECEPTIONIST"),
    Slot::Owner("PAGING_GROUP"),
    Slot::Owner("VOICEMAIL_GROUP"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("PLACE"),
    Slot::Owner("VIRTUAL_LINE"),
    Slot::Owner("HUNT_GROUP"),
    Slot::Owner("CALL_QUEUE"),
    Slot::Owner("GROUP_PAGING"),
];

/// After the fixed slots, numbers cycle through this mix (people dominate, as in real orgs).
const CYCLE: &[Slot] = &[
    Slot::Owner("PEOPLE"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("PLACE"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("VIRTUAL_LINE"),
    Slot::Owner("PEOPLE"),
    Slot::Unassigned,
    Slot::Owner("PEOPLE"),
    Slot::Owner("HUNT_GROUP"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("CALL_QUEUE"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("PLACE"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("GROUP_PAGING"),
    Slot::Owner("PEOPLE"),
    Slot::Owner("VIRTUAL_LINE"),
    Slot::Owner("AUTO_ATTENDANT"),
    Slot::Owner("PEOPLE"),
    Slot::Unassigned,
];

/// Each location gets at least this many numbers, so every fixed slot exists even in tiny orgs.
pub(crate) const MIN_NUMBERS_PER_LOCATION: usize = 32;

/// A Webex-style id: base64 of `ciscospark://us/{KIND}/{uuid}`, unique per org, kind and ordinal.
pub(crate) fn webex_id(kind: &str, org: u64, ordinal: u64) -> String {
    let a = mix(org.wrapping_mul(0x9E37_79B9) ^ mix(ordinal) ^ hash(kind));
    let b = mix(a ^ ordinal.wrapping_add(org << 32));
    let uuid = format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        a as u16 & 0xfff,
        ((b >> 48) as u16 & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    );
    URL_SAFE_NO_PAD.encode(format!("ciscospark://us/{kind}/{uuid}"))
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

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
            location: loc,
            owner: None,
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
                if mobile {
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
                self.out.workspaces.push(SimWorkspace {
                    id: id.clone(),
                    location: loc,
                    display_name: name.clone(),
                    capacity: (4 + n % 12) as u32,
                    sip_address: format!("room{k}@{}.calls.example.com", ascii(s.name)),
                });
                owner(id, kind, Some(s.name), Some("Room"), Some(&name))
            }
            "VIRTUAL_LINE" => {
                let id = self.next_id("VIRTUAL_LINE");
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
                    self.out.features.push(SimFeature {
                        kind: feature_type,
                        id: id.clone(),
                        name: name.clone(),
                        location: loc,
                        phone_number: phone,
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

    fn finish(mut self) -> Org {
        let out = &mut self.out;
        out.numbers
            .sort_by(|a, b| a.phone_number.cmp(&b.phone_number));
        out.people.sort_by(|a, b| a.id.cmp(&b.id));
        out.workspaces.sort_by(|a, b| a.id.cmp(&b.id));
        out.virtual_lines.sort_by(|a, b| a.id.cmp(&b.id));
        out.features.sort_by(|a, b| a.id.cmp(&b.id));
        out.route_lists.sort_by(|a, b| a.id.cmp(&b.id));
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
