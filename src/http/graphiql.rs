//! The GraphiQL playground: an HTML page plus its JS/CSS, embedded at build time from the pinned
//! npm packages (see `build.rs`), so it works with no network. When the build could not fetch them
//! the page loads the same pinned versions from unpkg instead.

use axum::extract::Path;
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
