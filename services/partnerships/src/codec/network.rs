//! Network events to and from `berdaya.partnerships.v1` messages. They carry no personal
//! data (members are partner ids), so nothing is sealed.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{self, corrupt};
use berdaya_platform::codec::payload;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::{encoded, short_name};
use crate::convert;
use crate::domain::NetworkEvent;

/// Encodes and decodes network events.
#[derive(Debug, Clone, Copy, Default)]
pub struct NetworkCodec;

fn count(value: i32, recorded: &RecordedEvent) -> Result<u32, CodecError> {
    u32::try_from(value).map_err(|e| corrupt(recorded, format!("attendance {value}: {e}")))
}

impl EventCodec for NetworkCodec {
    type Event = NetworkEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        _keys: &KeyRing,
    ) -> Result<NetworkEvent, CodecError> {
        let r = recorded;
        Ok(match short_name(r)? {
            pb::NetworkFormed::NAME => {
                let e: pb::NetworkFormed = payload(r)?;
                NetworkEvent::Formed {
                    network_id: fields::uuid(&e.network_id, r)?,
                    kind: fields::enumerated(e.kind, convert::network_kind, "kind", r)?,
                    name: e.name,
                    region: fields::region(&e.region_code, r)?,
                    purpose: e.purpose,
                    formed_on: fields::date(&e.formed_on, r)?,
                    founding_partner_ids: fields::uuids(&e.founding_partner_ids, r)?,
                }
            }
            pb::NetworkMemberJoined::NAME => {
                let e: pb::NetworkMemberJoined = payload(r)?;
                NetworkEvent::MemberJoined {
                    partner_id: fields::uuid(&e.partner_id, r)?,
                    joined_on: fields::date(&e.joined_on, r)?,
                }
            }
            pb::NetworkMemberLeft::NAME => {
                let e: pb::NetworkMemberLeft = payload(r)?;
                NetworkEvent::MemberLeft {
                    partner_id: fields::uuid(&e.partner_id, r)?,
                    left_on: fields::date(&e.left_on, r)?,
                    reason: e.reason,
                }
            }
            pb::JointActionPlanned::NAME => {
                let e: pb::JointActionPlanned = payload(r)?;
                NetworkEvent::ActionPlanned {
                    action_id: fields::uuid(&e.action_id, r)?,
                    title: e.title,
                    description: e.description,
                    planned_on: fields::date(&e.planned_on, r)?,
                    location: e.location,
                }
            }
            pb::JointActionHeld::NAME => {
                let e: pb::JointActionHeld = payload(r)?;
                NetworkEvent::ActionHeld {
                    action_id: fields::uuid(&e.action_id, r)?,
                    held_on: fields::date(&e.held_on, r)?,
                    participant_partner_ids: fields::uuids(&e.participant_partner_ids, r)?,
                    attendance: count(e.attendance, r)?,
                    outcome: e.outcome,
                }
            }
            pb::JointActionEvaluated::NAME => {
                let e: pb::JointActionEvaluated = payload(r)?;
                NetworkEvent::ActionEvaluated {
                    action_id: fields::uuid(&e.action_id, r)?,
                    evaluated_on: fields::date(&e.evaluated_on, r)?,
                    result: fields::enumerated(e.result, convert::evaluation_result, "result", r)?,
                    findings: e.findings,
                    follow_up: e.follow_up,
                }
            }
            pb::JointActionCancelled::NAME => {
                let e: pb::JointActionCancelled = payload(r)?;
                NetworkEvent::ActionCancelled {
                    action_id: fields::uuid(&e.action_id, r)?,
                    cancelled_on: fields::date(&e.cancelled_on, r)?,
                    reason: e.reason,
                }
            }
            pb::NetworkDissolved::NAME => {
                let e: pb::NetworkDissolved = payload(r)?;
                NetworkEvent::Dissolved {
                    dissolved_on: fields::date(&e.dissolved_on, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("unknown network event {other}"))),
        })
    }

    fn subjects_to_seal(&self, _event: &NetworkEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &NetworkEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            NetworkEvent::Formed {
                network_id,
                kind,
                name,
                region,
                purpose,
                formed_on,
                founding_partner_ids,
            } => encoded(&pb::NetworkFormed {
                network_id: network_id.to_string(),
                kind: convert::network_kind_pb(*kind) as i32,
                name: name.clone(),
                region_code: region.to_string(),
                purpose: purpose.clone(),
                formed_on: fields::text_date(*formed_on),
                founding_partner_ids: fields::uuid_texts(founding_partner_ids),
            }),
            NetworkEvent::MemberJoined {
                partner_id,
                joined_on,
            } => encoded(&pb::NetworkMemberJoined {
                partner_id: partner_id.to_string(),
                joined_on: fields::text_date(*joined_on),
            }),
            NetworkEvent::MemberLeft {
                partner_id,
                left_on,
                reason,
            } => encoded(&pb::NetworkMemberLeft {
                partner_id: partner_id.to_string(),
                left_on: fields::text_date(*left_on),
                reason: reason.clone(),
            }),
            NetworkEvent::ActionPlanned {
                action_id,
                title,
                description,
                planned_on,
                location,
            } => encoded(&pb::JointActionPlanned {
                action_id: action_id.to_string(),
                title: title.clone(),
                description: description.clone(),
                planned_on: fields::text_date(*planned_on),
                location: location.clone(),
            }),
            NetworkEvent::ActionHeld {
                action_id,
                held_on,
                participant_partner_ids,
                attendance,
                outcome,
            } => encoded(&pb::JointActionHeld {
                action_id: action_id.to_string(),
                held_on: fields::text_date(*held_on),
                participant_partner_ids: fields::uuid_texts(participant_partner_ids),
                attendance: i32::try_from(*attendance).unwrap_or(i32::MAX),
                outcome: outcome.clone(),
            }),
            NetworkEvent::ActionEvaluated {
                action_id,
                evaluated_on,
                result,
                findings,
                follow_up,
            } => encoded(&pb::JointActionEvaluated {
                action_id: action_id.to_string(),
                evaluated_on: fields::text_date(*evaluated_on),
                result: convert::evaluation_result_pb(*result) as i32,
                findings: findings.clone(),
                follow_up: follow_up.clone(),
            }),
            NetworkEvent::ActionCancelled {
                action_id,
                cancelled_on,
                reason,
            } => encoded(&pb::JointActionCancelled {
                action_id: action_id.to_string(),
                cancelled_on: fields::text_date(*cancelled_on),
                reason: reason.clone(),
            }),
            NetworkEvent::Dissolved {
                dissolved_on,
                reason,
            } => encoded(&pb::NetworkDissolved {
                dissolved_on: fields::text_date(*dissolved_on),
                reason: reason.clone(),
            }),
        })
    }
}
