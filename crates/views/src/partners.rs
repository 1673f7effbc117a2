//! Partners (an LSM, a bank, a university, a company's CSR programme, ...) as another
//! context knows them: id, kind, active, suspended or retired, and the regions they
//! serve. Fed by the partnerships context's events (`PartnerRegistered`,
//! `PartnerProfileUpdated`, `PartnerSuspended`, `PartnerReinstated`, `PartnerRetired`);
//! the contact people's personal data sealed inside them is neither needed nor readable
//! here.

use berdaya_messaging::{EventEnvelope, HandlerError};
use berdaya_proto::berdaya::partnerships::v1 as ppb;
use berdaya_proto::category::partnerships::PARTNER;
use prost::{Message, Name};
use uuid::Uuid;

use crate::table::{Kind, Known, Record, Value, record_id};

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
    let Some(partner_id) = record_id(event, PARTNER)? else {
        return Ok(None);
    };
    if row.is_some_and(|row| row.version >= event.version) {
        return Ok(None);
    }
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

impl Record for PartnerRow {
    const CATEGORY: &'static str = PARTNER;
    const ID_COLUMN: &'static str = "partner_id";
    /// The kind is the proto enum's number; the regions served are space-separated (a
    /// Kemendagri code holds none).
    const COLUMNS: &'static [(&'static str, Kind)] = &[
        ("kind", Kind::Int),
        ("status", Kind::Text),
        ("regions_served", Kind::Text),
    ];

    fn id(&self) -> Uuid {
        self.partner_id
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn columns(&self) -> Vec<Value> {
        vec![
            Value::Int(i64::from(self.kind as i32)),
            Value::Text(self.status.as_str().to_owned()),
            Value::Text(self.regions_served.join(" ")),
        ]
    }

    fn from_columns(id: Uuid, columns: Vec<Value>, version: i64) -> Result<Self, String> {
        let [kind, status, regions] = <[Value; 3]>::try_from(columns)
            .map_err(|c| format!("expected 3 columns, got {}", c.len()))?;
        Ok(PartnerRow {
            partner_id: id,
            kind: i32::try_from(kind.int()?)
                .ok()
                .and_then(|kind| ppb::PartnerKind::try_from(kind).ok())
                .unwrap_or_default(),
            status: PartnerStatus::parse(&status.text()?)?,
            regions_served: regions
                .text()?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            version,
        })
    }

    fn apply(row: Option<&Self>, event: &EventEnvelope) -> Result<Option<Self>, HandlerError> {
        apply(row, event)
    }
}

/// A service's view of the partner registry, in its table, fed through the inbox of its
/// consumer: `KnownPartners::new("advocacy_partners", "advocacy-partners")`.
pub type KnownPartners = Known<PartnerRow>;

#[cfg(test)]
mod tests;
