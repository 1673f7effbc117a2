//! Cohort events to and from `berdaya.capacity.v1` messages (no personal data: people
//! are person ids).

use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{
    corrupt, date, enumerated, region, text_date, uuid, uuid_texts, uuids,
};
use berdaya_platform::codec::{payload, short_name};
use berdaya_proto::berdaya::capacity::v1 as pb;
use prost::Name;

use super::{Plain, PlainEvents, count, encoded, roles, roles_pb, terms, terms_pb};
use crate::convert;
use crate::domain::cohort::CohortEvent;

/// Cohort events as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct CohortEvents;

/// Encodes and decodes cohort events.
pub type CohortCodec = Plain<CohortEvents>;

fn number(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl PlainEvents for CohortEvents {
    type Event = CohortEvent;

    fn to_stored(event: &CohortEvent) -> EncodedEvent {
        use CohortEvent as E;
        match event {
            E::Scheduled {
                cohort_id,
                programme_id,
                terms_version,
                method,
                target_roles,
                terms,
                name,
                region,
                venue,
                starts_on,
                ends_on,
                capacity,
            } => encoded(&pb::CohortScheduled {
                cohort_id: cohort_id.to_string(),
                programme_id: programme_id.to_string(),
                terms_version: number(*terms_version),
                method: convert::method_pb(*method) as i32,
                target_roles: roles_pb(target_roles),
                terms: Some(terms_pb(terms)),
                name: name.clone(),
                region_code: region.to_string(),
                venue: venue.clone(),
                starts_on: text_date(*starts_on),
                ends_on: text_date(*ends_on),
                capacity: i32::from(*capacity),
            }),
            E::TrainerAssigned {
                trainer_id,
                certificate_id,
                certificate_valid_until,
            } => encoded(&pb::TrainerAssigned {
                trainer_id: trainer_id.to_string(),
                certificate_id: certificate_id.to_string(),
                certificate_valid_until: text_date(*certificate_valid_until),
            }),
            E::SessionScheduled {
                session_id,
                module_code,
                held_on,
                trainer_id,
            } => encoded(&pb::SessionScheduled {
                session_id: session_id.to_string(),
                module_code: module_code.clone(),
                held_on: text_date(*held_on),
                trainer_id: trainer_id.to_string(),
            }),
            E::SessionCancelled { session_id, reason } => encoded(&pb::SessionCancelled {
                session_id: session_id.to_string(),
                reason: reason.clone(),
            }),
            E::ParticipantEnrolled {
                person_id,
                role,
                enrolled_on,
            } => encoded(&pb::ParticipantEnrolled {
                person_id: person_id.to_string(),
                role: convert::role_pb(*role) as i32,
                enrolled_on: text_date(*enrolled_on),
            }),
            E::ParticipantWithdrew {
                person_id,
                withdrawn_on,
                reason,
            } => encoded(&pb::ParticipantWithdrew {
                person_id: person_id.to_string(),
                withdrawn_on: text_date(*withdrawn_on),
                reason: convert::withdrawal_reason_pb(*reason) as i32,
            }),
            E::AttendanceRecorded {
                session_id,
                present,
                absent,
            } => encoded(&pb::AttendanceRecorded {
                session_id: session_id.to_string(),
                present_person_ids: uuid_texts(present),
                absent_person_ids: uuid_texts(absent),
            }),
            E::AssessmentRecorded {
                person_id,
                score,
                passed,
                assessed_on,
            } => encoded(&pb::AssessmentRecorded {
                person_id: person_id.to_string(),
                score: i32::from(*score),
                passed: *passed,
                assessed_on: text_date(*assessed_on),
            }),
            E::ParticipantCompleted {
                person_id,
                sessions_attended,
                sessions_held,
                score,
                completed_on,
            } => encoded(&pb::ParticipantCompleted {
                person_id: person_id.to_string(),
                sessions_attended: number(*sessions_attended),
                sessions_held: number(*sessions_held),
                score: score.map(i32::from),
                completed_on: text_date(*completed_on),
            }),
            E::ParticipantNotCompleted {
                person_id,
                sessions_attended,
                sessions_held,
                score,
                reasons,
            } => encoded(&pb::ParticipantNotCompleted {
                person_id: person_id.to_string(),
                sessions_attended: number(*sessions_attended),
                sessions_held: number(*sessions_held),
                score: score.map(i32::from),
                reasons: reasons
                    .iter()
                    .map(|r| convert::not_completed_reason_pb(*r) as i32)
                    .collect(),
            }),
            E::Completed {
                completed_on,
                completed_count,
                not_completed_count,
            } => encoded(&pb::CohortCompleted {
                completed_on: text_date(*completed_on),
                completed_count: number(*completed_count),
                not_completed_count: number(*not_completed_count),
            }),
            E::Cancelled {
                cancelled_on,
                reason,
            } => encoded(&pb::CohortCancelled {
                cancelled_on: text_date(*cancelled_on),
                reason: reason.clone(),
            }),
        }
    }

    fn from_stored(r: &RecordedEvent) -> Result<CohortEvent, CodecError> {
        use CohortEvent as E;
        let score = |s: Option<i32>| s.map(|s| count(s, "score", r)).transpose();
        Ok(match short_name(&r.event_type) {
            pb::CohortScheduled::NAME => {
                let e: pb::CohortScheduled = payload(r)?;
                E::Scheduled {
                    cohort_id: uuid(&e.cohort_id, r)?,
                    programme_id: uuid(&e.programme_id, r)?,
                    terms_version: count(e.terms_version, "terms version", r)?,
                    method: enumerated(e.method, convert::method, "method", r)?,
                    target_roles: roles(&e.target_roles, r)?,
                    terms: terms(e.terms.as_ref(), r)?,
                    name: e.name,
                    region: region(&e.region_code, r)?,
                    venue: e.venue,
                    starts_on: date(&e.starts_on, r)?,
                    ends_on: date(&e.ends_on, r)?,
                    capacity: count(e.capacity, "capacity", r)?,
                }
            }
            pb::TrainerAssigned::NAME => {
                let e: pb::TrainerAssigned = payload(r)?;
                E::TrainerAssigned {
                    trainer_id: uuid(&e.trainer_id, r)?,
                    certificate_id: uuid(&e.certificate_id, r)?,
                    certificate_valid_until: date(&e.certificate_valid_until, r)?,
                }
            }
            pb::SessionScheduled::NAME => {
                let e: pb::SessionScheduled = payload(r)?;
                E::SessionScheduled {
                    session_id: uuid(&e.session_id, r)?,
                    module_code: e.module_code,
                    held_on: date(&e.held_on, r)?,
                    trainer_id: uuid(&e.trainer_id, r)?,
                }
            }
            pb::SessionCancelled::NAME => {
                let e: pb::SessionCancelled = payload(r)?;
                E::SessionCancelled {
                    session_id: uuid(&e.session_id, r)?,
                    reason: e.reason,
                }
            }
            pb::ParticipantEnrolled::NAME => {
                let e: pb::ParticipantEnrolled = payload(r)?;
                E::ParticipantEnrolled {
                    person_id: uuid(&e.person_id, r)?,
                    role: enumerated(e.role, convert::role, "role", r)?,
                    enrolled_on: date(&e.enrolled_on, r)?,
                }
            }
            pb::ParticipantWithdrew::NAME => {
                let e: pb::ParticipantWithdrew = payload(r)?;
                E::ParticipantWithdrew {
                    person_id: uuid(&e.person_id, r)?,
                    withdrawn_on: date(&e.withdrawn_on, r)?,
                    reason: enumerated(e.reason, convert::withdrawal_reason, "reason", r)?,
                }
            }
            pb::AttendanceRecorded::NAME => {
                let e: pb::AttendanceRecorded = payload(r)?;
                E::AttendanceRecorded {
                    session_id: uuid(&e.session_id, r)?,
                    present: uuids(&e.present_person_ids, r)?,
                    absent: uuids(&e.absent_person_ids, r)?,
                }
            }
            pb::AssessmentRecorded::NAME => {
                let e: pb::AssessmentRecorded = payload(r)?;
                E::AssessmentRecorded {
                    person_id: uuid(&e.person_id, r)?,
                    score: count(e.score, "score", r)?,
                    passed: e.passed,
                    assessed_on: date(&e.assessed_on, r)?,
                }
            }
            pb::ParticipantCompleted::NAME => {
                let e: pb::ParticipantCompleted = payload(r)?;
                E::ParticipantCompleted {
                    person_id: uuid(&e.person_id, r)?,
                    sessions_attended: count(e.sessions_attended, "sessions attended", r)?,
                    sessions_held: count(e.sessions_held, "sessions held", r)?,
                    score: score(e.score)?,
                    completed_on: date(&e.completed_on, r)?,
                }
            }
            pb::ParticipantNotCompleted::NAME => {
                let e: pb::ParticipantNotCompleted = payload(r)?;
                E::ParticipantNotCompleted {
                    person_id: uuid(&e.person_id, r)?,
                    sessions_attended: count(e.sessions_attended, "sessions attended", r)?,
                    sessions_held: count(e.sessions_held, "sessions held", r)?,
                    score: score(e.score)?,
                    reasons: e
                        .reasons
                        .iter()
                        .map(|x| enumerated(*x, convert::not_completed_reason, "reason", r))
                        .collect::<Result<_, _>>()?,
                }
            }
            pb::CohortCompleted::NAME => {
                let e: pb::CohortCompleted = payload(r)?;
                E::Completed {
                    completed_on: date(&e.completed_on, r)?,
                    completed_count: count(e.completed_count, "completed count", r)?,
                    not_completed_count: count(e.not_completed_count, "not completed", r)?,
                }
            }
            pb::CohortCancelled::NAME => {
                let e: pb::CohortCancelled = payload(r)?;
                E::Cancelled {
                    cancelled_on: date(&e.cancelled_on, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("{other} is not a cohort event"))),
        })
    }
}
