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

/// What the modules' tests share: events of one stream, recorded at a chosen time, and
/// the facts a module makes of them.
#[cfg(test)]
pub(super) mod testing {
    use berdaya_eventstore::EventMetadata;
    use berdaya_messaging::EventEnvelope;
    use chrono::{DateTime, Utc};
    use prost::{Message, Name};

    use crate::contexts::ContextProjection;

    /// 20 November 2026, 10:00 WIB: when the tests' events were typed in, months after
    /// most of the dates they carry.
    pub(crate) fn november() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T03:00:00Z")
            .unwrap()
            .to_utc()
    }

    /// Event `version` of `stream`, recorded in November by an actor of `region`.
    pub(crate) fn recorded<M: Message + Name>(
        stream: &str,
        version: i64,
        region: &str,
        message: &M,
    ) -> EventEnvelope {
        EventEnvelope {
            context: "test".into(),
            event_id: uuid::Uuid::now_v7(),
            event_type: M::full_name(),
            schema_version: 1,
            stream_id: stream.into(),
            category: berdaya_eventstore::category_of(stream).to_owned(),
            version,
            recorded_at: november(),
            position: version,
            metadata: EventMetadata {
                region: region.into(),
                ..EventMetadata::default()
            },
            payload: message.encode_to_vec(),
        }
    }

    /// A fact as (indicator, month, dimension, delta).
    pub(crate) type FactRow = (&'static str, String, String, i64);
    /// A reach mark as (indicator, month, entity).
    pub(crate) type ReachRow = (&'static str, String, String);

    /// Runs `events` (one stream, in order) through `module`: every fact and reach mark.
    pub(crate) fn run(
        module: &dyn ContextProjection,
        events: &[EventEnvelope],
    ) -> (Vec<FactRow>, Vec<ReachRow>) {
        let (mut state, mut facts, mut reach) = (None::<String>, Vec::new(), Vec::new());
        for event in events {
            assert!(module.handles(event), "{}", event.event_type);
            let (next, out) = module.project(state.as_deref(), event).unwrap();
            state = next;
            facts.extend(
                out.facts
                    .into_iter()
                    .map(|f| (f.indicator, f.month, f.dimension, f.delta)),
            );
            reach.extend(
                out.reach
                    .into_iter()
                    .map(|r| (r.indicator, r.month, r.entity)),
            );
        }
        (facts, reach)
    }

    /// The sum of `indicator`'s deltas in `month`, over every dimension.
    pub(crate) fn sum(facts: &[FactRow], indicator: &str, month: &str) -> i64 {
        facts
            .iter()
            .filter(|f| f.0 == indicator && f.1 == month)
            .map(|f| f.3)
            .sum()
    }
}
