//! The engine-specific side of an inbox: its tables and the statements on them,
//! implemented for PostgreSQL, SQLite and sqlx's `Any` (see [`super::engines`]).
//!
//! Per consumer the tables hold:
//! - `consumer_streams`: the last version applied of every stream (the dedupe and the
//!   order: an event at or below it is a duplicate, one beyond the next is early);
//! - `consumer_checkpoints`: where a local source resumes reading another store's log;
//! - `consumer_positions`: per source context, how far the applied events reach (the
//!   highest log position and the latest recording time), so readers can tell how
//!   fresh a read model is;
//! - `consumer_parked`: messages set aside, with the reason, until someone re-drives
//!   them.

use std::collections::HashMap;

use async_trait::async_trait;
use berdaya_eventstore::LogCursor;
use chrono::{DateTime, Utc};
use sqlx::Pool;

use super::ParkedMessage;

/// How far a consumer's applied events reach in one source context's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePosition {
    /// The source context, e.g. `households`.
    pub source: String,
    /// The highest log position applied (0 when the events carried none).
    pub position: i64,
    /// The latest recording time among the applied events.
    pub recorded_at: DateTime<Utc>,
    /// When the consumer last applied an event of this source.
    pub applied_at: DateTime<Utc>,
}

/// A stream's version moving from `expected` (0: none) to `applied` in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionChange<'a> {
    /// The stream.
    pub stream_id: &'a str,
    /// The version read at the start of the batch.
    pub expected: i64,
    /// The last version the batch applied.
    pub applied: i64,
}

/// The engine-specific SQL of an inbox.
#[async_trait]
pub trait InboxDatabase: sqlx::Database {
    /// Creates the inbox tables if missing (idempotent, safe from several processes),
    /// and takes over the applied records an older version kept per event.
    async fn ensure_schema(pool: &Pool<Self>) -> Result<(), sqlx::Error>;

    /// The last version applied of each of `streams` (sorted, distinct); a stream not
    /// listed has none.
    async fn versions(
        conn: &mut Self::Connection,
        consumer: &str,
        streams: &[&str],
    ) -> Result<HashMap<String, i64>, sqlx::Error>;

    /// Moves each stream from the version read (`expected`, 0 for none) to the one
    /// applied, unless another transaction moved it meanwhile: then nothing is
    /// promised and the answer is false, and the caller must roll back. This is the
    /// concurrency guard between processes applying the same events at once
    /// (replicas, or a redelivery racing the first delivery), at one write per stream.
    async fn save_versions(
        conn: &mut Self::Connection,
        consumer: &str,
        changes: &[VersionChange<'_>],
    ) -> Result<bool, sqlx::Error>;

    /// The lowest parked version of `stream_id` above `after` and below `before`.
    async fn parked_between(
        conn: &mut Self::Connection,
        consumer: &str,
        stream_id: &str,
        after: i64,
        before: i64,
    ) -> Result<Option<i64>, sqlx::Error>;

    /// Moves each source's position forward (never back) and stamps it applied now.
    async fn save_positions(
        conn: &mut Self::Connection,
        consumer: &str,
        positions: &[SourcePosition],
    ) -> Result<(), sqlx::Error>;

    /// Every source's position, ordered by source.
    async fn positions(
        pool: &Pool<Self>,
        consumer: &str,
    ) -> Result<Vec<SourcePosition>, sqlx::Error>;

    /// The checkpoint of `consumer` in the log of `source` ([`LogCursor::START`] if none).
    async fn checkpoint(
        pool: &Pool<Self>,
        consumer: &str,
        source: &str,
    ) -> Result<LogCursor, sqlx::Error>;

    /// Stores the checkpoint of `consumer` in the log of `source`.
    async fn save_checkpoint(
        conn: &mut Self::Connection,
        consumer: &str,
        source: &str,
        cursor: LogCursor,
    ) -> Result<(), sqlx::Error>;

    /// Parks a message (a second park of the same key updates it).
    async fn park(
        conn: &mut Self::Connection,
        consumer: &str,
        parked: &ParkedMessage,
    ) -> Result<(), sqlx::Error>;

    /// Removes a parked message (it was re-driven).
    async fn unpark(
        conn: &mut Self::Connection,
        consumer: &str,
        key: &str,
    ) -> Result<(), sqlx::Error>;

    /// The consumer's parked messages, oldest first.
    async fn parked(
        pool: &Pool<Self>,
        consumer: &str,
        limit: i64,
    ) -> Result<Vec<ParkedMessage>, sqlx::Error>;

    /// How many messages the consumer has parked.
    async fn parked_count(pool: &Pool<Self>, consumer: &str) -> Result<i64, sqlx::Error>;

    /// Forgets everything `consumer` holds (versions, checkpoints, positions, parked
    /// messages): it starts again from nothing.
    async fn forget_consumer(
        conn: &mut Self::Connection,
        consumer: &str,
    ) -> Result<(), sqlx::Error>;

    /// Hands everything `from` holds (versions, checkpoints, positions, parked
    /// messages) to `to`, replacing what `to` held: a rebuilt read model takes over.
    async fn move_consumer(
        conn: &mut Self::Connection,
        from: &str,
        to: &str,
    ) -> Result<(), sqlx::Error>;
}
