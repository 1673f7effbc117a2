//! The inbox tables and their SQL for PostgreSQL (distributed mode), SQLite (embedded
//! mode) and sqlx's `Any` driver (a projection written once for both, such as
//! reporting). The statements are the same text for every engine (SQLite accepts `$n`
//! parameters); what differs is the table definitions ([`schema`]), how ids and times
//! are stored ([`values`]), and that PostgreSQL locks the stream rows a batch applies,
//! since several processes may apply at once there.

mod schema;
mod values;

use std::collections::HashMap;

use async_trait::async_trait;
use berdaya_eventstore::LogCursor;
use sqlx::{
    Any, AnyConnection, AnyPool, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection,
    SqlitePool,
};

use super::{InboxDatabase, ParkedMessage, SourcePosition};

/// Rows per multi-row statement, well inside every engine's parameter limit.
const CHUNK: usize = 1_000;

const PARKED_BETWEEN: &str = "SELECT MIN(version) FROM consumer_parked \
     WHERE consumer = $1 AND stream_id = $2 AND version > $3 AND version < $4";
const SAVE_POSITION: &str = "INSERT INTO consumer_positions \
     (consumer, source, position, recorded_at, applied_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (consumer, source) DO UPDATE SET \
     position = CASE WHEN excluded.position > consumer_positions.position \
         THEN excluded.position ELSE consumer_positions.position END, \
     recorded_at = CASE WHEN excluded.recorded_at > consumer_positions.recorded_at \
         THEN excluded.recorded_at ELSE consumer_positions.recorded_at END, \
     applied_at = excluded.applied_at";
const POSITIONS: &str = "SELECT source, position, recorded_at, applied_at \
     FROM consumer_positions WHERE consumer = $1 ORDER BY source";
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
const UNPARK: &str = "DELETE FROM consumer_parked WHERE consumer = $1 AND message_key = $2";
const PARKED: &str = "SELECT message_key, subject, event_id, event_type, stream_id, version, \
     deliveries, reason, headers, payload, parked_at FROM consumer_parked \
     WHERE consumer = $1 ORDER BY parked_at, message_key LIMIT $2";
const PARKED_COUNT: &str = "SELECT count(*) FROM consumer_parked WHERE consumer = $1";
/// The tables a consumer's state lives in, for [`InboxDatabase::move_consumer`].
const CONSUMER_TABLES: [&str; 4] = [
    "consumer_streams",
    "consumer_checkpoints",
    "consumer_positions",
    "consumer_parked",
];

