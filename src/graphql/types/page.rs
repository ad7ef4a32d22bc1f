//! The Relay-style connection over available numbers, and its opaque cursors.

use async_graphql::{Object, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::number::AvailableNumber;

/// A page of available numbers.
#[derive(Debug)]
pub(crate) struct AvailableNumberConnection {
    pub(crate) numbers: Vec<AvailableNumber>,
    /// The offset of the first number of this page in the full list.
    pub(crate) start: usize,
    pub(crate) has_next_page: bool,
}

/// One number and its cursor.
#[derive(Debug, SimpleObject)]
pub(crate) struct AvailableNumberEdge {
    /// Pass as `after` to get the numbers that follow this one.
    pub(crate) cursor: String,
    /// The number.
    pub(crate) node: AvailableNumber,
}

/// Where a page sits in the full list.
#[derive(Debug, SimpleObject)]
pub(crate) struct PageInfo {
    /// True exactly when more numbers follow this page.
    pub(crate) has_next_page: bool,
    /// The cursor of the last number of this page; null for an empty page.
    pub(crate) end_cursor: Option<String>,
}

/// A page of available numbers (Relay connection).
#[Object]
impl AvailableNumberConnection {
    /// The numbers of this page, each with its cursor.
    async fn edges(&self) -> Vec<AvailableNumberEdge> {
        self.numbers
            .iter()
            .enumerate()
            .map(|(i, n)| AvailableNumberEdge {
                cursor: encode_cursor(self.start + i),
                node: n.clone(),
            })
            .collect()
    }

    /// The numbers of this page, without cursors.
    async fn nodes(&self) -> &[AvailableNumber] {
        &self.numbers
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self
                .numbers
                .len()
                .checked_sub(1)
                .map(|last| encode_cursor(self.start + last)),
        }
    }
}

const CURSOR_PREFIX: &str = "offset:";

/// The cursor of the number at `offset` in the full list.
pub(crate) fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{offset}"))
}

/// The offset a cursor points at, or `None` when it is not one of ours.
pub(crate) fn decode_cursor(cursor: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = std::str::from_utf8(&raw).ok()?;
    text.strip_prefix(CURSOR_PREFIX)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_rejected() {
        for n in [0, 1, 1999, usize::MAX] {
            assert_eq!(decode_cursor(&encode_cursor(n)), Some(n));
        }
        for bad in [
            "",
            "abc",
            "!!!",
            &URL_SAFE_NO_PAD.encode("offset:-1"),
            &URL_SAFE_NO_PAD.encode("x:1"),
        ] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }
}
