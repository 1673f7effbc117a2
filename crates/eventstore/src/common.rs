//! Engine-neutral parts of the append and read paths, shared by both engines.

use chrono::{DateTime, Utc};
use sqlx::{ColumnIndex, Decode, Row, Type};
use uuid::Uuid;

use crate::error::StoreError;
use crate::hash::event_hash;
use crate::model::{
    AppendBatch, ExpectedVersion, IdempotencyKey, IdempotencyRecord, LogCursor, RecordedEvent,
    StreamInfo, UniqueKey,
};

/// The columns every event read selects after `position, xid`, in [`event_from_row`] order.
pub(crate) const EVENT_COLUMNS: &str = "stream_id, version, event_id, event_type, \
    schema_version, payload, actor, role, region, correlation_id, causation_id, \
    idempotency_key, traceparent, recorded_at, prev_hash, hash, category";

/// The current time truncated to microseconds: what both engines store exactly, so the
/// hash computed before the insert matches the value read back.
pub(crate) fn now_micros() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// Rejects batches the store must not write.
pub(crate) fn validate(batch: &AppendBatch) -> Result<(), StoreError> {
    if batch.stream_id.is_empty() {
        return Err(StoreError::Internal(
            "invalid batch: empty stream id".into(),
        ));
    }
    if batch.category.is_empty() {
        return Err(StoreError::Internal("invalid batch: empty category".into()));
    }
    let writes_more = batch.idempotency.is_some()
        || !batch.claims.is_empty()
        || !batch.releases.is_empty()
        || !batch.new_subject_keys.is_empty()
        || !batch.erase_subjects.is_empty()
        || batch.index_entries.is_some();
    if batch.events.is_empty() && writes_more {
        return Err(StoreError::Internal(
            "invalid batch: a batch without events may not write anything else".into(),
        ));
    }
    if let Some(entries) = &batch.index_entries
        && entries.iter().any(|entry| entry.index.is_empty())
    {
        return Err(StoreError::Internal(
            "invalid batch: an index entry without an index name".into(),
        ));
    }
    Ok(())
}

/// The stream versions a batch's events take after `current`: `(first, last)`.
pub(crate) fn command_versions(batch: &AppendBatch, current: i64) -> (i64, i64) {
    let count = i64::try_from(batch.events.len()).unwrap_or(i64::MAX);
    (current + 1, current.saturating_add(count))
}

/// How an expected version reads in a [`StoreError::VersionConflict`].
pub(crate) fn expected_text(expected: ExpectedVersion) -> String {
    match expected {
        ExpectedVersion::Any => "any".into(),
        ExpectedVersion::NoStream => "no stream".into(),
        ExpectedVersion::Exact(version) => version.to_string(),
    }
}

/// Checks the expected version against the stream's current one (0: no stream).
pub(crate) fn check_expected(
    stream_id: &str,
    expected: ExpectedVersion,
    actual: i64,
) -> Result<(), StoreError> {
    let ok = match expected {
        ExpectedVersion::Any => true,
        ExpectedVersion::NoStream => actual == 0,
        ExpectedVersion::Exact(version) => actual == version,
    };
    if ok {
        Ok(())
    } else {
        Err(StoreError::VersionConflict {
            stream_id: stream_id.to_owned(),
            expected: expected_text(expected),
            actual,
        })
    }
}

/// The batch's events as they will be stored: versions after `current`, chained from
/// `head`. Cursors are filled in by the engine after the insert.
pub(crate) fn chain_events(
    batch: &AppendBatch,
    current: i64,
    head: [u8; 32],
    recorded_at: DateTime<Utc>,
) -> Vec<RecordedEvent> {
    let mut prev = head;
    let mut version = current;
    batch
        .events
        .iter()
        .map(|event| {
            version += 1;
            let hash = event_hash(
                &prev,
                &batch.stream_id,
                version,
                event.event_id,
                &event.event_type,
                event.schema_version,
                &event.payload,
                &batch.metadata,
                recorded_at,
            );
            let recorded = RecordedEvent {
                cursor: LogCursor::START,
                stream_id: batch.stream_id.clone(),
                category: batch.category.clone(),
                version,
                event_id: event.event_id,
                event_type: event.event_type.clone(),
                schema_version: event.schema_version,
                payload: event.payload.clone(),
                metadata: batch.metadata.clone(),
                recorded_at,
                prev_hash: prev,
                hash,
            };
            prev = hash;
            recorded
        })
        .collect()
}

