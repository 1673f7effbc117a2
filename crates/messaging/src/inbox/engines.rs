//! The inbox tables and their SQL, for PostgreSQL (distributed mode) and SQLite
//! (embedded mode). The statements that read and write rows are the same text for both
//! engines (SQLite accepts `$n` parameters); only the table definitions differ.

use async_trait::async_trait;
use berdaya_eventstore::LogCursor;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool};
use uuid::Uuid;

use super::{InboxDatabase, ParkedMessage};
use crate::envelope::EventEnvelope;

/// Serialises concurrent schema creation by PostgreSQL replicas starting at once.
const SCHEMA_LOCK: i64 = 0x6265_7264_6179_6131;

const POSTGRES_SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS consumer_applied (
        consumer   text        NOT NULL,
        event_id   uuid        NOT NULL,
        context    text        NOT NULL,
        stream_id  text        NOT NULL,
        version    bigint      NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )",
    "CREATE INDEX IF NOT EXISTS consumer_applied_stream
        ON consumer_applied (consumer, stream_id, version)",
    "CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        consumer   text        NOT NULL,
        source     text        NOT NULL,
        xid        bigint      NOT NULL,
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_parked (
        consumer    text        NOT NULL,
        message_key text        NOT NULL,
        subject     text        NOT NULL,
        event_id    uuid,
        event_type  text        NOT NULL,
        stream_id   text        NOT NULL,
        version     bigint,
        deliveries  bigint      NOT NULL,
        reason      text        NOT NULL,
        headers     text        NOT NULL,
        payload     bytea       NOT NULL,
        parked_at   timestamptz NOT NULL,
        PRIMARY KEY (consumer, message_key)
    )",
];

const SQLITE_SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS consumer_applied (
        consumer   TEXT NOT NULL,
        event_id   BLOB NOT NULL,
        context    TEXT NOT NULL,
        stream_id  TEXT NOT NULL,
        version    INTEGER NOT NULL,
        applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        PRIMARY KEY (consumer, event_id)
    )",
    "CREATE INDEX IF NOT EXISTS consumer_applied_stream
        ON consumer_applied (consumer, stream_id, version)",
    "CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        consumer   TEXT NOT NULL,
        source     TEXT NOT NULL,
        xid        INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_parked (
        consumer    TEXT NOT NULL,
        message_key TEXT NOT NULL,
        subject     TEXT NOT NULL,
        event_id    BLOB,
        event_type  TEXT NOT NULL,
        stream_id   TEXT NOT NULL,
        version     INTEGER,
        deliveries  INTEGER NOT NULL,
        reason      TEXT NOT NULL,
        headers     TEXT NOT NULL,
        payload     BLOB NOT NULL,
        parked_at   TEXT NOT NULL,
        PRIMARY KEY (consumer, message_key)
    )",
];

const CLAIM: &str = "INSERT INTO consumer_applied (consumer, event_id, context, stream_id, version) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
const CHECKPOINT: &str =
    "SELECT xid, position FROM consumer_checkpoints WHERE consumer = $1 AND source = $2";
const SAVE_CHECKPOINT: &str = "INSERT INTO consumer_checkpoints \
     (consumer, source, xid, position, updated_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (consumer, source) DO UPDATE \
     SET xid = excluded.xid, position = excluded.position, updated_at = excluded.updated_at";
const PARK: &str = "INSERT INTO consumer_parked (consumer, message_key, subject, event_id, \
     event_type, stream_id, version, deliveries, reason, headers, payload, parked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
     ON CONFLICT (consumer, message_key) DO UPDATE SET deliveries = excluded.deliveries, \
     reason = excluded.reason, parked_at = excluded.parked_at";
const PARKED: &str = "SELECT message_key, subject, event_id, event_type, stream_id, version, \
     deliveries, reason, headers, payload, parked_at FROM consumer_parked \
     WHERE consumer = $1 ORDER BY parked_at, message_key LIMIT $2";
