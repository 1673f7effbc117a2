//! Registry households as another context knows them: id, village, open or closed. Fed
//! by the households context's events (`HouseholdRegistered`, `HouseholdMoved`,
//! `HouseholdClosed`), decoded with `berdaya-proto`; the personal data sealed inside them
//! is neither needed nor readable here.

use berdaya_messaging::{EventEnvelope, HandlerError};
use berdaya_proto::berdaya::households::v1 as hpb;
use berdaya_proto::category::households::HOUSEHOLD;
use prost::{Message, Name};
use uuid::Uuid;

use crate::table::{Known, record_id};

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
    let Some(household_id) = record_id(event, HOUSEHOLD)? else {
        return Ok(None);
    };
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

crate::village_record!(HouseholdRow, household_id, HOUSEHOLD);

/// A service's view of registry households, in its table, fed through the inbox of its
/// consumer: `KnownHouseholds::new("enterprise_households", "enterprise-households")`.
pub type KnownHouseholds = Known<HouseholdRow>;

#[cfg(test)]
mod tests;
