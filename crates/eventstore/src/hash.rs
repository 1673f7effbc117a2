//! The per-stream hash chain that makes the log tamper-evident.
//!
//! Each event's hash is SHA-256 over, in this order:
//!
//! 1. the previous event's hash in the same stream (32 raw bytes; [`GENESIS`] for
//!    version 1), then
//! 2. every field framed as a big-endian `u64` byte length followed by the bytes:
//!    stream id (UTF-8), version (`i64` big-endian), event id (16 bytes), event type
//!    (UTF-8), schema version (`i32` big-endian), payload, the metadata fields in
//!    declaration order (actor, role, region, correlation id, causation id, idempotency
//!    key, traceparent; UTF-8 each) and recorded-at (`i64` microseconds since the Unix
//!    epoch, big-endian).
//!
//! The framing makes the encoding injective: no two different events hash the same bytes.
//! Personal data is sealed before it reaches the payload, so destroying a subject's key
//! never changes a hash. An auditor can recompute every hash from the stored columns
//! alone with this description.
//!
//! The stream's category, stored beside each event for routing, is not hashed: it is
//! part of the stream id already, and events stored before the category column keep
//! the hashes they were written with.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::model::{ChainReport, EventMetadata, RecordedEvent};

/// The previous hash of the first event of every stream: 32 zero bytes.
pub const GENESIS: [u8; 32] = [0; 32];

/// Feeds one length-prefixed field into the hasher.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

/// The hash of one event, chained to `prev_hash` (see the module docs for the encoding).
#[allow(clippy::too_many_arguments)]
pub fn event_hash(
    prev_hash: &[u8; 32],
    stream_id: &str,
    version: i64,
    event_id: Uuid,
    event_type: &str,
    schema_version: i32,
    payload: &[u8],
    metadata: &EventMetadata,
    recorded_at: DateTime<Utc>,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash);
    field(&mut hasher, stream_id.as_bytes());
    field(&mut hasher, &version.to_be_bytes());
    field(&mut hasher, event_id.as_bytes());
    field(&mut hasher, event_type.as_bytes());
    field(&mut hasher, &schema_version.to_be_bytes());
    field(&mut hasher, payload);
    field(&mut hasher, metadata.actor.as_bytes());
    field(&mut hasher, metadata.role.as_bytes());
    field(&mut hasher, metadata.region.as_bytes());
    field(&mut hasher, metadata.correlation_id.as_bytes());
    field(&mut hasher, metadata.causation_id.as_bytes());
    field(&mut hasher, metadata.idempotency_key.as_bytes());
    field(&mut hasher, metadata.traceparent.as_bytes());
    field(&mut hasher, &recorded_at.timestamp_micros().to_be_bytes());
    hasher.finalize().into()
}

/// Recomputes a recorded event's hash from its stored content and a given previous hash.
pub fn recompute(prev_hash: &[u8; 32], event: &RecordedEvent) -> [u8; 32] {
    event_hash(
        prev_hash,
        &event.stream_id,
        event.version,
        event.event_id,
        &event.event_type,
        event.schema_version,
        &event.payload,
        &event.metadata,
        event.recorded_at,
    )
}

