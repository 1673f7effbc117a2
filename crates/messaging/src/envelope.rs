//! The event as every consumer sees it, whichever way it came: from NATS headers and
//! payload, or straight from another store's log in the embedded mode.

use async_nats::HeaderMap;
use berdaya_eventstore::{EventMetadata, RecordedEvent, category_of};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Header names the relay sets on every message. Routing needs no payload decoding.
pub mod headers {
    /// JetStream's de-duplication id: the event id.
    pub const MSG_ID: &str = "Nats-Msg-Id";
    /// The event id (UUIDv7).
    pub const EVENT_ID: &str = "Berdaya-Event-Id";
    /// The full protobuf message name, e.g. `berdaya.households.v1.HouseholdRegistered`.
    pub const EVENT_TYPE: &str = "Berdaya-Event-Type";
    /// Payload schema version, for upcasting.
    pub const SCHEMA_VERSION: &str = "Berdaya-Schema-Version";
    /// The bounded context that recorded the event, e.g. `households`.
    pub const CONTEXT: &str = "Berdaya-Context";
    /// The aggregate stream, e.g. `household-0190c...`.
    pub const STREAM_ID: &str = "Berdaya-Stream-Id";
    /// The stream's category (aggregate type), e.g. `household`: with the event type,
    /// what consumers route by (absent from events relayed before it existed; read then
    /// from the stream id).
    pub const CATEGORY: &str = "Berdaya-Category";
    /// The event's version within its stream (1, 2, 3, ...).
    pub const STREAM_VERSION: &str = "Berdaya-Stream-Version";
    /// The Kemendagri region code the event concerns.
    pub const REGION: &str = "Berdaya-Region";
    /// When the source store committed it (RFC 3339, microseconds).
    pub const RECORDED_AT: &str = "Berdaya-Recorded-At";
    /// The event's global position in its service's log, so a consumer can say how far
    /// it has got (absent from events relayed before it existed).
    pub const LOG_POSITION: &str = "Berdaya-Log-Position";
    /// Who acted.
    pub const ACTOR: &str = "Berdaya-Actor";
    /// The role the actor acted in.
    pub const ROLE: &str = "Berdaya-Role";
    /// Groups the events of one business request.
    pub const CORRELATION_ID: &str = "Berdaya-Correlation-Id";
    /// The message that caused this one.
    pub const CAUSATION_ID: &str = "Berdaya-Causation-Id";
    /// W3C trace context of the command that recorded the event.
    pub const TRACEPARENT: &str = "traceparent";
}

/// One event delivered to a consumer: the stored payload plus everything the log knows
/// about it. Handlers decode `payload` with the source context's codec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventEnvelope {
    /// The bounded context that recorded it, e.g. `households`.
    pub context: String,
    /// Unique id of the event: the idempotency key of every consumer.
    pub event_id: Uuid,
    /// Full protobuf message name.
    pub event_type: String,
    /// Payload schema version.
    pub schema_version: i32,
    /// The aggregate stream.
    pub stream_id: String,
    /// The stream's category (aggregate type), e.g. `household`. Consumers route by it
    /// and the event type, never by the shape of the stream id.
    pub category: String,
    /// Version within the stream.
    pub version: i64,
    /// When the source store committed it.
    pub recorded_at: DateTime<Utc>,
    /// Its global position in the source context's log (0 when unknown: relayed by a
    /// version that did not send it).
    pub position: i64,
    /// Actor, role, region, correlation, causation and `traceparent` (the idempotency
    /// key of the command stays in the source log and is empty here).
    pub metadata: EventMetadata,
    /// The protobuf payload exactly as stored (personal fields still sealed).
    pub payload: Vec<u8>,
}

/// A message that is not a Berdaya event: a header is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a berdaya event: header {header} {problem}")]
pub struct EnvelopeError {
    /// The header at fault.
    pub header: &'static str,
    /// What is wrong.
    pub problem: &'static str,
}

