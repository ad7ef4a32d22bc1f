//! Contract tests against the published Webex examples (`tests/fixtures/webex/`, copied verbatim
//! from the OpenAPI specs): (a) the client decodes every example into what the GraphQL layer
//! needs; (b) for every endpoint, the simulator's answer has no field the example lacks, and has
//! every field the client reads. A field the client reads that the example does not show is a
//! known gap, listed here so the list stays true: the test fails when a gap closes or a new one
//! opens.

use std::collections::BTreeSet;

use serde_json::Value;

use callerid_graphql::webex::ErrorBody;
use callerid_graphql::webex::model;
use callerid_graphql::webex::sources::{NumberSource, SOURCES, Scope};

use crate::helpers::spawn_app;

fn fixture_value(name: &str) -> Value {
    fixture(name)
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/webex/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name} does not decode: {e}"))
}

#[test]
fn the_client_decodes_every_published_example() {
    let list: model::NumberList = decode("available-numbers-external-caller-id.json");
    let numbers: Vec<model::NumberItem> = list.items().map(Result::unwrap).collect();
    assert_eq!(numbers.len(), 3);
    assert!(
        numbers
            .iter()
            .all(|n| n.owner.as_ref().unwrap().id.is_some())
    );
    assert_eq!(
        numbers[2].owner.as_ref().unwrap().kind(),
        Some(callerid_graphql::kind::Kind::VirtualLine)
    );

    let people: model::PeopleList = decode("people-list-by-id.json");
    let p = &people.items[0];
    assert!(!p.emails.is_empty() && !p.phone_numbers.is_empty());
    assert!(p.display_name.is_some() && p.location_id.is_some() && p.extension.is_some());
    let person: model::Person = decode("person.json");
    assert!(person.timezone.is_some() && person.department.is_some());

    let location: model::Location = decode("location.json");
    assert!(location.name.is_some() && location.time_zone.is_some() && location.address.is_some());
    // Coordinates are strings in the example, numbers in the schema: both read as text.
    assert_eq!(location.latitude.as_deref(), Some("12.935784"));

    let workspace: model::Workspace = decode("workspace.json");
    assert!(workspace.capacity.is_some() && workspace.calling.is_some());

    let lines: model::VirtualLineList = decode("virtual-lines-list.json");
    let line = &lines.virtual_lines[0];
    assert!(line.number.as_ref().unwrap().external.is_some() && line.location.is_some());

    for name in [
        "hunt-group.json",
        "call-queue.json",
        "auto-attendant.json",
        "paging-group.json",
        "voicemail-group.json",
        "voice-portal.json",
    ] {
        let f: model::Feature = decode(name);
        assert!(f.name.is_some(), "{name}");
    }
    // The voicemail group example sends `tollFreeNumber` as the string "false" and the schema
    // types `extension` as a number: both decode.
    let vm: model::Feature = decode("voicemail-group.json");
    assert_eq!(vm.toll_free_number, Some(false));
    assert!(vm.extension.is_some());
    let queue: model::Feature = decode("call-queue.json");
    assert!(queue.department.is_some());

    // The caller ID examples: people and virtual lines share `CallerIdInfo`, workspaces have
    // `PlaceCallerIdGet`. The person example mixes a 10-digit `directNumber` with an E.164
    // `locationNumber`; both are kept as Webex sent them.
    for name in ["caller-id-person.json", "caller-id-virtual-line.json"] {
        let c: model::CallerId = decode(name);
        assert_eq!(
            c.types,
            ["DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM"],
            "{name}"
        );
        assert_eq!(c.selected.as_deref(), Some("DIRECT_LINE"));
        assert_eq!(c.direct_number.as_deref(), Some("3182202028"));
        assert_eq!(c.extension_number.as_deref(), Some("4000"));
        assert_eq!(c.external_caller_id_name_policy.as_deref(), Some("OTHER"));
        assert_eq!(
            c.direct_line_caller_id_name
                .as_ref()
                .unwrap()
                .selection
                .as_deref(),
            Some("CUSTOM_NAME")
        );
        assert!(c.dial_by_first_name.is_some() && c.dial_by_last_name.is_some());
        assert_eq!(
            c.additional_external_caller_id_direct_line_enabled,
            Some(false)
        );
        assert!(c.custom_number.is_none() && c.dial_by_name.is_none());
    }
    let workspace_id: model::CallerId = decode("caller-id-workspace.json");
    assert_eq!(workspace_id.custom_number.as_deref(), Some("+12815550003"));
    assert_eq!(workspace_id.dial_by_name.as_deref(), Some("Hakim Smith"));
    assert!(workspace_id.extension_number.is_none());
    assert_eq!(workspace_id.toll_free_location_number, Some(false));

    // Emergency callback settings: the four GETs share one lenient model; the block `selected`
    // names is the one in force.
    for name in [
        "ecbn-person.json",
        "ecbn-workspace.json",
        "ecbn-virtual-line.json",
    ] {
        let e: model::Ecbn = decode(name);
        assert_eq!(e.selected.as_deref(), Some("DIRECT_LINE"), "{name}");
        assert!(e.in_force().unwrap().phone_number.is_some(), "{name}");
        let member = e.member.as_ref().unwrap();
        assert!(member.member_id.is_some(), "{name}");
        assert_eq!(member.member_type.as_deref(), Some("PLACE"), "{name}");
        assert!(
            e.location_ecbn.as_ref().unwrap().quality.is_some(),
            "{name}"
        );
    }
    let location_ecbn: model::Ecbn = decode("ecbn-location.json");
    assert_eq!(
        location_ecbn.in_force().unwrap().member_type.as_deref(),
        Some("PEOPLE")
    );
    assert!(location_ecbn.location.is_some() && location_ecbn.elin_expiry_time_minutes.is_some());
    for name in [
        "ecbn-person-dependencies.json",
        "ecbn-workspace-dependencies.json",
        "ecbn-virtual-line-dependencies.json",
        "ecbn-hunt-group-dependencies.json",
    ] {
        let d: model::EcbnDependencies = decode(name);
        assert!(d.dependent_member_count.is_some(), "{name}");
        assert!(d.is_location_ecbn_default.is_some(), "{name}");
    }
    // The numbers API: where a number lives and who owns it (what a refusal explains with).
    let org_numbers = fixture("numbers-list.json");
    let items: Vec<model::NumberItem> = org_numbers["phoneNumbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::from_value(i.clone()).unwrap())
        .collect();
    assert_eq!(items.len(), 3);
    assert!(
        items
            .iter()
            .all(|n| n.location.as_ref().unwrap().id.is_some())
    );
    assert_eq!(
        items[0].owner.as_ref().unwrap().kind(),
        Some(callerid_graphql::kind::Kind::Person)
    );
    // The extension-only alternate entry has an empty number; the main number no owner.
    assert_eq!(items[1].phone_number.as_deref(), Some(""));
    assert!(items[2].owner.is_none());

    let route: model::RouteList = decode("route-list.json");
    assert!(route.route_group.is_some() && route.location.is_some());

    for name in [
        "error-400.json",
        "error-400-no-errors-array.json",
        "error-400-with-error-code.json",
        "error-403.json",
        "error-409.json",
        "error-400-move-users.json",
    ] {
        let body: ErrorBody = decode(name);
        assert!(body.text().is_some(), "{name} has no readable text");
    }
}

/// Every path in a JSON value: `a`, `a.b`, `items[].c` (list items merged).
fn paths(v: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    out.insert(p.clone());
                    walk(x, &p, out);
                }
            }
            Value::Array(items) => {
                for x in items {
                    walk(x, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, "", &mut out);
    out
}

struct Endpoint {
    fixture: &'static str,
    path: String,
    /// Fields the client reads (empty for list endpoints the client does not use yet).
    reads: &'static [&'static str],
    /// Fields the client reads that the published example does not show.
    gaps: &'static [&'static str],
}