/// Claims or releases sorted and without duplicates, so that concurrent transactions take
/// row locks in the same order and cannot deadlock.
pub(crate) fn sorted_keys(keys: &[UniqueKey]) -> Vec<&UniqueKey> {
    let mut sorted: Vec<&UniqueKey> = keys.iter().collect();
    sorted.sort_by(|a, b| (&a.scope, &a.key).cmp(&(&b.scope, &b.key)));
    sorted.dedup();
    sorted
}

/// Subject ids sorted and without duplicates (same reason as [`sorted_keys`]).
pub(crate) fn sorted_ids(ids: &[Uuid]) -> Vec<Uuid> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

/// A stored 32-byte hash.
pub(crate) fn hash32(bytes: Vec<u8>, what: &str) -> Result<[u8; 32], StoreError> {
    bytes.try_into().map_err(|bytes: Vec<u8>| {
        StoreError::Internal(format!("{what} has {} bytes, not 32", bytes.len()))
    })
}

/// Decodes an event row: `position, xid`, then [`EVENT_COLUMNS`].
pub(crate) fn event_from_row<'r, R>(row: &'r R) -> Result<RecordedEvent, StoreError>
where
    R: Row,
    usize: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    i32: Decode<'r, R::Database> + Type<R::Database>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    Uuid: Decode<'r, R::Database> + Type<R::Database>,
    DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(RecordedEvent {
        cursor: LogCursor {
            position: row.try_get(0)?,
            xid: row.try_get(1)?,
        },
        stream_id: row.try_get(2)?,
        version: row.try_get(3)?,
        event_id: row.try_get(4)?,
        event_type: row.try_get(5)?,
        schema_version: row.try_get(6)?,
        payload: row.try_get(7)?,
        metadata: crate::model::EventMetadata {
            actor: row.try_get(8)?,
            role: row.try_get(9)?,
            region: row.try_get(10)?,
            correlation_id: row.try_get(11)?,
            causation_id: row.try_get(12)?,
            idempotency_key: row.try_get(13)?,
            traceparent: row.try_get(14)?,
        },
        recorded_at: row.try_get(15)?,
        prev_hash: hash32(row.try_get(16)?, "prev_hash")?,
        hash: hash32(row.try_get(17)?, "hash")?,
        category: row.try_get(18)?,
    })
}

/// The columns a stream-index read selects, in [`stream_from_row`] order.
pub(crate) const STREAM_COLUMNS: &str =
    "stream_id, category, region, version, head_hash, updated_at";

/// Decodes a stream-index row selected with [`STREAM_COLUMNS`].
pub(crate) fn stream_from_row<'r, R>(row: &'r R) -> Result<StreamInfo, StoreError>
where
    R: Row,
    usize: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StreamInfo {
        stream_id: row.try_get(0)?,
        category: row.try_get(1)?,
        region: row.try_get(2)?,
        version: row.try_get(3)?,
        head_hash: hash32(row.try_get(4)?, "head_hash")?,
        updated_at: row.try_get(5)?,
    })
}

/// A non-negative SQL limit.
pub(crate) fn clamp_limit(limit: i64) -> i64 {
    limit.max(0)
}

/// An idempotency row: actor, key, operation, request hash, stream id, first and last
/// version.
pub(crate) type IdempotencyRow = (String, String, String, Vec<u8>, String, i64, i64);

/// The columns of an [`IdempotencyRow`], in order.
pub(crate) const IDEMPOTENCY_COLUMNS: &str =
    "actor, key, operation, request_hash, stream_id, first_version, last_version";

/// Decodes an [`IdempotencyRow`].
pub(crate) fn idempotency_from_row(row: IdempotencyRow) -> Result<IdempotencyRecord, StoreError> {
    let (actor, key, operation, request_hash, stream_id, first_version, last_version) = row;
    Ok(IdempotencyRecord {
        command: IdempotencyKey {
            actor,
            key,
            operation,
            request_hash: hash32(request_hash, "request_hash")?,
        },
        stream_id,
        first_version,
        last_version,
    })
}
