//! The mutation root: `setCallerId`, the picker's last step. Every check that can fail runs
//! before the write, in a fixed order, and each failure sends no PUT:
//!
//! 1. the input alone (`BAD_USER_INPUT`): the id's kind, `CUSTOM` with a `customNumber` and only
//!    then, E.164, a custom name for `OTHER`, the characters Webex refuses in names;
//! 2. the entity's current settings (one GET): `selected` must be one of its `types`;
//! 3. a `customNumber` must be one of the entity's candidates: one available-numbers call with
//!    `phoneNumber=` that number (and `personId` for a person), else `NUMBER_NOT_AVAILABLE`.
//!
//! Then the PUT with only the fields the caller set, and a read-back. `dryRun` stops before the
//! PUT and answers the settings as they would be.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::context::RequestContext;
use super::error::ApiError;
use super::query::non_blank;
use super::resources::caller_id::{
    CallerIdNamePolicy, CallerIdSelection, CallerIdSettings, Target, location_of,
};
use super::resources::location::Location;
use super::resources::summary::OwnerSummary;
use super::types::node::Node;
use crate::kind::Kind;
use crate::webex::sources::NumberSource;
use crate::webex::{self, NumbersQuery, model};

/// The characters Webex refuses in caller ID names (`%`, `+`, backtick, `"`, `\`), beside any
/// non-ASCII one ("Unicode characters are not allowed").
const FORBIDDEN_IN_NAMES: [char; 5] = ['%', '+', '`', '"', '\\'];

/// The longest E.164 number: `+` and 15 digits.
const E164_MAX_DIGITS: usize = 15;

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

/// The root of every mutation.
#[derive(Debug, Default)]
pub struct Mutation;

/// The root of every mutation.
#[Object]
impl Mutation {
    /// Changes the outgoing caller ID of a person, workspace or virtual line, after checking
    /// that Webex would accept it: `selected` must be allowed, and a `customNumber` must be one
    /// of the entity's candidates (`NUMBER_NOT_AVAILABLE` otherwise). Nothing is written when a
    /// check fails or with `dryRun: true`. Needs `spark-admin:people_write`,
    /// `spark-admin:workspaces_write` or `spark-admin:telephony_config_write` for the write.
    async fn set_caller_id(
        &self,
        ctx: &Context<'_>,
        input: SetCallerIdInput,
    ) -> Result<SetCallerIdPayload, ApiError> {
        let dry_run = input.dry_run;
        if let Ok(rc) = RequestContext::of(ctx) {
            rc.mutated();
        }
        let result = set_caller_id(ctx, input).await;
        let outcome = match &result {
            Ok(p) if p.dry_run => "dry_run",
            Ok(p) if p.changed => "changed",
            Ok(_) => "unchanged",
            Err(e) => e.code(),
        };
        metrics::counter!(
            "callerid_mutations_total",
            "mutation" => "setCallerId",
            "outcome" => outcome,
            "dry_run" => if dry_run { "true" } else { "false" },
        )
        .increment(1);
        result
    }
}

/// The input, checked: nothing here needs Webex.
#[derive(Debug)]
struct Change {
    target: Target,
    selected: CallerIdSelection,
    custom_number: Option<String>,
    policy: Option<CallerIdNamePolicy>,
    custom_name: Option<String>,
    block: Option<bool>,
}

