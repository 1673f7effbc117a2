//! The SQLite append path: group commit on the single writer connection. Concurrent
//! batches are queued ([`crate::group`]) and written in one `BEGIN IMMEDIATE`
//! transaction, each under its own savepoint, so a group shares one commit (one WAL
//! write and sync) while a batch that fails is rolled back alone. No other writer runs
//! in between. The checks come in this order: idempotency key, expected version, claims,
//! subject keys, events, stream index, secondary index entries.

use async_trait::async_trait;
use sqlx::{Acquire, SqliteConnection, SqlitePool};
use uuid::Uuid;

use crate::common::{
    IDEMPOTENCY_COLUMNS, IdempotencyRow, chain_events, check_expected, command_versions,
    expected_text, hash32, idempotency_from_row, now_micros, sorted_ids, sorted_keys, validate,
};
use crate::error::StoreError;
use crate::group::{Engine, Job};
use crate::hash::GENESIS;
use crate::model::{AppendBatch, AppendResult, IdempotencyKey, IdempotencyRecord, LogCursor};

/// Commits groups of batches on the single writer connection.
#[derive(Debug)]
pub(super) struct Writer {
    pub(super) writer: SqlitePool,
}

/// A queued batch and its result.
type SqliteJob = Job<AppendBatch, Result<AppendResult, StoreError>>;

#[async_trait]
impl Engine for Writer {
    type Work = AppendBatch;
    type Outcome = Result<AppendResult, StoreError>;

    /// One `BEGIN IMMEDIATE` transaction for the whole group, one savepoint per batch:
    /// a batch that fails is rolled back to its savepoint alone and the others commit.
    /// No batch is answered before the group has committed.
    async fn commit(&self, group: Vec<SqliteJob>) {
        let mut results = Vec::with_capacity(group.len());
        let committed = self.write_group(&group, &mut results).await;
        let erased = match &committed {
            Ok(()) => group
                .iter()
                .zip(&results)
                .any(|(job, result)| result.is_ok() && !job.work.erase_subjects.is_empty()),
            Err(_) => false,
        };
        match committed {
            Ok(()) => {
                for (job, result) in group.into_iter().zip(results) {
                    job.answer(result);
                }
            }
            Err(error) => {
                let message = error.to_string();
                let unavailable = matches!(error, StoreError::Unavailable(_));
                for job in group {
                    job.answer(Err(if unavailable {
                        StoreError::Unavailable(message.clone())
                    } else {
                        StoreError::Internal(message.clone())
                    }));
                }
            }
        }
        if erased {
            shred_wal(&self.writer).await;
        }
    }
}

