//! What users ask of a cohort. Ids, "today" and the facts about the programme, the
//! participants and the trainers' certificates are chosen or looked up at the edge.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::WithdrawalReason;
use crate::domain::facts::{CertificateFacts, PersonFacts, ProgrammeFacts};

/// The commands a cohort accepts.
#[derive(Debug, Clone)]
pub enum CohortCommand {
    /// Schedule a cohort.
    Schedule(ScheduleCohort),
    /// Assign a trainer.
    AssignTrainer(AssignTrainer),
    /// Schedule a session.
    ScheduleSession(ScheduleSession),
    /// Cancel a session.
    CancelSession(CancelSession),
    /// Enrol a participant.
    Enrol(EnrolParticipant),
    /// A participant withdraws.
    Withdraw(WithdrawParticipant),
    /// Record a session's attendance.
    RecordAttendance(RecordAttendance),
    /// Record a participant's assessment.
    RecordAssessment(RecordAssessment),
    /// Complete the cohort.
    Complete(CompleteCohort),
    /// Cancel the cohort.
    Cancel(CancelCohort),
}

/// Schedules a cohort of a programme.
#[derive(Debug, Clone)]
pub struct ScheduleCohort {
    /// Id chosen for it.
    pub cohort_id: Uuid,
    /// The programme, as the catalogue holds it.
    pub programme: ProgrammeFacts,
    /// Name.
    pub name: String,
    /// Where it is held.
    pub region: RegionCode,
    /// Venue (may be empty).
    pub venue: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Most participants.
    pub capacity: u16,
}

/// Assigns a trainer.
#[derive(Debug, Clone)]
pub struct AssignTrainer {
    /// The trainer, as the registry holds them.
    pub trainer: PersonFacts,
    /// Every certificate the trainer holds, as the certificate registry holds them.
    pub certificates: Vec<CertificateFacts>,
}

/// Schedules a session.
#[derive(Debug, Clone)]
pub struct ScheduleSession {
    /// Id chosen for it.
    pub session_id: Uuid,
    /// The module taught.
    pub module_code: String,
    /// Its day.
    pub held_on: NaiveDate,
    /// Who teaches it.
    pub trainer_id: Uuid,
}

/// Cancels a session.
#[derive(Debug, Clone)]
pub struct CancelSession {
    /// The session.
    pub session_id: Uuid,
    /// Why.
    pub reason: String,
}

/// Enrols a participant.
#[derive(Debug, Clone)]
pub struct EnrolParticipant {
    /// The participant, as the registry holds them.
    pub participant: PersonFacts,
    /// When.
    pub enrolled_on: NaiveDate,
}

/// A participant withdraws.
#[derive(Debug, Clone)]
pub struct WithdrawParticipant {
    /// The participant.
    pub person_id: Uuid,
    /// When.
    pub withdrawn_on: NaiveDate,
    /// Why.
    pub reason: WithdrawalReason,
}

/// Records who attended a session.
#[derive(Debug, Clone)]
pub struct RecordAttendance {
    /// The session.
    pub session_id: Uuid,
    /// Participants present.
    pub present: Vec<Uuid>,
    /// Today, at the edge: attendance is recorded on or after the session's day.
    pub recorded_on: NaiveDate,
}

/// Records an assessment score.
#[derive(Debug, Clone)]
pub struct RecordAssessment {
    /// The participant.
    pub person_id: Uuid,
    /// Score, 0 to 100.
    pub score: u8,
    /// When.
    pub assessed_on: NaiveDate,
}

/// Completes the cohort, settling each participant's outcome.
#[derive(Debug, Clone)]
pub struct CompleteCohort {
    /// When.
    pub completed_on: NaiveDate,
}

/// Cancels the cohort.
#[derive(Debug, Clone)]
pub struct CancelCohort {
    /// When.
    pub cancelled_on: NaiveDate,
    /// Why.
    pub reason: String,
}
