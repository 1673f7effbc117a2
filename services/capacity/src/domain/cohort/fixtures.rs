//! Givens for the cohort aggregate: a KUBE facilitator training held in Surabaya from
//! 2 to 6 March 2026, one session a day, trained by a certified trainer.

use uuid::Uuid;

use crate::domain::cohort::*;
use crate::domain::facts::{CertificateFacts, ProgrammeFacts, ProgrammeOffer, ProgrammeStanding};
use crate::domain::fixtures::{date, id, region};
use crate::domain::programme::ProgrammeMethod;
use crate::domain::programme::fixtures::{programme_id, terms};
use crate::domain::roles::PersonRole;

pub(crate) fn cohort_id() -> Uuid {
    id(300)
}

pub(crate) fn trainer_id() -> Uuid {
    id(400)
}

/// Participant `n` (1, 2, 3, ...).
pub(crate) fn participant(n: u128) -> Uuid {
    id(110 + n)
}

/// Session `n` (1 to 5), held on 2026-03-0(n+1).
pub(crate) fn session(n: u128) -> Uuid {
    id(500 + n)
}

pub(crate) fn open_programme() -> ProgrammeFacts {
    ProgrammeFacts {
        programme_id: programme_id(),
        standing: ProgrammeStanding::Open(ProgrammeOffer {
            terms_version: 1,
            method: ProgrammeMethod::Training,
            target_roles: vec![PersonRole::PendampingKube, PersonRole::Tksk],
            terms: terms(),
        }),
    }
}

pub(crate) fn schedule() -> ScheduleCohort {
    ScheduleCohort {
        cohort_id: cohort_id(),
        programme: open_programme(),
        name: "Angkatan I 2026 Surabaya".to_owned(),
        region: region("35.78"),
        venue: "Balai Besar Pelatihan Kesejahteraan Sosial".to_owned(),
        starts_on: date("2026-03-02"),
        ends_on: date("2026-03-06"),
        capacity: 3,
    }
}

pub(crate) fn scheduled() -> Vec<CohortEvent> {
    vec![CohortEvent::Scheduled {
        cohort_id: cohort_id(),
        programme_id: programme_id(),
        terms_version: 1,
        method: ProgrammeMethod::Training,
        target_roles: vec![PersonRole::PendampingKube, PersonRole::Tksk],
        terms: terms(),
        name: "Angkatan I 2026 Surabaya".to_owned(),
        region: region("35.78"),
        venue: "Balai Besar Pelatihan Kesejahteraan Sosial".to_owned(),
        starts_on: date("2026-03-02"),
        ends_on: date("2026-03-06"),
        capacity: 3,
    }]
}

/// The trainer's certificate for the programme: valid 2025 to 2027.
pub(crate) fn trainer_certificate() -> CertificateFacts {
    CertificateFacts {
        certificate_id: id(600),
        programme_id: programme_id(),
        valid_from: date("2025-01-01"),
        valid_until: date("2027-12-31"),
        revoked_on: None,
    }
}

/// Scheduled, with the certified trainer assigned.
pub(crate) fn with_trainer() -> Vec<CohortEvent> {
    let mut events = scheduled();
    events.push(CohortEvent::TrainerAssigned {
        trainer_id: trainer_id(),
        certificate_id: id(600),
        certificate_valid_until: date("2027-12-31"),
    });
    events
}

/// With five sessions, 2 to 6 March: modules KUBE-01, -01, -02, -02, -03.
pub(crate) fn with_sessions() -> Vec<CohortEvent> {
    let mut events = with_trainer();
    let modules = ["KUBE-01", "KUBE-01", "KUBE-02", "KUBE-02", "KUBE-03"];
    for (n, module) in (1..=5).zip(modules) {
        events.push(CohortEvent::SessionScheduled {
            session_id: session(n),
            module_code: module.to_owned(),
            held_on: date(&format!("2026-03-0{}", n + 1)),
            trainer_id: trainer_id(),
        });
    }
    events
}

/// With sessions and participants `1..=count`, pendamping KUBE enrolled on 2026-02-20.
pub(crate) fn enrolled(count: u128) -> Vec<CohortEvent> {
    let mut events = with_sessions();
    for n in 1..=count {
        events.push(CohortEvent::ParticipantEnrolled {
            person_id: participant(n),
            role: PersonRole::PendampingKube,
            enrolled_on: date("2026-02-20"),
        });
    }
    events
}

/// Attendance of session `n` with these participants present, of participants 1 and 2.
pub(crate) fn attendance(n: u128, present: &[u128]) -> CohortEvent {
    CohortEvent::AttendanceRecorded {
        session_id: session(n),
        present: present.iter().map(|p| participant(*p)).collect(),
        absent: [1, 2]
            .iter()
            .filter(|p| !present.contains(p))
            .map(|p| participant(*p))
            .collect(),
    }
}

/// Two participants, all five sessions held: participant 1 at all five, participant 2
/// at four (80 %).
pub(crate) fn all_held() -> Vec<CohortEvent> {
    let mut events = enrolled(2);
    events.push(attendance(1, &[1, 2]));
    events.push(attendance(2, &[1, 2]));
    events.push(attendance(3, &[1]));
    events.push(attendance(4, &[1, 2]));
    events.push(attendance(5, &[1, 2]));
    events
}

pub(crate) fn assessed(n: u128, score: u8) -> CohortEvent {
    CohortEvent::AssessmentRecorded {
        person_id: participant(n),
        score,
        passed: score >= 70,
        assessed_on: date("2026-03-06"),
    }
}

/// All held, both assessed with 85, completed on 2026-03-06.
pub(crate) fn completed() -> Vec<CohortEvent> {
    let mut events = all_held();
    events.push(assessed(1, 85));
    events.push(assessed(2, 85));
    for n in 1..=2 {
        events.push(CohortEvent::ParticipantCompleted {
            person_id: participant(n),
            sessions_attended: if n == 1 { 5 } else { 4 },
            sessions_held: 5,
            score: Some(85),
            completed_on: date("2026-03-06"),
        });
    }
    events.push(CohortEvent::Completed {
        completed_on: date("2026-03-06"),
        completed_count: 2,
        not_completed_count: 0,
    });
    events
}

/// Scheduled, then cancelled.
pub(crate) fn cancelled() -> Vec<CohortEvent> {
    let mut events = enrolled(1);
    events.push(CohortEvent::Cancelled {
        cancelled_on: date("2026-02-25"),
        reason: "banjir".to_owned(),
    });
    events
}
