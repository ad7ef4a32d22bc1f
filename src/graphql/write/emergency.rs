//! Emergency callback changes: `setEmergencyCallback`'s input and payload, a change checked
//! alone, and how the engine checks and writes one. Checks, each failing with no PUT sent:
//!
//! 1. the input alone (`BAD_USER_INPUT`): the id's kind; a location takes `LOCATION_NUMBER` or
//!    `LOCATION_MEMBER_NUMBER`, a person, workspace or virtual line `DIRECT_LINE`,
//!    `LOCATION_ECBN` or `LOCATION_MEMBER_NUMBER`; `memberId` with `LOCATION_MEMBER_NUMBER` only,
//!    and then required;
//! 2. the member must own one of the entity's `EMERGENCY_CALLBACK` candidates (Webex offers no
//!    check before the write), else `NUMBER_NOT_AVAILABLE` naming the member, with its reason.
//!
//! Then the PUT with Webex's body (`selected`, `locationMemberId`) and a read-back.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, SimpleObject};
use futures::FutureExt;
use futures::future::{BoxFuture, join_all};

use super::{Options, Setting, one, owner, refusal};
use crate::graphql::context::RequestContext;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::WebexLoader;
use crate::graphql::query::non_blank;
use crate::graphql::resources::emergency::{
    CallbackKey, Callbacks, EmergencyCallbackSelection, EmergencyCallbackSettings,
};
use crate::graphql::resources::target::Target;
use crate::graphql::types::node::Node;
use crate::kind::{self, Kind};
use crate::webex::model::{self, CallbackInfo};
use crate::webex::sources::{NumberSource, Scope};
use crate::webex::{self, NumbersQuery, Written};

/// Candidates read per call while looking for the member (Webex's largest page).
const CANDIDATES_PER_CALL: usize = 2000;

/// Calls one member check makes at most: a list longer than this many pages is not searched
/// further, and the member is refused with reason `UNKNOWN`.
const MAX_CANDIDATE_PAGES: usize = 5;

/// What to change in an entity's emergency callback number.
#[derive(Debug, InputObject)]
pub(crate) struct SetEmergencyCallbackInput {
    /// The person, workspace, virtual line or location (its Webex ID).
    id: ID,
    /// The organization the entity belongs to (partner and multi-org admins).
    org_id: Option<ID>,
    /// The number emergency services call back: `DIRECT_LINE`, `LOCATION_ECBN` or
    /// `LOCATION_MEMBER_NUMBER` for a person, workspace or virtual line; `LOCATION_NUMBER` or
    /// `LOCATION_MEMBER_NUMBER` for a location.
    selected: EmergencyCallbackSelection,
    /// With `selected: LOCATION_MEMBER_NUMBER` only, and then required: the member whose number
    /// is called back, one of the owners of the entity's `emergencyCallback.candidates`.
    member_id: Option<ID>,
    /// Run every check and answer the settings as they would be, without changing anything.
    #[graphql(default = false)]
    dry_run: bool,
    /// Echoed in the payload (Relay's mutation convention).
    client_mutation_id: Option<String>,
}

/// What `setEmergencyCallback` did.
#[derive(SimpleObject)]
pub(crate) struct SetEmergencyCallbackPayload {
    /// The input's `clientMutationId`.
    client_mutation_id: Option<String>,
    /// The entity, so normalized client caches (Apollo, Relay) update it in place.
    owner: Option<Node>,
    /// The settings before the change.
    previous: EmergencyCallbackSettings,
    /// The settings after the change, as Webex reads them back; with `dryRun`, as they would be.
    emergency_callback: EmergencyCallbackSettings,
    /// Whether the selection or member differs from `previous` (with `dryRun`: would differ).
    changed: bool,
    /// Whether this was a dry run (nothing was changed).
    dry_run: bool,
}

/// An emergency callback change, checked alone.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) target: Target,
    selected: EmergencyCallbackSelection,
    member: Option<Arc<str>>,
    /// The chosen member as the entity's candidate list shows it (found by the check): what a
    /// dry run shows as the member.
    found: Option<CallbackInfo>,
}

