//! `berdaya`: one binary, many roles.
//!
//! - `berdaya up`: every service in one process on SQLite files (the embedded default);
//! - `berdaya serve --service households`: one service per process on PostgreSQL, relaying
//!   its events to NATS JetStream;
//! - `berdaya events tail`: print the event stream as JSON lines;
//! - `berdaya reporting parked list|redrive` (and `berdaya enterprise parked ...`):
//!   what a projection set aside, and applying it again;
//! - `berdaya token issue`: a bearer token signed with the configured key.

mod bench;
mod bench_burst;
mod bench_projection;
mod bench_savings;
mod bench_sinks;
mod contexts;
mod distributed;
mod events;
mod grpc;
#[cfg(test)]
mod hostile_events;
mod http_json;
mod parked;
mod reporting;
mod settings;
mod up;

use std::path::PathBuf;

use berdaya_platform::Role;
use berdaya_runtime::Context;
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
        /// The service to run: one of the contexts (households, enterprise, reporting).
        #[arg(long)]
        service: Context,
        /// gRPC listen address (overrides `grpc_addr`).
        #[arg(long, env = "BERDAYA_GRPC_ADDR")]
        grpc_addr: Option<String>,
    },
    /// Measure command throughput and latency on a fresh store (prints figures).
    Bench(bench::BenchArgs),
    /// The reporting projection.
    Reporting {
        #[command(subcommand)]
        command: ReportingCommand,
    },
    /// The enterprise service's views.
    Enterprise {
        #[command(subcommand)]
        command: EnterpriseCommand,
    },
    /// The event stream (NATS JetStream).
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// Bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The contexts this binary serves, in start order, one per line: the name for
    /// `berdaya serve --service`, and its gRPC services.
    Contexts,
    /// Production keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Print three fresh random keys (signing 48 bytes, master and blind-index 32 bytes,
    /// base64): as `BERDAYA_*` lines for an env file, or as the Kubernetes Secret
    /// `berdaya-keys` (`| kubectl create -n NAMESPACE -f -`). Keep a copy offline:
    /// losing the master key makes every sealed personal field unreadable.
    Generate {
        /// `env` or `kubernetes`.
        #[arg(long, value_enum, default_value = "env")]
        format: KeysFormat,
    },
}

/// How `berdaya keys generate` prints the keys.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KeysFormat {
    /// `BERDAYA_SIGNING_KEY=...` lines.
    Env,
    /// The Secret `berdaya-keys` the Deployments in deploy/ read.
    Kubernetes,
}

