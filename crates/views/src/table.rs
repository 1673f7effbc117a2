//! The one table every view keeps: a row per record of the other context (its id, its
//! columns, the last version of its stream applied), read by id and updated by the
//! record's pure `apply` inside the inbox's transaction. A view says what its record is
//! ([`Record`]); the SQL, the look-up and the event handler on either engine are here
//! once.

use std::marker::PhantomData;

use async_trait::async_trait;
use berdaya_eventstore::{StoreError, aggregate_id};
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::{ViewDb, on_reader};

/// The type of a stored column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `TEXT`.
    Text,
    /// `BIGINT`.
    Int,
}

/// A stored column's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A `TEXT` column.
    Text(String),
    /// A `BIGINT` column.
    Int(i64),
}

impl Value {
    /// The text of a `TEXT` column.
    ///
    /// # Errors
    /// When the column holds a number.
    pub fn text(self) -> Result<String, String> {
        match self {
            Value::Text(text) => Ok(text),
            Value::Int(n) => Err(format!("expected text, found {n}")),
        }
    }

    /// The number of a `BIGINT` column.
    ///
    /// # Errors
    /// When the column holds text.
    pub fn int(self) -> Result<i64, String> {
        match self {
            Value::Int(n) => Ok(n),
            Value::Text(text) => Err(format!("expected a number, found {text:?}")),
        }
    }
}

/// One kind of record a view keeps of another context.
pub trait Record: Clone + Send + Sync + Sized + 'static {
    /// The category of its aggregate's streams in the other context's log (`household`):
    /// the view takes that category's events and no others.
    const CATEGORY: &'static str;
    /// The name of its id column (`household_id`).
    const ID_COLUMN: &'static str;
    /// Its other columns, besides the id and `version`, in order.
    const COLUMNS: &'static [(&'static str, Kind)];

    /// The record's id.
    fn id(&self) -> Uuid;
    /// The last version of its stream applied.
    fn version(&self) -> i64;
    /// Its [`Record::COLUMNS`]' values, in order.
    fn columns(&self) -> Vec<Value>;
    /// The record from its stored id, columns (in order) and version.
    ///
    /// # Errors
    /// A message when a stored value is not one the record holds.
    fn from_columns(id: Uuid, columns: Vec<Value>, version: i64) -> Result<Self, String>;
    /// The pure update: the record after `event` (the next of its stream: the inbox
    /// applies each stream once and in order), or `None` when nothing is to be written.
    ///
    /// # Errors
    /// [`HandlerError::Reject`] for an event the record cannot take.
    fn apply(row: Option<&Self>, event: &EventEnvelope) -> Result<Option<Self>, HandlerError>;
}

/// A service's view of one kind of record, in its table, fed through the inbox of its
/// consumer (its durable name on NATS: each service has its own).
#[derive(Debug)]
pub struct Known<R> {
    /// The inbox consumer (and durable) name, e.g. `enterprise-households`.
    pub consumer: &'static str,
    create: String,
    select: String,
    upsert: String,
    record: PhantomData<fn() -> R>,
}

impl<R> Clone for Known<R> {
    fn clone(&self) -> Self {
        Self {
            consumer: self.consumer,
            create: self.create.clone(),
            select: self.select.clone(),
            upsert: self.upsert.clone(),
            record: PhantomData,
        }
    }
}

