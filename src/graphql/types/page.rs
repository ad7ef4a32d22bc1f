//! The Relay-style connections over available numbers (`AvailableNumberConnection` of the caller
//! ID lists, `AssignableNumberConnection` of the 38 lists: one generic page, named per item
//! type), and the opaque cursors every connection uses.
//!
//! A cursor is bound to the query that issued it: it carries the offset and a fingerprint of the
//! list (its entity, purpose, organization and filter), so passing it to another query is a
//! `BAD_USER_INPUT` rather than a silent jump into an unrelated list.

use std::sync::Arc;

use async_graphql::{Description, Object, OutputType, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::items::Items;
use super::number::{AssignableNumber, AvailableNumber};
use crate::graphql::error::ApiError;
use crate::graphql::rows::{Fast, Row, RowList};

/// An item type a number page holds: its descriptions and its offset in Webex's list.
pub(crate) trait NumberNode: Row + Send + Sync + 'static {
    const CONNECTION: &'static str;
    const EDGE: &'static str;

    /// The item's offset in Webex's full list: its cursor (it differs from the page's start
    /// plus its index when an unreadable item was skipped).
    fn offset(&self) -> usize;
}

impl NumberNode for AvailableNumber {
    const CONNECTION: &'static str = "A page of available numbers (Relay connection).";
    const EDGE: &'static str = "One number and its cursor.";

    fn offset(&self) -> usize {
        self.0.offset
    }
}

impl NumberNode for AssignableNumber {
    const CONNECTION: &'static str = "A page of an available-numbers list (Relay connection).";
    const EDGE: &'static str = "One number and its cursor.";

    fn offset(&self) -> usize {
        self.row.offset
    }
}

/// A page of numbers.
#[derive(Debug)]
pub(crate) struct NumberPage<T> {
    pub(crate) numbers: Arc<[T]>,
    /// The offset of the first number of this page in the full list.
    pub(crate) start: usize,
    pub(crate) has_next_page: bool,
    /// The fingerprint of the query, carried by every cursor of this page.
    pub(crate) fingerprint: u64,
}

impl<T: NumberNode> Description for NumberPage<T> {
    fn description() -> &'static str {
        T::CONNECTION
    }
}

/// One number and its cursor.
#[derive(Debug)]
pub(crate) struct NumberEdge<T> {
    numbers: Arc<[T]>,
    index: usize,
    fingerprint: u64,
}

impl<T: NumberNode> Description for NumberEdge<T> {
    fn description() -> &'static str {
        T::EDGE
    }
}

#[Object(
    use_type_description,
    concrete(name = "AvailableNumberEdge", params(AvailableNumber)),
    concrete(name = "AssignableNumberEdge", params(AssignableNumber))
)]
impl<T: NumberNode> NumberEdge<T> {
    /// Pass as `after` to get the numbers that follow this one.
    async fn cursor(&self) -> String {
        // Encoded only when selected: a page of 2000 edges asked for `node` alone makes none.
        encode_cursor(self.numbers[self.index].offset(), self.fingerprint)
    }

    /// The number.
    async fn node(&self) -> Fast<'_, T> {
        Fast(&self.numbers[self.index])
    }
}

/// Where a page sits in the full list (Relay's `PageInfo`), for every connection here.
#[derive(Debug, SimpleObject)]
pub(crate) struct PageInfo {
    /// True exactly when more items follow this page.
    pub(crate) has_next_page: bool,
    /// True when items precede this page (it was asked for with `after`).
    pub(crate) has_previous_page: bool,
    /// The cursor of the first item of this page; null for an empty page.
    pub(crate) start_cursor: Option<String>,
    /// The cursor of the last item of this page (pass it as `after` for the next page); null for
    /// an empty page.
    pub(crate) end_cursor: Option<String>,
}

#[Object(
    use_type_description,
    concrete(name = "AvailableNumberConnection", params(AvailableNumber)),
    concrete(name = "AssignableNumberConnection", params(AssignableNumber))
)]
impl<T: NumberNode> NumberPage<T>
where
    NumberEdge<T>: OutputType,
{
    /// The numbers of this page, each with its cursor.
    async fn edges(&self) -> Items<Vec<NumberEdge<T>>> {
        Items(
            (0..self.numbers.len())
                .map(|index| NumberEdge {
                    numbers: self.numbers.clone(),
                    index,
                    fingerprint: self.fingerprint,
                })
                .collect(),
        )
    }

    /// The numbers of this page, without cursors.
    async fn nodes(&self) -> RowList<'_, T> {
        RowList(&self.numbers)
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        let last = self.numbers.len().checked_sub(1);
        PageInfo {
            // Without a cursor to continue from, "more follow" would strand the client.
            has_next_page: self.has_next_page && last.is_some(),
            has_previous_page: self.start > 0,
            start_cursor: last.map(|_| self.cursor(0)),
            end_cursor: last.map(|i| self.cursor(i)),
        }
    }
}

