//! Stored household events back into domain events: personal data opened with the
//! subjects' keys (erased subjects read as `None`), schema version 1 events (the KK
//! number and removal notes in clear) read as they were written.

use berdaya_domain::Rupiah;
use berdaya_domain::id::{KkNumber, RankingRound};
use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::CodecError;
use berdaya_platform::codec::fields::{corrupt, date, region, uuid};
use berdaya_platform::codec::sealing::open;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::households::v1 as pb;
use prost::{Message, Name};
use uuid::Uuid;

use super::PACKAGE;
use super::personal::{household_data, member_facts};
use crate::convert;
use crate::domain::{ComponentAssignment, HouseholdEvent};

/// A decoded proto event, before unsealing.
pub(super) enum Proto {
    Registered(pb::HouseholdRegistered),
    MemberAdded(pb::MemberAdded),
    MemberRemoved(pb::MemberRemoved),
    KkNumberChanged(pb::KkNumberChanged),
    Moved(pb::HouseholdMoved),
    DecileUpdated(pb::DecileUpdated),
    Enrolled(pb::ProgrammeEnrolled),
    ComponentsUpdated(pb::PkhComponentsUpdated),
    Exited(pb::ProgrammeExited),
    Erased(pb::PersonalDataErased),
    Closed(pb::HouseholdClosed),
}

pub(super) fn parse_proto(recorded: &RecordedEvent) -> Result<Proto, CodecError> {
    let name = recorded
        .event_type
        .strip_prefix(PACKAGE)
        .and_then(|n| n.strip_prefix('.'))
        .ok_or_else(|| corrupt(recorded, "not a households event"))?;
    let bytes = recorded.payload.as_slice();
    let bad = |e: prost::DecodeError| corrupt(recorded, e.to_string());
    Ok(match name {
        pb::HouseholdRegistered::NAME => Proto::Registered(Message::decode(bytes).map_err(bad)?),
        pb::MemberAdded::NAME => Proto::MemberAdded(Message::decode(bytes).map_err(bad)?),
        pb::MemberRemoved::NAME => Proto::MemberRemoved(Message::decode(bytes).map_err(bad)?),
        pb::KkNumberChanged::NAME => Proto::KkNumberChanged(Message::decode(bytes).map_err(bad)?),
        pb::HouseholdMoved::NAME => Proto::Moved(Message::decode(bytes).map_err(bad)?),
        pb::DecileUpdated::NAME => Proto::DecileUpdated(Message::decode(bytes).map_err(bad)?),
        pb::ProgrammeEnrolled::NAME => Proto::Enrolled(Message::decode(bytes).map_err(bad)?),
        pb::PkhComponentsUpdated::NAME => {
            Proto::ComponentsUpdated(Message::decode(bytes).map_err(bad)?)
        }
        pb::ProgrammeExited::NAME => Proto::Exited(Message::decode(bytes).map_err(bad)?),
        pb::PersonalDataErased::NAME => Proto::Erased(Message::decode(bytes).map_err(bad)?),
        pb::HouseholdClosed::NAME => Proto::Closed(Message::decode(bytes).map_err(bad)?),
        other => return Err(corrupt(recorded, format!("unknown event {other}"))),
    })
}

fn assignments(
    components: &[pb::PkhComponentAssignment],
    recorded: &RecordedEvent,
) -> Result<Vec<ComponentAssignment>, CodecError> {
    components
        .iter()
        .map(|c| {
            Ok(ComponentAssignment {
                member_id: uuid(&c.member_id, recorded)?,
                component: convert::component(c.component)
                    .ok_or_else(|| corrupt(recorded, "component"))?,
                counted: c.counted,
                annual_amount: Rupiah(c.annual_amount),
            })
        })
        .collect()
}

fn round(text: &str, recorded: &RecordedEvent) -> Result<RankingRound, CodecError> {
    RankingRound::parse(text).map_err(|e| corrupt(recorded, e.to_string()))
}

fn kk(text: &str, recorded: &RecordedEvent) -> Result<KkNumber, CodecError> {
    KkNumber::parse(text).map_err(|e| corrupt(recorded, e.to_string()))
}

fn decile(value: i32) -> u8 {
    u8::try_from(value).unwrap_or(0)
}

/// A data subject recorded from schema version 2 on: nil in older events, which did not
/// seal what it would have keyed.
fn legacy_subject(text: &str, recorded: &RecordedEvent) -> Result<Uuid, CodecError> {
    if text.is_empty() {
        Ok(Uuid::nil())
    } else {
        uuid(text, recorded)
    }
}

