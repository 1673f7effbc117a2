//! The read model, on PostgreSQL or SQLite through sqlx's `Any` driver: one SQL dialect
//! (the subset both engines share), so both engines run literally the same code.
//!
//! Tables (with a prefix, `report_` live, `report_next_` while rebuilding):
//! - `facts`: (region, month, indicator, dimension) → value, added to by deltas;
//! - `reach`: entities already counted in a cell;
//! - `entities`: per stream, the last applied version and the module's state (JSON):
//!   an event at or below the version was applied before and is skipped, one beyond the
//!   next version is out of order and refused, so redelivery never double-counts;
//! - `sources`: per source log, the cursor applied up to (embedded mode).

use std::collections::HashMap;

use berdaya_eventstore::LogCursor;
use berdaya_messaging::EventEnvelope;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

use crate::contexts;

/// Errors of the read model.
#[derive(Debug, thiserror::Error)]
pub enum ReadModelError {
    /// The database failed.
    #[error("read model database: {0}")]
    Database(#[from] sqlx::Error),
    /// An event could not be projected (a poison event).
    #[error(transparent)]
    Projection(#[from] contexts::ProjectionError),
    /// An event arrived before an earlier one of its stream: retry after the earlier.
    #[error("event {stream_id} v{version} arrived before v{expected}")]
    OutOfOrder {
        /// Stream.
        stream_id: String,
        /// Version received.
        version: i64,
        /// Version expected next.
        expected: i64,
    },
    /// A source log could not be read.
    #[error("reading the source log: {0}")]
    Source(String),
    /// The source checkpoint moved under the caller (a rebuild swapped tables): re-read.
    #[error("checkpoint of {0} moved; read again from the stored one")]
    Stale(String),
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
const TABLES: [&str; 4] = ["facts", "reach", "entities", "sources"];
/// Parked messages survive rebuilds: they are about deliveries, not figures.
pub(crate) const PARKED: &str = "report_parked";

/// The read model.
#[derive(Debug, Clone)]
pub struct ReadModel {
    pool: AnyPool,
    tables: Tables,
    /// PostgreSQL (several consumers may apply at once: rows are locked) or SQLite
    /// (one writer).
    postgres: bool,
}

/// A batch read from a source log: its name, the cursor it was read after (which must
/// still be the stored checkpoint), and the cursor of its last event (the new one).
#[derive(Debug, Clone, Copy)]
pub struct SourceBatch<'a> {
    /// The source's name.
    pub name: &'a str,
    /// The cursor the batch was read after.
    pub after: LogCursor,
    /// The cursor of the batch's last event.
    pub last: LogCursor,
}

/// What one `apply` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Events projected.
    pub applied: usize,
    /// Events skipped as already applied.
    pub duplicates: usize,
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
        let model = Self {
            pool,
            tables: Tables::new(LIVE),
            postgres: !sqlite,
        };
        model.create().await?;
        Ok(model)
    }

    /// The same database, other tables (for rebuilds).
    pub fn with_tables(&self, prefix: &str) -> Self {
        Self {
            pool: self.pool.clone(),
            tables: Tables::new(prefix),
            postgres: self.postgres,
        }
    }

    /// The name of one of these tables.
    pub(crate) fn table(&self, table: &str) -> String {
        self.tables.name(table)
    }

