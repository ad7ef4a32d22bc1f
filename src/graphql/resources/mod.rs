//! One module per upstream resource (person, workspace, virtual line, location, the calling
//! features, route list, caller ID settings; `directory` pages the lists a location browses): its loader key, its calls (by id, by list, batched) and its part of the
//! planned round, its detail view as a GraphQL object, and its planner rule. Adding a resource, or
//! a field to one, touches its module. An owner type composes the shared [`summary::Summary`] and
//! its resource's view with `#[graphql(flatten)]`; the planner reads a view's fields from the
//! schema registry ([`fields_of`]), so a field added to a view is planned without a list to keep.
//! `loaders/` holds only what every resource shares: single flight, batching, the list-or-by-id
//! task and the request's concurrency bound.

pub(crate) mod caller_id;
pub(crate) mod calling;
pub(crate) mod detailed;
pub(crate) mod directory;
pub(crate) mod emergency;
pub(crate) mod feature;
pub(crate) mod location;
pub(crate) mod numbers;
pub(crate) mod person;
pub(crate) mod route_list;
pub(crate) mod summary;
pub(crate) mod summary_only;
pub(crate) mod target;
pub(crate) mod virtual_line;
pub(crate) mod workspace;

use async_graphql::OutputType;
use async_graphql::registry::{MetaType, Registry};

/// A view's record once one of its fields has fetched it: the row's other detail fields then
/// read it without building a key or looking it up again (a person row of the every-detail page
/// asks for eight). Failures are not kept; each field reports its own.
#[derive(Debug)]
pub(crate) struct Kept<V>(std::sync::OnceLock<std::sync::Arc<V>>);

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Self(std::sync::OnceLock::new())
    }
}

impl<V> Clone for Kept<V> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<V> Kept<V> {
    /// The kept value, or `ready`'s when it has one (then kept): a row's detail fields read
    /// the request's fetched record once, not once per field.
    pub(crate) fn now(
        &self,
        ready: impl FnOnce() -> Option<std::sync::Arc<V>>,
    ) -> Option<std::sync::Arc<V>> {
        if let Some(found) = self.0.get() {
            return Some(found.clone());
        }
        let found = ready()?;
        Some(self.0.get_or_init(|| found).clone())
    }

    pub(crate) async fn get_or_fetch(
        &self,
        fetch: impl Future<Output = Result<std::sync::Arc<V>, crate::graphql::error::ApiError>>,
    ) -> Result<std::sync::Arc<V>, crate::graphql::error::ApiError> {
        if let Some(found) = self.0.get() {
            return Ok(found.clone());
        }
        let found = fetch.await?;
        Ok(self.0.get_or_init(|| found).clone())
    }
}

