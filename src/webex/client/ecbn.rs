//! Emergency callback settings: one GET, one PUT and (members) one dependencies GET per entity,
//! at the catalogue's paths for people, workspaces and virtual lines and at the location's
//! `features/emergencyCallbackNumber`; and the numbers API, which says where a number lives.

use super::caller_id::Written;
use super::paging::raw_items;
use super::{Caller, Client};
use crate::kind::Kind;
use crate::webex::endpoint::{Class, Endpoint, Retire};
use crate::webex::error::Error;
use crate::webex::model::{Ecbn, EcbnDependencies, NumberItem};

static LOCATION_ECBN: Endpoint = Endpoint {
    label: "GET /v1/telephony/config/locations/{locationId}/features/emergencyCallbackNumber",
    class: Class::Emergency,
    retired_by: Retire::Location("locationId"),
};
static SET_LOCATION_ECBN: Endpoint = Endpoint {
    label: "PUT /v1/telephony/config/locations/{locationId}/features/emergencyCallbackNumber",
    class: Class::Write,
    retired_by: Retire::Never,
};
/// `GET /telephony/config/numbers`: the organisation's numbers, with location and owner.
static ORG_NUMBERS: Endpoint = Endpoint {
    label: "GET /v1/telephony/config/numbers",
    class: Class::Numbers,
    retired_by: Retire::Never,
};

/// Which of the three endpoints of an entity's callback settings.
#[derive(Debug, Clone, Copy)]
enum Which {
    Read,
    Write,
    Dependencies,
}

/// The endpoint of `kind`'s callback settings; a kind without them is a caller's mistake.
fn endpoint(kind: Kind, which: Which) -> Result<&'static Endpoint, Error> {
    let unsupported = || Error::InvalidInput {
        endpoint: "GET /v1/telephony/config/…/emergencyCallbackNumber",
        reason: format!(
            "a {} has no emergency callback settings (people, workspaces, virtual lines and locations do)",
            kind.noun()
        ),
    };
    if kind == Kind::Location {
        return match which {
            Which::Read => Ok(&LOCATION_ECBN),
            Which::Write => Ok(&SET_LOCATION_ECBN),
            Which::Dependencies => Err(unsupported()),
        };
    }
    let member = kind.member().ok_or_else(unsupported)?;
    Ok(match which {
        Which::Read => member.ecbn,
        Which::Write => member.set_ecbn,
        Which::Dependencies => member.ecbn_dependencies,
    })
}

/// What to look a number up by in the organisation's numbers.
#[derive(Debug, Clone, Default)]
pub struct OrgNumbersQuery {
    pub org_id: Option<String>,
    pub phone_number: Option<String>,
    pub owner_id: Option<String>,
}

impl Client {
    /// The entity's (person, workspace, virtual line, location) callback settings; `None` when
    /// Webex answers 404.
    pub async fn ecbn(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        id: &str,
    ) -> Result<Option<Ecbn>, Error> {
        let endpoint = endpoint(kind, Which::Read)?;
        let request = self.member_request(endpoint, id, org_id)?;
        self.lookup(caller, &request).await
    }

    /// How many members use the member's number as their callback number; `None` on 404.
    pub async fn ecbn_dependencies(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        id: &str,
    ) -> Result<Option<EcbnDependencies>, Error> {
        let endpoint = endpoint(kind, Which::Dependencies)?;
        let request = self.member_request(endpoint, id, org_id)?;
        self.lookup(caller, &request).await
    }

    /// Replaces the fields `body` carries (`selected`, `locationMemberId`). Webex answers 204.
    pub async fn set_ecbn(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        id: &str,
        body: &serde_json::Value,
    ) -> Result<Written, Error> {
        let endpoint = endpoint(kind, Which::Write)?;
        let request = self.member_request(endpoint, id, org_id)?;
        self.put_json(caller, &request, body).await
    }

    /// The organisation's numbers matching `query` (its first 100): where each lives and who
    /// owns it.
    pub async fn org_numbers(
        &self,
        caller: &Caller,
        query: &OrgNumbersQuery,
    ) -> Result<Vec<NumberItem>, Error> {
        let request = self.request(
            &ORG_NUMBERS,
            &[
                ("orgId", query.org_id.as_deref()),
                ("phoneNumber", query.phone_number.as_deref()),
                ("ownerId", query.owner_id.as_deref()),
                ("max", Some("100")),
            ],
        )?;
        let page = self.get(caller, &request).await?;
        Ok(raw_items(request.label(), &page, "phoneNumbers")?
            .into_iter()
            .filter_map(|raw| serde_json::from_str(raw.get()).ok())
            .collect())
    }
}