    /// The table names.
    pub(crate) fn tables(&self) -> &Tables {
        &self.tables
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Creates the tables if missing.
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
            format!(
                "CREATE TABLE IF NOT EXISTS {} (source TEXT PRIMARY KEY, xid BIGINT NOT NULL, position BIGINT NOT NULL)",
                t.name("sources")
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {PARKED} (key TEXT PRIMARY KEY, subject TEXT NOT NULL, event_type TEXT NOT NULL, \
                 stream_id TEXT NOT NULL, version BIGINT, deliveries BIGINT NOT NULL, reason TEXT NOT NULL, \
                 headers TEXT NOT NULL, payload BYTEA NOT NULL, parked_at TEXT NOT NULL)"
            ),
        ] {
            sqlx::query(&sql).execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Keeps a message that will not be applied, with the reason (a second park of the
    /// same message updates it).
    ///
    /// # Errors
    /// On database failure.
    pub async fn park(
        &self,
        parked: &berdaya_messaging::ParkedMessage,
    ) -> Result<(), ReadModelError> {
        let mut conn = self.pool.acquire().await?;
        insert_parked(&mut conn, parked).await?;
        Ok(())
    }

    /// How many messages are parked.
    ///
    /// # Errors
    /// On database failure.
    pub async fn parked_count(&self) -> Result<i64, ReadModelError> {
        let row = sqlx::query(&format!("SELECT COUNT(*) FROM {PARKED}"))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>(0)?)
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

    /// Atomically makes these tables the live ones; the live ones become `report_old_*`.
    ///
    /// # Errors
    /// On database failure; nothing changes then.
    pub async fn swap_into_live(&self) -> Result<(), ReadModelError> {
        let mut tx = self.pool.begin().await?;
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

    /// The cursor `source` was applied up to.
    ///
    /// # Errors
    /// On database failure.
    pub async fn checkpoint(&self, source: &str) -> Result<LogCursor, ReadModelError> {
        let mut conn = self.pool.acquire().await?;
        Ok(stored_checkpoint(&mut conn, &self.tables, source).await?)
    }

    /// Every source's checkpoint as `name=position`, sorted, to tell readers how fresh
    /// the figures are.
    ///
    /// # Errors
    /// On database failure.
    pub async fn sources(&self) -> Result<Vec<String>, ReadModelError> {
        let rows = sqlx::query(&format!(
            "SELECT source, position FROM {} ORDER BY source",
            self.tables.name("sources")
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(format!(
                    "{}={}",
                    row.try_get::<String, _>(0)?,
                    row.try_get::<i64, _>(1)?
                ))
            })
            .collect()
    }

    /// Applies `events` in one transaction. With a `source` batch, the source's
    /// checkpoint moves to the batch's last cursor in the same transaction, and a
    /// checkpoint that moved meanwhile fails with [`ReadModelError::Stale`].
    ///
    /// # Errors
    /// [`ReadModelError`]; nothing is written then.
    pub async fn apply(
        &self,
        events: &[EventEnvelope],
        source: Option<&SourceBatch<'_>>,
    ) -> Result<Applied, ReadModelError> {
        let t = &self.tables;
        let mut tx = self.pool.begin().await?;
        if let Some(&SourceBatch { name, after, .. }) = source
            && stored_checkpoint(&mut tx, t, name).await? != after
        {
            return Err(ReadModelError::Stale(name.to_owned()));
        }
        let mut entities: HashMap<String, (i64, Option<String>)> = HashMap::new();
        let mut result = Applied::default();
        for event in events {
            let Some(module) = contexts::for_event(event) else {
                continue;
            };
            if !entities.contains_key(&event.stream_id) {
                // Two consumers (replicas, or a redelivery racing the first delivery)
                // must not both apply the same version: on PostgreSQL the stream's row
                // is created if missing and locked until this transaction ends.
                if self.postgres {
                    sqlx::query(&format!(
                        "INSERT INTO {} (stream_id, version, state) VALUES ($1, 0, NULL) ON CONFLICT DO NOTHING",
                        t.name("entities")
                    ))
                    .bind(&event.stream_id)
                    .execute(&mut *tx)
                    .await?;
                }
                let lock = if self.postgres { " FOR UPDATE" } else { "" };
                let row: Option<AnyRow> = sqlx::query(&format!(
                    "SELECT version, state FROM {} WHERE stream_id = $1{lock}",
                    t.name("entities")
                ))
                .bind(&event.stream_id)
                .fetch_optional(&mut *tx)
                .await?;
                let entry = match row {
                    Some(row) => (
                        row.try_get::<i64, _>(0)?,
                        row.try_get::<Option<String>, _>(1)?,
                    ),
                    None => (0, None),
                };
                entities.insert(event.stream_id.clone(), entry);
            }
            let (version, state) = entities.get(&event.stream_id).cloned().unwrap_or((0, None));
            if event.version <= version {
                result.duplicates += 1;
                continue;
            }
            if event.version != version + 1 {
                return Err(ReadModelError::OutOfOrder {
                    stream_id: event.stream_id.clone(),
                    version: event.version,
                    expected: version + 1,
                });
            }
            let (new_state, output) = module.project(state.as_deref(), event)?;
            for fact in &output.facts {
                if !add_fact(
                    &mut tx,
                    t,
                    &fact.region,
                    &fact.month,
                    fact.indicator,
                    &fact.dimension,
                    fact.delta,
                )
                .await?
                {
                    return Err(no_room(event, fact.indicator, &fact.region, &fact.month));
                }
            }
            for reach in &output.reach {
                let inserted = sqlx::query(&format!(
                    "INSERT INTO {} (region, month, indicator, dimension, entity) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    t.name("reach")
                ))
                .bind(&reach.region)
                .bind(&reach.month)
                .bind(reach.indicator)
                .bind(&reach.dimension)
                .bind(&reach.entity)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 1
                    && !add_fact(
                        &mut tx,
                        t,
                        &reach.region,
                        &reach.month,
                        reach.indicator,
                        &reach.dimension,
                        1,
                    )
                    .await?
                {
                    return Err(no_room(event, reach.indicator, &reach.region, &reach.month));
                }
            }
            entities.insert(event.stream_id.clone(), (event.version, new_state));
            result.applied += 1;
        }
        for (stream_id, (version, state)) in &entities {
            save_entity(&mut tx, t, stream_id, *version, state.as_deref()).await?;
        }
        if let Some(batch) = source {
            save_checkpoint(&mut tx, t, batch).await?;
        }
        tx.commit().await?;
        Ok(result)
    }
}

/// Records that `stream_id` was applied up to `version`, with the module's `state`.
pub(crate) async fn save_entity(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    t: &Tables,
    stream_id: &str,
    version: i64,
    state: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {} (stream_id, version, state) VALUES ($1, $2, $3) \
         ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state",
        t.name("entities")
    ))
    .bind(stream_id)
    .bind(version)
    .bind(state.map(str::to_owned))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves the checkpoint of the batch's source to its last event.
pub(crate) async fn save_checkpoint(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    t: &Tables,
    batch: &SourceBatch<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {} (source, xid, position) VALUES ($1, $2, $3) \
         ON CONFLICT (source) DO UPDATE SET xid = excluded.xid, position = excluded.position",
        t.name("sources")
    ))
    .bind(batch.name)
    .bind(batch.last.xid)
    .bind(batch.last.position)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes (or updates) the parked row of `parked`.
pub(crate) async fn insert_parked(
    conn: &mut sqlx::AnyConnection,
    parked: &berdaya_messaging::ParkedMessage,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {PARKED} (key, subject, event_type, stream_id, version, deliveries, reason, headers, payload, parked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (key) DO UPDATE SET deliveries = excluded.deliveries, reason = excluded.reason, parked_at = excluded.parked_at"
    ))
    .bind(&parked.key)
    .bind(&parked.subject)
    .bind(&parked.event_type)
    .bind(&parked.stream_id)
    .bind(parked.version)
    .bind(parked.deliveries)
    .bind(&parked.reason)
    .bind(&parked.headers)
    .bind(parked.payload.clone())
    .bind(parked.parked_at.to_rfc3339())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The cursor stored for `source` ([`LogCursor::START`] when none).
pub(crate) async fn stored_checkpoint(
    conn: &mut sqlx::AnyConnection,
    t: &Tables,
    source: &str,
) -> Result<LogCursor, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT xid, position FROM {} WHERE source = $1",
        t.name("sources")
    ))
    .bind(source)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(row) => LogCursor {
            xid: row.try_get(0)?,
            position: row.try_get(1)?,
        },
        None => LogCursor::START,
    })
}

