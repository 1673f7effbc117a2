//! The group index: one row per KUBE group (village, stage, facilitator, members, last
//! sign of life), fed by the enterprise service's own log. It answers "groups by
//! region, stage or facilitator", the inactive list and facilitator caseloads with one
//! query each. Like every projection it trails the log by moments.

use async_trait::async_trait;
use berdaya_eventstore::{StoreError, aggregate_id};
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use chrono::NaiveDate;
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use super::{ViewDb, on_reader};
use crate::codec::{decode_group, text_date};
use crate::convert::{stage_from_key, stage_key};
use crate::domain::{GroupEvent, Stage};
use crate::grpc::GROUP_CATEGORY;

/// The inbox consumer name of this view.
pub const CONSUMER: &str = "enterprise-groups";

/// One group in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The group.
    pub group_id: Uuid,
    /// Name.
    pub name: String,
    /// Village.
    pub village_code: String,
    /// Stage.
    pub stage: Stage,
    /// Facilitator, if any.
    pub facilitator_id: Option<String>,
    /// Dissolved.
    pub dissolved: bool,
    /// Active members.
    pub member_count: i64,
    /// The last meeting, report or the formation.
    pub last_activity: NaiveDate,
    /// The last version of its stream applied.
    pub version: i64,
}

/// The pure update: the row after event `version` of the group's stream (the next
/// one: the inbox applies each stream once and in order).
///
/// # Errors
/// A group event before its formation.
pub fn apply(
    row: Option<&GroupRow>,
    version: i64,
    event: &GroupEvent,
) -> Result<GroupRow, HandlerError> {
    let mut next = match (row, event) {
        (
            _,
            GroupEvent::Formed {
                group_id,
                name,
                village,
                formed_on,
                members,
                facilitator,
                ..
            },
        ) => GroupRow {
            group_id: *group_id,
            name: name.clone(),
            village_code: village.to_string(),
            stage: Stage::Tumbuh,
            facilitator_id: facilitator.clone(),
            dissolved: false,
            member_count: i64::try_from(members.len()).unwrap_or(i64::MAX),
            last_activity: *formed_on,
            version: 0,
        },
        (Some(row), _) => row.clone(),
        (None, _) => {
            return Err(HandlerError::Reject(
                "the group's first event is not its formation".to_owned(),
            ));
        }
    };
    match event {
        GroupEvent::MemberJoined { .. } => next.member_count += 1,
        GroupEvent::MemberLeft { .. } => next.member_count -= 1,
        GroupEvent::FacilitatorAssigned { facilitator_id, .. } => {
            next.facilitator_id = Some(facilitator_id.clone());
        }
        GroupEvent::MeetingRecorded { held_on, .. } => {
            next.last_activity = next.last_activity.max(*held_on);
        }
        GroupEvent::ProgressReported(report) => {
            next.last_activity = next.last_activity.max(report.reported_on);
        }
        GroupEvent::StageChangeApproved { to, .. } => next.stage = *to,
        GroupEvent::Dissolved { .. } => next.dissolved = true,
        _ => {}
    }
    next.version = version;
    Ok(next)
}

const COLUMNS: &str = "group_id, name, village_code, stage, facilitator_id, dissolved, \
     member_count, last_activity, version";
const UPSERT: &str = "INSERT INTO enterprise_groups (group_id, name, village_code, stage, \
     facilitator_id, dissolved, member_count, last_activity, version) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (group_id) DO UPDATE SET name = excluded.name, \
     village_code = excluded.village_code, stage = excluded.stage, \
     facilitator_id = excluded.facilitator_id, dissolved = excluded.dissolved, \
     member_count = excluded.member_count, last_activity = excluded.last_activity, \
     version = excluded.version";

type Row = (
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    i64,
);

fn from_row(row: Row) -> Result<GroupRow, String> {
    let (id, name, village_code, stage, facilitator, dissolved, members, last, version) = row;
    Ok(GroupRow {
        group_id: Uuid::parse_str(&id).map_err(|e| e.to_string())?,
        name,
        village_code,
        stage: stage_from_key(&stage).ok_or_else(|| format!("unknown stage {stage:?}"))?,
        facilitator_id: (!facilitator.is_empty()).then_some(facilitator),
        dissolved: dissolved != 0,
        member_count: members,
        last_activity: NaiveDate::parse_from_str(&last, "%Y-%m-%d").map_err(|e| e.to_string())?,
        version,
    })
}

/// Feeds [`apply`] from the inbox, in its transaction.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupsView;

