//! Agreement events to and from `berdaya.partnerships.v1` messages; each signatory's
//! name sealed with their own key.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::codec::fields::{self, corrupt};
use berdaya_platform::codec::{payload, sealing};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::{document, document_pb, encoded, quantity, short_name};
use crate::convert;
use crate::domain::agreement::{
    AmendmentChanges, Commitment, Contribution, Signatory, SignatoryData, TargetRevision, Terms,
};
use crate::domain::{AgreementEvent, Party};

/// Encodes and decodes agreement events.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgreementCodec;

/// A party as stored: a partner's id, or empty for the office.
pub(crate) fn party_pb(party: Party) -> String {
    match party {
        Party::Office => String::new(),
        Party::Partner(id) => id.to_string(),
    }
}

fn party(text: &str, recorded: &RecordedEvent) -> Result<Party, CodecError> {
    Ok(fields::optional_uuid(text, recorded)?.map_or(Party::Office, Party::Partner))
}

/// A commitment as proto (stored and answered alike).
pub(crate) fn commitment_pb(c: &Commitment) -> pb::Commitment {
    pb::Commitment {
        commitment_id: c.commitment_id.to_string(),
        provider_partner_id: party_pb(c.provider),
        kind: convert::commitment_kind_pb(c.kind) as i32,
        description: c.description.clone(),
        target: Some(convert::quantity_pb(c.target)),
        period_start: fields::text_date(c.period_start),
        period_end: fields::text_date(c.period_end),
    }
}

fn commitment(c: pb::Commitment, recorded: &RecordedEvent) -> Result<Commitment, CodecError> {
    Ok(Commitment {
        commitment_id: fields::uuid(&c.commitment_id, recorded)?,
        provider: party(&c.provider_partner_id, recorded)?,
        kind: fields::enumerated(c.kind, convert::commitment_kind, "kind", recorded)?,
        description: c.description,
        target: quantity(c.target.as_ref(), recorded)?,
        period_start: fields::date(&c.period_start, recorded)?,
        period_end: fields::date(&c.period_end, recorded)?,
    })
}

/// Terms as proto (stored and answered alike).
pub(crate) fn terms_pb(terms: &Terms) -> pb::Terms {
    pb::Terms {
        title: terms.title.clone(),
        purpose: terms.purpose.clone(),
        partner_ids: fields::uuid_texts(&terms.partner_ids),
        start_date: fields::text_date(terms.start_date),
        end_date: fields::text_date(terms.end_date),
        commitments: terms.commitments.iter().map(commitment_pb).collect(),
    }
}

fn terms(terms: Option<pb::Terms>, recorded: &RecordedEvent) -> Result<Terms, CodecError> {
    let t = fields::required(terms, "terms", recorded)?;
    Ok(Terms {
        title: t.title,
        purpose: t.purpose,
        partner_ids: fields::uuids(&t.partner_ids, recorded)?,
        start_date: fields::date(&t.start_date, recorded)?,
        end_date: fields::date(&t.end_date, recorded)?,
        commitments: t
            .commitments
            .into_iter()
            .map(|c| commitment(c, recorded))
            .collect::<Result<_, _>>()?,
    })
}

/// Amendment changes as proto (stored and answered alike).
pub(crate) fn changes_pb(changes: &AmendmentChanges) -> pb::AgreementChanges {
    pb::AgreementChanges {
        title: changes.title.clone(),
        purpose: changes.purpose.clone(),
        end_date: fields::optional_text_date(changes.end_date),
        added_commitments: changes
            .added_commitments
            .iter()
            .map(commitment_pb)
            .collect(),
        revised_targets: changes
            .revised_targets
            .iter()
            .map(|r| pb::TargetRevision {
                commitment_id: r.commitment_id.to_string(),
                target: Some(convert::quantity_pb(r.target)),
            })
            .collect(),
        withdrawn_commitment_ids: fields::uuid_texts(&changes.withdrawn_commitment_ids),
    }
}

fn changes(
    changes: Option<pb::AgreementChanges>,
    recorded: &RecordedEvent,
) -> Result<AmendmentChanges, CodecError> {
    let c = fields::required(changes, "changes", recorded)?;
    Ok(AmendmentChanges {
        title: c.title,
        purpose: c.purpose,
        end_date: fields::optional_date(&c.end_date, recorded)?,
        added_commitments: c
            .added_commitments
            .into_iter()
            .map(|c| commitment(c, recorded))
            .collect::<Result<_, _>>()?,
        revised_targets: c
            .revised_targets
            .into_iter()
            .map(|r| {
                Ok(TargetRevision {
                    commitment_id: fields::uuid(&r.commitment_id, recorded)?,
                    target: quantity(r.target.as_ref(), recorded)?,
                })
            })
            .collect::<Result<_, CodecError>>()?,
        withdrawn_commitment_ids: fields::uuids(&c.withdrawn_commitment_ids, recorded)?,
    })
}

