//! The playground page and its assets.

use crate::helpers::spawn_app;

#[tokio::test]
async fn browsers_get_graphiql_with_the_demo_token_and_an_example_query() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(&app.url)
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Bearer demo-admin-token"), "{html}");
    assert!(html.contains("availableCallerIdNumbers"));
    let location = app.location_id(0, "San Jose").await;
    assert!(html.contains(&location));
    // The bootstrap script is always ours; the bundles are embedded unless the build had no npm.
    let js = app
        .http
        .get(app.url.replace("/graphql", "/graphiql/bootstrap.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    if html.contains("/graphiql/graphiql.min.js") {
        let bundle = app
            .http
            .get(app.url.replace("/graphql", "/graphiql/graphiql.min.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(bundle.status(), 200);
        assert!(
            bundle.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("javascript")
        );
        assert!(bundle.bytes().await.unwrap().len() > 500_000);
    }
}

#[tokio::test]
async fn the_playground_can_be_switched_off() {
    let app = crate::helpers::spawn_with(crate::helpers::args(&["--no-graphiql"])).await;
    let response = app.playground().await;
    assert_eq!(response.status(), 400);
}

/// Renders the playground in headless Chromium with every other network access blocked, so it
/// proves the page works from the binary's embedded assets alone. `.ci/run` installs Chromium and
/// runs it with the other `#[ignore]`d tests.
#[tokio::test]
#[ignore = "needs chromium"]
async fn graphiql_renders_in_a_real_browser_without_any_cdn() {
    browser();
    let app = spawn_app().await;
    let profile = std::env::temp_dir().join(format!("callerid-chromium-{}", std::process::id()));
    let url = app.url.clone();
    let dir = profile.clone();
    // The browser blocks while it renders, so it runs off the async workers that serve the app.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into()))
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // Everything but our own server is unreachable: a CDN fallback would fail to render.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--virtual-time-budget=20000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", dir.display()))
            .arg(url)
            .output()
    })
    .await
    .unwrap()
    .expect("chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("graphiql-container"),
        "GraphiQL did not render; stderr: {}\n{dom}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!dom.contains("Loading GraphiQL…"));
    // GraphiQL shows a failed introspection (e.g. a depth limit too tight for it) in the result pane.
    assert!(
        !dom.contains("errors"),
        "introspection failed in the browser:\n{dom}"
    );
    assert!(
        dom.contains("availableCallerIdNumbers"),
        "the example query is in the editor"
    );
    assert!(
        dom.contains("demo-admin-token"),
        "the demo token is in the headers tab"
    );
}

/// The playground used as a new user would, in headless Chromium driven by puppeteer-core
/// (`tests/clients/playground.mjs`), with every request elsewhere refused: it renders, the Docs
/// explorer opens and lists `availableCallerIdNumbers` with its description, and the example
/// query runs with the demo token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, Node and `npm ci` in tests/clients"]
async fn the_docs_explorer_lists_the_query_and_the_example_runs() {
    browser();
    let dir = crate::clients::project();
    let app = spawn_app().await;
    let out = crate::clients::run(&dir, "node", &["playground.mjs", &app.url]).await;
    assert!(
        out.contains("docs: Query lists availableCallerIdNumbers"),
        "{out}"
    );
    assert!(
        out.contains("the fourth tab started a dry-run job"),
        "{out}"
    );
    assert!(out.contains("playground: ok"), "{out}");
}

/// Fails at once, saying why, when Chromium is not there to drive (these tests are `#[ignore]`d
/// for that reason; `.ci/run` installs it and runs them).
fn browser() {
    let found = std::process::Command::new("sh")
        .args(["-c", "command -v \"${CHROMIUM:-chromium}\""])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "chromium is missing: install it (apt-get install chromium) or set CHROMIUM to a browser"
    );
}
