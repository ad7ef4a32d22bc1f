//! Caller ID jobs against the simulator: a dry run of a mixed list is the plan (no PUT, every
//! outcome and code), the real run sends PUTs for exactly the planned changes, a job by location
//! selects exactly the entities whose selection matches, failed PUTs are retried by a resume and
//! nothing else is, another token sees nothing, limits refuse before anything runs, a cancel
//! stops after the items in flight, and the subscription's events end with the final state.

use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use callerid_graphql::simulator::{DEMO_LOCATION_ADMIN_TOKEN, DEMO_READONLY_TOKEN};

use crate::caller_id::{puts, reset};
use crate::helpers::{ADMIN, TestApp, args, error_codes, route, spawn_app, spawn_with};

const JOB: &str = "id state dryRun clientMutationId total pending changed unchanged wouldChange \
    refused failed unknown message createdAt finishedAt";

const START: &str = "mutation($input: CallerIdJobInput!) { startCallerIdJob(input: $input) {
    id state dryRun clientMutationId total } }";

async fn start(app: &TestApp, token: &str, input: Value) -> Value {
    app.query(Some(token), START, json!({ "input": input }))
        .await
}

async fn started(app: &TestApp, input: Value) -> String {
    let r = start(app, ADMIN, input).await;
    assert!(r["errors"].is_null(), "{r}");
    let job = &r["data"]["startCallerIdJob"];
    assert!(
        ["QUEUED", "RUNNING"].contains(&job["state"].as_str().unwrap()),
        "{job}"
    );
    job["id"].as_str().unwrap().to_owned()
}

async fn job(app: &TestApp, token: &str, id: &str) -> Value {
    let q = format!("query($id: ID!) {{ callerIdJob(id: $id) {{ {JOB} }} }}");
    app.query(Some(token), &q, json!({ "id": id })).await
}

/// The job once it has stopped running.
pub(crate) async fn finished(app: &TestApp, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = job(app, ADMIN, id).await;
        let j = &r["data"]["callerIdJob"];
        assert!(j.is_object(), "{r}");
        if !["QUEUED", "RUNNING"].contains(&j["state"].as_str().unwrap()) {
            return j.clone();
        }
        assert!(Instant::now() < deadline, "job {id} still runs: {j}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every item of a job, in order.
async fn items(app: &TestApp, id: &str) -> Vec<Value> {
    let q = "query($id: ID!) { callerIdJob(id: $id) { items(first: 1000) { totalCount nodes {
        outcome code reason message entity { __typename id }
        previous { selected shownNumber } callerId { selected shownNumber } } } } }";
    let r = app.query(Some(ADMIN), q, json!({ "id": id })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["callerIdJob"]["items"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

/// A location's entities of one list with their caller ID.
async fn entities(app: &TestApp, location: &str, list: &str) -> Vec<Value> {
    let q = format!(
        "query($l: ID!) {{ location(id: $l) {{ {list}(first: 50) {{ nodes {{ id
           callerId {{ selected allowed shownNumber candidates(first: 5) {{ nodes {{ phoneNumber }} }} }} }} }} }} }}"
    );
    let r = app.query(Some(ADMIN), &q, json!({ "l": location })).await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["location"][list]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

fn allows(e: &Value, selection: &str) -> bool {
    e["callerId"]["allowed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == selection)
}

fn selected(e: &Value) -> &str {
    e["callerId"]["selected"].as_str().unwrap()
}

/// Entities that may switch to the location number and do not show it yet.
/// One change per entity: switch it to its location's number.
pub(crate) fn to_location_number(ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({ "id": id, "selected": "LOCATION_NUMBER" }))
        .collect()
}

