//! The PostgreSQL engine (distributed mode).
//!
//! Appends are group-committed: concurrent commands share one READ COMMITTED transaction,
//! one statement each, serialised per stream by the stream index's head row (see
//! `postgres/append.rs`). Every event row records the writing
//! transaction's id (`xid8`); [`EventStore::read_all`] orders the log by (xid, position)
//! and returns only rows below the oldest transaction of this database still running
//! (see [`HORIZON`]), so a follower never passes an event that commits late.

mod append;
mod index;

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use uuid::Uuid;

use crate::common::{EVENT_COLUMNS, STREAM_COLUMNS, clamp_limit, event_from_row, stream_from_row};
use crate::error::StoreError;
use crate::hash::verify_chain;
use crate::model::{
    AppendBatch, AppendResult, ChainReport, IdempotencyRecord, LogCursor, RecordedEvent,
    StreamInfo, SubjectKeyState, UniqueKey,
};
use crate::store::EventStore;

/// How long a caller waits for a connection before the store reports
/// [`StoreError::Unavailable`].
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The event store on PostgreSQL (13 or later: it uses `xid8`).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    appender: std::sync::Arc<append::Appender>,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/database`) with a pool that fails
    /// fast ([`ACQUIRE_TIMEOUT`]) when the database is down, and runs the migrations.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the database cannot be reached,
    /// [`StoreError::Internal`] for a bad URL or a failed migration.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|error| StoreError::Internal(format!("bad PostgreSQL URL: {error}")))?;
        Self::connect_with(options).await
    }

    /// Like [`PostgresStore::connect`], from parsed connection options.
    ///
    /// # Errors
    /// As [`PostgresStore::connect`].
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        let store = Self::from_pool(pool);
        store.migrate().await?;
        Ok(store)
    }

    /// Wraps an existing pool; call [`PostgresStore::migrate`] unless the schema is known
    /// to be current.
    pub fn from_pool(pool: PgPool) -> Self {
        Self {
            appender: std::sync::Arc::new(append::Appender::new(pool.clone())),
            pool,
        }
    }

    /// Brings the schema up to date (idempotent; safe to run from several replicas at
    /// once: sqlx serialises migrations with an advisory lock).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    pub async fn migrate(&self) -> Result<(), StoreError> {
        crate::sharing(sqlx::migrate!("./migrations/postgres"))
            .run(&self.pool)
            .await
            .map_err(StoreError::from)
    }

    /// Appends batches on distinct streams as one group commit: one transaction, each
    /// batch atomic and failing alone, exactly as concurrent [`EventStore::append`] calls
    /// are grouped when they meet in the queue. Results in the order of `batches`.
    pub async fn append_group(
        &self,
        batches: Vec<AppendBatch>,
    ) -> Vec<Result<AppendResult, StoreError>> {
        self.appender.append_group(batches).await
    }

    /// The plan PostgreSQL chooses now for [`EventStore::read_all`] after `after`
    /// (`EXPLAIN` output, one line per row), so a test can check that the index supplies
    /// the order whatever the backlog.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    #[doc(hidden)]
    pub async fn read_all_plan(&self, after: LogCursor, limit: i64) -> Result<String, StoreError> {
        let horizon: i64 = sqlx::query_scalar(HORIZON).fetch_one(&self.pool).await?;
        let lines: Vec<String> = sqlx::query_scalar(&format!("EXPLAIN {}", read_all_sql()))
            .bind(after.xid)
            .bind(after.position)
            .bind(clamp_limit(limit))
            .bind(horizon)
            .fetch_all(&self.pool)
            .await?;
        Ok(lines.join("\n"))
    }

    /// The connection pool, for callers that keep their own tables in the same database.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The log's read horizon: every transaction of this database with a lower id has
/// finished, so once this statement has run, a later one sees all their events and a
/// follower that reads below it never passes an event that commits late.
///
/// It is the oldest transaction still running *in this database* (from the snapshot's
/// in-progress list, matched to this database's backends), else the snapshot's next
/// transaction id. Transactions of other databases on the same server are left out:
/// they never write this log, and counting them (as `pg_snapshot_xmin` does) would stall
/// every follower behind a long write in another service's database. The in-progress
/// list is taken before the backends are read, so a transaction that commits in between
/// is simply not counted: the follower's next statement sees it committed. Writers of
/// the log are the service's own role, whose backends the service may read.
const HORIZON: &str = "SELECT COALESCE(\
       (SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x \
        WHERE x::text::bigint % 4294967296 IN (SELECT backend_xid::text::bigint \
          FROM pg_stat_activity WHERE datname = current_database() \
          AND backend_xid IS NOT NULL)), \
       pg_snapshot_xmax(pg_current_snapshot()))::text::bigint";

fn select_events(filter: &str) -> String {
    format!("SELECT position, xid::text::bigint AS xid, {EVENT_COLUMNS} FROM events {filter}")
}

/// The log read of [`EventStore::read_all`]: `$1, $2` the cursor, `$3` the limit, `$4`
/// the horizon. It orders by `events.xid`, not the selected alias: the (xid, position)
/// index supplies the order, so a poll costs the same however far behind the follower is.
fn read_all_sql() -> String {
    select_events(
        "WHERE (events.xid, events.position) > ($1::bigint::text::xid8, $2) \
         AND events.xid < $4::bigint::text::xid8 \
         ORDER BY events.xid, events.position LIMIT $3",
    )
}

fn events_from_rows(rows: &[PgRow]) -> Result<Vec<RecordedEvent>, StoreError> {
    rows.iter().map(event_from_row).collect()
}

#[async_trait]
impl EventStore for PostgresStore {
    async fn append(&self, batch: AppendBatch) -> Result<AppendResult, StoreError> {
        self.appender.append(batch).await
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        after_version: i64,
        limit: Option<i64>,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let sql = select_events("WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3");
        let rows = sqlx::query(&sql)
            .bind(stream_id)
            .bind(after_version)
            .bind(limit.map(clamp_limit))
            .fetch_all(&self.pool)
            .await?;
        events_from_rows(&rows)
    }

    async fn read_all(
        &self,
        after: LogCursor,
        limit: i64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let horizon: i64 = sqlx::query_scalar(HORIZON).fetch_one(&self.pool).await?;
        let rows = sqlx::query(&read_all_sql())
            .bind(after.xid)
            .bind(after.position)
            .bind(clamp_limit(limit))
            .bind(horizon)
            .fetch_all(&self.pool)
            .await?;
        events_from_rows(&rows)
    }

    async fn idempotency_record(
        &self,
        actor: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        append::idempotency_record(&self.pool, actor, key).await
    }

    async fn unique_owner(&self, key: &UniqueKey) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT owner_stream FROM unique_claims WHERE scope = $1 AND key = $2",
        )
        .bind(&key.scope)
        .bind(&key.key)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn list_streams(
        &self,
        category: &str,
        region_prefix: &str,
        after_stream_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<StreamInfo>, StoreError> {
        let sql = format!(
            "SELECT {STREAM_COLUMNS} FROM streams \
             WHERE category = $1 AND starts_with(region, $2) \
             AND ($3::text IS NULL OR stream_id > $3) \
             ORDER BY stream_id LIMIT $4"
        );
        let rows = sqlx::query(&sql)
            .bind(category)
            .bind(region_prefix)
            .bind(after_stream_id)
            .bind(clamp_limit(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stream_from_row).collect()
    }

    async fn find_streams(
        &self,
        index: &str,
        from_key: &str,
        to_key: &str,
        after: Option<&crate::model::IndexHit>,
        limit: i64,
    ) -> Result<Vec<crate::model::IndexHit>, StoreError> {
        index::find(&self.pool, index, from_key, to_key, after, limit).await
    }

    async fn stream_info(&self, stream_id: &str) -> Result<Option<StreamInfo>, StoreError> {
        let sql = format!("SELECT {STREAM_COLUMNS} FROM streams WHERE stream_id = $1");
        let row = sqlx::query(&sql)
            .bind(stream_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(stream_from_row).transpose()
    }

    async fn subject_keys(
        &self,
        subjects: &[Uuid],
    ) -> Result<Vec<(Uuid, SubjectKeyState)>, StoreError> {
        let rows: Vec<(Uuid, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT subject_id, wrapped_key FROM subject_keys WHERE subject_id = ANY($1)",
        )
        .bind(subjects)
        .fetch_all(&self.pool)
        .await?;
        let found: std::collections::HashMap<Uuid, Option<Vec<u8>>> = rows.into_iter().collect();
        Ok(subjects
            .iter()
            .map(|subject| {
                let state = match found.get(subject) {
                    None => SubjectKeyState::Unknown,
                    Some(Some(wrapped)) => SubjectKeyState::Present(wrapped.clone()),
                    Some(None) => SubjectKeyState::Erased,
                };
                (*subject, state)
            })
            .collect())
    }

    async fn event_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn verify_stream(&self, stream_id: &str) -> Result<ChainReport, StoreError> {
        // One snapshot for the index and the events, so a concurrent append cannot make
        // an intact stream look broken.
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        let index: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT version, head_hash FROM streams WHERE stream_id = $1")
                .bind(stream_id)
                .fetch_optional(&mut *tx)
                .await?;
        let sql = select_events("WHERE stream_id = $1 ORDER BY version");
        let rows = sqlx::query(&sql)
            .bind(stream_id)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let events = events_from_rows(&rows)?;
        let index = match index {
            Some((version, head)) => Some((version, crate::common::hash32(head, "head_hash")?)),
            None => None,
        };
        Ok(verify_chain(stream_id, &events, index))
    }

    async fn relay_checkpoint(&self, name: &str) -> Result<LogCursor, StoreError> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT xid, position FROM relay_checkpoints WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map_or(LogCursor::START, |(xid, position)| LogCursor {
            xid,
            position,
        }))
    }

    async fn save_relay_checkpoint(&self, name: &str, cursor: LogCursor) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO relay_checkpoints (name, xid, position, updated_at) \
             VALUES ($1, $2, $3, now()) \
             ON CONFLICT (name) DO UPDATE \
             SET xid = excluded.xid, position = excluded.position, updated_at = excluded.updated_at \
             WHERE (relay_checkpoints.xid, relay_checkpoints.position) \
                 < (excluded.xid, excluded.position)",
        )
        .bind(name)
        .bind(cursor.xid)
        .bind(cursor.position)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
