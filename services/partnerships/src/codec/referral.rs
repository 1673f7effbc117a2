//! Referral events to and from `berdaya.partnerships.v1` messages. They carry no
//! personal data (the referee is a household or group id), so nothing is sealed.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{self, corrupt};
use berdaya_platform::codec::payload;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::{encoded, outcome, short_name};
use crate::convert;
use crate::domain::{Referee, ReferralEvent};

/// Encodes and decodes referral events.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferralCodec;

fn referee(
    referee: Option<pb::referral_made::Referee>,
    recorded: &RecordedEvent,
) -> Result<Referee, CodecError> {
    use pb::referral_made::Referee as R;
    Ok(match fields::required(referee, "referee", recorded)? {
        R::HouseholdId(id) => Referee::Household(fields::uuid(&id, recorded)?),
        R::GroupId(id) => Referee::Group(fields::uuid(&id, recorded)?),
    })
}

impl EventCodec for ReferralCodec {
    type Event = ReferralEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        _keys: &KeyRing,
    ) -> Result<ReferralEvent, CodecError> {
        let r = recorded;
        Ok(match short_name(r)? {
            pb::ReferralMade::NAME => {
                let e: pb::ReferralMade = payload(r)?;
                ReferralEvent::Made {
                    referral_id: fields::uuid(&e.referral_id, r)?,
                    referee: referee(e.referee, r)?,
                    village: fields::region(&e.village_code, r)?,
                    partner_id: fields::uuid(&e.partner_id, r)?,
                    purpose: fields::enumerated(
                        e.purpose,
                        convert::referral_purpose,
                        "purpose",
                        r,
                    )?,
                    agreement_id: fields::optional_uuid(&e.agreement_id, r)?,
                    commitment_id: fields::optional_uuid(&e.commitment_id, r)?,
                    need: e.need,
                    referred_on: fields::date(&e.referred_on, r)?,
                    referred_by: e.referred_by,
                }
            }
            pb::ReferralAccepted::NAME => {
                let e: pb::ReferralAccepted = payload(r)?;
                ReferralEvent::Accepted {
                    accepted_on: fields::date(&e.accepted_on, r)?,
                    note: e.note,
                }
            }
            pb::ReferralDeclined::NAME => {
                let e: pb::ReferralDeclined = payload(r)?;
                ReferralEvent::Declined {
                    declined_on: fields::date(&e.declined_on, r)?,
                    reason: e.reason,
                }
            }
            pb::ReferralCompleted::NAME => {
                let e: pb::ReferralCompleted = payload(r)?;
                ReferralEvent::Completed {
                    completed_on: fields::date(&e.completed_on, r)?,
                    outcome: outcome(e.outcome, r)?,
                    note: e.note,
                }
            }
            pb::ReferralWithdrawn::NAME => {
                let e: pb::ReferralWithdrawn = payload(r)?;
                ReferralEvent::Withdrawn {
                    withdrawn_on: fields::date(&e.withdrawn_on, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("unknown referral event {other}"))),
        })
    }

    fn subjects_to_seal(&self, _event: &ReferralEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &ReferralEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        use pb::referral_made::Referee as R;
        Ok(match event {
            ReferralEvent::Made {
                referral_id,
                referee,
                village,
                partner_id,
                purpose,
                agreement_id,
                commitment_id,
                need,
                referred_on,
                referred_by,
            } => encoded(&pb::ReferralMade {
                referral_id: referral_id.to_string(),
                referee: Some(match referee {
                    Referee::Household(id) => R::HouseholdId(id.to_string()),
                    Referee::Group(id) => R::GroupId(id.to_string()),
                }),
                village_code: village.to_string(),
                partner_id: partner_id.to_string(),
                purpose: convert::referral_purpose_pb(*purpose) as i32,
                agreement_id: agreement_id.map(|a| a.to_string()).unwrap_or_default(),
                commitment_id: commitment_id.map(|c| c.to_string()).unwrap_or_default(),
                need: need.clone(),
                referred_on: fields::text_date(*referred_on),
                referred_by: referred_by.clone(),
            }),
            ReferralEvent::Accepted { accepted_on, note } => encoded(&pb::ReferralAccepted {
                accepted_on: fields::text_date(*accepted_on),
                note: note.clone(),
            }),
            ReferralEvent::Declined {
                declined_on,
                reason,
            } => encoded(&pb::ReferralDeclined {
                declined_on: fields::text_date(*declined_on),
                reason: reason.clone(),
            }),
            ReferralEvent::Completed {
                completed_on,
                outcome,
                note,
            } => encoded(&pb::ReferralCompleted {
                completed_on: fields::text_date(*completed_on),
                outcome: Some(convert::outcome_pb(outcome)),
                note: note.clone(),
            }),
            ReferralEvent::Withdrawn {
                withdrawn_on,
                reason,
            } => encoded(&pb::ReferralWithdrawn {
                withdrawn_on: fields::text_date(*withdrawn_on),
                reason: reason.clone(),
            }),
        })
    }
}
