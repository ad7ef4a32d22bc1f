//! What a job is, as it is kept (in this process or, sealed for its token, in Redis): its input,
//! its state and each item's outcome. Plain data; the runner changes it, the GraphQL types read
//! snapshots of it.

use async_graphql::Enum;
use serde::{Deserialize, Serialize};

use crate::webex::model;

// Kept as is and answered as is (`JobState`): the store and the schema spell its values alike.
/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "JobState")]
pub(crate) enum State {
    /// Saved; its replica is about to run it.
    Queued,
    /// A replica is running it.
    Running,
    /// Every item was changed, unchanged or (dry run) would change.
    Succeeded,
    /// Some items were refused, failed or are unknown; the others are done.
    Partial,
    /// No item succeeded (or its location could not be listed: see `message`).
    Failed,
    /// Stopped by `cancelCallerIdJob` after the items in flight; the rest stay `PENDING`.
    Cancelled,
    /// Its replica stopped (shut down, or died and its lease lapsed); `resumeCallerIdJob`
    /// continues it.
    Interrupted,
}

impl State {
    /// Whether the job still has work and a replica doing it.
    pub(crate) fn is_live(self) -> bool {
        matches!(self, State::Queued | State::Running)
    }

    /// Whether `resumeCallerIdJob` may continue it: its replica stopped, or items failed.
    pub(crate) fn is_resumable(self) -> bool {
        matches!(self, State::Interrupted | State::Partial | State::Failed)
    }

    /// The value as the schema (and the store) spell it, e.g. `INTERRUPTED`.
    pub(crate) fn name(self) -> String {
        async_graphql::InputType::to_value(&self).to_string()
    }
}

// Kept as is and answered as is (`JobItemOutcome`).
/// What became of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "JobItemOutcome")]
pub(crate) enum Outcome {
    /// Not run yet.
    Pending,
    /// Written and read back.
    Changed,
    /// Already as asked: no PUT was sent.
    Unchanged,
    /// A dry run: every check passed and the settings would change.
    WouldChange,
    /// A check refused it before any PUT, or Webex refused the PUT (`code`, `reason`).
    Refused,
    /// A call failed after retries (`code`); nothing is known to have changed.
    Failed,
    /// The PUT got no answer: it may or may not have been applied. A resume reads it again
    /// before deciding.
    Unknown,
}

impl Outcome {
    /// Settled for good: a resume does not run it again.
    pub(crate) fn is_settled(self) -> bool {
        matches!(
            self,
            Outcome::Changed | Outcome::Unchanged | Outcome::WouldChange | Outcome::Refused
        )
    }
}

/// The values a change sets, as given (`None` for a selection or policy of `UNKNOWN`: the
/// engine refuses it, per item).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Values {
    pub(crate) selected: Option<String>,
    pub(crate) custom_number: Option<String>,
    pub(crate) policy: Option<String>,
    pub(crate) custom_name: Option<String>,
    pub(crate) block: Option<bool>,
}

/// A job by location, before its entities are listed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AtLocation {
    pub(crate) location_id: String,
    /// `Person`, `Workspace`, `VirtualLine` (GraphQL type names).
    pub(crate) kinds: Vec<String>,
    /// Webex spellings; empty: every selection.
    pub(crate) where_selected: Vec<String>,
    pub(crate) set: Values,
}

/// One entity's change and its outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Item {
    pub(crate) id: String,
    /// Known when the entity was listed at its location.
    pub(crate) location: Option<String>,
    pub(crate) values: Values,
    pub(crate) outcome: Outcome,
    pub(crate) code: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) previous: Option<model::CallerId>,
    pub(crate) caller_id: Option<model::CallerId>,
    /// A PUT left for it and its answer was not recorded: read again before deciding.
    pub(crate) sent: bool,
}

impl Item {
    pub(crate) fn new(id: String, location: Option<String>, values: Values) -> Self {
        Self {
            id,
            location,
            values,
            outcome: Outcome::Pending,
            code: None,
            reason: None,
            message: None,
            previous: None,
            caller_id: None,
            sent: false,
        }
    }
}

/// A job.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Job {
    pub(crate) id: String,
    /// Whose it is: the HMAC of the token that started it (never the token).
    pub(crate) owner: String,
    pub(crate) state: State,
    pub(crate) dry_run: bool,
    pub(crate) client_mutation_id: Option<String>,
    pub(crate) org_id: Option<String>,
    /// RFC 3339.
    pub(crate) created_at: String,
    pub(crate) finished_at: Option<String>,
    /// Set for a job by location until its entities are listed into `items`.
    pub(crate) at_location: Option<AtLocation>,
    /// Started by location (its items' input is `atLocation.set`), not by a list of changes.
    pub(crate) by_location: bool,
    /// Why the job as a whole could not run (its location could not be listed).
    pub(crate) message: Option<String>,
    pub(crate) items: Vec<Item>,
    /// Bumped by every save: what a subscription compares.
    pub(crate) version: u64,
    /// A cancel was asked for; the running replica stops after the items in flight.
    pub(crate) cancel_requested: bool,
}

/// How many items have each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) pending: usize,
    pub(crate) changed: usize,
    pub(crate) unchanged: usize,
    pub(crate) would_change: usize,
    pub(crate) refused: usize,
    pub(crate) failed: usize,
    pub(crate) unknown: usize,
}

impl Job {
    pub(crate) fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for item in &self.items {
            match item.outcome {
                Outcome::Pending => c.pending += 1,
                Outcome::Changed => c.changed += 1,
                Outcome::Unchanged => c.unchanged += 1,
                Outcome::WouldChange => c.would_change += 1,
                Outcome::Refused => c.refused += 1,
                Outcome::Failed => c.failed += 1,
                Outcome::Unknown => c.unknown += 1,
            }
        }
        c
    }

    /// The state a job whose work stopped ends in: every item done well, some, or none.
    pub(crate) fn finished_state(&self) -> State {
        if self.cancel_requested {
            return State::Cancelled;
        }
        if self.message.is_some() {
            return State::Failed;
        }
        let c = self.counts();
        let good = c.changed + c.unchanged + c.would_change;
        let bad = c.refused + c.failed + c.unknown + c.pending;
        match (good, bad) {
            (_, 0) => State::Succeeded,
            (0, _) => State::Failed,
            _ => State::Partial,
        }
    }
}

/// `now` as RFC 3339 (UTC, milliseconds).
pub(crate) fn rfc3339_now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(since.as_secs(), since.subsec_millis())
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ` (the civil-from-days algorithm:
/// no calendar crate for one format).
fn rfc3339(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(rfc3339(1_796_388_296, 999), "2026-12-04T12:44:56.999Z");
    }
}