fn version(number: i32, recorded: &RecordedEvent) -> Result<u32, CodecError> {
    u32::try_from(number).map_err(|e| corrupt(recorded, format!("version {number}: {e}")))
}

fn signatory_pb(
    s: &Signatory,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<pb::SignatoryRecord, CodecError> {
    let data = s.person.as_ref().map(|p| pb::SignatoryPersonalData {
        full_name: p.full_name.clone(),
    });
    Ok(pb::SignatoryRecord {
        partner_id: party_pb(s.party),
        subject_id: s.subject_id.to_string(),
        position: s.position.clone(),
        personal: sealing::seal_optional(s.subject_id, data.as_ref(), keys, vault, field)?,
    })
}

fn signatory(
    s: pb::SignatoryRecord,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Signatory, CodecError> {
    let data: Option<pb::SignatoryPersonalData> = sealing::open(&s.personal, keys, recorded)?;
    Ok(Signatory {
        party: party(&s.partner_id, recorded)?,
        subject_id: fields::uuid(&s.subject_id, recorded)?,
        position: s.position,
        person: data.map(|d| SignatoryData {
            full_name: d.full_name,
        }),
    })
}

impl EventCodec for AgreementCodec {
    type Event = AgreementEvent;

    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        if short_name(recorded)? != pb::AgreementSigned::NAME {
            return Ok(Vec::new());
        }
        let e: pb::AgreementSigned = payload(recorded)?;
        Ok(e.signatories
            .iter()
            .filter_map(|s| sealing::sealed_subject(&s.personal))
            .collect())
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        keys: &KeyRing,
    ) -> Result<AgreementEvent, CodecError> {
        let r = recorded;
        Ok(match short_name(r)? {
            pb::AgreementDrafted::NAME => {
                let e: pb::AgreementDrafted = payload(r)?;
                AgreementEvent::Drafted {
                    agreement_id: fields::uuid(&e.agreement_id, r)?,
                    kind: fields::enumerated(e.kind, convert::agreement_kind, "kind", r)?,
                    region: fields::region(&e.region_code, r)?,
                    terms: terms(e.terms, r)?,
                    drafted_by: e.drafted_by,
                    drafted_on: fields::date(&e.drafted_on, r)?,
                }
            }
            pb::AgreementDraftRevised::NAME => {
                let e: pb::AgreementDraftRevised = payload(r)?;
                AgreementEvent::DraftRevised {
                    terms: terms(e.terms, r)?,
                    revised_by: e.revised_by,
                    revised_on: fields::date(&e.revised_on, r)?,
                }
            }
            pb::AgreementDraftWithdrawn::NAME => {
                let e: pb::AgreementDraftWithdrawn = payload(r)?;
                AgreementEvent::DraftWithdrawn {
                    reason: e.reason,
                    withdrawn_by: e.withdrawn_by,
                    withdrawn_on: fields::date(&e.withdrawn_on, r)?,
                }
            }
            pb::AgreementSigned::NAME => {
                let e: pb::AgreementSigned = payload(r)?;
                AgreementEvent::Signed {
                    signed_on: fields::date(&e.signed_on, r)?,
                    signed_by: e.signed_by,
                    signatories: e
                        .signatories
                        .into_iter()
                        .map(|s| signatory(s, keys, r))
                        .collect::<Result<_, _>>()?,
                    document: document(e.document, r)?,
                }
            }
            pb::AgreementAmended::NAME => {
                let e: pb::AgreementAmended = payload(r)?;
                AgreementEvent::Amended {
                    version: version(e.version, r)?,
                    amended_on: fields::date(&e.amended_on, r)?,
                    summary: e.summary,
                    changes: changes(e.changes, r)?,
                    document: document(e.document, r)?,
                    amended_by: e.amended_by,
                }
            }
            pb::AgreementRenewed::NAME => {
                let e: pb::AgreementRenewed = payload(r)?;
                AgreementEvent::Renewed {
                    version: version(e.version, r)?,
                    renewed_on: fields::date(&e.renewed_on, r)?,
                    previous_end_date: fields::date(&e.previous_end_date, r)?,
                    end_date: fields::date(&e.end_date, r)?,
                    document: document(e.document, r)?,
                    note: e.note,
                    renewed_by: e.renewed_by,
                }
            }
            pb::AgreementTerminated::NAME => {
                let e: pb::AgreementTerminated = payload(r)?;
                AgreementEvent::Terminated {
                    terminated_on: fields::date(&e.terminated_on, r)?,
                    reason: e.reason,
                    terminated_by: e.terminated_by,
                }
            }
            pb::AgreementContributionRecorded::NAME => {
                let e: pb::AgreementContributionRecorded = payload(r)?;
                AgreementEvent::ContributionRecorded {
                    contribution: Contribution {
                        contribution_id: fields::uuid(&e.contribution_id, r)?,
                        commitment_id: fields::uuid(&e.commitment_id, r)?,
                        contributed_on: fields::date(&e.contributed_on, r)?,
                        quantity: quantity(e.quantity.as_ref(), r)?,
                        description: e.description,
                    },
                    recorded_by: e.recorded_by,
                }
            }
            pb::AgreementPersonalDataErased::NAME => {
                let e: pb::AgreementPersonalDataErased = payload(r)?;
                AgreementEvent::PersonalDataErased {
                    subject_ids: fields::uuids(&e.subject_ids, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("unknown agreement event {other}"))),
        })
    }

    fn subjects_to_seal(&self, event: &AgreementEvent) -> Vec<Uuid> {
        match event {
            AgreementEvent::Signed { signatories, .. } => {
                signatories.iter().map(|s| s.subject_id).collect()
            }
            _ => Vec::new(),
        }
    }

    fn erased_subjects(&self, event: &AgreementEvent) -> Vec<Uuid> {
        match event {
            AgreementEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
            _ => Vec::new(),
        }
    }

    fn encode(
        &self,
        event: &AgreementEvent,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            AgreementEvent::Drafted {
                agreement_id,
                kind,
                region,
                terms,
                drafted_by,
                drafted_on,
            } => encoded(&pb::AgreementDrafted {
                agreement_id: agreement_id.to_string(),
                kind: convert::agreement_kind_pb(*kind) as i32,
                region_code: region.to_string(),
                terms: Some(terms_pb(terms)),
                drafted_by: drafted_by.clone(),
                drafted_on: fields::text_date(*drafted_on),
            }),
            AgreementEvent::DraftRevised {
                terms,
                revised_by,
                revised_on,
            } => encoded(&pb::AgreementDraftRevised {
                terms: Some(terms_pb(terms)),
                revised_by: revised_by.clone(),
                revised_on: fields::text_date(*revised_on),
            }),
            AgreementEvent::DraftWithdrawn {
                reason,
                withdrawn_by,
                withdrawn_on,
            } => encoded(&pb::AgreementDraftWithdrawn {
                reason: reason.clone(),
                withdrawn_by: withdrawn_by.clone(),
                withdrawn_on: fields::text_date(*withdrawn_on),
            }),
            AgreementEvent::Signed {
                signed_on,
                signed_by,
                signatories,
                document,
            } => encoded(&pb::AgreementSigned {
                signed_on: fields::text_date(*signed_on),
                signed_by: signed_by.clone(),
                signatories: signatories
                    .iter()
                    .enumerate()
                    .map(|(i, s)| signatory_pb(s, keys, vault, &format!("signatories[{i}]")))
                    .collect::<Result<_, _>>()?,
                document: Some(document_pb(document)),
            }),
            AgreementEvent::Amended {
                version,
                amended_on,
                summary,
                changes,
                document,
                amended_by,
            } => encoded(&pb::AgreementAmended {
                version: i32::try_from(*version).unwrap_or(i32::MAX),
                amended_on: fields::text_date(*amended_on),
                summary: summary.clone(),
                changes: Some(changes_pb(changes)),
                document: Some(document_pb(document)),
                amended_by: amended_by.clone(),
            }),
            AgreementEvent::Renewed {
                version,
                renewed_on,
                previous_end_date,
                end_date,
                document,
                note,
                renewed_by,
            } => encoded(&pb::AgreementRenewed {
                version: i32::try_from(*version).unwrap_or(i32::MAX),
                renewed_on: fields::text_date(*renewed_on),
                previous_end_date: fields::text_date(*previous_end_date),
                end_date: fields::text_date(*end_date),
                document: Some(document_pb(document)),
                note: note.clone(),
                renewed_by: renewed_by.clone(),
            }),
            AgreementEvent::Terminated {
                terminated_on,
                reason,
                terminated_by,
            } => encoded(&pb::AgreementTerminated {
                terminated_on: fields::text_date(*terminated_on),
                reason: reason.clone(),
                terminated_by: terminated_by.clone(),
            }),
            AgreementEvent::ContributionRecorded {
                contribution: c,
                recorded_by,
            } => encoded(&pb::AgreementContributionRecorded {
                contribution_id: c.contribution_id.to_string(),
                commitment_id: c.commitment_id.to_string(),
                contributed_on: fields::text_date(c.contributed_on),
                quantity: Some(convert::quantity_pb(c.quantity)),
                description: c.description.clone(),
                recorded_by: recorded_by.clone(),
            }),
            AgreementEvent::PersonalDataErased {
                subject_ids,
                reason,
            } => encoded(&pb::AgreementPersonalDataErased {
                subject_ids: fields::uuid_texts(subject_ids),
                reason: reason.clone(),
            }),
        })
    }
}
