//! The `callerid-graphql` binary: parse the command line, set up logging, run. Everything else
//! lives in the library.

use std::io::IsTerminal;

use clap::Parser;

use callerid_graphql::app::{self, App};
use callerid_graphql::config::{Cli, Command};
use callerid_graphql::{graphql, telemetry};

// Allocation-heavy work (a page of values per request): see benches/README.md for the profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let serve = match cli.command {
        Some(Command::Schema(args)) => {
            let sdl = if args.federation {
                graphql::subgraph_sdl()
            } else {
                graphql::sdl()
            };
            print!("{sdl}");
            return Ok(());
        }
        Some(Command::Health(args)) => {
            let healthy = app::health_check(args).await;
            std::process::exit(if healthy { 0 } else { 1 });
        }
        Some(Command::Simulate(args)) => {
            // The simulator stands in for Webex: it exports no spans of its own.
            let _logs = telemetry::init(
                args.log_format,
                std::io::stderr,
                std::io::stderr().is_terminal(),
                None,
            )?;
            return app::run_simulator(args, app::shutdown_signal()).await;
        }
        Some(Command::Serve(args)) => args,
        None => cli.serve,
    };
    let telemetry = telemetry::init(
        serve.log_format,
        std::io::stderr,
        std::io::stderr().is_terminal(),
        Some(&telemetry::OtlpConfig {
            endpoint: serve.otlp_endpoint.clone(),
            protocol: serve.otlp_protocol,
        }),
    )?;
    let served = match App::build(serve).await {
        Ok(app) => app.run(app::shutdown_signal()).await,
        Err(e) => Err(e),
    };
    // Flush the last spans whether the service stopped cleanly or not.
    telemetry.shutdown().await;
    served
}
