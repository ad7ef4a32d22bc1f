//! What this upstream's list items turned out to carry. Webex's SDK models `extension` on hunt
//! group list items while the published example lacks it, and a deployment may answer either
//! way. The planner asks the list first when every selected field may be on its items; when an
//! item comes back without one, the missing items are fetched by id in the same task and that
//! fact is remembered here, so later requests go by id at once instead of paying for the list.
//!
//! One per client, that is per upstream: it describes the API's shape, not anyone's data, so it is
//! shared by every token.

use std::collections::HashSet;
use std::sync::Mutex;

use crate::kind::Kind;

/// Fields of list items found missing, by feature kind.
#[derive(Debug, Default)]
pub struct ListShapes {
    lacking: Mutex<HashSet<(Kind, &'static str)>>,
}

impl ListShapes {
    /// Whether a list of `kind` was seen without `field` on an item.
    pub fn lacks(&self, kind: Kind, field: &'static str) -> bool {
        self.lock().contains(&(kind, field))
    }

    /// Records that a list of `kind` came back with an item lacking `field`.
    pub fn learn_lacks(&self, kind: Kind, field: &'static str) {
        if self.lock().insert((kind, field)) {
            tracing::info!(
                kind = ?kind,
                field,
                "list items lack this field here; fetching it by id from now on"
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<(Kind, &'static str)>> {
        self.lacking.lock().unwrap_or_else(|p| p.into_inner())
    }
}
