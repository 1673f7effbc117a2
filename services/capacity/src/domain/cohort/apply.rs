//! How each cohort event folds into the state, grouped by what it touches: the
//! schedule, the sessions (with their trainers and attendance), the participants.

use uuid::Uuid;

use super::{
    Cohort, CohortEvent, CohortStatus, Participant, ParticipantStatus, Session, SessionStatus,
    Trainer,
};

impl Cohort {
    pub(super) fn apply_scheduled(&mut self, event: &CohortEvent) {
        let CohortEvent::Scheduled {
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
        } = event
        else {
            return;
        };
        self.id = Some(*cohort_id);
        self.status = CohortStatus::Scheduled;
        self.programme_id = Some(*programme_id);
        self.terms_version = *terms_version;
        self.method = Some(*method);
        self.target_roles = target_roles.clone();
        self.terms = Some(terms.clone());
        self.name = name.clone();
        self.region = Some(region.clone());
        self.venue = venue.clone();
        self.period = Some((*starts_on, *ends_on));
        self.capacity = *capacity;
    }

    pub(super) fn apply_sessions(&mut self, event: &CohortEvent) {
        match event {
            CohortEvent::TrainerAssigned {
                trainer_id,
                certificate_id,
                certificate_valid_until,
            } => self.trainers.push(Trainer {
                person_id: *trainer_id,
                certificate_id: *certificate_id,
                certificate_valid_until: *certificate_valid_until,
            }),
            CohortEvent::SessionScheduled {
                session_id,
                module_code,
                held_on,
                trainer_id,
            } => self.sessions.push(Session {
                session_id: *session_id,
                module_code: module_code.clone(),
                held_on: *held_on,
                trainer_id: *trainer_id,
                status: SessionStatus::Planned,
            }),
            CohortEvent::SessionCancelled { session_id, reason } => {
                self.set_session(
                    *session_id,
                    SessionStatus::Cancelled {
                        reason: reason.clone(),
                    },
                );
            }
            CohortEvent::AttendanceRecorded {
                session_id,
                present,
                ..
            } => {
                self.set_session(
                    *session_id,
                    SessionStatus::Held {
                        present: present.clone(),
                    },
                );
                if self.status == CohortStatus::Scheduled {
                    self.status = CohortStatus::Running;
                }
            }
            _ => {}
        }
    }

    pub(super) fn apply_participants(&mut self, event: &CohortEvent) {
        match event {
            CohortEvent::ParticipantEnrolled {
                person_id,
                role,
                enrolled_on,
            } => self.participants.push(Participant {
                person_id: *person_id,
                role: *role,
                enrolled_on: *enrolled_on,
                score: None,
                status: ParticipantStatus::Enrolled,
            }),
            CohortEvent::ParticipantWithdrew {
                person_id,
                withdrawn_on,
                reason,
            } => self.settle(
                *person_id,
                ParticipantStatus::Withdrawn {
                    on: *withdrawn_on,
                    reason: *reason,
                },
            ),
            CohortEvent::AssessmentRecorded {
                person_id,
                score,
                assessed_on,
                ..
            } => {
                if let Some(participant) = self.participant_mut(*person_id) {
                    participant.score = Some((*score, *assessed_on));
                }
            }
            CohortEvent::ParticipantCompleted {
                person_id,
                completed_on,
                ..
            } => self.settle(
                *person_id,
                ParticipantStatus::Completed { on: *completed_on },
            ),
            CohortEvent::ParticipantNotCompleted {
                person_id, reasons, ..
            } => self.settle(
                *person_id,
                ParticipantStatus::NotCompleted {
                    reasons: reasons.clone(),
                },
            ),
            _ => {}
        }
    }

    fn set_session(&mut self, session_id: Uuid, status: SessionStatus) {
        if let Some(session) = self
            .sessions
            .iter_mut()
            .find(|s| s.session_id == session_id)
        {
            session.status = status;
        }
    }

    fn settle(&mut self, person_id: Uuid, status: ParticipantStatus) {
        if let Some(participant) = self.participant_mut(person_id) {
            participant.status = status;
        }
    }

    fn participant_mut(&mut self, person_id: Uuid) -> Option<&mut Participant> {
        self.participants
            .iter_mut()
            .find(|p| p.person_id == person_id)
    }
}
