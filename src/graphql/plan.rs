//! The upstream planner: right after the numbers page arrives, it reads the query's selection
//! under that connection (type conditions included) and starts, at once and concurrently, every
//! detail fetch the selection will need: the second and last round trip of the request.
//!
//! Per owner type and location it chooses the plan with fewer calls:
//!
//! | what | by id | by list |
//! |---|---|---|
//! | people | `⌈P/85⌉` (`GET /people?id=…`) | – |
//! | virtual lines | `⌈V/50⌉` (`GET /telephony/config/virtualLines?id=…`) | – |
//! | locations | one each | 1 (`GET /locations`), unless `announcementLanguage` (detail only) is asked |
//! | workspaces at a location | one each | 1 (`GET /workspaces?locationId=`) |
//! | hunt groups, auto attendants, paging and voicemail groups at a location | one each | 1, when every field asked is on the list items |
//! | call queues at a location | one each (+1, later, for a Customer Assist queue) | 2 (plain and `hasCxEssentials=true`), likewise, and on a tie |
//! | route lists at a location | one each | 1, unless `routeGroup.inUse` (detail only) is asked |
//! | voice portals | one per location | – |
//! | caller ID settings of people, workspaces, virtual lines | one each | – |
//!
//! A list is used only when it costs strictly fewer calls (call queues: also on a tie, since a
//! Customer Assist queue fetched by id needs a second round). An owner a list does not return (it
//! moved, or the list was refused) is fetched by id in the same round. Types whose detail fields
//! are not selected under this connection are not fetched at all.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::parser::types::{Selection, SelectionSet};

use super::loaders::WebexLoader;
use super::resources::caller_id::{CallerIdKey, CallerIdPart, CallerIds};
use super::resources::emergency::{CallbackDependencies, CallbackKey, Callbacks, DependenciesKey};
use super::resources::feature::FeatureKey;
use super::resources::location::{self, LocationKey};
use super::resources::person::{People, PersonDetails, PersonKey};
use super::resources::route_list::{self, RouteListDetails, RouteListKey};
use super::resources::virtual_line::VirtualLineDetails;
use super::resources::virtual_line::{VirtualLineKey, VirtualLines};
use super::resources::workspace::WorkspaceDetails;
use super::resources::workspace::WorkspaceKey;
use super::resources::{feature, view_fields};
use super::types::number::NumberRow;
use crate::kind::Kind;

/// The fields selected under one connection: per owner type condition (`None` for fields that
/// apply to every owner) the owner's fields, with one level of sub-fields as `field.sub`; and the
/// number's location fields.
#[derive(Debug, Default)]
pub(crate) struct Selected {
    owner: HashMap<Option<String>, HashSet<String>>,
    location: HashSet<String>,
}

impl Selected {
    /// What the query at `ctx` (an `availableCallerIdNumbers` field) selects.
    pub(crate) fn of(ctx: &Context<'_>) -> Self {
        let mut out = Selected::default();
        let walker = Walker { ctx };
        walker.connection(&ctx.item.node.selection_set.node, &mut out);
        out
    }

    /// Whether any of `fields` is selected on an owner of GraphQL type `ty`.
    fn any<'f>(&self, ty: &str, fields: impl IntoIterator<Item = &'f str>) -> bool {
        let sets: Vec<&HashSet<String>> = [None, Some("Owner"), Some("NumberOwner"), Some(ty)]
            .iter()
            .filter_map(|cond| self.owner.get(&cond.map(str::to_owned)))
            .collect();
        fields
            .into_iter()
            .any(|f| sets.iter().any(|set| set.contains(f)))
    }
}

struct Walker<'c, 'a> {
    ctx: &'c Context<'a>,
}

impl Walker<'_, '_> {
    /// Visits the items of a set, looking through fragments; `on` is the nearest type condition.
    fn items<'s>(
        &'s self,
        set: &'s SelectionSet,
        visit: &mut dyn FnMut(&'s str, &'s SelectionSet, Option<&'s str>),
    ) {
        self.items_on(set, None, visit);
    }

