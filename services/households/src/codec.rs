//! Stored form of household events: protobuf (`berdaya.households.v1`), with personal data
//! sealed per data subject before it is hashed and stored.

use berdaya_domain::Rupiah;
use berdaya_domain::id::{KkNumber, RankingRound, RegionCode};
use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::keyring::{KeyEntry, KeyRing};
use berdaya_proto::berdaya::common::v1::SealedPersonalData;
use berdaya_proto::berdaya::households::v1 as pb;
use chrono::NaiveDate;
use prost::Message;
use uuid::Uuid;

use crate::convert;
use crate::domain::{ComponentAssignment, HouseholdData, HouseholdEvent, MemberFacts, PersonData};

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

/// A decoded proto event, before unsealing.
enum Proto {
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

pub(crate) fn corrupt(recorded: &RecordedEvent, reason: impl Into<String>) -> CodecError {
    CodecError::Corrupt {
        event_type: recorded.event_type.clone(),
        stream_id: recorded.stream_id.clone(),
        version: recorded.version,
        reason: reason.into(),
    }
}

fn parse_proto(recorded: &RecordedEvent) -> Result<Proto, CodecError> {
    let name = recorded
        .event_type
        .strip_prefix(PACKAGE)
        .and_then(|n| n.strip_prefix('.'))
        .ok_or_else(|| corrupt(recorded, "not a households event"))?;
    let bytes = recorded.payload.as_slice();
    let bad = |e: prost::DecodeError| corrupt(recorded, e.to_string());
    Ok(match name {
        "HouseholdRegistered" => Proto::Registered(Message::decode(bytes).map_err(bad)?),
        "MemberAdded" => Proto::MemberAdded(Message::decode(bytes).map_err(bad)?),
        "MemberRemoved" => Proto::MemberRemoved(Message::decode(bytes).map_err(bad)?),
        "KkNumberChanged" => Proto::KkNumberChanged(Message::decode(bytes).map_err(bad)?),
        "HouseholdMoved" => Proto::Moved(Message::decode(bytes).map_err(bad)?),
        "DecileUpdated" => Proto::DecileUpdated(Message::decode(bytes).map_err(bad)?),
        "ProgrammeEnrolled" => Proto::Enrolled(Message::decode(bytes).map_err(bad)?),
        "PkhComponentsUpdated" => Proto::ComponentsUpdated(Message::decode(bytes).map_err(bad)?),
        "ProgrammeExited" => Proto::Exited(Message::decode(bytes).map_err(bad)?),
        "PersonalDataErased" => Proto::Erased(Message::decode(bytes).map_err(bad)?),
        "HouseholdClosed" => Proto::Closed(Message::decode(bytes).map_err(bad)?),
        other => return Err(corrupt(recorded, format!("unknown event {other}"))),
    })
}

fn sealed_subject(sealed: &Option<SealedPersonalData>) -> Option<Uuid> {
    sealed
        .as_ref()
        .and_then(|s| Uuid::parse_str(&s.subject_id).ok())
}

/// Opens sealed data: `Ok(None)` when the subject's key was erased.
fn open<M: Message + Default>(
    sealed: &Option<SealedPersonalData>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Option<M>, CodecError> {
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let subject =
        Uuid::parse_str(&sealed.subject_id).map_err(|e| corrupt(recorded, e.to_string()))?;
    match keys.get(subject) {
        Some(KeyEntry::Present(key)) => {
            let plain = key
                .open(subject, &sealed.ciphertext)
                .map_err(|e| corrupt(recorded, format!("personal data of {subject}: {e}")))?;
            Ok(Some(
                M::decode(plain.as_slice()).map_err(|e| corrupt(recorded, e.to_string()))?,
            ))
        }
        Some(KeyEntry::Erased) => Ok(None),
        None => Err(corrupt(
            recorded,
            format!("no key for data subject {subject}"),
        )),
    }
}

fn seal<M: Message>(
    subject: Uuid,
    data: &M,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<SealedPersonalData, CodecError> {
    let key = keys
        .key_or_create(vault, subject)
        .ok_or_else(|| CodecError::SubjectErased {
            field: field.to_owned(),
        })?;
    Ok(SealedPersonalData {
        subject_id: subject.to_string(),
        ciphertext: key.seal(subject, &data.encode_to_vec()),
    })
}

pub(crate) fn date(text: &str, recorded: &RecordedEvent) -> Result<NaiveDate, CodecError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| corrupt(recorded, format!("date {text:?}: {e}")))
}

pub(crate) fn uuid(text: &str, recorded: &RecordedEvent) -> Result<Uuid, CodecError> {
    Uuid::parse_str(text).map_err(|e| corrupt(recorded, format!("id {text:?}: {e}")))
}

pub(crate) fn text_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn person_pb(person: &PersonData) -> pb::PersonPersonalData {
    pb::PersonPersonalData {
        nik: person.nik.clone(),
        full_name: person.full_name.clone(),
        birth_date: text_date(person.birth_date),
        phone: person.phone.clone().unwrap_or_default(),
    }
}

fn household_pb(data: &HouseholdData) -> pb::HouseholdPersonalData {
    pb::HouseholdPersonalData {
        address: data.address.clone(),
        phone: data.phone.clone().unwrap_or_default(),
    }
}

pub(crate) fn optional(text: String) -> Option<String> {
    if text.is_empty() { None } else { Some(text) }
}

fn member_record(
    member: &MemberFacts,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<pb::MemberRecord, CodecError> {
    Ok(pb::MemberRecord {
        member_id: member.member_id.to_string(),
        subject_id: member.subject_id.to_string(),
        sex: convert::sex_pb(member.sex) as i32,
        relationship: convert::relationship_pb(member.relationship) as i32,
        personal: match &member.person {
            Some(person) => Some(seal(
                member.subject_id,
                &person_pb(person),
                keys,
                vault,
                field,
            )?),
            None => None,
        },
    })
}

fn member_facts(
    record: &pb::MemberRecord,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<MemberFacts, CodecError> {
    let person = match open::<pb::PersonPersonalData>(&record.personal, keys, recorded)? {
        Some(p) => Some(PersonData {
            birth_date: date(&p.birth_date, recorded)?,
            nik: p.nik,
            full_name: p.full_name,
            phone: optional(p.phone),
        }),
        None => None,
    };
    Ok(MemberFacts {
        member_id: uuid(&record.member_id, recorded)?,
        subject_id: uuid(&record.subject_id, recorded)?,
        sex: convert::sex(record.sex).ok_or_else(|| corrupt(recorded, "sex"))?,
        relationship: convert::relationship(record.relationship)
            .ok_or_else(|| corrupt(recorded, "relationship"))?,
        person,
    })
}

fn household_data(
    sealed: &Option<SealedPersonalData>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Option<HouseholdData>, CodecError> {
    Ok(
        open::<pb::HouseholdPersonalData>(sealed, keys, recorded)?.map(|d| HouseholdData {
            address: d.address,
            phone: optional(d.phone),
        }),
    )
}

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

pub(crate) fn region(code: &str, recorded: &RecordedEvent) -> Result<RegionCode, CodecError> {
    RegionCode::parse(code).map_err(|e| corrupt(recorded, e.to_string()))
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

pub(crate) fn encoded<M: Message>(name: &str, message: &M) -> EncodedEvent {
    EncodedEvent {
        event_type: format!("{PACKAGE}.{name}"),
        schema_version: SCHEMA_VERSION,
        payload: message.encode_to_vec(),
    }
}

/// [`encoded`] for the events that seal the KK number or the removal note.
fn sealed_encoded<M: Message>(name: &str, message: &M) -> EncodedEvent {
    EncodedEvent {
        schema_version: SEALED_KK_SCHEMA_VERSION,
        ..encoded(name, message)
    }
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
                programme: convert::programme(e.programme)
                    .ok_or_else(|| corrupt(r, "programme"))?,
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
                programme: convert::programme(e.programme)
                    .ok_or_else(|| corrupt(r, "programme"))?,
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
            } => sealed_encoded(
                "HouseholdRegistered",
                &pb::HouseholdRegistered {
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
                        Some(d) => {
                            Some(seal(*subject_id, &household_pb(d), keys, vault, "address")?)
                        }
                        None => None,
                    },
                    members: members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| member_record(m, keys, vault, &format!("members[{i}]")))
                        .collect::<Result<_, _>>()?,
                },
            ),
            HouseholdEvent::MemberAdded { member, joined_on } => encoded(
                "MemberAdded",
                &pb::MemberAdded {
                    member: Some(member_record(member, keys, vault, "member")?),
                    joined_on: text_date(*joined_on),
                },
            ),
            HouseholdEvent::MemberRemoved {
                member_id,
                subject_id,
                reason,
                effective_date,
                note,
                new_head,
            } => sealed_encoded(
                "MemberRemoved",
                &pb::MemberRemoved {
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
                },
            ),
            HouseholdEvent::KkNumberChanged {
                subject_id,
                kk_number,
                valid_from,
                previous,
                reason,
            } => sealed_encoded(
                "KkNumberChanged",
                &pb::KkNumberChanged {
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
                },
            ),
            HouseholdEvent::Moved {
                from,
                to,
                moved_on,
                subject_id,
                data,
            } => encoded(
                "HouseholdMoved",
                &pb::HouseholdMoved {
                    from_village_code: from.to_string(),
                    to_village_code: to.to_string(),
                    moved_on: text_date(*moved_on),
                    subject_id: subject_id.to_string(),
                    personal: match data {
                        Some(d) => {
                            Some(seal(*subject_id, &household_pb(d), keys, vault, "address")?)
                        }
                        None => None,
                    },
                },
            ),
            HouseholdEvent::DecileUpdated {
                decile,
                ranking_round,
                previous_decile,
                previous_round,
            } => encoded(
                "DecileUpdated",
                &pb::DecileUpdated {
                    decile: i32::from(*decile),
                    ranking_round: ranking_round.to_string(),
                    previous_decile: i32::from(*previous_decile),
                    previous_ranking_round: previous_round.to_string(),
                },
            ),
            HouseholdEvent::ProgrammeEnrolled {
                programme,
                decile,
                ranking_round,
                enrolled_on,
                components,
                annual_entitlement,
                eligible_decile_max,
            } => encoded(
                "ProgrammeEnrolled",
                &pb::ProgrammeEnrolled {
                    programme: convert::programme_pb(*programme) as i32,
                    decile: i32::from(*decile),
                    ranking_round: ranking_round.to_string(),
                    enrolled_on: text_date(*enrolled_on),
                    components: assignments_pb(components),
                    annual_entitlement: annual_entitlement.amount(),
                    eligible_decile_max: i32::from(*eligible_decile_max),
                },
            ),
            HouseholdEvent::PkhComponentsUpdated {
                components,
                annual_entitlement,
                effective_date,
            } => encoded(
                "PkhComponentsUpdated",
                &pb::PkhComponentsUpdated {
                    components: assignments_pb(components),
                    annual_entitlement: annual_entitlement.amount(),
                    effective_date: text_date(*effective_date),
                },
            ),
            HouseholdEvent::ProgrammeExited {
                programme,
                reason,
                exited_on,
                note,
            } => encoded(
                "ProgrammeExited",
                &pb::ProgrammeExited {
                    programme: convert::programme_pb(*programme) as i32,
                    reason: convert::exit_reason_pb(*reason) as i32,
                    exited_on: text_date(*exited_on),
                    note: note.clone(),
                },
            ),
            HouseholdEvent::PersonalDataErased {
                subject_ids,
                reason,
            } => encoded(
                "PersonalDataErased",
                &pb::PersonalDataErased {
                    subject_ids: subject_ids.iter().map(ToString::to_string).collect(),
                    reason: reason.clone(),
                },
            ),
            HouseholdEvent::Closed { reason, closed_on } => encoded(
                "HouseholdClosed",
                &pb::HouseholdClosed {
                    reason: reason.clone(),
                    closed_on: text_date(*closed_on),
                },
            ),
        })
    }
}

#[cfg(test)]
mod legacy_tests;
