//! `GET /telephony/config/locations/{locationId}/externalCallerId/availableNumbers`: the numbers
//! themselves, one page of them, read item by item so one bad item costs only itself.

use super::paging::MAX_EMPTY_PAGES;
use super::{Caller, Client, decode};
use crate::webex::endpoint::{Class, Endpoint, Retire};
use crate::webex::error::Error;
use crate::webex::model::{AvailableNumber, AvailableNumberList};

static NUMBERS: Endpoint = Endpoint {
    label: "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
    class: Class::Numbers,
    retired_by: Retire::Location("locationId"),
};
const AVAILABLE_NUMBERS: &str = NUMBERS.label;

/// Filters of the available-numbers call, as the GraphQL layer validated them.
#[derive(Debug, Clone, Default)]
pub struct AvailableNumbersQuery {
    pub location_id: String,
    pub org_id: Option<String>,
    pub phone_numbers: Vec<String>,
    pub owner_name: Option<String>,
    pub person_id: Option<String>,
}

/// One page of available numbers.
#[derive(Debug, Clone)]
pub struct NumbersPage {
    /// Each number with its offset in Webex's full list (skipped items keep their place, so
    /// cursors stay exact).
    pub numbers: Vec<(usize, AvailableNumber)>,
    /// Items Webex sent that could not be read; they are left out, not fatal.
    pub skipped: Vec<SkippedItem>,
    /// Webex said more numbers follow (a `Link: rel="next"` on the last page read).
    pub has_more: bool,
}

/// An item of the number list that could not be read.
#[derive(Debug, Clone)]
pub struct SkippedItem {
    /// Its offset in Webex's full list.
    pub offset: usize,
    /// Its `phoneNumber`, when that much could be read.
    pub phone_number: Option<String>,
    /// What was wrong with it.
    pub reason: String,
}

impl Client {
    /// `GET .../externalCallerId/availableNumbers`, reading `max` numbers from offset `start`. When
    /// Webex caps the page below `max` it follows `Link: rel="next"` until it has `max` numbers.
    #[tracing::instrument(skip_all, fields(endpoint = AVAILABLE_NUMBERS, start, max))]
    pub async fn available_numbers(
        &self,
        caller: &Caller,
        query: &AvailableNumbersQuery,
        start: usize,
        max: usize,
    ) -> Result<NumbersPage, Error> {
        let (max_s, start_s) = (max.to_string(), start.to_string());
        let phones = query.phone_numbers.join(",");
        let request = self.request(
            &NUMBERS,
            &[
                ("locationId", Some(&query.location_id)),
                ("orgId", query.org_id.as_deref()),
                ("max", Some(&max_s)),
                ("start", Some(&start_s)),
                (
                    "phoneNumber",
                    (!phones.is_empty()).then_some(phones.as_str()),
                ),
                ("ownerName", query.owner_name.as_deref()),
                ("personId", query.person_id.as_deref()),
            ],
        )?;
        let mut url = request.url.clone();
        let original = url.clone();
        let mut numbers = Vec::new();
        let mut skipped = Vec::new();
        // Offset of the next item in Webex's full list.
        let mut offset = start;
        let end = start.saturating_add(max);
        let mut empty_pages = 0;
        loop {
            let page = self.get(caller, &request.at(url)).await?;
            let list: AvailableNumberList = decode(AVAILABLE_NUMBERS, &page)?;
            if list.phone_numbers.is_empty() {
                empty_pages += 1;
            }
            for (raw, item) in list.phone_numbers.iter().zip(list.items()) {
                let at = offset;
                offset += 1;
                if at >= end {
                    continue;
                }
                match item {
                    Ok(number) => numbers.push((at, number)),
                    Err(e) => {
                        tracing::warn!(endpoint = AVAILABLE_NUMBERS, offset = at, error = %e, "skipped an unreadable number item");
                        // Only a failed item is read a second time, loosely, for its number.
                        let loose: Option<serde_json::Value> = serde_json::from_str(raw.get()).ok();
                        skipped.push(SkippedItem {
                            offset: at,
                            phone_number: loose
                                .as_ref()
                                .and_then(|v| v.get("phoneNumber"))
                                .and_then(|p| p.as_str())
                                .map(str::to_owned),
                            reason: e.to_string(),
                        });
                    }
                }
            }
            let next = match page.next {
                Some(next) => {
                    Some(self.safe_next(AVAILABLE_NUMBERS, &page.tracking_id, &original, next)?)
                }
                None => None,
            };
            match next {
                // Empty pages with next links are followed a few times, not forever: a buggy
                // upstream could hand them out without end.
                Some(next) if offset < end && empty_pages <= MAX_EMPTY_PAGES => url = next,
                next => {
                    // "More follow" needs a cursor to continue from: an empty result has none.
                    let has_more = !numbers.is_empty() && (next.is_some() || offset > end);
                    return Ok(NumbersPage {
                        numbers,
                        skipped,
                        has_more,
                    });
                }
            }
        }
    }
}