/// The GraphQL field names of object type `T`, as the schema registers them.
pub(crate) fn fields_of<T: OutputType>() -> Vec<String> {
    let mut registry = Registry::default();
    T::create_type_info(&mut registry);
    match registry.types.get(T::type_name().as_ref()) {
        Some(MetaType::Object { fields, .. }) => fields.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The field names of a view, read once.
macro_rules! view_fields {
    ($view:ty) => {{
        static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        FIELDS
            .get_or_init(crate::graphql::resources::fields_of::<$view>)
            .as_slice()
    }};
}
pub(crate) use view_fields;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::caller_id::CallerIdPart;
    use super::feature::{
        AutoAttendant, CallQueue, FeatureDetails, FeaturePlace, HuntGroup, PagingGroup,
        QueueDetails, VoicePortal, VoicemailGroup,
    };
    use super::person::{Person, PersonDetails};
    use super::route_list::{RouteList, RouteListDetails};
    use super::summary::Summary;
    use super::summary_only::{
        CollaborateBridge, ContactCenterAdapter, ContactCenterLink, SingleNumberReach, UnknownOwner,
    };
    use super::virtual_line::{VirtualLine, VirtualLineDetails};
    use super::workspace::{Workspace, WorkspaceDetails};
    use super::*;

    fn set(fields: Vec<String>) -> BTreeSet<String> {
        fields.into_iter().collect()
    }

    /// An owner type's name, its fields, and the views it is made of.
    type Case = (&'static str, BTreeSet<String>, Vec<Vec<String>>);

    /// Every field of an owner type is its `id`, a summary field, or a field of a view the planner
    /// reads (or of `FeaturePlace`, which costs no call, or `availableNumbers`, a connection of its own, or
    /// `emergencyCallback`, which the planner reads like `callerId`). A field written on the owner type itself, outside its view, would
    /// be fetched by each row on its own instead of in the planned round: this test fails first.
    #[test]
    fn every_owner_field_is_summary_or_a_planned_view_field() {
        let summary = set(fields_of::<Summary>());
        let cases: Vec<Case> = vec![
            (
                "Person",
                set(fields_of::<Person>()),
                vec![
                    fields_of::<PersonDetails>(),
                    fields_of::<CallerIdPart>(),
                    vec![
                        "availableNumbers".to_owned(),
                        "emergencyCallback".to_owned(),
                    ],
                ],
            ),
            (
                "Workspace",
                set(fields_of::<Workspace>()),
                vec![
                    fields_of::<WorkspaceDetails>(),
                    fields_of::<CallerIdPart>(),
                    vec![
                        "availableNumbers".to_owned(),
                        "emergencyCallback".to_owned(),
                    ],
                ],
            ),
            (
                "VirtualLine",
                set(fields_of::<VirtualLine>()),
                vec![
                    fields_of::<VirtualLineDetails>(),
                    fields_of::<CallerIdPart>(),
                    vec![
                        "availableNumbers".to_owned(),
                        "emergencyCallback".to_owned(),
                    ],
                ],
            ),
            (
                "RouteList",
                set(fields_of::<RouteList>()),
                vec![fields_of::<RouteListDetails>()],
            ),
            (
                "HuntGroup",
                set(fields_of::<HuntGroup>()),
                vec![fields_of::<FeatureDetails>(), fields_of::<FeaturePlace>()],
            ),
            (
                "CallQueue",
                set(fields_of::<CallQueue>()),
                vec![
                    fields_of::<FeatureDetails>(),
                    fields_of::<QueueDetails>(),
                    fields_of::<FeaturePlace>(),
                ],
            ),
            (
                "AutoAttendant",
                set(fields_of::<AutoAttendant>()),
                vec![fields_of::<FeatureDetails>(), fields_of::<FeaturePlace>()],
            ),
            (
                "PagingGroup",
                set(fields_of::<PagingGroup>()),
                vec![fields_of::<FeatureDetails>(), fields_of::<FeaturePlace>()],
            ),
            (
                "VoicemailGroup",
                set(fields_of::<VoicemailGroup>()),
                vec![fields_of::<FeatureDetails>(), fields_of::<FeaturePlace>()],
            ),
            (
                "VoicePortal",
                set(fields_of::<VoicePortal>()),
                vec![fields_of::<FeatureDetails>(), fields_of::<FeaturePlace>()],
            ),
            (
                "SingleNumberReach",
                set(fields_of::<SingleNumberReach>()),
                vec![],
            ),
            (
                "ContactCenterLink",
                set(fields_of::<ContactCenterLink>()),
                vec![],
            ),
            (
                "ContactCenterAdapter",
                set(fields_of::<ContactCenterAdapter>()),
                vec![],
            ),
            (
                "CollaborateBridge",
                set(fields_of::<CollaborateBridge>()),
                vec![],
            ),
            ("UnknownOwner", set(fields_of::<UnknownOwner>()), vec![]),
        ];
        for (name, fields, views) in cases {
            let mut known = summary.clone();
            known.insert("id".to_owned());
            for view in views {
                known.extend(view);
            }
            assert_eq!(
                fields, known,
                "{name}'s fields and its summary + views disagree"
            );
            assert!(
                fields.contains("id") && fields.contains("ownerType"),
                "{name}"
            );
        }
    }

    /// The catalogue's detail-only lists name fields of the views: a misspelt entry would
    /// silently plan a list that cannot answer.
    #[test]
    fn detail_only_fields_are_view_fields() {
        let feature = set(fields_of::<FeatureDetails>());
        for kind in crate::kind::Kind::ALL {
            let Some(spec) = kind.feature() else {
                continue;
            };
            for field in spec.detail_only {
                assert!(feature.contains(*field), "{kind:?}: {field}");
            }
            for field in spec.list_may_carry {
                assert!(spec.detail_only.contains(field), "{kind:?}: {field}");
            }
        }
        assert!(set(fields_of::<RouteListDetails>()).contains("routeGroup"));
        let location = set(fields_of::<crate::graphql::resources::location::Location>());
        assert!(location.contains("announcementLanguage"));
        for list in directory::LOCATION_LISTS {
            assert!(location.contains(*list), "{list}");
        }
    }
}