impl Change {
    /// Checks a change of entity `id`; messages name each field under `path`.
    pub(crate) fn of(
        path: &str,
        id: &ID,
        org: Option<&ID>,
        selected: EmergencyCallbackSelection,
        member: Option<&ID>,
    ) -> Result<Self, ApiError> {
        use EmergencyCallbackSelection as S;
        let bad = |m: String| Err(ApiError::BadUserInput(m));
        let id = non_blank(&format!("{path}.id"), id)?;
        let org = org
            .map(|o| non_blank(&format!("{path}.orgId"), o))
            .transpose()?;
        let member = member
            .map(|m| non_blank(&format!("{path}.memberId"), m))
            .transpose()?;
        let Some(of) = Kind::of_id(&id).filter(|k| k.member().is_some() || *k == Kind::Location)
        else {
            return bad(format!(
                "{path}.id {id:?} is not the id of a person, workspace, virtual line or location"
            ));
        };
        let takes: &[S] = if of == Kind::Location {
            &[S::LocationNumber, S::LocationMemberNumber]
        } else {
            &[S::DirectLine, S::LocationEcbn, S::LocationMemberNumber]
        };
        if !takes.contains(&selected) {
            let names: Vec<&str> = takes.iter().filter_map(|s| s.wire()).collect();
            return bad(format!(
                "{path}.selected must be {} for a {}",
                names.join(" or "),
                of.noun()
            ));
        }
        match (selected, &member) {
            (S::LocationMemberNumber, None) => {
                return bad(format!(
                    "{path}.memberId is required with selected: LOCATION_MEMBER_NUMBER"
                ));
            }
            (s, Some(_)) if s != S::LocationMemberNumber => {
                return bad(format!(
                    "{path}.memberId is only taken with selected: LOCATION_MEMBER_NUMBER (it is the member whose number is called back)"
                ));
            }
            _ => {}
        }
        Ok(Self {
            target: Target {
                of,
                id: id.into(),
                org: org.map(Arc::from),
                location: None,
            },
            selected,
            member: member.map(Arc::from),
            found: None,
        })
    }

    /// Webex's PUT body.
    fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({ "selected": self.selected.wire().unwrap_or_default() });
        if let Some(m) = &self.member {
            body["locationMemberId"] = m.as_ref().into();
        }
        body
    }
}

/// Emergency callback settings, as the engine writes them.
#[derive(Debug)]
pub(crate) struct EmergencyCallbackWrite;

impl Setting for EmergencyCallbackWrite {
    type Resource = Callbacks;
    type Record = model::Ecbn;
    type Change = Change;
    const WHAT: &'static str = "emergency callback settings";
    const FIELD: &'static str = "emergencyCallback";

    fn target(change: &Change) -> &Target {
        &change.target
    }

    fn key(target: &Target) -> CallbackKey {
        target.callback_key()
    }

    fn allows(_change: &Change, _previous: &model::Ecbn) -> Result<(), ApiError> {
        // Every selection the input took is one Webex offers the kind; what it refuses beyond
        // that (a direct line without a number) it says in the PUT's answer.
        Ok(())
    }

    fn check<'a>(
        loader: &'a WebexLoader,
        changes: Vec<(&'a mut Change, &'a model::Ecbn)>,
    ) -> BoxFuture<'a, Vec<Result<(), ApiError>>> {
        async move {
            join_all(
                changes
                    .into_iter()
                    .map(|(change, _)| check_member(loader, change)),
            )
            .await
        }
        .boxed()
    }

    fn applied(change: &Change, previous: &model::Ecbn) -> model::Ecbn {
        let mut next = previous.clone();
        next.selected = change.selected.wire().map(str::to_owned);
        if change.member.is_some() {
            next.member = change.found.clone();
        }
        next
    }

    fn differs(before: &model::Ecbn, after: &model::Ecbn) -> bool {
        let member = |r: &model::Ecbn| {
            (r.selected.as_deref() == Some("LOCATION_MEMBER_NUMBER"))
                .then(|| r.member.as_ref()?.member_id.clone())
                .flatten()
        };
        before.selected != after.selected
            || !match (member(before), member(after)) {
                (Some(a), Some(b)) => kind::same_entity(&a, &b),
                (a, b) => a == b,
            }
    }

    fn put<'a>(
        loader: &'a WebexLoader,
        change: &'a Change,
    ) -> BoxFuture<'a, Result<Written, webex::Error>> {
        async move {
            let t = &change.target;
            loader
                .client()
                .set_ecbn(
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
        before: &model::Ecbn,
        after: &model::Ecbn,
        tracking_id: &str,
    ) {
        let settings = |record: &model::Ecbn| EmergencyCallbackSettings {
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
            member = after.member_id().unwrap_or_default(),
            number = after.shown().unwrap_or_default(),
            tracking_id,
            "emergency callback changed"
        );
    }
}

/// The entity's `EMERGENCY_CALLBACK` list.
fn candidates_of(target: &Target) -> Option<&'static NumberSource> {
    let scope = match target.of.member() {
        Some(member) => member.numbers,
        None => Scope::Location,
    };
    NumberSource::find(scope, "EMERGENCY_CALLBACK")
}