const PARKED_COUNT: &str = "SELECT count(*) FROM consumer_parked WHERE consumer = $1";

type ParkedRow = (
    String,
    String,
    Option<Uuid>,
    String,
    String,
    Option<i64>,
    i64,
    String,
    String,
    Vec<u8>,
    DateTime<Utc>,
);

fn parked_from_row(row: ParkedRow) -> ParkedMessage {
    let (key, subject, event_id, event_type, stream_id, version) =
        (row.0, row.1, row.2, row.3, row.4, row.5);
    ParkedMessage {
        key,
        subject,
        event_id,
        event_type,
        stream_id,
        version,
        deliveries: row.6,
        reason: row.7,
        headers: row.8,
        payload: row.9,
        parked_at: row.10,
    }
}

async fn postgres_schema(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *tx)
        .await?;
    for statement in POSTGRES_SCHEMA {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}

async fn sqlite_schema(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for statement in SQLITE_SCHEMA {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// One implementation of the shared statements per engine.
macro_rules! inbox_database {
    ($db:ty, $conn:ty, $pool:ty, $schema:ident) => {
        #[async_trait]
        impl InboxDatabase for $db {
            async fn ensure_schema(pool: &$pool) -> Result<(), sqlx::Error> {
                $schema(pool).await
            }

            async fn claim(
                conn: &mut $conn,
                consumer: &str,
                event: &EventEnvelope,
            ) -> Result<bool, sqlx::Error> {
                let done = sqlx::query(CLAIM)
                    .bind(consumer)
                    .bind(event.event_id)
                    .bind(&event.context)
                    .bind(&event.stream_id)
                    .bind(event.version)
                    .execute(conn)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn checkpoint(
                pool: &$pool,
                consumer: &str,
                source: &str,
            ) -> Result<LogCursor, sqlx::Error> {
                let row: Option<(i64, i64)> = sqlx::query_as(CHECKPOINT)
                    .bind(consumer)
                    .bind(source)
                    .fetch_optional(pool)
                    .await?;
                Ok(row.map_or(LogCursor::START, |(xid, position)| LogCursor {
                    xid,
                    position,
                }))
            }

            async fn save_checkpoint(
                conn: &mut $conn,
                consumer: &str,
                source: &str,
                cursor: LogCursor,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(SAVE_CHECKPOINT)
                    .bind(consumer)
                    .bind(source)
                    .bind(cursor.xid)
                    .bind(cursor.position)
                    .bind(Utc::now())
                    .execute(conn)
                    .await?;
                Ok(())
            }

            async fn park(
                conn: &mut $conn,
                consumer: &str,
                parked: &ParkedMessage,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(PARK)
                    .bind(consumer)
                    .bind(&parked.key)
                    .bind(&parked.subject)
                    .bind(parked.event_id)
                    .bind(&parked.event_type)
                    .bind(&parked.stream_id)
                    .bind(parked.version)
                    .bind(parked.deliveries)
                    .bind(&parked.reason)
                    .bind(&parked.headers)
                    .bind(&parked.payload)
                    .bind(parked.parked_at)
                    .execute(conn)
                    .await?;
                Ok(())
            }

            async fn parked(
                pool: &$pool,
                consumer: &str,
                limit: i64,
            ) -> Result<Vec<ParkedMessage>, sqlx::Error> {
                let rows: Vec<ParkedRow> = sqlx::query_as(PARKED)
                    .bind(consumer)
                    .bind(limit.max(0))
                    .fetch_all(pool)
                    .await?;
                Ok(rows.into_iter().map(parked_from_row).collect())
            }

            async fn parked_count(pool: &$pool, consumer: &str) -> Result<i64, sqlx::Error> {
                sqlx::query_scalar(PARKED_COUNT)
                    .bind(consumer)
                    .fetch_one(pool)
                    .await
            }
        }
    };
}

inbox_database!(Postgres, PgConnection, PgPool, postgres_schema);
inbox_database!(Sqlite, SqliteConnection, SqlitePool, sqlite_schema);
