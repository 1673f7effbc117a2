//! The PostgreSQL append path: one transaction per batch.
//!
//! Order of work inside the transaction:
//! 1. lock the stream's index row (`FOR UPDATE`): appends to one stream are serial;
//! 2. take the idempotency key (`ON CONFLICT DO NOTHING`; a concurrent holder of the same
//!    key makes us wait for its outcome). This comes before the version check so that a
//!    retry of a command that already committed gets its original answer even though
//!    the stream has moved on since;
//! 3. check the expected version;
//! 4. take the claims, drop the releases (sorted, so lock order is stable);
//! 5. store new subject keys, destroy erased ones;
//! 6. insert the events, chained from the stream's head, and upsert the stream row;
//! 7. restate the stream's secondary index entries, when the batch carries them.
//!
//! Two writers creating the same stream find no row to lock; the loser then hits the
//! unique (stream_id, version) constraint and gets [`StoreError::VersionConflict`] (or,
//! with [`ExpectedVersion::Any`], is retried).

use sqlx::postgres::{PgPool, PgRow};
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use crate::common::{
    IDEMPOTENCY_COLUMNS, IdempotencyRow, chain_events, check_expected, command_versions,
    expected_text, hash32, idempotency_from_row, now_micros, sorted_ids, sorted_keys, validate,
};
use crate::error::StoreError;
use crate::hash::GENESIS;
use crate::model::{
    AppendBatch, AppendResult, ExpectedVersion, IdempotencyKey, IdempotencyRecord, LogCursor,
};

/// How often an [`ExpectedVersion::Any`] append is retried after losing a stream-creation
/// race.
const ANY_RETRIES: usize = 3;

/// Why one attempt failed: a final error, or a lost race on a new stream.
enum Failure {
    Error(StoreError),
    Race,
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Error(error)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            match db.constraint() {
                Some("events_stream_version" | "streams_pkey") => return Failure::Race,
                Some("events_event_id_key") => {
                    return Failure::Error(StoreError::Internal(format!(
                        "duplicate event id: {}",
                        db.message()
                    )));
                }
                _ => {}
            }
        }
        Failure::Error(error.into())
    }
}

/// Appends a batch (see the module docs).
pub(super) async fn append(pool: &PgPool, batch: &AppendBatch) -> Result<AppendResult, StoreError> {
    validate(batch)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match append_once(pool, batch).await {
            Ok(result) => return Ok(result),
            Err(Failure::Error(error)) => return Err(error),
            Err(Failure::Race) => {
                if batch.expected_version == ExpectedVersion::Any && attempt <= ANY_RETRIES {
                    continue;
                }
                let actual: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM streams WHERE stream_id = $1")
                        .bind(&batch.stream_id)
                        .fetch_optional(pool)
                        .await?;
                return Err(StoreError::VersionConflict {
                    stream_id: batch.stream_id.clone(),
                    expected: expected_text(batch.expected_version),
                    actual: actual.unwrap_or(0),
                });
            }
        }
    }
}

