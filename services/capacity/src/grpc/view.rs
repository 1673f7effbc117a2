//! Domain state to the API's messages.

use berdaya_platform::RegionDirectory;
use berdaya_platform::codec::fields::{optional_text_date, text_date};
use berdaya_proto::berdaya::capacity::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::codec::{placement_pb, terms_pb};
use crate::convert;
use crate::domain::activity::{Activity, ActivityStatus, Community};
use crate::domain::certificate::{Certificate, CertificateOrigin};
use crate::domain::cohort::{Cohort, CohortStatus, ParticipantStatus, SessionStatus};
use crate::domain::person::{Person, PersonStatus};
use crate::domain::programme::{Programme, ProgrammeStatus};
use crate::domain::vocabulary::Term;

fn number(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A person as the API shows them: personal data in plain form, empty once erased.
pub(crate) fn person(id: Uuid, p: &Person, version: i64, regions: &RegionDirectory) -> pb::Person {
    let region = p
        .placement
        .as_ref()
        .and_then(|pl| pl.region.as_ref())
        .map(ToString::to_string)
        .unwrap_or_default();
    let data = p.data.as_ref();
    pb::Person {
        person_id: id.to_string(),
        version,
        status: match p.status {
            PersonStatus::Active => pb::PersonStatus::Active,
            PersonStatus::Inactive => pb::PersonStatus::Inactive,
            PersonStatus::Unregistered => pb::PersonStatus::Unspecified,
        } as i32,
        placement: p.placement.as_ref().map(placement_pb),
        region_name: regions.name(&region).unwrap_or_default().to_owned(),
        registered_on: optional_text_date(p.registered_on),
        full_name: data.map(|d| d.full_name.clone()).unwrap_or_default(),
        nik: data.and_then(|d| d.nik.clone()).unwrap_or_default(),
        phone: data.and_then(|d| d.phone.clone()).unwrap_or_default(),
        email: data.and_then(|d| d.email.clone()).unwrap_or_default(),
        personal_data_erased: p.data_erased(),
        deactivation_reason: p.deactivation.map_or(0, |(reason, _)| {
            convert::deactivation_reason_pb(reason) as i32
        }),
        deactivated_on: optional_text_date(p.deactivation.map(|(_, on)| on)),
    }
}

/// A programme as the API shows it.
pub(crate) fn programme(id: Uuid, p: &Programme, version: i64) -> pb::Programme {
    pb::Programme {
        programme_id: id.to_string(),
        version,
        status: match p.status {
            ProgrammeStatus::Open => pb::ProgrammeStatus::Open,
            ProgrammeStatus::Retired => pb::ProgrammeStatus::Retired,
            ProgrammeStatus::Undefined => pb::ProgrammeStatus::Unspecified,
        } as i32,
        title: p.title.clone(),
        description: p.description.clone(),
        method: p.method.map_or(0, |m| convert::method_pb(m) as i32),
        target_roles: p
            .target_roles
            .iter()
            .map(|r| convert::role_pb(*r) as i32)
            .collect(),
        terms_version: number(p.terms_version),
        terms: p.terms.as_ref().map(terms_pb),
        defined_on: optional_text_date(p.defined_on),
        retired_on: optional_text_date(p.retired_on),
    }
}

/// A cohort's status as the API shows it.
pub(crate) fn cohort_status(status: CohortStatus) -> pb::CohortStatus {
    match status {
        CohortStatus::Scheduled => pb::CohortStatus::Scheduled,
        CohortStatus::Running => pb::CohortStatus::Running,
        CohortStatus::Completed => pb::CohortStatus::Completed,
        CohortStatus::Cancelled => pb::CohortStatus::Cancelled,
        CohortStatus::Unscheduled => pb::CohortStatus::Unspecified,
    }
}

/// A cohort in full.
pub(crate) fn cohort(id: Uuid, c: &Cohort, version: i64) -> pb::Cohort {
    let required = c
        .terms
        .as_ref()
        .map_or(0, |t| t.required_attendance_percent);
    let (starts_on, ends_on) = c.period.unzip();
    pb::Cohort {
        cohort_id: id.to_string(),
        version,
        status: cohort_status(c.status) as i32,
        programme_id: c.programme_id.map(|p| p.to_string()).unwrap_or_default(),
        terms_version: number(c.terms_version),
        method: c.method.map_or(0, |m| convert::method_pb(m) as i32),
        terms: c.terms.as_ref().map(terms_pb),
        name: c.name.clone(),
        region_code: c
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        venue: c.venue.clone(),
        starts_on: optional_text_date(starts_on),
        ends_on: optional_text_date(ends_on),
        capacity: i32::from(c.capacity),
        trainers: c
            .trainers
            .iter()
            .map(|t| pb::CohortTrainer {
                trainer_id: t.person_id.to_string(),
                certificate_id: t.certificate_id.to_string(),
                certificate_valid_until: text_date(t.certificate_valid_until),
            })
            .collect(),
        sessions: c
            .sessions
            .iter()
            .map(|s| {
                let (status, present, reason) = match &s.status {
                    SessionStatus::Planned => (pb::SessionStatus::Planned, Vec::new(), ""),
                    SessionStatus::Held { present } => (
                        pb::SessionStatus::Held,
                        present.iter().map(ToString::to_string).collect(),
                        "",
                    ),
                    SessionStatus::Cancelled { reason } => {
                        (pb::SessionStatus::Cancelled, Vec::new(), reason.as_str())
                    }
                };
                pb::CohortSession {
                    session_id: s.session_id.to_string(),
                    module_code: s.module_code.clone(),
                    held_on: text_date(s.held_on),
                    trainer_id: s.trainer_id.to_string(),
                    status: status as i32,
                    present_person_ids: present,
                    cancel_reason: reason.to_owned(),
                }
            })
            .collect(),
        participants: c
            .participants
            .iter()
            .map(|p| {
                let attendance = c.attendance(p.person_id);
                let (status, reasons, settled_on) = match &p.status {
                    ParticipantStatus::Enrolled => {
                        (pb::ParticipantStatus::Enrolled, Vec::new(), None)
                    }
                    ParticipantStatus::Withdrawn { on, .. } => {
                        (pb::ParticipantStatus::Withdrawn, Vec::new(), Some(*on))
                    }
                    ParticipantStatus::Completed { on } => {
                        (pb::ParticipantStatus::Completed, Vec::new(), Some(*on))
                    }
                    ParticipantStatus::NotCompleted { reasons } => (
                        pb::ParticipantStatus::NotCompleted,
                        reasons
                            .iter()
                            .map(|r| convert::not_completed_reason_pb(*r) as i32)
                            .collect(),
                        c.closed_on,
                    ),
                };
                pb::CohortParticipant {
                    person_id: p.person_id.to_string(),
                    role: convert::role_pb(p.role) as i32,
                    enrolled_on: text_date(p.enrolled_on),
                    status: status as i32,
                    sessions_attended: number(attendance.attended),
                    sessions_held: number(attendance.held),
                    attendance_percent: number(attendance.percent()),
                    attendance_meets_required: attendance.meets(required),
                    score: p.score.map(|(s, _)| i32::from(s)),
                    not_completed_reasons: reasons,
                    settled_on: optional_text_date(settled_on),
                }
            })
            .collect(),
        closed_on: optional_text_date(c.closed_on),
    }
}

/// A cohort in a list.
pub(crate) fn cohort_summary(id: Uuid, c: &Cohort) -> pb::CohortSummary {
    let (starts_on, ends_on) = c.period.unzip();
    let completed = c
        .participants
        .iter()
        .filter(|p| matches!(p.status, ParticipantStatus::Completed { .. }))
        .count();
    pb::CohortSummary {
        cohort_id: id.to_string(),
        name: c.name.clone(),
        programme_id: c.programme_id.map(|p| p.to_string()).unwrap_or_default(),
        method: c.method.map_or(0, |m| convert::method_pb(m) as i32),
        status: cohort_status(c.status) as i32,
        region_code: c
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        starts_on: optional_text_date(starts_on),
        ends_on: optional_text_date(ends_on),
        participants: i32::try_from(c.participants.len()).unwrap_or(i32::MAX),
        completed: i32::try_from(completed).unwrap_or(i32::MAX),
    }
}

/// A certificate with its standing on `as_of`. Its number and reference read as erased
/// when its holder's personal data was erased (`holder_erased`), even while a cached
/// state still holds them.
pub(crate) fn certificate(
    c: &Certificate,
    version: i64,
    as_of: NaiveDate,
    holder_erased: bool,
) -> pb::Certificate {
    let erased = holder_erased || c.data_erased();
    let origin = c.origin.as_ref().map(|o| match o {
        CertificateOrigin::Cohort { cohort_id } => {
            pb::certificate::Origin::CohortId(cohort_id.to_string())
        }
        CertificateOrigin::Recognised {
            issuing_body,
            reference,
        } => pb::certificate::Origin::Recognised(pb::OutsideIssuer {
            issuing_body: issuing_body.clone(),
            reference: reference.clone().filter(|_| !erased).unwrap_or_default(),
        }),
    });
    pb::Certificate {
        certificate_id: c.id.map(|i| i.to_string()).unwrap_or_default(),
        version,
        certificate_number: c
            .certificate_number
            .clone()
            .filter(|_| !erased)
            .unwrap_or_default(),
        holder_id: c.holder_id.map(|i| i.to_string()).unwrap_or_default(),
        programme_id: c.programme_id.map(|i| i.to_string()).unwrap_or_default(),
        name: c.name.clone(),
        origin,
        issued_on: optional_text_date(c.issued_on),
        valid_from: optional_text_date(c.valid_from),
        valid_until: optional_text_date(c.valid_until),
        renewals: c
            .renewals
            .iter()
            .map(|(renewed_on, valid_until)| pb::CertificateRenewal {
                renewed_on: text_date(*renewed_on),
                valid_until: text_date(*valid_until),
                basis: String::new(),
            })
            .collect(),
        revoked_on: optional_text_date(c.revocation.map(|(on, _)| on)),
        revocation_reason: c.revocation.map_or(0, |(_, reason)| {
            convert::revocation_reason_pb(reason) as i32
        }),
        as_of: text_date(as_of),
        standing: c
            .standing_on(as_of)
            .map_or(0, |s| convert::standing_pb(s) as i32),
        personal_data_erased: erased,
    }
}

/// An activity; its leaders' roles and its values' names are filled in by the service
/// (they live in other aggregates).
pub(crate) fn activity(
    id: Uuid,
    a: &Activity,
    version: i64,
    regions: &RegionDirectory,
) -> pb::Activity {
    let place = a.community.as_ref().map(|c| match c {
        Community::DesaAdat { village } => pb::activity::Place::DesaAdatCode(village.to_string()),
        Community::Group { village, name } => pb::activity::Place::Community(pb::CommunityGroup {
            village_code: village.to_string(),
            name: name.clone(),
        }),
    });
    let village = a
        .community
        .as_ref()
        .map(|c| c.village().to_string())
        .unwrap_or_default();
    pb::Activity {
        activity_id: id.to_string(),
        version,
        status: match a.status {
            ActivityStatus::Recorded => pb::ActivityStatus::Recorded,
            ActivityStatus::Voided => pb::ActivityStatus::Voided,
            ActivityStatus::Unrecorded => pb::ActivityStatus::Unspecified,
        } as i32,
        kind: a.kind.map_or(0, |k| convert::activity_kind_pb(k) as i32),
        approach: a.approach.map_or(0, |k| convert::approach_pb(k) as i32),
        title: a.title.clone(),
        place,
        village_name: regions.name(&village).unwrap_or_default().to_owned(),
        held_on: optional_text_date(a.held_on),
        leaders: a
            .leader_person_ids
            .iter()
            .map(|l| pb::ActivityLeader {
                person_id: l.to_string(),
                role: 0,
            })
            .collect(),
        household_ids: a.household_ids.iter().map(ToString::to_string).collect(),
        other_participants: number(a.other_participants),
        values: a
            .value_ids
            .iter()
            .map(|v| pb::ActivityValue {
                term_id: v.to_string(),
                ..pb::ActivityValue::default()
            })
            .collect(),
        notes: a.notes.clone(),
    }
}

/// A vocabulary term.
pub(crate) fn term(t: &Term) -> pb::ValueTerm {
    let retirement = t.retirement.as_ref();
    pb::ValueTerm {
        term_id: t.term_id.to_string(),
        name: t.name.clone(),
        kind: convert::term_kind_pb(t.kind) as i32,
        description: t.description.clone(),
        region_code: t
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        added_on: text_date(t.added_on),
        active: t.active(),
        retired_on: optional_text_date(retirement.map(|r| r.retired_on)),
        retirement_reason: retirement.map(|r| r.reason.clone()).unwrap_or_default(),
        replaced_by_term_id: retirement
            .and_then(|r| r.replaced_by_term_id)
            .map(|i| i.to_string())
            .unwrap_or_default(),
    }
}
