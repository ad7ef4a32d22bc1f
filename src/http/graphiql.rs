//! The GraphiQL playground: an HTML page plus its JS/CSS, embedded at build time from the pinned
//! npm packages (see `build.rs`), so it works with no network. When the build could not fetch them
//! the page loads the same pinned versions from unpkg instead.

use axum::extract::Path;

use super::Playground;
use crate::simulator::{self, DEMO_ADMIN_TOKEN};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The embedded asset bytes.
#[derive(Debug)]
pub(crate) struct Assets {
    graphiql_js: &'static [u8],
    graphiql_css: &'static [u8],
    react_js: &'static [u8],
    react_dom_js: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/graphiql_assets.rs"));

/// Our own bootstrap script, served as a file so the page needs no inline script.
const BOOTSTRAP_JS: &str = include_str!("graphiql_bootstrap.js");

/// Whether this binary carries the assets (false: the page uses the CDN).
pub(crate) fn embedded() -> bool {
    EMBEDDED.is_some()
}

/// The playground page, opening on `query` with `headers` in the headers tab, and a tab for each
/// of `examples` (the first is `query`).
pub(crate) fn page(query: &str, examples: &[String], headers: &str) -> Html<String> {
    let (css, react, react_dom, graphiql) = if embedded() {
        (
            "/graphiql/graphiql.min.css",
            "/graphiql/react.production.min.js",
            "/graphiql/react-dom.production.min.js",
            "/graphiql/graphiql.min.js",
        )
    } else {
        (
            "https://unpkg.com/graphiql@4.1.2/graphiql.min.css",
            "https://unpkg.com/react@18.3.1/umd/react.production.min.js",
            "https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js",
            "https://unpkg.com/graphiql@4.1.2/graphiql.min.js",
        )
    };
    let config =
        serde_json::json!({ "query": query, "examples": examples, "headers": headers }).to_string();
    // `</` cannot appear inside a <script> element's text; JSON allows escaping the slash.
    let config = config.replace("</", "<\\/");
    Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callerid-graphql · GraphiQL</title>
<link rel="stylesheet" href="{css}">
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="graphiql-config" type="application/json">{config}</script>
<script src="{react}"></script>
<script src="{react_dom}"></script>
<script src="{graphiql}"></script>
<script src="/graphiql/bootstrap.js"></script>
</body>
</html>
"#
    ))
}

/// `GET /graphiql/{file}`.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    let (bytes, mime): (&[u8], &str) = match (file.as_str(), EMBEDDED.as_ref()) {
        ("bootstrap.js", _) => (BOOTSTRAP_JS.as_bytes(), "text/javascript; charset=utf-8"),
        ("graphiql.min.js", Some(a)) => (a.graphiql_js, "text/javascript; charset=utf-8"),
        ("graphiql.min.css", Some(a)) => (a.graphiql_css, "text/css; charset=utf-8"),
        ("react.production.min.js", Some(a)) => (a.react_js, "text/javascript; charset=utf-8"),
        ("react-dom.production.min.js", Some(a)) => {
            (a.react_dom_js, "text/javascript; charset=utf-8")
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // The versions are pinned into the binary, so a cached copy never goes stale within a release.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

/// The playground's example operations (the numbers of a location, then a caller ID change as a
/// dry run) and, in simulator mode, the demo token.
pub(crate) fn playground(simulated: bool) -> Playground {
    let (location, person) = if simulated {
        (simulator::demo_location_id(), simulator::demo_person_id())
    } else {
        ("YOUR_LOCATION_ID".to_owned(), "A_PERSON_ID".to_owned())
    };
    let query = format!(
        r#"# Numbers a person, workspace or virtual line at this location may show as caller ID.
query AvailableNumbers {{
  availableCallerIdNumbers(locationId: "{location}", first: 10) {{
    nodes {{
      phoneNumber
      state
      isMainNumber
      location {{ name timeZone }}
      owner {{
        __typename
        ... on Owner {{ id ownerType rawType }}
        ... on Person {{ firstName lastName emails department }}
        ... on Workspace {{ displayName capacity }}
        ... on HuntGroup {{ displayName extension }}
      }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"#
    );
    let change = format!(
        r#"# Change a caller ID: pick the number callers see. With dryRun: true every check runs
# (allowed selection, the number among the candidates) and nothing is saved; set it to false
# to save. Ids come from `locations {{ nodes {{ people {{ nodes {{ id }} }} }} }}`.
mutation PickCallerId {{
  setCallerId(input: {{ id: "{person}", selected: DIRECT_LINE, dryRun: true }}) {{
    dryRun
    changed
    previous {{ selected shownNumber }}
    callerId {{
      selected
      shownNumber
      allowed
      candidates(first: 5) {{ nodes {{ phoneNumber }} }}
    }}
    owner {{ id ... on Person {{ displayName }} }}
  }}
}}
"#
    );
    let lists = format!(
        r#"# Any number an administrator assigns: one list per purpose (`for:`), on the location or
# on the person, workspace or virtual line it is for. Here, where a hunt group may forward calls
# (extension-only items included), and who may be this person's emergency callback number.
query ChooseAnyNumber {{
  location(id: "{location}") {{
    name
    availableNumbers(for: HUNT_GROUP_CALL_FORWARD, first: 5, filter: {{ ownerName: "internal" }}) {{
      nodes {{ phoneNumber extension owner {{ __typename ... on Owner {{ displayName }} }} }}
    }}
  }}
  node(id: "{person}") {{
    ... on Person {{
      displayName
      availableNumbers(for: EMERGENCY_CALLBACK, first: 5) {{
        nodes {{ phoneNumber telephonyType owner {{ __typename ... on Owner {{ displayName }} }} }}
        pageInfo {{ hasNextPage endCursor }}
      }}
    }}
  }}
}}
"#
    );
    let job = format!(
        r#"# Many at once: every workspace of the location that shows its direct line, to the
# location number, as a dry run (the plan: nothing is written). Run it, then ask for the job by
# its id with `callerIdJob(id:)` (or follow it with `subscription {{ callerIdJob(id:) }}`), and
# start it again without `dryRun` once the plan looks right.
mutation PlanCallerIdJob {{
  startCallerIdJob(input: {{
    dryRun: true
    atLocation: {{
      locationId: "{location}"
      kinds: [WORKSPACE]
      whereSelected: [DIRECT_LINE]
      set: {{ selected: LOCATION_NUMBER }}
    }}
  }}) {{
    id
    state
    dryRun
    createdAt
  }}
}}
"#
    );
    let headers = if simulated {
        format!("{{\n  \"Authorization\": \"Bearer {DEMO_ADMIN_TOKEN}\"\n}}")
    } else {
        "{\n  \"Authorization\": \"Bearer YOUR_WEBEX_ADMIN_TOKEN\"\n}".to_owned()
    };
    Playground {
        examples: vec![query.clone(), change, lists, job],
        query,
        headers,
    }
}
