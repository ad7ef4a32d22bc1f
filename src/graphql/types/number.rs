//! `AvailableNumber`: one number a person, workspace or virtual line may show as caller ID.

use std::sync::Arc;

use async_graphql::{Enum, Object};

use super::owner::NumberOwner;
use crate::graphql::resources::location::Location;
use crate::webex::model;

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

/// A phone number available for external caller ID.
#[derive(Debug, Clone)]
pub(crate) struct AvailableNumber {
    pub(crate) raw: Arc<model::AvailableNumber>,
    /// The number's offset in Webex's full list, for its cursor.
    pub(crate) offset: usize,
    pub(crate) org: Option<Arc<str>>,
    /// The id of the location the number belongs to (the location asked about when the payload
    /// omits it), and its name when the payload has it: shared by the page's rows.
    pub(crate) location_id: Arc<str>,
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

impl AvailableNumber {
    /// A row of a page asked at `asked` (the location used when the payload names none).
    pub(crate) fn new(
        raw: model::AvailableNumber,
        offset: usize,
        org: Option<Arc<str>>,
        asked: &Arc<str>,
        strings: &mut Interned,
    ) -> Self {
        let location = raw.location.as_ref();
        let location_id = location
            .and_then(|l| l.id.as_deref())
            .map_or_else(|| asked.clone(), |id| strings.get(id));
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
}

/// A phone number available for external caller ID.
#[Object]
impl AvailableNumber {
    /// The number in E.164 format, e.g. `+12036390542`.
    async fn phone_number(&self) -> &str {
        &self.raw.phone_number
    }

    /// Whether the number is active.
    async fn state(&self) -> NumberState {
        match self.raw.state.as_deref() {
            Some("ACTIVE") => NumberState::Active,
            Some("INACTIVE") => NumberState::Inactive,
            _ => NumberState::Unknown,
        }
    }

    /// Whether the number is its location's main number.
    async fn is_main_number(&self) -> bool {
        self.raw.is_main_number
    }

    /// Whether the number is toll free.
    async fn toll_free_number(&self) -> bool {
        self.raw.toll_free_number
    }

    /// Whether the number is a service number: a high-utilization or high-concurrency PSTN number
    /// that is neither mobile nor toll free.
    async fn is_service_number(&self) -> bool {
        self.raw.is_service_number
    }

    /// The number's own location. Because the list includes numbers of other locations with the
    /// same country, PSTN provider and (India) zone, it can differ from the location asked about.
    async fn location(&self) -> Location {
        Location::new(
            self.location_id.clone(),
            self.location_name.clone(),
            self.org.clone(),
        )
    }

    /// Who the number is assigned to; null when it is unassigned.
    async fn owner(&self) -> Option<NumberOwner> {
        NumberOwner::of_row(&self.raw, self.org.clone(), self.location_id.clone())
    }
}
