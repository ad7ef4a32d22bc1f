//! Refusals that say why: once a check has refused a number or a member, a few calls (at most
//! three, only on this path) find the reason (`shared/webex-numbers.md` §3.2). An explanation
//! never turns a refusal into another error: when its calls fail, the reason is `UNKNOWN`.

use crate::graphql::error::{ApiError, Reason, Refusal};
use crate::graphql::loaders::WebexLoader;
use crate::graphql::resources::target::{Target, locate};
use crate::kind::{self, Kind};
use crate::webex::model::{self, NumberItem};
use crate::webex::sources::NumberSource;
use crate::webex::{NumbersQuery, OrgNumbersQuery};

/// Member kinds an emergency callback member may be (the kinds Webex's ECBN lists hold).
const CALLBACK_MEMBER_KINDS: [Kind; 4] = [
    Kind::Person,
    Kind::Workspace,
    Kind::VirtualLine,
    Kind::HuntGroup,
];

fn refused(message: String, reason: Reason, at: Option<&model::IdName>) -> ApiError {
    ApiError::NumberNotAvailable(Refusal {
        message,
        reason,
        location: at.and_then(|l| Some((l.id.clone()?, l.name.clone()))),
    })
}

fn called(at: &model::IdName) -> &str {
    at.name.as_deref().or(at.id.as_deref()).unwrap_or("?")
}

/// Why `number` is not among the caller ID candidates of `target` (whose location is known),
/// in rounds that stop as soon as the reason is plain: where the number lives
/// (`GET /telephony/config/numbers?phoneNumber=`); for a number of another location, the org's
/// locations (their countries); for a person, when location and country would allow the
/// number, whether the location's own list offers it (the same list without `personId`: the
/// mobile-number rule). Three calls at most, two for a workspace or virtual line.
pub(crate) async fn caller_id(loader: &WebexLoader, target: &Target, number: &str) -> ApiError {
    let entity = target.of.noun();
    let here = target.location.as_deref().unwrap_or_default();
    let not = format!("{number} is not available as caller ID for this {entity}");
    let unknown = |why: String| {
        refused(
            format!("{not} (see callerId.candidates); why could not be established: {why}"),
            Reason::Unknown,
            None,
        )
    };
    let caller = loader.caller().fresh();
    let client = loader.client();
    let org = target.org.as_deref().map(str::to_owned);
    let lookup = OrgNumbersQuery {
        org_id: org.clone(),
        phone_number: Some(number.to_owned()),
        owner_id: None,
    };
    // The person's list refused it; does the location's own (the mobile-number rule)?
    let offered_to_location = || async {
        if target.of != Kind::Person {
            return false;
        }
        let query = NumbersQuery {
            org_id: org.clone(),
            phone_numbers: vec![number.to_owned()],
            ..NumbersQuery::new(NumberSource::external_caller_id(), here)
        };
        client
            .numbers(&caller, &query, 0, 1)
            .await
            .is_ok_and(|page| {
                page.numbers
                    .iter()
                    .any(|(_, n)| n.phone_number.as_deref() == Some(number))
            })
    };
    let mobile_rule = |there: &model::IdName| {
        refused(
            format!(
                "{not}: location {} offers it, but this person is in a Cisco PSTN location with a mobile primary number and no billing plan, so Webex offers the person only that mobile number",
                called(there)
            ),
            Reason::MobileNumberRule,
            Some(there),
        )
    };
    let found = match client.org_numbers(&caller, &lookup).await {
        Ok(found) => found,
        Err(e) => return unknown(ApiError::from(e).message()),
    };
    let Some(item) = found
        .iter()
        .find(|n| n.phone_number.as_deref() == Some(number))
    else {
        return refused(
            format!(
                "{not}: it is not a number of this organization (Webex's numbers list does not know it)"
            ),
            Reason::NotInOrganization,
            None,
        );
    };
    let Some(there) = item.location.as_ref() else {
        return unknown("Webex names no location for it".into());
    };
    if there.id.as_deref() == Some(here) {
        if offered_to_location().await {
            return mobile_rule(there);
        }
        return refused(
            format!(
                "{not}: it is a number of its own location {}, but Webex does not offer it (an unassigned mobile number, for instance); see callerId.candidates",
                called(there)
            ),
            Reason::Unknown,
            Some(there),
        );
    }
    // Another location: the country decides between the two remaining reasons.
    let locations = match client.locations(&caller, org.as_deref()).await {
        Ok(l) => l,
        Err(e) => return unknown(ApiError::from(e).message()),
    };
    let country = |id: &str| {
        locations
            .iter()
            .find(|l| l.id == id)
            .and_then(|l| l.address.as_ref()?.country.clone())
    };
    let (number_country, own) = (
        there.id.as_deref().and_then(country),
        locations.iter().find(|l| l.id == here),
    );
    let own_name = own.and_then(|l| l.name.as_deref()).unwrap_or(here);
    match (
        number_country,
        own.and_then(|l| l.address.as_ref()?.country.clone()),
    ) {
        (Some(theirs), Some(ours)) if !theirs.eq_ignore_ascii_case(&ours) => refused(
            format!(
                "{not}: it is a number of location {}, in {theirs}, and this {entity}'s location {own_name} is in {ours}; a number of another location must be in the same country",
                called(there)
            ),
            Reason::OtherCountry,
            Some(there),
        ),
        (Some(_), Some(_)) if offered_to_location().await => mobile_rule(there),
        (Some(theirs), Some(_)) => refused(
            format!(
                "{not}: it is a number of location {}, in the same country ({theirs}) as this {entity}'s location {own_name}, but with another PSTN provider or (India) zone",
                called(there)
            ),
            Reason::OtherPstnOrZone,
            Some(there),
        ),
        _ => refused(
            format!(
                "{not}: it is a number of location {}; the countries of the two locations could not be read",
                called(there)
            ),
            Reason::Unknown,
            Some(there),
        ),
    }
}

