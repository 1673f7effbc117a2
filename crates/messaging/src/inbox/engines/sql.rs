//! The statements every engine shares, and the builders of the multi-row ones.

/// Rows per multi-row statement, well inside every engine's parameter limit.
pub(super) const CHUNK: usize = 1_000;

pub(super) const PARKED_BETWEEN: &str = "SELECT MIN(version) FROM consumer_parked \
     WHERE consumer = $1 AND stream_id = $2 AND version > $3 AND version < $4";
pub(super) const SAVE_POSITION: &str = "INSERT INTO consumer_positions \
     (consumer, source, position, recorded_at, applied_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (consumer, source) DO UPDATE SET \
     position = CASE WHEN excluded.position > consumer_positions.position \
         THEN excluded.position ELSE consumer_positions.position END, \
     recorded_at = CASE WHEN excluded.recorded_at > consumer_positions.recorded_at \
         THEN excluded.recorded_at ELSE consumer_positions.recorded_at END, \
     applied_at = excluded.applied_at";
pub(super) const POSITIONS: &str = "SELECT source, position, recorded_at, applied_at \
     FROM consumer_positions WHERE consumer = $1 ORDER BY source";
pub(super) const CHECKPOINT: &str =
    "SELECT xid, position FROM consumer_checkpoints WHERE consumer = $1 AND source = $2";
pub(super) const SAVE_CHECKPOINT: &str = "INSERT INTO consumer_checkpoints \
     (consumer, source, xid, position, updated_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (consumer, source) DO UPDATE \
     SET xid = excluded.xid, position = excluded.position, updated_at = excluded.updated_at";
pub(super) const PARK: &str = "INSERT INTO consumer_parked (consumer, message_key, subject, event_id, \
     event_type, stream_id, version, deliveries, reason, headers, payload, parked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
     ON CONFLICT (consumer, message_key) DO UPDATE SET deliveries = excluded.deliveries, \
     reason = excluded.reason, parked_at = excluded.parked_at";
pub(super) const UNPARK: &str =
    "DELETE FROM consumer_parked WHERE consumer = $1 AND message_key = $2";
pub(super) const PARKED: &str = "SELECT message_key, subject, event_id, event_type, stream_id, version, \
     deliveries, reason, headers, payload, parked_at FROM consumer_parked \
     WHERE consumer = $1 ORDER BY parked_at, message_key LIMIT $2";
pub(super) const PARKED_COUNT: &str = "SELECT count(*) FROM consumer_parked WHERE consumer = $1";
/// The tables a consumer's state lives in, for [`InboxDatabase::move_consumer`].
pub(super) const CONSUMER_TABLES: [&str; 4] = [
    "consumer_streams",
    "consumer_checkpoints",
    "consumer_positions",
    "consumer_parked",
];

/// `($1, $2, $3), ($1, $4, $5), ...`: `rows` tuples of `$1` (the consumer) and
/// `columns` numbered parameters, then `tail` (e.g. a constant) in each.
pub(super) fn tuples(rows: usize, columns: usize, tail: &str) -> String {
    let mut next = 2;
    let mut out = String::new();
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push_str("($1");
        for _ in 0..columns {
            out.push_str(&format!(", ${next}"));
            next += 1;
        }
        out.push_str(tail);
        out.push(')');
    }
    out
}

/// `$2, $3, ...`: `count` parameters after `$1`.
pub(super) fn list(count: usize) -> String {
    (2..count + 2)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn versions_sql(count: usize) -> String {
    format!(
        "SELECT stream_id, version FROM consumer_streams WHERE consumer = $1 \
         AND stream_id IN ({})",
        list(count)
    )
}

/// New streams: inserted (or moved from a version 0 row), none moved by someone else.
pub(super) fn insert_versions_sql(count: usize) -> String {
    format!(
        "INSERT INTO consumer_streams (consumer, stream_id, version) VALUES {} \
         ON CONFLICT (consumer, stream_id) DO UPDATE SET version = excluded.version \
         WHERE consumer_streams.version = 0",
        tuples(count, 2, "")
    )
}

/// Known streams: moved only from the version read (`column2`) to the applied one.
pub(super) fn update_versions_sql(count: usize) -> String {
    let rows: Vec<String> = (0..count)
        .map(|row| {
            let first = 2 + row * 3;
            format!("(${first}, ${}, ${})", first + 1, first + 2)
        })
        .collect();
    format!(
        "UPDATE consumer_streams SET version = v.column3 FROM (VALUES {}) AS v \
         WHERE consumer_streams.consumer = $1 AND consumer_streams.stream_id = v.column1 \
         AND consumer_streams.version = v.column2",
        rows.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_statements_number_their_parameters_after_the_consumer() {
        assert_eq!(tuples(2, 2, ""), "($1, $2, $3), ($1, $4, $5)");
        assert_eq!(tuples(2, 1, ", 0"), "($1, $2, 0), ($1, $3, 0)");
        assert_eq!(list(3), "$2, $3, $4");
        assert!(update_versions_sql(2).contains("(VALUES ($2, $3, $4), ($5, $6, $7))"));
    }
}
