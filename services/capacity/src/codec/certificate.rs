//! Certificate events to and from `berdaya.capacity.v1` messages. The certificate
//! number, the outside issuer's reference, the renewal basis and the revocation note are
//! sealed with the holder's key: erasing the holder makes them unreadable.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{corrupt, date, enumerated, text_date, uuid};
use berdaya_platform::codec::sealing::{open, seal_optional, sealed_subject};
use berdaya_platform::codec::{payload, short_name};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::capacity::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::person::{open_note, seal_note};
use super::{count, encoded};
use crate::convert;
use crate::domain::certificate::CertificateEvent;

/// Encodes and decodes certificate events.
#[derive(Debug, Clone, Copy, Default)]
pub struct CertificateCodec;

/// The sealed number (and reference) of a certificate, `None` when erased.
fn number_pb(
    number: Option<&String>,
    reference: Option<&String>,
) -> Option<pb::CertificatePersonalData> {
    number.map(|n| pb::CertificatePersonalData {
        certificate_number: n.clone(),
        reference: reference.cloned().unwrap_or_default(),
    })
}

impl EventCodec for CertificateCodec {
    type Event = CertificateEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        let sealed = match short_name(&recorded.event_type) {
            pb::CertificateIssued::NAME => payload::<pb::CertificateIssued>(recorded)?.personal,
            pb::CertificateRecognised::NAME => {
                payload::<pb::CertificateRecognised>(recorded)?.personal
            }
            pb::CertificateRenewed::NAME => {
                payload::<pb::CertificateRenewed>(recorded)?.sealed_basis
            }
            pb::CertificateRevoked::NAME => {
                payload::<pb::CertificateRevoked>(recorded)?.sealed_note
            }
            _ => None,
        };
        Ok(sealed_subject(&sealed).into_iter().collect())
    }

    fn decode(&self, r: &RecordedEvent, keys: &KeyRing) -> Result<CertificateEvent, CodecError> {
        Ok(match short_name(&r.event_type) {
            pb::CertificateIssued::NAME => {
                let e: pb::CertificateIssued = payload(r)?;
                let personal = open::<pb::CertificatePersonalData>(&e.personal, keys, r)?;
                CertificateEvent::Issued {
                    certificate_id: uuid(&e.certificate_id, r)?,
                    subject_id: uuid(&e.subject_id, r)?,
                    certificate_number: personal.map(|p| p.certificate_number),
                    holder_id: uuid(&e.holder_id, r)?,
                    programme_id: uuid(&e.programme_id, r)?,
                    cohort_id: uuid(&e.cohort_id, r)?,
                    name: e.name,
                    validity_months: count(e.validity_months, "validity months", r)?,
                    issued_on: date(&e.issued_on, r)?,
                    valid_from: date(&e.valid_from, r)?,
                    valid_until: date(&e.valid_until, r)?,
                }
            }
            pb::CertificateRecognised::NAME => {
                let e: pb::CertificateRecognised = payload(r)?;
                let personal = open::<pb::CertificatePersonalData>(&e.personal, keys, r)?;
                let (number, reference) = match personal {
                    Some(p) => (Some(p.certificate_number), Some(p.reference)),
                    None => (None, None),
                };
                CertificateEvent::Recognised {
                    certificate_id: uuid(&e.certificate_id, r)?,
                    subject_id: uuid(&e.subject_id, r)?,
                    certificate_number: number,
                    holder_id: uuid(&e.holder_id, r)?,
                    programme_id: uuid(&e.programme_id, r)?,
                    name: e.name,
                    validity_months: count(e.validity_months, "validity months", r)?,
                    issuing_body: e.issuing_body,
                    reference,
                    valid_from: date(&e.valid_from, r)?,
                    valid_until: date(&e.valid_until, r)?,
                    recognised_on: date(&e.recognised_on, r)?,
                }
            }
            pb::CertificateRenewed::NAME => {
                let e: pb::CertificateRenewed = payload(r)?;
                CertificateEvent::Renewed {
                    subject_id: uuid(&e.subject_id, r)?,
                    renewed_on: date(&e.renewed_on, r)?,
                    valid_until: date(&e.valid_until, r)?,
                    previous_valid_until: date(&e.previous_valid_until, r)?,
                    basis: open_note(&e.sealed_basis, keys, r)?,
                }
            }
            pb::CertificateRevoked::NAME => {
                let e: pb::CertificateRevoked = payload(r)?;
                CertificateEvent::Revoked {
                    subject_id: uuid(&e.subject_id, r)?,
                    revoked_on: date(&e.revoked_on, r)?,
                    reason: enumerated(e.reason, convert::revocation_reason, "reason", r)?,
                    note: open_note(&e.sealed_note, keys, r)?,
                }
            }
            other => return Err(corrupt(r, format!("{other} is not a certificate event"))),
        })
    }

    fn subjects_to_seal(&self, event: &CertificateEvent) -> Vec<Uuid> {
        match event {
            CertificateEvent::Issued { subject_id, .. }
            | CertificateEvent::Recognised { subject_id, .. }
            | CertificateEvent::Renewed { subject_id, .. }
            | CertificateEvent::Revoked { subject_id, .. } => vec![*subject_id],
        }
    }

    fn encode(
        &self,
        event: &CertificateEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            CertificateEvent::Issued {
                certificate_id,
                subject_id,
                certificate_number,
                holder_id,
                programme_id,
                cohort_id,
                name,
                validity_months,
                issued_on,
                valid_from,
                valid_until,
            } => encoded(&pb::CertificateIssued {
                certificate_id: certificate_id.to_string(),
                subject_id: subject_id.to_string(),
                holder_id: holder_id.to_string(),
                programme_id: programme_id.to_string(),
                cohort_id: cohort_id.to_string(),
                name: name.clone(),
                validity_months: i32::from(*validity_months),
                issued_on: text_date(*issued_on),
                valid_from: text_date(*valid_from),
                valid_until: text_date(*valid_until),
                personal: seal_optional(
                    *subject_id,
                    number_pb(certificate_number.as_ref(), None).as_ref(),
                    keys,
                    vault,
                    "person_id",
                )?,
            }),
            CertificateEvent::Recognised {
                certificate_id,
                subject_id,
                certificate_number,
                holder_id,
                programme_id,
                name,
                validity_months,
                issuing_body,
                reference,
                valid_from,
                valid_until,
                recognised_on,
            } => encoded(&pb::CertificateRecognised {
                certificate_id: certificate_id.to_string(),
                subject_id: subject_id.to_string(),
                holder_id: holder_id.to_string(),
                programme_id: programme_id.to_string(),
                name: name.clone(),
                validity_months: i32::from(*validity_months),
                issuing_body: issuing_body.clone(),
                valid_from: text_date(*valid_from),
                valid_until: text_date(*valid_until),
                recognised_on: text_date(*recognised_on),
                personal: seal_optional(
                    *subject_id,
                    number_pb(certificate_number.as_ref(), reference.as_ref()).as_ref(),
                    keys,
                    vault,
                    "person_id",
                )?,
            }),
            CertificateEvent::Renewed {
                subject_id,
                renewed_on,
                valid_until,
                previous_valid_until,
                basis,
            } => encoded(&pb::CertificateRenewed {
                renewed_on: text_date(*renewed_on),
                valid_until: text_date(*valid_until),
                previous_valid_until: text_date(*previous_valid_until),
                subject_id: subject_id.to_string(),
                sealed_basis: seal_note(*subject_id, basis.as_ref(), keys, vault, "basis")?,
            }),
            CertificateEvent::Revoked {
                subject_id,
                revoked_on,
                reason,
                note,
            } => encoded(&pb::CertificateRevoked {
                revoked_on: text_date(*revoked_on),
                reason: convert::revocation_reason_pb(*reason) as i32,
                subject_id: subject_id.to_string(),
                sealed_note: seal_note(*subject_id, note.as_ref(), keys, vault, "note")?,
            }),
        })
    }
}
