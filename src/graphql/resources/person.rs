//! People: details from `GET /people?id=…&callingData=true`, 85 ids a call (the planner batches
//! every person of a page into `⌈P/85⌉` calls of one round).

use std::sync::Arc;

use async_graphql::{Context, ContextSelectionSet, Object};

use super::Kept;
use super::calling::Calling;
use super::detailed::View;
use super::summary::Summary;
use crate::graphql::context::{fetch, fetched_now};
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::resources::location::Location;
use crate::graphql::types::details::PersonPhoneNumber;
use crate::webex::model;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::graphql::loaders::{Found, LoaderConfig, OrgKey, Resource, fetch_batched, org_key};
use crate::webex::{self, Caller, Client};

/// A person (`PEOPLE`). Details come from `GET /people?id=…&callingData=true`.
pub(crate) type Person = Calling<PersonDetails>;

impl View for PersonDetails {
    const DESCRIPTION: &'static str =
        "A person (`PEOPLE`). Details come from `GET /people?id=…&callingData=true`.";

    type Record = model::Person;

    fn of(summary: Summary) -> Self {
        Self(summary, Kept::default())
    }

    async fn record(&self, ctx: &Context<'_>) -> Result<Arc<model::Person>, ApiError> {
        self.1
            .get_or_fetch(fetch(ctx, self.0.key::<PersonKey>()))
            .await
    }

    fn record_now(&self, ctx: &ContextSelectionSet<'_>) -> Option<Arc<model::Person>> {
        self.1.now(|| fetched_now(ctx, &self.0.key::<PersonKey>()))
    }
}

/// A person's fields from the people API: what the planner fetches when any is selected.
#[derive(Debug, Clone)]
pub(crate) struct PersonDetails(Summary, Kept<model::Person>);

/// A person's fields from the people API.
#[Object]
impl PersonDetails {
    /// The person's email addresses.
    #[graphql(complexity = 5)]
    async fn emails(&self, ctx: &Context<'_>) -> Fallible<Vec<String>> {
        Fallible::some(self.record(ctx).await.map(|p| p.emails.clone()))
    }

    /// The person's phone numbers.
    #[graphql(complexity = 5)]
    async fn phone_numbers(&self, ctx: &Context<'_>) -> Fallible<Vec<PersonPhoneNumber>> {
        Fallible::some(self.record(ctx).await.map(|p| {
            p.phone_numbers
                .iter()
                .map(PersonPhoneNumber::from)
                .collect()
        }))
    }

    /// The person's Webex Calling extension.
    #[graphql(complexity = 5)]
    async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|p| p.extension.clone()))
    }

    /// The person's department.
    #[graphql(complexity = 5)]
    async fn department(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|p| p.department.clone()))
    }

    /// The person's job title.
    #[graphql(complexity = 5)]
    async fn title(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|p| p.title.clone()))
    }

    /// The person's nickname.
    #[graphql(complexity = 5)]
    async fn nick_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|p| p.nick_name.clone()))
    }

    /// The person's time zone.
    #[graphql(complexity = 5)]
    async fn timezone(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.record(ctx).await.map(|p| p.timezone.clone()))
    }

    /// The person's Webex Calling location.
    #[graphql(complexity = 5)]
    async fn location(&self, ctx: &Context<'_>) -> Fallible<Location> {
        let org = &self.0.org;
        Fallible::new(
            self.record(ctx)
                .await
                .map(|p| Location::by_id(p.location_id.as_ref(), org)),
        )
    }
}

// ---- Key and calls: `GET /people?id=a,b,…&callingData=true`, at most 85 ids a call ----

org_key!(
    /// A person (`GET /people?id=`).
    PersonKey
);

/// The most ids `GET /people?id=` accepts.
pub(crate) const PEOPLE_PER_CALL: usize = 85;

/// People, from `GET /people?id=…&callingData=true`: one call per 85 ids of one org.
#[derive(Debug)]
pub(crate) struct People;

impl Resource for People {
    type Key = PersonKey;
    type Value = model::Person;
    const WHAT: &'static str = "person";

    fn chunk(_config: &LoaderConfig) -> usize {
        PEOPLE_PER_CALL
    }

    fn group(key: &PersonKey) -> Option<Arc<str>> {
        key.org.clone()
    }

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<PersonKey>,
    ) -> BoxFuture<'static, Found<PersonKey, model::Person>> {
        fetch_batched(client, caller, keys, people_call, |p| &p.id).boxed()
    }
}

/// `GET /people?id=…&callingData=true`; `notFoundIds`, like ids missing from `items`, stay absent.
fn people_call(
    client: Client,
    caller: Caller,
    org: Option<Arc<str>>,
    ids: Vec<String>,
) -> BoxFuture<'static, Result<Vec<model::Person>, webex::Error>> {
    async move {
        let list = client.people(&caller, org.as_deref(), &ids).await?;
        Ok(list.items)
    }
    .boxed()
}