/// The member against the entity's candidates: their owners, page by page until found. A
/// member of a kind no list holds is refused without a call.
async fn check_member(loader: &WebexLoader, change: &mut Change) -> Result<(), ApiError> {
    let Some(member) = change.member.clone() else {
        return Ok(());
    };
    let target = &change.target;
    let wrong_kind = Kind::of_id(&member).is_some_and(|k| {
        ![
            Kind::Person,
            Kind::Workspace,
            Kind::VirtualLine,
            Kind::HuntGroup,
        ]
        .contains(&k)
    });
    if wrong_kind {
        return Err(refusal::callback_member(loader, target, &member).await);
    }
    let source = candidates_of(target).ok_or_else(|| {
        ApiError::Internal(format!(
            "no EMERGENCY_CALLBACK list for {}",
            target.of.noun()
        ))
    })?;
    let query = NumbersQuery {
        org_id: target.org.as_deref().map(str::to_owned),
        ..NumbersQuery::new(source, target.id.as_ref())
    };
    let caller = loader.caller().fresh();
    for page_at in 0..MAX_CANDIDATE_PAGES {
        let start = page_at * CANDIDATES_PER_CALL;
        let page = loader
            .client()
            .numbers(&caller, &query, start, CANDIDATES_PER_CALL)
            .await?;
        let found = page.numbers.iter().find(|(_, n)| {
            n.owner
                .as_ref()
                .and_then(|o| o.id.as_deref())
                .is_some_and(|id| kind::same_entity(id, &member))
        });
        if let Some((_, n)) = found {
            let owner = n.owner.as_ref();
            change.found = Some(CallbackInfo {
                phone_number: n.phone_number.clone(),
                first_name: owner.and_then(|o| o.first_name.clone()),
                last_name: owner.and_then(|o| o.last_name.clone()),
                member_id: Some(member.to_string()),
                member_type: owner.and_then(|o| o.owner_type.clone()),
                effective_level: Some("LOCATION_MEMBER_NUMBER".into()),
                effective_value: n.phone_number.clone(),
                ..CallbackInfo::default()
            });
            return Ok(());
        }
        if !page.has_more {
            break;
        }
    }
    Err(refusal::callback_member(loader, target, &member).await)
}

/// `setEmergencyCallback`: the engine's one-item case.
pub(crate) async fn set(
    ctx: &Context<'_>,
    input: SetEmergencyCallbackInput,
) -> Result<SetEmergencyCallbackPayload, ApiError> {
    let change = Change::of(
        "input",
        &input.id,
        input.org_id.as_ref(),
        input.selected,
        input.member_id.as_ref(),
    );
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
        mutation: "setEmergencyCallback",
    };
    let outcome = super::run::<EmergencyCallbackWrite>(loader, vec![change], options)
        .await
        .pop();
    let (previous, now, changed) = one(outcome)?;
    let target =
        target.ok_or_else(|| ApiError::Internal("a written change without a target".into()))?;
    let settings = |record| EmergencyCallbackSettings {
        record,
        target: target.clone(),
    };
    Ok(SetEmergencyCallbackPayload {
        client_mutation_id: input.client_mutation_id,
        owner: owner(&target),
        previous: settings(previous),
        emergency_callback: settings(now),
        changed,
        dry_run: input.dry_run,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published PUT bodies, one per kind.
    const PUBLISHED: [(&str, &str); 4] = [
        (
            "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hOTc0MzVjZi0zYTZmLTRmNGYtOWU1OC00OTI2OTQ5MDkwMWY",
            include_str!("../../../tests/fixtures/webex/ecbn-person-put-request.json"),
        ),
        (
            "Y2lzY29zcGFyazovL3VzL1BMQUNFLzExYTNmOTkwLWE2ODktNDc3ZC1iZTZiLTcxMjAwMjVkOGFiYg",
            include_str!("../../../tests/fixtures/webex/ecbn-workspace-put-request.json"),
        ),
        (
            "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS9lNThhOTY0Mi0yMTk1LTRmYjAtOGMzNi0zYTMzZGFhYTcxN2U",
            include_str!("../../../tests/fixtures/webex/ecbn-virtual-line-put-request.json"),
        ),
        (
            "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE3N2FkOGYzLTIyZTktNDdmNS04YjE5LTM0NWU0MjZkZjU5NQ",
            include_str!("../../../tests/fixtures/webex/ecbn-location-put-request.json"),
        ),
    ];

    #[test]
    fn the_put_body_is_the_published_one_minus_what_we_do_not_change() {
        for (id, published) in PUBLISHED {
            let published: serde_json::Value = serde_json::from_str(published).unwrap();
            let member = ID(published["locationMemberId"].as_str().unwrap().to_owned());
            let change = Change::of(
                "input",
                &ID(id.to_owned()),
                None,
                EmergencyCallbackSelection::LocationMemberNumber,
                Some(&member),
            )
            .unwrap();
            let body = change.body();
            assert_eq!(body["selected"], published["selected"], "{id}");
            assert_eq!(body["locationMemberId"], published["locationMemberId"]);
            for key in body.as_object().unwrap().keys() {
                assert!(published.get(key).is_some(), "{key} is not in {published}");
            }
        }
    }
}
