//! Read models written before the reporting projection ran on the shared inbox kept
//! their own per-stream versions (in `report_entities`), source checkpoints
//! (`report_sources`) and parked messages (`report_parked`). Opening such a read model
//! hands them to the inbox once, so nothing is applied twice and what was parked can
//! be re-driven; the old tables then go.

use berdaya_messaging::{EventEnvelope, ParkedMessage};
use chrono::{DateTime, Utc};
use sqlx::Any;

use crate::store::{CONSUMER, ReadModel, ReadModelError};

/// Serialises the take-over between PostgreSQL replicas starting at once.
const LEGACY_LOCK: i64 = 0x6265_7264_6179_7231;

// Not a migration, unlike the inbox's tables: the take-over reads the read model's
// per-generation `entities` table, whose name is generated at run time, and writes the
// consumer's name and the time, all in the one transaction that also empties the old
// tables. The two old tables are created (empty) only so that the statements read the
// same on every database; they are dropped at the end.
const OLD_SOURCES: &str = "CREATE TABLE IF NOT EXISTS report_sources \
     (source TEXT PRIMARY KEY, xid BIGINT NOT NULL, position BIGINT NOT NULL)";
const OLD_PARKED: &str = "CREATE TABLE IF NOT EXISTS report_parked (key TEXT PRIMARY KEY, \
     subject TEXT NOT NULL, event_type TEXT NOT NULL, stream_id TEXT NOT NULL, version BIGINT, \
     deliveries BIGINT NOT NULL, reason TEXT NOT NULL, headers TEXT NOT NULL, \
     payload BYTEA NOT NULL, parked_at TEXT NOT NULL)";

type OldParked = (
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    String,
    String,
    Vec<u8>,
    String,
);

/// Takes over the old tables' state, if there is any, in one transaction.
///
/// # Errors
/// On database failure (nothing changes then).
pub(crate) async fn adopt(model: &ReadModel) -> Result<(), ReadModelError> {
    let mut tx = model.pool().begin().await?;
    if tx.backend_name().eq_ignore_ascii_case("postgresql") {
        // Replicas starting at once take turns.
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LEGACY_LOCK)
            .execute(&mut *tx)
            .await?;
    }
    // The old tables may not exist: make them (empty) so the statements below read
    // the same on every database and engine.
    sqlx::query(OLD_SOURCES).execute(&mut *tx).await?;
    sqlx::query(OLD_PARKED).execute(&mut *tx).await?;
    sqlx::query(&format!(
        "INSERT INTO consumer_streams (consumer, stream_id, version) \
         SELECT $1, stream_id, version FROM {} WHERE version > 0 \
         AND NOT EXISTS (SELECT 1 FROM consumer_streams WHERE consumer = $1)",
        model.table("entities")
    ))
    .bind(CONSUMER)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO consumer_checkpoints (consumer, source, xid, position, updated_at) \
         SELECT $1, 'local:' || source, xid, position, $2 FROM report_sources WHERE true \
         ON CONFLICT (consumer, source) DO NOTHING",
    )
    .bind(CONSUMER)
    .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
    .execute(&mut *tx)
    .await?;
    let parked: Vec<OldParked> = sqlx::query_as(
        "SELECT key, subject, event_type, stream_id, version, deliveries, reason, headers, \
         payload, parked_at FROM report_parked",
    )
    .fetch_all(&mut *tx)
    .await?;
    for row in parked {
        <Any as berdaya_messaging::InboxDatabase>::park(&mut tx, CONSUMER, &adopted(row)).await?;
    }
    sqlx::query("DROP TABLE report_sources")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DROP TABLE report_parked")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// An old parked row as the inbox keeps it (the event id is in its headers).
fn adopted(row: OldParked) -> ParkedMessage {
    let (key, subject, event_type, stream_id, version, deliveries, reason, headers, payload, at) =
        row;
    let mut parked = ParkedMessage {
        key,
        subject,
        event_id: None,
        event_type,
        stream_id,
        version,
        deliveries,
        reason,
        headers,
        payload,
        parked_at: DateTime::parse_from_rfc3339(&at).map_or_else(|_| Utc::now(), |t| t.to_utc()),
    };
    parked.event_id = parked.envelope().ok().map(|e: EventEnvelope| e.event_id);
    parked
}
