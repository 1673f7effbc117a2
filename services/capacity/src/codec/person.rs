//! Person events to and from `berdaya.capacity.v1` messages. Personal data and notes
//! are sealed with the person's key; a note left empty is stored as no sealed note.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{
    corrupt, date, enumerated, optional, optional_uuid, region, required, text_date, uuid,
};
use berdaya_platform::codec::sealing::{open, seal, sealed_subject};
use berdaya_platform::codec::{payload, short_name};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::common::v1::SealedPersonalData;
use prost::Name;
use uuid::Uuid;

use super::{encoded, organisation_pb};
use crate::convert;
use crate::domain::person::{PersonData, PersonEvent};
use crate::domain::roles::{Organisation, Placement};

/// Encodes and decodes person events.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonCodec;

/// A placement as stored (and shown).
pub(crate) fn placement_pb(placement: &Placement) -> pb::Placement {
    pb::Placement {
        role: convert::role_pb(placement.role) as i32,
        organisation: placement.organisation.as_ref().map(organisation_pb),
        region_code: placement
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        household_id: placement
            .household_id
            .map(|h| h.to_string())
            .unwrap_or_default(),
    }
}

fn placement(
    placement: Option<&pb::Placement>,
    recorded: &RecordedEvent,
) -> Result<Placement, CodecError> {
    let p = required(placement, "placement", recorded)?;
    Ok(Placement {
        role: enumerated(p.role, convert::role, "role", recorded)?,
        organisation: p
            .organisation
            .as_ref()
            .map(|o| {
                Ok(Organisation {
                    kind: enumerated(
                        o.kind,
                        convert::organisation_kind,
                        "organisation kind",
                        recorded,
                    )?,
                    name: o.name.clone(),
                })
            })
            .transpose()?,
        region: optional(p.region_code.clone())
            .map(|code| region(&code, recorded))
            .transpose()?,
        household_id: optional_uuid(&p.household_id, recorded)?,
    })
}

fn data_pb(data: &PersonData) -> pb::PersonPersonalData {
    pb::PersonPersonalData {
        full_name: data.full_name.clone(),
        nik: data.nik.clone().unwrap_or_default(),
        phone: data.phone.clone().unwrap_or_default(),
        email: data.email.clone().unwrap_or_default(),
    }
}

fn data(data: pb::PersonPersonalData) -> PersonData {
    PersonData {
        full_name: data.full_name,
        nik: optional(data.nik),
        phone: optional(data.phone),
        email: optional(data.email),
    }
}

