//! The items of the available-numbers lists: [`AvailableNumber`], a number a person, workspace
//! or virtual line may show as caller ID (the contract of `availableCallerIdNumbers` and
//! `candidates`), and [`AssignableNumber`], an item of any of the 38 lists. Both read one
//! [`NumberRow`]: the item as Webex sent it, its place in the list and its location.

use std::sync::Arc;

use async_graphql::{Enum, Object, Value};

use super::owner::NumberOwner;
use crate::graphql::resources::location::Location;
use crate::graphql::rows::{Nested, Row, enum_value, opt_str};
use crate::webex::model;
use crate::webex::sources::Fields;

/// Whether a number can be used for calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum NumberState {
    /// Activated and has calling capability.
    Active,
    /// Not yet activated; no calling capability.
    Inactive,
    /// A state Webex added after this service was built.
    Unknown,
}

impl NumberState {
    fn of(raw: Option<&str>) -> Self {
        match raw {
            Some("ACTIVE") => NumberState::Active,
            Some("INACTIVE") => NumberState::Inactive,
            _ => NumberState::Unknown,
        }
    }
}

/// What kind of number it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum TelephonyType {
    /// A PSTN number.
    PstnNumber,
    /// A mobile number (only a person can own one).
    MobileNumber,
    /// A type Webex added after this service was built; `rawTelephonyType` holds it.
    Unknown,
}

/// One item of a list, as the page read it.
#[derive(Debug, Clone)]
pub(crate) struct NumberRow {
    pub(crate) raw: Arc<model::NumberItem>,
    /// The item's offset in Webex's full list, for its cursor.
    pub(crate) offset: usize,
    pub(crate) org: Option<Arc<str>>,
    /// The id of the location the number belongs to: the item's own, else the location the
    /// list is of; empty when neither is known (a member's list reached by id alone).
    pub(crate) location_id: Arc<str>,
    /// Its name, when the item carries it. Both are shared by the page's rows.
    pub(crate) location_name: Option<Arc<str>>,
}

/// One `Arc<str>` per distinct string of a page: its rows name a handful of locations.
#[derive(Debug, Default)]
pub(crate) struct Interned(Vec<Arc<str>>);

impl Interned {
    pub(crate) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(found) = self.0.iter().find(|known| known.as_ref() == s) {
            return found.clone();
        }
        let new: Arc<str> = Arc::from(s);
        self.0.push(new.clone());
        new
    }
}

impl NumberRow {
    /// A row of a page of the list of location `list_at` (empty when not known), used when the
    /// item names no location.
    pub(crate) fn new(
        raw: model::NumberItem,
        offset: usize,
        org: Option<Arc<str>>,
        list_at: &Arc<str>,
        strings: &mut Interned,
    ) -> Self {
        let location = raw.location.as_ref();
        let location_id = location
            .and_then(|l| l.id.as_deref())
            .map_or_else(|| list_at.clone(), |id| strings.get(id));
        let location_name = location
            .and_then(|l| l.name.as_deref())
            .map(|name| strings.get(name));
        Self {
            raw: Arc::new(raw),
            offset,
            org,
            location_id,
            location_name,
        }
    }

    fn location(&self) -> Option<Location> {
        (!self.location_id.is_empty()).then(|| {
            Location::new(
                self.location_id.clone(),
                self.location_name.clone(),
                self.org.clone(),
            )
        })
    }

    fn owner(&self) -> Option<NumberOwner> {
        NumberOwner::of_row(&self.raw, self.org.clone(), self.location_id.clone())
    }
}

/// A phone number available for external caller ID.
#[derive(Debug, Clone)]
pub(crate) struct AvailableNumber(pub(crate) NumberRow);

/// A phone number available for external caller ID.
#[Object]
impl AvailableNumber {
    /// The number in E.164 format, e.g. `+12036390542`.
    async fn phone_number(&self) -> &str {
        // The page leaves out an item of this list without a number.
        self.0.raw.phone_number.as_deref().unwrap_or_default()
    }

    /// Whether the number is active.
    async fn state(&self) -> NumberState {
        NumberState::of(self.0.raw.state.as_deref())
    }

    /// Whether the number is its location's main number.
    async fn is_main_number(&self) -> bool {
        self.0.raw.main().unwrap_or(false)
    }

    /// Whether the number is toll free.
    async fn toll_free_number(&self) -> bool {
        self.0.raw.toll_free_number.unwrap_or(false)
    }

    /// Whether the number is a service number: a high-utilization or high-concurrency PSTN number
    /// that is neither mobile nor toll free.
    async fn is_service_number(&self) -> bool {
        self.0.raw.is_service_number.unwrap_or(false)
    }

    /// The number's own location. Because the list includes numbers of other locations with the
    /// same country, PSTN provider and (India) zone, it can differ from the location asked about.
    async fn location(&self) -> Location {
        Location::new(
            self.0.location_id.clone(),
            self.0.location_name.clone(),
            self.0.org.clone(),
        )
    }

    /// Who the number is assigned to; null when it is unassigned.
    async fn owner(&self) -> Option<NumberOwner> {
        self.0.owner()
    }
}

// The fast path (`graphql/rows/`): each field here answers what its resolver below answers.
impl Row for AvailableNumber {
    fn plain(&self, field: &str) -> Option<Value> {
        let raw = &self.0.raw;
        Some(match field {
            "phoneNumber" => Value::String(raw.phone_number.clone().unwrap_or_default()),
            "state" => enum_value(NumberState::of(raw.state.as_deref())),
            "isMainNumber" => Value::Boolean(raw.main().unwrap_or(false)),
            "tollFreeNumber" => Value::Boolean(raw.toll_free_number.unwrap_or(false)),
            "isServiceNumber" => Value::Boolean(raw.is_service_number.unwrap_or(false)),
            _ => return None,
        })
    }

