//! Registry households as another context knows them: id, village, open or closed. Fed
//! by the households context's events (`HouseholdRegistered`, `HouseholdMoved`,
//! `HouseholdClosed`), decoded with `berdaya-proto`; the personal data sealed inside them
//! is neither needed nor readable here.

use async_trait::async_trait;
use berdaya_eventstore::StoreError;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use berdaya_proto::berdaya::households::v1 as hpb;
use prost::{Message, Name};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::{ViewDb, on_reader};

/// The stream id prefix of households in the households context's log.
pub const HOUSEHOLD_STREAM_PREFIX: &str = "household-";

/// One registry household as a service knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    /// The household.
    pub household_id: Uuid,
    /// Its village as last heard.
    pub village_code: String,
    /// False once closed.
    pub active: bool,
    /// The last version of its stream applied.
    pub version: i64,
}

/// The pure update: the row after `event` (the next of its stream: the inbox applies
/// each stream once and in order), or `None` when the event concerns another aggregate
/// of the households context.
///
/// # Errors
/// [`HandlerError::Reject`] for a payload that does not decode, or a household whose
/// first event is not its registration.
pub fn apply(
    row: Option<&HouseholdRow>,
    event: &EventEnvelope,
) -> Result<Option<HouseholdRow>, HandlerError> {
    let Some(id) = event.stream_id.strip_prefix(HOUSEHOLD_STREAM_PREFIX) else {
        return Ok(None);
    };
    let household_id = Uuid::parse_str(id)
        .map_err(|e| HandlerError::Reject(format!("stream {}: {e}", event.stream_id)))?;
    let bad = |e: prost::DecodeError| HandlerError::Reject(format!("{}: {e}", event.event_type));
    let name = event.event_type.rsplit('.').next().unwrap_or_default();
    let mut next = match row {
        _ if name == hpb::HouseholdRegistered::NAME => {
            let e = hpb::HouseholdRegistered::decode(event.payload.as_slice()).map_err(bad)?;
            HouseholdRow {
                household_id,
                village_code: e.village_code,
                active: true,
                version: 0,
            }
        }
        Some(row) => row.clone(),
        None => {
            return Err(HandlerError::Reject(format!(
                "household {household_id}: first event is {name}, not HouseholdRegistered"
            )));
        }
    };
    if name == hpb::HouseholdMoved::NAME {
        let e = hpb::HouseholdMoved::decode(event.payload.as_slice()).map_err(bad)?;
        next.village_code = e.to_village_code;
    } else if name == hpb::HouseholdClosed::NAME {
        next.active = false;
    }
    next.version = event.version;
    Ok(Some(next))
}

type Row = (String, String, i64, i64);

fn from_row((id, village_code, active, version): Row) -> Result<HouseholdRow, String> {
    Ok(HouseholdRow {
        household_id: Uuid::parse_str(&id).map_err(|e| e.to_string())?,
        village_code,
        active: active != 0,
        version,
    })
}

/// A service's view of registry households, in its table `table`, fed through the inbox
/// of its consumer `consumer` (its durable name on NATS: each service has its own).
#[derive(Debug, Clone)]
pub struct KnownHouseholds {
    /// The inbox consumer (and durable) name, e.g. `enterprise-households`.
    pub consumer: &'static str,
    create: String,
    select: String,
    upsert: String,
}

impl KnownHouseholds {
    /// The view in `table`, fed as `consumer`.
    pub fn new(table: &'static str, consumer: &'static str) -> Self {
        Self {
            consumer,
            create: format!(
                "CREATE TABLE IF NOT EXISTS {table} (household_id TEXT PRIMARY KEY, \
                 village_code TEXT NOT NULL, active BIGINT NOT NULL, version BIGINT NOT NULL)"
            ),
            select: format!(
                "SELECT household_id, village_code, active, version FROM {table} \
                 WHERE household_id = $1"
            ),
            upsert: format!(
                "INSERT INTO {table} (household_id, village_code, active, version) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (household_id) DO UPDATE SET \
                 village_code = excluded.village_code, active = excluded.active, \
                 version = excluded.version"
            ),
        }
    }

    /// The statement that creates the view's table (idempotent).
    pub fn schema(&self) -> String {
        self.create.clone()
    }

    /// What the view knows of one household.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(&self, db: &ViewDb, id: Uuid) -> Result<Option<HouseholdRow>, StoreError> {
        let row: Option<Row> = on_reader!(db, pool => sqlx::query_as(&self.select)
            .bind(id.to_string())
            .fetch_optional(pool)
            .await?);
        row.map(from_row).transpose().map_err(StoreError::Internal)
    }
}

macro_rules! handler {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl EventHandler<$db> for KnownHouseholds {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                let Some(id) = event.stream_id.strip_prefix(HOUSEHOLD_STREAM_PREFIX) else {
                    return Ok(());
                };
                let row: Option<Row> = sqlx::query_as(&self.select)
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let row = row
                    .map(from_row)
                    .transpose()
                    .map_err(HandlerError::Reject)?;
                if let Some(next) = apply(row.as_ref(), event)? {
                    sqlx::query(&self.upsert)
                        .bind(next.household_id.to_string())
                        .bind(&next.village_code)
                        .bind(i64::from(next.active))
                        .bind(next.version)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }
        }
    };
}

handler!(Sqlite, SqliteConnection);
handler!(Postgres, PgConnection);

#[cfg(test)]
mod tests;
