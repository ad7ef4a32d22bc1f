//! The Relay connections the directory lists page through (`LocationConnection`,
//! `PersonConnection`, `WorkspaceConnection`, `VirtualLineConnection`): one generic page type,
//! named per node type, and where a page starts and ends. Cursors are those of `page.rs`, bound
//! to their list; the last node's also holds where Webex's list goes on (link-paged lists).

use async_graphql::{Description, Object, OutputType};

use super::items::Items;
use super::page::{
    Bounds, PageInfo, encode_cursor, encode_resume_cursor, fingerprint, start_resuming,
};
use crate::graphql::error::ApiError;
use crate::graphql::resources::location::Location;
use crate::graphql::resources::person::Person;
use crate::graphql::resources::virtual_line::VirtualLine;
use crate::graphql::resources::workspace::Workspace;
use crate::graphql::rows::{Fast, Row, RowList};
use crate::webex::Window;

/// A node type a directory connection pages.
pub(crate) trait Browsable: Row + Clone + Send + Sync + 'static {
    const CONNECTION: &'static str;
    const EDGE: &'static str;
}

impl Browsable for Location {
    const CONNECTION: &'static str = "A page of locations (Relay connection).";
    const EDGE: &'static str = "One location and its cursor.";
}

impl Browsable for Person {
    const CONNECTION: &'static str = "A page of a location's people (Relay connection).";
    const EDGE: &'static str = "One person and their cursor.";
}

impl Browsable for Workspace {
    const CONNECTION: &'static str = "A page of a location's workspaces (Relay connection).";
    const EDGE: &'static str = "One workspace and its cursor.";
}

impl Browsable for VirtualLine {
    const CONNECTION: &'static str = "A page of a location's virtual lines (Relay connection).";
    const EDGE: &'static str = "One virtual line and its cursor.";
}

/// A page of a directory list.
#[derive(Debug)]
pub(crate) struct Listing<T> {
    nodes: Vec<T>,
    offsets: Vec<usize>,
    start: usize,
    has_next_page: bool,
    fingerprint: u64,
    /// Where Webex's list goes on after the last node, when it said (link-paged lists).
    resume: Option<String>,
}

impl<T> Listing<T> {
    /// The cursor of the node at `offset`: the last one also says where Webex's list goes on,
    /// so the next page costs one call.
    fn cursor(&self, offset: usize) -> String {
        match &self.resume {
            Some(resume) if self.offsets.last() == Some(&offset) => {
                encode_resume_cursor(offset, self.fingerprint, resume)
            }
            _ => encode_cursor(offset, self.fingerprint),
        }
    }
}

impl<T: Browsable> Description for Listing<T> {
    fn description() -> &'static str {
        T::CONNECTION
    }
}

/// One node of a page and its cursor.
#[derive(Debug)]
pub(crate) struct ListEdge<T> {
    node: T,
    cursor: String,
}

impl<T: Browsable> Description for ListEdge<T> {
    fn description() -> &'static str {
        T::EDGE
    }
}

#[Object(
    use_type_description,
    concrete(name = "LocationEdge", params(Location)),
    concrete(name = "PersonEdge", params(Person)),
    concrete(name = "WorkspaceEdge", params(Workspace)),
    concrete(name = "VirtualLineEdge", params(VirtualLine))
)]
impl<T: Browsable> ListEdge<T> {
    /// Pass as `after` to get the nodes that follow this one.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    /// The node.
    async fn node(&self) -> Fast<'_, T> {
        Fast(&self.node)
    }
}

#[Object(
    use_type_description,
    concrete(name = "LocationConnection", params(Location)),
    concrete(name = "PersonConnection", params(Person)),
    concrete(name = "WorkspaceConnection", params(Workspace)),
    concrete(name = "VirtualLineConnection", params(VirtualLine))
)]
impl<T: Browsable> Listing<T>
where
    ListEdge<T>: OutputType,
{
    /// The nodes of this page, each with its cursor.
    async fn edges(&self) -> Items<Vec<ListEdge<T>>> {
        Items(
            self.nodes
                .iter()
                .zip(&self.offsets)
                .map(|(node, &offset)| ListEdge {
                    node: node.clone(),
                    cursor: self.cursor(offset),
                })
                .collect(),
        )
    }

    /// The nodes of this page, without cursors.
    async fn nodes(&self) -> RowList<'_, T> {
        RowList(&self.nodes)
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        let cursor = |offset: &usize| self.cursor(*offset);
        PageInfo {
            has_next_page: self.has_next_page && !self.nodes.is_empty(),
            has_previous_page: self.start > 0,
            start_cursor: self.offsets.first().map(cursor),
            end_cursor: self.offsets.last().map(cursor),
        }
    }
}

/// Where a page starts and how long it is, from `first` and `after`; the fingerprint binds
/// cursors to the list named by `parts`.
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) first: usize,
    fingerprint: u64,
    /// Where Webex's list goes on at `start`, when the cursor said.
    pub(crate) resume: Option<String>,
}

impl Span {
    pub(crate) fn of(
        bounds: Bounds,
        first: Option<i32>,
        after: Option<&str>,
        parts: &[&str],
    ) -> Result<Self, ApiError> {
        let first = bounds.first(first)?;
        let fingerprint = fingerprint(parts);
        let (start, resume) = start_resuming(after, fingerprint)?;
        Ok(Self {
            start,
            first,
            fingerprint,
            resume,
        })
    }

    pub(crate) fn listing<T, I>(
        &self,
        window: Window<I>,
        mut make: impl FnMut(I) -> T,
    ) -> Listing<T> {
        let (offsets, nodes) = window
            .items
            .into_iter()
            .map(|(offset, item)| (offset, make(item)))
            .unzip();
        Listing {
            nodes,
            offsets,
            start: self.start,
            has_next_page: window.has_more,
            fingerprint: self.fingerprint,
            resume: window.resume,
        }
    }
}
