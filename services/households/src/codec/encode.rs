//! Domain events into stored household events: personal data (names, NIKs, birth dates,
//! phones, addresses, KK numbers, removal notes) sealed with each subject's key.

use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec;
use berdaya_platform::codec::fields::text_date;
use berdaya_platform::codec::sealing::seal;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::households::v1 as pb;
use prost::{Message, Name};

use super::personal::{household_pb, member_record};
use super::{SCHEMA_VERSION, SEALED_KK_SCHEMA_VERSION};
use crate::convert;
use crate::domain::{ComponentAssignment, HouseholdEvent};

fn assignments_pb(components: &[ComponentAssignment]) -> Vec<pb::PkhComponentAssignment> {
    components
        .iter()
        .map(|c| pb::PkhComponentAssignment {
            member_id: c.member_id.to_string(),
            component: convert::component_pb(c.component) as i32,
            counted: c.counted,
            annual_amount: c.annual_amount.amount(),
        })
        .collect()
}

/// A household-context event to store, named after its proto message.
pub(crate) fn encoded<M: Message + Name>(message: &M) -> EncodedEvent {
    codec::encoded(message, SCHEMA_VERSION)
}

/// [`encoded`] for the events that seal the KK number or the removal note.
fn sealed_encoded<M: Message + Name>(message: &M) -> EncodedEvent {
    codec::encoded(message, SEALED_KK_SCHEMA_VERSION)
}

pub(super) fn event(
    event: &HouseholdEvent,
    keys: &mut KeyRing,
    vault: &Vault,
) -> Result<EncodedEvent, CodecError> {
    Ok(match event {
        HouseholdEvent::Registered {
            household_id,
            village,
            kk_number,
            kk_valid_from,
            decile,
            ranking_round,
            subject_id,
            data,
            members,
        } => sealed_encoded(&pb::HouseholdRegistered {
            household_id: household_id.to_string(),
            village_code: village.to_string(),
            kk_number: String::new(),
            sealed_kk: match kk_number {
                Some(number) => Some(seal(
                    *subject_id,
                    &pb::KkPersonalData {
                        kk_number: number.as_str().to_owned(),
                        previous_kk_number: String::new(),
                    },
                    keys,
                    vault,
                    "kk_number",
                )?),
                None => None,
            },
            kk_valid_from: text_date(*kk_valid_from),
            decile: i32::from(*decile),
            ranking_round: ranking_round.to_string(),
            subject_id: subject_id.to_string(),
            personal: match data {
                Some(d) => Some(seal(*subject_id, &household_pb(d), keys, vault, "address")?),
                None => None,
            },
            members: members
                .iter()
                .enumerate()
                .map(|(i, m)| member_record(m, keys, vault, &format!("members[{i}]")))
                .collect::<Result<_, _>>()?,
        }),
        HouseholdEvent::MemberAdded { member, joined_on } => encoded(&pb::MemberAdded {
            member: Some(member_record(member, keys, vault, "member")?),
            joined_on: text_date(*joined_on),
        }),
        HouseholdEvent::MemberRemoved {
            member_id,
            subject_id,
            reason,
            effective_date,
            note,
            new_head,
        } => sealed_encoded(&pb::MemberRemoved {
            member_id: member_id.to_string(),
            reason: convert::removal_reason_pb(*reason) as i32,
            effective_date: text_date(*effective_date),
            note: String::new(),
            new_head_member_id: new_head.map(|h| h.to_string()).unwrap_or_default(),
            subject_id: subject_id.to_string(),
            sealed_note: match note {
                Some(text) if !text.is_empty() => Some(seal(
                    *subject_id,
                    &pb::RemovalNote { note: text.clone() },
                    keys,
                    vault,
                    "note",
                )?),
                _ => None,
            },
        }),
        HouseholdEvent::KkNumberChanged {
            subject_id,
            kk_number,
            valid_from,
            previous,
            reason,
        } => sealed_encoded(&pb::KkNumberChanged {
            kk_number: String::new(),
            valid_from: text_date(*valid_from),
            previous_kk_number: String::new(),
            reason: reason.clone(),
            subject_id: subject_id.to_string(),
            personal: Some(seal(
                *subject_id,
                &pb::KkPersonalData {
                    kk_number: kk_number
                        .as_ref()
                        .map(|k| k.as_str().to_owned())
                        .unwrap_or_default(),
                    previous_kk_number: previous
                        .as_ref()
                        .map(|k| k.as_str().to_owned())
                        .unwrap_or_default(),
                },
                keys,
                vault,
                "kk_number",
            )?),
        }),
        HouseholdEvent::Moved {
            from,
            to,
            moved_on,
            subject_id,
            data,
        } => encoded(&pb::HouseholdMoved {
            from_village_code: from.to_string(),
            to_village_code: to.to_string(),
            moved_on: text_date(*moved_on),
            subject_id: subject_id.to_string(),
            personal: match data {
                Some(d) => Some(seal(*subject_id, &household_pb(d), keys, vault, "address")?),
                None => None,
            },
        }),
        HouseholdEvent::DecileUpdated {
            decile,
            ranking_round,
            previous_decile,
            previous_round,
        } => encoded(&pb::DecileUpdated {
            decile: i32::from(*decile),
            ranking_round: ranking_round.to_string(),
            previous_decile: i32::from(*previous_decile),
            previous_ranking_round: previous_round.to_string(),
        }),
        HouseholdEvent::ProgrammeEnrolled {
            programme,
            decile,
            ranking_round,
            enrolled_on,
            components,
            annual_entitlement,
            eligible_decile_max,
        } => encoded(&pb::ProgrammeEnrolled {
            programme: convert::programme_pb(*programme) as i32,
            decile: i32::from(*decile),
            ranking_round: ranking_round.to_string(),
            enrolled_on: text_date(*enrolled_on),
            components: assignments_pb(components),
            annual_entitlement: annual_entitlement.amount(),
            eligible_decile_max: i32::from(*eligible_decile_max),
        }),
        HouseholdEvent::PkhComponentsUpdated {
            components,
            annual_entitlement,
            effective_date,
        } => encoded(&pb::PkhComponentsUpdated {
            components: assignments_pb(components),
            annual_entitlement: annual_entitlement.amount(),
            effective_date: text_date(*effective_date),
        }),
        HouseholdEvent::ProgrammeExited {
            programme,
            reason,
            exited_on,
            note,
        } => encoded(&pb::ProgrammeExited {
            programme: convert::programme_pb(*programme) as i32,
            reason: convert::exit_reason_pb(*reason) as i32,
            exited_on: text_date(*exited_on),
            note: note.clone(),
        }),
        HouseholdEvent::PersonalDataErased {
            subject_ids,
            reason,
        } => encoded(&pb::PersonalDataErased {
            subject_ids: subject_ids.iter().map(ToString::to_string).collect(),
            reason: reason.clone(),
        }),
        HouseholdEvent::Closed { reason, closed_on } => encoded(&pb::HouseholdClosed {
            reason: reason.clone(),
            closed_on: text_date(*closed_on),
        }),
    })
}
