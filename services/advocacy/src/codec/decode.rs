//! Stored advocacy events back into domain events; sealed texts open with the case's key
//! and read as `None` once it is destroyed.

use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::CodecError;
use berdaya_platform::codec::fields::{
    corrupt, date, enumerated, optional, optional_date, region, required, uuid, uuids,
};
use berdaya_platform::codec::sealing::open;
use berdaya_platform::codec::{payload, short_name};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use chrono::{DateTime, Utc};
use prost::Name;

use crate::convert;
use crate::domain::{
    AffectedHousehold, CaseDetails, CaseEvent, DocumentHash, Evidence, PlannedStep,
    ResponsibleParty, RestoredAccess, ServiceLevel,
};

fn instant(
    at: Option<prost_types::Timestamp>,
    what: &str,
    recorded: &RecordedEvent,
) -> Result<DateTime<Utc>, CodecError> {
    let at = required(at, what, recorded)?;
    let nanos = u32::try_from(at.nanos).map_err(|e| corrupt(recorded, e.to_string()))?;
    DateTime::from_timestamp(at.seconds, nanos)
        .ok_or_else(|| corrupt(recorded, format!("{what} is out of range")))
}

fn days(value: i32, recorded: &RecordedEvent) -> Result<u32, CodecError> {
    u32::try_from(value).map_err(|e| corrupt(recorded, format!("days {value}: {e}")))
}

fn service_level(
    level: Option<pb::ServiceLevel>,
    recorded: &RecordedEvent,
) -> Result<ServiceLevel, CodecError> {
    let level = required(level, "service_level", recorded)?;
    Ok(ServiceLevel {
        first_action_days: days(level.first_action_days, recorded)?,
        resolution_days: days(level.resolution_days, recorded)?,
    })
}

fn evidence(e: pb::Evidence, recorded: &RecordedEvent) -> Result<Evidence, CodecError> {
    Ok(Evidence {
        evidence_id: uuid(&e.evidence_id, recorded)?,
        sha256: DocumentHash::parse(&e.sha256).map_err(|v| corrupt(recorded, v.description))?,
        collected_on: date(&e.collected_on, recorded)?,
        description: e.description,
        reference: e.reference,
    })
}

fn affected(
    households: Vec<pb::AffectedHousehold>,
    recorded: &RecordedEvent,
) -> Result<Vec<AffectedHousehold>, CodecError> {
    households
        .into_iter()
        .map(|h| {
            Ok(AffectedHousehold {
                household_id: uuid(&h.household_id, recorded)?,
                village: region(&h.village_code, recorded)?,
            })
        })
        .collect()
}

fn step(s: pb::PlannedStep, recorded: &RecordedEvent) -> Result<PlannedStep, CodecError> {
    Ok(PlannedStep {
        kind: enumerated(s.kind, convert::action_kind, "step kind", recorded)?,
        due_on: optional_date(&s.due_on, recorded)?,
        description: s.description,
    })
}

fn restored(
    r: &pb::RestoredAccess,
    recorded: &RecordedEvent,
) -> Result<RestoredAccess, CodecError> {
    Ok(RestoredAccess {
        household_id: uuid(&r.household_id, recorded)?,
        regained_on: date(&r.regained_on, recorded)?,
    })
}

