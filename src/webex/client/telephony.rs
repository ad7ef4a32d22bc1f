//! The `/telephony/config` endpoints owners are detailed from: the location-scoped calling
//! features (their paths are the catalogue's, `crate::kind`), route lists and virtual lines.

use super::window::{Browse, Window};
use super::{Caller, Client, decode};
use crate::kind::Kind;
use crate::webex::endpoint::{Endpoint, Request};
use crate::webex::error::Error;
use crate::webex::model::{Feature, RouteList, RouteListItem, VirtualLine, VirtualLineList};

/// `GET /telephony/config/virtualLines?id=…`: its items are the lines' records.
static VIRTUAL_LINES_BY_ID: Endpoint = Endpoint::details("GET /v1/telephony/config/virtualLines");
/// `GET /telephony/config/virtualLines?locationId=…`: a page of a location's virtual lines.
static VIRTUAL_LINES_AT: Endpoint = Endpoint::lists("GET /v1/telephony/config/virtualLines");
static ROUTE_LIST: Endpoint =
    Endpoint::details("GET /v1/telephony/config/premisePstn/routeLists/{id}");
static ROUTE_LISTS: Endpoint = Endpoint::lists("GET /v1/telephony/config/premisePstn/routeLists");

impl Client {
    /// `GET /telephony/config/virtualLines?id=a&id=b…`: one call for a batch of virtual lines.
    #[tracing::instrument(skip_all, fields(endpoint = VIRTUAL_LINES_BY_ID.label, batch_size = ids.len()))]
    pub async fn virtual_lines(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<VirtualLineList, Error> {
        let max = ids.len().max(1).to_string();
        let mut params: Vec<(&str, Option<&str>)> =
            ids.iter().map(|id| ("id", Some(id.as_str()))).collect();
        params.push(("max", Some(&max)));
        params.push(("orgId", org_id));
        let request = self.request(&VIRTUAL_LINES_BY_ID, &params)?;
        let page = self.get(caller, &request).await?;
        decode(request.label(), &page)
    }

    /// A window of `GET /telephony/config/virtualLines?locationId=…`.
    pub async fn virtual_lines_window(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
        offset: usize,
        first: usize,
    ) -> Result<Window<VirtualLine>, Error> {
        let request = self.request(
            &VIRTUAL_LINES_AT,
            &[("orgId", org_id), ("locationId", Some(location_id))],
        )?;
        self.window(
            caller,
            &request,
            "virtualLines",
            Browse::Offset,
            offset,
            first,
            None,
        )
        .await
    }

    /// The detail of a location-scoped feature; `None` when Webex answers 404.
    pub async fn feature(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        location_id: &str,
        id: &str,
    ) -> Result<Option<Feature>, Error> {
        let spec = feature_spec(kind)?;
        let request = self.request(
            spec.detail,
            &[
                ("locationId", Some(location_id)),
                ("id", Some(id)),
                ("orgId", org_id),
            ],
        )?;
        let found = self.lookup(caller, &request).await?;
        if found.is_some() || kind != Kind::CallQueue {
            return Ok(found);
        }
        // A queue with a Customer Assist licence is readable only with `hasCxEssentials=true`
        // (the spec: "must be set to true to view" them), and the number list does not say which
        // kind a queue is: ask again with the flag before calling it not found.
        let mut cx = request.url.clone();
        cx.query_pairs_mut().append_pair("hasCxEssentials", "true");
        self.lookup(caller, &request.at(cx)).await
    }

    /// `GET /telephony/config/premisePstn/routeLists/{id}`; `None` when Webex answers 404.
    pub async fn route_list(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<RouteList>, Error> {
        let request = self.request(&ROUTE_LIST, &[("id", Some(id)), ("orgId", org_id)])?;
        self.lookup(caller, &request).await
    }

    /// `GET /telephony/config/{kind}?locationId=…`, every page: the features of one kind at one
    /// location. Call queues: `customer_assist` lists the Customer Assist ones, which a plain call
    /// leaves out. A kind without a list (the voice portal) has none.
    pub async fn features_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: Kind,
        location_id: &str,
        customer_assist: bool,
    ) -> Result<Vec<Feature>, Error> {
        let Some((endpoint, key)) = feature_spec(kind)?.list else {
            return Ok(Vec::new());
        };
        let request: Request = self.request(
            endpoint,
            &[
                ("orgId", org_id),
                ("locationId", Some(location_id)),
                ("hasCxEssentials", customer_assist.then_some("true")),
            ],
        )?;
        self.list(caller, &request, key).await
    }

    /// `GET /telephony/config/premisePstn/routeLists?locationId=…`, every page.
    pub async fn route_lists_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<RouteListItem>, Error> {
        let request = self.request(
            &ROUTE_LISTS,
            &[("orgId", org_id), ("locationId", Some(location_id))],
        )?;
        self.list(caller, &request, "routeLists").await
    }
}

/// The feature paths of `kind`; a kind that is not a calling feature is a caller's mistake.
fn feature_spec(kind: Kind) -> Result<&'static crate::kind::FeatureSpec, Error> {
    kind.feature().ok_or(Error::InvalidInput {
        endpoint: "GET /v1/telephony/config/locations/{locationId}/…",
        reason: format!("a {} is not a location-scoped calling feature", kind.noun()),
    })
}
