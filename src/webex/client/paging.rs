//! Lists that span pages: `Link: rel="next"` is followed (checked first: the token only goes to
//! the upstream's own host), with bounds on pages and on empty pages.

use std::collections::HashMap;

use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;
use url::Url;

use serde_json::value::RawValue;

use super::{Caller, Client, Success, decode};
use crate::webex::endpoint::Request;
use crate::webex::error::Error;

/// Empty pages carrying a next link that one listing follows before it stops.
pub(super) const MAX_EMPTY_PAGES: usize = 3;

/// Items asked for per page of a list call.
pub(super) const LIST_PAGE: usize = 1000;

/// The largest number of pages one list call follows; a bound against a next link without end.
pub(super) const MAX_LIST_PAGES: usize = 50;

impl Client {
    /// Every page of a list, following `Link: rel="next"`. Items that cannot be read are left
    /// out: the caller falls back to the item's own endpoint for whatever it does not find.
    pub(super) async fn list<T: DeserializeOwned>(
        &self,
        caller: &Caller,
        request: &Request,
        key: &str,
    ) -> Result<Vec<T>, Error> {
        let endpoint = request.label();
        let mut url = request.url.clone();
        url.query_pairs_mut()
            .append_pair("max", &LIST_PAGE.to_string());
        let original = url.clone();
        let mut items = Vec::new();
        for _ in 0..MAX_LIST_PAGES {
            let page = self.get(caller, &request.at(url)).await?;
            for item in raw_items(endpoint, &page, key)? {
                match serde_json::from_str::<T>(item.get()) {
                    Ok(v) => items.push(v),
                    Err(e) => {
                        tracing::warn!(endpoint, error = %e, "skipped an unreadable list item")
                    }
                }
            }
            match page.next {
                Some(next) => url = self.safe_next(endpoint, &page.tracking_id, &original, next)?,
                None => break,
            }
        }
        Ok(items)
    }

    /// Checks a `Link: rel="next"` target before the token is sent to it, and puts back any filter
    /// the link dropped (Webex next links have been seen to lose query parameters).
    pub(super) fn safe_next(
        &self,
        endpoint: &'static str,
        tracking_id: &str,
        original: &Url,
        next: Url,
    ) -> Result<Url, Error> {
        if next.origin() != self.base.origin() {
            return Err(Error::LinkRefused {
                endpoint,
                tracking_id: tracking_id.to_owned(),
                reason: format!(
                    "next-page link points to another origin ({}); not following it with the caller's token",
                    next.origin().ascii_serialization()
                ),
            });
        }
        Ok(keep_filters(original, next))
    }
}

/// The items of a list page under `key`, each as its own raw JSON slice: one pass over the body
/// (no `Value` tree of the page, no copy of each item), every item decoded on its own after.
pub(super) fn raw_items<'p>(
    endpoint: &'static str,
    page: &'p Success,
    key: &str,
) -> Result<Vec<&'p RawValue>, Error> {
    let body: HashMap<String, &RawValue> = decode(endpoint, page)?;
    Ok(body
        .get(key)
        .and_then(|list| serde_json::from_str(list.get()).ok())
        .unwrap_or_default())
}

/// The `rel="next"` target of a `Link` header (RFC 8288), resolved against the request URL. URLs in
/// Webex links contain commas (`phoneNumber=+1…,+1…`), so entries are split on `<…>`, not on `,`.
pub(super) fn next_link(headers: &HeaderMap, request: &Url) -> Option<Url> {
    headers.get_all(LINK).iter().find_map(|value| {
        let mut rest = value.to_str().ok()?;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let target = &after[..close];
            let tail = &after[close + 1..];
            let params = &tail[..tail.find('<').unwrap_or(tail.len())];
            let is_next = params.split(';').any(|p| {
                let p = p.trim().trim_end_matches(',').trim();
                p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
            });
            if is_next {
                return request.join(target).ok();
            }
            rest = tail;
        }
        None
    })
}

/// Adds to `next` every query parameter of `original` it lacks, except the paging ones.
fn keep_filters(original: &Url, mut next: Url) -> Url {
    let present: HashMap<String, ()> = next
        .query_pairs()
        .map(|(k, _)| (k.into_owned(), ()))
        .collect();
    let missing: Vec<(String, String)> = original
        .query_pairs()
        .filter(|(k, _)| k != "start" && k != "max" && !present.contains_key(k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !missing.is_empty() {
        let mut q = next.query_pairs_mut();
        for (k, v) in &missing {
            q.append_pair(k, v);
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn next_link_is_found_among_several_rels_and_commas() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static(
                "<https://x/v1/a?phoneNumber=%2B1,%2B2&start=0>; rel=\"first\", <https://x/v1/a?phoneNumber=%2B1,%2B2&start=10>; rel=\"next\"",
            ),
        );
        let next = next_link(&headers, &url("https://x/v1/a")).unwrap();
        assert_eq!(
            next.as_str(),
            "https://x/v1/a?phoneNumber=%2B1,%2B2&start=10"
        );
        headers.insert(LINK, HeaderValue::from_static("</v1/a?start=5>; rel=next"));
        let next = next_link(&headers, &url("https://x/v1/a?start=0")).unwrap();
        assert_eq!(next.as_str(), "https://x/v1/a?start=5");
        headers.insert(
            LINK,
            HeaderValue::from_static("<https://x/v1/a>; rel=\"prev\""),
        );
        assert!(next_link(&headers, &url("https://x/v1/a")).is_none());
    }

    #[test]
    fn a_next_link_that_drops_filters_gets_them_back() {
        let original = url("https://x/v1/a?orgId=O&max=10&start=0&ownerName=Ann&phoneNumber=%2B1");
        let next = keep_filters(&original, url("https://x/v1/a?max=10&start=10"));
        let pairs: HashMap<_, _> = next.query_pairs().into_owned().collect();
        assert_eq!(pairs["ownerName"], "Ann");
        assert_eq!(pairs["orgId"], "O");
        assert_eq!(pairs["phoneNumber"], "+1");
        assert_eq!(pairs["start"], "10");
    }
}
