//! Read models of the capacity service, kept in its own database next to its event log
//! (the `capacity.db` SQLite file of `berdaya up`, or its PostgreSQL database), fed by
//! the other contexts' events through `berdaya-messaging`'s inbox (each event applied
//! once, in stream order):
//!
//! - [`HOUSEHOLDS`]: registry households (village, open or closed), the shared view of
//!   [`berdaya_views::households`], for cadres and the households activities reach;
//! - [`Caseload`]: who facilitates what, for the caseload query: KUBE groups with their
//!   `facilitator_id` (from the enterprise context's group events) and PKH households
//!   (enrolment and exit from the households registry's events; the facilitator from the
//!   PKH participation activities that invite them, the `facilitator` those record).

use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use berdaya_eventstore::{StoreError, aggregate_id};
use berdaya_messaging::inbox::InboxDatabase;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError, MessagingError};
use berdaya_proto::berdaya::enterprise::v1 as epb;
use berdaya_proto::berdaya::households::v1 as hpb;
use berdaya_proto::category::{enterprise::KUBE, households};
use berdaya_runtime::Context;
pub use berdaya_views::ViewDb;
use berdaya_views::{KnownHouseholds, Source};
use prost::{Message, Name};
use sqlx::{PgConnection, Pool, Postgres, Sqlite, SqliteConnection};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Registry households as the capacity service knows them.
pub static HOUSEHOLDS: LazyLock<KnownHouseholds> =
    LazyLock::new(|| KnownHouseholds::new("capacity_households", "capacity-households"));

/// The inbox consumer of the caseload view over households events.
pub const CASELOAD_HOUSEHOLDS: &str = "capacity-caseload-households";
/// The inbox consumer of the caseload view over enterprise events.
pub const CASELOAD_GROUPS: &str = "capacity-caseload-groups";

/// A KUBE group row.
pub const GROUP: &str = "group";
/// A PKH household row.
pub const PKH: &str = "pkh";

/// What one event changes in the caseload view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A record's village and whether it counts (its facilitator kept).
    Place {
        /// [`GROUP`] or [`PKH`].
        kind: &'static str,
        /// The group or household id.
        record_id: String,
        /// Its village.
        village_code: String,
        /// Whether it counts.
        active: bool,
    },
    /// Whether a record counts (a PKH enrolment or exit, a closure, a dissolution).
    Active {
        /// [`GROUP`] or [`PKH`].
        kind: &'static str,
        /// The group or household id.
        record_id: String,
        /// Whether it counts.
        active: bool,
    },
    /// A record's village moved.
    Village {
        /// [`PKH`].
        kind: &'static str,
        /// The household id.
        record_id: String,
        /// The new village.
        village_code: String,
    },
    /// Who facilitates a record.
    Facilitator {
        /// [`GROUP`] or [`PKH`].
        kind: &'static str,
        /// The group or household id.
        record_id: String,
        /// The facilitator id as the other context recorded it.
        facilitator_id: String,
    },
}

fn decode<M: Message + Default>(event: &EventEnvelope) -> Result<M, HandlerError> {
    M::decode(event.payload.as_slice())
        .map_err(|e| HandlerError::Reject(format!("{}: {e}", event.event_type)))
}

/// The pure update of one households or enterprise event.
///
/// # Errors
/// [`HandlerError::Reject`] for a payload that does not decode.
pub fn changes(event: &EventEnvelope) -> Result<Vec<Change>, HandlerError> {
    let name = event.event_type.rsplit('.').next().unwrap_or_default();
    let category = event.category.as_str();
    let id = aggregate_id(&event.stream_id, category)
        .unwrap_or_default()
        .to_owned();
    let pkh = hpb::Programme::Pkh as i32;
    Ok(match (event.context.as_str(), category, name) {
        ("enterprise", KUBE, epb::KubeGroupFormed::NAME) => {
            let e: epb::KubeGroupFormed = decode(event)?;
            vec![
                Change::Place {
                    kind: GROUP,
                    record_id: id.clone(),
                    village_code: e.village_code,
                    active: true,
                },
                Change::Facilitator {
                    kind: GROUP,
                    record_id: id,
                    facilitator_id: e.facilitator_id,
                },
            ]
        }
        ("enterprise", KUBE, epb::FacilitatorAssigned::NAME) => {
            let e: epb::FacilitatorAssigned = decode(event)?;
            vec![Change::Facilitator {
                kind: GROUP,
                record_id: id,
                facilitator_id: e.facilitator_id,
            }]
        }
        ("enterprise", KUBE, epb::KubeGroupDissolved::NAME) => vec![Change::Active {
            kind: GROUP,
            record_id: id,
            active: false,
        }],
        ("households", households::HOUSEHOLD, hpb::HouseholdRegistered::NAME) => {
            let e: hpb::HouseholdRegistered = decode(event)?;
            vec![Change::Place {
                kind: PKH,
                record_id: id,
                village_code: e.village_code,
                active: false,
            }]
        }
        ("households", households::HOUSEHOLD, hpb::HouseholdMoved::NAME) => {
            let e: hpb::HouseholdMoved = decode(event)?;
            vec![Change::Village {
                kind: PKH,
                record_id: id,
                village_code: e.to_village_code,
            }]
        }
        ("households", households::HOUSEHOLD, hpb::ProgrammeEnrolled::NAME) => {
            let e: hpb::ProgrammeEnrolled = decode(event)?;
            if e.programme == pkh {
                vec![Change::Active {
                    kind: PKH,
                    record_id: id,
                    active: true,
                }]
            } else {
                Vec::new()
            }
        }
        ("households", households::HOUSEHOLD, hpb::ProgrammeExited::NAME) => {
            let e: hpb::ProgrammeExited = decode(event)?;
            if e.programme == pkh {
                vec![Change::Active {
                    kind: PKH,
                    record_id: id,
                    active: false,
                }]
            } else {
                Vec::new()
            }
        }
        ("households", households::HOUSEHOLD, hpb::HouseholdClosed::NAME) => vec![Change::Active {
            kind: PKH,
            record_id: id,
            active: false,
        }],
        ("households", households::ACTIVITY, hpb::ActivityPlanned::NAME) => {
            let e: hpb::ActivityPlanned = decode(event)?;
            if e.programme != pkh || e.facilitator.trim().is_empty() {
                return Ok(Vec::new());
            }
            e.invited_household_ids
                .into_iter()
                .map(|household| Change::Facilitator {
                    kind: PKH,
                    record_id: household,
                    facilitator_id: e.facilitator.trim().to_owned(),
                })
                .collect()
        }
        _ => Vec::new(),
    })
}

