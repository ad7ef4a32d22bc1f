//! The location-scoped calling features: hunt groups, call queues, auto attendants, paging and
//! voicemail groups (details from `GET /telephony/config/locations/{locationId}/{kind}/{id}`, or
//! one list per location when its items answer every field asked) and voice portals (one per
//! location, no id). They share one view, [`FeatureDetails`]; call queues add [`QueueDetails`].

use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

// `OutputType` for the generic `Feature`'s expansion, which names its flattened parts' type info.
use async_graphql::{Context, Description, ID, Object, OutputType as _};

use super::Kept;
use super::summary::{OwnerSummary, Summary};
use crate::graphql::error::ApiError;
use crate::graphql::fallible::Fallible;
use crate::graphql::resources::location::Location;
use crate::graphql::types::details::Department;
use crate::kind::Kind;
use crate::webex::model;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::graphql::loaders::{Found, ListCall, Resource, WebexLoader, fetch_each};
use crate::webex::{self, Caller, Client};

/// The fields of feature `kind` the planner fetches for: the shared view, and the call queue's.
pub(crate) fn view_fields(kind: Kind) -> impl Iterator<Item = &'static str> {
    let queue: &'static [String] = if kind == Kind::CallQueue {
        super::view_fields!(QueueDetails)
    } else {
        &[]
    };
    super::view_fields!(FeatureDetails)
        .iter()
        .chain(queue)
        .map(String::as_str)
}

/// The parts every feature type is made of.
#[derive(Debug, Clone)]
pub(crate) struct FeatureParts {
    summary: Summary,
    details: FeatureDetails,
    place: FeaturePlace,
}

impl FeatureParts {
    fn new(summary: OwnerSummary) -> Self {
        let summary = Summary(Arc::new(summary));
        Self {
            details: FeatureDetails(summary.clone(), Kept::default()),
            place: FeaturePlace(summary.clone()),
            summary,
        }
    }
}

/// A feature's fields from its detail endpoint (or its list's items): what the planner fetches
/// when any is selected.
#[derive(Debug, Clone)]
pub(crate) struct FeatureDetails(Summary, Kept<model::Feature>);

impl FeatureDetails {
    async fn fetch(&self, ctx: &Context<'_>) -> Result<Arc<model::Feature>, ApiError> {
        self.1.get_or_fetch(self.0.feature(ctx)).await
    }
}

/// A feature's fields from its detail endpoint or its list's items.
#[Object]
impl FeatureDetails {
    /// The feature's name.
    #[graphql(complexity = 5)]
    async fn name(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.name.clone()))
    }

    /// Whether the feature is enabled.
    #[graphql(complexity = 5)]
    async fn enabled(&self, ctx: &Context<'_>) -> Fallible<bool> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.enabled))
    }

    /// The feature's primary phone number.
    #[graphql(complexity = 5)]
    async fn phone_number(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.phone_number.clone()))
    }

    /// The feature's extension.
    #[graphql(complexity = 5)]
    async fn extension(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.extension.clone()))
    }

    /// Whether the feature's number is toll free.
    #[graphql(complexity = 5)]
    async fn toll_free_number(&self, ctx: &Context<'_>) -> Fallible<bool> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.toll_free_number))
    }

    /// The feature's announcement language, e.g. `English`.
    #[graphql(complexity = 5)]
    async fn language(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.language.clone()))
    }

    /// The feature's language code, e.g. `en_us`.
    #[graphql(complexity = 5)]
    async fn language_code(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.language_code.clone()))
    }

    /// The feature's time zone.
    #[graphql(complexity = 5)]
    async fn time_zone(&self, ctx: &Context<'_>) -> Fallible<String> {
        Fallible::new(self.fetch(ctx).await.map(|f| f.time_zone.clone()))
    }
}

/// Where a feature is: the location of the number it owns (its detail payload has none). Costs
/// no call, so it is not part of the planned view.
#[derive(Debug, Clone)]
pub(crate) struct FeaturePlace(Summary);

