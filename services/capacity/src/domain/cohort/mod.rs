//! A cohort: one run of a programme, as its events make it. It keeps the programme's
//! terms as they stood when it was scheduled, its certified trainers, its sessions with
//! their attendance, its participants with their assessment scores, and each
//! participant's completion. One aggregate per cohort.

mod apply;
mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;
mod records;

pub use commands::*;
pub use events::*;
pub use records::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::facts::{CompletionFacts, CompletionOutcome};
use crate::domain::programme::{ProgrammeMethod, ProgrammeTerms};
use crate::domain::roles::PersonRole;

/// Lifecycle of a cohort.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CohortStatus {
    /// No `Scheduled` event yet.
    #[default]
    Unscheduled,
    /// Scheduled; no session held yet.
    Scheduled,
    /// At least one session held.
    Running,
    /// Completed: every participant's outcome is settled.
    Completed,
    /// Cancelled.
    Cancelled,
}

/// The cohort aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cohort {
    /// Stable id (set by `Scheduled`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: CohortStatus,
    /// The programme.
    pub programme_id: Option<Uuid>,
    /// The programme version it follows.
    pub terms_version: u32,
    /// The programme's method.
    pub method: Option<ProgrammeMethod>,
    /// The roles the programme is for; empty for every role.
    pub target_roles: Vec<PersonRole>,
    /// The programme's terms at scheduling.
    pub terms: Option<ProgrammeTerms>,
    /// Name.
    pub name: String,
    /// Where it is held.
    pub region: Option<RegionCode>,
    /// Venue.
    pub venue: String,
    /// First and last day.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Most participants.
    pub capacity: u16,
    /// Trainers, in assignment order.
    pub trainers: Vec<Trainer>,
    /// Sessions, in scheduling order.
    pub sessions: Vec<Session>,
    /// Participants, in enrolment order.
    pub participants: Vec<Participant>,
    /// When it was completed or cancelled.
    pub closed_on: Option<NaiveDate>,
}

impl Cohort {
    /// A session by id.
    pub fn session(&self, session_id: Uuid) -> Option<&Session> {
        self.sessions.iter().find(|s| s.session_id == session_id)
    }

    /// A participant by id, whatever their status.
    pub fn participant(&self, person_id: Uuid) -> Option<&Participant> {
        self.participants.iter().find(|p| p.person_id == person_id)
    }

    /// True when `person_id` trains the cohort.
    pub fn is_trainer(&self, person_id: Uuid) -> bool {
        self.trainers.iter().any(|t| t.person_id == person_id)
    }

    /// Participants still enrolled (not withdrawn, not yet settled).
    pub fn enrolled(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| p.enrolled())
    }

    /// A participant's attendance over the sessions held so far.
    pub fn attendance(&self, person_id: Uuid) -> Attendance {
        let held = self.sessions.iter().filter(|s| s.held()).count();
        let attended = self
            .sessions
            .iter()
            .filter(|s| s.attended_by(person_id))
            .count();
        Attendance {
            attended: u32::try_from(attended).unwrap_or(u32::MAX),
            held: u32::try_from(held).unwrap_or(u32::MAX),
        }
    }

    /// What issuing `person_id` a certificate needs to know of this cohort.
    pub fn completion_of(&self, cohort_id: Uuid, person_id: Uuid) -> CompletionFacts {
        let outcome = match (self.status, self.participant(person_id)) {
            (CohortStatus::Unscheduled, _) => CompletionOutcome::UnknownCohort,
            (_, None) => CompletionOutcome::NotParticipant,
            (_, Some(participant)) => match &participant.status {
                // A scheduled cohort always has terms; without them it reads as unknown.
                ParticipantStatus::Completed { on } => match &self.terms {
                    Some(terms) => CompletionOutcome::Completed {
                        completed_on: *on,
                        certificate: terms.certificate.clone(),
                    },
                    None => CompletionOutcome::UnknownCohort,
                },
                ParticipantStatus::Withdrawn { .. } => CompletionOutcome::Withdrew,
                ParticipantStatus::NotCompleted { .. } => CompletionOutcome::NotCompleted,
                ParticipantStatus::Enrolled if self.status == CohortStatus::Cancelled => {
                    CompletionOutcome::NotCompleted
                }
                ParticipantStatus::Enrolled => CompletionOutcome::InProgress,
            },
        };
        CompletionFacts {
            cohort_id,
            programme_id: self.programme_id.unwrap_or_default(),
            person_id,
            outcome,
        }
    }
}

impl Aggregate for Cohort {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::COHORT;
    type Command = CohortCommand;
    type Event = CohortEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &CohortCommand,
        _rules: &(),
    ) -> Result<Vec<CohortEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &CohortEvent) {
        use CohortEvent as E;
        match event {
            E::Scheduled { .. } => self.apply_scheduled(event),
            E::TrainerAssigned { .. }
            | E::SessionScheduled { .. }
            | E::SessionCancelled { .. }
            | E::AttendanceRecorded { .. } => self.apply_sessions(event),
            E::ParticipantEnrolled { .. }
            | E::ParticipantWithdrew { .. }
            | E::AssessmentRecorded { .. }
            | E::ParticipantCompleted { .. }
            | E::ParticipantNotCompleted { .. } => self.apply_participants(event),
            E::Completed { completed_on, .. } => {
                self.status = CohortStatus::Completed;
                self.closed_on = Some(*completed_on);
            }
            E::Cancelled { cancelled_on, .. } => {
                self.status = CohortStatus::Cancelled;
                self.closed_on = Some(*cancelled_on);
            }
        }
    }
}
