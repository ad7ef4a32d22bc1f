//! The `/telephony/config` endpoints owners are detailed from: the location-scoped calling
//! features, route lists and virtual lines.

use super::window::{Browse, Window};
use super::{Caller, Client, decode, with_org};
use crate::webex::error::Error;
use crate::webex::model::{Feature, RouteList, RouteListItem, VirtualLine, VirtualLineList};

pub(super) const VIRTUAL_LINES: &str = "GET /v1/telephony/config/virtualLines";
pub(super) const ROUTE_LIST: &str = "GET /v1/telephony/config/premisePstn/routeLists/{id}";
pub(super) const ROUTE_LISTS: &str = "GET /v1/telephony/config/premisePstn/routeLists";

/// The location-scoped calling features with a detail endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    HuntGroup,
    CallQueue,
    AutoAttendant,
    PagingGroup,
    VoicemailGroup,
    /// One per location; its detail path has no id.
    VoicePortal,
}

impl FeatureKind {
    /// The list endpoint of this kind: path segment under `/telephony/config/`, the key its items
    /// come under, and the endpoint label. The voice portal has none (one per location).
    pub(super) fn list(self) -> Option<(&'static str, &'static str, &'static str)> {
        Some(match self {
            FeatureKind::HuntGroup => (
                "huntGroups",
                "huntGroups",
                "GET /v1/telephony/config/huntGroups",
            ),
            FeatureKind::CallQueue => ("queues", "queues", "GET /v1/telephony/config/queues"),
            FeatureKind::AutoAttendant => (
                "autoAttendants",
                "autoAttendants",
                "GET /v1/telephony/config/autoAttendants",
            ),
            FeatureKind::PagingGroup => (
                "paging",
                "locationPaging",
                "GET /v1/telephony/config/paging",
            ),
            FeatureKind::VoicemailGroup => (
                "voicemailGroups",
                "voicemailGroups",
                "GET /v1/telephony/config/voicemailGroups",
            ),
            FeatureKind::VoicePortal => return None,
        })
    }

    /// The path segment under `/telephony/config/locations/{locationId}/`.
    pub(super) fn segment(self) -> &'static str {
        match self {
            FeatureKind::HuntGroup => "huntGroups",
            FeatureKind::CallQueue => "queues",
            FeatureKind::AutoAttendant => "autoAttendants",
            FeatureKind::PagingGroup => "paging",
            FeatureKind::VoicemailGroup => "voicemailGroups",
            FeatureKind::VoicePortal => "voicePortal",
        }
    }

    pub(super) fn endpoint(self) -> &'static str {
        match self {
            FeatureKind::HuntGroup => {
                "GET /v1/telephony/config/locations/{locationId}/huntGroups/{id}"
            }
            FeatureKind::CallQueue => "GET /v1/telephony/config/locations/{locationId}/queues/{id}",
            FeatureKind::AutoAttendant => {
                "GET /v1/telephony/config/locations/{locationId}/autoAttendants/{id}"
            }
            FeatureKind::PagingGroup => {
                "GET /v1/telephony/config/locations/{locationId}/paging/{id}"
            }
            FeatureKind::VoicemailGroup => {
                "GET /v1/telephony/config/locations/{locationId}/voicemailGroups/{id}"
            }
            FeatureKind::VoicePortal => {
                "GET /v1/telephony/config/locations/{locationId}/voicePortal"
            }
        }
    }
}

impl Client {
    /// `GET /telephony/config/virtualLines?id=a&id=b…`: one call for a batch of virtual lines.
    #[tracing::instrument(skip_all, fields(endpoint = VIRTUAL_LINES, batch_size = ids.len()))]
    pub async fn virtual_lines(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<VirtualLineList, Error> {
        let mut url = self.url(VIRTUAL_LINES, &["telephony", "config", "virtualLines"])?;
        {
            let mut q = url.query_pairs_mut();
            for id in ids {
                q.append_pair("id", id);
            }
            q.append_pair("max", &ids.len().max(1).to_string());
            if let Some(org) = org_id {
                q.append_pair("orgId", org);
            }
        }
        let page = self.get(caller, VIRTUAL_LINES, url).await?;
        decode(VIRTUAL_LINES, &page)
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
        let mut url = with_org(
            self.url(VIRTUAL_LINES, &["telephony", "config", "virtualLines"])?,
            org_id,
        );
        url.query_pairs_mut().append_pair("locationId", location_id);
        self.window(
            caller,
            VIRTUAL_LINES,
            url,
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
        kind: FeatureKind,
        location_id: &str,
        id: &str,
    ) -> Result<Option<Feature>, Error> {
        let mut segments = vec![
            "telephony",
            "config",
            "locations",
            location_id,
            kind.segment(),
        ];
        if kind != FeatureKind::VoicePortal {
            segments.push(id);
        }
        let url = with_org(self.url(kind.endpoint(), &segments)?, org_id);
        let found = self.lookup(caller, kind.endpoint(), url.clone()).await?;
        if found.is_some() || kind != FeatureKind::CallQueue {
            return Ok(found);
        }
        // A queue with a Customer Assist licence is readable only with `hasCxEssentials=true`
        // (the spec: "must be set to true to view" them), and the number list does not say which
        // kind a queue is: ask again with the flag before calling it not found.
        let mut cx = url;
        cx.query_pairs_mut().append_pair("hasCxEssentials", "true");
        self.lookup(caller, kind.endpoint(), cx).await
    }

    /// `GET /telephony/config/premisePstn/routeLists/{id}`; `None` when Webex answers 404.
    pub async fn route_list(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<RouteList>, Error> {
        let url = self.url(
            ROUTE_LIST,
            &["telephony", "config", "premisePstn", "routeLists", id],
        )?;
        self.lookup(caller, ROUTE_LIST, with_org(url, org_id)).await
    }

    /// `GET /telephony/config/{kind}?locationId=…`, every page: the features of one kind at one
    /// location. Call queues: `customer_assist` lists the Customer Assist ones, which a plain call
    /// leaves out.
    pub async fn features_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        kind: FeatureKind,
        location_id: &str,
        customer_assist: bool,
    ) -> Result<Vec<Feature>, Error> {
        let Some((segment, key, endpoint)) = kind.list() else {
            return Ok(Vec::new());
        };
        let mut url = with_org(
            self.url(endpoint, &["telephony", "config", segment])?,
            org_id,
        );
        url.query_pairs_mut().append_pair("locationId", location_id);
        if customer_assist {
            url.query_pairs_mut().append_pair("hasCxEssentials", "true");
        }
        self.list(caller, endpoint, url, key).await
    }

    /// `GET /telephony/config/premisePstn/routeLists?locationId=…`, every page.
    pub async fn route_lists_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<RouteListItem>, Error> {
        let mut url = with_org(
            self.url(
                ROUTE_LISTS,
                &["telephony", "config", "premisePstn", "routeLists"],
            )?,
            org_id,
        );
        url.query_pairs_mut().append_pair("locationId", location_id);
        self.list(caller, ROUTE_LISTS, url, "routeLists").await
    }
}