/// The caseload view's handler (one per consumer; the same pure update).
#[derive(Debug, Clone, Copy, Default)]
pub struct Caseload;

macro_rules! caseload_handler {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl EventHandler<$db> for Caseload {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                for change in changes(event)? {
                    let query = match change {
                        Change::Place { kind, record_id, village_code, active } => sqlx::query(
                            "INSERT INTO capacity_caseload \
                             (kind, record_id, village_code, facilitator_id, active) \
                             VALUES ($1, $2, $3, '', $4) ON CONFLICT (kind, record_id) DO UPDATE \
                             SET village_code = excluded.village_code, active = excluded.active",
                        )
                        .bind(kind)
                        .bind(record_id)
                        .bind(village_code)
                        .bind(i64::from(active)),
                        Change::Active { kind, record_id, active } => sqlx::query(
                            "UPDATE capacity_caseload SET active = $3 \
                             WHERE kind = $1 AND record_id = $2",
                        )
                        .bind(kind)
                        .bind(record_id)
                        .bind(i64::from(active)),
                        Change::Village { kind, record_id, village_code } => sqlx::query(
                            "UPDATE capacity_caseload SET village_code = $3 \
                             WHERE kind = $1 AND record_id = $2",
                        )
                        .bind(kind)
                        .bind(record_id)
                        .bind(village_code),
                        Change::Facilitator { kind, record_id, facilitator_id } => sqlx::query(
                            "INSERT INTO capacity_caseload \
                             (kind, record_id, village_code, facilitator_id, active) \
                             VALUES ($1, $2, '', $3, 0) ON CONFLICT (kind, record_id) DO UPDATE \
                             SET facilitator_id = excluded.facilitator_id",
                        )
                        .bind(kind)
                        .bind(record_id)
                        .bind(facilitator_id),
                    };
                    query.execute(&mut *conn).await?;
                }
                Ok(())
            }
        }
    };
}

caseload_handler!(Sqlite, SqliteConnection);
caseload_handler!(Postgres, PgConnection);

/// One active record of the caseload view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    /// [`GROUP`] or [`PKH`].
    pub kind: String,
    /// Its village.
    pub village_code: String,
    /// Its facilitator id as recorded; empty when none.
    pub facilitator_id: String,
}

/// Every active group and PKH household whose village lies in `prefix`.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn caseload(db: &ViewDb, prefix: &str) -> Result<Vec<CaseloadRow>, StoreError> {
    const SQL: &str = "SELECT kind, village_code, facilitator_id FROM capacity_caseload \
        WHERE active = 1 AND village_code <> '' \
        AND substr(village_code, 1, length($1)) = $1";
    let rows: Vec<(String, String, String)> = match db {
        ViewDb::Sqlite { reader, .. } => sqlx::query_as(SQL).bind(prefix).fetch_all(reader).await?,
        ViewDb::Postgres(pool) => sqlx::query_as(SQL).bind(prefix).fetch_all(pool).await?,
    };
    Ok(rows
        .into_iter()
        .map(|(kind, village_code, facilitator_id)| CaseloadRow {
            kind,
            village_code,
            facilitator_id,
        })
        .collect())
}

/// Brings the views' tables up to date: the caseload by its migrations
/// (`migrations/<engine>/`), the households view, whose table is generated, if missing.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn ensure_schema(db: &ViewDb) -> Result<(), StoreError> {
    db.migrate(
        sqlx::migrate!("./migrations/postgres"),
        sqlx::migrate!("./migrations/sqlite"),
    )
    .await?;
    db.ensure(&[HOUSEHOLDS.schema()]).await
}