macro_rules! handler {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl EventHandler<$db> for GroupsView {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                if event.category != GROUP_CATEGORY {
                    return Ok(());
                }
                let Some(id) = aggregate_id(&event.stream_id, GROUP_CATEGORY) else {
                    return Ok(());
                };
                let decoded = decode_group(&event.event_type, &event.payload)
                    .map_err(HandlerError::Reject)?;
                let sql = format!("SELECT {COLUMNS} FROM enterprise_groups WHERE group_id = $1");
                let row: Option<Row> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let row = row
                    .map(from_row)
                    .transpose()
                    .map_err(HandlerError::Reject)?;
                let next = apply(row.as_ref(), event.version, &decoded)?;
                sqlx::query(UPSERT)
                    .bind(next.group_id.to_string())
                    .bind(&next.name)
                    .bind(&next.village_code)
                    .bind(stage_key(next.stage))
                    .bind(next.facilitator_id.clone().unwrap_or_default())
                    .bind(i64::from(next.dissolved))
                    .bind(next.member_count)
                    .bind(text_date(next.last_activity))
                    .bind(next.version)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }
        }
    };
}

handler!(Sqlite, SqliteConnection);
handler!(Postgres, PgConnection);

/// Which groups a list asks for.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    /// Kemendagri prefix; empty for everywhere.
    pub region_prefix: String,
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this facilitator.
    pub facilitator_id: Option<String>,
    /// Only groups whose last activity is before this day (the inactive ones).
    pub inactive_before: Option<NaiveDate>,
    /// Include dissolved groups.
    pub include_dissolved: bool,
}

/// One facilitator's groups in a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caseload {
    /// The facilitator; empty for groups without one.
    pub facilitator_id: String,
    /// Active groups.
    pub groups: i64,
    /// Of those, with no activity since the cut-off.
    pub inactive: i64,
}

/// Groups matching `filter`, ordered by id, after `after`, at most `limit`.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn list(
    db: &ViewDb,
    filter: &GroupFilter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<GroupRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM enterprise_groups \
         WHERE substr(village_code, 1, length($1)) = $1 \
         AND ($2 = '' OR stage = $2) AND ($3 = '' OR facilitator_id = $3) \
         AND ($4 = '' OR (last_activity < $4 AND dissolved = 0)) \
         AND ($5 = 1 OR dissolved = 0) AND group_id > $6 \
         ORDER BY group_id LIMIT $7"
    );
    let rows: Vec<Row> = on_reader!(db, pool => sqlx::query_as(&sql)
        .bind(&filter.region_prefix)
        .bind(filter.stage.map(stage_key).unwrap_or_default())
        .bind(filter.facilitator_id.clone().unwrap_or_default())
        .bind(filter.inactive_before.map(text_date).unwrap_or_default())
        .bind(i64::from(filter.include_dissolved))
        .bind(after.map(|id| id.to_string()).unwrap_or_default())
        .bind(limit)
        .fetch_all(pool)
        .await?);
    rows.into_iter()
        .map(|r| from_row(r).map_err(StoreError::Internal))
        .collect()
}

/// Active groups per facilitator in a region, with those inactive since `cutoff`.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn caseload(
    db: &ViewDb,
    region_prefix: &str,
    cutoff: NaiveDate,
) -> Result<Vec<Caseload>, StoreError> {
    let sql = "SELECT facilitator_id, count(*), \
         sum(CASE WHEN last_activity < $2 THEN 1 ELSE 0 END) FROM enterprise_groups \
         WHERE dissolved = 0 AND substr(village_code, 1, length($1)) = $1 \
         GROUP BY facilitator_id ORDER BY facilitator_id";
    let rows: Vec<(String, i64, i64)> = on_reader!(db, pool => sqlx::query_as(sql)
        .bind(region_prefix)
        .bind(text_date(cutoff))
        .fetch_all(pool)
        .await?);
    Ok(rows
        .into_iter()
        .map(|(facilitator_id, groups, inactive)| Caseload {
            facilitator_id,
            groups,
            inactive,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tests::fixtures::*;

    #[test]
    fn the_index_follows_members_facilitator_activity_stage_and_dissolution() {
        let events = every_group_event();
        let mut row: Option<GroupRow> = None;
        for (i, event) in events.iter().enumerate() {
            let version = i64::try_from(i).unwrap() + 1;
            row = Some(apply(row.as_ref(), version, event).unwrap());
        }
        let row = row.unwrap();
        assert_eq!(row.group_id, group_id());
        assert_eq!(row.member_count, 5, "five founders, one joined, one left");
        assert_eq!(row.facilitator_id.as_deref(), Some("pendamping-7"));
        assert_eq!(row.stage, Stage::Berkembang);
        assert_eq!(row.last_activity, date("2026-02-28"), "the February report");
        assert!(row.dissolved);

        assert!(matches!(
            apply(None, 1, &events[1]),
            Err(HandlerError::Reject(_))
        ));
    }
}