/// A note about a person sealed with their key; an empty note is not stored.
pub(crate) fn seal_note(
    subject: Uuid,
    note: Option<&String>,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<Option<SealedPersonalData>, CodecError> {
    match note {
        Some(note) if !note.is_empty() => Ok(Some(seal(
            subject,
            &pb::PersonNote { note: note.clone() },
            keys,
            vault,
            field,
        )?)),
        _ => Ok(None),
    }
}

/// A stored note: empty when none was stored, `None` when its subject was erased.
pub(crate) fn open_note(
    sealed: &Option<SealedPersonalData>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Option<String>, CodecError> {
    if sealed.is_none() {
        return Ok(Some(String::new()));
    }
    Ok(open::<pb::PersonNote>(sealed, keys, recorded)?.map(|n| n.note))
}

impl EventCodec for PersonCodec {
    type Event = PersonEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        let sealed = match short_name(&recorded.event_type) {
            pb::PersonRegistered::NAME => payload::<pb::PersonRegistered>(recorded)?.personal,
            pb::PersonReassigned::NAME => payload::<pb::PersonReassigned>(recorded)?.sealed_note,
            pb::PersonPersonalDataUpdated::NAME => {
                payload::<pb::PersonPersonalDataUpdated>(recorded)?.personal
            }
            pb::PersonDeactivated::NAME => payload::<pb::PersonDeactivated>(recorded)?.sealed_note,
            pb::PersonReactivated::NAME => payload::<pb::PersonReactivated>(recorded)?.sealed_note,
            _ => None,
        };
        Ok(sealed_subject(&sealed).into_iter().collect())
    }

    fn decode(&self, recorded: &RecordedEvent, keys: &KeyRing) -> Result<PersonEvent, CodecError> {
        Ok(match short_name(&recorded.event_type) {
            pb::PersonRegistered::NAME => {
                let e: pb::PersonRegistered = payload(recorded)?;
                PersonEvent::Registered {
                    person_id: uuid(&e.person_id, recorded)?,
                    placement: placement(e.placement.as_ref(), recorded)?,
                    registered_on: date(&e.registered_on, recorded)?,
                    subject_id: uuid(&e.subject_id, recorded)?,
                    data: open(&e.personal, keys, recorded)?.map(data),
                }
            }
            pb::PersonReassigned::NAME => {
                let e: pb::PersonReassigned = payload(recorded)?;
                PersonEvent::Reassigned {
                    subject_id: uuid(&e.subject_id, recorded)?,
                    placement: placement(e.placement.as_ref(), recorded)?,
                    previous: placement(e.previous_placement.as_ref(), recorded)?,
                    effective_on: date(&e.effective_on, recorded)?,
                    note: open_note(&e.sealed_note, keys, recorded)?,
                }
            }
            pb::PersonPersonalDataUpdated::NAME => {
                let e: pb::PersonPersonalDataUpdated = payload(recorded)?;
                PersonEvent::PersonalDataUpdated {
                    subject_id: uuid(&e.subject_id, recorded)?,
                    data: open(&e.personal, keys, recorded)?.map(data),
                }
            }
            pb::PersonDeactivated::NAME => {
                let e: pb::PersonDeactivated = payload(recorded)?;
                PersonEvent::Deactivated {
                    subject_id: uuid(&e.subject_id, recorded)?,
                    reason: enumerated(
                        e.reason,
                        convert::deactivation_reason,
                        "deactivation reason",
                        recorded,
                    )?,
                    deactivated_on: date(&e.deactivated_on, recorded)?,
                    note: open_note(&e.sealed_note, keys, recorded)?,
                }
            }
            pb::PersonReactivated::NAME => {
                let e: pb::PersonReactivated = payload(recorded)?;
                PersonEvent::Reactivated {
                    subject_id: uuid(&e.subject_id, recorded)?,
                    reactivated_on: date(&e.reactivated_on, recorded)?,
                    note: open_note(&e.sealed_note, keys, recorded)?,
                }
            }
            pb::PersonalDataErased::NAME => {
                let e: pb::PersonalDataErased = payload(recorded)?;
                PersonEvent::PersonalDataErased {
                    subject_ids: e
                        .subject_ids
                        .iter()
                        .map(|s| uuid(s, recorded))
                        .collect::<Result<_, _>>()?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(recorded, format!("{other} is not a person event"))),
        })
    }

    fn subjects_to_seal(&self, event: &PersonEvent) -> Vec<Uuid> {
        match event {
            PersonEvent::Registered { subject_id, .. }
            | PersonEvent::Reassigned { subject_id, .. }
            | PersonEvent::PersonalDataUpdated { subject_id, .. }
            | PersonEvent::Deactivated { subject_id, .. }
            | PersonEvent::Reactivated { subject_id, .. } => vec![*subject_id],
            PersonEvent::PersonalDataErased { .. } => Vec::new(),
        }
    }

    fn erased_subjects(&self, event: &PersonEvent) -> Vec<Uuid> {
        match event {
            PersonEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
            _ => Vec::new(),
        }
    }

    fn encode(
        &self,
        event: &PersonEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            PersonEvent::Registered {
                person_id,
                placement,
                registered_on,
                subject_id,
                data,
            } => encoded(&pb::PersonRegistered {
                person_id: person_id.to_string(),
                placement: Some(placement_pb(placement)),
                registered_on: text_date(*registered_on),
                subject_id: subject_id.to_string(),
                personal: seal_data(*subject_id, data.as_ref(), keys, vault)?,
            }),
            PersonEvent::Reassigned {
                subject_id,
                placement,
                previous,
                effective_on,
                note,
            } => encoded(&pb::PersonReassigned {
                placement: Some(placement_pb(placement)),
                previous_placement: Some(placement_pb(previous)),
                effective_on: text_date(*effective_on),
                subject_id: subject_id.to_string(),
                sealed_note: seal_note(*subject_id, note.as_ref(), keys, vault, "note")?,
            }),
            PersonEvent::PersonalDataUpdated { subject_id, data } => {
                encoded(&pb::PersonPersonalDataUpdated {
                    subject_id: subject_id.to_string(),
                    personal: seal_data(*subject_id, data.as_ref(), keys, vault)?,
                })
            }
            PersonEvent::Deactivated {
                subject_id,
                reason,
                deactivated_on,
                note,
            } => encoded(&pb::PersonDeactivated {
                reason: convert::deactivation_reason_pb(*reason) as i32,
                deactivated_on: text_date(*deactivated_on),
                subject_id: subject_id.to_string(),
                sealed_note: seal_note(*subject_id, note.as_ref(), keys, vault, "note")?,
            }),
            PersonEvent::Reactivated {
                subject_id,
                reactivated_on,
                note,
            } => encoded(&pb::PersonReactivated {
                reactivated_on: text_date(*reactivated_on),
                subject_id: subject_id.to_string(),
                sealed_note: seal_note(*subject_id, note.as_ref(), keys, vault, "note")?,
            }),
            PersonEvent::PersonalDataErased {
                subject_ids,
                reason,
            } => encoded(&pb::PersonalDataErased {
                subject_ids: subject_ids.iter().map(ToString::to_string).collect(),
                reason: reason.clone(),
            }),
        })
    }
}

fn seal_data(
    subject: Uuid,
    data: Option<&PersonData>,
    keys: &mut KeyRing,
    vault: &Vault,
) -> Result<Option<SealedPersonalData>, CodecError> {
    berdaya_platform::codec::sealing::seal_optional(
        subject,
        data.map(data_pb).as_ref(),
        keys,
        vault,
        "full_name",
    )
}
