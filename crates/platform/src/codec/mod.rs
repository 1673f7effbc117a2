//! How a service's domain events become stored bytes and back, with personal data sealed
//! per data subject on the way in and opened (or read as erased) on the way out.
//!
//! A service implements [`EventCodec`] for its aggregate's events: one mapping per event
//! between the domain type and its proto message. The pieces every mapping needs are
//! here, once: [`encoded`] names the stored event after its proto message
//! ([`prost::Name`]), [`payload`] decodes one, [`sealing`] seals and opens personal data
//! per subject, and [`fields`] reads the proto's text fields back into domain values
//! (a stored event that does not read back is [`CodecError::Corrupt`]).

pub mod fields;
pub mod sealing;

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use uuid::Uuid;

use crate::keyring::KeyRing;

/// One event encoded for storage.
#[derive(Debug, Clone)]
pub struct EncodedEvent {
    /// Full protobuf message name.
    pub event_type: String,
    /// Payload schema version.
    pub schema_version: i32,
    /// Protobuf bytes, personal data sealed.
    pub payload: Vec<u8>,
}

/// Why an event could not be encoded or decoded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CodecError {
    /// The stored bytes are not a valid event (a bug or a corrupted store).
    #[error("cannot decode {event_type} at {stream_id} v{version}: {reason}")]
    Corrupt {
        /// Event type.
        event_type: String,
        /// Stream.
        stream_id: String,
        /// Version.
        version: i64,
        /// Why.
        reason: String,
    },
    /// Personal data was to be sealed for a subject whose key was destroyed.
    #[error("{field}: the personal data of this subject was erased and cannot be recorded again")]
    SubjectErased {
        /// The request field that carries the data.
        field: String,
    },
}

/// An event to store: named after its proto message, at `schema_version`.
pub fn encoded<M: prost::Message + prost::Name>(message: &M, schema_version: i32) -> EncodedEvent {
    EncodedEvent {
        event_type: M::full_name(),
        schema_version,
        payload: message.encode_to_vec(),
    }
}

/// The event's name within its proto package (`HouseholdRegistered`), as consumers and
/// codecs route on it.
pub fn short_name(event_type: &str) -> &str {
    event_type.rsplit('.').next().unwrap_or(event_type)
}

/// The stored payload decoded as `M`.
///
/// # Errors
/// [`CodecError::Corrupt`] when it is not an `M`.
pub fn payload<M: prost::Message + Default>(recorded: &RecordedEvent) -> Result<M, CodecError> {
    M::decode(recorded.payload.as_slice()).map_err(|e| fields::corrupt(recorded, e.to_string()))
}

/// Translates a service's domain events to and from stored bytes.
pub trait EventCodec: Send + Sync + 'static {
    /// The domain event type.
    type Event;

    /// The subjects whose keys are needed to decode a stored event.
    ///
    /// # Errors
    /// [`CodecError::Corrupt`] when the payload does not decode.
    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError>;

    /// Decodes a stored event; personal data whose key is erased reads as erased.
    ///
    /// # Errors
    /// [`CodecError::Corrupt`] when the payload does not decode.
    fn decode(&self, recorded: &RecordedEvent, keys: &KeyRing) -> Result<Self::Event, CodecError>;

    /// The subjects whose data an event carries in plain form (to be sealed).
    fn subjects_to_seal(&self, event: &Self::Event) -> Vec<Uuid>;

    /// The subjects whose keys an event destroys.
    fn erased_subjects(&self, _event: &Self::Event) -> Vec<Uuid> {
        Vec::new()
    }

    /// Encodes an event, sealing personal data with the subjects' keys (a subject never
    /// seen before gets a new key).
    ///
    /// # Errors
    /// [`CodecError::SubjectErased`] when data would be sealed for an erased subject.
    fn encode(
        &self,
        event: &Self::Event,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError>;
}