async fn append_once(pool: &PgPool, batch: &AppendBatch) -> Result<AppendResult, Failure> {
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    let stream: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, head_hash FROM streams WHERE stream_id = $1 FOR UPDATE")
            .bind(&batch.stream_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (current, head) = match stream {
        Some((version, head)) => (version, hash32(head, "head_hash")?),
        None => (0, GENESIS),
    };
    if let Some(command) = &batch.idempotency {
        take_idempotency_key(&mut tx, batch, command, current).await?;
    }
    check_expected(&batch.stream_id, batch.expected_version, current)?;
    if batch.events.is_empty() {
        // Nothing else to write either (see `validate`).
        tx.rollback().await.map_err(StoreError::from)?;
        return Ok(AppendResult {
            version: current,
            events: Vec::new(),
        });
    }
    write_claims(&mut tx, batch).await?;
    write_subject_keys(&mut tx, batch).await?;

    let recorded_at = now_micros();
    let mut events = chain_events(batch, current, head, recorded_at);
    let rows = insert_events(&mut tx, batch, &events).await?;
    for row in rows {
        let version: i64 = row.try_get(0).map_err(StoreError::from)?;
        let cursor = LogCursor {
            position: row.try_get(1).map_err(StoreError::from)?,
            xid: row.try_get(2).map_err(StoreError::from)?,
        };
        let index = usize::try_from(version - current - 1)
            .map_err(|_| StoreError::Internal("insert returned an unknown version".into()))?;
        match events.get_mut(index) {
            Some(event) => event.cursor = cursor,
            None => {
                return Err(
                    StoreError::Internal("insert returned an unknown version".into()).into(),
                );
            }
        }
    }
    let (version, head_hash) = match events.last() {
        Some(last) => (last.version, last.hash),
        None => (current, head),
    };
    sqlx::query(
        "INSERT INTO streams (stream_id, category, region, version, head_hash, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (stream_id) DO UPDATE SET region = EXCLUDED.region, \
         version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, \
         updated_at = EXCLUDED.updated_at",
    )
    .bind(&batch.stream_id)
    .bind(&batch.category)
    .bind(&batch.metadata.region)
    .bind(version)
    .bind(&head_hash[..])
    .bind(recorded_at)
    .execute(&mut *tx)
    .await?;
    super::index::write_entries(&mut tx, batch).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(AppendResult { version, events })
}

/// Inserts the idempotency record (with the versions the batch's events will take), or
/// fails with the record already stored for the key.
async fn take_idempotency_key(
    conn: &mut PgConnection,
    batch: &AppendBatch,
    command: &IdempotencyKey,
    current: i64,
) -> Result<(), Failure> {
    let (first, last) = command_versions(batch, current);
    let inserted = sqlx::query(
        "INSERT INTO idempotency (actor, key, operation, request_hash, stream_id, \
         first_version, last_version) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&command.actor)
    .bind(&command.key)
    .bind(&command.operation)
    .bind(&command.request_hash[..])
    .bind(&batch.stream_id)
    .bind(first)
    .bind(last)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(());
    }
    let existing = fetch_idempotency(&mut *conn, &command.actor, &command.key)
        .await?
        .ok_or_else(|| StoreError::Internal("idempotency record vanished".into()))?;
    Err(StoreError::IdempotencyKeyUsed(Box::new(existing)).into())
}

/// Takes the batch's claims and drops its releases.
async fn write_claims(conn: &mut PgConnection, batch: &AppendBatch) -> Result<(), Failure> {
    for claim in sorted_keys(&batch.claims) {
        let inserted = sqlx::query(
            "INSERT INTO unique_claims (scope, key, owner_stream) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&claim.scope)
        .bind(&claim.key)
        .bind(&batch.stream_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 1 {
            continue;
        }
        let owner: Option<String> = sqlx::query_scalar(
            "SELECT owner_stream FROM unique_claims WHERE scope = $1 AND key = $2",
        )
        .bind(&claim.scope)
        .bind(&claim.key)
        .fetch_optional(&mut *conn)
        .await?;
        match owner {
            Some(owner) if owner == batch.stream_id => {}
            Some(owner) => {
                return Err(StoreError::UniqueTaken {
                    scope: claim.scope.clone(),
                    key: claim.key.clone(),
                    owner,
                }
                .into());
            }
            None => return Err(StoreError::Internal("unique claim vanished".into()).into()),
        }
    }
    for release in sorted_keys(&batch.releases) {
        sqlx::query(
            "DELETE FROM unique_claims WHERE scope = $1 AND key = $2 AND owner_stream = $3",
        )
        .bind(&release.scope)
        .bind(&release.key)
        .bind(&batch.stream_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Stores new subject keys (never replacing one) and destroys erased ones.
async fn write_subject_keys(conn: &mut PgConnection, batch: &AppendBatch) -> Result<(), Failure> {
    let mut new_keys: Vec<_> = batch.new_subject_keys.iter().collect();
    new_keys.sort_by_key(|key| key.subject_id);
    for key in new_keys {
        let inserted = sqlx::query(
            "INSERT INTO subject_keys (subject_id, wrapped_key) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(key.subject_id)
        .bind(&key.wrapped)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 1 {
            continue;
        }
        let existing: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT wrapped_key FROM subject_keys WHERE subject_id = $1")
                .bind(key.subject_id)
                .fetch_optional(&mut *conn)
                .await?;
        if existing.flatten().as_ref() != Some(&key.wrapped) {
            return Err(StoreError::Internal(format!(
                "subject {} already has a different (or erased) key",
                key.subject_id
            ))
            .into());
        }
    }
    let erase: Vec<Uuid> = sorted_ids(&batch.erase_subjects);
    if !erase.is_empty() {
        sqlx::query(
            "INSERT INTO subject_keys (subject_id, wrapped_key, erased_at) \
             SELECT id, NULL, now() FROM UNNEST($1::uuid[]) AS u(id) \
             ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, \
             erased_at = COALESCE(subject_keys.erased_at, now())",
        )
        .bind(&erase)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts the chained events in one statement; returns (version, position, xid) rows.
async fn insert_events(
    conn: &mut PgConnection,
    batch: &AppendBatch,
    events: &[crate::model::RecordedEvent],
) -> Result<Vec<PgRow>, Failure> {
    let versions: Vec<i64> = events.iter().map(|e| e.version).collect();
    let ids: Vec<Uuid> = events.iter().map(|e| e.event_id).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    let schemas: Vec<i32> = events.iter().map(|e| e.schema_version).collect();
    let payloads: Vec<&[u8]> = events.iter().map(|e| e.payload.as_slice()).collect();
    let prevs: Vec<&[u8]> = events.iter().map(|e| &e.prev_hash[..]).collect();
    let hashes: Vec<&[u8]> = events.iter().map(|e| &e.hash[..]).collect();
    let recorded_at = events.first().map(|e| e.recorded_at);
    let m = &batch.metadata;
    let rows = sqlx::query(
        "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
         payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
         traceparent, recorded_at, prev_hash, hash) \
         SELECT $1, v, id, t, s, p, $7, $8, $9, $10, $11, $12, $13, $14, ph, h \
         FROM UNNEST($2::bigint[], $3::uuid[], $4::text[], $5::int4[], $6::bytea[], \
         $15::bytea[], $16::bytea[]) AS u(v, id, t, s, p, ph, h) \
         ORDER BY v \
         RETURNING version, position, xid::text::bigint",
    )
    .bind(&batch.stream_id)
    .bind(&versions)
    .bind(&ids)
    .bind(&types)
    .bind(&schemas)
    .bind(&payloads)
    .bind(&m.actor)
    .bind(&m.role)
    .bind(&m.region)
    .bind(&m.correlation_id)
    .bind(&m.causation_id)
    .bind(&m.idempotency_key)
    .bind(&m.traceparent)
    .bind(recorded_at)
    .bind(&prevs)
    .bind(&hashes)
    .fetch_all(&mut *conn)
    .await?;
    if rows.len() != events.len() {
        return Err(StoreError::Internal("event insert returned a wrong row count".into()).into());
    }
    Ok(rows)
}

/// Reads the idempotency record of `(actor, key)`.
async fn fetch_idempotency<'c, E>(
    executor: E,
    actor: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError>
where
    E: sqlx::PgExecutor<'c>,
{
    let row: Option<IdempotencyRow> = sqlx::query_as(&format!(
        "SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE actor = $1 AND key = $2"
    ))
    .bind(actor)
    .bind(key)
    .fetch_optional(executor)
    .await?;
    row.map(idempotency_from_row).transpose()
}

/// The idempotency record of `(actor, key)`, read outside any append.
pub(super) async fn idempotency_record(
    pool: &PgPool,
    actor: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    fetch_idempotency(pool, actor, key).await
}
