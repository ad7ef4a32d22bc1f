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
//!
//! A list is used only when it costs strictly fewer calls (call queues: also on a tie, since a
//! Customer Assist queue fetched by id needs a second round). An owner a list does not return (it
//! moved, or the list was refused) is fetched by id in the same round. Types whose detail fields
//! are not selected under this connection are not fetched at all.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::parser::types::{Selection, SelectionSet};

use super::loaders::{
    FeatureKey, LocationKey, PersonKey, RouteListKey, VirtualLineKey, WebexLoader, WorkspaceKey,
};
use super::types::number::AvailableNumber;
use crate::webex::FeatureKind;
use crate::webex::model::OwnerKind;

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
    fn any(&self, ty: &str, fields: &[&str]) -> bool {
        [None, Some("Owner"), Some("NumberOwner"), Some(ty)]
            .iter()
            .filter_map(|cond| self.owner.get(&cond.map(str::to_owned)))
            .any(|set| fields.iter().any(|f| set.contains(*f)))
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

const PERSON_DETAIL: &[&str] = &[
    "emails",
    "phoneNumbers",
    "extension",
    "department",
    "title",
    "nickName",
    "timezone",
    "location",
];
const VIRTUAL_LINE_DETAIL: &[&str] = &[
    "extension",
    "phoneNumber",
    "callerIdFirstName",
    "callerIdLastName",
    "callerIdNumber",
    "externalCallerIdNamePolicy",
    "numberOfDevicesAssigned",
    "billingPlan",
    "location",
];
const WORKSPACE_DETAIL: &[&str] = &[
    "capacity",
    "workspaceType",
    "sipAddress",
    "callingType",
    "hotdeskingStatus",
    "notes",
    "location",
];
const FEATURE_DETAIL: &[&str] = &[
    "name",
    "enabled",
    "phoneNumber",
    "extension",
    "tollFreeNumber",
    "language",
    "languageCode",
    "timeZone",
    "department",
];
const ROUTE_LIST_DETAIL: &[&str] = &["name", "routeGroup", "location"];
const LOCATION_DETAIL: &[&str] = &[
    "orgId",
    "timeZone",
    "address",
    "preferredLanguage",
    "announcementLanguage",
    "latitude",
    "longitude",
    "notes",
];

/// The fields a kind's detail endpoint has and its list items lack: asking for one of them makes
/// the list useless. (Fields neither has are left out: they cost nothing either way.)
fn detail_only(kind: FeatureKind) -> &'static [&'static str] {
    match kind {
        FeatureKind::HuntGroup => &["extension", "language", "languageCode", "timeZone"],
        FeatureKind::CallQueue => &["language", "languageCode", "timeZone"],
        FeatureKind::AutoAttendant => &["enabled", "language", "languageCode", "timeZone"],
        FeatureKind::PagingGroup => &["enabled", "language", "languageCode"],
        FeatureKind::VoicemailGroup => &["languageCode"],
        FeatureKind::VoicePortal => FEATURE_DETAIL,
    }
}

/// Detail-only fields that some Webex list items carry after all: the SDK's hunt group list
/// model has `extension`, the published example does not. When these are all a query needs
/// beyond the list, the list is asked first; items without them are fetched by id in the same
/// task, and once a list came back without one the client remembers and later plans go by id.
fn list_may_carry(kind: FeatureKind) -> &'static [&'static str] {
    match kind {
        FeatureKind::HuntGroup => &["extension"],
        _ => &[],
    }
}

/// The GraphQL type of a feature kind.
fn graphql_type(kind: FeatureKind) -> &'static str {
    match kind {
        FeatureKind::HuntGroup => "HuntGroup",
        FeatureKind::CallQueue => "CallQueue",
        FeatureKind::AutoAttendant => "AutoAttendant",
        FeatureKind::PagingGroup => "PagingGroup",
        FeatureKind::VoicemailGroup => "VoicemailGroup",
        FeatureKind::VoicePortal => "VoicePortal",
    }
}

