//! Secondary indexes of streams on SQLite: restated inside the append transaction, read
//! by key range.

use sqlx::{SqliteConnection, SqlitePool};

use crate::common::clamp_limit;
use crate::error::StoreError;
use crate::model::{AppendBatch, IndexHit};

/// Replaces the stream's index entries with the batch's, when it carries any.
pub(super) async fn write_entries(
    conn: &mut SqliteConnection,
    batch: &AppendBatch,
) -> Result<(), StoreError> {
    let Some(entries) = &batch.index_entries else {
        return Ok(());
    };
    sqlx::query("DELETE FROM stream_index WHERE stream_id = ?1")
        .bind(&batch.stream_id)
        .execute(&mut *conn)
        .await?;
    for entry in entries {
        sqlx::query(
            "INSERT OR IGNORE INTO stream_index (index_name, key, stream_id) VALUES (?1, ?2, ?3)",
        )
        .bind(&entry.index)
        .bind(&entry.key)
        .bind(&batch.stream_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Streams under keys `from_key..=to_key` of `index`, after `after`, in (key, stream) order.
pub(super) async fn find(
    reader: &SqlitePool,
    index: &str,
    from_key: &str,
    to_key: &str,
    after: Option<&IndexHit>,
    limit: i64,
) -> Result<Vec<IndexHit>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, stream_id FROM stream_index \
         WHERE index_name = ?1 AND key >= ?2 AND key <= ?3 \
         AND (?4 IS NULL OR (key, stream_id) > (?4, ?5)) \
         ORDER BY key, stream_id LIMIT ?6",
    )
    .bind(index)
    .bind(from_key)
    .bind(to_key)
    .bind(after.map(|hit| hit.key.as_str()))
    .bind(after.map(|hit| hit.stream_id.as_str()))
    .bind(clamp_limit(limit))
    .fetch_all(reader)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, stream_id)| IndexHit { key, stream_id })
        .collect())
}
