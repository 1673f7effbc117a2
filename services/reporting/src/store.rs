//! The read model, on PostgreSQL or SQLite through sqlx's `Any` driver: one SQL dialect
//! (the subset both engines share), so both engines run literally the same code.
//!
//! Tables (with a prefix, `report_` live, `report_next_` while rebuilding):
//! - `facts`: (region, month, indicator, dimension) → value, added to by deltas;
//! - `reach`: entities already counted in a cell;
//! - `entities`: per stream, the module's state (JSON) and the version it reflects.
//!
//! Events reach the tables through `berdaya-messaging`'s inbox (consumer
//! [`CONSUMER`]; the [`crate::handler`] writes the figures), which applies each
//! stream's events once and in order, in batches, and keeps the per-stream versions,
//! the local sources' checkpoints, how far each source has got, and the parked
//! messages in its own `consumer_*` tables of the same database.

use std::sync::Arc;

use berdaya_messaging::{Inbox, InboxDatabase, MessagingError, SourcePosition};
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool};

use crate::handler::ReportingHandler;

/// Errors of the read model.
#[derive(Debug, thiserror::Error)]
pub enum ReadModelError {
    /// The database failed.
    #[error("read model database: {0}")]
    Database(#[from] sqlx::Error),
    /// The inbox's tables could not be read or written.
    #[error(transparent)]
    Inbox(#[from] MessagingError),
    /// An event could not be applied (a rebuild or a replay stops on it).
    #[error("cannot apply {event}: {reason}")]
    Apply {
        /// The event (stream and version).
        event: String,
        /// Why.
        reason: String,
    },
    /// A source log could not be read.
    #[error("reading the source log: {0}")]
    Source(String),
}

/// Table names under one prefix.
#[derive(Debug, Clone)]
pub struct Tables {
    prefix: String,
}

impl Tables {
    /// Tables named `<prefix>facts`, `<prefix>reach`, ...
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }

    pub(crate) fn name(&self, table: &str) -> String {
        format!("{}{table}", self.prefix)
    }
}

/// The live tables.
pub const LIVE: &str = "report_";
/// The tables a rebuild fills.
pub const NEXT: &str = "report_next_";
/// The tables a rebuild replaces, kept until the next rebuild.
pub const OLD: &str = "report_old_";
const TABLES: [&str; 3] = ["facts", "reach", "entities"];
/// The inbox consumer of the live read model, in both modes (and the durable
/// JetStream consumer's name in the distributed mode).
pub const CONSUMER: &str = "reporting";
/// The inbox consumer of a rebuild; the live one takes over its state at the swap.
pub const REBUILD_CONSUMER: &str = "reporting-rebuild";

/// The read model.
#[derive(Debug, Clone)]
pub struct ReadModel {
    pool: AnyPool,
    tables: Tables,
    inbox: Inbox<Any>,
}

/// How current the figures are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    /// Per source context, how far the applied events reach.
    pub sources: Vec<SourcePosition>,
    /// Events delivered to the projection's consumer but not applied yet when it last
    /// asked the server (distributed mode; 0 in the embedded one, which reads its
    /// sources in order).
    pub pending: i64,
    /// Events parked: missing from the figures until re-driven.
    pub parked: i64,
}

