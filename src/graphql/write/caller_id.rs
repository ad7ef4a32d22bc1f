//! Caller ID changes: `setCallerId`'s input and payload, a change checked alone, and how the
//! engine reads, checks and writes one. Checks, each failing with no PUT sent:
//!
//! 1. the input alone (`BAD_USER_INPUT`): the id's kind, `CUSTOM` with a `customNumber` and only
//!    then, E.164, a custom name for `OTHER`, the characters Webex refuses in names;
//! 2. the entity's current settings: `selected` must be one of its `types`;
//! 3. a `customNumber` must be one of the entity's candidates, else `NUMBER_NOT_AVAILABLE` with
//!    its reason. People are asked one by one (their list depends on `personId`); the
//!    workspaces and virtual lines of a location share one call for all their numbers.
//!
//! Then the PUT with only the fields the caller set, and a read-back.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, SimpleObject};
use futures::FutureExt;
use futures::future::BoxFuture;

use super::{Options, Setting, one, owner};
use candidates::check_candidates;

mod candidates;
use crate::graphql::context::RequestContext;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::WebexLoader;
use crate::graphql::query::non_blank;
use crate::graphql::resources::caller_id::{
    CallerIdKey, CallerIdNamePolicy, CallerIdSelection, CallerIdSettings, CallerIds,
};
use crate::graphql::resources::target::Target;
use crate::graphql::types::node::Node;
use crate::kind::Kind;
use crate::webex::{self, Written, model};

/// The characters Webex refuses in caller ID names (`%`, `+`, backtick, `"`, `\`), beside any
/// non-ASCII one ("Unicode characters are not allowed").
const FORBIDDEN_IN_NAMES: [char; 5] = ['%', '+', '`', '"', '\\'];

/// The longest E.164 number: `+` and 15 digits.
const E164_MAX_DIGITS: usize = 15;

/// Numbers one candidate check asks about at once (one `phoneNumber=a,b,…` call).
const NUMBERS_PER_CHECK: usize = 100;

/// What to change in an entity's outgoing caller ID. Only the fields given are sent to Webex.
#[derive(Debug, InputObject)]
pub(crate) struct SetCallerIdInput {
    /// The person, workspace or virtual line (its Webex ID).
    pub(crate) id: ID,
    /// The organization the entity belongs to (partner and multi-org admins).
    pub(crate) org_id: Option<ID>,
    /// The number callers will see. Must be one of the entity's `callerId.allowed`.
    pub(crate) selected: CallerIdSelection,
    /// With `selected: CUSTOM` only, and then required: an E.164 number from the entity's
    /// `callerId.candidates`.
    pub(crate) custom_number: Option<String>,
    /// Which name callers see.
    pub(crate) external_caller_id_name_policy: Option<CallerIdNamePolicy>,
    /// The name shown with policy `OTHER` (required with it). Webex refuses `%`, `+`, backtick,
    /// `"`, `\` and non-ASCII characters.
    pub(crate) custom_external_caller_id_name: Option<String>,
    /// Block the entity's identity when it receives a forwarded call.
    pub(crate) block_in_forward_calls_enabled: Option<bool>,
    /// Run every check and answer the settings as they would be, without changing anything.
    #[graphql(default = false)]
    pub(crate) dry_run: bool,
    /// Echoed in the payload (Relay's mutation convention).
    pub(crate) client_mutation_id: Option<String>,
}

/// What `setCallerId` did.
#[derive(SimpleObject)]
pub(crate) struct SetCallerIdPayload {
    /// The input's `clientMutationId`.
    client_mutation_id: Option<String>,
    /// The entity, so normalized client caches (Apollo, Relay) update it in place.
    owner: Option<Node>,
    /// The settings before the change.
    previous: CallerIdSettings,
    /// The settings after the change, as Webex reads them back; with `dryRun`, as they would be.
    caller_id: CallerIdSettings,
    /// Whether the settings differ from `previous` (with `dryRun`: would differ).
    changed: bool,
    /// Whether this was a dry run (nothing was changed).
    dry_run: bool,
}

/// The values a caller ID change sets, as they came (the fields of `SetCallerIdInput`, of a
/// job's `CallerIdChange` and of its `CallerIdValues`).
#[derive(Debug, Clone)]
pub(crate) struct Values {
    pub(crate) selected: CallerIdSelection,
    pub(crate) custom_number: Option<String>,
    pub(crate) policy: Option<CallerIdNamePolicy>,
    pub(crate) custom_name: Option<String>,
    pub(crate) block: Option<bool>,
}

/// A caller ID change, checked alone: nothing here needs Webex.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) target: Target,
    selected: CallerIdSelection,
    custom_number: Option<String>,
    policy: Option<CallerIdNamePolicy>,
    custom_name: Option<String>,
    block: Option<bool>,
}