/// Where a feature is.
#[Object]
impl FeaturePlace {
    /// The location the feature belongs to (that of the number it owns).
    async fn location(&self) -> Location {
        Location::new(self.0.location_id.as_ref(), None, self.0.org.clone())
    }
}

/// A call queue's own field beside the shared feature view.
#[derive(Debug, Clone)]
pub(crate) struct QueueDetails(Summary);

/// A call queue's own field.
#[Object]
impl QueueDetails {
    /// The department the queue belongs to.
    #[graphql(complexity = 5)]
    async fn department(&self, ctx: &Context<'_>) -> Fallible<Department> {
        Fallible::new(self.0.feature(ctx).await.map(|f| {
            f.department.as_ref().map(|d| Department {
                id: d.id.clone().map(ID),
                name: d.name.clone(),
            })
        }))
    }
}

/// A feature kind whose type is its summary, the shared view and its place: its GraphQL name and
/// description (call queues, which add a field, are their own type below).
pub(crate) trait PlainFeature: Send + Sync + 'static {
    const DESCRIPTION: &'static str;
}

/// The feature type of a [`PlainFeature`] kind.
#[derive(Debug, Clone)]
pub(crate) struct Feature<K> {
    parts: FeatureParts,
    kind: PhantomData<K>,
}

impl<K> Feature<K> {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        Self {
            parts: FeatureParts::new(summary),
            kind: PhantomData,
        }
    }
}

impl<K: PlainFeature> Description for Feature<K> {
    fn description() -> &'static str {
        K::DESCRIPTION
    }
}

// The `Owner` interface calls its fields on each member; they are the summary's.
impl<K> Deref for Feature<K> {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        &self.parts.summary
    }
}

#[Object(
    use_type_description,
    concrete(name = "AutoAttendant", params(AutoAttendantKind)),
    concrete(name = "PagingGroup", params(PagingGroupKind)),
    concrete(name = "HuntGroup", params(HuntGroupKind)),
    concrete(name = "VoicemailGroup", params(VoicemailGroupKind)),
    concrete(name = "VoicePortal", params(VoicePortalKind))
)]
impl<K: PlainFeature> Feature<K> {
    /// The owner's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(OwnerSummary::id(self).to_owned())
    }

    #[graphql(flatten)]
    async fn summary(&self) -> &Summary {
        &self.parts.summary
    }

    #[graphql(flatten)]
    async fn feature_details(&self) -> &FeatureDetails {
        &self.parts.details
    }

    #[graphql(flatten)]
    async fn place(&self) -> &FeaturePlace {
        &self.parts.place
    }
}

macro_rules! plain_features {
    ($($(#[$doc:meta])* $kind:ident => $name:ident, $description:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub(crate) struct $kind;

        impl PlainFeature for $kind {
            const DESCRIPTION: &'static str = $description;
        }

        #[doc = $description]
        pub(crate) type $name = Feature<$kind>;
    )*};
}

// The kinds' markers and names. No resolver is written here: the fields are `Feature`'s above.
plain_features! {
    AutoAttendantKind => AutoAttendant, "An auto attendant (`AUTO_ATTENDANT`).";
    PagingGroupKind => PagingGroup, "A paging group (`GROUP_PAGING`, also spelt `PAGING_GROUP`).";
    HuntGroupKind => HuntGroup, "A hunt group (`HUNT_GROUP`).";
    VoicemailGroupKind => VoicemailGroup, "A voicemail group (`VOICEMAIL_GROUP`).";
    VoicePortalKind => VoicePortal, "A location's voice portal (`VOICE_MESSAGING`); one per location.";
}

/// A call queue (`CALL_QUEUE`).
#[derive(Debug, Clone)]
pub(crate) struct CallQueue {
    parts: FeatureParts,
    queue: QueueDetails,
}

impl CallQueue {
    pub(crate) fn new(summary: OwnerSummary) -> Self {
        let parts = FeatureParts::new(summary);
        Self {
            queue: QueueDetails(parts.summary.clone()),
            parts,
        }
    }
}

// The `Owner` interface calls its fields on each member; they are the summary's.
impl Deref for CallQueue {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        &self.parts.summary
    }
}

