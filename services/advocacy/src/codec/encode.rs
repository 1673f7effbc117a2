//! Domain events into stored advocacy events, personal data sealed with the case's key.

use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{optional_text_date, text_date, uuid_texts};
use berdaya_platform::codec::sealing::seal_optional;
use berdaya_platform::codec::{self};
use berdaya_platform::history::timestamp;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use prost::{Message, Name};

use super::SCHEMA_VERSION;
use crate::convert;
use crate::domain::{
    AffectedHousehold, CaseDetails, CaseEvent, Evidence, PlannedStep, ResponsibleParty,
    RestoredAccess, ServiceLevel,
};

fn encoded<M: Message + Name>(message: &M) -> EncodedEvent {
    codec::encoded(message, SCHEMA_VERSION)
}

/// Days as the proto carries them.
fn days(days: u32) -> i32 {
    i32::try_from(days).unwrap_or(i32::MAX)
}

pub(crate) fn service_level_pb(level: ServiceLevel) -> pb::ServiceLevel {
    pb::ServiceLevel {
        first_action_days: days(level.first_action_days),
        resolution_days: days(level.resolution_days),
    }
}

pub(crate) fn evidence_pb(e: &Evidence) -> pb::Evidence {
    pb::Evidence {
        evidence_id: e.evidence_id.to_string(),
        description: e.description.clone(),
        reference: e.reference.clone(),
        sha256: e.sha256.as_str().to_owned(),
        collected_on: text_date(e.collected_on),
    }
}

pub(crate) fn step_pb(s: &PlannedStep) -> pb::PlannedStep {
    pb::PlannedStep {
        kind: convert::action_kind_pb(s.kind) as i32,
        description: s.description.clone(),
        due_on: optional_text_date(s.due_on),
    }
}

pub(crate) fn restored_pb(r: &RestoredAccess) -> pb::RestoredAccess {
    pb::RestoredAccess {
        household_id: r.household_id.to_string(),
        regained_on: text_date(r.regained_on),
    }
}

pub(crate) fn affected_pb(h: &AffectedHousehold) -> pb::AffectedHousehold {
    pb::AffectedHousehold {
        household_id: h.household_id.to_string(),
        village_code: h.village.to_string(),
    }
}

pub(crate) fn responsible_pb(r: &ResponsibleParty) -> pb::ResponsibleParty {
    pb::ResponsibleParty {
        kind: convert::party_kind_pb(r.kind) as i32,
        name: r.name.clone(),
    }
}

pub(crate) fn details_pb(d: &CaseDetails) -> pb::CasePersonalData {
    pb::CasePersonalData {
        reporter_name: d.reporter_name.clone().unwrap_or_default(),
        reporter_phone: d.reporter_phone.clone().unwrap_or_default(),
        description: d.description.clone(),
        responsible_person_name: d.responsible_person.clone().unwrap_or_default(),
    }
}

