//! One page of a directory list for a GraphQL connection: `first` items from `offset`, and
//! whether more follow. Two paging styles meet here:
//!
//! * telephony lists and `GET /workspaces` document `start`: the page is asked for directly;
//! * `GET /people` and `GET /locations` document only `max` and `Link: rel="next"` (their next
//!   links carry Webex's own cursor): the list is read from its first page, following links,
//!   until the window is filled. A window that ends where a Webex page ends gives back that
//!   page's next link (`resume`), and the window after it starts there: paging forward costs one
//!   call a page. A window started anywhere else (an edge cursor mid-page) walks from the start.
//!
//! `Link` targets are checked as for every list (same origin, filters kept), and unreadable
//! items are skipped with a warning without shifting the offsets of the others.

use serde::de::DeserializeOwned;
use url::Url;

use super::paging::{MAX_EMPTY_PAGES, MAX_LIST_PAGES, raw_items};
use super::{Caller, Client};
use crate::webex::endpoint::Request;
use crate::webex::error::Error;

/// How a list endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browse {
    /// `start` is honoured.
    Offset,
    /// Only `Link: rel="next"`; the largest `max` one page answers with is given.
    Links { page_max: usize },
}

/// Items `offset..offset + first` of a list, each with its offset.
#[derive(Debug, Clone)]
pub struct Window<T> {
    pub items: Vec<(usize, T)>,
    /// More items follow the window.
    pub has_more: bool,
    /// Link-paged lists: the query of Webex's next link when the window ended where a Webex page
    /// ended, which the next window can start from.
    pub resume: Option<String>,
}

impl Client {
    /// The window of the list `request` asks (filters set, no paging parameters) under `key`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn window<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        request: &Request,
        key: &str,
        browse: Browse,
        offset: usize,
        first: usize,
        resume: Option<&str>,
    ) -> Result<Window<T>, Error> {
        let endpoint = request.label();
        let mut url = request.url.clone();
        let filters = url.clone();
        let mut position = match (browse, resume) {
            (Browse::Offset, _) => {
                url.query_pairs_mut()
                    .append_pair("max", &first.to_string())
                    .append_pair("start", &offset.to_string());
                offset
            }
            // Where an earlier window's last Webex page said the list goes on: the link's own
            // paging, under this list's filters (the cursor is the client's; its filters are not).
            (Browse::Links { .. }, Some(resume)) => {
                url = resumed(&filters, resume);
                offset
            }
            // The first page is asked for at the window's size; a later one walks in pages as
            // large as the endpoint serves, to spend as few calls as it can.
            (Browse::Links { page_max }, None) => {
                let max = if offset == 0 { first } else { page_max };
                url.query_pairs_mut().append_pair("max", &max.to_string());
                0
            }
        };
        let original = filters;
        let mut items = Vec::with_capacity(first.min(1000));
        let mut empty_pages = 0;
        for _ in 0..MAX_LIST_PAGES {
            let page = self.get(caller, &request.at(url)).await?;
            let list = raw_items(endpoint, &page, key)?;
            if list.is_empty() {
                empty_pages += 1;
            }
            let mut overflow = false;
            for item in list {
                let at = position;
                position += 1;
                if at < offset {
                    continue;
                }
                if items.len() == first {
                    overflow = true;
                    break;
                }
                match serde_json::from_str::<T>(item.get()) {
                    Ok(v) => items.push((at, v)),
                    Err(e) => {
                        tracing::warn!(endpoint, offset = at, error = %e, "skipped an unreadable list item")
                    }
                }
            }
            let full = items.len() == first;
            match page.next {
                Some(next) if full => {
                    // Ended with this page: its next link is where the list goes on.
                    let resume = match (browse, overflow) {
                        (Browse::Links { .. }, false) => self
                            .safe_next(endpoint, &page.tracking_id, &original, next)
                            .ok()
                            .and_then(|u| u.query().map(str::to_owned)),
                        _ => None,
                    };
                    return Ok(Window {
                        items,
                        has_more: true,
                        resume,
                    });
                }
                Some(next) if empty_pages <= MAX_EMPTY_PAGES => {
                    url = self.safe_next(endpoint, &page.tracking_id, &original, next)?;
                }
                _ => {
                    return Ok(Window {
                        items,
                        has_more: overflow,
                        resume: None,
                    });
                }
            }
        }
        Ok(Window {
            has_more: true,
            items,
            resume: None,
        })
    }
}

/// The list's URL with the paging of `resume` (a next link's query): every parameter of `resume`
/// that the list's own query does not set, then the list's own (its filters, `orgId`, …). The
/// path and host are the list's, so a cursor can only page the list it came from.
fn resumed(filters: &Url, resume: &str) -> Url {
    let ours: Vec<(String, String)> = filters.query_pairs().into_owned().collect();
    let mut url = filters.clone();
    url.set_query(None);
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in url::form_urlencoded::parse(resume.as_bytes()) {
            if !ours.iter().any(|(ok, _)| *ok == k) {
                q.append_pair(&k, &v);
            }
        }
        for (k, v) in &ours {
            q.append_pair(k, v);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumed_window_keeps_the_lists_own_filters_and_path() {
        let filters =
            Url::parse("https://x/v1/people?locationId=L1&callingData=true&orgId=O").unwrap();
        let url = resumed(
            &filters,
            "max=20&cursor=abc%3D&locationId=L2&orgId=EVIL&callingData=false",
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| {
            pairs
                .iter()
                .filter(|(pk, _)| pk == k)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(url.path(), "/v1/people");
        assert_eq!(get("locationId"), ["L1"]);
        assert_eq!(get("orgId"), ["O"]);
        assert_eq!(get("callingData"), ["true"]);
        assert_eq!(get("cursor"), ["abc="]);
        assert_eq!(get("max"), ["20"]);
    }
}
