//! Individual support events to and from `berdaya.enterprise.v1` messages.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::{corrupt, date, decode, encoded, required, short_name, text_date, uuid};
use crate::convert;
use crate::domain::{Apprenticeship, MentoringVisit, Session, SupportEvent};

/// Encodes and decodes individual support events.
#[derive(Debug, Clone, Copy, Default)]
pub struct SupportCodec;

impl EventCodec for SupportCodec {
    type Event = SupportEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        _keys: &KeyRing,
    ) -> Result<SupportEvent, CodecError> {
        decode_support(&recorded.event_type, &recorded.payload).map_err(|r| corrupt(recorded, r))
    }

    fn subjects_to_seal(&self, _event: &SupportEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &SupportEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            SupportEvent::SessionRecorded(s) => encoded(&pb::SupportSessionRecorded {
                session_id: s.session_id.to_string(),
                kind: convert::support_kind_pb(s.kind) as i32,
                held_on: text_date(s.held_on),
                provider: s.provider.clone(),
                topic: s.topic.clone(),
                hours: i32::try_from(s.hours).unwrap_or(i32::MAX),
                notes: s.notes.clone(),
            }),
            SupportEvent::ApprenticeshipStarted(a) => encoded(&pb::ApprenticeshipStarted {
                apprenticeship_id: a.apprenticeship_id.to_string(),
                host_business: a.host_business.clone(),
                trade: a.trade.clone(),
                starts_on: text_date(a.starts_on),
                ends_on: text_date(a.ends_on),
            }),
            SupportEvent::ApprenticeshipEnded {
                apprenticeship_id,
                ended_on,
                outcome,
                notes,
            } => encoded(&pb::ApprenticeshipEnded {
                apprenticeship_id: apprenticeship_id.to_string(),
                ended_on: text_date(*ended_on),
                outcome: convert::outcome_pb(*outcome) as i32,
                notes: notes.clone(),
            }),
            SupportEvent::VisitRecorded(v) => encoded(&pb::MentoringVisitRecorded {
                visit_id: v.visit_id.to_string(),
                facilitator_id: v.facilitator_id.clone(),
                visited_on: text_date(v.visited_on),
                notes: v.notes.clone(),
                next_steps: v.next_steps.clone(),
            }),
        })
    }
}

fn decode_support(event_type: &str, bytes: &[u8]) -> Result<SupportEvent, String> {
    Ok(match short_name(event_type)? {
        pb::SupportSessionRecorded::NAME => {
            let e: pb::SupportSessionRecorded = decode(bytes)?;
            SupportEvent::SessionRecorded(Session {
                session_id: uuid(&e.session_id)?,
                kind: required(convert::support_kind(e.kind), "kind")?,
                held_on: date(&e.held_on)?,
                provider: e.provider,
                topic: e.topic,
                hours: u32::try_from(e.hours).map_err(|e| e.to_string())?,
                notes: e.notes,
            })
        }
        pb::ApprenticeshipStarted::NAME => {
            let e: pb::ApprenticeshipStarted = decode(bytes)?;
            SupportEvent::ApprenticeshipStarted(Apprenticeship {
                apprenticeship_id: uuid(&e.apprenticeship_id)?,
                host_business: e.host_business,
                trade: e.trade,
                starts_on: date(&e.starts_on)?,
                ends_on: date(&e.ends_on)?,
                ended: None,
            })
        }
        pb::ApprenticeshipEnded::NAME => {
            let e: pb::ApprenticeshipEnded = decode(bytes)?;
            SupportEvent::ApprenticeshipEnded {
                apprenticeship_id: uuid(&e.apprenticeship_id)?,
                ended_on: date(&e.ended_on)?,
                outcome: required(convert::outcome(e.outcome), "outcome")?,
                notes: e.notes,
            }
        }
        pb::MentoringVisitRecorded::NAME => {
            let e: pb::MentoringVisitRecorded = decode(bytes)?;
            SupportEvent::VisitRecorded(MentoringVisit {
                visit_id: uuid(&e.visit_id)?,
                facilitator_id: e.facilitator_id,
                visited_on: date(&e.visited_on)?,
                notes: e.notes,
                next_steps: e.next_steps,
            })
        }
        other => return Err(format!("unknown support event {other}")),
    })
}
