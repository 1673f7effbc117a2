//! The inbox tables per engine, created if missing, and the one-time take-over of the
//! per-event applied records (`consumer_applied`) that versions before per-stream
//! ordering kept.

use sqlx::{AnyPool, PgPool, SqlitePool};

/// Serialises concurrent schema creation by PostgreSQL replicas starting at once.
const SCHEMA_LOCK: i64 = 0x6265_7264_6179_6131;

const POSTGRES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS consumer_streams (
        consumer  text   NOT NULL,
        stream_id text   NOT NULL,
        version   bigint NOT NULL,
        PRIMARY KEY (consumer, stream_id)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        consumer   text        NOT NULL,
        source     text        NOT NULL,
        xid        bigint      NOT NULL,
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_positions (
        consumer    text        NOT NULL,
        source      text        NOT NULL,
        position    bigint      NOT NULL,
        recorded_at timestamptz NOT NULL,
        applied_at  timestamptz NOT NULL,
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

const SQLITE: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS consumer_streams (
        consumer  TEXT    NOT NULL,
        stream_id TEXT    NOT NULL,
        version   INTEGER NOT NULL,
        PRIMARY KEY (consumer, stream_id)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        consumer   TEXT NOT NULL,
        source     TEXT NOT NULL,
        xid        INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_positions (
        consumer    TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        position    INTEGER NOT NULL,
        recorded_at TEXT    NOT NULL,
        applied_at  TEXT    NOT NULL,
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

/// Types both engines accept, for the `Any` driver: ids and times as text.
const PORTABLE: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS consumer_streams (
        consumer  TEXT   NOT NULL,
        stream_id TEXT   NOT NULL,
        version   BIGINT NOT NULL,
        PRIMARY KEY (consumer, stream_id)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_checkpoints (
        consumer   TEXT   NOT NULL,
        source     TEXT   NOT NULL,
        xid        BIGINT NOT NULL,
        position   BIGINT NOT NULL,
        updated_at TEXT   NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_positions (
        consumer    TEXT   NOT NULL,
        source      TEXT   NOT NULL,
        position    BIGINT NOT NULL,
        recorded_at TEXT   NOT NULL,
        applied_at  TEXT   NOT NULL,
        PRIMARY KEY (consumer, source)
    )",
    "CREATE TABLE IF NOT EXISTS consumer_parked (
        consumer    TEXT   NOT NULL,
        message_key TEXT   NOT NULL,
        subject     TEXT   NOT NULL,
        event_id    TEXT,
        event_type  TEXT   NOT NULL,
        stream_id   TEXT   NOT NULL,
        version     BIGINT,
        deliveries  BIGINT NOT NULL,
        reason      TEXT   NOT NULL,
        headers     TEXT   NOT NULL,
        payload     BYTEA  NOT NULL,
        parked_at   TEXT   NOT NULL,
        PRIMARY KEY (consumer, message_key)
    )",
];

/// Older versions recorded every applied event; the last version per stream is all
/// the ordering needs (their handlers applied each stream in order).
const ADOPT_APPLIED: &[&str] = &[
    "INSERT INTO consumer_streams (consumer, stream_id, version) \
     SELECT consumer, stream_id, MAX(version) FROM consumer_applied WHERE true \
     GROUP BY consumer, stream_id ON CONFLICT (consumer, stream_id) DO NOTHING",
    "DROP TABLE consumer_applied",
];

pub(super) async fn postgres(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *tx)
        .await?;
    for statement in POSTGRES {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    let legacy: bool = sqlx::query_scalar("SELECT to_regclass('consumer_applied') IS NOT NULL")
        .fetch_one(&mut *tx)
        .await?;
    if legacy {
        for statement in ADOPT_APPLIED {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
    }
    tx.commit().await
}

pub(super) async fn sqlite(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for statement in SQLITE {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    let legacy: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'consumer_applied'",
    )
    .fetch_one(&mut *tx)
    .await?;
    if legacy > 0 {
        for statement in ADOPT_APPLIED {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
    }
    tx.commit().await
}

pub(super) async fn portable(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    if super::is_postgres(&tx) {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(SCHEMA_LOCK)
            .execute(&mut *tx)
            .await?;
    }
    for statement in PORTABLE {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}