/// What the client reads of a member's callback settings (the last two, ELIN, not of a
/// virtual line's).
const ECBN_READS: &[&str] = &[
    "selected",
    "directLineInfo.phoneNumber",
    "directLineInfo.firstName",
    "directLineInfo.lastName",
    "directLineInfo.effectiveLevel",
    "directLineInfo.effectiveValue",
    "directLineInfo.quality",
    "locationECBNInfo.phoneNumber",
    "locationECBNInfo.effectiveLevel",
    "locationECBNInfo.effectiveValue",
    "locationECBNInfo.quality",
    "locationMemberInfo.phoneNumber",
    "locationMemberInfo.memberId",
    "locationMemberInfo.memberType",
    "locationMemberInfo.effectiveValue",
    "locationMemberInfo.quality",
    "elinEnabled",
    "elinForWebexAppEnabled",
];

const DEPENDENCIES_READS: &[&str] = &["dependentMemberCount", "isLocationEcbnDefault"];

const FEATURE_READS: &[&str] = &[
    "name",
    "enabled",
    "phoneNumber",
    "extension",
    "tollFreeNumber",
    "language",
    "languageCode",
    "timeZone",
];

/// What the client reads of a person's or virtual line's caller ID (`CallerIdInfo`).
const CALLER_ID_READS: &[&str] = &[
    "types",
    "selected",
    "directNumber",
    "extensionNumber",
    "locationNumber",
    "tollFreeLocationNumber",
    "customNumber",
    "blockInForwardCallsEnabled",
    "externalCallerIdNamePolicy",
    "customExternalCallerIdName",
    "locationExternalCallerIdName",
    "additionalExternalCallerIdDirectLineEnabled",
    "additionalExternalCallerIdLocationNumberEnabled",
    "additionalExternalCallerIdCustomNumber",
    "directLineCallerIdName.selection",
    "directLineCallerIdName.customName",
    "dialByFirstName",
    "dialByLastName",
];

