//! The available-numbers lists (`webex/sources.rs`): one method for all 38, one page of numbers
//! at a time, read item by item so one bad item costs only itself.

use super::paging::MAX_EMPTY_PAGES;
use super::{Caller, Client, decode};
use crate::webex::error::Error;
use crate::webex::model::{NumberItem, NumberList};
use crate::webex::sources::NumberSource;

/// One list's page request, as the GraphQL layer validated it. Filters the list's endpoint does
/// not take are never sent (the GraphQL layer refuses them first).
#[derive(Debug, Clone)]
pub struct NumbersQuery {
    pub source: &'static NumberSource,
    /// The id the list's scope names: the location (also of an organisation list, sent as
    /// `locationId`), person, workspace or virtual line.
    pub scope_id: String,
    pub org_id: Option<String>,
    pub phone_numbers: Vec<String>,
    pub owner_name: Option<String>,
    pub extension: Option<String>,
    pub person_id: Option<String>,
    /// Webex's spelling (`Webex Calling Professional`).
    pub license_type: Option<String>,
}

impl NumbersQuery {
    /// The list `source` of the entity `scope_id`, unfiltered.
    pub fn new(source: &'static NumberSource, scope_id: impl Into<String>) -> Self {
        Self {
            source,
            scope_id: scope_id.into(),
            org_id: None,
            phone_numbers: Vec::new(),
            owner_name: None,
            extension: None,
            person_id: None,
            license_type: None,
        }
    }
}

/// One page of available numbers.
#[derive(Debug, Clone)]
pub struct NumbersPage {
    /// Each number with its offset in Webex's full list (skipped items keep their place, so
    /// cursors stay exact).
    pub numbers: Vec<(usize, NumberItem)>,
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
    /// One page of the list `query` names: `max` numbers from offset `start`. When Webex caps
    /// the page below `max` it follows `Link: rel="next"` until it has `max` numbers.
    #[tracing::instrument(skip_all, fields(endpoint = query.source.endpoint.label, start, max))]
    pub async fn numbers(
        &self,
        caller: &Caller,
        query: &NumbersQuery,
        start: usize,
        max: usize,
    ) -> Result<NumbersPage, Error> {
        let source = query.source;
        let endpoint = source.endpoint.label;
        let f = &source.filters;
        fn taken(on: bool, v: &Option<String>) -> Option<&str> {
            v.as_deref().filter(|_| on)
        }
        let (max_s, start_s) = (max.to_string(), start.to_string());
        let phones = query.phone_numbers.join(",");
        let request = self.request(
            &source.endpoint,
            &[
                (source.scope.param(), Some(&query.scope_id)),
                ("orgId", query.org_id.as_deref()),
                ("max", Some(&max_s)),
                ("start", Some(&start_s)),
                (
                    "phoneNumber",
                    (!phones.is_empty()).then_some(phones.as_str()),
                ),
                ("ownerName", taken(f.owner_name, &query.owner_name)),
                ("extension", taken(f.extension, &query.extension)),
                ("personId", taken(f.person_id, &query.person_id)),
                ("licenseType", taken(f.license_type, &query.license_type)),
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
            let list: NumberList = decode(endpoint, &page)?;
            if list.phone_numbers.is_empty() {
                empty_pages += 1;
            }
            for (raw, item) in list.phone_numbers.iter().zip(list.items()) {
                let at = offset;
                offset += 1;
                if at >= end {
                    continue;
                }
                let problem = match &item {
                    Ok(n) => unusable(source, n).map(str::to_owned),
                    Err(e) => Some(e.to_string()),
                };
                match (item, problem) {
                    (Ok(number), None) => numbers.push((at, number)),
                    (_, reason) => {
                        let reason = reason.unwrap_or_default();
                        tracing::warn!(endpoint, offset = at, error = %reason, "skipped an unreadable number item");
                        // Only a failed item is read a second time, loosely, for its number.
                        let loose: Option<serde_json::Value> = serde_json::from_str(raw.get()).ok();
                        skipped.push(SkippedItem {
                            offset: at,
                            phone_number: loose
                                .as_ref()
                                .and_then(|v| v.get("phoneNumber"))
                                .and_then(|p| p.as_str())
                                .map(str::to_owned),
                            reason,
                        });
                    }
                }
            }
            let next = match page.next {
                Some(next) => Some(self.safe_next(endpoint, &page.tracking_id, &original, next)?),
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

/// Why an item that decoded is still of no use in this list: a number is what every list offers,
/// except that call-forward and intercept lists may offer an extension instead.
fn unusable(source: &NumberSource, n: &NumberItem) -> Option<&'static str> {
    match (&n.phone_number, &n.extension) {
        (Some(_), _) => None,
        (None, Some(_)) if source.fields.extension_only => None,
        (None, _) if source.fields.extension_only => {
            Some("it has neither phoneNumber nor extension")
        }
        (None, _) => Some("it has no phoneNumber"),
    }
}
