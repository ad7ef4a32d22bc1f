//! The simulator as a Webex stand-in, and the client against payloads the published sources
//! allow: odd items never cost a page, Customer Assist queues resolve, lists page with `Link`,
//! the control routes stay local, and `orgId` goes only where Webex documents it.

use std::collections::HashSet;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{
    ADMIN, SendJson, args, error_codes, http, nodes, route, spawn_app, spawn_with,
};

#[tokio::test]
async fn odd_number_items_never_cost_the_page() {
    let server = MockServer::start().await;
    let numbers = json!({ "phoneNumbers": [
        // Flags as null and as strings, a state and an owner type added after this service.
        { "phoneNumber": "+1", "state": "PORTING", "isMainNumber": null, "tollFreeNumber": "true",
          "location": { "id": "L1", "name": null },
          "owner": { "id": "A1", "type": "AI_RECEPTIONIST", "displayName": null } },
        // No phone number: unusable, left out with an error naming it.
        { "phoneNumber": null, "state": "ACTIVE", "location": { "id": "L1", "name": "One" } },
        // A number sent as a JSON number.
        { "phoneNumber": 12036390542_u64, "state": "ACTIVE", "isMainNumber": false,
          "tollFreeNumber": false, "isServiceNumber": false, "location": { "id": "L1", "name": "One" } }
    ]});
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L1/externalCallerId/availableNumbers",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(numbers))
        .expect(1)
        .mount(&server)
        .await;
    let upstream = format!("{}/v1", server.uri());
    let app = spawn_with(args(&["--upstream-url", &upstream])).await;
    let q = r#"{ availableCallerIdNumbers(locationId: "L1") {
        edges { cursor node { phoneNumber state isMainNumber tollFreeNumber isServiceNumber
                owner { __typename ... on Owner { ownerType rawType displayName } } } } } }"#;
    let response = app.query(Some("real-token"), q, json!({})).await;
    let edges = response["data"]["availableCallerIdNumbers"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"));
    assert_eq!(edges.len(), 2, "{response}");
    let first = &edges[0]["node"];
    assert_eq!(first["state"], "UNKNOWN");
    assert_eq!(
        (
            first["isMainNumber"].clone(),
            first["tollFreeNumber"].clone()
        ),
        (json!(false), json!(true))
    );
    assert_eq!(first["owner"]["__typename"], "UnknownOwner");
    assert_eq!(first["owner"]["rawType"], "AI_RECEPTIONIST");
    assert_eq!(edges[1]["node"]["phoneNumber"], "12036390542");
    assert_eq!(error_codes(&response), ["UPSTREAM_BAD_RESPONSE"]);
    let error = &response["errors"][0];
    assert_eq!(error["path"], json!(["availableCallerIdNumbers"]));
    assert!(
        error["message"].as_str().unwrap().contains("offset 1"),
        "{error}"
    );
    // The skipped item keeps its place: the last number's cursor continues after offset 2.
    use base64::Engine;
    let cursor = edges[1]["cursor"].as_str().unwrap();
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .unwrap();
    assert!(String::from_utf8(raw).unwrap().starts_with("n1:2:"));
}

/// The owner of `phone` at `location` as a call queue, with the calls it cost.
async fn queue_details(app: &crate::helpers::TestApp, location: &str, phone: &str) -> (Value, u64) {
    app.reset_stats().await;
    let q = r#"query($l: ID!, $p: String!) { availableCallerIdNumbers(locationId: $l, filter: { phoneNumbers: [$p] }) {
        nodes { owner { ... on CallQueue { name enabled language department { name } } } } } }"#;
    let response = app
        .query(Some(ADMIN), q, json!({ "l": location, "p": phone }))
        .await;
    assert!(response["errors"].is_null(), "{response}");
    let stats = app.take_stats().await;
    let calls = route(
        &stats,
        "GET /v1/telephony/config/locations/{locationId}/queues/{id}",
    );
    (nodes(&response)[0]["owner"].clone(), calls)
}

#[tokio::test]
async fn customer_assist_and_plain_call_queues_both_resolve() {
    let app = spawn_app().await;
    let pick = |v: Value| {
        let q = &v["queues"][0];
        (
            q["locationId"].as_str().unwrap().to_owned(),
            q["phoneNumber"].as_str().unwrap().to_owned(),
            q["name"].as_str().unwrap().to_owned(),
        )
    };
    let (cx_at, cx_phone, cx_name) = pick(
        app.sim_get("/v1/telephony/config/queues?hasCxEssentials=true&max=1")
            .await,
    );
    let (at, phone, name) = pick(app.sim_get("/v1/telephony/config/queues?max=1").await);
    let (plain, plain_calls) = queue_details(&app, &at, &phone).await;
    assert_eq!(plain["name"], name.as_str());
    assert_eq!(plain_calls, 1, "a plain queue is read at once");
    let (cx, cx_calls) = queue_details(&app, &cx_at, &cx_phone).await;
    assert_eq!(cx["name"], cx_name.as_str());
    assert!(
        cx["department"]["name"].is_string() && cx["enabled"] == true,
        "{cx}"
    );
    assert_eq!(
        cx_calls, 2,
        "a Customer Assist queue needs hasCxEssentials=true"
    );
}

