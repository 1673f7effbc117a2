//! Partner events to and from `berdaya.partnerships.v1` messages; each contact person's
//! name, phone and e-mail sealed with their own key.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{self, corrupt};
use berdaya_platform::codec::{payload, sealing};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::{encoded, short_name};
use crate::convert;
use crate::domain::partner::{ContactData, ContactPerson};
use crate::domain::{Email, PartnerEvent};

/// Encodes and decodes partner events.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartnerCodec;

fn regions_pb(regions: &[berdaya_domain::id::RegionCode]) -> Vec<String> {
    regions.iter().map(ToString::to_string).collect()
}

fn regions(
    codes: &[String],
    recorded: &RecordedEvent,
) -> Result<Vec<berdaya_domain::id::RegionCode>, CodecError> {
    codes.iter().map(|c| fields::region(c, recorded)).collect()
}

fn contact_pb(
    contact: &ContactPerson,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<pb::ContactRecord, CodecError> {
    let data = contact.data.as_ref().map(|d| pb::ContactPersonalData {
        full_name: d.full_name.clone(),
        phone: d.phone.clone().unwrap_or_default(),
        email: d
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
    });
    Ok(pb::ContactRecord {
        contact_id: contact.contact_id.to_string(),
        subject_id: contact.subject_id.to_string(),
        position: contact.position.clone(),
        personal: sealing::seal_optional(contact.subject_id, data.as_ref(), keys, vault, field)?,
    })
}

fn contact(
    record: Option<pb::ContactRecord>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<ContactPerson, CodecError> {
    let record = fields::required(record, "contact", recorded)?;
    let data: Option<pb::ContactPersonalData> = sealing::open(&record.personal, keys, recorded)?;
    let data = data
        .map(|d| -> Result<ContactData, CodecError> {
            let email = fields::optional(d.email)
                .map(|e| Email::parse(&e).map_err(|v| corrupt(recorded, v.to_string())))
                .transpose()?;
            Ok(ContactData {
                full_name: d.full_name,
                phone: fields::optional(d.phone),
                email,
            })
        })
        .transpose()?;
    Ok(ContactPerson {
        contact_id: fields::uuid(&record.contact_id, recorded)?,
        subject_id: fields::uuid(&record.subject_id, recorded)?,
        position: record.position,
        data,
    })
}

fn contact_subject(record: &Option<pb::ContactRecord>) -> Option<Uuid> {
    record
        .as_ref()
        .and_then(|r| sealing::sealed_subject(&r.personal))
}

impl EventCodec for PartnerCodec {
    type Event = PartnerEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(match short_name(recorded)? {
            pb::PartnerRegistered::NAME => {
                let e: pb::PartnerRegistered = payload(recorded)?;
                e.contacts
                    .iter()
                    .filter_map(|c| sealing::sealed_subject(&c.personal))
                    .collect()
            }
            pb::PartnerContactAdded::NAME => {
                let e: pb::PartnerContactAdded = payload(recorded)?;
                contact_subject(&e.contact).into_iter().collect()
            }
            pb::PartnerContactUpdated::NAME => {
                let e: pb::PartnerContactUpdated = payload(recorded)?;
                contact_subject(&e.contact).into_iter().collect()
            }
            _ => Vec::new(),
        })
    }

    fn decode(&self, recorded: &RecordedEvent, keys: &KeyRing) -> Result<PartnerEvent, CodecError> {
        let r = recorded;
        Ok(match short_name(r)? {
            pb::PartnerRegistered::NAME => {
                let e: pb::PartnerRegistered = payload(r)?;
                PartnerEvent::Registered {
                    partner_id: fields::uuid(&e.partner_id, r)?,
                    kind: fields::enumerated(e.kind, convert::partner_kind, "kind", r)?,
                    legal_name: e.legal_name,
                    registration_number: fields::optional(e.registration_number),
                    regions_served: regions(&e.regions_served, r)?,
                    contacts: e
                        .contacts
                        .into_iter()
                        .map(|c| contact(Some(c), keys, r))
                        .collect::<Result<_, _>>()?,
                    registered_on: fields::date(&e.registered_on, r)?,
                }
            }
            pb::PartnerProfileUpdated::NAME => {
                let e: pb::PartnerProfileUpdated = payload(r)?;
                PartnerEvent::ProfileUpdated {
                    legal_name: e.legal_name,
                    registration_number: fields::optional(e.registration_number),
                    regions_served: regions(&e.regions_served, r)?,
                    updated_on: fields::date(&e.updated_on, r)?,
                }
            }
            pb::PartnerContactAdded::NAME => {
                let e: pb::PartnerContactAdded = payload(r)?;
                PartnerEvent::ContactAdded {
                    contact: contact(e.contact, keys, r)?,
                    added_on: fields::date(&e.added_on, r)?,
                }
            }
            pb::PartnerContactUpdated::NAME => {
                let e: pb::PartnerContactUpdated = payload(r)?;
                PartnerEvent::ContactUpdated {
                    contact: contact(e.contact, keys, r)?,
                    updated_on: fields::date(&e.updated_on, r)?,
                }
            }
            pb::PartnerContactRemoved::NAME => {
                let e: pb::PartnerContactRemoved = payload(r)?;
                PartnerEvent::ContactRemoved {
                    contact_id: fields::uuid(&e.contact_id, r)?,
                    removed_on: fields::date(&e.removed_on, r)?,
                    reason: e.reason,
                }
            }
            pb::PartnerSuspended::NAME => {
                let e: pb::PartnerSuspended = payload(r)?;
                PartnerEvent::Suspended {
                    reason: e.reason,
                    suspended_on: fields::date(&e.suspended_on, r)?,
                }
            }
            pb::PartnerReinstated::NAME => {
                let e: pb::PartnerReinstated = payload(r)?;
                PartnerEvent::Reinstated {
                    reinstated_on: fields::date(&e.reinstated_on, r)?,
                    note: e.note,
                }
            }
            pb::PartnerRetired::NAME => {
                let e: pb::PartnerRetired = payload(r)?;
                PartnerEvent::Retired {
                    reason: e.reason,
                    retired_on: fields::date(&e.retired_on, r)?,
                }
            }
            pb::PartnerPersonalDataErased::NAME => {
                let e: pb::PartnerPersonalDataErased = payload(r)?;
                PartnerEvent::PersonalDataErased {
                    subject_ids: fields::uuids(&e.subject_ids, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("unknown partner event {other}"))),
        })
    }

    fn subjects_to_seal(&self, event: &PartnerEvent) -> Vec<Uuid> {
        match event {
            PartnerEvent::Registered { contacts, .. } => {
                contacts.iter().map(|c| c.subject_id).collect()
            }
            PartnerEvent::ContactAdded { contact, .. }
            | PartnerEvent::ContactUpdated { contact, .. } => vec![contact.subject_id],
            _ => Vec::new(),
        }
    }

    fn erased_subjects(&self, event: &PartnerEvent) -> Vec<Uuid> {
        match event {
            PartnerEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
            _ => Vec::new(),
        }
    }

    fn encode(
        &self,
        event: &PartnerEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            PartnerEvent::Registered {
                partner_id,
                kind,
                legal_name,
                registration_number,
                regions_served,
                contacts,
                registered_on,
            } => encoded(&pb::PartnerRegistered {
                partner_id: partner_id.to_string(),
                kind: convert::partner_kind_pb(*kind) as i32,
                legal_name: legal_name.clone(),
                registration_number: registration_number.clone().unwrap_or_default(),
                regions_served: regions_pb(regions_served),
                contacts: contacts
                    .iter()
                    .enumerate()
                    .map(|(i, c)| contact_pb(c, keys, vault, &format!("contacts[{i}]")))
                    .collect::<Result<_, _>>()?,
                registered_on: fields::text_date(*registered_on),
            }),
            PartnerEvent::ProfileUpdated {
                legal_name,
                registration_number,
                regions_served,
                updated_on,
            } => encoded(&pb::PartnerProfileUpdated {
                legal_name: legal_name.clone(),
                registration_number: registration_number.clone().unwrap_or_default(),
                regions_served: regions_pb(regions_served),
                updated_on: fields::text_date(*updated_on),
            }),
            PartnerEvent::ContactAdded { contact, added_on } => encoded(&pb::PartnerContactAdded {
                contact: Some(contact_pb(contact, keys, vault, "contact")?),
                added_on: fields::text_date(*added_on),
            }),
            PartnerEvent::ContactUpdated {
                contact,
                updated_on,
            } => encoded(&pb::PartnerContactUpdated {
                contact: Some(contact_pb(contact, keys, vault, "contact")?),
                updated_on: fields::text_date(*updated_on),
            }),
            PartnerEvent::ContactRemoved {
                contact_id,
                removed_on,
                reason,
            } => encoded(&pb::PartnerContactRemoved {
                contact_id: contact_id.to_string(),
                removed_on: fields::text_date(*removed_on),
                reason: reason.clone(),
            }),
            PartnerEvent::Suspended {
                reason,
                suspended_on,
            } => encoded(&pb::PartnerSuspended {
                reason: reason.clone(),
                suspended_on: fields::text_date(*suspended_on),
            }),
            PartnerEvent::Reinstated {
                reinstated_on,
                note,
            } => encoded(&pb::PartnerReinstated {
                reinstated_on: fields::text_date(*reinstated_on),
                note: note.clone(),
            }),
            PartnerEvent::Retired { reason, retired_on } => encoded(&pb::PartnerRetired {
                reason: reason.clone(),
                retired_on: fields::text_date(*retired_on),
            }),
            PartnerEvent::PersonalDataErased {
                subject_ids,
                reason,
            } => encoded(&pb::PartnerPersonalDataErased {
                subject_ids: fields::uuid_texts(subject_ids),
                reason: reason.clone(),
            }),
        })
    }
}
