//! Stored form of enterprise events: protobuf (`berdaya.enterprise.v1`). They carry no
//! personal data (members are household ids), so nothing is sealed.

mod group;
mod group_decode;
mod support;

pub use group::GroupCodec;
pub(crate) use group::assessment_pb;
pub use group_decode::decode_group;
pub use support::SupportCodec;

use berdaya_domain::Rupiah;
use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use chrono::NaiveDate;
use prost::Message;
use uuid::Uuid;

/// The proto package of enterprise events.
pub const PACKAGE: &str = "berdaya.enterprise.v1";
/// Current schema version of every enterprise event.
pub const SCHEMA_VERSION: i32 = 1;

/// Why a payload does not decode (wrapped into [`CodecError::Corrupt`] with its place).
type Decoded<T> = Result<T, String>;

fn corrupt(recorded: &RecordedEvent, reason: String) -> CodecError {
    CodecError::Corrupt {
        event_type: recorded.event_type.clone(),
        stream_id: recorded.stream_id.clone(),
        version: recorded.version,
        reason,
    }
}

/// The short message name of an enterprise event type (`KubeGroupFormed`).
fn short_name(event_type: &str) -> Decoded<&str> {
    event_type
        .strip_prefix(PACKAGE)
        .and_then(|n| n.strip_prefix('.'))
        .ok_or_else(|| format!("{event_type} is not an enterprise event"))
}

fn decode<M: Message + Default>(bytes: &[u8]) -> Decoded<M> {
    M::decode(bytes).map_err(|e| e.to_string())
}

fn date(text: &str) -> Decoded<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("date {text:?}: {e}"))
}

fn uuid(text: &str) -> Decoded<Uuid> {
    Uuid::parse_str(text).map_err(|e| format!("id {text:?}: {e}"))
}

fn uuids(texts: &[String]) -> Decoded<Vec<Uuid>> {
    texts.iter().map(|t| uuid(t)).collect()
}

fn required<T>(value: Option<T>, what: &str) -> Decoded<T> {
    value.ok_or_else(|| format!("{what} missing or unknown"))
}

/// `YYYY-MM-DD`.
pub(crate) fn text_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn texts(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn rupiah(amount: i64) -> Rupiah {
    Rupiah(amount)
}

/// An enterprise event to store, named after its proto message.
fn encoded<M: Message + prost::Name>(message: &M) -> EncodedEvent {
    berdaya_platform::codec::encoded(message, SCHEMA_VERSION)
}

#[cfg(test)]
mod tests {
    use berdaya_eventstore::pii::Vault;
    use berdaya_platform::aggregate_store::EventCodec;
    use berdaya_platform::keyring::KeyRing;

    use super::*;
    use crate::domain::tests::fixtures::every_group_event;

    #[test]
    fn every_group_event_survives_the_round_trip() {
        let vault = Vault::new([1; 32], [2; 32]);
        for event in every_group_event() {
            let stored = GroupCodec
                .encode(&event, &mut KeyRing::default(), &vault)
                .unwrap();
            assert!(stored.event_type.starts_with("berdaya.enterprise.v1."));
            let back = decode_group(&stored.event_type, &stored.payload).unwrap();
            assert_eq!(back, event, "{}", stored.event_type);
        }
        assert!(decode_group("berdaya.households.v1.HouseholdRegistered", &[]).is_err());
    }
}