    fn items_on<'s>(
        &'s self,
        set: &'s SelectionSet,
        on: Option<&'s str>,
        visit: &mut dyn FnMut(&'s str, &'s SelectionSet, Option<&'s str>),
    ) {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    visit(f.node.name.node.as_str(), &f.node.selection_set.node, on)
                }
                Selection::InlineFragment(i) => {
                    let cond = i
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str());
                    self.items_on(&i.node.selection_set.node, cond.or(on), visit);
                }
                Selection::FragmentSpread(s) => {
                    if let Some(fragment) =
                        self.ctx.query_env.fragments.get(&s.node.fragment_name.node)
                    {
                        let cond = fragment.node.type_condition.node.on.node.as_str();
                        self.items_on(&fragment.node.selection_set.node, Some(cond), visit);
                    }
                }
            }
        }
    }

    fn connection(&self, set: &SelectionSet, out: &mut Selected) {
        self.items(set, &mut |name, sub, _| match name {
            "nodes" => self.number(sub, out),
            "edges" => self.items(sub, &mut |name, sub, _| {
                if name == "node" {
                    self.number(sub, out);
                }
            }),
            _ => {}
        });
    }

    fn number(&self, set: &SelectionSet, out: &mut Selected) {
        self.items(set, &mut |name, sub, _| match name {
            "owner" => self.items(sub, &mut |field, below, on| {
                // `on` of `Owner`/`NumberOwner` applies to every owner; keep it as is.
                let fields = out.owner.entry(on.map(str::to_owned)).or_default();
                fields.insert(field.to_owned());
                self.items(below, &mut |subfield, _, _| {
                    fields.insert(format!("{field}.{subfield}"));
                });
            }),
            "location" => self.items(sub, &mut |field, _, _| {
                out.location.insert(field.to_owned());
            }),
            _ => {}
        });
    }
}

/// The field names selected on the nodes of the connection at `ctx` (under `nodes` and
/// `edges.node`, through fragments), with one level of sub-fields as `field.sub`: what a
/// directory page's nodes will need.
pub(crate) fn node_fields(ctx: &Context<'_>) -> HashSet<String> {
    let walker = Walker { ctx };
    let mut out = HashSet::new();
    walker.items(&ctx.item.node.selection_set.node, &mut |name, sub, _| {
        let mut node = |set: &SelectionSet| {
            walker.items(set, &mut |field, below, _| {
                out.insert(field.to_owned());
                walker.items(below, &mut |sub, _, _| {
                    out.insert(format!("{field}.{sub}"));
                });
            })
        };
        match name {
            "nodes" => node(sub),
            "edges" => walker.items(sub, &mut |name, sub, _| {
                if name == "node" {
                    node(sub);
                }
            }),
            _ => {}
        }
    });
    out
}

/// A person, workspace or virtual line whose own settings a page may read.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub(crate) org: Option<Arc<str>>,
    pub(crate) of: Kind,
    pub(crate) id: Arc<str>,
}

/// Which member settings a selection reads: they have no batch endpoint, so a page starts every
/// one of them in one concurrent round right after it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Settings {
    caller_id: bool,
    callback: bool,
    dependencies: bool,
}

impl Settings {
    /// The settings whose fields `selected` says are selected (`field` or `field.sub`).
    pub(crate) fn of(selected: impl Fn(&str) -> bool) -> Self {
        Self {
            caller_id: names(view_fields!(CallerIdPart)).any(&selected),
            callback: selected("emergencyCallback"),
            dependencies: ["dependentMemberCount", "isLocationEcbnDefault"]
                .iter()
                .any(|f| selected(&format!("emergencyCallback.{f}"))),
        }
    }