impl ReadModel {
    /// Opens (and creates) the live read model at `url` (`postgres://...` or `sqlite://...`).
    ///
    /// # Errors
    /// When the database cannot be reached.
    pub async fn open(url: &str) -> Result<Self, ReadModelError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 1 } else { 8 })
            // SQLite's one connection is kept for good: an in-memory database lives
            // only as long as its connection.
            .idle_timeout(if sqlite {
                None
            } else {
                Some(std::time::Duration::from_secs(600))
            })
            .max_lifetime(if sqlite {
                None
            } else {
                Some(std::time::Duration::from_secs(1800))
            })
            .acquire_timeout(std::time::Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        let model = Self::on(pool, LIVE, CONSUMER).await?;
        crate::legacy::adopt(&model).await?;
        Ok(model)
    }

    /// The read model in `pool` under the table `prefix`, fed by inbox `consumer`;
    /// creates its tables if missing.
    async fn on(pool: AnyPool, prefix: &str, consumer: &str) -> Result<Self, ReadModelError> {
        let tables = Tables::new(prefix);
        let handler = Arc::new(ReportingHandler::new(tables.clone()));
        let inbox = Inbox::new(pool.clone(), consumer, handler).await?;
        let model = Self {
            pool,
            tables,
            inbox,
        };
        model.create().await?;
        Ok(model)
    }

    /// Empty shadow tables in the same database, fed by their own consumer, for a
    /// rebuild to fill and [`ReadModel::swap_into_live`].
    ///
    /// # Errors
    /// On database failure.
    pub async fn shadow(&self) -> Result<Self, ReadModelError> {
        let next = Self::on(self.pool.clone(), NEXT, REBUILD_CONSUMER).await?;
        next.drop_tables().await?;
        next.create().await?;
        let mut tx = self.pool.begin().await?;
        <Any as InboxDatabase>::forget_consumer(&mut tx, REBUILD_CONSUMER).await?;
        tx.commit().await?;
        Ok(next)
    }

    /// The inbox that applies events to this read model.
    pub fn inbox(&self) -> &Inbox<Any> {
        &self.inbox
    }

    /// The name of one of these tables.
    pub(crate) fn table(&self, table: &str) -> String {
        self.tables.name(table)
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Creates the tables if missing. Generated, not migrations: each generation of the
    /// read model (the live one, a rebuild's shadow) has its own tables under its own
    /// prefix, made at run time and swapped in whole, so there is no fixed table for a
    /// migration to hold (the inbox's fixed tables are migrations).
    ///
    /// # Errors
    /// On database failure.
    pub async fn create(&self) -> Result<(), ReadModelError> {
        let t = &self.tables;
        for sql in [
            format!(
                "CREATE TABLE IF NOT EXISTS {} (region TEXT NOT NULL, month TEXT NOT NULL, indicator TEXT NOT NULL, \
                 dimension TEXT NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (region, month, indicator, dimension))",
                t.name("facts")
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {} (region TEXT NOT NULL, month TEXT NOT NULL, indicator TEXT NOT NULL, \
                 dimension TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (region, month, indicator, dimension, entity))",
                t.name("reach")
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {} (stream_id TEXT PRIMARY KEY, version BIGINT NOT NULL, state TEXT)",
                t.name("entities")
            ),
        ] {
            sqlx::query(&sql).execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Drops these tables (for a fresh rebuild).
    ///
    /// # Errors
    /// On database failure.
    pub async fn drop_tables(&self) -> Result<(), ReadModelError> {
        for table in TABLES {
            sqlx::query(&format!("DROP TABLE IF EXISTS {}", self.tables.name(table)))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Atomically makes these tables the live ones (the live ones become
    /// `report_old_*`), and the live consumer takes over this one's versions,
    /// checkpoints, positions and parked messages.
    ///
    /// # Errors
    /// On database failure; nothing changes then.
    pub async fn swap_into_live(&self) -> Result<(), ReadModelError> {
        let mut tx = self.pool.begin().await?;
        <Any as InboxDatabase>::move_consumer(&mut tx, self.inbox.consumer(), CONSUMER).await?;
        for table in TABLES {
            sqlx::query(&format!("DROP TABLE IF EXISTS {OLD}{table}"))
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!("ALTER TABLE {LIVE}{table} RENAME TO {OLD}{table}"))
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!(
                "ALTER TABLE {} RENAME TO {LIVE}{table}",
                self.tables.name(table)
            ))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How current the figures are: how far each source has got, what is still on its
    /// way and what is parked.
    ///
    /// # Errors
    /// On database failure.
    pub async fn freshness(&self) -> Result<Freshness, ReadModelError> {
        let pending = berdaya_messaging::metrics::CONSUMER_LAG_MESSAGES
            .with_label_values(&[self.inbox.consumer()])
            .get();
        Ok(Freshness {
            sources: self.inbox.positions().await?,
            pending,
            parked: self.inbox.parked_count().await?,
        })
    }
}
