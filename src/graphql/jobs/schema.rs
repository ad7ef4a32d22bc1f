//! Jobs in GraphQL: `startCallerIdJob`, `resumeCallerIdJob`, `cancelCallerIdJob`,
//! `Query.callerIdJob`, `Subscription.callerIdJob`: the `CallerIdJob` they answer and its
//! input types. What each operation does is in `handlers.rs`.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Enum, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;

use super::record::{Item, Job, Outcome, State};
use super::runner::kind_of;
use crate::graphql::error::ApiError;
use crate::graphql::resources::caller_id::{
    CallerIdNamePolicy, CallerIdSelection, CallerIdSettings,
};
use crate::graphql::resources::summary::OwnerSummary;
use crate::graphql::resources::target::Target;
use crate::graphql::types::node::Node;
use crate::graphql::types::page::{Bounds, PageInfo};
use crate::kind::Member;

mod handlers;

pub(crate) use handlers::{cancel, get, resume, start, watch};

/// A page of `CallerIdJob.items`.
pub(crate) const ITEMS: Bounds = Bounds {
    default_first: 100,
    max_first: 1000,
};

/// The kinds of entity a job by location changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(crate) enum CallerIdEntityKind {
    /// People (`location.people`).
    Person,
    /// Workspaces (`location.workspaces`).
    Workspace,
    /// Virtual lines (`location.virtualLines`).
    VirtualLine,
}

impl CallerIdEntityKind {
    fn member(self) -> Member {
        match self {
            Self::Person => Member::Person,
            Self::Workspace => Member::Workspace,
            Self::VirtualLine => Member::VirtualLine,
        }
    }
}

/// Many caller ID changes: a list of them, or one change for every entity of some kinds at a
/// location whose selection is one of `whereSelected`. Exactly one of `changes` and
/// `atLocation`.
#[derive(Debug, InputObject)]
pub(crate) struct CallerIdJobInput {
    /// One change per entity (at most `--job-max-items`, no entity twice).
    changes: Option<Vec<CallerIdChange>>,
    /// Every entity of `kinds` at a location whose selection is in `whereSelected`.
    at_location: Option<CallerIdLocationChange>,
    /// Run every check and send nothing: the items say `WOULD_CHANGE`, `UNCHANGED` or
    /// `REFUSED`, with the code and reason a real run would get. The plan to review.
    #[graphql(default = false)]
    dry_run: bool,
    /// The organization the entities belong to (partner and multi-org admins).
    org_id: Option<ID>,
    /// Echoed on the job.
    client_mutation_id: Option<String>,
}

/// One entity's change: `setCallerId`'s input without its options.
#[derive(Debug, InputObject)]
pub(crate) struct CallerIdChange {
    /// The person, workspace or virtual line (its Webex ID).
    id: ID,
    /// The number callers will see.
    selected: CallerIdSelection,
    /// With `selected: CUSTOM` only, and then required: one of the entity's candidates.
    custom_number: Option<String>,
    /// Which name callers see.
    external_caller_id_name_policy: Option<CallerIdNamePolicy>,
    /// The name shown with policy `OTHER`.
    custom_external_caller_id_name: Option<String>,
    /// Block the entity's identity when it receives a forwarded call.
    block_in_forward_calls_enabled: Option<bool>,
}

/// A change for every entity of some kinds at a location whose selection matches.
#[derive(Debug, InputObject)]
pub(crate) struct CallerIdLocationChange {
    /// The location.
    location_id: ID,
    /// The kinds of entity to change; all three when absent.
    kinds: Option<Vec<CallerIdEntityKind>>,
    /// Only entities whose `callerId.selected` is one of these; every entity when absent.
    where_selected: Option<Vec<CallerIdSelection>>,
    /// What to set on each.
    set: CallerIdValues,
}

/// The values a job by location sets.
#[derive(Debug, InputObject)]
pub(crate) struct CallerIdValues {
    /// The number callers will see.
    selected: CallerIdSelection,
    /// With `selected: CUSTOM` only, and then required.
    custom_number: Option<String>,
    /// Which name callers see.
    external_caller_id_name_policy: Option<CallerIdNamePolicy>,
    /// The name shown with policy `OTHER`.
    custom_external_caller_id_name: Option<String>,
    /// Block the entity's identity when it receives a forwarded call.
    block_in_forward_calls_enabled: Option<bool>,
}

