//! The directory endpoints: people (batched by id), locations and workspaces (by id or listed),
//! and the windows of their lists that the browse connections page through.

use super::window::{Browse, Window};
use super::{Caller, Client, decode, with_org};
use crate::webex::error::Error;
use crate::webex::model::{Location, PeopleList, Person, Workspace};

pub(super) const PEOPLE: &str = "GET /v1/people";
pub(super) const LOCATION: &str = "GET /v1/locations/{id}";
pub(super) const WORKSPACE: &str = "GET /v1/workspaces/{id}";
pub(super) const LOCATIONS: &str = "GET /v1/locations";
pub(super) const WORKSPACES: &str = "GET /v1/workspaces";

impl Client {
    /// `GET /people?id=a,b,…&callingData=true`: at most 85 ids, as Webex allows.
    #[tracing::instrument(skip_all, fields(endpoint = PEOPLE, batch_size = ids.len()))]
    pub async fn people(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<PeopleList, Error> {
        let mut url = self.url(PEOPLE, &["people"])?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("id", &ids.join(","));
            q.append_pair("callingData", "true");
            q.append_pair("max", &ids.len().max(1).to_string());
            if let Some(org) = org_id {
                q.append_pair("orgId", org);
            }
        }
        let page = self.get(caller, PEOPLE, url).await?;
        decode(PEOPLE, &page)
    }

    /// `GET /locations/{id}`; `None` when Webex answers 404.
    pub async fn location(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<Location>, Error> {
        let url = self.url(LOCATION, &["locations", id])?;
        self.lookup(caller, LOCATION, with_org(url, org_id)).await
    }

    /// `GET /workspaces/{id}`; `None` when Webex answers 404.
    pub async fn workspace(&self, caller: &Caller, id: &str) -> Result<Option<Workspace>, Error> {
        // `GET /workspaces/{id}` documents no `orgId` (the id names the org), so none is sent.
        let url = self.url(WORKSPACE, &["workspaces", id])?;
        self.lookup(caller, WORKSPACE, url).await
    }

    /// `GET /locations` of the org, every page.
    pub async fn locations(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
    ) -> Result<Vec<Location>, Error> {
        let url = with_org(self.url(LOCATIONS, &["locations"])?, org_id);
        self.list(caller, LOCATIONS, url, "items").await
    }

    /// `GET /workspaces?locationId=…`, every page. `orgId` is documented on this list.
    pub async fn workspaces_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<Workspace>, Error> {
        let mut url = with_org(self.url(WORKSPACES, &["workspaces"])?, org_id);
        url.query_pairs_mut().append_pair("locationId", location_id);
        self.list(caller, WORKSPACES, url, "items").await
    }
}

/// The largest page `GET /people?locationId=…&callingData=true` serves ("with `locationId`, max
/// ≤ 50").
pub const PEOPLE_AT_LOCATION_MAX: usize = 50;

impl Client {
    /// A window of `GET /locations` (optionally `name`: contains, case-insensitive).
    pub async fn locations_window(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        name: Option<&str>,
        offset: usize,
        first: usize,
        resume: Option<&str>,
    ) -> Result<Window<Location>, Error> {
        let mut url = with_org(self.url(LOCATIONS, &["locations"])?, org_id);
        if let Some(name) = name {
            url.query_pairs_mut().append_pair("name", name);
        }
        let browse = Browse::Links {
            page_max: super::paging::LIST_PAGE,
        };
        self.window(
            caller, LOCATIONS, url, "items", browse, offset, first, resume,
        )
        .await
    }

    /// A window of `GET /people?locationId=…&callingData=true` (optionally `displayName`,
    /// `email`).
    #[allow(clippy::too_many_arguments)]
    pub async fn people_window(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
        display_name: Option<&str>,
        email: Option<&str>,
        offset: usize,
        first: usize,
        resume: Option<&str>,
    ) -> Result<Window<Person>, Error> {
        let mut url = with_org(self.url(PEOPLE, &["people"])?, org_id);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("locationId", location_id);
            q.append_pair("callingData", "true");
            if let Some(name) = display_name {
                q.append_pair("displayName", name);
            }
            if let Some(email) = email {
                q.append_pair("email", email);
            }
        }
        let browse = Browse::Links {
            page_max: PEOPLE_AT_LOCATION_MAX,
        };
        self.window(caller, PEOPLE, url, "items", browse, offset, first, resume)
            .await
    }

    /// A window of `GET /workspaces?locationId=…` (optionally `displayName`).
    pub async fn workspaces_window(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
        display_name: Option<&str>,
        offset: usize,
        first: usize,
    ) -> Result<Window<Workspace>, Error> {
        let mut url = with_org(self.url(WORKSPACES, &["workspaces"])?, org_id);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("locationId", location_id);
            if let Some(name) = display_name {
                q.append_pair("displayName", name);
            }
        }
        self.window(
            caller,
            WORKSPACES,
            url,
            "items",
            Browse::Offset,
            offset,
            first,
            None,
        )
        .await
    }
}