impl<T: NumberNode> NumberPage<T> {
    /// The cursor of the number at `index` of this page.
    fn cursor(&self, index: usize) -> String {
        let offset = self
            .numbers
            .get(index)
            .map_or(self.start.saturating_add(index), NumberNode::offset);
        encode_cursor(offset, self.fingerprint)
    }
}

const CURSOR_PREFIX: &str = "n1:";
/// A cursor that also holds where Webex's list goes on after it (the query of its next link).
const RESUME_PREFIX: &str = "n2:";

/// The largest offset a cursor may carry: far beyond any real list, small enough that no
/// arithmetic on it can overflow.
pub(crate) const MAX_OFFSET: usize = u32::MAX as usize;

/// The cursor of the number at `offset` in the list of the query with `fingerprint`.
pub(crate) fn encode_cursor(offset: usize, fingerprint: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{offset}:{fingerprint:016x}"))
}

/// The cursor of the node at `offset`, which also says where Webex's list goes on after it, so
/// the page it starts costs one call (link-paged lists only).
pub(crate) fn encode_resume_cursor(offset: usize, fingerprint: u64, resume: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{RESUME_PREFIX}{offset}:{fingerprint:016x}:{}",
        URL_SAFE_NO_PAD.encode(resume)
    ))
}

/// Why a cursor was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CursorError {
    /// Not a cursor this API issued.
    Malformed,
    /// A cursor of another query (location, organization or filter).
    OtherQuery,
}

/// The offset a cursor points at, checked against the query's `fingerprint`.
#[cfg(test)]
pub(crate) fn decode_cursor(cursor: &str, fingerprint: u64) -> Result<usize, CursorError> {
    decode_resume_cursor(cursor, fingerprint).map(|(offset, _)| offset)
}

/// The offset a cursor points at and, for a cursor that holds one, where Webex's list goes on.
pub(crate) fn decode_resume_cursor(
    cursor: &str,
    fingerprint: u64,
) -> Result<(usize, Option<String>), CursorError> {
    let raw = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| CursorError::Malformed)?;
    let text = std::str::from_utf8(&raw).map_err(|_| CursorError::Malformed)?;
    let (body, resumes) = match text.strip_prefix(RESUME_PREFIX) {
        Some(body) => (body, true),
        None => (
            text.strip_prefix(CURSOR_PREFIX)
                .ok_or(CursorError::Malformed)?,
            false,
        ),
    };
    let (offset, rest) = body.split_once(':').ok_or(CursorError::Malformed)?;
    let (print, resume) = match (resumes, rest.split_once(':')) {
        (true, Some((print, resume))) => {
            let resume = URL_SAFE_NO_PAD
                .decode(resume)
                .ok()
                .and_then(|r| String::from_utf8(r).ok())
                .ok_or(CursorError::Malformed)?;
            (print, Some(resume))
        }
        (true, None) => return Err(CursorError::Malformed),
        (false, _) => (rest, None),
    };
    let offset: usize = offset.parse().map_err(|_| CursorError::Malformed)?;
    let print = u64::from_str_radix(print, 16).map_err(|_| CursorError::Malformed)?;
    if offset > MAX_OFFSET {
        return Err(CursorError::Malformed);
    }
    if print != fingerprint {
        return Err(CursorError::OtherQuery);
    }
    Ok((offset, resume))
}

/// The page sizes of one list: `first` when none is given, and the most one page may hold
/// (Webex's own largest page for that list). The one home of a list's bounds: its complexity
/// (`rows`) and its check (`first`) read them, and a schema test holds its `first` argument's
/// description to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    pub(crate) default_first: usize,
    pub(crate) max_first: usize,
}

/// Every available-numbers list (`availableCallerIdNumbers`, `candidates`, `availableNumbers`).
pub(crate) const NUMBERS: Bounds = Bounds {
    default_first: 100,
    max_first: 2000,
};

