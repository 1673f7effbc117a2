//! Small helpers the context modules share.

use berdaya_domain::Rupiah;
use berdaya_messaging::EventEnvelope;
use prost::Message;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ProjectionError;

/// Decodes an event's payload.
pub(super) fn decode<M: Message + Default>(event: &EventEnvelope) -> Result<M, ProjectionError> {
    M::decode(event.payload.as_slice()).map_err(|e| ProjectionError::new(event, e.to_string()))
}

/// Reads a module's state (default for a stream's first event).
pub(super) fn load<S: DeserializeOwned + Default>(
    state: Option<&str>,
    event: &EventEnvelope,
) -> Result<S, ProjectionError> {
    match state {
        Some(json) => {
            serde_json::from_str(json).map_err(|e| ProjectionError::new(event, e.to_string()))
        }
        None => Ok(S::default()),
    }
}

/// Writes a module's state.
pub(super) fn save<S: Serialize>(
    state: &S,
    event: &EventEnvelope,
) -> Result<Option<String>, ProjectionError> {
    serde_json::to_string(state)
        .map(Some)
        .map_err(|e| ProjectionError::new(event, e.to_string()))
}

/// The short name of an event (`HouseholdRegistered`).
pub(super) fn short_name(event: &EventEnvelope) -> &str {
    event.event_type.rsplit('.').next().unwrap_or_default()
}

/// A proto enum's name without its prefix (`STAGE_TUMBUH` → `TUMBUH`).
pub(super) fn enum_name(name: &str, prefix: &str) -> String {
    name.strip_prefix(prefix).unwrap_or(name).to_owned()
}

/// A money figure of an event, refused (the event is parked) when it lies outside
/// ±[`Rupiah::MAX`]: every command now refuses such amounts, so only an event recorded
/// before the bounds existed carries one, and summing it would corrupt a whole region.
pub(super) fn money(
    event: &EventEnvelope,
    field: &str,
    value: i64,
) -> Result<i64, ProjectionError> {
    if value.unsigned_abs() <= Rupiah::MAX.0.unsigned_abs() {
        Ok(value)
    } else {
        Err(ProjectionError::new(
            event,
            format!(
                "{field} {value} is outside the ±{} rupiah any command may carry",
                Rupiah::MAX.0
            ),
        ))
    }
}

/// The result of a checked step of a module's state, refused when it overflowed.
pub(super) fn checked(
    event: &EventEnvelope,
    what: &str,
    value: Option<i64>,
) -> Result<i64, ProjectionError> {
    value.ok_or_else(|| ProjectionError::new(event, format!("{what} would overflow")))
}
