//! One page of a directory list for a GraphQL connection: `first` items from `offset`, and
//! whether more follow. Two paging styles meet here:
//!
//! * telephony lists and `GET /workspaces` document `start`: the page is asked for directly;
//! * `GET /people` and `GET /locations` document only `max` and `Link: rel="next"` (their next
//!   links carry Webex's own cursor): the list is read from its first page, following links,
//!   until the window is filled. A page deep into a long list costs a walk; the first costs one
//!   call.
//!
//! `Link` targets are checked as for every list (same origin, filters kept), and unreadable
//! items are skipped with a warning without shifting the offsets of the others.

use serde::de::DeserializeOwned;
use url::Url;

use super::paging::{MAX_EMPTY_PAGES, MAX_LIST_PAGES, raw_items};
use super::{Caller, Client};
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
}

impl Client {
    /// The window of the list at `url` (filters set, no paging parameters) under `key`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn window<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        endpoint: &'static str,
        mut url: Url,
        key: &str,
        browse: Browse,
        offset: usize,
        first: usize,
    ) -> Result<Window<T>, Error> {
        let mut position = match browse {
            Browse::Offset => {
                url.query_pairs_mut()
                    .append_pair("max", &first.to_string())
                    .append_pair("start", &offset.to_string());
                offset
            }
            // The first page is asked for at the window's size; a later one walks in pages as
            // large as the endpoint serves, to spend as few calls as it can.
            Browse::Links { page_max } => {
                let max = if offset == 0 { first } else { page_max };
                url.query_pairs_mut().append_pair("max", &max.to_string());
                0
            }
        };
        let original = url.clone();
        let mut items = Vec::with_capacity(first.min(1000));
        let mut empty_pages = 0;
        for _ in 0..MAX_LIST_PAGES {
            let page = self.get(caller, endpoint, url).await?;
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
                Some(_) if full => {
                    return Ok(Window {
                        items,
                        has_more: true,
                    });
                }
                Some(next) if empty_pages <= MAX_EMPTY_PAGES => {
                    url = self.safe_next(endpoint, &page.tracking_id, &original, next)?;
                }
                _ => {
                    return Ok(Window {
                        items,
                        has_more: overflow,
                    });
                }
            }
        }
        Ok(Window {
            has_more: true,
            items,
        })
    }
}
