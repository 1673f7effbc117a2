//! The local view of registry households: id, village, open or closed. Fed by the
//! households context's events (`HouseholdRegistered`, `HouseholdMoved`,
//! `HouseholdClosed`), decoded with `berdaya-proto`; the personal data sealed inside
//! them is neither needed nor readable here.

use async_trait::async_trait;
use berdaya_eventstore::StoreError;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use berdaya_proto::berdaya::households::v1 as hpb;
use prost::Message;
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use super::{ViewDb, on_reader};

/// The stream category of households in the households context's log.
pub const HOUSEHOLD_STREAM_PREFIX: &str = "household-";
/// The inbox consumer name of this view.
pub const CONSUMER: &str = "enterprise-households";

/// One registry household as this service knows it.
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
    let mut next = match (row, name) {
        (_, "HouseholdRegistered") => {
            let e = hpb::HouseholdRegistered::decode(event.payload.as_slice()).map_err(bad)?;
            HouseholdRow {
                household_id,
                village_code: e.village_code,
                active: true,
                version: 0,
            }
        }
        (Some(row), _) => row.clone(),
        (None, other) => {
            return Err(HandlerError::Reject(format!(
                "household {household_id}: first event is {other}, not HouseholdRegistered"
            )));
        }
    };
    match name {
        "HouseholdMoved" => {
            let e = hpb::HouseholdMoved::decode(event.payload.as_slice()).map_err(bad)?;
            next.village_code = e.to_village_code;
        }
        "HouseholdClosed" => next.active = false,
        _ => {}
    }
    next.version = event.version;
    Ok(Some(next))
}

const SELECT: &str = "SELECT household_id, village_code, active, version \
     FROM enterprise_households WHERE household_id = $1";
const UPSERT: &str = "INSERT INTO enterprise_households \
     (household_id, village_code, active, version) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (household_id) DO UPDATE SET village_code = excluded.village_code, \
     active = excluded.active, version = excluded.version";

type Row = (String, String, i64, i64);

fn from_row((id, village_code, active, version): Row) -> Result<HouseholdRow, String> {
    Ok(HouseholdRow {
        household_id: Uuid::parse_str(&id).map_err(|e| e.to_string())?,
        village_code,
        active: active != 0,
        version,
    })
}

/// Feeds [`apply`] from the inbox, in its transaction.
#[derive(Debug, Clone, Copy, Default)]
pub struct HouseholdsView;

macro_rules! handler {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl EventHandler<$db> for HouseholdsView {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                let Some(id) = event.stream_id.strip_prefix(HOUSEHOLD_STREAM_PREFIX) else {
                    return Ok(());
                };
                let row: Option<Row> = sqlx::query_as(SELECT)
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let row = row
                    .map(from_row)
                    .transpose()
                    .map_err(HandlerError::Reject)?;
                if let Some(next) = apply(row.as_ref(), event)? {
                    sqlx::query(UPSERT)
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

impl ViewDb {
    /// What the view knows of one household.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn household(&self, id: Uuid) -> Result<Option<HouseholdRow>, StoreError> {
        let row: Option<Row> = on_reader!(self, pool => sqlx::query_as(SELECT)
            .bind(id.to_string())
            .fetch_optional(pool)
            .await?);
        row.map(from_row).transpose().map_err(StoreError::Internal)
    }
}

#[cfg(test)]
mod tests {
    use berdaya_eventstore::EventMetadata;

    use super::*;

    fn envelope(id: Uuid, version: i64, message: &str, payload: Vec<u8>) -> EventEnvelope {
        EventEnvelope {
            context: "households".into(),
            event_id: Uuid::now_v7(),
            event_type: format!("berdaya.households.v1.{message}"),
            schema_version: 1,
            stream_id: format!("household-{id}"),
            version,
            recorded_at: chrono::Utc::now(),
            position: 0,
            metadata: EventMetadata::default(),
            payload,
        }
    }

    fn registered(id: Uuid) -> EventEnvelope {
        let payload = hpb::HouseholdRegistered {
            household_id: id.to_string(),
            village_code: "35.78.01.1001".into(),
            ..Default::default()
        };
        envelope(id, 1, "HouseholdRegistered", payload.encode_to_vec())
    }

    #[test]
    fn registered_moved_and_closed_households_are_tracked_in_order() {
        let id = Uuid::now_v7();
        let row = apply(None, &registered(id)).unwrap().unwrap();
        assert_eq!(
            (row.village_code.as_str(), row.active, row.version),
            ("35.78.01.1001", true, 1)
        );

        let decile = envelope(id, 2, "DecileUpdated", Vec::new());
        let row = apply(Some(&row), &decile).unwrap().unwrap();
        assert_eq!(row.version, 2);

        let moved = hpb::HouseholdMoved {
            from_village_code: "35.78.01.1001".into(),
            to_village_code: "35.78.01.1002".into(),
            ..Default::default()
        };
        let row = apply(
            Some(&row),
            &envelope(id, 3, "HouseholdMoved", moved.encode_to_vec()),
        )
        .unwrap()
        .unwrap();
        assert_eq!(row.village_code, "35.78.01.1002");

        let closed = envelope(id, 4, "HouseholdClosed", Vec::new());
        let row = apply(Some(&row), &closed).unwrap().unwrap();
        assert!(!row.active);
        assert_eq!(row.version, 4);
    }

    #[test]
    fn other_aggregates_are_ignored_and_garbage_is_rejected() {
        let mut savings = registered(Uuid::now_v7());
        savings.stream_id = format!("savings-{}", Uuid::now_v7());
        assert_eq!(apply(None, &savings).unwrap(), None);

        let mut garbage = registered(Uuid::now_v7());
        garbage.payload = vec![0xff, 0xff, 0xff];
        assert!(matches!(
            apply(None, &garbage),
            Err(HandlerError::Reject(_))
        ));
        let orphan = envelope(Uuid::now_v7(), 1, "HouseholdClosed", Vec::new());
        assert!(matches!(apply(None, &orphan), Err(HandlerError::Reject(_))));
    }
}
