//! `berdaya reporting parked ...` and `berdaya enterprise parked ...`: what a consumer
//! set aside, and re-driving it once the cause is fixed. The same commands for every
//! consumer, since they share the inbox.
//!
//! Which database: the service's PostgreSQL database when `database_url` is set (the
//! read model of `berdaya serve`), else `berdaya up`'s SQLite files in the data
//! directory.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use berdaya_enterprise::views::{groups, households};
use berdaya_messaging::{EventHandler, Inbox, InboxDatabase};
use sqlx::{PgPool, Postgres, Sqlite};

use crate::settings::Settings;

/// What to do with the parked messages.
#[derive(Debug, Clone, clap::Subcommand)]
pub(crate) enum ParkedCommand {
    /// Print the parked messages, oldest first, as JSON lines (without payloads).
    List {
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Apply the parked messages again, stream by stream in version order; those that
    /// apply leave the list, the others stay with their new reason.
    Redrive {
        /// Only these (the `key` of `list`); all when absent.
        #[arg(long = "key")]
        keys: Vec<String>,
    },
}

/// Runs `command` on an inbox.
///
/// # Errors
/// When the database fails.
pub(crate) async fn run<DB: InboxDatabase>(
    inbox: &Inbox<DB>,
    command: ParkedCommand,
) -> anyhow::Result<()> {
    match command {
        ParkedCommand::List { limit } => {
            let parked = inbox.parked(limit).await?;
            for message in &parked {
                let line = serde_json::json!({
                    "consumer": inbox.consumer(),
                    "key": message.key,
                    "subject": message.subject,
                    "event_type": message.event_type,
                    "stream_id": message.stream_id,
                    "version": message.version,
                    "deliveries": message.deliveries,
                    "reason": message.reason,
                    "parked_at": message.parked_at.to_rfc3339(),
                });
                println!("{line}");
            }
            eprintln!("{} parked message(s) of {}", parked.len(), inbox.consumer());
        }
        ParkedCommand::Redrive { keys } => {
            let only = (!keys.is_empty()).then_some(keys.as_slice());
            let report = inbox.redrive(only).await?;
            for (key, reason) in &report.still_parked {
                println!(
                    "{}",
                    serde_json::json!({"key": key, "still_parked": reason})
                );
            }
            eprintln!(
                "re-drove {} parked message(s) of {}: {} applied, {} still parked",
                report.applied + report.still_parked.len(),
                inbox.consumer(),
                report.applied,
                report.still_parked.len()
            );
        }
    }
    Ok(())
}

/// The parked messages of the reporting projection.
///
/// # Errors
/// When the read model cannot be opened or the command fails.
pub(crate) async fn reporting(
    settings: &Settings,
    data_dir: &Path,
    command: ParkedCommand,
) -> anyhow::Result<()> {
    let model = if settings.database_url.is_empty() {
        berdaya_reporting::module::embedded_model(data_dir).await?
    } else {
        berdaya_reporting::store::ReadModel::open(&settings.database_url.0)
            .await
            .context("opening the reporting read model")?
    };
    run(model.inbox(), command).await
}

/// Which enterprise view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EnterpriseView {
    /// The registry households the service knows (fed by household events).
    Households,
    /// The group index (fed by the service's own log).
    Groups,
}

/// The parked messages of an enterprise view.
///
/// # Errors
/// When the database cannot be opened or the command fails.
pub(crate) async fn enterprise(
    settings: &Settings,
    data_dir: &Path,
    view: EnterpriseView,
    command: ParkedCommand,
) -> anyhow::Result<()> {
    if settings.database_url.is_empty() {
        let path = data_dir.join(format!("{}.db", berdaya_runtime::Context::Enterprise));
        let store = berdaya_eventstore::sqlite::SqliteStore::open(&path)
            .await
            .with_context(|| format!("opening {}", path.display()))?;
        let pool = store.writer_pool().clone();
        match view {
            EnterpriseView::Households => {
                on::<Sqlite, _>(
                    pool,
                    households::CONSUMER,
                    households::VIEW.clone(),
                    command,
                )
                .await
            }
            EnterpriseView::Groups => {
                on::<Sqlite, _>(pool, groups::CONSUMER, groups::GroupsView, command).await
            }
        }
    } else {
        let pool = PgPool::connect(&settings.database_url.0)
            .await
            .context("connecting to the enterprise database")?;
        match view {
            EnterpriseView::Households => {
                on::<Postgres, _>(
                    pool,
                    households::CONSUMER,
                    households::VIEW.clone(),
                    command,
                )
                .await
            }
            EnterpriseView::Groups => {
                on::<Postgres, _>(pool, groups::CONSUMER, groups::GroupsView, command).await
            }
        }
    }
}

async fn on<DB: InboxDatabase, H: EventHandler<DB>>(
    pool: sqlx::Pool<DB>,
    consumer: &str,
    handler: H,
    command: ParkedCommand,
) -> anyhow::Result<()> {
    let inbox = Inbox::new(pool, consumer, Arc::new(handler)).await?;
    run(&inbox, command).await
}
