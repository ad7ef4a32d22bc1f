//! The directory endpoints: people (batched by id), locations and workspaces (by id or listed),
//! and the windows of their lists that the browse connections page through.

use super::window::{Browse, Window};
use super::{Caller, Client, decode};
use crate::webex::endpoint::Endpoint;
use crate::webex::error::Error;
use crate::webex::model::{Location, PeopleList, Person, Workspace};

/// `GET /people?id=a,b,…`: its items are the people's records.
pub(super) static PEOPLE_BY_ID: Endpoint = Endpoint::details("GET /v1/people");
/// `GET /people?locationId=…`: a page of a location's people.
static PEOPLE_AT: Endpoint = Endpoint::lists("GET /v1/people");
static LOCATION: Endpoint = Endpoint::details("GET /v1/locations/{id}");
static WORKSPACE: Endpoint = Endpoint::details("GET /v1/workspaces/{id}");
static LOCATIONS: Endpoint = Endpoint::lists("GET /v1/locations");
static WORKSPACES: Endpoint = Endpoint::lists("GET /v1/workspaces");

impl Client {
    /// `GET /people?id=a,b,…&callingData=true`: at most 85 ids, as Webex allows.
    #[tracing::instrument(skip_all, fields(endpoint = PEOPLE_BY_ID.label, batch_size = ids.len()))]
    pub async fn people(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        ids: &[String],
    ) -> Result<PeopleList, Error> {
        let max = ids.len().max(1).to_string();
        let request = self.request(
            &PEOPLE_BY_ID,
            &[
                ("id", Some(&ids.join(","))),
                ("callingData", Some("true")),
                ("max", Some(&max)),
                ("orgId", org_id),
            ],
        )?;
        let page = self.get(caller, &request).await?;
        decode(request.label(), &page)
    }

    /// `GET /locations/{id}`; `None` when Webex answers 404.
    pub async fn location(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        id: &str,
    ) -> Result<Option<Location>, Error> {
        let request = self.request(&LOCATION, &[("id", Some(id)), ("orgId", org_id)])?;
        self.lookup(caller, &request).await
    }

    /// `GET /workspaces/{id}`; `None` when Webex answers 404.
    pub async fn workspace(&self, caller: &Caller, id: &str) -> Result<Option<Workspace>, Error> {
        // `GET /workspaces/{id}` documents no `orgId` (the id names the org), so none is sent.
        let request = self.request(&WORKSPACE, &[("id", Some(id))])?;
        self.lookup(caller, &request).await
    }

    /// `GET /locations` of the org, every page.
    pub async fn locations(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
    ) -> Result<Vec<Location>, Error> {
        let request = self.request(&LOCATIONS, &[("orgId", org_id)])?;
        self.list(caller, &request, "items").await
    }

    /// `GET /workspaces?locationId=…`, every page. `orgId` is documented on this list.
    pub async fn workspaces_at(
        &self,
        caller: &Caller,
        org_id: Option<&str>,
        location_id: &str,
    ) -> Result<Vec<Workspace>, Error> {
        let request = self.request(
            &WORKSPACES,
            &[("orgId", org_id), ("locationId", Some(location_id))],
        )?;
        self.list(caller, &request, "items").await
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
        let request = self.request(&LOCATIONS, &[("orgId", org_id), ("name", name)])?;
        let browse = Browse::Links {
            page_max: super::paging::LIST_PAGE,
        };
        self.window(caller, &request, "items", browse, offset, first, resume)
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
        let request = self.request(
            &PEOPLE_AT,
            &[
                ("orgId", org_id),
                ("locationId", Some(location_id)),
                ("callingData", Some("true")),
                ("displayName", display_name),
                ("email", email),
            ],
        )?;
        let browse = Browse::Links {
            page_max: PEOPLE_AT_LOCATION_MAX,
        };
        self.window(caller, &request, "items", browse, offset, first, resume)
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
        let request = self.request(
            &WORKSPACES,
            &[
                ("orgId", org_id),
                ("locationId", Some(location_id)),
                ("displayName", display_name),
            ],
        )?;
        self.window(
            caller,
            &request,
            "items",
            Browse::Offset,
            offset,
            first,
            None,
        )
        .await
    }
}
