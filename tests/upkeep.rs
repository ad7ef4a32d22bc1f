//! The metrics recorder must not hold on to samples while nobody scrapes `/metrics`.
//!
//! A test binary of its own: it counts the process's heap with a global allocator, which would
//! see every other test's allocations in the shared `api` binary.

use std::time::{Duration, Instant};

use callerid_graphql::app::App;
use callerid_graphql::config::Cli;
use clap::Parser;

#[global_allocator]
static HEAP: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

#[tokio::test]
async fn histogram_samples_do_not_pile_up_without_a_scrape() {
    // Arrange: the real app, which installs the process-wide recorder.
    let args = Cli::try_parse_from(["callerid-graphql", "--listen", "127.0.0.1:0"])
        .unwrap()
        .serve;
    let _app = App::build(args).await.expect("app builds");
    let histogram = metrics::histogram!("callerid_upstream_request_duration_seconds", "endpoint" => "upkeep-test");
    histogram.record(0.01);
    let before = HEAP.allocated();

    // Act: a busy service's worth of samples (8 bytes each while pending), with no render.
    const SAMPLES: usize = 2_000_000;
    for i in 0..SAMPLES {
        histogram.record((i % 100) as f64 / 1000.0);
    }
    let pending = HEAP.allocated().saturating_sub(before);

    // Assert: they were held (the test can see a pile-up), and while load goes on at a trickle
    // they are folded into buckets without anyone calling /metrics. (Freed blocks are reclaimed
    // by epoch as recording threads keep pinning, so the trickle is part of the scenario.)
    assert!(
        pending > SAMPLES * 4,
        "the samples should be pending first ({pending} bytes)"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for i in 0..1_000 {
            histogram.record(f64::from(i) / 1000.0);
        }
        let held = HEAP.allocated().saturating_sub(before);
        if held < SAMPLES * 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{held} bytes of samples still held 20 s later: nothing runs the recorder's upkeep"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
