use super::*;
use crate::webex::ErrorBody;

fn status(status: u16) -> ApiError {
    ApiError::from(webex::Error::Status {
        endpoint: "GET /v1/x",
        status,
        body: Box::new(ErrorBody {
            message: Some("m".into()),
            errors: vec![],
            tracking_id: Some("T1".into()),
            coded: vec![],
        }),
        tracking_id: "T1".into(),
        retry_after: None,
    })
}

fn ext(e: ApiError) -> async_graphql::Value {
    let e: async_graphql::Error = e.into();
    let v = serde_json::to_value(e.extensions.unwrap()).unwrap();
    async_graphql::Value::from_json(v).unwrap()
}

fn code_of(e: ApiError) -> String {
    let e: async_graphql::Error = e.into();
    let v = serde_json::to_value(e.extensions.unwrap()).unwrap();
    v["code"].as_str().unwrap().to_owned()
}

#[test]
fn every_variant_maps_to_its_code() {
    assert_eq!(
        code_of(ApiError::BadUserInput("x".into())),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        code_of(ApiError::Unauthenticated("x".into())),
        "UNAUTHENTICATED"
    );
    assert_eq!(code_of(ApiError::NotFound("x".into())), "NOT_FOUND");
    assert_eq!(
        code_of(ApiError::Internal("x".into())),
        "INTERNAL_SERVER_ERROR"
    );
    for (s, c) in [
        (400, "BAD_USER_INPUT"),
        (401, "UNAUTHENTICATED"),
        (403, "FORBIDDEN"),
        (404, "NOT_FOUND"),
        (409, "UPSTREAM_ERROR"),
        (429, "RATE_LIMITED"),
        (500, "UPSTREAM_UNAVAILABLE"),
        (503, "UPSTREAM_UNAVAILABLE"),
    ] {
        assert_eq!(code_of(status(s)), c, "{s}");
    }
    let timeout = webex::Error::Timeout {
        endpoint: "e",
        tracking_id: "T".into(),
    };
    assert_eq!(code_of(timeout.into()), "UPSTREAM_TIMEOUT");
    let decode = webex::Error::Decode {
        endpoint: "e",
        tracking_id: "T".into(),
        source: serde_json::from_str::<u8>("{").unwrap_err(),
    };
    assert_eq!(code_of(decode.into()), "UPSTREAM_BAD_RESPONSE");
    let limited = webex::Error::RateLimited {
        endpoint: "e",
        status: 429,
        body: Box::default(),
        tracking_id: "T".into(),
        retry_after: Duration::from_millis(1500),
    };
    let v = ext(limited.into());
    let async_graphql::Value::Object(o) = v else {
        panic!()
    };
    assert_eq!(o["code"], async_graphql::Value::from("RATE_LIMITED"));
    assert_eq!(o["retryAfter"], async_graphql::Value::from(2));
}

#[tokio::test]
async fn transport_failures_and_refused_links_have_their_codes() {
    // Port 9 (discard) on loopback is closed here: a real connection-refused reqwest error.
    webex::init_tls();
    let source = reqwest::Client::new()
        .get("http://127.0.0.1:9/")
        .send()
        .await
        .unwrap_err();
    let transport = webex::Error::Transport {
        endpoint: "e",
        tracking_id: "T".into(),
        source,
    };
    assert_eq!(code_of(transport.into()), "UPSTREAM_UNAVAILABLE");
    let refused = webex::Error::LinkRefused {
        endpoint: "e",
        tracking_id: "T".into(),
        reason: "next-page link points to another origin".into(),
    };
    let e: async_graphql::Error = ApiError::from(refused).into();
    assert!(e.message.contains("next-page link points to another host"));
    assert_eq!(
        e.extensions.unwrap().get("code"),
        Some(&async_graphql::Value::from("UPSTREAM_LINK_REFUSED"))
    );
    let unusable = webex::Error::InvalidInput {
        endpoint: "e",
        reason: "\"..\" is not a usable id".into(),
    };
    let e: async_graphql::Error = ApiError::from(unusable).into();
    assert_eq!(
        e.message,
        "\"..\" is not a usable id; nothing was sent to Webex"
    );
    assert_eq!(
        e.extensions.unwrap().get("code"),
        Some(&async_graphql::Value::from("BAD_USER_INPUT"))
    );
    let config = webex::Error::Request {
        endpoint: "e",
        reason: "the upstream URL cannot take a path".into(),
    };
    let e: async_graphql::Error = ApiError::from(config).into();
    assert_eq!(e.message, "Internal server error");
}

#[test]
fn upstream_errors_carry_status_tracking_id_and_message() {
    let e: async_graphql::Error = status(403).into();
    let v = serde_json::to_value(e.extensions.unwrap()).unwrap();
    assert_eq!(v["upstream"]["status"], 403);
    assert_eq!(v["upstream"]["trackingId"], "T1");
    assert_eq!(v["upstream"]["message"], "m");
    assert_eq!(v["trackingId"], "T1");
    assert_eq!(e.message, "Webex answered 403: m");
}

#[test]
fn internal_details_do_not_reach_the_client() {
    let e: async_graphql::Error = ApiError::Internal("db password=x".into()).into();
    assert_eq!(e.message, "Internal server error");
}
