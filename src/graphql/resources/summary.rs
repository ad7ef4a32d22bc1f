//! What every owner has: the owner fields of the number payload (`id`, `ownerType`, `rawType`,
//! `firstName`, `lastName`, `displayName`) and where the owner was found. Every owner type
//! flattens [`Summary`] beside its resource's view.

use std::ops::Deref;
use std::sync::Arc;

use async_graphql::{Context, Object};

use crate::graphql::context::fetch;
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::loaders::OrgKey;
use crate::graphql::resources::feature::FeatureKey;
use crate::graphql::resources::person::PersonKey;
use crate::graphql::types::owner::OwnerType;
use crate::kind::Kind;
use crate::webex::model;

/// The owner fields of the number payload, plus where the owner lives (for detail lookups). It
/// reads them from the row it came with, shared, rather than copying five strings per row.
#[derive(Debug, Clone)]
pub(crate) struct OwnerSummary {
    source: Source,
    /// `None` for an owner type this service does not know yet.
    pub(crate) kind: Option<Kind>,
    pub(crate) org: Option<Arc<str>>,
    /// The location of the number the owner was found on.
    pub(crate) location_id: Arc<str>,
}

#[derive(Debug, Clone)]
enum Source {
    /// The number row whose `owner` this is.
    Row(Arc<model::NumberItem>),
    /// An owner known only by id and kind (`node`, `_entities`, a write's entity).
    Bare { id: String },
    /// An owner read from a directory list (`Location.people`, …), with the names it gave.
    Listed(Box<Listed>),
}

/// What a directory list item says of its entity.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) id: String,
    pub(crate) kind: Kind,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) display_name: Option<String>,
}

impl OwnerSummary {
    /// The owner of a number row; `None` when the row has no owner.
    pub(crate) fn of_row(
        row: &Arc<model::NumberItem>,
        org: Option<Arc<str>>,
        location_id: Arc<str>,
    ) -> Option<Self> {
        Some(Self {
            kind: row.owner.as_ref()?.kind(),
            source: Source::Row(row.clone()),
            org,
            location_id,
        })
    }

    /// An owner known only by its id and kind.
    pub(crate) fn bare(
        id: String,
        kind: Kind,
        org: Option<Arc<str>>,
        location_id: Arc<str>,
    ) -> Self {
        Self {
            kind: Some(kind),
            source: Source::Bare { id },
            org,
            location_id,
        }
    }

    /// An owner read from a directory list item.
    pub(crate) fn listed(listed: Listed, org: Option<Arc<str>>, location_id: Arc<str>) -> Self {
        Self {
            kind: Some(listed.kind),
            source: Source::Listed(Box::new(listed)),
            org,
            location_id,
        }
    }

    fn owner(&self) -> Option<&model::NumberOwner> {
        match &self.source {
            Source::Row(row) => row.owner.as_ref(),
            Source::Bare { .. } | Source::Listed(_) => None,
        }
    }

    pub(crate) fn id(&self) -> &str {
        match &self.source {
            Source::Row(row) => row
                .owner
                .as_ref()
                .and_then(|o| o.id.as_deref())
                .unwrap_or_default(),
            Source::Bare { id, .. } => id,
            Source::Listed(l) => &l.id,
        }
    }

    pub(crate) fn raw_type(&self) -> &str {
        match &self.source {
            Source::Row(_) => self
                .owner()
                .and_then(|o| o.owner_type.as_deref())
                .unwrap_or_default(),
            // Known by kind alone: Webex's canonical spelling of it.
            Source::Bare { .. } | Source::Listed(_) => {
                self.kind.and_then(Kind::owner_type).unwrap_or_default()
            }
        }
    }

    pub(crate) fn first_name(&self) -> Option<&str> {
        match &self.source {
            Source::Listed(l) => l.first_name.as_deref(),
            _ => self.owner()?.first_name.as_deref(),
        }
    }

    pub(crate) fn last_name(&self) -> Option<&str> {
        match &self.source {
            Source::Listed(l) => l.last_name.as_deref(),
            _ => self.owner()?.last_name.as_deref(),
        }
    }

    pub(crate) fn display_name(&self) -> Option<&str> {
        match &self.source {
            Source::Listed(l) => l.display_name.as_deref(),
            _ => self.owner()?.display_name.as_deref(),
        }
    }

    /// The location the owner was found at; `None` when it came by id alone (`node`).
    pub(crate) fn location(&self) -> Option<Arc<str>> {
        (!self.location_id.is_empty()).then(|| self.location_id.clone())
    }

    /// The owner's key for a loader keyed by org and id.
    pub(crate) fn key<K: OrgKey>(&self) -> K {
        K::new(self.org.clone(), self.id().into())
    }

    /// The detail of a location-scoped feature owner.
    pub(crate) async fn feature(&self, ctx: &Context<'_>) -> Result<Arc<model::Feature>, ApiError> {
        let kind = self.kind.filter(|k| k.feature().is_some()).ok_or_else(|| {
            ApiError::Internal(format!("{} has no feature kind", self.raw_type()))
        })?;
        if self.location_id.is_empty() {
            // Its detail path is under its location, which the list that named it did not say.
            return Err(ApiError::NotFound(format!(
                "the location of this {} is not known, so its details cannot be read",
                kind.noun()
            )));
        }
        let key = FeatureKey {
            org: self.org.clone(),
            kind,
            location: self.location_id.clone(),
            id: self.id().into(),
        };
        fetch(ctx, key).await
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
        self.0.raw_type()
    }

    /// First name as the number list gives it (people, workspaces and virtual lines).
    pub(crate) async fn first_name(&self) -> Option<&str> {
        self.0.first_name()
    }

    /// Last name as the number list gives it (people, workspaces and virtual lines).
    pub(crate) async fn last_name(&self) -> Option<&str> {
        self.0.last_name()
    }

    /// Display name. The number list gives it for most types; for people, which it omits,
    /// it is loaded from the people API when selected. Virtual lines have none.
    pub(crate) async fn display_name(&self, ctx: &Context<'_>) -> Fallible<String> {
        if let Some(name) = self.0.display_name() {
            return Fallible::new(Ok(Some(name.to_owned())));
        }
        if self.0.kind != Some(Kind::Person) {
            return Fallible::new(Ok(None));
        }
        let person = fetch(ctx, self.0.key::<PersonKey>()).await;
        Fallible::new(person.map(|p| p.display_name.clone()))
    }
}
