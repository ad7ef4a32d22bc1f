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
    let response = app
        .http
        .get(&app.url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}
