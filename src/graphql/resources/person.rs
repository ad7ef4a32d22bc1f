//! People: details from `GET /people?id=…&callingData=true`, 85 ids a call (the planner batches
//! every person of a page into `⌈P/85⌉` calls of one round).

use std::sync::Arc;

use async_graphql::{Context, Object};

use super::Kept;
use super::detailed::{Detailed, View};
use super::summary::Summary;
use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::PersonKey;
use crate::graphql::types::details::PersonPhoneNumber;
use crate::graphql::types::location::Location;
use crate::webex::model;

/// A person (`PEOPLE`). Details come from `GET /people?id=…&callingData=true`.
pub(crate) type Person = Detailed<PersonDetails>;

impl View for PersonDetails {
    const DESCRIPTION: &'static str =
        "A person (`PEOPLE`). Details come from `GET /people?id=…&callingData=true`.";

    type Record = model::Person;

    fn of(summary: Summary) -> Self {
        Self(summary, Kept::default())
    }

    async fn record(&self, ctx: &Context<'_>) -> Result<Arc<model::Person>, ApiError> {
        self.1
            .get_or_fetch(fetch(ctx, self.0.key::<PersonKey>(), "person"))
            .await
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
