//! The SQLite engine (embedded mode, `berdaya up`).
//!
//! One file per service in WAL mode. All writes go through a pool of exactly one
//! connection and run as `BEGIN IMMEDIATE` transactions (appends group-committed, see
//! `sqlite/append.rs`), so writers are serial and the
//! position order of the log is its commit order (`xid` is always 0). Reads use a separate
//! pool of read-only connections, which WAL lets run alongside the writer.

mod append;
mod index;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use uuid::Uuid;

use crate::common::{EVENT_COLUMNS, STREAM_COLUMNS, clamp_limit, event_from_row, stream_from_row};
use crate::error::StoreError;
use crate::group::GroupCommit;
use crate::hash::verify_chain;
use crate::model::{
    AppendBatch, AppendResult, ChainReport, IdempotencyRecord, LogCursor, RecordedEvent,
    StreamInfo, SubjectKeyState, UniqueKey,
};
use crate::store::EventStore;

/// How long a statement waits for a lock held by another process before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Read-only connections kept for readers.
const READERS: u32 = 4;

/// The event store in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    group: Arc<GroupCommit<append::Writer>>,
}

impl SqliteStore {
    fn from_pools(writer: SqlitePool, reader: SqlitePool) -> Self {
        let group = Arc::new(GroupCommit::new(
            append::Writer {
                writer: writer.clone(),
            },
            1,
        ));
        Self {
            writer,
            reader,
            group,
        }
    }
}

impl SqliteStore {
    /// Opens (creating it if missing) the store at `path` and runs the migrations.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the file cannot be opened,
    /// [`StoreError::Internal`] for a failed migration.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let base = SqliteConnectOptions::new()
            .filename(path)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let writer_options = base
            .clone()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // An acknowledged append survives a power loss too (NORMAL would sync only
            // at checkpoints); group commit pays one sync per group of commands.
            .synchronous(SqliteSynchronous::Full)
            // Deleted and overwritten content is zeroed, so an erased subject's key does
            // not linger in free pages of the file (crypto-shredding must shred).
            .pragma("secure_delete", "ON");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(writer_options)
            .await
            .map_err(open_error)?;
        crate::sharing(sqlx::migrate!("./migrations/sqlite"))
            .run(&writer)
            .await?;
        // What a migration overwrote (answers that held personal data, say) is zeroed in
        // the WAL; copying the WAL back now zeroes it in the database file too.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&writer)
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.read_only(true))
            .await
            .map_err(open_error)?;
        Ok(Self::from_pools(writer, reader))
    }

    /// A private in-memory store (one connection for reads and writes), for tests and
    /// tools. Gone when the store is dropped.
    ///
    /// # Errors
    /// [`StoreError::Internal`] for a failed migration.
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        crate::sharing(sqlx::migrate!("./migrations/sqlite"))
            .run(&pool)
            .await?;
        Ok(Self::from_pools(pool.clone(), pool))
    }

    /// The writer pool (one connection), for callers that write their own tables in the
    /// same file and must serialise with the store's writes.
    pub fn writer_pool(&self) -> &SqlitePool {
        &self.writer
    }

    /// Appends batches as one group commit: one transaction, each batch under its own
    /// savepoint, atomic and failing alone, exactly as concurrent [`EventStore::append`]
    /// calls are grouped when they meet in the queue. Results in the order of `batches`.
    pub async fn append_group(
        &self,
        batches: Vec<AppendBatch>,
    ) -> Vec<Result<AppendResult, StoreError>> {
        let mut jobs = Vec::with_capacity(batches.len());
        let mut outcomes = Vec::with_capacity(batches.len());
        for work in batches {
            let (reply, outcome) = tokio::sync::oneshot::channel();
            jobs.push(crate::group::Job { work, reply });
            outcomes.push(outcome);
        }
        crate::group::Engine::commit(self.group.engine(), jobs).await;
        let mut results = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            results.push(outcome.await.unwrap_or_else(|_| {
                Err(StoreError::Internal(
                    "a group left a batch unanswered".into(),
                ))
            }));
        }
        results
    }

    /// The read-only pool.
    pub fn reader_pool(&self) -> &SqlitePool {
        &self.reader
    }
}

/// A file that cannot be opened is an unavailable store, not a bug.
fn open_error(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Database(_) | sqlx::Error::Io(_) => StoreError::Unavailable(error.to_string()),
        other => other.into(),
    }
}

fn select_events(filter: &str) -> String {
    format!("SELECT position, 0 AS xid, {EVENT_COLUMNS} FROM events {filter}")
}

