//! The inbox tables and their SQL for PostgreSQL (distributed mode), SQLite (embedded
//! mode) and sqlx's `Any` driver (a projection written once for both, such as
//! reporting). The statements are the same text for every engine (SQLite accepts `$n`
//! parameters); what differs is the table definitions ([`schema`]), how ids and times
//! are stored ([`values`]). Processes applying the same events at once are kept apart
//! optimistically: a batch moves each stream's version only from the one it read.

mod schema;
mod sql;
mod values;

use std::collections::HashMap;

use async_trait::async_trait;
use berdaya_eventstore::LogCursor;
use sqlx::{
    Any, AnyConnection, AnyPool, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection,
    SqlitePool,
};

use super::{InboxDatabase, ParkedMessage, SourcePosition, VersionChange};
use sql::*;

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
/// and times are stored.
macro_rules! inbox_database {
    ($db:ty, $conn:ty, $pool:ty, $schema:path, $values:ident) => {
        #[async_trait]
        impl InboxDatabase for $db {
            async fn ensure_schema(pool: &$pool) -> Result<(), sqlx::Error> {
                $schema(pool).await
            }

            async fn versions(
                conn: &mut $conn,
                consumer: &str,
                streams: &[&str],
            ) -> Result<HashMap<String, i64>, sqlx::Error> {
                let mut versions = HashMap::with_capacity(streams.len());
                for chunk in streams.chunks(CHUNK) {
                    let sql = versions_sql(chunk.len());
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
                changes: &[VersionChange<'_>],
            ) -> Result<bool, sqlx::Error> {
                let (new, known): (Vec<&VersionChange<'_>>, Vec<&VersionChange<'_>>) =
                    changes.iter().partition(|change| change.expected == 0);
                for chunk in new.chunks(CHUNK) {
                    let sql = insert_versions_sql(chunk.len());
                    let mut query = sqlx::query(&sql).persistent(false).bind(consumer);
                    for change in chunk {
                        query = query.bind(change.stream_id).bind(change.applied);
                    }
                    if query.execute(&mut *conn).await?.rows_affected() != chunk.len() as u64 {
                        return Ok(false);
                    }
                }
                for chunk in known.chunks(CHUNK) {
                    let sql = update_versions_sql(chunk.len());
                    let mut query = sqlx::query(&sql).persistent(false).bind(consumer);
                    for change in chunk {
                        query = query
                            .bind(change.stream_id)
                            .bind(change.expected)
                            .bind(change.applied);
                    }
                    if query.execute(&mut *conn).await?.rows_affected() != chunk.len() as u64 {
                        return Ok(false);
                    }
                }
                Ok(true)
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

inbox_database!(Postgres, PgConnection, PgPool, schema::postgres, native);
inbox_database!(Sqlite, SqliteConnection, SqlitePool, schema::sqlite, sqlite);
inbox_database!(Any, AnyConnection, AnyPool, schema::portable, text);