#[derive(Debug, Subcommand)]
enum ReportingCommand {
    /// Print the figures as they stood at a past moment, as CSV (auditors): every log
    /// is replayed up to then into a throw-away read model.
    AsOf {
        /// The moment, RFC 3339 (e.g. 2026-10-31T23:59:59+07:00).
        #[arg(long)]
        at: chrono::DateTime<chrono::FixedOffset>,
        /// Region prefix (e.g. 35 or 35.78); all regions when absent.
        #[arg(long, default_value = "")]
        region: String,
        /// Data directory of `berdaya up`.
        #[arg(long, env = "BERDAYA_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// Under `berdaya serve`: a context's PostgreSQL event store to replay,
        /// `CONTEXT=postgres://...` (repeat it for each context; read only, never
        /// migrated). Without it, the logs in the data directory are replayed.
        #[arg(long = "source", value_name = "CONTEXT=URL")]
        sources: Vec<String>,
    },
    /// Rebuild every figure from the event logs (shadow tables, then an atomic swap).
    Rebuild {
        /// Data directory of `berdaya up`.
        #[arg(long, env = "BERDAYA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Events the projection set aside: list them, or re-drive them once fixed. Works
    /// on `database_url` when set (`berdaya serve`), else on the data directory.
    Parked {
        #[command(subcommand)]
        command: parked::ParkedCommand,
        /// Data directory of `berdaya up`.
        #[arg(long, global = true, env = "BERDAYA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum EnterpriseCommand {
    /// Events a view set aside: list them, or re-drive them once fixed. Works on
    /// `database_url` when set (`berdaya serve`), else on the data directory.
    Parked {
        #[command(subcommand)]
        command: parked::ParkedCommand,
        /// The view.
        #[arg(long, global = true, value_enum, default_value = "households")]
        view: parked::EnterpriseView,
        /// Data directory of `berdaya up`.
        #[arg(long, global = true, env = "BERDAYA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum EventsCommand {
    /// Print events from the stream as JSON lines, acknowledging each (a durable
    /// consumer: the same name resumes where it stopped).
    Tail(events::TailArgs),
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
            berdaya_platform::telemetry::init(service.as_str());
            if let Some(addr) = grpc_addr {
                settings.grpc_addr = addr;
            }
            serve(settings, service).await
        }
        Command::Bench(args) => bench::bench(args).await,
        Command::Reporting { command } => match command {
            ReportingCommand::AsOf {
                at,
                region,
                data_dir,
                sources,
            } => {
                let sources = if sources.is_empty() {
                    let dir = embedded_data_dir(&settings, data_dir, "as-of")?;
                    contexts::embedded_sources(&dir).await?
                } else {
                    contexts::postgres_sources(&sources).await?
                };
                reporting::as_of(&sources, at.to_utc(), &region).await
            }
            ReportingCommand::Rebuild { data_dir } => {
                let dir = embedded_data_dir(&settings, data_dir, "rebuild")?;
                reporting::rebuild(&dir).await
            }
            ReportingCommand::Parked { command, data_dir } => {
                let dir = data_dir.unwrap_or_else(|| settings.data_dir.clone());
                parked::reporting(&settings, &dir, command).await
            }
        },
        Command::Enterprise {
            command:
                EnterpriseCommand::Parked {
                    command,
                    view,
                    data_dir,
                },
        } => {
            let dir = data_dir.unwrap_or_else(|| settings.data_dir.clone());
            parked::enterprise(&settings, &dir, view, command).await
        }
        Command::Events {
            command: EventsCommand::Tail(args),
        } => {
            berdaya_platform::telemetry::init("events-tail");
            events::tail(settings, args).await
        }
        Command::Contexts => {
            for module in contexts::MODULES {
                println!("{}\t{}", module.context(), module.services().join(","));
            }
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::Generate { format },
        } => {
            let (signing, master, blind) = settings::generate_dev_keys();
            match format {
                KeysFormat::Env => println!(
                    "BERDAYA_SIGNING_KEY={}\nBERDAYA_MASTER_KEY={}\nBERDAYA_BLIND_INDEX_KEY={}",
                    signing.0, master.0, blind.0
                ),
                KeysFormat::Kubernetes => println!(
                    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: berdaya-keys\n  labels:\n    app.kubernetes.io/part-of: berdaya\ntype: Opaque\nstringData:\n  signing-key: \"{}\"\n  master-key: \"{}\"\n  blind-index-key: \"{}\"",
                    signing.0, master.0, blind.0
                ),
            }
            Ok(())
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
                if settings.signing_key.is_empty() {
                    anyhow::bail!(
                        "no signing key: {} holds no {} of `berdaya up`; pass --data-dir \
                         (the directory `berdaya up` uses) or set BERDAYA_SIGNING_KEY",
                        settings.data_dir.display(),
                        up::DEV_KEYS_FILE
                    );
                }
                let jwt = settings.jwt(&settings.signing_key()?)?;
                check_token_request(&regions, ttl_hours, jwt.max_lifetime())?;
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

/// The data directory of `berdaya up` that `berdaya reporting <command>` replays, or
/// a message saying what it supports: it reads the SQLite logs of the embedded mode,
/// not the PostgreSQL databases of `berdaya serve`.
fn embedded_data_dir(
    settings: &Settings,
    data_dir: Option<PathBuf>,
    command: &str,
) -> anyhow::Result<PathBuf> {
    if data_dir.is_none() && !settings.database_url.is_empty() {
        anyhow::bail!(
            "`berdaya reporting {command}` replays the SQLite logs of `berdaya up` and does not \
             work on PostgreSQL yet; BERDAYA_DATABASE_URL is set, so this looks like the \
             distributed mode. Pass --data-dir to use a `berdaya up` data directory."
        );
    }
    let dir = data_dir.unwrap_or_else(|| settings.data_dir.clone());
    let households = dir.join("households.db");
    if !households.exists() {
        anyhow::bail!(
            "{} holds no `berdaya up` data ({} is missing); pass --data-dir",
            dir.display(),
            households.display()
        );
    }
    Ok(dir)
}

/// Refuses a `token issue` that would mint a useless or dangerous token: a lifetime
/// outside 1 hour to the configured maximum, or a region that is neither `*` nor a
/// Kemendagri code in the reference data.
fn check_token_request(
    regions: &[String],
    ttl_hours: i64,
    max_lifetime: chrono::Duration,
) -> anyhow::Result<()> {
    if !(1..=max_lifetime.num_hours()).contains(&ttl_hours) {
        anyhow::bail!(
            "--ttl-hours must be 1 to {} (token_max_lifetime_hours), got {ttl_hours}",
            max_lifetime.num_hours()
        );
    }
    for region in regions {
        if region != berdaya_platform::auth::ALL_REGIONS {
            berdaya_platform::RegionDirectory::embedded()
                .validate_prefix(region)
                .map_err(|v| {
                    anyhow::anyhow!(
                        "--region {}: {} (a Kemendagri code like 35.78, or *)",
                        berdaya_domain::error::echo(region),
                        v.description
                    )
                })?;
        }
    }
    Ok(())
}

async fn serve(settings: Settings, context: Context) -> anyhow::Result<()> {
    if settings.database_url.is_empty() {
        anyhow::bail!("database_url (BERDAYA_DATABASE_URL) is required for `berdaya serve`");
    }
    let module = contexts::module(context)?;
    distributed::run(
        &settings,
        module,
        berdaya_platform::server::shutdown_signal(),
    )
    .await
}