    /// Starts them for `members`.
    pub(crate) fn start(self, loader: &WebexLoader, members: impl IntoIterator<Item = Subject>) {
        let mut caller_ids = Vec::new();
        let mut callbacks = Vec::new();
        let mut dependencies = Vec::new();
        for m in members {
            let callback = CallbackKey {
                org: m.org.clone(),
                of: m.of,
                id: m.id.clone(),
            };
            if self.dependencies {
                dependencies.push(DependenciesKey(callback.clone()));
            }
            if self.callback {
                callbacks.push(callback);
            }
            if self.caller_id {
                caller_ids.push(CallerIdKey {
                    org: m.org,
                    of: m.of,
                    id: m.id,
                });
            }
        }
        loader.start::<CallerIds>(distinct(caller_ids));
        loader.start::<Callbacks>(distinct(callbacks));
        loader.start::<CallbackDependencies>(distinct(dependencies));
    }
}

fn names(fields: &'static [String]) -> impl Iterator<Item = &'static str> {
    fields.iter().map(String::as_str)
}

/// Whether what `selected` asks of a page's rows needs their location: a location field, or a
/// detail of an owner that is a location-scoped feature (its detail path names the location).
pub(crate) fn needs_location(selected: &Selected) -> bool {
    !selected.location.is_empty()
        || Kind::ALL
            .into_iter()
            .filter(|k| k.feature().is_some())
            .any(|k| selected.any(k.graphql(), feature::view_fields(k)))
}

/// Starts the round of detail fetches `selected` needs for `numbers`.
pub(crate) fn start(
    loader: &WebexLoader,
    selected: &Selected,
    numbers: &[NumberRow],
    org: &Option<Arc<str>>,
) {
    let mut people = Vec::new();
    let mut lines = Vec::new();
    let mut workspaces: HashMap<Arc<str>, Vec<WorkspaceKey>> = HashMap::new();
    let mut features: HashMap<(Kind, Arc<str>), Vec<FeatureKey>> = HashMap::new();
    let mut route_lists: HashMap<Arc<str>, Vec<RouteListKey>> = HashMap::new();
    let mut locations: Vec<LocationKey> = Vec::new();
    // The member settings selected on each owner type that has them.
    let settings: HashMap<Kind, Settings> = Kind::ALL
        .into_iter()
        .filter(|k| k.member().is_some())
        .map(|k| (k, Settings::of(|f| selected.any(k.graphql(), [f]))))
        .collect();
    let mut members: HashMap<Kind, Vec<Subject>> = HashMap::new();

    let person = Kind::Person.graphql();
    let person_display = selected.any(person, ["displayName"]);
    let want_people = selected.any(person, names(view_fields!(PersonDetails)));
    let want_lines = selected.any(
        Kind::VirtualLine.graphql(),
        names(view_fields!(VirtualLineDetails)),
    );
    let want_workspaces = selected.any(
        Kind::Workspace.graphql(),
        names(view_fields!(WorkspaceDetails)),
    );
    let route_list = Kind::RouteList.graphql();
    let want_route_lists = selected.any(route_list, names(view_fields!(RouteListDetails)));
    let want_location = location::detail_fields().any(|f| selected.location.contains(f));

    // Whether a feature kind's view is selected: asked once per kind, not once per row.
    let mut wanted_features: HashMap<Kind, bool> = HashMap::new();
    let mut seen_locations = HashSet::new();
    for number in numbers {
        let at = number.location_id.clone();
        if want_location && seen_locations.insert(at.clone()) {
            locations.push(LocationKey {
                org: org.clone(),
                id: at.clone(),
            });
        }
        let Some(owner) = number.raw.owner.as_ref() else {
            continue;
        };
        let Some(id) = owner.id.as_deref().filter(|id| !id.is_empty()) else {
            continue;
        };
        let id: Arc<str> = id.into();
        let kind = owner.kind();
        if let Some(kind) = kind.filter(|k| settings.contains_key(k)) {
            members.entry(kind).or_default().push(Subject {
                org: org.clone(),
                of: kind,
                id: id.clone(),
            });
        }
        match kind {
            Some(Kind::Person) => {
                if want_people || (person_display && owner.display_name.is_none()) {
                    people.push(PersonKey {
                        org: org.clone(),
                        id,
                    });
                }
            }
            Some(Kind::VirtualLine) => {
                if want_lines {
                    lines.push(VirtualLineKey {
                        org: org.clone(),
                        id,
                    });
                }
            }
            Some(Kind::Workspace) => {
                if want_workspaces {
                    workspaces.entry(at).or_default().push(WorkspaceKey {
                        org: org.clone(),
                        id,
                    });
                }
            }
            Some(Kind::RouteList) => {
                if want_route_lists {
                    route_lists.entry(at).or_default().push(RouteListKey {
                        org: org.clone(),
                        id,
                    });
                }
            }
            Some(
                feature @ (Kind::HuntGroup
                | Kind::CallQueue
                | Kind::AutoAttendant
                | Kind::PagingGroup
                | Kind::VoicemailGroup
                | Kind::VoicePortal),
            ) => {
                let wanted = *wanted_features.entry(feature).or_insert_with(|| {
                    selected.any(feature.graphql(), feature::view_fields(feature))
                });
                if wanted {
                    features
                        .entry((feature, at.clone()))
                        .or_default()
                        .push(FeatureKey {
                            org: org.clone(),
                            kind: feature,
                            location: at,
                            id,
                        });
                }
            }
            // Summary only: no detail endpoint, nothing to fetch.
            Some(
                Kind::SingleNumberReach
                | Kind::ContactCenterLink
                | Kind::ContactCenterAdapter
                | Kind::CollaborateBridge
                | Kind::Location,
            )
            | None => {}
        }
    }

    if !people.is_empty() {
        loader.start::<People>(people);
    }
    for (kind, subjects) in members {
        if let Some(settings) = settings.get(&kind) {
            settings.start(loader, subjects);
        }
    }
    if !lines.is_empty() {
        loader.start::<VirtualLines>(lines);
    }
    if !locations.is_empty() {
        let listed = locations.len() > 1 && !selected.location.contains("announcementLanguage");
        loader.prefetch_locations(org.clone(), locations, listed);
    }
    for (at, keys) in workspaces {
        let keys = distinct(keys);
        let listed = keys.len() > 1;
        loader.prefetch_workspaces(org.clone(), at, keys, listed);
    }
    let in_use = selected.any(route_list, route_list::DETAIL_ONLY.iter().copied());
    for (at, keys) in route_lists {
        let keys = distinct(keys);
        let listed = keys.len() > 1 && !in_use;
        loader.prefetch_route_lists(org.clone(), at, keys, listed);
    }
    let shapes = loader.list_shapes();
    for ((kind, at), keys) in features {
        let keys = distinct(keys);
        let ty = kind.graphql();
        let Some(spec) = kind.feature() else {
            continue;
        };
        // The field names are Webex's own (`extension`), so they name list item fields too.
        let may_carry =
            |f: &&'static str| spec.list_may_carry.contains(f) && !shapes.lacks(kind, f);
        let needs_detail = spec
            .detail_only
            .iter()
            .any(|f| !may_carry(f) && selected.any(ty, [*f]));
        let probe: Vec<&'static str> = spec
            .list_may_carry
            .iter()
            .filter(|f| may_carry(f) && selected.any(ty, [**f]))
            .copied()
            .collect();
        // Call queues by id cost a second, later call for each Customer Assist queue, so their
        // lists (two calls, one round) win ties.
        let listed = !needs_detail
            && (spec.list_calls < keys.len()
                || (kind == Kind::CallQueue && spec.list_calls <= keys.len()));
        loader.prefetch_features(org.clone(), kind, at, keys, listed, probe);
    }
}

fn distinct<K: Eq + std::hash::Hash + Clone>(keys: Vec<K>) -> Vec<K> {
    let mut seen = HashSet::new();
    keys.into_iter()
        .filter(|k| seen.insert(k.clone()))
        .collect()
}
