//! What happened to a cohort.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::programme::{ProgrammeMethod, ProgrammeTerms};
use crate::domain::roles::PersonRole;

/// Why a participant did not complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotCompletedReason {
    /// Attended less than the programme's required share of held sessions.
    AttendanceBelowRequired,
    /// The programme has an assessment and no score was recorded.
    NotAssessed,
    /// Scored below the pass mark.
    BelowPassMark,
}

/// Why a participant withdrew. A category, never free text: a reason in words tends to
/// name an illness or a family matter, personal data the cohort has no need to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WithdrawalReason {
    /// Called away by their work (a new assignment, an emergency in their area).
    Duty,
    /// Personal or family reasons, health included.
    Personal,
    /// Moved away or changed post.
    Moved,
    /// Anything else.
    Other,
}

/// The events of a cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CohortEvent {
    /// A cohort of a programme was scheduled, under the programme's current terms.
    Scheduled {
        /// Stable id.
        cohort_id: Uuid,
        /// The programme.
        programme_id: Uuid,
        /// The programme version whose terms the cohort follows.
        terms_version: u32,
        /// The programme's method.
        method: ProgrammeMethod,
        /// The roles the programme is for; empty for every role.
        target_roles: Vec<PersonRole>,
        /// The terms: modules, attendance share, pass mark, certificate.
        terms: ProgrammeTerms,
        /// Name, e.g. `Angkatan I 2026 Surabaya`.
        name: String,
        /// Where it is held.
        region: RegionCode,
        /// Venue (may be empty).
        venue: String,
        /// First day.
        starts_on: NaiveDate,
        /// Last day.
        ends_on: NaiveDate,
        /// Most participants.
        capacity: u16,
    },
    /// A certified person was assigned to train the cohort.
    TrainerAssigned {
        /// The trainer (a person).
        trainer_id: Uuid,
        /// The certificate that qualifies them for the whole cohort.
        certificate_id: Uuid,
        /// Its last valid day.
        certificate_valid_until: NaiveDate,
    },
    /// A session was scheduled.
    SessionScheduled {
        /// Stable id.
        session_id: Uuid,
        /// The module taught.
        module_code: String,
        /// Its day.
        held_on: NaiveDate,
        /// Who teaches it (a trainer of the cohort).
        trainer_id: Uuid,
    },
    /// A session was called off; it does not count toward attendance.
    SessionCancelled {
        /// The session.
        session_id: Uuid,
        /// Why.
        reason: String,
    },
    /// A person enrolled.
    ParticipantEnrolled {
        /// The participant.
        person_id: Uuid,
        /// Their role at enrolment (for "trained by role").
        role: PersonRole,
        /// When.
        enrolled_on: NaiveDate,
    },
    /// A participant withdrew.
    ParticipantWithdrew {
        /// The participant.
        person_id: Uuid,
        /// When.
        withdrawn_on: NaiveDate,
        /// Why.
        reason: WithdrawalReason,
    },
    /// Attendance of a held session, replacing any earlier record of it.
    AttendanceRecorded {
        /// The session.
        session_id: Uuid,
        /// Participants present.
        present: Vec<Uuid>,
        /// Enrolled participants absent.
        absent: Vec<Uuid>,
    },
    /// A participant's assessment score, replacing any earlier one (a re-sit).
    AssessmentRecorded {
        /// The participant.
        person_id: Uuid,
        /// Score, 0 to 100.
        score: u8,
        /// Whether it reaches the pass mark.
        passed: bool,
        /// When.
        assessed_on: NaiveDate,
    },
    /// A participant completed the cohort.
    ParticipantCompleted {
        /// The participant.
        person_id: Uuid,
        /// Held sessions attended.
        sessions_attended: u32,
        /// Sessions held.
        sessions_held: u32,
        /// Assessment score, when the programme has an assessment.
        score: Option<u8>,
        /// When.
        completed_on: NaiveDate,
    },
    /// A participant did not complete the cohort.
    ParticipantNotCompleted {
        /// The participant.
        person_id: Uuid,
        /// Held sessions attended.
        sessions_attended: u32,
        /// Sessions held.
        sessions_held: u32,
        /// Assessment score, if any.
        score: Option<u8>,
        /// Every reason that applies.
        reasons: Vec<NotCompletedReason>,
    },
    /// The cohort was completed: each participant's outcome was recorded just before.
    Completed {
        /// When.
        completed_on: NaiveDate,
        /// How many completed.
        completed_count: u32,
        /// How many did not.
        not_completed_count: u32,
    },
    /// The cohort was cancelled.
    Cancelled {
        /// When.
        cancelled_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
