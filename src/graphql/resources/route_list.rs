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
use crate::graphql::loaders::RouteListKey;
use crate::graphql::types::details::RouteGroup;
use crate::graphql::types::location::Location;
use crate::webex::model;

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
            .get_or_fetch(fetch(ctx, self.0.key::<RouteListKey>(), "route list"))
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
