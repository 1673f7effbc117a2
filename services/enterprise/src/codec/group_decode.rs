//! Decoding stored KUBE group events (`berdaya.enterprise.v1`).

use berdaya_domain::id::RegionCode;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use prost::Name;

use super::{Decoded, date, decode, optional, required, rupiah, short_name, uuid, uuids};
use crate::convert;
use crate::domain::{
    Assessment, BusinessPlan, CriterionScore, GroupAccount, GroupEvent, Month, ProfitSplit,
    ProgressReport,
};

fn split(split: Option<&pb::ProfitSplit>) -> ProfitSplit {
    split.map_or_else(ProfitSplit::default, |s| ProfitSplit {
        capital: rupiah(s.capital),
        member_welfare: rupiah(s.member_welfare),
        iks: rupiah(s.iks),
    })
}

fn assessment(a: Option<&pb::Assessment>) -> Decoded<Assessment> {
    let a = required(a, "assessment")?;
    Ok(Assessment {
        assessor: a.assessor.clone(),
        assessed_on: date(&a.assessed_on)?,
        evidence: a.evidence.clone(),
        scores: a
            .scores
            .iter()
            .map(|s| {
                Ok(CriterionScore {
                    criterion: required(convert::criterion(s.criterion), "criterion")?,
                    score: u8::try_from(s.score).map_err(|e| e.to_string())?,
                    note: s.note.clone(),
                })
            })
            .collect::<Decoded<_>>()?,
    })
}