impl EventEnvelope {
    /// True for an event of one of `categories` whose type is a message of the protobuf
    /// `package` (`berdaya.households.v1`): how a consumer routes, without decoding and
    /// without reading the stream id.
    pub fn is_in(&self, package: &str, categories: &[&str]) -> bool {
        categories.contains(&self.category.as_str())
            && self
                .event_type
                .strip_prefix(package)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|name| !name.is_empty() && !name.contains('.'))
    }

    /// The envelope of an event read from `context`'s own log.
    pub fn from_recorded(context: &str, event: &RecordedEvent) -> Self {
        Self {
            context: context.to_owned(),
            event_id: event.event_id,
            event_type: event.event_type.clone(),
            schema_version: event.schema_version,
            stream_id: event.stream_id.clone(),
            category: event.category.clone(),
            version: event.version,
            recorded_at: event.recorded_at,
            position: event.cursor.position,
            metadata: EventMetadata {
                idempotency_key: String::new(),
                ..event.metadata.clone()
            },
            payload: event.payload.clone(),
        }
    }

    /// The headers the relay publishes the event with.
    pub fn to_headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        let id = self.event_id.to_string();
        map.insert(headers::MSG_ID, id.as_str());
        map.insert(headers::EVENT_ID, id);
        map.insert(headers::EVENT_TYPE, self.event_type.as_str());
        map.insert(headers::SCHEMA_VERSION, self.schema_version.to_string());
        map.insert(headers::CONTEXT, self.context.as_str());
        map.insert(headers::STREAM_ID, self.stream_id.as_str());
        map.insert(headers::CATEGORY, self.category.as_str());
        map.insert(headers::STREAM_VERSION, self.version.to_string());
        map.insert(
            headers::RECORDED_AT,
            self.recorded_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        );
        if self.position > 0 {
            map.insert(headers::LOG_POSITION, self.position.to_string());
        }
        let optional = [
            (headers::REGION, &self.metadata.region),
            (headers::ACTOR, &self.metadata.actor),
            (headers::ROLE, &self.metadata.role),
            (headers::CORRELATION_ID, &self.metadata.correlation_id),
            (headers::CAUSATION_ID, &self.metadata.causation_id),
            (headers::TRACEPARENT, &self.metadata.traceparent),
        ];
        for (name, value) in optional {
            if !value.is_empty() {
                map.insert(name, value.as_str());
            }
        }
        map
    }

    /// Reads an envelope back from a message's headers and payload.
    ///
    /// # Errors
    /// [`EnvelopeError`] naming the first missing or malformed required header.
    pub fn from_message(
        headers: Option<&HeaderMap>,
        payload: &[u8],
    ) -> Result<Self, EnvelopeError> {
        let empty = HeaderMap::new();
        let map = headers.unwrap_or(&empty);
        let text = |name: &'static str| map.get(name).map(|v| v.as_str().to_owned());
        let required = |name: &'static str| {
            text(name).filter(|v| !v.is_empty()).ok_or(EnvelopeError {
                header: name,
                problem: "is missing",
            })
        };
        let malformed = |header| EnvelopeError {
            header,
            problem: "is malformed",
        };
        let event_id = required(headers::EVENT_ID)?
            .parse::<Uuid>()
            .map_err(|_| malformed(headers::EVENT_ID))?;
        let schema_version = required(headers::SCHEMA_VERSION)?
            .parse::<i32>()
            .map_err(|_| malformed(headers::SCHEMA_VERSION))?;
        let version = required(headers::STREAM_VERSION)?
            .parse::<i64>()
            .map_err(|_| malformed(headers::STREAM_VERSION))?;
        let recorded_at = DateTime::parse_from_rfc3339(&required(headers::RECORDED_AT)?)
            .map_err(|_| malformed(headers::RECORDED_AT))?
            .with_timezone(&Utc);
        let position = match text(headers::LOG_POSITION) {
            Some(value) => value
                .parse::<i64>()
                .map_err(|_| malformed(headers::LOG_POSITION))?,
            None => 0,
        };
        let stream_id = required(headers::STREAM_ID)?;
        let category = text(headers::CATEGORY)
            .filter(|category| !category.is_empty())
            .unwrap_or_else(|| category_of(&stream_id).to_owned());
        Ok(Self {
            context: required(headers::CONTEXT)?,
            event_id,
            event_type: required(headers::EVENT_TYPE)?,
            schema_version,
            stream_id,
            category,
            version,
            recorded_at,
            position,
            metadata: EventMetadata {
                actor: text(headers::ACTOR).unwrap_or_default(),
                role: text(headers::ROLE).unwrap_or_default(),
                region: text(headers::REGION).unwrap_or_default(),
                correlation_id: text(headers::CORRELATION_ID).unwrap_or_default(),
                causation_id: text(headers::CAUSATION_ID).unwrap_or_default(),
                idempotency_key: String::new(),
                traceparent: text(headers::TRACEPARENT).unwrap_or_default(),
            },
            payload: payload.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berdaya_eventstore::LogCursor;

    fn recorded() -> RecordedEvent {
        RecordedEvent {
            cursor: LogCursor {
                xid: 7,
                position: 3,
            },
            stream_id: "household-1".into(),
            category: "household".into(),
            version: 2,
            event_id: Uuid::now_v7(),
            event_type: "berdaya.households.v1.HouseholdRegistered".into(),
            schema_version: 1,
            payload: vec![1, 2, 3],
            metadata: EventMetadata {
                actor: "caseworker-1".into(),
                role: "caseworker".into(),
                region: "35.78.01.1001".into(),
                correlation_id: "corr".into(),
                causation_id: String::new(),
                idempotency_key: "secret-ish".into(),
                traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
            },
            recorded_at: DateTime::from_timestamp_micros(1_760_000_000_123_456).unwrap(),
            prev_hash: [0; 32],
            hash: [1; 32],
        }
    }

    #[test]
    fn headers_round_trip() {
        let envelope = EventEnvelope::from_recorded("households", &recorded());
        assert!(envelope.metadata.idempotency_key.is_empty());
        let map = envelope.to_headers();
        assert_eq!(
            map.get(headers::MSG_ID).unwrap().as_str(),
            envelope.event_id.to_string()
        );
        assert!(map.get(headers::CAUSATION_ID).is_none());
        let back = EventEnvelope::from_message(Some(&map), &envelope.payload).unwrap();
        assert_eq!(back, envelope);
        assert_eq!(back.position, 3, "the log position travels too");
    }

    #[test]
    fn an_event_relayed_without_its_log_position_still_reads() {
        let envelope = EventEnvelope::from_recorded("households", &recorded());
        let mut map = envelope.to_headers();
        map.insert(headers::LOG_POSITION, "");
        assert!(EventEnvelope::from_message(Some(&map), b"").is_err());
        let mut old = async_nats::HeaderMap::new();
        for (name, values) in envelope.to_headers().iter() {
            if name.to_string() != headers::LOG_POSITION {
                old.insert(name.clone(), values[0].clone());
            }
        }
        let back = EventEnvelope::from_message(Some(&old), &envelope.payload).unwrap();
        assert_eq!(back.position, 0);
    }

    #[test]
    fn routing_reads_the_category_and_the_package() {
        let mut event = EventEnvelope::from_recorded("households", &recorded());
        assert!(event.is_in("berdaya.households.v1", &["savings", "household"]));
        assert!(!event.is_in("berdaya.households.v1", &["savings"]));
        assert!(!event.is_in("berdaya.households", &["household"]));
        assert!(!event.is_in("berdaya.capacity.v1", &["household"]));
        event.category = "savings".into();
        assert!(
            event.is_in("berdaya.households.v1", &["savings"]),
            "the category decides, not the stream id"
        );
    }

    #[test]
    fn an_event_relayed_without_its_category_takes_its_streams() {
        let mut recorded = recorded();
        recorded.stream_id = "savings-0190c3a4-0000-7000-8000-000000000001".into();
        recorded.category = "savings".into();
        let envelope = EventEnvelope::from_recorded("households", &recorded);
        assert_eq!(
            envelope
                .to_headers()
                .get(headers::CATEGORY)
                .unwrap()
                .as_str(),
            "savings"
        );
        let mut old = async_nats::HeaderMap::new();
        for (name, values) in envelope.to_headers().iter() {
            if name.to_string() != headers::CATEGORY {
                old.insert(name.clone(), values[0].clone());
            }
        }
        let back = EventEnvelope::from_message(Some(&old), &envelope.payload).unwrap();
        assert_eq!(back, envelope, "the category read from the stream id");
    }

    #[test]
    fn a_foreign_message_is_refused_with_the_missing_header() {
        let error = EventEnvelope::from_message(None, b"hello").unwrap_err();
        assert_eq!(error.header, headers::EVENT_ID);
        let mut map = EventEnvelope::from_recorded("households", &recorded()).to_headers();
        map.insert(headers::STREAM_VERSION, "two");
        let error = EventEnvelope::from_message(Some(&map), b"").unwrap_err();
        assert_eq!(error.header, headers::STREAM_VERSION);
    }
}
