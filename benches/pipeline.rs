//! Micro-benchmarks of the per-row work on a 2000-number page, so a regression in any stage shows:
//!
//! * `decode_page_2000`: the client decoding Webex's JSON (bytes captured once from the simulator);
//! * `fetch_page_2000`: the client's whole call over loopback to the in-process simulator;
//! * `execute_summary_2000` / `execute_every_detail_2000`: the schema resolving the page (the
//!   fetch above included; the difference is GraphQL's own cost), with the row fast path;
//!   `…_plain_rows`: the same through async-graphql's executor field by field (`--plain-rows`),
//!   side by side;
//! * `serialise_summary_2000`: the response to JSON bytes.
//!
//! `cargo bench --bench pipeline` (add `-- decode` to run one). Figures: benches/README.md.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

// The binary's allocator, so these figures match what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Request, Variables};
use callerid_graphql::graphql::{self, LoaderConfig, RequestContext, SchemaConfig};
use callerid_graphql::simulator::{self, DEMO_ADMIN_TOKEN, SimulatorConfig};
use callerid_graphql::webex::model::NumberList;
use callerid_graphql::webex::sources::NumberSource;
use callerid_graphql::webex::{
    BearerToken, Caller, Client, ClientConfig, NumbersQuery, RetryPolicy,
};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

const SUMMARY: &str = include_str!("queries/summary.graphql");
const EVERY_DETAIL: &str = include_str!("queries/every-detail.graphql");

fn pipeline(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = SimulatorConfig {
            numbers: 5000,
            ..SimulatorConfig::default()
        };
        tokio::spawn(simulator::serve(listener, config, std::future::pending()));
        url::Url::parse(&format!("http://{addr}/v1")).unwrap()
    });
    let location = simulator::demo_location_id();
    let client = Client::new(ClientConfig {
        base_url: base.clone(),
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(10),
        retry: RetryPolicy::default(),
        token_concurrency: 128,
        cache: None,
        fleet: callerid_graphql::webex::FleetConfig {
            rate: 0.0,
            burst: 1,
        },
    })
    .unwrap();
    let caller = Caller {
        token: BearerToken::new(DEMO_ADMIN_TOKEN),
        deadline: None,
        meter: None,
        trace: None,
        fresh: false,
    };

    let body = rt.block_on(async {
        reqwest::Client::new()
            .get(format!(
                "{base}/telephony/config/locations/{location}/externalCallerId/availableNumbers?max=2000"
            ))
            .bearer_auth(DEMO_ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    });
    c.bench_function("decode_page_2000", |b| {
        b.iter(|| {
            let list: NumberList = serde_json::from_slice(&body).unwrap();
            let read = list.items().filter(Result::is_ok).count();
            assert_eq!(read, 2000);
            read
        });
    });

    let query = NumbersQuery::new(NumberSource::external_caller_id(), location.clone());
    c.bench_function("fetch_page_2000", |b| {
        b.to_async(&rt).iter(|| async {
            let page = client.numbers(&caller, &query, 0, 2000).await.unwrap();
            assert_eq!(page.numbers.len(), 2000);
        });
    });

    // Through the engine, as the HTTP layer does: the request step is part of the cost.
    let fast = graphql::Engine::new(&SchemaConfig::default());
    let plain = graphql::Engine::new(&SchemaConfig {
        plain_rows: true,
        ..SchemaConfig::default()
    });
    let execute = |engine: &graphql::Engine, text: &'static str| {
        let engine = engine.clone();
        let client = client.clone();
        let location = location.clone();
        move || {
            let context = Arc::new(RequestContext::new(
                client.clone(),
                Some(BearerToken::new(DEMO_ADMIN_TOKEN)),
                None,
                &LoaderConfig::default(),
                false,
                None,
            ));
            let request = Request::new(text)
                .variables(Variables::from_json(
                    json!({ "loc": location, "first": 2000 }),
                ))
                .data(context);
            let engine = engine.clone();
            async move {
                let response = engine.execute(request).await.response;
                assert!(response.errors.is_empty(), "{:?}", response.errors);
                response
            }
        }
    };
    let summary = execute(&fast, SUMMARY);
    let summary_plain = execute(&plain, SUMMARY);
    // Both answer the same, byte for byte.
    assert_eq!(
        serde_json::to_string(&rt.block_on(summary())).unwrap(),
        serde_json::to_string(&rt.block_on(summary_plain())).unwrap()
    );
    c.bench_function("execute_summary_2000", |b| {
        b.to_async(&rt).iter(&summary);
    });
    c.bench_function("execute_summary_2000_plain_rows", |b| {
        b.to_async(&rt).iter(&summary_plain);
    });
    let every_detail = execute(&fast, EVERY_DETAIL);
    let every_detail_plain = execute(&plain, EVERY_DETAIL);
    c.bench_function("execute_every_detail_2000", |b| {
        b.to_async(&rt).iter(&every_detail);
    });
    c.bench_function("execute_every_detail_2000_plain_rows", |b| {
        b.to_async(&rt).iter(&every_detail_plain);
    });

    let response = rt.block_on(summary());
    c.bench_function("serialise_summary_2000", |b| {
        b.iter(|| serde_json::to_vec(&response).unwrap().len());
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = pipeline
}
criterion_main!(benches);