impl Bounds {
    /// The rows a page may hold, for query complexity: `first` within `1..=max`, the default
    /// when absent (an out-of-range `first` is refused later, with its message).
    pub(crate) fn rows(self, first: Option<i32>) -> usize {
        first.map_or(self.default_first, |n| {
            n.clamp(1, self.max_first as i32) as usize
        })
    }

    /// `first` checked against the bounds (the default when absent).
    pub(crate) fn first(self, first: Option<i32>) -> Result<usize, ApiError> {
        let max = self.max_first;
        match first {
            None => Ok(self.default_first),
            Some(n) if n >= 1 && n as usize <= max => Ok(n as usize),
            Some(n) => Err(ApiError::BadUserInput(format!(
                "first must be between 1 and {max}, got {n}"
            ))),
        }
    }
}

/// Where a page starts: right after the cursor `after`, which must be one this API issued for
/// the list with `fingerprint`; 0 without one.
pub(crate) fn start_after(after: Option<&str>, fingerprint: u64) -> Result<usize, ApiError> {
    start_resuming(after, fingerprint).map(|(start, _)| start)
}

/// [`start_after`], and where Webex's list goes on when the cursor holds it.
pub(crate) fn start_resuming(
    after: Option<&str>,
    fingerprint: u64,
) -> Result<(usize, Option<String>), ApiError> {
    let Some(cursor) = after else {
        return Ok((0, None));
    };
    match decode_resume_cursor(cursor, fingerprint) {
        // The offset is bounded, so the next one cannot overflow.
        Ok((offset, resume)) => Ok((offset.saturating_add(1).min(MAX_OFFSET), resume)),
        Err(CursorError::Malformed) => Err(ApiError::BadUserInput(
            "after is not a cursor this API issued; pass an edges.cursor or pageInfo.endCursor value"
                .into(),
        )),
        Err(CursorError::OtherQuery) => Err(ApiError::BadUserInput(
            "after is a cursor of another query (other list, location, organization or filter); \
             cursors only continue the list they came from"
                .into(),
        )),
    }
}

/// A stable fingerprint (FNV-1a, 64 bit) of the parts of a query a cursor belongs to. Stable across
/// processes and versions, so cursors survive a restart or a rolling deploy.
pub(crate) fn fingerprint(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // A separator no id or filter holds, so ("ab", "c") and ("a", "bc") differ.
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_rejected() {
        let f = fingerprint(&["loc", "", "+1"]);
        for n in [0, 1, 1999, MAX_OFFSET] {
            assert_eq!(decode_cursor(&encode_cursor(n, f), f), Ok(n));
        }
        for bad in [
            "",
            "abc",
            "!!!",
            &URL_SAFE_NO_PAD.encode("n1:-1:00"),
            &URL_SAFE_NO_PAD.encode("offset:1"),
            &URL_SAFE_NO_PAD.encode(format!("n1:{}:{f:016x}", usize::MAX)),
            &URL_SAFE_NO_PAD.encode(format!("n1:18446744073709551616:{f:016x}")),
        ] {
            assert_eq!(decode_cursor(bad, f), Err(CursorError::Malformed), "{bad}");
        }
    }

    #[test]
    fn a_resume_cursor_round_trips_and_still_belongs_to_its_query() {
        let f = fingerprint(&["people", "L1"]);
        let c = encode_resume_cursor(19, f, "max=20&start=20&cursor=a%3Db");
        assert_eq!(
            decode_resume_cursor(&c, f),
            Ok((19, Some("max=20&start=20&cursor=a%3Db".to_owned())))
        );
        assert_eq!(decode_cursor(&c, f), Ok(19));
        assert_eq!(
            decode_resume_cursor(&c, fingerprint(&["people", "L2"])),
            Err(CursorError::OtherQuery)
        );
        assert_eq!(decode_resume_cursor(&encode_cursor(3, f), f), Ok((3, None)));
        for bad in [
            URL_SAFE_NO_PAD.encode(format!("n2:1:{f:016x}")),
            URL_SAFE_NO_PAD.encode(format!("n2:1:{f:016x}:!!")),
        ] {
            assert_eq!(
                decode_resume_cursor(&bad, f),
                Err(CursorError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_cursor_belongs_to_its_query() {
        let a = fingerprint(&["loc-a", "", ""]);
        let b = fingerprint(&["loc-b", "", ""]);
        assert_ne!(a, b);
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(
            decode_cursor(&encode_cursor(5, a), b),
            Err(CursorError::OtherQuery)
        );
    }
}