/// Checks a stream's events (all of them, in version order) against each other and
/// against the stream index entry `(version, head_hash)` (`None` when the index has no
/// entry for the stream, which counts as version 0 with the [`GENESIS`] head).
///
/// The report's `first_broken_version` is the first version that cannot be vouched for:
/// - a version missing from the 1, 2, 3, ... sequence (an event removed) is reported as
///   that missing version;
/// - an event whose stored previous hash is not the recomputed hash of its predecessor, or
///   whose stored hash is not the recomputed hash of its content, is reported as its own
///   version;
/// - an index version that differs from the last event's version (events removed from or
///   added to the tail) is reported as the smaller of the two plus one;
/// - an index head that differs from the recomputed head is reported as the last version.
///
/// `head_hash` is the head recomputed from the stored content alone.
pub fn verify_chain(
    stream_id: &str,
    events: &[RecordedEvent],
    index: Option<(i64, [u8; 32])>,
) -> ChainReport {
    let mut first_broken_version = None;
    let mut running = GENESIS;
    let mut expected = 1_i64;
    for event in events {
        if first_broken_version.is_none() {
            if event.stream_id != stream_id || event.version != expected {
                first_broken_version = Some(expected);
            } else if event.prev_hash != running {
                first_broken_version = Some(event.version);
            }
        }
        let recomputed = recompute(&running, event);
        if first_broken_version.is_none() && recomputed != event.hash {
            first_broken_version = Some(event.version);
        }
        running = recomputed;
        expected = event.version.saturating_add(1);
    }
    let last_version = events.last().map_or(0, |event| event.version);
    let (index_version, index_head) = index.unwrap_or((0, GENESIS));
    if first_broken_version.is_none() {
        if index_version != last_version {
            first_broken_version = Some(index_version.min(last_version).saturating_add(1));
        } else if index_head != running {
            first_broken_version = Some(last_version.max(1));
        }
    }
    ChainReport {
        stream_id: stream_id.to_owned(),
        events: events.len() as i64,
        first_broken_version,
        head_hash: running,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LogCursor;

    fn chain(n: i64) -> Vec<RecordedEvent> {
        let metadata = EventMetadata {
            actor: "caseworker-1".into(),
            role: "caseworker".into(),
            region: "33.73.04.1001".into(),
            correlation_id: "corr".into(),
            causation_id: "cause".into(),
            idempotency_key: "key".into(),
            traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
        };
        let mut prev = GENESIS;
        (1..=n)
            .map(|version| {
                let mut event = RecordedEvent {
                    cursor: LogCursor {
                        xid: 0,
                        position: version,
                    },
                    stream_id: "household-1".into(),
                    category: "household".into(),
                    version,
                    event_id: Uuid::now_v7(),
                    event_type: "berdaya.households.v1.Test".into(),
                    schema_version: 1,
                    payload: vec![version as u8; 8],
                    metadata: metadata.clone(),
                    recorded_at: DateTime::from_timestamp_micros(1_700_000_000_000_000 + version)
                        .unwrap(),
                    prev_hash: prev,
                    hash: [0; 32],
                };
                event.hash = recompute(&prev, &event);
                prev = event.hash;
                event
            })
            .collect()
    }

    fn head(events: &[RecordedEvent]) -> Option<(i64, [u8; 32])> {
        events.last().map(|e| (e.version, e.hash))
    }

    #[test]
    fn intact_chain_verifies() {
        let events = chain(4);
        let report = verify_chain("household-1", &events, head(&events));
        assert!(report.is_intact());
        assert_eq!(report.events, 4);
        assert_eq!(report.head_hash, events[3].hash);
        let empty = verify_chain("household-1", &[], None);
        assert!(empty.is_intact());
        assert_eq!(empty.head_hash, GENESIS);
    }

    #[test]
    fn every_field_changes_the_hash() {
        let events = chain(1);
        let base = recompute(&GENESIS, &events[0]);
        let mut other = events[0].clone();
        other.metadata.traceparent.push('x');
        assert_ne!(recompute(&GENESIS, &other), base);
        let mut other = events[0].clone();
        other.recorded_at += chrono::Duration::microseconds(1);
        assert_ne!(recompute(&GENESIS, &other), base);
        // Moving a byte from one field to the next must change the hash (framing).
        let mut other = events[0].clone();
        other.metadata.actor = "caseworker-".into();
        other.metadata.role = "1caseworker".into();
        assert_ne!(recompute(&GENESIS, &other), base);
    }

    #[test]
    fn tampered_payload_byte_is_detected() {
        let mut events = chain(4);
        let index = head(&events);
        events[1].payload[0] ^= 0x01;
        let report = verify_chain("household-1", &events, index);
        assert_eq!(report.first_broken_version, Some(2));
    }

    #[test]
    fn removed_middle_event_is_detected() {
        let mut events = chain(4);
        let index = head(&events);
        events.remove(1);
        let report = verify_chain("household-1", &events, index);
        assert_eq!(report.first_broken_version, Some(2));
    }

    #[test]
    fn wrong_prev_hash_is_detected() {
        let mut events = chain(4);
        let index = head(&events);
        events[2].prev_hash = [7; 32];
        // Even with a hash recomputed over the forged link, the link itself is checked.
        events[2].hash = recompute(&[7; 32], &events[2]);
        let report = verify_chain("household-1", &events, index);
        assert_eq!(report.first_broken_version, Some(3));
    }

    #[test]
    fn removed_tail_and_wrong_index_head_are_detected() {
        let mut events = chain(4);
        let index = head(&events);
        events.pop();
        let report = verify_chain("household-1", &events, index);
        assert_eq!(report.first_broken_version, Some(4));

        let events = chain(3);
        let report = verify_chain("household-1", &events, Some((3, [9; 32])));
        assert_eq!(report.first_broken_version, Some(3));

        let report = verify_chain("household-1", &events, None);
        assert_eq!(report.first_broken_version, Some(1));
    }
}