impl Writer {
    /// Writes every batch of the group under its savepoint and commits; `results` gets
    /// each batch's outcome. An error means nothing of the group was committed.
    async fn write_group(
        &self,
        group: &[SqliteJob],
        results: &mut Vec<Result<AppendResult, StoreError>>,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        for job in group {
            if let Err(error) = validate(&job.work) {
                results.push(Err(error));
                continue;
            }
            let mut savepoint = Acquire::begin(&mut *tx).await?;
            match append_in(&mut savepoint, &job.work).await {
                Ok(result) => {
                    savepoint.commit().await?;
                    results.push(Ok(result));
                }
                Err(error) => {
                    savepoint.rollback().await?;
                    results.push(Err(error));
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Writes one batch inside the open transaction (the caller rolls back on error).
async fn append_in(
    tx: &mut SqliteConnection,
    batch: &AppendBatch,
) -> Result<AppendResult, StoreError> {
    let stream: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, head_hash FROM streams WHERE stream_id = ?1")
            .bind(&batch.stream_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (current, head) = match stream {
        Some((version, head)) => (version, hash32(head, "head_hash")?),
        None => (0, GENESIS),
    };
    if let Some(command) = &batch.idempotency {
        take_idempotency_key(&mut *tx, batch, command, current).await?;
    }
    check_expected(&batch.stream_id, batch.expected_version, current)?;
    if batch.events.is_empty() {
        // Nothing else to write either (see `validate`).
        return Ok(AppendResult {
            version: current,
            events: Vec::new(),
        });
    }
    write_claims(&mut *tx, batch).await?;
    write_subject_keys(&mut *tx, batch).await?;

    let recorded_at = now_micros();
    let mut events = chain_events(batch, current, head, recorded_at);
    let m = &batch.metadata;
    for event in &mut events {
        let position: i64 = sqlx::query_scalar(
            "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
             payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
             traceparent, recorded_at, prev_hash, hash, category) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
             RETURNING position",
        )
        .bind(&event.stream_id)
        .bind(event.version)
        .bind(event.event_id)
        .bind(&event.event_type)
        .bind(event.schema_version)
        .bind(&event.payload)
        .bind(&m.actor)
        .bind(&m.role)
        .bind(&m.region)
        .bind(&m.correlation_id)
        .bind(&m.causation_id)
        .bind(&m.idempotency_key)
        .bind(&m.traceparent)
        .bind(recorded_at)
        .bind(&event.prev_hash[..])
        .bind(&event.hash[..])
        .bind(&event.category)
        .fetch_one(&mut *tx)
        .await
        .map_err(|error| insert_error(error, batch, current))?;
        event.cursor = LogCursor { xid: 0, position };
    }
    let (version, head_hash) = match events.last() {
        Some(last) => (last.version, last.hash),
        None => (current, head),
    };
    sqlx::query(
        "INSERT INTO streams (stream_id, category, region, version, head_hash, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (stream_id) DO UPDATE SET region = excluded.region, \
         version = excluded.version, head_hash = excluded.head_hash, \
         updated_at = excluded.updated_at",
    )
    .bind(&batch.stream_id)
    .bind(&batch.category)
    .bind(&m.region)
    .bind(version)
    .bind(&head_hash[..])
    .bind(recorded_at)
    .execute(&mut *tx)
    .await?;
    super::index::write_entries(&mut *tx, batch).await?;
    Ok(AppendResult { version, events })
}

/// After an erasure, copies the WAL into the database file and truncates it, so the pages
/// that held the destroyed keys survive in neither file (`secure_delete` zeroes them in
/// the database). Best effort: a reader still using the WAL only delays the truncation
/// to a later checkpoint, and the erasure itself has committed either way.
async fn shred_wal(writer: &SqlitePool) {
    if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(writer)
        .await
    {
        tracing::warn!(error = %error, "wal checkpoint after erasure failed");
    }
}

/// A unique violation on insert: a stream version already taken (only possible when
/// another process writes the same file) or a duplicate event id.
fn insert_error(error: sqlx::Error, batch: &AppendBatch, current: i64) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        if db.message().contains("events.event_id") {
            return StoreError::Internal(format!("duplicate event id: {}", db.message()));
        }
        return StoreError::VersionConflict {
            stream_id: batch.stream_id.clone(),
            expected: expected_text(batch.expected_version),
            actual: current,
        };
    }
    error.into()
}

/// Inserts the idempotency record (with the versions the batch's events will take), or
/// fails with the record already stored for the key.
async fn take_idempotency_key(
    conn: &mut SqliteConnection,
    batch: &AppendBatch,
    command: &IdempotencyKey,
    current: i64,
) -> Result<(), StoreError> {
    let (first, last) = command_versions(batch, current);
    let inserted = sqlx::query(
        "INSERT INTO idempotency (actor, key, operation, request_hash, stream_id, \
         first_version, last_version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&command.actor)
    .bind(&command.key)
    .bind(&command.operation)
    .bind(&command.request_hash[..])
    .bind(&batch.stream_id)
    .bind(first)
    .bind(last)
    .bind(now_micros())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(());
    }
    let existing = fetch_idempotency(&mut *conn, &command.actor, &command.key)
        .await?
        .ok_or_else(|| StoreError::Internal("idempotency record vanished".into()))?;
    Err(StoreError::IdempotencyKeyUsed(Box::new(existing)))
}

/// Takes the batch's claims and drops its releases.
async fn write_claims(conn: &mut SqliteConnection, batch: &AppendBatch) -> Result<(), StoreError> {
    for claim in sorted_keys(&batch.claims) {
        let owner: Option<String> = sqlx::query_scalar(
            "SELECT owner_stream FROM unique_claims WHERE scope = ?1 AND key = ?2",
        )
        .bind(&claim.scope)
        .bind(&claim.key)
        .fetch_optional(&mut *conn)
        .await?;
        match owner {
            None => {
                sqlx::query(
                    "INSERT INTO unique_claims (scope, key, owner_stream) VALUES (?1, ?2, ?3)",
                )
                .bind(&claim.scope)
                .bind(&claim.key)
                .bind(&batch.stream_id)
                .execute(&mut *conn)
                .await?;
            }
            Some(owner) if owner == batch.stream_id => {}
            Some(owner) => {
                return Err(StoreError::UniqueTaken {
                    scope: claim.scope.clone(),
                    key: claim.key.clone(),
                    owner,
                });
            }
        }
    }
    for release in sorted_keys(&batch.releases) {
        sqlx::query(
            "DELETE FROM unique_claims WHERE scope = ?1 AND key = ?2 AND owner_stream = ?3",
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
async fn write_subject_keys(
    conn: &mut SqliteConnection,
    batch: &AppendBatch,
) -> Result<(), StoreError> {
    let now = now_micros();
    for key in &batch.new_subject_keys {
        let existing: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT wrapped_key FROM subject_keys WHERE subject_id = ?1")
                .bind(key.subject_id)
                .fetch_optional(&mut *conn)
                .await?;
        match existing {
            None => {
                sqlx::query(
                    "INSERT INTO subject_keys (subject_id, wrapped_key, created_at) \
                     VALUES (?1, ?2, ?3)",
                )
                .bind(key.subject_id)
                .bind(&key.wrapped)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            }
            Some(Some(wrapped)) if wrapped == key.wrapped => {}
            Some(_) => {
                return Err(StoreError::Internal(format!(
                    "subject {} already has a different (or erased) key",
                    key.subject_id
                )));
            }
        }
    }
    let erase: Vec<Uuid> = sorted_ids(&batch.erase_subjects);
    for subject in erase {
        sqlx::query(
            "INSERT INTO subject_keys (subject_id, wrapped_key, created_at, erased_at) \
             VALUES (?1, NULL, ?2, ?2) \
             ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, \
             erased_at = COALESCE(subject_keys.erased_at, excluded.erased_at)",
        )
        .bind(subject)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Reads the idempotency record of `(actor, key)`.
pub(super) async fn fetch_idempotency<'c, E>(
    executor: E,
    actor: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError>
where
    E: sqlx::SqliteExecutor<'c>,
{
    let row: Option<IdempotencyRow> = sqlx::query_as(&format!(
        "SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE actor = ?1 AND key = ?2"
    ))
    .bind(actor)
    .bind(key)
    .fetch_optional(executor)
    .await?;
    row.map(idempotency_from_row).transpose()
}