impl Values {
    /// The values alone, checked (`BAD_USER_INPUT` names each field under `path`), as a change
    /// of no entity yet.
    pub(crate) fn checked(&self, path: &str) -> Result<Change, ApiError> {
        let bad = |m: String| Err(ApiError::BadUserInput(m));
        if self.selected == CallerIdSelection::Unknown {
            return bad(format!(
                "{path}.selected must be DIRECT_LINE, LOCATION_NUMBER or CUSTOM"
            ));
        }
        let custom_number = self.custom_number.as_deref().map(str::trim);
        match (self.selected, custom_number) {
            (CallerIdSelection::Custom, None) => {
                return bad(format!(
                    "{path}.customNumber is required with selected: CUSTOM"
                ));
            }
            (selected, Some(_)) if selected != CallerIdSelection::Custom => {
                return bad(format!(
                    "{path}.customNumber is only taken with selected: CUSTOM (it is the number CUSTOM shows)"
                ));
            }
            (_, Some(n)) if !is_e164(n) => {
                return bad(format!(
                    "{path}.customNumber {n:?} is not an E.164 number (a + and up to 15 digits, e.g. +14085550100)"
                ));
            }
            _ => {}
        }
        if self.policy == Some(CallerIdNamePolicy::Unknown) {
            return bad(format!(
                "{path}.externalCallerIdNamePolicy must be DIRECT_LINE, LOCATION or OTHER"
            ));
        }
        let custom_name = self.custom_name.as_deref();
        if self.policy == Some(CallerIdNamePolicy::Other)
            && custom_name.is_none_or(|n| n.trim().is_empty())
        {
            return bad(format!(
                "{path}.customExternalCallerIdName is required with externalCallerIdNamePolicy: OTHER"
            ));
        }
        if let Some(name) = custom_name {
            if name.trim().is_empty() {
                return bad(format!(
                    "{path}.customExternalCallerIdName must not be empty"
                ));
            }
            if let Some(c) = name
                .chars()
                .find(|c| !c.is_ascii() || c.is_ascii_control() || FORBIDDEN_IN_NAMES.contains(c))
            {
                return bad(format!(
                    "{path}.customExternalCallerIdName holds {c:?}, which Webex does not allow in names (%, +, `, \", \\ and non-ASCII characters)"
                ));
            }
        }
        Ok(Change {
            // The entity's: set by `Change::of`.
            target: Target {
                of: Kind::Person,
                id: Arc::from(""),
                org: None,
                location: None,
            },
            selected: self.selected,
            custom_number: custom_number.map(str::to_owned),
            policy: self.policy,
            custom_name: custom_name.map(str::to_owned),
            block: self.block,
        })
    }
}

impl Change {
    /// Checks `values` for entity `id`; messages name each field under `path` (`input`,
    /// `changes[3]`).
    pub(crate) fn of(
        path: &str,
        id: &ID,
        org: Option<&ID>,
        values: &Values,
    ) -> Result<Self, ApiError> {
        let bad = |m: String| Err(ApiError::BadUserInput(m));
        let id = non_blank(&format!("{path}.id"), id)?;
        let org = org
            .map(|o| non_blank(&format!("{path}.orgId"), o))
            .transpose()?;
        let Some(of) = Kind::of_id(&id).filter(|k| k.member().is_some()) else {
            return bad(format!(
                "{path}.id {id:?} is not the id of a person, workspace or virtual line"
            ));
        };
        let checked = values.checked(path)?;
        Ok(Self {
            target: Target {
                of,
                id: id.into(),
                org: org.map(Arc::from),
                location: None,
            },
            ..checked
        })
    }

    /// The PUT body: `selected` (required by Webex) and the fields the caller set.
    fn body(&self) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            body.insert(k.to_owned(), v);
        };
        put("selected", self.selected.wire().unwrap_or_default().into());
        if let Some(n) = &self.custom_number {
            put("customNumber", n.as_str().into());
        }
        if let Some(p) = self.policy.and_then(CallerIdNamePolicy::wire) {
            put("externalCallerIdNamePolicy", p.into());
        }
        if let Some(n) = &self.custom_name {
            put("customExternalCallerIdName", n.as_str().into());
        }
        if let Some(b) = self.block {
            put("blockInForwardCallsEnabled", b.into());
        }
        serde_json::Value::Object(body)
    }
}

fn is_e164(n: &str) -> bool {
    n.strip_prefix('+').is_some_and(|digits| {
        (7..=E164_MAX_DIGITS).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.chars().all(|c| c.is_ascii_digit())
    })
}

/// Caller ID settings, as the engine writes them.
#[derive(Debug)]
pub(crate) struct CallerIdWrite;

impl Setting for CallerIdWrite {
    type Resource = CallerIds;
    type Record = model::CallerId;
    type Change = Change;
    const WHAT: &'static str = "caller ID settings";
    const FIELD: &'static str = "callerId";