    fn nested(&self, field: &str) -> Option<Nested> {
        match field {
            "location" => Some(Nested::Location {
                location: Some(Location::new(
                    self.0.location_id.clone(),
                    self.0.location_name.clone(),
                    self.0.org.clone(),
                )),
                nullable: false,
            }),
            "owner" => Some(Nested::Owner(self.0.owner())),
            _ => None,
        }
    }
}

/// A number (or, in call-forward and call-intercept lists, an extension) an administrator may
/// assign for one purpose, from that purpose's available-numbers list. A field is null where
/// the list's endpoint does not give it.
#[derive(Debug, Clone)]
pub(crate) struct AssignableNumber {
    pub(crate) row: NumberRow,
    /// The item fields the list's endpoint gives.
    pub(crate) fields: Fields,
}

impl AssignableNumber {
    fn telephony_type_of(&self) -> Option<TelephonyType> {
        self.row.raw.telephony().map(|t| match t {
            "PSTN_NUMBER" => TelephonyType::PstnNumber,
            "MOBILE_NUMBER" => TelephonyType::MobileNumber,
            _ => TelephonyType::Unknown,
        })
    }

    /// A flag the endpoint gives (absent: false, as Webex leaves out false flags), or whatever
    /// an endpoint that does not give it sent.
    fn flag(&self, given: bool, value: Option<bool>) -> Option<bool> {
        if given {
            Some(value.unwrap_or(false))
        } else {
            value
        }
    }
}

/// A number (or, in call-forward and call-intercept lists, an extension) an administrator may
/// assign for one purpose, from that purpose's available-numbers list. A field is null where
/// the list's endpoint does not give it.
#[Object]
impl AssignableNumber {
    /// The number in E.164 format, e.g. `+12036390542`; null for an extension-only item.
    async fn phone_number(&self) -> Option<&str> {
        self.row.raw.phone_number.as_deref()
    }

    /// The extension (call-forward, call-intercept, operating-mode and some emergency callback
    /// lists).
    async fn extension(&self) -> Option<&str> {
        self.row.raw.extension.as_deref()
    }

    /// Whether the number is active. Every list holds active and inactive numbers.
    async fn state(&self) -> NumberState {
        NumberState::of(self.row.raw.state.as_deref())
    }

    /// Whether the number is its location's main number.
    async fn is_main_number(&self) -> bool {
        self.row.raw.main().unwrap_or(false)
    }

    /// Whether the number is toll free; null where the list does not say (Webex Go, the
    /// primary, secondary and fax lists).
    async fn toll_free_number(&self) -> Option<bool> {
        self.flag(self.fields.toll_free_number, self.row.raw.toll_free_number)
    }

    /// Whether the number is a service number: a high-utilization or high-concurrency PSTN number
    /// that is neither mobile nor toll free.
    async fn is_service_number(&self) -> bool {
        self.row.raw.is_service_number.unwrap_or(false)
    }

    /// PSTN or mobile; null where the list does not say (the external caller ID and charge
    /// number lists).
    async fn telephony_type(&self) -> Option<TelephonyType> {
        self.telephony_type_of()
    }

    /// `telephonyType` exactly as Webex sent it.
    async fn raw_telephony_type(&self) -> Option<&str> {
        self.row.raw.telephony()
    }

    /// The mobile network of a mobile number (the new person's primary list).
    async fn mobile_network(&self) -> Option<&str> {
        self.row.raw.mobile_network.as_deref()
    }

    /// The routing profile of a mobile number (the new person's primary list).
    async fn routing_profile(&self) -> Option<&str> {
        self.row.raw.routing_profile.as_deref()
    }

    /// The number's location: the one the item names (external caller ID lists cross
    /// locations), else the location the list is of; null for a member's list when the member's
    /// location is not known.
    async fn location(&self) -> Option<Location> {
        self.row.location()
    }

    /// Who the number is assigned to; null when it is unassigned (and in lists of unassigned
    /// numbers).
    async fn owner(&self) -> Option<NumberOwner> {
        self.row.owner()
    }
}

// The fast path (`graphql/rows/`): each field here answers what its resolver above answers.
impl Row for AssignableNumber {
    fn plain(&self, field: &str) -> Option<Value> {
        let raw = &self.row.raw;
        let flag = |b: Option<bool>| b.map_or(Value::Null, Value::Boolean);
        Some(match field {
            "phoneNumber" => opt_str(raw.phone_number.as_deref()),
            "extension" => opt_str(raw.extension.as_deref()),
            "state" => enum_value(NumberState::of(raw.state.as_deref())),
            "isMainNumber" => Value::Boolean(raw.main().unwrap_or(false)),
            "tollFreeNumber" => flag(self.flag(self.fields.toll_free_number, raw.toll_free_number)),
            "isServiceNumber" => Value::Boolean(raw.is_service_number.unwrap_or(false)),
            "telephonyType" => self.telephony_type_of().map_or(Value::Null, enum_value),
            "rawTelephonyType" => opt_str(raw.telephony()),
            "mobileNetwork" => opt_str(raw.mobile_network.as_deref()),
            "routingProfile" => opt_str(raw.routing_profile.as_deref()),
            _ => return None,
        })
    }

    fn nested(&self, field: &str) -> Option<Nested> {
        match field {
            "location" => Some(Nested::Location {
                location: self.row.location(),
                nullable: true,
            }),
            "owner" => Some(Nested::Owner(self.row.owner())),
            _ => None,
        }
    }
}
