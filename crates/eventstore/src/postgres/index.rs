//! Secondary indexes of streams on PostgreSQL: restated by the append function
//! (`berdaya_append`), read by key range (keys compare bytewise: the columns are `COLLATE "C"`).

use sqlx::postgres::PgPool;

use crate::common::clamp_limit;
use crate::error::StoreError;
use crate::model::IndexHit;

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