fn events_from_rows(rows: &[SqliteRow]) -> Result<Vec<RecordedEvent>, StoreError> {
    rows.iter().map(event_from_row).collect()
}

#[async_trait]
impl EventStore for SqliteStore {
    async fn append(&self, batch: AppendBatch) -> Result<AppendResult, StoreError> {
        self.group.submit(batch).await?
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        after_version: i64,
        limit: Option<i64>,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let sql = select_events("WHERE stream_id = ?1 AND version > ?2 ORDER BY version LIMIT ?3");
        let rows = sqlx::query(&sql)
            .bind(stream_id)
            .bind(after_version)
            .bind(limit.map_or(-1, clamp_limit))
            .fetch_all(&self.reader)
            .await?;
        events_from_rows(&rows)
    }

    async fn read_all(
        &self,
        after: LogCursor,
        limit: i64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        // Writers are serial: position order is commit order, and xid is always 0.
        let sql = select_events("WHERE position > ?1 ORDER BY position LIMIT ?2");
        let rows = sqlx::query(&sql)
            .bind(after.position)
            .bind(clamp_limit(limit))
            .fetch_all(&self.reader)
            .await?;
        events_from_rows(&rows)
    }

    async fn idempotency_record(
        &self,
        actor: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        append::fetch_idempotency(&self.reader, actor, key).await
    }

    async fn unique_owner(&self, key: &UniqueKey) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT owner_stream FROM unique_claims WHERE scope = ?1 AND key = ?2",
        )
        .bind(&key.scope)
        .bind(&key.key)
        .fetch_optional(&self.reader)
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
             WHERE category = ?1 AND substr(region, 1, length(?2)) = ?2 \
             AND (?3 IS NULL OR stream_id > ?3) \
             ORDER BY stream_id LIMIT ?4"
        );
        let rows = sqlx::query(&sql)
            .bind(category)
            .bind(region_prefix)
            .bind(after_stream_id)
            .bind(clamp_limit(limit))
            .fetch_all(&self.reader)
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
        index::find(&self.reader, index, from_key, to_key, after, limit).await
    }

    async fn stream_info(&self, stream_id: &str) -> Result<Option<StreamInfo>, StoreError> {
        let sql = format!("SELECT {STREAM_COLUMNS} FROM streams WHERE stream_id = ?1");
        let row = sqlx::query(&sql)
            .bind(stream_id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(stream_from_row).transpose()
    }

    async fn subject_keys(
        &self,
        subjects: &[Uuid],
    ) -> Result<Vec<(Uuid, SubjectKeyState)>, StoreError> {
        let mut conn = self.reader.acquire().await?;
        let mut states = Vec::with_capacity(subjects.len());
        for subject in subjects {
            let row: Option<Option<Vec<u8>>> =
                sqlx::query_scalar("SELECT wrapped_key FROM subject_keys WHERE subject_id = ?1")
                    .bind(subject)
                    .fetch_optional(&mut *conn)
                    .await?;
            let state = match row {
                None => SubjectKeyState::Unknown,
                Some(Some(wrapped)) => SubjectKeyState::Present(wrapped),
                Some(None) => SubjectKeyState::Erased,
            };
            states.push((*subject, state));
        }
        Ok(states)
    }

    async fn event_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn verify_stream(&self, stream_id: &str) -> Result<ChainReport, StoreError> {
        // One read transaction: a WAL snapshot covering both the index and the events.
        let mut tx = self.reader.begin().await?;
        let index: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT version, head_hash FROM streams WHERE stream_id = ?1")
                .bind(stream_id)
                .fetch_optional(&mut *tx)
                .await?;
        let sql = select_events("WHERE stream_id = ?1 ORDER BY version");
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
            sqlx::query_as("SELECT xid, position FROM relay_checkpoints WHERE name = ?1")
                .bind(name)
                .fetch_optional(&self.reader)
                .await?;
        Ok(row.map_or(LogCursor::START, |(xid, position)| LogCursor {
            xid,
            position,
        }))
    }

    async fn save_relay_checkpoint(&self, name: &str, cursor: LogCursor) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO relay_checkpoints (name, xid, position, updated_at) \
             VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (name) DO UPDATE \
             SET xid = excluded.xid, position = excluded.position, updated_at = excluded.updated_at \
             WHERE (relay_checkpoints.xid, relay_checkpoints.position) \
                 < (excluded.xid, excluded.position)",
        )
        .bind(name)
        .bind(cursor.xid)
        .bind(cursor.position)
        .bind(crate::common::now_micros())
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
