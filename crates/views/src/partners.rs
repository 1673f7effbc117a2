//! Partners (an LSM, a bank, a university, a company's CSR programme, ...) as another
//! context knows them: id, kind, active, suspended or retired, and the regions they
//! serve. Fed by the partnerships context's events (`PartnerRegistered`,
//! `PartnerProfileUpdated`, `PartnerSuspended`, `PartnerReinstated`, `PartnerRetired`);
//! the contact people's personal data sealed inside them is neither needed nor readable
//! here.

use async_trait::async_trait;
use berdaya_eventstore::StoreError;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use berdaya_proto::berdaya::partnerships::v1 as ppb;
use prost::{Message, Name};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::{ViewDb, on_reader};

/// The stream id prefix of partners in the partnerships context's log.
pub const PARTNER_STREAM_PREFIX: &str = "partner-";

/// A partner's standing in the partnerships registry, as last heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerStatus {
    /// A partner in good standing.
    Active,
    /// Suspended until reinstated: the partnerships context takes no new agreements,
    /// network memberships or referrals with it.
    Suspended,
    /// No longer a partner, kept for history.
    Retired,
}

impl PartnerStatus {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerStatus::Active => "active",
            PartnerStatus::Suspended => "suspended",
            PartnerStatus::Retired => "retired",
        }
    }

    fn parse(stored: &str) -> Result<Self, String> {
        match stored {
            "active" => Ok(PartnerStatus::Active),
            "suspended" => Ok(PartnerStatus::Suspended),
            "retired" => Ok(PartnerStatus::Retired),
            other => Err(format!("unknown partner status {other:?}")),
        }
    }
}

/// One partner as a service knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRow {
    /// The partner.
    pub partner_id: Uuid,
    /// What kind of organisation it is.
    pub kind: ppb::PartnerKind,
    /// Active, suspended or retired.
    pub status: PartnerStatus,
    /// Kemendagri prefixes of the regions it serves, as last heard.
    pub regions_served: Vec<String>,
    /// The last version of its stream applied.
    pub version: i64,
}

/// The pure update: the row after `event` (the next of its stream: the inbox applies
/// each stream once and in order), or `None` when nothing is to be written: an event of
/// another aggregate of the partnerships context (agreements, networks, referrals), or
/// one this row has already applied.
///
/// # Errors
/// [`HandlerError::Reject`] for a payload that does not decode, or a partner whose first
/// event is not its registration.
pub fn apply(
    row: Option<&PartnerRow>,
    event: &EventEnvelope,
) -> Result<Option<PartnerRow>, HandlerError> {
    let Some(id) = event.stream_id.strip_prefix(PARTNER_STREAM_PREFIX) else {
        return Ok(None);
    };
    if row.is_some_and(|row| row.version >= event.version) {
        return Ok(None);
    }
    let partner_id = Uuid::parse_str(id)
        .map_err(|e| HandlerError::Reject(format!("stream {}: {e}", event.stream_id)))?;
    let bad = |e: prost::DecodeError| HandlerError::Reject(format!("{}: {e}", event.event_type));
    let name = event.event_type.rsplit('.').next().unwrap_or_default();
    let mut next = match row {
        _ if name == ppb::PartnerRegistered::NAME => {
            let e = ppb::PartnerRegistered::decode(event.payload.as_slice()).map_err(bad)?;
            PartnerRow {
                partner_id,
                kind: ppb::PartnerKind::try_from(e.kind).unwrap_or_default(),
                status: PartnerStatus::Active,
                regions_served: e.regions_served,
                version: 0,
            }
        }
        Some(row) => row.clone(),
        None => {
            return Err(HandlerError::Reject(format!(
                "partner {partner_id}: first event is {name}, not PartnerRegistered"
            )));
        }
    };
    if name == ppb::PartnerProfileUpdated::NAME {
        let e = ppb::PartnerProfileUpdated::decode(event.payload.as_slice()).map_err(bad)?;
        next.regions_served = e.regions_served;
    } else if name == ppb::PartnerSuspended::NAME {
        next.status = PartnerStatus::Suspended;
    } else if name == ppb::PartnerReinstated::NAME {
        next.status = PartnerStatus::Active;
    } else if name == ppb::PartnerRetired::NAME {
        next.status = PartnerStatus::Retired;
    }
    next.version = event.version;
    Ok(Some(next))
}

/// The stored form: id, kind (the proto enum's number), status, regions served
/// (space-separated: a Kemendagri code holds none) and version.
type Row = (String, i64, String, String, i64);

fn from_row((id, kind, status, regions, version): Row) -> Result<PartnerRow, String> {
    Ok(PartnerRow {
        partner_id: Uuid::parse_str(&id).map_err(|e| e.to_string())?,
        kind: i32::try_from(kind)
            .ok()
            .and_then(|kind| ppb::PartnerKind::try_from(kind).ok())
            .unwrap_or_default(),
        status: PartnerStatus::parse(&status)?,
        regions_served: regions.split_whitespace().map(str::to_owned).collect(),
        version,
    })
}

/// A service's view of the partner registry, in its table `table`, fed through the inbox
/// of its consumer `consumer` (its durable name on NATS: each service has its own).
#[derive(Debug, Clone)]
pub struct KnownPartners {
    /// The inbox consumer (and durable) name, e.g. `advocacy-partners`.
    pub consumer: &'static str,
    create: String,
    select: String,
    upsert: String,
}

impl KnownPartners {
    /// The view in `table`, fed as `consumer`.
    pub fn new(table: &'static str, consumer: &'static str) -> Self {
        Self {
            consumer,
            create: format!(
                "CREATE TABLE IF NOT EXISTS {table} (partner_id TEXT PRIMARY KEY, \
                 kind BIGINT NOT NULL, status TEXT NOT NULL, regions_served TEXT NOT NULL, \
                 version BIGINT NOT NULL)"
            ),
            select: format!(
                "SELECT partner_id, kind, status, regions_served, version FROM {table} \
                 WHERE partner_id = $1"
            ),
            upsert: format!(
                "INSERT INTO {table} (partner_id, kind, status, regions_served, version) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (partner_id) DO UPDATE SET \
                 kind = excluded.kind, status = excluded.status, \
                 regions_served = excluded.regions_served, version = excluded.version"
            ),
        }
    }

    /// The statement that creates the view's table (idempotent).
    pub fn schema(&self) -> String {
        self.create.clone()
    }

    /// What the view knows of one partner.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(&self, db: &ViewDb, id: Uuid) -> Result<Option<PartnerRow>, StoreError> {
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
        impl EventHandler<$db> for KnownPartners {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                let Some(id) = event.stream_id.strip_prefix(PARTNER_STREAM_PREFIX) else {
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
                        .bind(next.partner_id.to_string())
                        .bind(i64::from(next.kind as i32))
                        .bind(next.status.as_str())
                        .bind(next.regions_served.join(" "))
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