/// Decodes a stored KUBE group event from its type name and payload.
///
/// # Errors
/// Why the payload is not a valid group event.
pub fn decode_group(event_type: &str, bytes: &[u8]) -> Result<GroupEvent, String> {
    use GroupEvent as E;
    Ok(match short_name(event_type)? {
        pb::KubeGroupFormed::NAME => {
            let e: pb::KubeGroupFormed = decode(bytes)?;
            E::Formed {
                group_id: uuid(&e.group_id)?,
                name: e.name,
                village: RegionCode::parse(&e.village_code).map_err(|v| v.to_string())?,
                business_type: required(convert::business_type(e.business_type), "business type")?,
                sector: e.sector,
                formed_on: date(&e.formed_on)?,
                members: uuids(&e.member_household_ids)?,
                facilitator: optional(&e.facilitator_id),
            }
        }
        pb::MemberJoined::NAME => {
            let e: pb::MemberJoined = decode(bytes)?;
            E::MemberJoined {
                household_id: uuid(&e.household_id)?,
                joined_on: date(&e.joined_on)?,
            }
        }
        pb::MemberLeft::NAME => {
            let e: pb::MemberLeft = decode(bytes)?;
            E::MemberLeft {
                household_id: uuid(&e.household_id)?,
                left_on: date(&e.left_on)?,
                reason: required(convert::leave_reason(e.reason), "leave reason")?,
                note: e.note,
                handovers: e
                    .handovers
                    .iter()
                    .map(|h| {
                        Ok((
                            required(convert::board_seat(h.seat), "seat")?,
                            uuid(&h.household_id)?,
                        ))
                    })
                    .collect::<Decoded<_>>()?,
            }
        }
        pb::BoardElected::NAME => {
            let e: pb::BoardElected = decode(bytes)?;
            E::BoardElected {
                chair: uuid(&e.chair_household_id)?,
                secretary: uuid(&e.secretary_household_id)?,
                treasurer: uuid(&e.treasurer_household_id)?,
                elected_on: date(&e.elected_on)?,
                note: e.note,
            }
        }
        pb::FacilitatorAssigned::NAME => {
            let e: pb::FacilitatorAssigned = decode(bytes)?;
            E::FacilitatorAssigned {
                facilitator_id: e.facilitator_id,
                assigned_on: date(&e.assigned_on)?,
                previous: optional(&e.previous_facilitator_id),
            }
        }
        pb::MeetingRecorded::NAME => {
            let e: pb::MeetingRecorded = decode(bytes)?;
            E::MeetingRecorded {
                held_on: date(&e.held_on)?,
                attendees: uuids(&e.attendee_household_ids)?,
                notes: e.notes,
            }
        }
        pb::BusinessPlanAdopted::NAME => {
            let e: pb::BusinessPlanAdopted = decode(bytes)?;
            E::BusinessPlanAdopted(BusinessPlan {
                version: u32::try_from(e.version).map_err(|e| e.to_string())?,
                adopted_on: date(&e.adopted_on)?,
                summary: e.summary,
                products: e.products,
                capital_required: rupiah(e.capital_required),
                target_monthly_revenue: rupiah(e.target_monthly_revenue),
            })
        }
        pb::GroupAccountRecorded::NAME => {
            let e: pb::GroupAccountRecorded = decode(bytes)?;
            E::AccountRecorded(GroupAccount {
                bank_name: e.bank_name,
                account_number: e.account_number,
                opened_on: date(&e.opened_on)?,
            })
        }
        pb::GrantAwarded::NAME => {
            let e: pb::GrantAwarded = decode(bytes)?;
            E::GrantAwarded {
                grant_id: uuid(&e.grant_id)?,
                scheme: required(convert::grant_scheme(e.scheme), "scheme")?,
                scheme_name: e.scheme_name,
                amount: rupiah(e.amount),
                awarded_on: date(&e.awarded_on)?,
                conditions: e.conditions,
                reference: e.reference,
            }
        }
        pb::GrantTrancheDisbursed::NAME => {
            let e: pb::GrantTrancheDisbursed = decode(bytes)?;
            E::TrancheDisbursed {
                grant_id: uuid(&e.grant_id)?,
                number: u32::try_from(e.tranche_number).map_err(|e| e.to_string())?,
                amount: rupiah(e.amount),
                disbursed_on: date(&e.disbursed_on)?,
                reference: e.reference,
                remaining: rupiah(e.remaining),
                account_number: e.account_number,
            }
        }
        pb::ProgressReported::NAME => {
            let e: pb::ProgressReported = decode(bytes)?;
            E::ProgressReported(ProgressReport {
                month: Month::parse(&e.month).map_err(|v| v.to_string())?,
                revenue: rupiah(e.revenue),
                costs: rupiah(e.costs),
                profit: rupiah(e.profit),
                capital: rupiah(e.capital),
                split: split(e.split.as_ref()),
                reported_on: date(&e.reported_on)?,
                note: e.note,
            })
        }
        pb::IksShared::NAME => {
            let e: pb::IksShared = decode(bytes)?;
            E::IksShared {
                amount: rupiah(e.amount),
                shared_on: date(&e.shared_on)?,
                recipients: e.recipients,
                recipient_household_ids: uuids(&e.recipient_household_ids)?,
            }
        }
        pb::StageChangeProposed::NAME => {
            let e: pb::StageChangeProposed = decode(bytes)?;
            E::StageChangeProposed {
                proposal_id: uuid(&e.proposal_id)?,
                from: required(convert::stage(e.from_stage), "from stage")?,
                to: required(convert::stage(e.to_stage), "to stage")?,
                assessment: assessment(e.assessment.as_ref())?,
                proposed_by: e.proposed_by,
                proposed_on: date(&e.proposed_on)?,
            }
        }
        pb::StageChangeApproved::NAME => {
            let e: pb::StageChangeApproved = decode(bytes)?;
            E::StageChangeApproved {
                proposal_id: uuid(&e.proposal_id)?,
                to: required(convert::stage(e.to_stage), "to stage")?,
                approved_by: e.approved_by,
                approved_on: date(&e.approved_on)?,
                note: e.note,
            }
        }
        pb::StageChangeRejected::NAME => {
            let e: pb::StageChangeRejected = decode(bytes)?;
            E::StageChangeRejected {
                proposal_id: uuid(&e.proposal_id)?,
                rejected_by: e.rejected_by,
                rejected_on: date(&e.rejected_on)?,
                reason: e.reason,
            }
        }
        pb::KubeGroupDissolved::NAME => {
            let e: pb::KubeGroupDissolved = decode(bytes)?;
            E::Dissolved {
                dissolved_on: date(&e.dissolved_on)?,
                reason: e.reason,
            }
        }
        other => return Err(format!("unknown group event {other}")),
    })
}