async fn switchable(app: &TestApp, location: &str, list: &str) -> Vec<String> {
    entities(app, location, list)
        .await
        .iter()
        .filter(|e| allows(e, "LOCATION_NUMBER") && selected(e) != "LOCATION_NUMBER")
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_dry_run_is_the_plan_and_the_real_run_sends_exactly_its_changes() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let people = entities(&app, &sj, "people").await;
    let switch: Vec<&Value> = people
        .iter()
        .filter(|p| allows(p, "LOCATION_NUMBER") && selected(p) != "LOCATION_NUMBER")
        .take(3)
        .collect();
    let taken = |p: &Value| switch.iter().any(|s| s["id"] == p["id"]);
    let already = people
        .iter()
        .find(|p| selected(p) == "DIRECT_LINE" && !taken(p))
        .expect("someone on their direct line");
    let limited = people
        .iter()
        .find(|p| !allows(p, "LOCATION_NUMBER") && p["id"] != already["id"])
        .expect("someone without LOCATION_NUMBER");
    let workspaces = switchable(&app, &sj, "workspaces").await;
    let london = app
        .query(
            Some(ADMIN),
            "query($l: ID!) { availableCallerIdNumbers(locationId: $l, first: 1) { nodes { phoneNumber } } }",
            json!({ "l": app.location_id(0, "London").await }),
        )
        .await["data"]["availableCallerIdNumbers"]["nodes"][0]["phoneNumber"]
        .clone();
    let stranger =
        "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA";
    let mut changes: Vec<Value> = switch
        .iter()
        .map(|p| json!({ "id": p["id"], "selected": "LOCATION_NUMBER" }))
        .collect();
    changes.extend(
        workspaces
            .iter()
            .take(2)
            .map(|w| json!({ "id": w, "selected": "LOCATION_NUMBER" })),
    );
    let expected = [
        // (change, outcome, code, reason)
        (
            json!({ "id": already["id"], "selected": "DIRECT_LINE" }),
            "UNCHANGED",
            None,
            None,
        ),
        (
            json!({ "id": limited["id"], "selected": "LOCATION_NUMBER" }),
            "REFUSED",
            Some("BAD_USER_INPUT"),
            None,
        ),
        (
            json!({ "id": already["id"], "selected": "CUSTOM" }),
            "REFUSED",
            Some("BAD_USER_INPUT"),
            None,
        ),
        (
            json!({ "id": workspaces[2], "selected": "CUSTOM", "customNumber": london }),
            "REFUSED",
            Some("NUMBER_NOT_AVAILABLE"),
            Some("OTHER_COUNTRY"),
        ),
        (
            json!({ "id": stranger, "selected": "DIRECT_LINE" }),
            "REFUSED",
            Some("NOT_FOUND"),
            None,
        ),
    ];
    // The CUSTOM-without-number change repeats an id: it goes in a job of its own below.
    let (odd, rest): (Vec<_>, Vec<_>) = expected.iter().enumerate().partition(|(i, _)| *i == 2);
    let planned_changes = changes.len();
    changes.extend(rest.iter().map(|(_, (c, ..))| c.clone()));

    app.reset_stats().await;
    let id = started(
        &app,
        json!({ "changes": changes, "dryRun": true, "clientMutationId": "plan-1" }),
    )
    .await;
    let plan = finished(&app, &id).await;
    assert_eq!(puts(&app.take_stats().await), 0, "a dry run sends no PUT");
    assert_eq!(plan["state"], "PARTIAL", "{plan}");
    assert_eq!(plan["dryRun"], true);
    assert_eq!(plan["clientMutationId"], "plan-1");
    assert_eq!(plan["total"], changes.len());
    assert_eq!(plan["wouldChange"], planned_changes, "{plan}");
    assert_eq!(plan["unchanged"], 1, "{plan}");
    assert_eq!(plan["refused"], 3, "{plan}");
    assert!(plan["finishedAt"].is_string() && plan["createdAt"].is_string());
    let got = items(&app, &id).await;
    for (item, change) in got.iter().zip(&changes).take(planned_changes) {
        assert_eq!(item["outcome"], "WOULD_CHANGE", "{item}");
        assert_eq!(item["entity"]["id"], change["id"]);
        assert_eq!(item["callerId"]["selected"], "LOCATION_NUMBER");
        assert_ne!(item["previous"]["selected"], "LOCATION_NUMBER");
    }
    for (item, (_, (_, outcome, code, reason))) in got[planned_changes..].iter().zip(&rest) {
        assert_eq!(item["outcome"], *outcome, "{item}");
        assert_eq!(item["code"].as_str(), *code, "{item}");
        assert_eq!(item["reason"].as_str(), *reason, "{item}");
        if code.is_some() {
            assert!(item["message"].is_string(), "{item}");
        }
    }
    let (_, (change, outcome, code, _)) = odd[0];
    let lone = started(&app, json!({ "changes": [change], "dryRun": true })).await;
    let lone_items = items(&app, &lone).await;
    assert_eq!(lone_items[0]["outcome"], *outcome);
    assert_eq!(lone_items[0]["code"].as_str(), *code);
    assert!(
        lone_items[0]["message"]
            .as_str()
            .unwrap()
            .contains("changes[0].customNumber is required"),
        "{lone_items:?}"
    );

    // The real run: a PUT for each planned change, nothing for the rest.
    app.reset_stats().await;
    let id = started(&app, json!({ "changes": changes })).await;
    let done = finished(&app, &id).await;
    let stats = app.take_stats().await;
    assert_eq!(puts(&stats), planned_changes as u64, "{stats}");
    assert_eq!(done["state"], "PARTIAL", "{done}");
    assert_eq!(done["changed"], planned_changes, "{done}");
    assert_eq!(done["unchanged"], 1);
    assert_eq!(done["refused"], 3);
    assert_eq!(done["wouldChange"], 0);
    for item in items(&app, &id).await.iter().take(planned_changes) {
        assert_eq!(item["outcome"], "CHANGED", "{item}");
        assert_eq!(item["callerId"]["selected"], "LOCATION_NUMBER");
    }
    // Read back: the entities show it.
    let now = entities(&app, &sj, "people").await;
    for p in &switch {
        let p = now.iter().find(|n| n["id"] == p["id"]).unwrap();
        assert_eq!(selected(p), "LOCATION_NUMBER", "{p}");
    }
    // Calls per changed item: the read, the PUT, the read-back (no candidate check for
    // LOCATION_NUMBER); the refused ones cost their read and explanation.
    let reads = route(&stats, "GET /v1/people/{id}/features/callerId")
        + route(&stats, "GET /v1/workspaces/{id}/features/callerId");
    assert!(reads <= 2 * planned_changes as u64 + 4, "{stats}");
    reset(&app).await;
}