#[tokio::test]
async fn the_simulator_lists_locations_paged_with_link() {
    let app = spawn_app().await;
    let first = http()
        .get(format!("{}/v1/locations?max=4", app.sim))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let link = first.headers()["link"].to_str().unwrap().to_owned();
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 4);
    let next = link
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        link.ends_with("rel=\"next\"") && next.contains("start=4"),
        "{link}"
    );
    let mut names: HashSet<String> = HashSet::new();
    let mut url = Some(format!("{}/v1/locations?max=4", app.sim));
    while let Some(u) = url {
        let page = http().get(&u).bearer_auth(ADMIN).send().await.unwrap();
        url = page.headers().get("link").map(|l| {
            l.to_str()
                .unwrap()
                .trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        });
        let body: Value = page.json().await.unwrap();
        for item in body["items"].as_array().unwrap() {
            assert!(item["timeZone"].is_string() && item["address"]["city"].is_string());
            names.insert(item["name"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        names.len(),
        9,
        "every Acme location exactly once: {names:?}"
    );
    // Filters: name contains, case-insensitive; the location admin sees only San Jose.
    let body = app.sim_get("/v1/locations?name=an").await;
    let found: HashSet<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(found.contains("San Jose") && found.contains("Bangalore") && !found.contains("London"));
    let mine: Value = http()
        .get(format!("{}/v1/locations", app.sim))
        .bearer_auth("demo-location-admin-token")
        .send_json()
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn control_routes_answer_only_on_loopback_unless_allowed() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use callerid_graphql::simulator::{SimulatorConfig, router};
    use tower::ServiceExt;
    let from = |ip: [u8; 4]| {
        axum::http::Request::get("/_simulator/stats")
            .extension(ConnectInfo(std::net::SocketAddr::from((ip, 40000))))
            .body(Body::empty())
            .unwrap()
    };
    let sim = router(SimulatorConfig::default());
    assert_eq!(
        sim.clone()
            .oneshot(from([127, 0, 0, 1]))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        sim.clone()
            .oneshot(from([192, 0, 2, 7]))
            .await
            .unwrap()
            .status(),
        403
    );
    // The Webex routes themselves answer anyone with a token, as Webex does.
    let webex = axum::http::Request::get("/v1/locations")
        .header("authorization", format!("Bearer {ADMIN}"))
        .extension(ConnectInfo(std::net::SocketAddr::from((
            [192, 0, 2, 7],
            40000,
        ))))
        .body(Body::empty())
        .unwrap();
    assert_eq!(sim.oneshot(webex).await.unwrap().status(), 200);
    let open = router(SimulatorConfig {
        control_from_anywhere: true,
        ..SimulatorConfig::default()
    });
    assert_eq!(
        open.oneshot(from([192, 0, 2, 7])).await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn org_id_goes_only_to_endpoints_that_document_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/telephony/config/locations/L1/externalCallerId/availableNumbers",
        ))
        .and(query_param("orgId", "ORG"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "phoneNumbers": [
                { "phoneNumber": "+1", "state": "ACTIVE", "location": { "id": "L1", "name": "One" },
                  "owner": { "id": "W1", "type": "PLACE", "displayName": "Room" } }
            ]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/workspaces/W1"))
        .and(query_param_is_missing("orgId"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "id": "W1", "capacity": 6 })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/locations/L1"))
        .and(query_param("orgId", "ORG"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "id": "L1", "name": "One", "timeZone": "UTC" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let upstream = format!("{}/v1", server.uri());
    let app = spawn_with(args(&["--upstream-url", &upstream])).await;
    let q = r#"{ availableCallerIdNumbers(locationId: "L1", orgId: "ORG") {
        nodes { location { timeZone } owner { ... on Workspace { capacity } } } } }"#;
    let response = app.query(Some("real-token"), q, json!({})).await;
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(nodes(&response)[0]["owner"]["capacity"], 6);
    assert_eq!(nodes(&response)[0]["location"]["timeZone"], "UTC");
}

#[tokio::test]
async fn the_callers_trace_continues_into_every_upstream_call() {
    let server = crate::helpers::one_person_webex().await;
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let upstream = format!("{}/v1", server.uri());
    let app = spawn_with(args(&["--upstream-url", &upstream])).await;
    let response = http()
        .post(&app.url)
        .bearer_auth("real-token")
        .header("traceparent", format!("00-{trace}-00f067aa0ba902b7-01"))
        .header("tracestate", "congo=t61rcWkgMzE")
        .json(&json!({ "query": r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { owner { ... on Person { emails } } } } }"# }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(body["errors"].is_null(), "{body}");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let mut parents = HashSet::new();
    for r in &received {
        let parent = r
            .headers
            .get("traceparent")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            parent.starts_with(&format!("00-{trace}-")) && parent.ends_with("-01"),
            "{parent}"
        );
        assert_eq!(r.headers.get("tracestate").unwrap(), "congo=t61rcWkgMzE");
        parents.insert(parent);
    }
    assert_eq!(
        parents.len(),
        2,
        "each upstream call is its own span of the trace"
    );
    // A malformed traceparent is not passed on.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "phoneNumbers": [] })))
        .mount(&server)
        .await;
    http()
        .post(&app.url)
        .bearer_auth("real-token")
        .header("traceparent", "garbage")
        .json(&json!({ "query": r#"{ availableCallerIdNumbers(locationId: "L1") { nodes { phoneNumber } } }"# }))
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(
        received
            .iter()
            .all(|r| r.headers.get("traceparent").is_none())
    );
}