/// Decodes one stored advocacy event.
///
/// # Errors
/// [`CodecError::Corrupt`] for a payload no codec wrote.
pub fn decode_event(recorded: &RecordedEvent, keys: &KeyRing) -> Result<CaseEvent, CodecError> {
    let r = recorded;
    Ok(match short_name(&r.event_type) {
        pb::AdvocacyCaseReported::NAME => {
            let e: pb::AdvocacyCaseReported = payload(r)?;
            let responsible = required(e.responsible, "responsible", r)?;
            let details =
                open::<pb::CasePersonalData>(&e.personal, keys, r)?.map(|d| CaseDetails {
                    reporter_name: optional(d.reporter_name),
                    reporter_phone: optional(d.reporter_phone),
                    description: d.description,
                    responsible_person: optional(d.responsible_person_name),
                });
            CaseEvent::Reported {
                case_id: uuid(&e.case_id, r)?,
                region: region(&e.region_code, r)?,
                households: affected(e.households, r)?,
                right_code: e.right_code,
                summary: e.summary,
                responsible: ResponsibleParty {
                    kind: enumerated(responsible.kind, convert::party_kind, "party kind", r)?,
                    name: responsible.name,
                },
                channel: enumerated(e.channel, convert::channel, "channel", r)?,
                urgency: enumerated(e.urgency, convert::urgency, "urgency", r)?,
                service_level: service_level(e.service_level, r)?,
                level: enumerated(e.level, convert::level, "level", r)?,
                reported_on: date(&e.reported_on, r)?,
                caseworkers: e.caseworker_ids,
                subject_id: uuid(&e.subject_id, r)?,
                details,
            }
        }
        pb::CaseAssessed::NAME => {
            let e: pb::CaseAssessed = payload(r)?;
            CaseEvent::Assessed {
                assessed_on: date(&e.assessed_on, r)?,
                risk: enumerated(e.risk, convert::risk, "risk", r)?,
                evidence: e
                    .evidence
                    .into_iter()
                    .map(|x| evidence(x, r))
                    .collect::<Result<_, _>>()?,
                subject_id: uuid(&e.subject_id, r)?,
                facts: open::<pb::AssessmentPersonalData>(&e.personal, keys, r)?.map(|p| p.facts),
                assessed_by: e.assessed_by,
            }
        }
        pb::EvidenceAdded::NAME => {
            let e: pb::EvidenceAdded = payload(r)?;
            CaseEvent::EvidenceAdded {
                evidence: evidence(required(e.evidence, "evidence", r)?, r)?,
            }
        }
        pb::AffectedHouseholdsAdded::NAME => {
            let e: pb::AffectedHouseholdsAdded = payload(r)?;
            CaseEvent::HouseholdsAdded {
                households: affected(e.households, r)?,
                added_on: date(&e.added_on, r)?,
            }
        }
        pb::CaseworkerAssigned::NAME => {
            let e: pb::CaseworkerAssigned = payload(r)?;
            CaseEvent::CaseworkerAssigned {
                assigned_on: date(&e.assigned_on, r)?,
                caseworker_id: e.caseworker_id,
            }
        }
        pb::CaseworkerUnassigned::NAME => {
            let e: pb::CaseworkerUnassigned = payload(r)?;
            CaseEvent::CaseworkerUnassigned {
                unassigned_on: date(&e.unassigned_on, r)?,
                caseworker_id: e.caseworker_id,
                reason: e.reason,
            }
        }
        pb::ActionPlanAdopted::NAME => {
            let e: pb::ActionPlanAdopted = payload(r)?;
            CaseEvent::ActionPlanAdopted {
                version: days(e.version, r)?,
                adopted_on: date(&e.adopted_on, r)?,
                objective: e.objective,
                steps: e
                    .steps
                    .into_iter()
                    .map(|s| step(s, r))
                    .collect::<Result<_, _>>()?,
            }
        }
        pb::AdvocacyActionTaken::NAME => {
            let e: pb::AdvocacyActionTaken = payload(r)?;
            CaseEvent::ActionTaken {
                action_id: uuid(&e.action_id, r)?,
                kind: enumerated(e.kind, convert::action_kind, "action kind", r)?,
                taken_on: date(&e.taken_on, r)?,
                households: uuids(&e.household_ids, r)?,
                partners: uuids(&e.partner_ids, r)?,
                description: e.description,
                institutions: e.institutions,
                outcome: e.outcome,
            }
        }
        pb::CaseEscalated::NAME => {
            let e: pb::CaseEscalated = payload(r)?;
            CaseEvent::Escalated {
                from: enumerated(e.from, convert::level, "from", r)?,
                to: enumerated(e.to, convert::level, "to", r)?,
                escalated_on: date(&e.escalated_on, r)?,
                reason: e.reason,
            }
        }
        pb::UrgencyChanged::NAME => {
            let e: pb::UrgencyChanged = payload(r)?;
            CaseEvent::UrgencyChanged {
                from: enumerated(e.from, convert::urgency, "from", r)?,
                to: enumerated(e.to, convert::urgency, "to", r)?,
                service_level: service_level(e.service_level, r)?,
                changed_on: date(&e.changed_on, r)?,
                reason: e.reason,
            }
        }
        pb::ReporterAwaited::NAME => {
            let e: pb::ReporterAwaited = payload(r)?;
            CaseEvent::ReporterAwaited {
                since: date(&e.since, r)?,
                reason: e.reason,
                clock_paused: e.clock_paused,
            }
        }
        pb::ReporterResponded::NAME => {
            let e: pb::ReporterResponded = payload(r)?;
            CaseEvent::ReporterResponded {
                responded_on: date(&e.responded_on, r)?,
            }
        }
        pb::CaseResolved::NAME => {
            let e: pb::CaseResolved = payload(r)?;
            CaseEvent::Resolved {
                resolved_on: date(&e.resolved_on, r)?,
                restored: e
                    .restored
                    .iter()
                    .map(|x| restored(x, r))
                    .collect::<Result<_, _>>()?,
                remedy: e.remedy,
            }
        }
        pb::CaseClosedUnresolved::NAME => {
            let e: pb::CaseClosedUnresolved = payload(r)?;
            CaseEvent::ClosedUnresolved {
                closed_on: date(&e.closed_on, r)?,
                reason: e.reason,
            }
        }
        pb::CaseReopened::NAME => {
            let e: pb::CaseReopened = payload(r)?;
            CaseEvent::Reopened {
                reopened_on: date(&e.reopened_on, r)?,
                reason: e.reason,
            }
        }
        pb::CaseNoteAdded::NAME => {
            let e: pb::CaseNoteAdded = payload(r)?;
            CaseEvent::NoteAdded {
                note_id: uuid(&e.note_id, r)?,
                author_role: enumerated(e.author_role, convert::actor_role, "author_role", r)?,
                written_at: instant(e.written_at, "written_at", r)?,
                confidential: e.confidential,
                subject_id: uuid(&e.subject_id, r)?,
                text: open::<pb::NotePersonalData>(&e.personal, keys, r)?.map(|p| p.text),
                author: e.author,
            }
        }
        pb::ConfidentialNoteRead::NAME => {
            let e: pb::ConfidentialNoteRead = payload(r)?;
            CaseEvent::ConfidentialNoteRead {
                note_id: uuid(&e.note_id, r)?,
                reader_role: enumerated(e.reader_role, convert::actor_role, "reader_role", r)?,
                read_at: instant(e.read_at, "read_at", r)?,
                reader: e.reader,
            }
        }
        pb::PersonalDataErased::NAME => {
            let e: pb::PersonalDataErased = payload(r)?;
            CaseEvent::PersonalDataErased {
                subject_ids: uuids(&e.subject_ids, r)?,
                reason: e.reason,
            }
        }
        other => return Err(corrupt(r, format!("unknown advocacy event {other}"))),
    })
}
