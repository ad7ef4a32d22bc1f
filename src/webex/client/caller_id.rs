//! The caller ID settings of a person, workspace or virtual line: one GET and one PUT each, at
//! three paths (`people/{id}/features/callerId`, `workspaces/{id}/features/callerId`,
//! `telephony/config/virtualLines/{id}/callerId`). Each takes only `orgId`.

use super::{Caller, Client, with_org};
use crate::webex::error::Error;
use crate::webex::model::CallerId;

/// Which entity's caller ID settings a call is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallerIdOf {
    Person,
    Workspace,
    VirtualLine,
}

impl CallerIdOf {
    /// The GET's route template (a metrics label and log field, never a URL with ids).
    pub fn read_endpoint(self) -> &'static str {
        match self {
            CallerIdOf::Person => "GET /v1/people/{id}/features/callerId",
            CallerIdOf::Workspace => "GET /v1/workspaces/{id}/features/callerId",
            CallerIdOf::VirtualLine => "GET /v1/telephony/config/virtualLines/{id}/callerId",
        }
    }

    /// The PUT's route template.
    pub fn write_endpoint(self) -> &'static str {
        match self {
            CallerIdOf::Person => "PUT /v1/people/{id}/features/callerId",
            CallerIdOf::Workspace => "PUT /v1/workspaces/{id}/features/callerId",
            CallerIdOf::VirtualLine => "PUT /v1/telephony/config/virtualLines/{id}/callerId",
        }
    }

    fn segments(self, id: &str) -> Vec<&str> {
        match self {
            CallerIdOf::Person => vec!["people", id, "features", "callerId"],
            CallerIdOf::Workspace => vec!["workspaces", id, "features", "callerId"],
            CallerIdOf::VirtualLine => vec!["telephony", "config", "virtualLines", id, "callerId"],
        }
    }
}

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
        of: CallerIdOf,
        id: &str,
    ) -> Result<Option<CallerId>, Error> {
        let endpoint = of.read_endpoint();
        let url = with_org(self.url(endpoint, &of.segments(id))?, org_id);
        self.lookup(caller, endpoint, url).await
    }

    /// Replaces the fields `body` carries (a JSON object holding at least `selected`). Webex
    /// answers 204 with no body.
    pub async fn set_caller_id(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        of: CallerIdOf,
        id: &str,
        body: &serde_json::Value,
    ) -> Result<Written, Error> {
        let endpoint = of.write_endpoint();
        let url = with_org(self.url(endpoint, &of.segments(id))?, org_id);
        let body = serde_json::to_vec(body).map_err(|e| Error::Request {
            endpoint,
            reason: e.to_string(),
        })?;
        let done = self.put(caller, endpoint, url, body).await?;
        Ok(Written {
            tracking_id: done.tracking_id,
        })
    }
}