/// Starts the views' feeds: households events into both views, enterprise events into
/// the caseload view; they run until `stop` is cancelled.
///
/// # Errors
/// [`MessagingError`] when an inbox's tables cannot be created.
pub async fn start(
    views: &ViewDb,
    households: Source,
    enterprise: Source,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError> {
    match views {
        ViewDb::Sqlite { writer, .. } => {
            spawn_all(writer.clone(), households, enterprise, stop).await
        }
        ViewDb::Postgres(pool) => spawn_all(pool.clone(), households, enterprise, stop).await,
    }
}

async fn spawn_all<DB: InboxDatabase>(
    pool: Pool<DB>,
    households: Source,
    enterprise: Source,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError>
where
    KnownHouseholds: EventHandler<DB>,
    Caseload: EventHandler<DB>,
{
    use berdaya_views::feed::spawn;
    Ok(vec![
        spawn(
            pool.clone(),
            HOUSEHOLDS.consumer,
            Arc::new(HOUSEHOLDS.clone()),
            Context::Households,
            households.clone(),
            stop.clone(),
        )
        .await?,
        spawn(
            pool.clone(),
            CASELOAD_HOUSEHOLDS,
            Arc::new(Caseload),
            Context::Households,
            households,
            stop.clone(),
        )
        .await?,
        spawn(
            pool,
            CASELOAD_GROUPS,
            Arc::new(Caseload),
            Context::Enterprise,
            enterprise,
            stop,
        )
        .await?,
    ])
}

#[cfg(test)]
mod tests {
    use berdaya_eventstore::EventMetadata;
    use uuid::Uuid;

    use super::*;

    fn envelope<M: Message + Name>(context: &str, stream: &str, message: &M) -> EventEnvelope {
        EventEnvelope {
            context: context.into(),
            event_id: Uuid::now_v7(),
            event_type: M::full_name(),
            schema_version: 1,
            stream_id: stream.to_owned(),
            category: berdaya_eventstore::category_of(stream).to_owned(),
            version: 1,
            recorded_at: chrono::Utc::now(),
            position: 0,
            metadata: EventMetadata::default(),
            payload: message.encode_to_vec(),
        }
    }

    #[test]
    fn groups_and_pkh_households_are_tracked_with_their_facilitators() {
        let formed = envelope(
            "enterprise",
            "kube-g1",
            &epb::KubeGroupFormed {
                village_code: "35.78.01.1001".into(),
                facilitator_id: "f1".into(),
                ..Default::default()
            },
        );
        assert_eq!(
            changes(&formed).unwrap(),
            [
                Change::Place {
                    kind: GROUP,
                    record_id: "g1".into(),
                    village_code: "35.78.01.1001".into(),
                    active: true
                },
                Change::Facilitator {
                    kind: GROUP,
                    record_id: "g1".into(),
                    facilitator_id: "f1".into()
                }
            ]
        );
        let dissolved = envelope("enterprise", "kube-g1", &epb::KubeGroupDissolved::default());
        assert_eq!(
            changes(&dissolved).unwrap(),
            [Change::Active {
                kind: GROUP,
                record_id: "g1".into(),
                active: false
            }]
        );
        // Support records are not groups.
        let support = envelope(
            "enterprise",
            "support-h1",
            &epb::KubeGroupDissolved::default(),
        );
        assert!(changes(&support).unwrap().is_empty());

        let enrolled = envelope(
            "households",
            "household-h1",
            &hpb::ProgrammeEnrolled {
                programme: hpb::Programme::Pkh as i32,
                ..Default::default()
            },
        );
        assert_eq!(
            changes(&enrolled).unwrap(),
            [Change::Active {
                kind: PKH,
                record_id: "h1".into(),
                active: true
            }]
        );
        let sembako = envelope(
            "households",
            "household-h1",
            &hpb::ProgrammeEnrolled {
                programme: hpb::Programme::Sembako as i32,
                ..Default::default()
            },
        );
        assert!(changes(&sembako).unwrap().is_empty());
        let session = envelope(
            "households",
            "activity-a1",
            &hpb::ActivityPlanned {
                programme: hpb::Programme::Pkh as i32,
                facilitator: " f2 ".into(),
                invited_household_ids: vec!["h1".into(), "h2".into()],
                ..Default::default()
            },
        );
        assert_eq!(
            changes(&session).unwrap(),
            [
                Change::Facilitator {
                    kind: PKH,
                    record_id: "h1".into(),
                    facilitator_id: "f2".into()
                },
                Change::Facilitator {
                    kind: PKH,
                    record_id: "h2".into(),
                    facilitator_id: "f2".into()
                }
            ]
        );
        let mut corrupt = enrolled.clone();
        corrupt.payload = vec![0xff];
        assert!(matches!(changes(&corrupt), Err(HandlerError::Reject(_))));
    }
}