    fn target(change: &Change) -> &Target {
        &change.target
    }

    fn key(target: &Target) -> CallerIdKey {
        target.key()
    }

    fn allows(change: &Change, previous: &model::CallerId) -> Result<(), ApiError> {
        let settings = CallerIdSettings {
            record: Arc::new(previous.clone()),
            target: change.target.clone(),
        };
        if settings.allows(change.selected) {
            return Ok(());
        }
        Err(ApiError::BadUserInput(format!(
            "selected: {} is not allowed for this {}; it allows {}",
            change.selected.wire().unwrap_or_default(),
            change.target.of.noun(),
            previous.types.join(", ")
        )))
    }

    fn check<'a>(
        loader: &'a WebexLoader,
        changes: Vec<(&'a mut Change, &'a model::CallerId)>,
    ) -> BoxFuture<'a, Vec<Result<(), ApiError>>> {
        check_candidates(loader, changes.into_iter().map(|(c, _)| c).collect()).boxed()
    }

    fn applied(change: &Change, previous: &model::CallerId) -> model::CallerId {
        let mut next = previous.clone();
        next.selected = change.selected.wire().map(str::to_owned);
        if let Some(n) = &change.custom_number {
            next.custom_number = Some(n.clone());
        }
        if let Some(p) = change.policy.and_then(CallerIdNamePolicy::wire) {
            next.external_caller_id_name_policy = Some(p.to_owned());
        }
        if let Some(n) = &change.custom_name {
            next.custom_external_caller_id_name = Some(n.clone());
        }
        if let Some(b) = change.block {
            next.block_in_forward_calls_enabled = Some(b);
        }
        next
    }

    fn differs(before: &model::CallerId, after: &model::CallerId) -> bool {
        before != after
    }

    fn put<'a>(
        loader: &'a WebexLoader,
        change: &'a Change,
    ) -> BoxFuture<'a, Result<Written, webex::Error>> {
        async move {
            let t = &change.target;
            loader
                .client()
                .set_caller_id(
                    &loader.caller().fresh(),
                    t.org.as_deref(),
                    t.of,
                    &t.id,
                    &change.body(),
                )
                .await
        }
        .boxed()
    }

    fn log(
        mutation: &'static str,
        change: &Change,
        before: &model::CallerId,
        after: &model::CallerId,
        tracking_id: &str,
    ) {
        let settings = |record: &model::CallerId| CallerIdSettings {
            record: Arc::new(record.clone()),
            target: change.target.clone(),
        };
        let (before, after) = (settings(before), settings(after));
        tracing::info!(
            mutation,
            entity = change.target.of.noun(),
            id = %change.target.id,
            previous_selected = before.record.selected.as_deref().unwrap_or_default(),
            previous_number = before.shown().unwrap_or_default(),
            selected = after.record.selected.as_deref().unwrap_or_default(),
            number = after.shown().unwrap_or_default(),
            tracking_id,
            "caller ID changed"
        );
    }
}

/// `setCallerId`: the engine's one-item case.
pub(crate) async fn set(
    ctx: &Context<'_>,
    input: SetCallerIdInput,
) -> Result<SetCallerIdPayload, ApiError> {
    let values = Values {
        selected: input.selected,
        custom_number: input.custom_number.clone(),
        policy: input.external_caller_id_name_policy,
        custom_name: input.custom_external_caller_id_name.clone(),
        block: input.block_in_forward_calls_enabled,
    };
    let change = Change::of("input", &input.id, input.org_id.as_ref(), &values);
    let rc = RequestContext::of(ctx)?;
    rc.mutated();
    let loader = match rc.loader() {
        Ok(l) => l.loader(),
        Err(e) => return Err(change.err().unwrap_or(e)),
    };
    let target = change.as_ref().ok().map(|c| c.target.clone());
    let options = Options {
        dry_run: input.dry_run,
        put_unchanged: true,
        mutation: "setCallerId",
    };
    let outcome = super::run::<CallerIdWrite>(loader, vec![change], options)
        .await
        .pop();
    let (previous, now, changed) = one(outcome)?;
    // The check may have found the location; the owner carries it.
    let target =
        target.ok_or_else(|| ApiError::Internal("a written change without a target".into()))?;
    let settings = |record| CallerIdSettings {
        record,
        target: target.clone(),
    };
    Ok(SetCallerIdPayload {
        client_mutation_id: input.client_mutation_id,
        owner: owner(&target),
        previous: settings(previous),
        caller_id: settings(now),
        changed,
        dry_run: input.dry_run,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers_are_a_plus_and_seven_to_fifteen_digits() {
        for ok in ["+14085550100", "+442071838750", "+1234567"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in [
            "4085550100",
            "+1 408 555 0100",
            "+0123456789",
            "+1234567890123456",
            "+",
            "++14085550100",
            "+1408555010x",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }
}
