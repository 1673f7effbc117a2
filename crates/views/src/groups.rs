//! KUBE groups as another context knows them: id, village, active or dissolved. Fed by
//! the enterprise context's events (`KubeGroupFormed`, `KubeGroupDissolved`).

use async_trait::async_trait;
use berdaya_eventstore::StoreError;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use berdaya_proto::berdaya::enterprise::v1 as epb;
use prost::{Message, Name};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::{ViewDb, on_reader};

/// The stream id prefix of KUBE groups in the enterprise context's log.
pub const GROUP_STREAM_PREFIX: &str = "kube-";

/// One KUBE group as a service knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The group.
    pub group_id: Uuid,
    /// Its village.
    pub village_code: String,
    /// False once dissolved.
    pub active: bool,
    /// The last version of its stream applied.
    pub version: i64,
}

/// The pure update: the row after `event`, or `None` for another aggregate of the
/// enterprise context (support records).
///
/// # Errors
/// [`HandlerError::Reject`] for a payload that does not decode, or a group whose first
/// event is not its formation.
pub fn apply(
    row: Option<&GroupRow>,
    event: &EventEnvelope,
) -> Result<Option<GroupRow>, HandlerError> {
    let Some(id) = event.stream_id.strip_prefix(GROUP_STREAM_PREFIX) else {
        return Ok(None);
    };
    let group_id = Uuid::parse_str(id)
        .map_err(|e| HandlerError::Reject(format!("stream {}: {e}", event.stream_id)))?;
    let name = event.event_type.rsplit('.').next().unwrap_or_default();
    let mut next = match row {
        _ if name == epb::KubeGroupFormed::NAME => {
            let e = epb::KubeGroupFormed::decode(event.payload.as_slice())
                .map_err(|e| HandlerError::Reject(format!("{}: {e}", event.event_type)))?;
            GroupRow {
                group_id,
                village_code: e.village_code,
                active: true,
                version: 0,
            }
        }
        Some(row) => row.clone(),
        None => {
            return Err(HandlerError::Reject(format!(
                "kube group {group_id}: first event is {name}, not KubeGroupFormed"
            )));
        }
    };
    if name == epb::KubeGroupDissolved::NAME {
        next.active = false;
    }
    next.version = event.version;
    Ok(Some(next))
}

type Row = (String, String, i64, i64);

fn from_row((id, village_code, active, version): Row) -> Result<GroupRow, String> {
    Ok(GroupRow {
        group_id: Uuid::parse_str(&id).map_err(|e| e.to_string())?,
        village_code,
        active: active != 0,
        version,
    })
}

/// A service's view of KUBE groups, in its table `table`, fed as `consumer`.
#[derive(Debug, Clone)]
pub struct KnownGroups {
    /// The inbox consumer (and durable) name, e.g. `partnerships-groups`.
    pub consumer: &'static str,
    create: String,
    select: String,
    upsert: String,
}

impl KnownGroups {
    /// The view in `table`, fed as `consumer`.
    pub fn new(table: &'static str, consumer: &'static str) -> Self {
        Self {
            consumer,
            create: format!(
                "CREATE TABLE IF NOT EXISTS {table} (group_id TEXT PRIMARY KEY, \
                 village_code TEXT NOT NULL, active BIGINT NOT NULL, version BIGINT NOT NULL)"
            ),
            select: format!(
                "SELECT group_id, village_code, active, version FROM {table} WHERE group_id = $1"
            ),
            upsert: format!(
                "INSERT INTO {table} (group_id, village_code, active, version) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (group_id) DO UPDATE SET \
                 village_code = excluded.village_code, active = excluded.active, \
                 version = excluded.version"
            ),
        }
    }

    /// The statement that creates the view's table (idempotent).
    pub fn schema(&self) -> String {
        self.create.clone()
    }

    /// What the view knows of one group.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(&self, db: &ViewDb, id: Uuid) -> Result<Option<GroupRow>, StoreError> {
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
        impl EventHandler<$db> for KnownGroups {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                let Some(id) = event.stream_id.strip_prefix(GROUP_STREAM_PREFIX) else {
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
                        .bind(next.group_id.to_string())
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
mod tests {
    use berdaya_eventstore::EventMetadata;

    use super::*;

    fn envelope(id: Uuid, version: i64, message: &str, payload: Vec<u8>) -> EventEnvelope {
        EventEnvelope {
            context: "enterprise".into(),
            event_id: Uuid::now_v7(),
            event_type: format!("berdaya.enterprise.v1.{message}"),
            schema_version: 1,
            stream_id: format!("kube-{id}"),
            version,
            recorded_at: chrono::Utc::now(),
            position: 0,
            metadata: EventMetadata::default(),
            payload,
        }
    }

    #[test]
    fn formed_and_dissolved_groups_are_tracked_and_support_records_ignored() {
        let id = Uuid::now_v7();
        let formed = epb::KubeGroupFormed {
            group_id: id.to_string(),
            village_code: "35.78.01.1001".into(),
            ..Default::default()
        };
        let row = apply(
            None,
            &envelope(id, 1, "KubeGroupFormed", formed.encode_to_vec()),
        )
        .unwrap()
        .unwrap();
        assert!(row.active);
        assert_eq!(row.village_code, "35.78.01.1001");
        let row = apply(Some(&row), &envelope(id, 2, "MeetingRecorded", Vec::new()))
            .unwrap()
            .unwrap();
        assert_eq!(row.version, 2);
        let row = apply(
            Some(&row),
            &envelope(id, 3, "KubeGroupDissolved", Vec::new()),
        )
        .unwrap()
        .unwrap();
        assert!(!row.active);
        let mut support = envelope(id, 1, "SupportSessionRecorded", Vec::new());
        support.stream_id = format!("support-{id}");
        assert_eq!(apply(None, &support).unwrap(), None);
        let orphan = envelope(Uuid::now_v7(), 1, "KubeGroupDissolved", Vec::new());
        assert!(matches!(apply(None, &orphan), Err(HandlerError::Reject(_))));
    }
}
