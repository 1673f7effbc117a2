//! `berdaya`: one binary, many roles.
//!
//! - `berdaya up`: every service in one process on SQLite files (the embedded default);
//! - `berdaya serve --service households`: one service per process on PostgreSQL;
//! - `berdaya token issue`: a bearer token signed with the configured key.

mod demo;
mod grpc;
mod settings;
mod up;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_households::HouseholdsApi;
use berdaya_platform::{JwtKeys, Role};
use clap::{Parser, Subcommand};

use crate::settings::Settings;

/// Berdaya: event-sourced case management for poverty-empowerment programmes.
#[derive(Debug, Parser)]
#[command(name = "berdaya", version, about)]
struct Cli {
    /// Settings file (TOML). Default: `berdaya.toml` in the working directory, if present.
    #[arg(long, global = true, env = "BERDAYA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every service in one process on SQLite files in the data directory.
    Up(up::UpArgs),
    /// Run one service on PostgreSQL (the distributed mode).
    Serve {
        /// The service to run.
        #[arg(long, value_parser = ["households"])]
        service: String,
        /// gRPC listen address (overrides `grpc_addr`).
        #[arg(long, env = "BERDAYA_GRPC_ADDR")]
        grpc_addr: Option<String>,
    },
    /// Bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Print a token signed with the configured key (or `berdaya up`'s dev key).
    Issue {
        /// Role(s): caseworker, supervisor, auditor, integration, admin.
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
        /// Region prefix(es) the subject may act in, e.g. 35.78; `*` for all.
        #[arg(long = "region", required = true)]
        regions: Vec<String>,
        /// The subject (recorded as the actor of every event it causes).
        #[arg(long, default_value = "cli-user")]
        subject: String,
        /// Lifetime in hours.
        #[arg(long, default_value_t = 24)]
        ttl_hours: i64,
        /// Data directory of `berdaya up`, for its dev keys.
        #[arg(long, env = "BERDAYA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("berdaya: {error:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Up(args) => up::run(settings, args).await,
        Command::Serve { service, grpc_addr } => {
            berdaya_platform::telemetry::init(&service);
            if let Some(addr) = grpc_addr {
                settings.grpc_addr = addr;
            }
            serve(settings, &service).await
        }
        Command::Token { command } => match command {
            TokenCommand::Issue {
                roles,
                regions,
                subject,
                ttl_hours,
                data_dir,
            } => {
                if let Some(dir) = data_dir {
                    settings.data_dir = dir;
                }
                up::fill_dev_keys(&mut settings, false)?;
                let keys = settings.keys()?;
                let jwt = JwtKeys::new(&keys.signing, &settings.token_issuer);
                let token = jwt.issue(
                    &subject,
                    &roles,
                    &regions,
                    chrono::Duration::hours(ttl_hours),
                )?;
                println!("{token}");
                Ok(())
            }
        },
    }
}

async fn serve(settings: Settings, service: &str) -> anyhow::Result<()> {
    let keys = settings.keys()?;
    let policy = settings.programmes.policy().map_err(anyhow::Error::msg)?;
    if settings.database_url.is_empty() {
        anyhow::bail!("database_url (BERDAYA_DATABASE_URL) is required for `berdaya serve`");
    }
    let store: Arc<dyn EventStore> = Arc::new(
        berdaya_eventstore::postgres::PostgresStore::connect(&settings.database_url.0)
            .await
            .context("connecting to PostgreSQL")?,
    );
    let vault = Arc::new(Vault::new(keys.master, keys.blind));
    let services = grpc::Services {
        households: HouseholdsApi::new(store, vault, policy),
    };
    let listener = berdaya_platform::server::bind(settings.grpc_addr()?).await?;
    tracing::info!(service, addr = %listener.local_addr()?, "serving");
    let jwt = Arc::new(JwtKeys::new(&keys.signing, &settings.token_issuer));
    grpc::serve(
        listener,
        services,
        jwt,
        berdaya_platform::server::shutdown_signal(),
    )
    .await
}
