//! Stored form of advocacy events: protobuf (`berdaya.advocacy.v1`), with the texts that
//! may name people sealed under the case's data subject before they are hashed and
//! stored: the reporter and their account, the person responsible, the assessment's
//! facts and every note's text. Erasing the case destroys that one key; the history and
//! its hashes stay intact and those texts read back as erased.

mod decode;
mod encode;

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::sealing::sealed_subject;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use uuid::Uuid;

use crate::domain::CaseEvent;

/// The proto package of advocacy events.
pub const PACKAGE: &str = "berdaya.advocacy.v1";
/// Schema version of every advocacy event.
pub const SCHEMA_VERSION: i32 = 1;

pub use decode::decode_event;
pub(crate) use encode::{
    affected_pb, details_pb, evidence_pb, responsible_pb, restored_pb, service_level_pb, step_pb,
};

/// Encodes and decodes advocacy case events.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseCodec;

impl EventCodec for CaseCodec {
    type Event = CaseEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        use berdaya_platform::codec::{payload, short_name};
        use prost::Name;
        let sealed = match short_name(&recorded.event_type) {
            pb::AdvocacyCaseReported::NAME => {
                payload::<pb::AdvocacyCaseReported>(recorded)?.personal
            }
            pb::CaseAssessed::NAME => payload::<pb::CaseAssessed>(recorded)?.personal,
            pb::CaseNoteAdded::NAME => payload::<pb::CaseNoteAdded>(recorded)?.personal,
            _ => None,
        };
        Ok(sealed_subject(&sealed).into_iter().collect())
    }

    fn decode(&self, recorded: &RecordedEvent, keys: &KeyRing) -> Result<CaseEvent, CodecError> {
        decode_event(recorded, keys)
    }

    fn subjects_to_seal(&self, event: &CaseEvent) -> Vec<Uuid> {
        match event {
            CaseEvent::Reported {
                subject_id,
                details: Some(_),
                ..
            }
            | CaseEvent::Assessed {
                subject_id,
                facts: Some(_),
                ..
            }
            | CaseEvent::NoteAdded {
                subject_id,
                text: Some(_),
                ..
            } => vec![*subject_id],
            _ => Vec::new(),
        }
    }

    fn erased_subjects(&self, event: &CaseEvent) -> Vec<Uuid> {
        match event {
            CaseEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
            _ => Vec::new(),
        }
    }

    fn encode(
        &self,
        event: &CaseEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        encode::event(event, keys, vault)
    }
}

#[cfg(test)]
mod tests;
