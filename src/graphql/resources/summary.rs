//! What every owner has: the owner fields of the number payload (`id`, `ownerType`, `rawType`,
//! `firstName`, `lastName`, `displayName`) and where the owner was found. Every owner type
//! flattens [`Summary`] beside its resource's view.

use std::ops::Deref;
use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::{FeatureKey, OrgKey, PersonKey};
use crate::graphql::types::owner::OwnerType;
use crate::webex::model::{self, OwnerKind};

/// The owner fields of the number payload, plus where the owner lives (for detail lookups).
#[derive(Debug, Clone)]
pub(crate) struct OwnerSummary {
    pub(crate) id: ID,
    pub(crate) raw_type: String,
    pub(crate) kind: OwnerKind,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) org: Option<Arc<str>>,
    /// The location of the number the owner was found on.
    pub(crate) location_id: Arc<str>,
}

impl OwnerSummary {
    /// The owner's key for a loader keyed by org and id.
    pub(crate) fn key<K: OrgKey>(&self) -> K {
        K::new(self.org.clone(), self.id.as_str().into())
    }

    /// The detail of a location-scoped feature owner.
    pub(crate) async fn feature(&self, ctx: &Context<'_>) -> Result<Arc<model::Feature>, ApiError> {
        let kind = self
            .kind
            .feature()
            .ok_or_else(|| ApiError::Internal(format!("{} has no feature kind", self.raw_type)))?;
        let key = FeatureKey {
            org: self.org.clone(),
            kind,
            location: self.location_id.clone(),
            id: self.id.as_str().into(),
        };
        fetch(ctx, key, "feature").await
    }
}

/// The summary fields, shared (one allocation per owner) by an owner type's parts.
#[derive(Debug, Clone)]
pub(crate) struct Summary(pub(crate) Arc<OwnerSummary>);

impl Deref for Summary {
    type Target = OwnerSummary;

    fn deref(&self) -> &OwnerSummary {
        &self.0
    }
}

/// The fields every owner has beside its `id` (which each owner type declares itself: it is
/// the key of its `Node` and entity).
#[Object]
impl Summary {
    /// The owner's type, with Webex's spelling variants folded together.
    pub(crate) async fn owner_type(&self) -> OwnerType {
        self.0.kind.into()
    }

    /// The owner type exactly as Webex sent it (e.g. `PAGING_GROUP` or `GROUP_PAGING`).
    pub(crate) async fn raw_type(&self) -> &str {
        &self.0.raw_type
    }

    /// First name as the number list gives it (people, workspaces and virtual lines).
    pub(crate) async fn first_name(&self) -> Option<&str> {
        self.0.first_name.as_deref()
    }

    /// Last name as the number list gives it (people, workspaces and virtual lines).
    pub(crate) async fn last_name(&self) -> Option<&str> {
        self.0.last_name.as_deref()
    }

    /// Display name. The number list gives it for most types; for people, which it omits,
    /// it is loaded from the people API when selected. Virtual lines have none.
    pub(crate) async fn display_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        if let Some(name) = &self.0.display_name {
            return Fallible::new(Ok(Some(name.clone())));
        }
        if self.0.kind != OwnerKind::People {
            return Fallible::new(Ok(None));
        }
        let person = fetch::<PersonKey, model::Person>(ctx, self.0.key(), "person").await;
        Fallible::new(person.map(|p| p.display_name.clone()))
    }
}