#[tokio::test]
async fn the_simulator_answers_in_the_published_shapes_with_what_the_client_reads() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let first = |v: Value, key: &str| v[key][0].clone();
    let person = first(
        app.sim_get(&format!("/v1/people?locationId={sj}&max=1"))
            .await,
        "items",
    );
    let workspace = first(
        app.sim_get(&format!("/v1/workspaces?locationId={sj}&max=1"))
            .await,
        "items",
    );
    let line = first(
        app.sim_get(&format!(
            "/v1/telephony/config/virtualLines?locationId={sj}&max=1"
        ))
        .await,
        "virtualLines",
    );
    let route = first(
        app.sim_get("/v1/telephony/config/premisePstn/routeLists?max=1")
            .await,
        "routeLists",
    );
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    // The person and virtual line examples show DIRECT_LINE without a `customNumber`: compare
    // an entity in that state (a CUSTOM one adds the number, as Webex does).
    let showing_direct_line = |list: &'static str, key: &'static str, settings: &'static str| {
        let app = &app;
        let sj = sj.clone();
        async move {
            let items = app.sim_get(&format!("{list}?locationId={sj}&max=50")).await;
            for item in items[key].as_array().unwrap() {
                let path = settings.replace("{id}", item["id"].as_str().unwrap());
                if app.sim_get(&path).await["selected"] == "DIRECT_LINE" {
                    return path;
                }
            }
            panic!("no entity of {list} shows its direct line");
        }
    };
    let person_caller_id =
        showing_direct_line("/v1/people", "items", "/v1/people/{id}/features/callerId").await;
    let line_caller_id = showing_direct_line(
        "/v1/telephony/config/virtualLines",
        "virtualLines",
        "/v1/telephony/config/virtualLines/{id}/callerId",
    )
    .await;
    // The member examples show their direct line beside a member kept from before.
    let keeping_a_member = |list: &'static str, key: &'static str, settings: &'static str| {
        let app = &app;
        async move {
            let items = app.sim_get(&format!("{list}?max=200")).await;
            for item in items[key].as_array().unwrap() {
                let path = settings.replace("{id}", item["id"].as_str().unwrap());
                let ecbn = app.sim_get(&path).await;
                if ecbn["selected"] == "DIRECT_LINE" && ecbn["locationMemberInfo"].is_object() {
                    return path;
                }
            }
            panic!("no entity of {list} shows its direct line and keeps a member");
        }
    };
    let person_ecbn = keeping_a_member(
        "/v1/people",
        "items",
        "/v1/telephony/config/people/{id}/emergencyCallbackNumber",
    )
    .await;
    let workspace_ecbn = keeping_a_member(
        "/v1/workspaces",
        "items",
        "/v1/telephony/config/workspaces/{id}/emergencyCallbackNumber",
    )
    .await;
    let line_ecbn = keeping_a_member(
        "/v1/telephony/config/virtualLines",
        "virtualLines",
        "/v1/telephony/config/virtualLines/{id}/emergencyCallbackNumber",
    )
    .await;
    // The location example selects a member, as odd locations of the seed do.
    let mut location_ecbn = None;
    for l in app.sim_get("/v1/locations").await["items"]
        .as_array()
        .unwrap()
    {
        let path = format!(
            "/v1/telephony/config/locations/{}/features/emergencyCallbackNumber",
            id(l)
        );
        if app.sim_get(&path).await["selected"] == "LOCATION_MEMBER_NUMBER" {
            location_ecbn = Some(path);
            break;
        }
    }
    let location_ecbn = location_ecbn.expect("a location whose callback number is a member");
    let feature = |list: &'static str, key: &'static str, extra: &'static str| {
        let app = &app;
        async move {
            let item = first(
                app.sim_get(&format!("/v1/telephony/config/{list}?max=1{extra}"))
                    .await,
                key,
            );
            (id(&item), item["locationId"].as_str().unwrap().to_owned())
        }
    };
    let (hunt, hunt_at) = feature("huntGroups", "huntGroups", "").await;
    let (queue, queue_at) = feature("queues", "queues", "").await;
    let (cx, cx_at) = feature("queues", "queues", "&hasCxEssentials=true").await;
    let (aa, aa_at) = feature("autoAttendants", "autoAttendants", "").await;
    let (paging, paging_at) = feature("paging", "locationPaging", "").await;
    let (vm, vm_at) = feature("voicemailGroups", "voicemailGroups", "").await;
    let located =
        |at: &str, kind: &str, id: &str| format!("/v1/telephony/config/locations/{at}/{kind}/{id}");
    let endpoints = [
        Endpoint {
            fixture: "available-numbers-external-caller-id.json",
            path: format!(
                "/v1/telephony/config/locations/{sj}/externalCallerId/availableNumbers?max=60"
            ),
            reads: &[
                "phoneNumbers[].phoneNumber",
                "phoneNumbers[].state",
                "phoneNumbers[].isMainNumber",
                "phoneNumbers[].tollFreeNumber",
                "phoneNumbers[].isServiceNumber",
                "phoneNumbers[].location.id",
                "phoneNumbers[].location.name",
                "phoneNumbers[].owner.id",
                "phoneNumbers[].owner.type",
                "phoneNumbers[].owner.firstName",
                "phoneNumbers[].owner.lastName",
                "phoneNumbers[].owner.displayName",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "people-list-by-id.json",
            path: format!("/v1/people?id={}&callingData=true", id(&person)),
            reads: &[
                "items[].id",
                "items[].emails",
                "items[].phoneNumbers[].type",
                "items[].phoneNumbers[].value",
                "items[].phoneNumbers[].primary",
                "items[].extension",
                "items[].locationId",
                "items[].displayName",
                "items[].firstName",
                "items[].lastName",
                "items[].nickName",
                "items[].department",
                "items[].title",
                "items[].timezone",
                "notFoundIds",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "person.json",
            path: format!("/v1/people/{}?callingData=true", id(&person)),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "location.json",
            path: format!("/v1/locations/{sj}"),
            reads: &[
                "id",
                "name",
                "orgId",
                "address.address1",
                "address.address2",
                "address.city",
                "address.state",
                "address.postalCode",
                "address.country",
                "timeZone",
                "preferredLanguage",
                "announcementLanguage",
                "latitude",
                "longitude",
                "notes",
            ],
            gaps: &[
                "address.address2",
                "preferredLanguage",
                "announcementLanguage",
            ],
        },
        Endpoint {
            fixture: "locations-list.json",
            path: "/v1/locations".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "workspace.json",
            path: format!("/v1/workspaces/{}", id(&workspace)),
            reads: &[
                "id",
                "displayName",
                "locationId",
                "capacity",
                "type",
                "sipAddress",
                "calling.type",
                "notes",
                "hotdeskingStatus",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "workspaces-list.json",
            path: format!("/v1/workspaces?locationId={sj}"),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "virtual-lines-list.json",
            path: format!("/v1/telephony/config/virtualLines?id={}", id(&line)),
            reads: &[
                "virtualLines[].id",
                "virtualLines[].firstName",
                "virtualLines[].lastName",
                "virtualLines[].callerIdFirstName",
                "virtualLines[].callerIdLastName",
                "virtualLines[].callerIdNumber",
                "virtualLines[].externalCallerIdNamePolicy",
                "virtualLines[].number.external",
                "virtualLines[].number.extension",
                "virtualLines[].location.id",
                "virtualLines[].location.name",
                "virtualLines[].numberOfDevicesAssigned",
                "virtualLines[].billingPlan",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "virtual-line.json",
            path: format!("/v1/telephony/config/virtualLines/{}", id(&line)),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "hunt-group.json",
            path: located(&hunt_at, "huntGroups", &hunt),
            reads: FEATURE_READS,
            gaps: &["phoneNumber", "tollFreeNumber"],
        },
        Endpoint {
            fixture: "call-queue.json",
            path: located(&queue_at, "queues", &queue),
            reads: FEATURE_READS,
            gaps: &["phoneNumber", "extension", "tollFreeNumber"],
        },
        Endpoint {
            fixture: "call-queue.json",
            path: located(&cx_at, "queues", &cx) + "?hasCxEssentials=true",
            reads: &["department.id", "department.name"],
            gaps: &[],
        },
        Endpoint {
            fixture: "auto-attendant.json",
            path: located(&aa_at, "autoAttendants", &aa),
            reads: FEATURE_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "paging-group.json",
            path: located(&paging_at, "paging", &paging),
            reads: FEATURE_READS,
            gaps: &["tollFreeNumber", "timeZone"],
        },
        Endpoint {
            fixture: "voicemail-group.json",
            path: located(&vm_at, "voicemailGroups", &vm),
            reads: FEATURE_READS,
            gaps: &["language", "timeZone"],
        },
        Endpoint {
            fixture: "voice-portal.json",
            path: format!("/v1/telephony/config/locations/{sj}/voicePortal"),
            reads: FEATURE_READS,
            gaps: &["enabled", "tollFreeNumber", "timeZone"],
        },
        Endpoint {
            fixture: "route-list.json",
            path: format!("/v1/telephony/config/premisePstn/routeLists/{}", id(&route)),
            reads: &[
                "name",
                "location.id",
                "location.name",
                "routeGroup.id",
                "routeGroup.name",
                "routeGroup.inUse",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "caller-id-person.json",
            path: person_caller_id,
            reads: CALLER_ID_READS,
            // Shown only with CUSTOM; the example shows DIRECT_LINE.
            gaps: &["customNumber"],
        },
        Endpoint {
            fixture: "caller-id-virtual-line.json",
            path: line_caller_id,
            reads: CALLER_ID_READS,
            gaps: &["customNumber"],
        },
        Endpoint {
            fixture: "caller-id-workspace.json",
            path: format!("/v1/workspaces/{}/features/callerId", id(&workspace)),
            reads: &[
                "types",
                "selected",
                "directNumber",
                "locationNumber",
                "tollFreeLocationNumber",
                "customNumber",
                "blockInForwardCallsEnabled",
                "externalCallerIdNamePolicy",
                "customExternalCallerIdName",
                "locationExternalCallerIdName",
                "directLineCallerIdName.selection",
                "directLineCallerIdName.customName",
                "dialByName",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-person.json",
            path: person_ecbn,
            reads: ECBN_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-workspace.json",
            path: workspace_ecbn,
            // Webex App ELIN is a person's.
            reads: &ECBN_READS[..ECBN_READS.len() - 1],
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-virtual-line.json",
            path: line_ecbn,
            // The virtual line example has no ELIN fields; Webex's schema has none for it.
            reads: &ECBN_READS[..ECBN_READS.len() - 2],
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-location.json",
            path: location_ecbn,
            reads: &[
                "selected",
                "locationInfo.phoneNumber",
                "locationInfo.name",
                "locationInfo.effectiveLevel",
                "locationInfo.effectiveValue",
                "locationInfo.quality",
                "locationMemberInfo.phoneNumber",
                "locationMemberInfo.memberId",
                "locationMemberInfo.memberType",
                "locationMemberInfo.firstName",
                "locationMemberInfo.lastName",
                "locationMemberInfo.quality",
                "elinExpiryTimeMinutes",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-person-dependencies.json",
            path: format!(
                "/v1/telephony/config/people/{}/emergencyCallbackNumber/dependencies",
                id(&person)
            ),
            reads: DEPENDENCIES_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-workspace-dependencies.json",
            path: format!(
                "/v1/telephony/config/workspaces/{}/emergencyCallbackNumber/dependencies",
                id(&workspace)
            ),
            reads: DEPENDENCIES_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-virtual-line-dependencies.json",
            path: format!(
                "/v1/telephony/config/virtualLines/{}/emergencyCallbackNumber/dependencies",
                id(&line)
            ),
            reads: DEPENDENCIES_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "ecbn-hunt-group-dependencies.json",
            path: format!(
                "/v1/telephony/config/huntGroups/{hunt}/emergencyCallbackNumber/dependencies"
            ),
            reads: DEPENDENCIES_READS,
            gaps: &[],
        },
        Endpoint {
            fixture: "numbers-list.json",
            path: format!("/v1/telephony/config/numbers?locationId={sj}&max=40"),
            reads: &[
                "phoneNumbers[].phoneNumber",
                "phoneNumbers[].location.id",
                "phoneNumbers[].location.name",
                "phoneNumbers[].owner.id",
                "phoneNumbers[].owner.type",
            ],
            gaps: &[],
        },
        Endpoint {
            fixture: "hunt-groups-list.json",
            path: "/v1/telephony/config/huntGroups".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "call-queues-list.json",
            path: "/v1/telephony/config/queues?hasCxEssentials=true".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "auto-attendants-list.json",
            path: "/v1/telephony/config/autoAttendants".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "paging-groups-list.json",
            path: "/v1/telephony/config/paging".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "voicemail-groups-list.json",
            path: "/v1/telephony/config/voicemailGroups".into(),
            reads: &[],
            gaps: &[],
        },
        Endpoint {
            fixture: "route-lists-list.json",
            path: "/v1/telephony/config/premisePstn/routeLists".into(),
            reads: &[],
            gaps: &[],
        },
    ];
    let mut problems = Vec::new();
    for e in &endpoints {
        let published = paths(&fixture(e.fixture));
        let answer = app.sim_get(&e.path).await;
        let served = paths(&answer);
        assert!(!served.is_empty(), "{}: empty answer {answer}", e.path);
        for extra in served.difference(&published) {
            problems.push(format!(
                "{}: simulator serves `{extra}`, which the example lacks",
                e.fixture
            ));
        }
        for read in e.reads {
            let gap = e.gaps.contains(read);
            match (served.contains(*read), gap) {
                (false, false) => problems.push(format!(
                    "{}: the client reads `{read}`, which the simulator does not serve",
                    e.fixture
                )),
                (true, true) => problems.push(format!(
                    "{}: `{read}` is listed as a gap but is served: drop it from the list",
                    e.fixture
                )),
                _ => {}
            }
        }
        for gap in e.gaps {
            if published.contains(*gap) {
                problems.push(format!(
                    "{}: gap `{gap}` is in the example after all",
                    e.fixture
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each available-numbers list's published example, by the list's endpoint.
const LIST_EXAMPLES: [(&str, &str); 38] = [
    (
        "locations/{locationId}/externalCallerId/",
        "available-numbers-external-caller-id.json",
    ),
    (
        "locations/{locationId}/availableNumbers",
        "available-numbers-location-main-number.json",
    ),
    (
        "locations/{locationId}/webexGo/",
        "available-numbers-location-webex-go.json",
    ),
    (
        "locations/{locationId}/emergencyCallbackNumber/",
        "available-numbers-location-ecbn.json",
    ),
    (
        "locations/{locationId}/callIntercept/",
        "available-numbers-location-call-intercept.json",
    ),
    (
        "locations/{locationId}/chargeNumber/",
        "available-numbers-location-charge-number.json",
    ),
    (
        "locations/{locationId}/huntGroups/availableNumbers",
        "available-numbers-hunt-group-primary.json",
    ),
    (
        "locations/{locationId}/huntGroups/alternate/",
        "available-numbers-hunt-group-alternate.json",
    ),
    (
        "locations/{locationId}/huntGroups/callForwarding/",
        "available-numbers-hunt-group-call-forward.json",
    ),
    (
        "locations/{locationId}/queues/availableNumbers",
        "available-numbers-call-queue-primary.json",
    ),
    (
        "locations/{locationId}/queues/alternate/",
        "available-numbers-call-queue-alternate.json",
    ),
    (
        "locations/{locationId}/queues/callForwarding/",
        "available-numbers-call-queue-call-forward.json",
    ),
    (
        "locations/{locationId}/autoAttendants/availableNumbers",
        "available-numbers-auto-attendant-primary.json",
    ),
    (
        "locations/{locationId}/autoAttendants/alternate/",
        "available-numbers-auto-attendant-alternate.json",
    ),
    (
        "locations/{locationId}/autoAttendants/callForwarding/",
        "available-numbers-auto-attendant-call-forward.json",
    ),
    (
        "locations/{locationId}/paging/",
        "available-numbers-paging-group-primary.json",
    ),
    (
        "locations/{locationId}/voicePortal/",
        "available-numbers-voice-portal.json",
    ),
    (
        "locations/{locationId}/voicemailGroups/availableNumbers",
        "available-numbers-voicemail-group-primary.json",
    ),
    (
        "locations/{locationId}/voicemailGroups/faxMessage/",
        "available-numbers-voicemail-group-fax.json",
    ),
    (
        "locations/{locationId}/singleNumberReach/",
        "available-numbers-single-number-reach-primary.json",
    ),
    (
        "locations/{locationId}/operatingModes/",
        "available-numbers-operating-mode-call-forward.json",
    ),
    ("people/primary/", "available-numbers-person-primary.json"),
    (
        "people/{personId}/secondary/",
        "available-numbers-person-secondary.json",
    ),
    (
        "people/{personId}/faxMessage/",
        "available-numbers-person-fax.json",
    ),
    (
        "people/{personId}/callForwarding/",
        "available-numbers-person-call-forward.json",
    ),
    (
        "people/{personId}/callIntercept/",
        "available-numbers-person-call-intercept.json",
    ),
    (
        "people/{personId}/emergencyCallbackNumber/",
        "available-numbers-person-ecbn.json",
    ),
    (
        "virtualLines/availableNumbers",
        "available-numbers-virtual-line-primary.json",
    ),
    (
        "virtualLines/{virtualLineId}/faxMessage/",
        "available-numbers-virtual-line-fax.json",
    ),
    (
        "virtualLines/{virtualLineId}/callForwarding/",
        "available-numbers-virtual-line-call-forward.json",
    ),
    (
        "virtualLines/{virtualLineId}/callIntercept/",
        "available-numbers-virtual-line-call-intercept.json",
    ),
    (
        "virtualLines/{virtualLineId}/emergencyCallbackNumber/",
        "available-numbers-virtual-line-ecbn.json",
    ),
    (
        "workspaces/availableNumbers",
        "available-numbers-workspace-primary.json",
    ),
    (
        "workspaces/{workspaceId}/secondary/",
        "available-numbers-workspace-secondary.json",
    ),
    (
        "workspaces/{workspaceId}/faxMessage/",
        "available-numbers-workspace-fax.json",
    ),
    (
        "workspaces/{workspaceId}/callForwarding/",
        "available-numbers-workspace-call-forward.json",
    ),
    (
        "workspaces/{workspaceId}/callIntercept/",
        "available-numbers-workspace-call-intercept.json",
    ),
    (
        "workspaces/{workspaceId}/emergencyCallbackNumber/",
        "available-numbers-workspace-ecbn.json",
    ),
];

/// The example of a list of the client's table.
fn example_of(source: &NumberSource) -> &'static str {
    let matching: Vec<&str> = LIST_EXAMPLES
        .iter()
        .filter(|(path, _)| source.endpoint.label.contains(&format!("/config/{path}")))
        .map(|(_, fixture)| *fixture)
        .collect();
    assert_eq!(matching.len(), 1, "{}: {matching:?}", source.endpoint.label);
    matching[0]
}

/// What the client reads of a list's items: the fields its row says the endpoint gives.
fn list_reads(source: &NumberSource) -> Vec<&'static str> {
    let f = source.fields;
    let mut reads = vec![
        "phoneNumbers[].phoneNumber",
        "phoneNumbers[].state",
        "phoneNumbers[].isMainNumber",
        "phoneNumbers[].isServiceNumber",
    ];
    let optional = [
        (f.toll_free_number, "phoneNumbers[].tollFreeNumber"),
        (f.telephony_type, "phoneNumbers[].telephonyType"),
        (f.extension, "phoneNumbers[].extension"),
        (f.location, "phoneNumbers[].location.id"),
        (f.location, "phoneNumbers[].location.name"),
        (f.mobile, "phoneNumbers[].mobileNetwork"),
        (f.mobile, "phoneNumbers[].routingProfile"),
    ];
    reads.extend(optional.iter().filter(|(on, _)| *on).map(|(_, p)| *p));
    if source.has_owners() {
        reads.extend([
            "phoneNumbers[].owner.id",
            "phoneNumbers[].owner.type",
            "phoneNumbers[].owner.firstName",
            "phoneNumbers[].owner.lastName",
            "phoneNumbers[].owner.displayName",
        ]);
    }
    reads
}

#[test]
fn every_item_of_every_available_numbers_example_decodes_as_its_list_needs() {
    for source in &SOURCES {
        let name = example_of(source);
        let list: model::NumberList = decode(name);
        assert!(!list.phone_numbers.is_empty(), "{name}");
        for item in list.items() {
            let item = item.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                item.phone_number.is_some()
                    || (source.fields.extension_only && item.extension.is_some()),
                "{name}: an item the list cannot offer"
            );
            assert!(item.state.is_some() && item.main().is_some(), "{name}");
            assert_eq!(
                item.owner.is_some(),
                source.has_owners() && item.owner.is_some()
            );
            if let Some(owner) = &item.owner {
                assert!(owner.id.is_some() && owner.kind().is_some(), "{name}");
                assert!(
                    source.has_owners(),
                    "{name}: an owner on a list of unassigned numbers"
                );
            }
            if source.fields.telephony_type {
                assert!(item.telephony().is_some(), "{name}: no telephony type");
            }
        }
    }
    // The spellings the sources disagree on both read: `includedTelephonyTypes` alone (the
    // virtual line primary example's first item) is its telephony type.
    let list: model::NumberList = decode("available-numbers-virtual-line-primary.json");
    let first = list.items().next().unwrap().unwrap();
    assert_eq!(
        (first.telephony_type.as_deref(), first.telephony()),
        (None, Some("PSTN_NUMBER"))
    );
}

/// A workspace of San Jose that has (`true`) or lacks the professional licence the secondary
/// and fax lists need, found by asking the simulator.
pub async fn workspace(app: &crate::helpers::TestApp, professional: bool) -> String {
    let sj = app.location_id(0, "San Jose").await;
    let items = app
        .sim_get(&format!("/v1/workspaces?locationId={sj}&max=20"))
        .await;
    for w in items["items"].as_array().unwrap() {
        let id = w["id"].as_str().unwrap();
        let answer = app
            .http
            .get(format!(
                "{}/v1/telephony/config/workspaces/{id}/secondary/availableNumbers",
                app.sim
            ))
            .bearer_auth(crate::helpers::ADMIN)
            .send()
            .await
            .unwrap();
        if answer.status().is_success() == professional {
            return id.to_owned();
        }
    }
    panic!("no workspace with professional = {professional}");
}

#[tokio::test]
async fn the_simulator_serves_every_list_in_its_published_shape_with_what_the_client_reads() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let person = callerid_graphql::simulator::demo_person_id();
    let workspace = workspace(&app, true).await;
    let lines = app
        .sim_get(&format!(
            "/v1/telephony/config/virtualLines?locationId={sj}&max=1"
        ))
        .await;
    let line = lines["virtualLines"][0]["id"].as_str().unwrap().to_owned();
    let mut problems = Vec::new();
    for source in &SOURCES {
        let fixture = example_of(source);
        let path = source
            .endpoint
            .label
            .trim_start_matches("GET ")
            .replace("{locationId}", &sj)
            .replace("{personId}", &person)
            .replace("{workspaceId}", &workspace)
            .replace("{virtualLineId}", &line);
        let query = if source.scope == Scope::Organization {
            format!("?max=2000&locationId={sj}")
        } else {
            "?max=2000".to_owned()
        };
        let answer = app.sim_get(&format!("{path}{query}")).await;
        let served = paths(&answer);
        let published = paths(&fixture_value(fixture));
        if answer["phoneNumbers"].as_array().is_none_or(Vec::is_empty) {
            problems.push(format!("{fixture}: the simulator answered {answer}"));
            continue;
        }
        for extra in served.difference(&published) {
            problems.push(format!(
                "{fixture}: simulator serves `{extra}`, which the example lacks"
            ));
        }
        for read in list_reads(source) {
            if !served.contains(read) {
                problems.push(format!(
                    "{fixture}: the client reads `{read}`, which the simulator does not serve"
                ));
            }
            if !published.contains(read) {
                problems.push(format!(
                    "{fixture}: the client reads `{read}`, which the example lacks"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