pub(super) fn event(
    recorded: &RecordedEvent,
    keys: &KeyRing,
) -> Result<HouseholdEvent, CodecError> {
    let r = recorded;
    Ok(match parse_proto(r)? {
        Proto::Registered(e) => HouseholdEvent::Registered {
            household_id: uuid(&e.household_id, r)?,
            village: region(&e.village_code, r)?,
            kk_number: match e.sealed_kk {
                Some(_) => open::<pb::KkPersonalData>(&e.sealed_kk, keys, r)?
                    .map(|d| kk(&d.kk_number, r))
                    .transpose()?,
                None => Some(kk(&e.kk_number, r)?),
            },
            kk_valid_from: date(&e.kk_valid_from, r)?,
            decile: decile(e.decile),
            ranking_round: round(&e.ranking_round, r)?,
            subject_id: uuid(&e.subject_id, r)?,
            data: household_data(&e.personal, keys, r)?,
            members: e
                .members
                .iter()
                .map(|m| member_facts(m, keys, r))
                .collect::<Result<_, _>>()?,
        },
        Proto::MemberAdded(e) => HouseholdEvent::MemberAdded {
            member: member_facts(
                e.member
                    .as_ref()
                    .ok_or_else(|| corrupt(r, "member missing"))?,
                keys,
                r,
            )?,
            joined_on: date(&e.joined_on, r)?,
        },
        Proto::MemberRemoved(e) => HouseholdEvent::MemberRemoved {
            member_id: uuid(&e.member_id, r)?,
            subject_id: legacy_subject(&e.subject_id, r)?,
            reason: convert::removal_reason(e.reason).ok_or_else(|| corrupt(r, "reason"))?,
            effective_date: date(&e.effective_date, r)?,
            note: match e.sealed_note {
                Some(_) => open::<pb::RemovalNote>(&e.sealed_note, keys, r)?.map(|n| n.note),
                None => Some(e.note),
            },
            new_head: if e.new_head_member_id.is_empty() {
                None
            } else {
                Some(uuid(&e.new_head_member_id, r)?)
            },
        },
        Proto::KkNumberChanged(e) => {
            let (kk_number, previous) = match e.personal {
                Some(_) => match open::<pb::KkPersonalData>(&e.personal, keys, r)? {
                    Some(d) => (
                        Some(kk(&d.kk_number, r)?),
                        Some(kk(&d.previous_kk_number, r)?),
                    ),
                    None => (None, None),
                },
                None => (
                    Some(kk(&e.kk_number, r)?),
                    Some(kk(&e.previous_kk_number, r)?),
                ),
            };
            HouseholdEvent::KkNumberChanged {
                subject_id: legacy_subject(&e.subject_id, r)?,
                kk_number,
                valid_from: date(&e.valid_from, r)?,
                previous,
                reason: e.reason,
            }
        }
        Proto::Moved(e) => HouseholdEvent::Moved {
            from: region(&e.from_village_code, r)?,
            to: region(&e.to_village_code, r)?,
            moved_on: date(&e.moved_on, r)?,
            subject_id: uuid(&e.subject_id, r)?,
            data: household_data(&e.personal, keys, r)?,
        },
        Proto::DecileUpdated(e) => HouseholdEvent::DecileUpdated {
            decile: decile(e.decile),
            ranking_round: round(&e.ranking_round, r)?,
            previous_decile: decile(e.previous_decile),
            previous_round: round(&e.previous_ranking_round, r)?,
        },
        Proto::Enrolled(e) => HouseholdEvent::ProgrammeEnrolled {
            programme: convert::programme(e.programme).ok_or_else(|| corrupt(r, "programme"))?,
            decile: decile(e.decile),
            ranking_round: round(&e.ranking_round, r)?,
            enrolled_on: date(&e.enrolled_on, r)?,
            components: assignments(&e.components, r)?,
            annual_entitlement: Rupiah(e.annual_entitlement),
            eligible_decile_max: decile(e.eligible_decile_max),
        },
        Proto::ComponentsUpdated(e) => HouseholdEvent::PkhComponentsUpdated {
            components: assignments(&e.components, r)?,
            annual_entitlement: Rupiah(e.annual_entitlement),
            effective_date: date(&e.effective_date, r)?,
        },
        Proto::Exited(e) => HouseholdEvent::ProgrammeExited {
            programme: convert::programme(e.programme).ok_or_else(|| corrupt(r, "programme"))?,
            reason: convert::exit_reason(e.reason).ok_or_else(|| corrupt(r, "reason"))?,
            exited_on: date(&e.exited_on, r)?,
            note: e.note,
        },
        Proto::Erased(e) => HouseholdEvent::PersonalDataErased {
            subject_ids: e
                .subject_ids
                .iter()
                .map(|s| uuid(s, r))
                .collect::<Result<_, _>>()?,
            reason: e.reason,
        },
        Proto::Closed(e) => HouseholdEvent::Closed {
            reason: e.reason,
            closed_on: date(&e.closed_on, r)?,
        },
    })
}