impl<R: Record> Known<R> {
    /// The view in `table`, fed as `consumer`.
    pub fn new(table: &'static str, consumer: &'static str) -> Self {
        let id = R::ID_COLUMN;
        let names: Vec<&str> = R::COLUMNS.iter().map(|(name, _)| *name).collect();
        let definitions: String = R::COLUMNS
            .iter()
            .map(|(name, kind)| {
                let sql = match kind {
                    Kind::Text => "TEXT",
                    Kind::Int => "BIGINT",
                };
                format!("{name} {sql} NOT NULL, ")
            })
            .collect();
        let all = format!("{id}, {}, version", names.join(", "));
        let placeholders: Vec<String> = (1..=names.len() + 2).map(|n| format!("${n}")).collect();
        let updates: String = names
            .iter()
            .chain(&["version"])
            .map(|name| format!("{name} = excluded.{name}"))
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            consumer,
            // Generated, not a migration: the table's name is the caller's (each service
            // names its own copy, `advocacy_households`) and its columns are the
            // record's, so there is no fixed schema for a migration directory to hold.
            create: format!(
                "CREATE TABLE IF NOT EXISTS {table} ({id} TEXT PRIMARY KEY, {definitions}\
                 version BIGINT NOT NULL)"
            ),
            select: format!("SELECT {all} FROM {table} WHERE {id} = $1"),
            upsert: format!(
                "INSERT INTO {table} ({all}) VALUES ({}) ON CONFLICT ({id}) DO UPDATE SET \
                 {updates}",
                placeholders.join(", ")
            ),
            record: PhantomData,
        }
    }

    /// The statement that creates the view's table (idempotent).
    pub fn schema(&self) -> String {
        self.create.clone()
    }

    /// What the view knows of one record.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(&self, db: &ViewDb, id: Uuid) -> Result<Option<R>, StoreError> {
        on_reader!(db, pool => {
            let row = sqlx::query(&self.select)
                .bind(id.to_string())
                .fetch_optional(pool)
                .await?;
            row.map(|row| read(&row)).transpose().map_err(StoreError::Internal)
        })
    }
}

/// The [`Record`] of a row that lives in a village and is active or not (a household, a
/// KUBE group): `$row { $id: Uuid, village_code: String, active: bool, version: i64 }`,
/// in a table of `$id`, `village_code`, `active` and `version`, updated by the module's
/// `apply`.
#[macro_export]
#[doc(hidden)]
macro_rules! village_record {
    ($row:ident, $id:ident, $category:expr) => {
        impl $crate::table::Record for $row {
            const CATEGORY: &'static str = $category;
            const ID_COLUMN: &'static str = stringify!($id);
            const COLUMNS: &'static [(&'static str, $crate::table::Kind)] = &[
                ("village_code", $crate::table::Kind::Text),
                ("active", $crate::table::Kind::Int),
            ];

            fn id(&self) -> Uuid {
                self.$id
            }

            fn version(&self) -> i64 {
                self.version
            }

            fn columns(&self) -> Vec<$crate::table::Value> {
                vec![
                    $crate::table::Value::Text(self.village_code.clone()),
                    $crate::table::Value::Int(i64::from(self.active)),
                ]
            }

            fn from_columns(
                id: Uuid,
                columns: Vec<$crate::table::Value>,
                version: i64,
            ) -> Result<Self, String> {
                let [village_code, active] = <[$crate::table::Value; 2]>::try_from(columns)
                    .map_err(|c| format!("expected 2 columns, got {}", c.len()))?;
                Ok($row {
                    $id: id,
                    village_code: village_code.text()?,
                    active: active.int()? != 0,
                    version,
                })
            }

            fn apply(
                row: Option<&Self>,
                event: &EventEnvelope,
            ) -> Result<Option<Self>, HandlerError> {
                apply(row, event)
            }
        }
    };
}

/// A stored row read back, on either engine.
fn read<R: Record, Row: sqlx::Row>(row: &Row) -> Result<R, String>
where
    for<'r> String: sqlx::Decode<'r, Row::Database> + sqlx::Type<Row::Database>,
    for<'r> i64: sqlx::Decode<'r, Row::Database> + sqlx::Type<Row::Database>,
    usize: sqlx::ColumnIndex<Row>,
{
    let failed = |e: sqlx::Error| e.to_string();
    let id: String = row.try_get(0).map_err(failed)?;
    let id = Uuid::parse_str(&id).map_err(|e| e.to_string())?;
    let mut columns = Vec::with_capacity(R::COLUMNS.len());
    for (n, (_, kind)) in R::COLUMNS.iter().enumerate() {
        columns.push(match kind {
            Kind::Text => Value::Text(row.try_get(n + 1).map_err(failed)?),
            Kind::Int => Value::Int(row.try_get(n + 1).map_err(failed)?),
        });
    }
    let version: i64 = row.try_get(R::COLUMNS.len() + 1).map_err(failed)?;
    R::from_columns(id, columns, version)
}