pub(super) fn event(
    event: &CaseEvent,
    keys: &mut KeyRing,
    vault: &Vault,
) -> Result<EncodedEvent, CodecError> {
    use CaseEvent as E;
    Ok(match event {
        E::Reported {
            case_id,
            region,
            households,
            right_code,
            summary,
            responsible,
            channel,
            urgency,
            service_level,
            level,
            reported_on,
            caseworkers,
            subject_id,
            details,
        } => encoded(&pb::AdvocacyCaseReported {
            case_id: case_id.to_string(),
            region_code: region.to_string(),
            households: households.iter().map(affected_pb).collect(),
            right_code: right_code.clone(),
            summary: summary.clone(),
            responsible: Some(responsible_pb(responsible)),
            channel: convert::channel_pb(*channel) as i32,
            urgency: convert::urgency_pb(*urgency) as i32,
            service_level: Some(service_level_pb(*service_level)),
            level: convert::level_pb(*level) as i32,
            reported_on: text_date(*reported_on),
            caseworker_ids: caseworkers.clone(),
            subject_id: subject_id.to_string(),
            personal: seal_optional(
                *subject_id,
                details.as_ref().map(details_pb).as_ref(),
                keys,
                vault,
                "description",
            )?,
        }),
        E::Assessed {
            assessed_on,
            assessed_by,
            risk,
            evidence,
            subject_id,
            facts,
        } => encoded(&pb::CaseAssessed {
            assessed_on: text_date(*assessed_on),
            assessed_by: assessed_by.clone(),
            risk: convert::risk_pb(*risk) as i32,
            evidence: evidence.iter().map(evidence_pb).collect(),
            subject_id: subject_id.to_string(),
            personal: seal_optional(
                *subject_id,
                facts
                    .as_ref()
                    .map(|facts| pb::AssessmentPersonalData {
                        facts: facts.clone(),
                    })
                    .as_ref(),
                keys,
                vault,
                "facts",
            )?,
        }),
        E::EvidenceAdded { evidence } => encoded(&pb::EvidenceAdded {
            evidence: Some(evidence_pb(evidence)),
        }),
        E::HouseholdsAdded {
            households,
            added_on,
        } => encoded(&pb::AffectedHouseholdsAdded {
            households: households.iter().map(affected_pb).collect(),
            added_on: text_date(*added_on),
        }),
        E::CaseworkerAssigned {
            caseworker_id,
            assigned_on,
        } => encoded(&pb::CaseworkerAssigned {
            caseworker_id: caseworker_id.clone(),
            assigned_on: text_date(*assigned_on),
        }),
        E::CaseworkerUnassigned {
            caseworker_id,
            unassigned_on,
            reason,
        } => encoded(&pb::CaseworkerUnassigned {
            caseworker_id: caseworker_id.clone(),
            unassigned_on: text_date(*unassigned_on),
            reason: reason.clone(),
        }),
        E::ActionPlanAdopted {
            version,
            adopted_on,
            objective,
            steps,
        } => encoded(&pb::ActionPlanAdopted {
            version: days(*version),
            adopted_on: text_date(*adopted_on),
            objective: objective.clone(),
            steps: steps.iter().map(step_pb).collect(),
        }),
        E::ActionTaken {
            action_id,
            kind,
            taken_on,
            description,
            households,
            partners,
            institutions,
            outcome,
        } => encoded(&pb::AdvocacyActionTaken {
            action_id: action_id.to_string(),
            kind: convert::action_kind_pb(*kind) as i32,
            taken_on: text_date(*taken_on),
            description: description.clone(),
            household_ids: uuid_texts(households),
            partner_ids: uuid_texts(partners),
            institutions: institutions.clone(),
            outcome: outcome.clone(),
        }),
        E::Escalated {
            from,
            to,
            reason,
            escalated_on,
        } => encoded(&pb::CaseEscalated {
            from: convert::level_pb(*from) as i32,
            to: convert::level_pb(*to) as i32,
            reason: reason.clone(),
            escalated_on: text_date(*escalated_on),
        }),
        E::UrgencyChanged {
            from,
            to,
            service_level,
            reason,
            changed_on,
        } => encoded(&pb::UrgencyChanged {
            from: convert::urgency_pb(*from) as i32,
            to: convert::urgency_pb(*to) as i32,
            service_level: Some(service_level_pb(*service_level)),
            reason: reason.clone(),
            changed_on: text_date(*changed_on),
        }),
        E::ReporterAwaited {
            since,
            reason,
            clock_paused,
        } => encoded(&pb::ReporterAwaited {
            since: text_date(*since),
            reason: reason.clone(),
            clock_paused: *clock_paused,
        }),
        E::ReporterResponded { responded_on } => encoded(&pb::ReporterResponded {
            responded_on: text_date(*responded_on),
        }),
        E::Resolved {
            resolved_on,
            remedy,
            restored,
        } => encoded(&pb::CaseResolved {
            resolved_on: text_date(*resolved_on),
            remedy: remedy.clone(),
            restored: restored.iter().map(restored_pb).collect(),
        }),
        E::ClosedUnresolved { closed_on, reason } => encoded(&pb::CaseClosedUnresolved {
            closed_on: text_date(*closed_on),
            reason: reason.clone(),
        }),
        E::Reopened {
            reopened_on,
            reason,
        } => encoded(&pb::CaseReopened {
            reopened_on: text_date(*reopened_on),
            reason: reason.clone(),
        }),
        E::NoteAdded {
            note_id,
            author,
            author_role,
            written_at,
            confidential,
            subject_id,
            text,
        } => encoded(&pb::CaseNoteAdded {
            note_id: note_id.to_string(),
            author: author.clone(),
            author_role: convert::actor_role_pb(*author_role) as i32,
            written_at: Some(timestamp(*written_at)),
            confidential: *confidential,
            subject_id: subject_id.to_string(),
            personal: seal_optional(
                *subject_id,
                text.as_ref()
                    .map(|text| pb::NotePersonalData { text: text.clone() })
                    .as_ref(),
                keys,
                vault,
                "text",
            )?,
        }),
        E::ConfidentialNoteRead {
            note_id,
            reader,
            reader_role,
            read_at,
        } => encoded(&pb::ConfidentialNoteRead {
            note_id: note_id.to_string(),
            reader: reader.clone(),
            reader_role: convert::actor_role_pb(*reader_role) as i32,
            read_at: Some(timestamp(*read_at)),
        }),
        E::PersonalDataErased {
            subject_ids,
            reason,
        } => encoded(&pb::PersonalDataErased {
            subject_ids: uuid_texts(subject_ids),
            reason: reason.clone(),
        }),
    })
}