#[tokio::test]
async fn a_job_by_location_changes_exactly_the_entities_whose_selection_matches() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let mut expected: Vec<String> = Vec::new();
    for list in ["workspaces", "virtualLines"] {
        expected.extend(
            entities(&app, &sj, list)
                .await
                .iter()
                .filter(|e| selected(e) == "DIRECT_LINE")
                .map(|e| e["id"].as_str().unwrap().to_owned()),
        );
    }
    assert!(expected.len() > 3, "{expected:?}");
    let input = json!({ "atLocation": { "locationId": sj, "kinds": ["WORKSPACE", "VIRTUAL_LINE"],
        "whereSelected": ["DIRECT_LINE"], "set": { "selected": "LOCATION_NUMBER" } } });
    let id = started(
        &app,
        json!({ "atLocation": input["atLocation"], "dryRun": true }),
    )
    .await;
    let plan = finished(&app, &id).await;
    let mut planned: Vec<String> = items(&app, &id)
        .await
        .iter()
        .map(|i| i["entity"]["id"].as_str().unwrap().to_owned())
        .collect();
    planned.sort();
    expected.sort();
    assert_eq!(planned, expected, "{plan}");
    app.reset_stats().await;
    let id = started(&app, input).await;
    let done = finished(&app, &id).await;
    let stats = app.take_stats().await;
    assert_eq!(done["total"], expected.len());
    assert_eq!(
        puts(&stats),
        done["changed"].as_u64().unwrap(),
        "a PUT per change: {stats}"
    );
    assert_eq!(
        done["changed"].as_u64().unwrap() + done["refused"].as_u64().unwrap(),
        expected.len() as u64,
        "{done}"
    );
    // Calls per changed workspace or virtual line: read (while listing), PUT, read-back.
    let changed = done["changed"].as_u64().unwrap();
    let refused = done["refused"].as_u64().unwrap();
    let listed = (entities(&app, &sj, "workspaces").await.len()
        + entities(&app, &sj, "virtualLines").await.len()) as u64;
    let calls = crate::helpers::total(&stats);
    assert!(
        calls <= 2 + listed + 2 * changed + refused,
        "listing, one read each, PUT and read-back per change: {calls} calls, {stats}"
    );
    for list in ["workspaces", "virtualLines"] {
        for e in entities(&app, &sj, list).await {
            if expected.contains(&e["id"].as_str().unwrap().to_owned())
                && allows(&e, "LOCATION_NUMBER")
            {
                assert_eq!(selected(&e), "LOCATION_NUMBER", "{e}");
            }
        }
    }
    reset(&app).await;
}