/// Calls a list plan of `kind` costs at one location.
fn list_calls(kind: FeatureKind) -> usize {
    match kind {
        FeatureKind::CallQueue => 2,
        FeatureKind::VoicePortal => usize::MAX,
        _ => 1,
    }
}

/// Starts the round of detail fetches `selected` needs for `numbers`.
pub(crate) fn start(
    loader: &WebexLoader,
    selected: &Selected,
    numbers: &[AvailableNumber],
    org: &Option<Arc<str>>,
) {
    let mut people = Vec::new();
    let mut lines = Vec::new();
    let mut workspaces: HashMap<Arc<str>, Vec<WorkspaceKey>> = HashMap::new();
    let mut features: HashMap<(FeatureKind, Arc<str>), Vec<FeatureKey>> = HashMap::new();
    let mut route_lists: HashMap<Arc<str>, Vec<RouteListKey>> = HashMap::new();
    let mut locations: Vec<LocationKey> = Vec::new();

    let person_display = selected.any("Person", &["displayName"]);
    let want_people = selected.any("Person", PERSON_DETAIL);
    let want_lines = selected.any("VirtualLine", VIRTUAL_LINE_DETAIL);
    let want_workspaces = selected.any("Workspace", WORKSPACE_DETAIL);
    let want_route_lists = selected.any("RouteList", ROUTE_LIST_DETAIL);
    let want_location = LOCATION_DETAIL
        .iter()
        .any(|f| selected.location.contains(*f));

    let mut seen_locations = HashSet::new();
    for number in numbers {
        let at = number.location_id();
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
        match kind {
            OwnerKind::People
                if want_people || (person_display && owner.display_name.is_none()) =>
            {
                people.push(PersonKey {
                    org: org.clone(),
                    id,
                });
            }
            OwnerKind::VirtualLine if want_lines => {
                lines.push(VirtualLineKey {
                    org: org.clone(),
                    id,
                });
            }
            OwnerKind::Place if want_workspaces => {
                workspaces.entry(at).or_default().push(WorkspaceKey {
                    org: org.clone(),
                    id,
                });
            }
            OwnerKind::RouteList if want_route_lists => {
                route_lists.entry(at).or_default().push(RouteListKey {
                    org: org.clone(),
                    id,
                });
            }
            _ => {
                if let Some(feature) = kind.feature()
                    && selected.any(graphql_type(feature), FEATURE_DETAIL)
                {
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
        }
    }

    if !people.is_empty() {
        loader.prefetch_people(people);
    }
    if !lines.is_empty() {
        loader.prefetch_virtual_lines(lines);
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
    let in_use = selected.any("RouteList", &["routeGroup.inUse"]);
    for (at, keys) in route_lists {
        let keys = distinct(keys);
        let listed = keys.len() > 1 && !in_use;
        loader.prefetch_route_lists(org.clone(), at, keys, listed);
    }
    let shapes = loader.list_shapes();
    for ((kind, at), keys) in features {
        let keys = distinct(keys);
        let ty = graphql_type(kind);
        // The field names are Webex's own (`extension`), so they name list item fields too.
        let may_carry =
            |f: &&'static str| list_may_carry(kind).contains(f) && !shapes.lacks(kind, f);
        let needs_detail = detail_only(kind)
            .iter()
            .any(|f| !may_carry(f) && selected.any(ty, &[f]));
        let probe: Vec<&'static str> = list_may_carry(kind)
            .iter()
            .filter(|f| may_carry(f) && selected.any(ty, &[f]))
            .copied()
            .collect();
        // Call queues by id cost a second, later call for each Customer Assist queue, so their
        // lists (two calls, one round) win ties.
        let listed = !needs_detail
            && (list_calls(kind) < keys.len()
                || (kind == FeatureKind::CallQueue && list_calls(kind) <= keys.len()));
        loader.prefetch_features(org.clone(), kind, at, keys, listed, probe);
    }
}

fn distinct<K: Eq + std::hash::Hash + Clone>(keys: Vec<K>) -> Vec<K> {
    let mut seen = HashSet::new();
    keys.into_iter()
        .filter(|k| seen.insert(k.clone()))
        .collect()
}
