//! The simulator's records: what its handlers render into Webex's wire JSON.

use std::collections::HashMap;

/// The PSTN provider that the personId mobile-number rule applies to.
pub(crate) const CISCO_PSTN: &str = "Cisco PSTN";
pub(super) const OTHER_PSTN: &str = "IntelePeer";

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
    /// A mobile number (`telephonyType` `MOBILE_NUMBER`); only a person can own one.
    pub(crate) mobile: bool,
    pub(crate) location: usize,
    pub(crate) owner: Option<SimOwner>,
    /// The owner's extension, for owners that have one.
    pub(crate) extension: Option<String>,
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
    /// Holds the professional licence entitlement (secondary and fax numbers need it).
    pub(crate) professional: bool,
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
    /// `None` for a feature reached by extension only.
    pub(crate) phone_number: Option<String>,
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
    pub(super) people_by_id: HashMap<String, usize>,
    /// The index in `numbers` of each owner's first number.
    pub(super) numbers_by_owner: HashMap<String, usize>,
}

impl Org {
    /// The index of the location with this id.
    pub(crate) fn location_index(&self, id: &str) -> Option<usize> {
        self.locations.iter().position(|l| l.id == id)
    }

    pub(crate) fn person(&self, id: &str) -> Option<&SimPerson> {
        self.people_by_id.get(id).map(|&i| &self.people[i])
    }

    /// The number an owner (person, workspace, virtual line, feature…) is reached on.
    pub(crate) fn number_of(&self, owner_id: &str) -> Option<&SimNumber> {
        self.numbers_by_owner
            .get(owner_id)
            .map(|&i| &self.numbers[i])
    }

    /// The location's main number.
    pub(crate) fn main_number(&self, location: usize) -> Option<&SimNumber> {
        self.numbers
            .iter()
            .find(|n| n.location == location && n.main)
    }
}
