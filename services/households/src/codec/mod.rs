//! Stored form of household events: protobuf (`berdaya.households.v1`), with personal data
//! sealed per data subject before it is hashed and stored.

mod decode;
mod encode;
mod personal;

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
pub(crate) use berdaya_platform::codec::fields::{
    corrupt, date, optional, region, text_date, uuid,
};
use berdaya_platform::codec::sealing::sealed_subject;
use berdaya_platform::keyring::KeyRing;
use uuid::Uuid;

use crate::domain::HouseholdEvent;
use decode::{Proto, parse_proto};
pub(crate) use encode::encoded;

/// The proto package of household events.
pub const PACKAGE: &str = "berdaya.households.v1";
/// Schema version of household events whose layout never changed.
pub const SCHEMA_VERSION: i32 = 1;
/// Schema version of `HouseholdRegistered`, `KkNumberChanged` and `MemberRemoved` since
/// they seal the KK number and the removal note (version 1 carried them in clear, and
/// still decodes).
pub const SEALED_KK_SCHEMA_VERSION: i32 = 2;

/// Encodes and decodes household events.
#[derive(Debug, Clone, Copy, Default)]
pub struct HouseholdCodec;

impl EventCodec for HouseholdCodec {
    type Event = HouseholdEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(match parse_proto(recorded)? {
            Proto::Registered(e) => sealed_subject(&e.personal)
                .into_iter()
                .chain(sealed_subject(&e.sealed_kk))
                .chain(e.members.iter().filter_map(|m| sealed_subject(&m.personal)))
                .collect(),
            Proto::MemberRemoved(e) => sealed_subject(&e.sealed_note).into_iter().collect(),
            Proto::KkNumberChanged(e) => sealed_subject(&e.personal).into_iter().collect(),
            Proto::MemberAdded(e) => e
                .member
                .as_ref()
                .and_then(|m| sealed_subject(&m.personal))
                .into_iter()
                .collect(),
            Proto::Moved(e) => sealed_subject(&e.personal).into_iter().collect(),
            _ => Vec::new(),
        })
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        keys: &KeyRing,
    ) -> Result<HouseholdEvent, CodecError> {
        decode::event(recorded, keys)
    }

    fn subjects_to_seal(&self, event: &HouseholdEvent) -> Vec<Uuid> {
        match event {
            HouseholdEvent::Registered {
                subject_id,
                members,
                ..
            } => std::iter::once(*subject_id)
                .chain(members.iter().map(|m| m.subject_id))
                .collect(),
            HouseholdEvent::MemberAdded { member, .. } => vec![member.subject_id],
            HouseholdEvent::Moved { subject_id, .. }
            | HouseholdEvent::KkNumberChanged { subject_id, .. } => vec![*subject_id],
            HouseholdEvent::MemberRemoved {
                subject_id, note, ..
            } if note.as_ref().is_some_and(|n| !n.is_empty()) => vec![*subject_id],
            _ => Vec::new(),
        }
    }

    fn erased_subjects(&self, event: &HouseholdEvent) -> Vec<Uuid> {
        match event {
            HouseholdEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
            _ => Vec::new(),
        }
    }

    fn encode(
        &self,
        event: &HouseholdEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        encode::event(event, keys, vault)
    }
}

#[cfg(test)]
mod legacy_tests;
