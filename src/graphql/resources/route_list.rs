//! Route lists: details from `GET /telephony/config/premisePstn/routeLists/{id}`, or one list call
//! per location unless `routeGroup.inUse` (on the detail only) is asked.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::Kept;
use super::detailed::{Detailed, View};
use super::summary::Summary;
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::resources::location::Location;
use crate::graphql::types::details::RouteGroup;
use crate::webex::model;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::graphql::loaders::{
    Found, ListCall, OrgKey, Resource, WebexLoader, fetch_each, org_key,
};
use crate::webex::{self, Caller, Client};

/// A sub-field of `routeGroup` that only the detail endpoint answers.
pub(crate) const DETAIL_ONLY: &[&str] = &["routeGroup.inUse"];

/// A route list (`ROUTE_LIST`). Details come from
/// `GET /telephony/config/premisePstn/routeLists/{id}`.
pub(crate) type RouteList = Detailed<RouteListDetails>;

impl View for RouteListDetails {
    const DESCRIPTION: &'static str = "A route list (`ROUTE_LIST`). Details come from\n`GET /telephony/config/premisePstn/routeLists/{id}`.";

    type Record = model::RouteList;

    fn of(summary: Summary) -> Self {
        Self(summary, Kept::default())
    }

    async fn record(&self, ctx: &Context<'_>) -> Result<Arc<model::RouteList>, ApiError> {
        self.1
            .get_or_fetch(fetch(ctx, self.0.key::<RouteListKey>()))
            .await
    }
}

/// A route list's fields from its detail endpoint: what the planner fetches when any is selected.
#[derive(Debug, Clone)]
pub(crate) struct RouteListDetails(Summary, Kept<model::RouteList>);

/// A route list's fields from its detail endpoint.
#[Object]
impl RouteListDetails {
    /// The route list's name.
    #[graphql(complexity = 5)]
    async fn name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|r| r.name.clone()))
    }

    /// The route group the route list uses.
    #[graphql(complexity = 5)]
    async fn route_group(&self, ctx: &Context<'_>) -> Fallible<RouteGroup> {
        Fallible::new(self.record(ctx).await.map(|r| {
            r.route_group.as_ref().map(|g| RouteGroup {
                id: g.id.clone().map(ID),
                name: g.name.clone(),
                in_use: g.in_use,
            })
        }))
    }

    /// The route list's location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        let org = &self.0.org;
        Fallible::new(
            self.record(ctx)
                .await
                .map(|r| Location::by_ref(r.location.as_ref(), org)),
        )
    }
}

// ---- Key and calls: `GET /telephony/config/premisePstn/routeLists/{id}`, or the list per location ----

org_key!(
    /// A route list (`GET /telephony/config/premisePstn/routeLists/{id}`).
    RouteListKey
);

/// Route lists, from `GET /telephony/config/premisePstn/routeLists/{id}`: one call each.
#[derive(Debug)]
pub(crate) struct RouteLists;

impl Resource for RouteLists {
    type Key = RouteListKey;
    type Value = model::RouteList;
    const WHAT: &'static str = "route list";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<RouteListKey>,
    ) -> BoxFuture<'static, Found<RouteListKey, model::RouteList>> {
        fetch_each(client, caller, keys, route_list_call).boxed()
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

fn route_list_call(client: Client, caller: Caller, k: RouteListKey) -> One<model::RouteList> {
    async move { client.route_list(&caller, k.org.as_deref(), &k.id).await }.boxed()
}

impl WebexLoader {
    pub(crate) fn prefetch_route_lists(
        &self,
        org: Option<Arc<str>>,
        location: Arc<str>,
        keys: Vec<RouteListKey>,
        listed: bool,
    ) {
        let list = listed.then(|| -> ListCall<model::RouteList> {
            Box::new(move |client, caller| {
                let (org, location) = (org.clone(), location.clone());
                async move {
                    let items = client
                        .route_lists_at(&caller, org.as_deref(), &location)
                        .await?;
                    Ok(items
                        .into_iter()
                        .map(|r| (r.id.clone(), r.into_route_list()))
                        .collect())
                }
                .boxed()
            })
        });
        self.start_listed_or_each::<RouteLists>(keys, list, |k| k.id.to_string());
    }
}