/// Many caller ID changes, run in the background after the answer that started them, at the
/// token's pace. Poll it with `Query.callerIdJob` or follow it with `Subscription.callerIdJob`.
#[derive(Debug, Clone)]
pub(crate) struct CallerIdJob {
    job: Arc<Job>,
}

impl CallerIdJob {
    fn new(job: Job) -> Self {
        Self { job: Arc::new(job) }
    }
}

/// Many caller ID changes, run in the background after the answer that started them, at the
/// token's pace. Poll it with `Query.callerIdJob` or follow it with `Subscription.callerIdJob`.
#[Object]
impl CallerIdJob {
    /// The job's id: random, and only the token that started it can read it.
    pub(crate) async fn id(&self) -> ID {
        ID(self.job.id.clone())
    }

    /// Where the job is in its life.
    async fn state(&self) -> State {
        self.job.state
    }

    /// Whether this is a dry run (nothing is written).
    async fn dry_run(&self) -> bool {
        self.job.dry_run
    }

    /// The input's `clientMutationId`.
    async fn client_mutation_id(&self) -> Option<&str> {
        self.job.client_mutation_id.as_deref()
    }

    /// Items in all (a job by location: once its entities are listed).
    async fn total(&self) -> usize {
        self.job.items.len()
    }

    /// Items not run yet.
    async fn pending(&self) -> usize {
        self.job.counts().pending
    }

    /// Items written and read back.
    async fn changed(&self) -> usize {
        self.job.counts().changed
    }

    /// Items already as asked.
    async fn unchanged(&self) -> usize {
        self.job.counts().unchanged
    }

    /// Items a dry run found would change.
    async fn would_change(&self) -> usize {
        self.job.counts().would_change
    }

    /// Items refused before any PUT, or by Webex.
    async fn refused(&self) -> usize {
        self.job.counts().refused
    }

    /// Items whose calls failed.
    async fn failed(&self) -> usize {
        self.job.counts().failed
    }

    /// Items whose PUT got no answer.
    async fn unknown(&self) -> usize {
        self.job.counts().unknown
    }

    /// Why the job as a whole failed (its location could not be listed), if it did.
    async fn message(&self) -> Option<&str> {
        self.job.message.as_deref()
    }

    /// When it was started (RFC 3339).
    async fn created_at(&self) -> &str {
        &self.job.created_at
    }

    /// When it finished (RFC 3339); null while it runs or is interrupted.
    async fn finished_at(&self) -> Option<&str> {
        self.job.finished_at.as_deref()
    }