impl Change {
    fn of(input: &SetCallerIdInput) -> Result<Self, ApiError> {
        let bad = |m: String| Err(ApiError::BadUserInput(m));
        let id = non_blank("input.id", &input.id)?;
        let org = input
            .org_id
            .as_ref()
            .map(|o| non_blank("input.orgId", o))
            .transpose()?;
        let Some(of) = Kind::of_id(&id).filter(|k| k.member().is_some()) else {
            return bad(format!(
                "input.id {id:?} is not the id of a person, workspace or virtual line"
            ));
        };
        if input.selected == CallerIdSelection::Unknown {
            return bad("input.selected must be DIRECT_LINE, LOCATION_NUMBER or CUSTOM".into());
        }
        let custom_number = input.custom_number.as_deref().map(str::trim);
        match (input.selected, custom_number) {
            (CallerIdSelection::Custom, None) => {
                return bad("input.customNumber is required with selected: CUSTOM".into());
            }
            (selected, Some(_)) if selected != CallerIdSelection::Custom => {
                return bad(
                    "input.customNumber is only taken with selected: CUSTOM (it is the number CUSTOM shows)"
                        .into(),
                );
            }
            (_, Some(n)) if !is_e164(n) => {
                return bad(format!(
                    "input.customNumber {n:?} is not an E.164 number (a + and up to 15 digits, e.g. +14085550100)"
                ));
            }
            _ => {}
        }
        if input.external_caller_id_name_policy == Some(CallerIdNamePolicy::Unknown) {
            return bad(
                "input.externalCallerIdNamePolicy must be DIRECT_LINE, LOCATION or OTHER".into(),
            );
        }
        let custom_name = input.custom_external_caller_id_name.as_deref();
        if input.external_caller_id_name_policy == Some(CallerIdNamePolicy::Other)
            && custom_name.is_none_or(|n| n.trim().is_empty())
        {
            return bad(
                "input.customExternalCallerIdName is required with externalCallerIdNamePolicy: OTHER"
                    .into(),
            );
        }
        if let Some(name) = custom_name {
            if name.trim().is_empty() {
                return bad("input.customExternalCallerIdName must not be empty".into());
            }
            if let Some(c) = name
                .chars()
                .find(|c| !c.is_ascii() || c.is_ascii_control() || FORBIDDEN_IN_NAMES.contains(c))
            {
                return bad(format!(
                    "input.customExternalCallerIdName holds {c:?}, which Webex does not allow in names (%, +, `, \", \\ and non-ASCII characters)"
                ));
            }
        }
        Ok(Self {
            target: Target {
                of,
                id: id.into(),
                org: org.map(Arc::from),
                location: None,
            },
            selected: input.selected,
            custom_number: custom_number.map(str::to_owned),
            policy: input.external_caller_id_name_policy,
            custom_name: custom_name.map(str::to_owned),
            block: input.block_in_forward_calls_enabled,
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

    /// `previous` with this change applied: what a dry run answers.
    fn applied_to(&self, previous: &model::CallerId) -> model::CallerId {
        let mut next = previous.clone();
        next.selected = self.selected.wire().map(str::to_owned);
        if let Some(n) = &self.custom_number {
            next.custom_number = Some(n.clone());
        }
        if let Some(p) = self.policy.and_then(CallerIdNamePolicy::wire) {
            next.external_caller_id_name_policy = Some(p.to_owned());
        }
        if let Some(n) = &self.custom_name {
            next.custom_external_caller_id_name = Some(n.clone());
        }
        if let Some(b) = self.block {
            next.block_in_forward_calls_enabled = Some(b);
        }
        next
    }
}

fn is_e164(n: &str) -> bool {
    n.strip_prefix('+').is_some_and(|digits| {
        (7..=E164_MAX_DIGITS).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.chars().all(|c| c.is_ascii_digit())
    })
}

async fn set_caller_id(
    ctx: &Context<'_>,
    input: SetCallerIdInput,
) -> Result<SetCallerIdPayload, ApiError> {
    let mut change = Change::of(&input)?;
    let rc = RequestContext::of(ctx)?;
    // A write's checks and read-back see Webex as it is now, never a cached answer.
    let caller = &rc.caller()?.fresh();
    let entity = change.target.of.noun();
    let org = change.target.org.as_deref();
    let previous = rc
        .client
        .caller_id(caller, org, change.target.of, &change.target.id)
        .await?
        .map(Arc::new)
        .ok_or_else(|| {
            ApiError::NotFound(format!("caller ID settings of this {entity} not found"))
        })?;
    let settings = |record: Arc<model::CallerId>, target: &Target| CallerIdSettings {
        record,
        target: target.clone(),
    };
    if !settings(previous.clone(), &change.target).allows(change.selected) {
        return Err(ApiError::BadUserInput(format!(
            "selected: {} is not allowed for this {entity}; it allows {}",
            change.selected.wire().unwrap_or_default(),
            previous.types.join(", ")
        )));
    }
    if let Some(number) = &change.custom_number {
        let location = location_of(ctx, &change.target).await?;
        change.target.location = Some(location.clone());
        let query = NumbersQuery {
            org_id: change.target.org.as_deref().map(str::to_owned),
            phone_numbers: vec![number.clone()],
            person_id: (change.target.of == Kind::Person).then(|| change.target.id.to_string()),
            ..NumbersQuery::new(NumberSource::external_caller_id(), location.as_ref())
        };
        let page = rc.client.numbers(caller, &query, 0, 1).await?;
        if !page
            .numbers
            .iter()
            .any(|(_, n)| n.phone_number.as_ref() == Some(number))
        {
            // Named for the message only; an id is still a fine name if the lookup fails.
            let name = Location::new(location.clone(), None, change.target.org.clone())
                .name_or_load(ctx)
                .await
                .unwrap_or_else(|_| location.to_string());
            return Err(ApiError::NumberNotAvailable(format!(
                "{number} is not available as caller ID for this {entity}: it is not a number of its location {name} or of another location with the same country, PSTN provider and zone (see callerId.candidates)"
            )));
        }
    }
    let wanted = change.applied_to(&previous);
    if input.dry_run {
        return Ok(SetCallerIdPayload {
            client_mutation_id: input.client_mutation_id,
            owner: owner(&change),
            changed: wanted != *previous,
            previous: settings(previous, &change.target),
            caller_id: settings(Arc::new(wanted), &change.target),
            dry_run: true,
        });
    }
    let written = rc
        .client
        .set_caller_id(
            caller,
            org,
            change.target.of,
            &change.target.id,
            &change.body(),
        )
        .await;
    if written.is_err() {
        // The PUT may have landed without an answer: cached settings would hide that.
        rc.client
            .invalidate_caller_id(&change.target.id, change.target.location.as_deref())
            .await;
    }
    let written = written
        .map_err(|e| match e {
            // The PUT may have reached Webex: say so rather than call it failed.
            webex::Error::Timeout { .. } | webex::Error::Transport { .. } => {
                ApiError::upstream_with(
                    e,
                    "the change may or may not have been applied (no answer from Webex); read callerId before trying again",
                )
            }
            e => e.into(),
        })?;
    // Retired before the read-back, in every replica: whatever the PUT did, no cache keeps
    // what was there before it.
    let location = match &change.target.location {
        Some(at) => Some(at.clone()),
        None => location_of(ctx, &change.target).await.ok(),
    };
    rc.client
        .invalidate_caller_id(&change.target.id, location.as_deref())
        .await;
    let now = rc
        .client
        .caller_id(caller, org, change.target.of, &change.target.id)
        .await
        .map_err(|e| {
            ApiError::upstream_with(
                e,
                &format!(
                    "Webex accepted the change (trackingId {}) but reading it back failed",
                    written.tracking_id
                ),
            )
        })?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "Webex accepted the change (trackingId {}) but no longer finds the {entity}",
                written.tracking_id
            ))
        })?;
    let now = Arc::new(now);
    // Later fields of this request (`owner { callerId }`) read the new settings, not the old.
    rc.loader()?
        .loader()
        .known(change.target.key(), now.clone());
    let before = settings(previous.clone(), &change.target);
    let after = settings(now.clone(), &change.target);
    tracing::info!(
        mutation = "setCallerId",
        entity,
        id = %change.target.id,
        previous_selected = before.record.selected.as_deref().unwrap_or_default(),
        previous_number = before.shown().unwrap_or_default(),
        selected = after.record.selected.as_deref().unwrap_or_default(),
        number = after.shown().unwrap_or_default(),
        tracking_id = %written.tracking_id,
        "caller ID changed"
    );
    Ok(SetCallerIdPayload {
        client_mutation_id: input.client_mutation_id,
        owner: owner(&change),
        changed: *now != *previous,
        previous: before,
        caller_id: after,
        dry_run: false,
    })
}

/// The entity as a `Node`, without another call: its settings were just read, so it exists.
fn owner(change: &Change) -> Option<Node> {
    let t = &change.target;
    Node::of_member(OwnerSummary::bare(
        t.id.to_string(),
        t.of,
        t.org.clone(),
        t.location.clone().unwrap_or_else(|| Arc::from("")),
    ))
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
