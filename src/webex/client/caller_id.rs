//! The caller ID settings of a person, workspace or virtual line: one GET and one PUT each, at
//! the paths the catalogue holds for the kind (`people/{id}/features/callerId`,
//! `workspaces/{id}/features/callerId`, `telephony/config/virtualLines/{id}/callerId`). Each takes
//! only `orgId`.

use super::{Caller, Client};
use crate::kind::{Kind, MemberSpec};
use crate::webex::error::Error;
use crate::webex::model::CallerId;

/// A write Webex accepted.
#[derive(Debug, Clone)]
pub struct Written {
    /// The tracking id of the PUT, to quote to Webex support.
    pub tracking_id: String,
}

impl Client {
    /// The entity's caller ID settings; `None` when Webex answers 404.
    pub async fn caller_id(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        id: &str,
    ) -> Result<Option<CallerId>, Error> {
        let endpoint = member_spec(kind, "GET")?.caller_id;
        let request = self.member_request(endpoint, id, org_id)?;
        self.lookup(caller, &request).await
    }

    /// Replaces the fields `body` carries (a JSON object holding at least `selected`). Webex
    /// answers 204 with no body.
    pub async fn set_caller_id(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        id: &str,
        body: &serde_json::Value,
    ) -> Result<Written, Error> {
        let endpoint = member_spec(kind, "PUT")?.set_caller_id;
        let request = self.member_request(endpoint, id, org_id)?;
        self.put_json(caller, &request, body).await
    }

    /// A request to an endpoint of one entity: its id in the path, `orgId` in the query.
    pub(super) fn member_request(
        &self,
        endpoint: &'static crate::webex::endpoint::Endpoint,
        id: &str,
        org_id: Option<&str>,
    ) -> Result<crate::webex::endpoint::Request, Error> {
        self.request(
            endpoint,
            &[(id_param(endpoint), Some(id)), ("orgId", org_id)],
        )
    }

    /// PUTs a JSON body; Webex answers 204 with no body.
    pub(super) async fn put_json(
        &self,
        caller: &Caller,
        request: &crate::webex::endpoint::Request,
        body: &serde_json::Value,
    ) -> Result<Written, Error> {
        let body = serde_json::to_vec(body).map_err(|e| Error::Request {
            endpoint: request.label(),
            reason: e.to_string(),
        })?;
        let done = self.put(caller, request, body).await?;
        Ok(Written {
            tracking_id: done.tracking_id,
        })
    }
}

/// The name of the one path parameter of a member's endpoint (`id`, or `virtualLineId` where
/// Webex's other virtual-line routes force that name).
fn id_param(endpoint: &crate::webex::endpoint::Endpoint) -> &'static str {
    endpoint.path_params().next().unwrap_or("id")
}

/// The per-member paths of `kind`; a kind without them is a caller's mistake.
pub(super) fn member_spec(kind: Kind, method: &'static str) -> Result<&'static MemberSpec, Error> {
    kind.member().ok_or(Error::InvalidInput {
        endpoint: if method == "PUT" {
            "PUT /v1/…/callerId"
        } else {
            "GET /v1/…/callerId"
        },
        reason: format!(
            "a {} has no caller ID settings (only people, workspaces and virtual lines do)",
            kind.noun()
        ),
    })
}
