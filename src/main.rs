//! The `callerid-graphql` binary: parse the command line, set up logging, run. Everything else
//! lives in the library.

use std::io::IsTerminal;

use clap::Parser;

use callerid_graphql::app::{self, App};
use callerid_graphql::config::{Cli, Command};
use callerid_graphql::{graphql, telemetry};

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
            telemetry::init(
                args.log_format,
                std::io::stderr,
                std::io::stderr().is_terminal(),
            );
            return app::run_simulator(args, app::shutdown_signal()).await;
        }
        Some(Command::Serve(args)) => args,
        None => cli.serve,
    };
    telemetry::init(
        serve.log_format,
        std::io::stderr,
        std::io::stderr().is_terminal(),
    );
    App::build(serve).await?.run(app::shutdown_signal()).await
}
