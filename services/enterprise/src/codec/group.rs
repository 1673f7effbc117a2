//! KUBE group events to and from `berdaya.enterprise.v1` messages.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use uuid::Uuid;

use super::{corrupt, encoded, text_date, texts};
use crate::convert;
use crate::domain::{Assessment, GroupEvent, ProfitSplit};

/// Encodes and decodes KUBE group events.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupCodec;

impl EventCodec for GroupCodec {
    type Event = GroupEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(&self, recorded: &RecordedEvent, _keys: &KeyRing) -> Result<GroupEvent, CodecError> {
        super::decode_group(&recorded.event_type, &recorded.payload)
            .map_err(|r| corrupt(recorded, r))
    }

    fn subjects_to_seal(&self, _event: &GroupEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &GroupEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(encode_group(event))
    }
}

fn split_pb(split: &ProfitSplit) -> pb::ProfitSplit {
    pb::ProfitSplit {
        capital: split.capital.0,
        member_welfare: split.member_welfare.0,
        iks: split.iks.0,
    }
}

/// The proto form of an assessment (shared with the API view).
pub(crate) fn assessment_pb(a: &Assessment) -> pb::Assessment {
    pb::Assessment {
        assessor: a.assessor.clone(),
        assessed_on: text_date(a.assessed_on),
        evidence: a.evidence.clone(),
        scores: a
            .scores
            .iter()
            .map(|s| pb::CriterionScore {
                criterion: convert::criterion_pb(s.criterion) as i32,
                score: i32::from(s.score),
                note: s.note.clone(),
            })
            .collect(),
    }
}

fn encode_group(event: &GroupEvent) -> EncodedEvent {
    use GroupEvent as E;
    match event {
        E::Formed {
            group_id,
            name,
            village,
            business_type,
            sector,
            formed_on,
            members,
            facilitator,
        } => encoded(&pb::KubeGroupFormed {
            group_id: group_id.to_string(),
            name: name.clone(),
            village_code: village.to_string(),
            business_type: convert::business_type_pb(*business_type) as i32,
            sector: sector.clone(),
            formed_on: text_date(*formed_on),
            member_household_ids: texts(members),
            facilitator_id: facilitator.clone().unwrap_or_default(),
        }),
        E::MemberJoined {
            household_id,
            joined_on,
        } => encoded(&pb::MemberJoined {
            household_id: household_id.to_string(),
            joined_on: text_date(*joined_on),
        }),
        E::MemberLeft {
            household_id,
            left_on,
            reason,
            note,
            handovers,
        } => encoded(&pb::MemberLeft {
            household_id: household_id.to_string(),
            left_on: text_date(*left_on),
            reason: convert::leave_reason_pb(*reason) as i32,
            note: note.clone(),
            handovers: handovers
                .iter()
                .map(|(seat, id)| pb::SeatHandover {
                    seat: convert::board_seat_pb(*seat) as i32,
                    household_id: id.to_string(),
                })
                .collect(),
        }),
        E::BoardElected {
            chair,
            secretary,
            treasurer,
            elected_on,
            note,
        } => encoded(&pb::BoardElected {
            chair_household_id: chair.to_string(),
            secretary_household_id: secretary.to_string(),
            treasurer_household_id: treasurer.to_string(),
            elected_on: text_date(*elected_on),
            note: note.clone(),
        }),
        E::FacilitatorAssigned {
            facilitator_id,
            assigned_on,
            previous,
        } => encoded(&pb::FacilitatorAssigned {
            facilitator_id: facilitator_id.clone(),
            assigned_on: text_date(*assigned_on),
            previous_facilitator_id: previous.clone().unwrap_or_default(),
        }),
        E::MeetingRecorded {
            held_on,
            attendees,
            notes,
        } => encoded(&pb::MeetingRecorded {
            held_on: text_date(*held_on),
            attendee_household_ids: texts(attendees),
            notes: notes.clone(),
        }),
        E::BusinessPlanAdopted(plan) => encoded(&pb::BusinessPlanAdopted {
            version: i32::try_from(plan.version).unwrap_or(i32::MAX),
            adopted_on: text_date(plan.adopted_on),
            summary: plan.summary.clone(),
            products: plan.products.clone(),
            capital_required: plan.capital_required.0,
            target_monthly_revenue: plan.target_monthly_revenue.0,
        }),
        E::AccountRecorded(account) => encoded(&pb::GroupAccountRecorded {
            bank_name: account.bank_name.clone(),
            account_number: account.account_number.clone(),
            opened_on: text_date(account.opened_on),
        }),
        E::GrantAwarded {
            grant_id,
            scheme,
            scheme_name,
            amount,
            awarded_on,
            conditions,
            reference,
        } => encoded(&pb::GrantAwarded {
            grant_id: grant_id.to_string(),
            scheme: convert::grant_scheme_pb(*scheme) as i32,
            scheme_name: scheme_name.clone(),
            amount: amount.0,
            awarded_on: text_date(*awarded_on),
            conditions: conditions.clone(),
            reference: reference.clone(),
        }),
        E::TrancheDisbursed {
            grant_id,
            number,
            amount,
            disbursed_on,
            reference,
            remaining,
            account_number,
        } => encoded(&pb::GrantTrancheDisbursed {
            grant_id: grant_id.to_string(),
            tranche_number: i32::try_from(*number).unwrap_or(i32::MAX),
            amount: amount.0,
            disbursed_on: text_date(*disbursed_on),
            reference: reference.clone(),
            remaining: remaining.0,
            account_number: account_number.clone(),
        }),
        E::ProgressReported(r) => encoded(&pb::ProgressReported {
            month: r.month.to_string(),
            revenue: r.revenue.0,
            costs: r.costs.0,
            profit: r.profit.0,
            capital: r.capital.0,
            split: Some(split_pb(&r.split)),
            reported_on: text_date(r.reported_on),
            note: r.note.clone(),
        }),
        E::IksShared {
            amount,
            shared_on,
            recipients,
            recipient_household_ids,
        } => encoded(&pb::IksShared {
            amount: amount.0,
            shared_on: text_date(*shared_on),
            recipients: recipients.clone(),
            recipient_household_ids: texts(recipient_household_ids),
        }),
        E::StageChangeProposed {
            proposal_id,
            from,
            to,
            assessment,
            proposed_by,
            proposed_on,
        } => encoded(&pb::StageChangeProposed {
            proposal_id: proposal_id.to_string(),
            from_stage: convert::stage_pb(*from) as i32,
            to_stage: convert::stage_pb(*to) as i32,
            assessment: Some(assessment_pb(assessment)),
            proposed_by: proposed_by.clone(),
            proposed_on: text_date(*proposed_on),
        }),
        E::StageChangeApproved {
            proposal_id,
            to,
            approved_by,
            approved_on,
            note,
        } => encoded(&pb::StageChangeApproved {
            proposal_id: proposal_id.to_string(),
            to_stage: convert::stage_pb(*to) as i32,
            approved_by: approved_by.clone(),
            approved_on: text_date(*approved_on),
            note: note.clone(),
        }),
        E::StageChangeRejected {
            proposal_id,
            rejected_by,
            rejected_on,
            reason,
        } => encoded(&pb::StageChangeRejected {
            proposal_id: proposal_id.to_string(),
            rejected_by: rejected_by.clone(),
            rejected_on: text_date(*rejected_on),
            reason: reason.clone(),
        }),
        E::Dissolved {
            dissolved_on,
            reason,
        } => encoded(&pb::KubeGroupDissolved {
            dissolved_on: text_date(*dissolved_on),
            reason: reason.clone(),
        }),
    }
}
