//! Secondary indexes of streams on PostgreSQL: restated inside the append transaction,
//! read by key range (keys compare bytewise: the columns are `COLLATE "C"`).

use sqlx::PgConnection;
use sqlx::postgres::PgPool;

use crate::common::clamp_limit;
use crate::error::StoreError;
use crate::model::{AppendBatch, IndexHit};

/// Replaces the stream's index entries with the batch's, when it carries any.
pub(super) async fn write_entries(
    conn: &mut PgConnection,
    batch: &AppendBatch,
) -> Result<(), StoreError> {
    let Some(entries) = &batch.index_entries else {
        return Ok(());
    };
    sqlx::query("DELETE FROM stream_index WHERE stream_id = $1")
        .bind(&batch.stream_id)
        .execute(&mut *conn)
        .await?;
    if entries.is_empty() {
        return Ok(());
    }
    let indexes: Vec<&str> = entries.iter().map(|e| e.index.as_str()).collect();
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    sqlx::query(
        "INSERT INTO stream_index (index_name, key, stream_id) \
         SELECT i, k, $3 FROM UNNEST($1::text[], $2::text[]) AS u(i, k) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&indexes)
    .bind(&keys)
    .bind(&batch.stream_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Streams under keys `from_key..=to_key` of `index`, after `after`, in (key, stream) order.
pub(super) async fn find(
    pool: &PgPool,
    index: &str,
    from_key: &str,
    to_key: &str,
    after: Option<&IndexHit>,
    limit: i64,
) -> Result<Vec<IndexHit>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, stream_id FROM stream_index \
         WHERE index_name = $1 AND key >= $2 AND key <= $3 \
         AND ($4::text IS NULL OR (key, stream_id) > ($4, $5)) \
         ORDER BY key, stream_id LIMIT $6",
    )
    .bind(index)
    .bind(from_key)
    .bind(to_key)
    .bind(after.map(|hit| hit.key.as_str()))
    .bind(after.map(|hit| hit.stream_id.as_str()))
    .bind(clamp_limit(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, stream_id)| IndexHit { key, stream_id })
        .collect())
}