    /// The items, in the order given (a job by location: as listed), optionally only those with
    /// one of `outcome`.
    #[graphql(complexity = "ITEMS.rows(first) * child_complexity + 1")]
    async fn items(
        &self,
        #[graphql(desc = "How many items to return: 1 to 1000, default 100.")] first: Option<i32>,
        #[graphql(desc = "Return the items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only items with one of these outcomes.")] outcome: Option<Vec<Outcome>>,
    ) -> Result<CallerIdJobItemConnection, ApiError> {
        let first = ITEMS.first(first)?;
        let start = match after {
            None => 0,
            Some(cursor) => decode_cursor(&cursor)? + 1,
        };
        let wanted: Option<HashSet<Outcome>> = outcome.map(|o| o.into_iter().collect());
        let matching: Vec<usize> = (0..self.job.items.len())
            .filter(|&i| {
                wanted
                    .as_ref()
                    .is_none_or(|w| w.contains(&self.job.items[i].outcome))
            })
            .collect();
        let total = matching.len();
        let from = matching.partition_point(|&i| i < start);
        let page: Vec<usize> = matching[from..].iter().copied().take(first).collect();
        let edges: Vec<CallerIdJobItemEdge> = page
            .iter()
            .map(|&index| CallerIdJobItemEdge {
                cursor: encode_cursor(index),
                node: CallerIdJobItem {
                    job: self.job.clone(),
                    index,
                },
            })
            .collect();
        Ok(CallerIdJobItemConnection {
            nodes: edges.iter().map(|e| e.node.clone()).collect(),
            page_info: PageInfo {
                has_next_page: from + page.len() < total,
                has_previous_page: from > 0,
                start_cursor: edges.first().map(|e| e.cursor.clone()),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
            total_count: total,
        })
    }
}

/// A page of a job's items.
#[derive(SimpleObject)]
pub(crate) struct CallerIdJobItemConnection {
    /// The items of this page, each with its cursor.
    edges: Vec<CallerIdJobItemEdge>,
    /// The items of this page.
    nodes: Vec<CallerIdJobItem>,
    /// Where this page sits among the matching items.
    page_info: PageInfo,
    /// How many items match, on every page.
    total_count: usize,
}

/// An item and its cursor.
#[derive(SimpleObject)]
pub(crate) struct CallerIdJobItemEdge {
    /// Pass as `after` for the items after this one.
    cursor: String,
    /// The item.
    node: CallerIdJobItem,
}

/// One entity's change in a job and what became of it.
#[derive(Debug, Clone)]
pub(crate) struct CallerIdJobItem {
    job: Arc<Job>,
    index: usize,
}

impl CallerIdJobItem {
    fn item(&self) -> &Item {
        &self.job.items[self.index]
    }

    fn target(&self) -> Option<Target> {
        let item = self.item();
        Some(Target {
            of: kind_of(&item.id)?,
            id: Arc::from(item.id.as_str()),
            org: self.job.org_id.as_deref().map(Arc::from),
            location: item.location.as_deref().map(Arc::from),
        })
    }

    fn settings(&self, record: Option<&crate::webex::model::CallerId>) -> Option<CallerIdSettings> {
        Some(CallerIdSettings {
            record: Arc::new(record?.clone()),
            target: self.target()?,
        })
    }
}

/// One entity's change in a job and what became of it.
#[Object]
impl CallerIdJobItem {
    /// The person, workspace or virtual line, with its details through the request's loaders;
    /// null for an id that names none.
    async fn entity(&self) -> Option<Node> {
        let t = self.target()?;
        Node::of_member(OwnerSummary::bare(
            t.id.to_string(),
            t.of,
            t.org,
            t.location.unwrap_or_else(|| Arc::from("")),
        ))
    }

    /// What became of it.
    async fn outcome(&self) -> Outcome {
        self.item().outcome
    }

    /// For `REFUSED`, `FAILED` and `UNKNOWN`: the error code `setCallerId` would answer
    /// (`BAD_USER_INPUT`, `NUMBER_NOT_AVAILABLE`, `FORBIDDEN`, `NOT_FOUND`, an upstream code).
    async fn code(&self) -> Option<&str> {
        self.item().code.as_deref()
    }

    /// For `NUMBER_NOT_AVAILABLE`: why (`OTHER_COUNTRY`, `MOBILE_NUMBER_RULE`…).
    async fn reason(&self) -> Option<&str> {
        self.item().reason.as_deref()
    }

    /// What went wrong, as a sentence.
    async fn message(&self) -> Option<&str> {
        self.item().message.as_deref()
    }

    /// The settings before the change, as read when the item ran.
    async fn previous(&self) -> Option<CallerIdSettings> {
        self.settings(self.item().previous.as_ref())
    }

    /// The settings after it (read back), or as they would be (dry run).
    async fn caller_id(&self) -> Option<CallerIdSettings> {
        self.settings(self.item().caller_id.as_ref())
    }
}

/// Whether `id` names a job (job ids are not Webex ids).
pub(crate) fn is_job_id(id: &str) -> bool {
    id.starts_with(super::JOB_ID_PREFIX)
}

fn encode_cursor(index: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("item:{index}"))
}

fn decode_cursor(cursor: &str) -> Result<usize, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("item:")?.parse().ok())
        .ok_or_else(|| {
            ApiError::BadUserInput(format!("after: {cursor:?} is not a cursor of this list"))
        })
}