/// Why `member` is not among the emergency callback members `target` may choose. Its kind
/// first (no call); then, in one round, the member's numbers (`ownerId=`) and the target's
/// location when not known yet: at most two calls.
pub(crate) async fn callback_member(
    loader: &WebexLoader,
    target: &Target,
    member: &str,
) -> ApiError {
    let entity = target.of.noun();
    let not =
        format!("member {member} is not available as emergency callback member for this {entity}");
    let kind = Kind::of_id(member);
    if let Some(kind) = kind.filter(|k| !CALLBACK_MEMBER_KINDS.contains(k)) {
        return refused(
            format!(
                "{not}: it is {} {}; an emergency callback member is a person, workspace, virtual line or hunt group",
                article(kind.noun()),
                kind.noun()
            ),
            Reason::NotAMemberType,
            None,
        );
    }
    let what = kind.map_or("member", Kind::noun);
    let caller = loader.caller().fresh();
    let lookup = OrgNumbersQuery {
        org_id: target.org.as_deref().map(str::to_owned),
        phone_number: None,
        owner_id: Some(member.to_owned()),
    };
    let mut located = target.clone();
    let (found, _) = futures::join!(loader.client().org_numbers(&caller, &lookup), async {
        locate(loader, &mut [&mut located]).await
    });
    let found: Vec<NumberItem> = match found {
        Ok(found) => found,
        Err(e) => {
            return refused(
                format!(
                    "{not} (see emergencyCallback.candidates); why could not be established: {}",
                    ApiError::from(e).message()
                ),
                Reason::Unknown,
                None,
            );
        }
    };
    let owned: Vec<&NumberItem> = found
        .iter()
        .filter(|n| {
            n.owner
                .as_ref()
                .and_then(|o| o.id.as_deref())
                .is_some_and(|id| kind::same_entity(id, member))
        })
        .collect();
    let Some(there) = owned.iter().find_map(|n| n.location.as_ref()) else {
        return refused(
            format!(
                "{not}: no number of this organization belongs to it (Webex's numbers list knows none)"
            ),
            Reason::NotInOrganization,
            None,
        );
    };
    let here = located.location.as_deref();
    if here.is_some() && there.id.as_deref() != here {
        return refused(
            format!(
                "{not}: it belongs to location {}, and a callback member must be of this {entity}'s own location",
                called(there)
            ),
            Reason::OtherLocation,
            Some(there),
        );
    }
    let why = if owned
        .iter()
        .all(|n| n.phone_number.as_deref().is_none_or(str::is_empty))
    {
        "it has an extension but no number emergency services could call back"
    } else {
        "Webex does not offer its number (see emergencyCallback.candidates)"
    };
    refused(
        format!(
            "{not}: the {what} is of location {}, but {why}",
            called(there)
        ),
        Reason::Unknown,
        Some(there),
    )
}

fn article(noun: &str) -> &'static str {
    match noun.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