/// A call queue (`CALL_QUEUE`).
#[Object]
impl CallQueue {
    /// The owner's Webex ID.
    pub(crate) async fn id(&self) -> ID {
        ID(OwnerSummary::id(self).to_owned())
    }

    #[graphql(flatten)]
    async fn summary(&self) -> &Summary {
        &self.parts.summary
    }

    #[graphql(flatten)]
    async fn feature_details(&self) -> &FeatureDetails {
        &self.parts.details
    }

    #[graphql(flatten)]
    async fn place(&self) -> &FeaturePlace {
        &self.parts.place
    }

    #[graphql(flatten)]
    async fn queue_details(&self) -> &QueueDetails {
        &self.queue
    }
}

// ---- Key and calls: `GET /telephony/config/locations/{locationId}/{kind}/{id}`, or the kind's list per location ----

/// A location-scoped feature (hunt group, queue, auto attendant, paging group, voicemail group,
/// voice portal). Its detail path is location-scoped and feature ids do not contain the location,
/// so the key carries it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FeatureKey {
    pub(crate) org: Option<Arc<str>>,
    /// A kind with feature paths in the catalogue.
    pub(crate) kind: Kind,
    pub(crate) location: Arc<str>,
    pub(crate) id: Arc<str>,
}

/// Location-scoped features, from their detail endpoint: one call each.
#[derive(Debug)]
pub(crate) struct Features;

impl Resource for Features {
    type Key = FeatureKey;
    type Value = model::Feature;
    const WHAT: &'static str = "feature";

    fn fetch(
        client: Client,
        caller: Caller,
        keys: Vec<FeatureKey>,
    ) -> BoxFuture<'static, Found<FeatureKey, model::Feature>> {
        fetch_each(client, caller, keys, feature_call).boxed()
    }
}

type One<V> = BoxFuture<'static, Result<Option<V>, webex::Error>>;

fn feature_call(client: Client, caller: Caller, k: FeatureKey) -> One<model::Feature> {
    async move {
        client
            .feature(&caller, k.org.as_deref(), k.kind, &k.location, &k.id)
            .await
    }
    .boxed()
}

impl WebexLoader {
    pub(crate) fn prefetch_features(
        &self,
        org: Option<Arc<str>>,
        kind: Kind,
        location: Arc<str>,
        keys: Vec<FeatureKey>,
        listed: bool,
        probe: Vec<&'static str>,
    ) {
        let list = listed.then(|| -> ListCall<model::Feature> {
            Box::new(move |client, caller| {
                let (org, location, probe) = (org.clone(), location.clone(), probe.clone());
                async move {
                    let plain = client.features_at(&caller, org.as_deref(), kind, &location, false);
                    let items = if kind == Kind::CallQueue {
                        // Customer Assist queues are listed only with the flag: both lists at once.
                        let assist =
                            client.features_at(&caller, org.as_deref(), kind, &location, true);
                        let (mut plain, assist) = futures::try_join!(plain, assist)?;
                        plain.extend(assist);
                        plain
                    } else {
                        plain.await?
                    };
                    // An item without a probed field is left out, so `listed` fetches it by id in
                    // this same task; the client remembers the list lacks it for later requests.
                    Ok(items
                        .into_iter()
                        .filter(|f| {
                            probe.iter().all(|&field| {
                                let has = f.has(field);
                                if !has {
                                    client.list_shapes().learn_lacks(kind, field);
                                }
                                has
                            })
                        })
                        .filter_map(|f| Some((f.id.clone()?, f)))
                        .collect())
                }
                .boxed()
            })
        });
        self.start_listed_or_each::<Features>(keys, list, |k| k.id.to_string());
    }
}