#[tokio::test]
async fn failed_puts_fail_their_items_and_a_resume_retries_only_them() {
    let app = spawn_with(args(&["--upstream-max-attempts", "1"])).await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let ids = switchable(&app, &sj, "workspaces").await;
    let ids = &ids[..6];
    // Webex fails the PUTs of two of them.
    for id in &ids[..2] {
        app.fault(json!({ "method": "PUT", "path": id, "status": 500 }))
            .await;
    }
    let changes = to_location_number(ids);
    app.reset_stats().await;
    let id = started(&app, json!({ "changes": changes })).await;
    let done = finished(&app, &id).await;
    assert_eq!(done["state"], "PARTIAL", "{done}");
    assert_eq!(
        (done["changed"].as_u64(), done["failed"].as_u64()),
        (Some(4), Some(2))
    );
    let got = items(&app, &id).await;
    for item in &got[..2] {
        assert_eq!(item["outcome"], "FAILED", "{item}");
        assert_eq!(item["code"], "UPSTREAM_UNAVAILABLE", "{item}");
    }
    assert_eq!(puts(&app.take_stats().await), 6);
    app.clear_faults().await;

    let r = app
        .query(
            Some(ADMIN),
            "mutation($id: ID!) { resumeCallerIdJob(id: $id) { id state } }",
            json!({ "id": id }),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let done = finished(&app, &id).await;
    assert_eq!(done["state"], "SUCCEEDED", "{done}");
    assert_eq!(done["changed"], 6);
    let stats = app.take_stats().await;
    assert_eq!(puts(&stats), 2, "only the failed items again: {stats}");
    // A finished job does not resume.
    let again = app
        .query(
            Some(ADMIN),
            "mutation($id: ID!) { resumeCallerIdJob(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_codes(&again), vec!["BAD_USER_INPUT"], "{again}");
    reset(&app).await;
}

#[tokio::test]
async fn a_job_is_its_tokens_alone() {
    let app = spawn_app().await;
    let sj = app.location_id(0, "San Jose").await;
    let ids = switchable(&app, &sj, "workspaces").await;
    let id = started(
        &app,
        json!({ "changes": [{ "id": ids[0], "selected": "LOCATION_NUMBER" }], "dryRun": true }),
    )
    .await;
    finished(&app, &id).await;
    for token in [DEMO_READONLY_TOKEN, DEMO_LOCATION_ADMIN_TOKEN] {
        let r = job(&app, token, &id).await;
        assert!(r["data"]["callerIdJob"].is_null(), "{r}");
        assert_eq!(error_codes(&r), vec!["NOT_FOUND"], "{r}");
        for mutation in ["resumeCallerIdJob", "cancelCallerIdJob"] {
            let r = app
                .query(
                    Some(token),
                    &format!("mutation($id: ID!) {{ {mutation}(id: $id) {{ id }} }}"),
                    json!({ "id": id }),
                )
                .await;
            assert_eq!(error_codes(&r), vec!["NOT_FOUND"], "{mutation}: {r}");
        }
        let events = subscribe(&app, token, &id).await;
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(
            events[0]["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{events:?}"
        );
    }
    // The owner finds it by `node(id:)` too; an id never issued is NOT_FOUND.
    let r = app
        .query(
            Some(ADMIN),
            "query($id: ID!) { node(id: $id) { __typename id ... on CallerIdJob { state } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r["data"]["node"]["__typename"], "CallerIdJob", "{r}");
    let r = job(&app, ADMIN, "CallerIdJob-00000000000000000000000000000000").await;
    assert_eq!(error_codes(&r), vec!["NOT_FOUND"], "{r}");
    // Job ids are random.
    let other = started(
        &app,
        json!({ "changes": [{ "id": ids[0], "selected": "LOCATION_NUMBER" }], "dryRun": true }),
    )
    .await;
    assert_ne!(other, id);
    assert!(id.len() >= "CallerIdJob-".len() + 32, "{id}");
}

#[tokio::test]
async fn limits_and_bad_input_refuse_the_job_before_it_starts() {
    let app = spawn_with(args(&["--job-max-items", "3", "--job-max-running", "1"])).await;
    let sj = app.location_id(0, "San Jose").await;
    let ids = switchable(&app, &sj, "workspaces").await;
    let change = |i: usize| json!({ "id": ids[i], "selected": "LOCATION_NUMBER" });
    let set = json!({ "selected": "LOCATION_NUMBER" });
    let cases = [
        (json!({ "changes": [] }), "at least one change"),
        (
            json!({ "changes": [change(0), change(1), change(2), change(3)] }),
            "at most 3",
        ),
        (
            json!({ "changes": [change(0), change(0)] }),
            "input.changes[1].id is input.changes[0].id again",
        ),
        (json!({}), "exactly one of changes and atLocation"),
        (
            json!({ "changes": [change(0)], "atLocation": { "locationId": sj, "set": set } }),
            "exactly one of changes and atLocation",
        ),
        (
            json!({ "atLocation": { "locationId": " ", "set": set } }),
            "input.atLocation.locationId",
        ),
        (
            json!({ "atLocation": { "locationId": sj, "kinds": [], "set": set } }),
            "input.atLocation.kinds",
        ),
        (
            json!({ "atLocation": { "locationId": sj, "set": { "selected": "CUSTOM" } } }),
            "input.atLocation.set.customNumber is required",
        ),
    ];
    for (input, says) in cases {
        app.reset_stats().await;
        let r = start(&app, ADMIN, input.clone()).await;
        assert_eq!(error_codes(&r), vec!["BAD_USER_INPUT"], "{input}: {r}");
        let message = r["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{input}: {message}");
        assert_eq!(crate::helpers::total(&app.take_stats().await), 0, "{input}");
    }
    // One running job per token here: a second is refused while the first runs.
    app.fault(json!({ "path": "/features/callerId", "latencyMs": 1500 }))
        .await;
    let first = started(&app, json!({ "changes": [change(0)], "dryRun": true })).await;
    let r = start(
        &app,
        ADMIN,
        json!({ "changes": [change(1)], "dryRun": true }),
    )
    .await;
    assert_eq!(error_codes(&r), vec!["BAD_USER_INPUT"], "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--job-max-running")
    );
    app.clear_faults().await;
    finished(&app, &first).await;
    started(&app, json!({ "changes": [change(1)], "dryRun": true })).await;
}

#[tokio::test]
async fn a_cancel_stops_after_the_items_in_flight() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let ids: Vec<String> = switchable(&app, &sj, "people")
        .await
        .into_iter()
        .take(40)
        .collect();
    assert!(ids.len() > 26, "more than one batch: {}", ids.len());
    let changes = to_location_number(&ids);
    app.fault(json!({ "method": "PUT", "latencyMs": 300 }))
        .await;
    let id = started(&app, json!({ "changes": changes })).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let r = app
        .query(
            Some(ADMIN),
            "mutation($id: ID!) { cancelCallerIdJob(id: $id) { id state } }",
            json!({ "id": id }),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let done = finished(&app, &id).await;
    app.clear_faults().await;
    assert_eq!(done["state"], "CANCELLED", "{done}");
    let pending = done["pending"].as_u64().unwrap();
    assert!(pending > 0 && pending < ids.len() as u64, "{done}");
    assert_eq!(
        done["changed"].as_u64().unwrap() + pending,
        ids.len() as u64,
        "the batch in flight finished, the rest waits: {done}"
    );
    assert!(done["finishedAt"].is_string());
    reset(&app).await;
}

/// The events a `graphql-transport-ws` subscription to the job sends, up to `complete`.
pub(crate) async fn subscribe_at(url: &str, token: &str, id: &str) -> Vec<Value> {
    let ws = url.replace("http://", "ws://");
    let mut request = ws.into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let send = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(send(json!({ "type": "connection_init",
            "payload": { "Authorization": format!("Bearer {token}") } })))
        .await
        .unwrap();
    let next = |m: Option<Result<Message, _>>| -> Value {
        match m {
            Some(Ok(Message::Text(t))) => serde_json::from_str(&t).unwrap(),
            other => panic!("unexpected {other:?}"),
        }
    };
    let ack = next(socket.next().await);
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let query = format!("subscription($id: ID!) {{ callerIdJob(id: $id) {{ {JOB} }} }}");
    socket
        .send(send(json!({ "id": "1", "type": "subscribe",
            "payload": { "query": query, "variables": { "id": id } } })))
        .await
        .unwrap();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("the subscription completes");
        let m = next(message);
        match m["type"].as_str() {
            Some("next") => events.push(m["payload"].clone()),
            Some("complete") => break,
            Some("error") => {
                events.push(json!({ "errors": m["payload"] }));
                break;
            }
            _ => panic!("unexpected {m}"),
        }
    }
    events
}

async fn subscribe(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    subscribe_at(&app.url, token, id).await
}

#[tokio::test]
async fn the_subscription_follows_the_job_to_its_end() {
    let app = spawn_app().await;
    reset(&app).await;
    let sj = app.location_id(0, "San Jose").await;
    let ids: Vec<String> = switchable(&app, &sj, "people")
        .await
        .into_iter()
        .take(30)
        .collect();
    let changes = to_location_number(&ids);
    app.fault(json!({ "method": "PUT", "latencyMs": 150 }))
        .await;
    let id = started(&app, json!({ "changes": changes })).await;
    let events = subscribe(&app, ADMIN, &id).await;
    app.clear_faults().await;
    assert!(events.len() >= 2, "progress, then the end: {events:?}");
    for e in &events {
        assert!(e["errors"].is_null(), "{e}");
    }
    let last = &events.last().unwrap()["data"]["callerIdJob"];
    assert_eq!(last["state"], "SUCCEEDED", "{last}");
    assert_eq!(last["changed"], ids.len());
    assert_eq!(last["pending"], 0);
    // Counts only grow, and no two events in a row are the same.
    let changed: Vec<u64> = events
        .iter()
        .map(|e| e["data"]["callerIdJob"]["changed"].as_u64().unwrap())
        .collect();
    assert!(changed.windows(2).all(|w| w[0] <= w[1]), "{changed:?}");
    // A finished job: one event, then complete.
    let again = subscribe(&app, ADMIN, &id).await;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["data"]["callerIdJob"]["state"], "SUCCEEDED");
    reset(&app).await;
}

#[tokio::test]
async fn a_socket_needs_a_token_and_runs_only_subscriptions() {
    let app = spawn_app().await;
    let connect = || async {
        let ws = app.url.replace("http://", "ws://");
        let mut request = ws.into_client_request().unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        tokio_tungstenite::connect_async(request).await.unwrap().0
    };
    let text = |v: Value| Message::Text(v.to_string().into());
    let mut socket = connect().await;
    socket
        .send(text(json!({ "type": "connection_init", "payload": {} })))
        .await
        .unwrap();
    match socket.next().await {
        Some(Ok(Message::Close(Some(frame)))) => {
            assert!(frame.reason.contains("Authorization"), "{frame:?}");
        }
        other => panic!("expected a close, got {other:?}"),
    }
    // With a token, a mutation sent over the socket is refused, not run.
    let mut socket = connect().await;
    socket
        .send(text(json!({ "type": "connection_init",
            "payload": { "authorization": format!("Bearer {ADMIN}") } })))
        .await
        .unwrap();
    socket.next().await.unwrap().unwrap();
    app.reset_stats().await;
    socket
        .send(text(json!({ "id": "m", "type": "subscribe", "payload": {
            "query": "mutation { cancelCallerIdJob(id: \"CallerIdJob-x\") { id } }" } })))
        .await
        .unwrap();
    let Some(Ok(Message::Text(answer))) = socket.next().await else {
        panic!("no answer");
    };
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        answer["payload"]["errors"][0]["extensions"]["code"], "BAD_REQUEST",
        "{answer}"
    );
    assert_eq!(crate::helpers::total(&app.take_stats().await), 0);
}