/// `($1, $2, $3), ($1, $4, $5), ...`: `rows` tuples of `$1` (the consumer) and
/// `columns` numbered parameters, then `tail` (e.g. a constant) in each.
fn tuples(rows: usize, columns: usize, tail: &str) -> String {
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
fn list(count: usize) -> String {
    (2..count + 2)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn versions_sql(count: usize, lock: bool) -> String {
    format!(
        "SELECT stream_id, version FROM consumer_streams WHERE consumer = $1 \
         AND stream_id IN ({}) ORDER BY stream_id{}",
        list(count),
        if lock { " FOR UPDATE" } else { "" }
    )
}

fn create_rows_sql(count: usize) -> String {
    format!(
        "INSERT INTO consumer_streams (consumer, stream_id, version) VALUES {} \
         ON CONFLICT (consumer, stream_id) DO NOTHING",
        tuples(count, 1, ", 0")
    )
}

fn save_versions_sql(count: usize) -> String {
    format!(
        "INSERT INTO consumer_streams (consumer, stream_id, version) VALUES {} \
         ON CONFLICT (consumer, stream_id) DO UPDATE SET version = excluded.version",
        tuples(count, 2, "")
    )
}

/// True when an `Any` connection talks to PostgreSQL.
fn is_postgres(conn: &AnyConnection) -> bool {
    conn.backend_name().eq_ignore_ascii_case("postgresql")
}

/// A parked row as read back, with the id and time columns in the engine's types.
type ParkedRow<Id, Time> = (
    String,
    String,
    Option<Id>,
    String,
    String,
    Option<i64>,
    i64,
    String,
    String,
    Vec<u8>,
    Time,
);

/// One implementation of the shared statements per engine: `$values` says how ids
/// and times are stored, `$locks` whether stream rows are locked.
macro_rules! inbox_database {
    ($db:ty, $conn:ty, $pool:ty, $schema:path, $values:ident, $locks:expr) => {
        #[async_trait]
        impl InboxDatabase for $db {
            async fn ensure_schema(pool: &$pool) -> Result<(), sqlx::Error> {
                $schema(pool).await
            }

            async fn lock_versions(
                conn: &mut $conn,
                consumer: &str,
                streams: &[&str],
            ) -> Result<HashMap<String, i64>, sqlx::Error> {
                let lock = ($locks)(&*conn);
                let mut versions = HashMap::with_capacity(streams.len());
                for chunk in streams.chunks(CHUNK) {
                    if lock {
                        // A row must exist to be locked: create missing ones first.
                        let sql = create_rows_sql(chunk.len());
                        let mut query = sqlx::query(&sql).persistent(false).bind(consumer);
                        for stream in chunk {
                            query = query.bind(*stream);
                        }
                        query.execute(&mut *conn).await?;
                    }
                    let sql = versions_sql(chunk.len(), lock);
                    let mut query = sqlx::query_as::<_, (String, i64)>(&sql)
                        .persistent(false)
                        .bind(consumer);
                    for stream in chunk {
                        query = query.bind(*stream);
                    }
                    versions.extend(
                        query
                            .fetch_all(&mut *conn)
                            .await?
                            .into_iter()
                            .filter(|(_, version)| *version > 0),
                    );
                }
                Ok(versions)
            }

            async fn save_versions(
                conn: &mut $conn,
                consumer: &str,
                versions: &[(&str, i64)],
            ) -> Result<(), sqlx::Error> {
                for chunk in versions.chunks(CHUNK) {
                    let sql = save_versions_sql(chunk.len());
                    let mut query = sqlx::query(&sql).persistent(false).bind(consumer);
                    for (stream, version) in chunk {
                        query = query.bind(*stream).bind(*version);
                    }
                    query.execute(&mut *conn).await?;
                }
                Ok(())
            }

            async fn parked_between(
                conn: &mut $conn,
                consumer: &str,
                stream_id: &str,
                after: i64,
                before: i64,
            ) -> Result<Option<i64>, sqlx::Error> {
                sqlx::query_scalar(PARKED_BETWEEN)
                    .bind(consumer)
                    .bind(stream_id)
                    .bind(after)
                    .bind(before)
                    .fetch_one(conn)
                    .await
            }

            async fn save_positions(
                conn: &mut $conn,
                consumer: &str,
                positions: &[SourcePosition],
            ) -> Result<(), sqlx::Error> {
                for position in positions {
                    sqlx::query(SAVE_POSITION)
                        .bind(consumer)
                        .bind(&position.source)
                        .bind(position.position)
                        .bind(values::$values::time(position.recorded_at))
                        .bind(values::$values::time(position.applied_at))
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }

            async fn positions(
                pool: &$pool,
                consumer: &str,
            ) -> Result<Vec<SourcePosition>, sqlx::Error> {
                let rows: Vec<(String, i64, values::$values::Time, values::$values::Time)> =
                    sqlx::query_as(POSITIONS)
                        .bind(consumer)
                        .fetch_all(pool)
                        .await?;
                rows.into_iter()
                    .map(|(source, position, recorded_at, applied_at)| {
                        Ok(SourcePosition {
                            source,
                            position,
                            recorded_at: values::$values::time_from(recorded_at)?,
                            applied_at: values::$values::time_from(applied_at)?,
                        })
                    })
                    .collect()
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
                    .bind(values::$values::time(chrono::Utc::now()))
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
                    .bind(parked.event_id.map(values::$values::id))
                    .bind(&parked.event_type)
                    .bind(&parked.stream_id)
                    .bind(parked.version)
                    .bind(parked.deliveries)
                    .bind(&parked.reason)
                    .bind(&parked.headers)
                    .bind(parked.payload.clone())
                    .bind(values::$values::time(parked.parked_at))
                    .execute(conn)
                    .await?;
                Ok(())
            }

            async fn unpark(
                conn: &mut $conn,
                consumer: &str,
                key: &str,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(UNPARK)
                    .bind(consumer)
                    .bind(key)
                    .execute(conn)
                    .await?;
                Ok(())
            }

            async fn parked(
                pool: &$pool,
                consumer: &str,
                limit: i64,
            ) -> Result<Vec<ParkedMessage>, sqlx::Error> {
                let rows: Vec<ParkedRow<values::$values::Id, values::$values::Time>> =
                    sqlx::query_as(PARKED)
                        .bind(consumer)
                        .bind(limit.max(0))
                        .fetch_all(pool)
                        .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(ParkedMessage {
                            key: row.0,
                            subject: row.1,
                            event_id: row.2.map(values::$values::id_from).transpose()?,
                            event_type: row.3,
                            stream_id: row.4,
                            version: row.5,
                            deliveries: row.6,
                            reason: row.7,
                            headers: row.8,
                            payload: row.9,
                            parked_at: values::$values::time_from(row.10)?,
                        })
                    })
                    .collect()
            }

            async fn parked_count(pool: &$pool, consumer: &str) -> Result<i64, sqlx::Error> {
                sqlx::query_scalar(PARKED_COUNT)
                    .bind(consumer)
                    .fetch_one(pool)
                    .await
            }

            async fn forget_consumer(conn: &mut $conn, consumer: &str) -> Result<(), sqlx::Error> {
                for table in CONSUMER_TABLES {
                    sqlx::query(&format!("DELETE FROM {table} WHERE consumer = $1"))
                        .bind(consumer)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }

            async fn move_consumer(
                conn: &mut $conn,
                from: &str,
                to: &str,
            ) -> Result<(), sqlx::Error> {
                Self::forget_consumer(&mut *conn, to).await?;
                for table in CONSUMER_TABLES {
                    sqlx::query(&format!(
                        "UPDATE {table} SET consumer = $1 WHERE consumer = $2"
                    ))
                    .bind(to)
                    .bind(from)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            }
        }
    };
}

inbox_database!(
    Postgres,
    PgConnection,
    PgPool,
    schema::postgres,
    native,
    |_: &PgConnection| true
);
inbox_database!(
    Sqlite,
    SqliteConnection,
    SqlitePool,
    schema::sqlite,
    sqlite,
    |_: &SqliteConnection| false
);
inbox_database!(
    Any,
    AnyConnection,
    AnyPool,
    schema::portable,
    text,
    is_postgres
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_statements_number_their_parameters_after_the_consumer() {
        assert_eq!(tuples(2, 2, ""), "($1, $2, $3), ($1, $4, $5)");
        assert_eq!(tuples(2, 1, ", 0"), "($1, $2, 0), ($1, $3, 0)");
        assert_eq!(list(3), "$2, $3, $4");
        assert!(versions_sql(1, true).ends_with("ORDER BY stream_id FOR UPDATE"));
        assert!(!versions_sql(1, false).contains("FOR UPDATE"));
    }
}