/// Adds `delta` to a cell, atomically and without overflow: the update runs only while
/// the stored value leaves room for the delta ([`room_for`]), so a cell can never wrap
/// (PostgreSQL would fail the statement) or turn into a REAL (SQLite's answer to an
/// integer overflow, which broke every read of the region). Returns `false`, with
/// nothing written, when there is no room.
async fn add_fact(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    t: &Tables,
    region: &str,
    month: &str,
    indicator: &str,
    dimension: &str,
    delta: i64,
) -> Result<bool, sqlx::Error> {
    let (low, high) = room_for(delta);
    let written = sqlx::query(&format!(
        "INSERT INTO {0} (region, month, indicator, dimension, value) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (region, month, indicator, dimension) DO UPDATE SET value = {0}.value + excluded.value \
         WHERE {0}.value BETWEEN $6 AND $7",
        t.name("facts")
    ))
    .bind(region)
    .bind(month)
    .bind(indicator)
    .bind(dimension)
    .bind(delta)
    .bind(low)
    .bind(high)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// The stored values `v` for which `v + delta` fits in an `i64`, as `low..=high`
/// (computed here, so the SQL never does arithmetic that could overflow).
fn room_for(delta: i64) -> (i64, i64) {
    if delta >= 0 {
        (i64::MIN, i64::MAX - delta)
    } else {
        (i64::MIN - delta, i64::MAX)
    }
}

/// The refusal of an event whose figure would not fit in its cell.
fn no_room(event: &EventEnvelope, indicator: &str, region: &str, month: &str) -> ReadModelError {
    ReadModelError::Projection(contexts::ProjectionError::new(
        event,
        format!("{indicator} of {region} in {month} would overflow"),
    ))
}