/// The id of the record `event` is about, when it is an event of a `category` stream;
/// `None` for another aggregate's event.
///
/// # Errors
/// [`HandlerError::Reject`] for a stream of `category` whose id is not a UUID.
pub fn record_id(event: &EventEnvelope, category: &str) -> Result<Option<Uuid>, HandlerError> {
    if event.category != category {
        return Ok(None);
    }
    let id = aggregate_id(&event.stream_id, category).unwrap_or_default();
    Uuid::parse_str(id)
        .map(Some)
        .map_err(|e| HandlerError::Reject(format!("stream {}: {e}", event.stream_id)))
}

macro_rules! handler {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl<R: Record> EventHandler<$db> for Known<R> {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                let Some(id) = record_id(event, R::CATEGORY)? else {
                    return Ok(());
                };
                let row = sqlx::query(&self.select)
                    .bind(id.to_string())
                    .fetch_optional(&mut *conn)
                    .await?;
                let row = row
                    .map(|row| read::<R, _>(&row))
                    .transpose()
                    .map_err(HandlerError::Reject)?;
                if let Some(next) = R::apply(row.as_ref(), event)? {
                    let mut upsert = sqlx::query(&self.upsert).bind(next.id().to_string());
                    for value in next.columns() {
                        upsert = match value {
                            Value::Text(text) => upsert.bind(text),
                            Value::Int(n) => upsert.bind(n),
                        };
                    }
                    upsert.bind(next.version()).execute(&mut *conn).await?;
                }
                Ok(())
            }
        }
    };
}

handler!(Sqlite, SqliteConnection);
handler!(Postgres, PgConnection);

/// An event of `context`'s stream `stream_id`, for the views' tests.
#[cfg(test)]
pub(crate) fn envelope(
    context: &str,
    stream_id: String,
    version: i64,
    message: &str,
    payload: Vec<u8>,
) -> EventEnvelope {
    EventEnvelope {
        context: context.into(),
        event_id: Uuid::now_v7(),
        event_type: format!("berdaya.{context}.v1.{message}"),
        schema_version: 1,
        category: berdaya_eventstore::category_of(&stream_id).to_owned(),
        stream_id,
        version,
        recorded_at: chrono::Utc::now(),
        position: 0,
        metadata: berdaya_eventstore::EventMetadata::default(),
        payload,
    }
}

#[cfg(test)]
mod tests {
    use berdaya_proto::berdaya::partnerships::v1 as ppb;
    use prost::Message;

    use super::*;
    use crate::{KnownHouseholds, KnownPartners, PartnerStatus};

    #[test]
    fn the_households_table_is_the_one_earlier_releases_created() {
        let view = KnownHouseholds::new("advocacy_households", "advocacy-households");
        assert_eq!(
            view.schema(),
            "CREATE TABLE IF NOT EXISTS advocacy_households (household_id TEXT PRIMARY KEY, \
             village_code TEXT NOT NULL, active BIGINT NOT NULL, version BIGINT NOT NULL)"
        );
    }

    #[tokio::test]
    async fn a_partner_is_stored_updated_and_read_back_on_sqlite() {
        // One connection: each connection to `:memory:` is a database of its own.
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let db = ViewDb::Sqlite {
            writer: pool.clone(),
            reader: pool.clone(),
        };
        let view = KnownPartners::new("test_partners", "test-partners");
        db.ensure(&[view.schema()]).await.unwrap();
        let id = Uuid::now_v7();
        let registered = ppb::PartnerRegistered {
            partner_id: id.to_string(),
            kind: ppb::PartnerKind::Bank as i32,
            regions_served: vec!["35.78".into()],
            ..Default::default()
        };
        let stream = format!("partner-{id}");
        let events = [
            envelope(
                "partnerships",
                stream.clone(),
                1,
                "PartnerRegistered",
                registered.encode_to_vec(),
            ),
            envelope("partnerships", stream, 2, "PartnerSuspended", Vec::new()),
        ];
        let mut conn = pool.acquire().await.unwrap();
        for event in &events {
            EventHandler::<Sqlite>::handle(&view, &mut conn, event)
                .await
                .unwrap();
        }
        drop(conn);
        let row = view.get(&db, id).await.unwrap().expect("stored");
        assert_eq!(row.kind, ppb::PartnerKind::Bank);
        assert_eq!(row.status, PartnerStatus::Suspended);
        assert_eq!(row.regions_served, ["35.78"]);
        assert_eq!(row.version, 2);
        assert_eq!(view.get(&db, Uuid::now_v7()).await.unwrap(), None);
    }
}
