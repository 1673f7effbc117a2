//! The parts of a cohort: its trainers, sessions and participants, and a participant's
//! attendance share computed exactly.

use chrono::NaiveDate;
use uuid::Uuid;

use super::events::{NotCompletedReason, WithdrawalReason};
use crate::domain::roles::PersonRole;

/// A trainer of the cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainer {
    /// The trainer.
    pub person_id: Uuid,
    /// The certificate that qualified them.
    pub certificate_id: Uuid,
    /// Its last valid day at assignment.
    pub certificate_valid_until: NaiveDate,
}

/// Where a session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// Scheduled; no attendance yet.
    Planned,
    /// Held, with the participants present.
    Held {
        /// Who was there.
        present: Vec<Uuid>,
    },
    /// Called off.
    Cancelled {
        /// Why.
        reason: String,
    },
}

/// A session of the cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Stable id.
    pub session_id: Uuid,
    /// The module taught.
    pub module_code: String,
    /// Its day.
    pub held_on: NaiveDate,
    /// Who teaches it.
    pub trainer_id: Uuid,
    /// Planned, held or cancelled.
    pub status: SessionStatus,
}

impl Session {
    /// True once attendance was recorded.
    pub fn held(&self) -> bool {
        matches!(self.status, SessionStatus::Held { .. })
    }

    /// True when held with `person` present.
    pub fn attended_by(&self, person: Uuid) -> bool {
        matches!(&self.status, SessionStatus::Held { present } if present.contains(&person))
    }
}

/// Where a participant stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParticipantStatus {
    /// Taking part.
    Enrolled,
    /// Withdrew.
    Withdrawn {
        /// When.
        on: NaiveDate,
        /// Why.
        reason: WithdrawalReason,
    },
    /// Completed.
    Completed {
        /// When.
        on: NaiveDate,
    },
    /// Did not complete.
    NotCompleted {
        /// Why.
        reasons: Vec<NotCompletedReason>,
    },
}

/// A participant of the cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// The participant.
    pub person_id: Uuid,
    /// Their role at enrolment.
    pub role: PersonRole,
    /// When they enrolled.
    pub enrolled_on: NaiveDate,
    /// Their latest assessment score and its date.
    pub score: Option<(u8, NaiveDate)>,
    /// Where they stand.
    pub status: ParticipantStatus,
}

impl Participant {
    /// True while enrolled and not yet settled by completion.
    pub fn enrolled(&self) -> bool {
        self.status == ParticipantStatus::Enrolled
    }
}

/// Held sessions attended out of sessions held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    /// Held sessions attended.
    pub attended: u32,
    /// Sessions held.
    pub held: u32,
}

impl Attendance {
    /// True when the share attended reaches `required_percent`, compared exactly in
    /// integers: 4 of 5 sessions is 80 % and meets 80 %; 79.9 % would not.
    pub fn meets(self, required_percent: u8) -> bool {
        self.held > 0
            && u64::from(self.attended) * 100 >= u64::from(required_percent) * u64::from(self.held)
    }

    /// The share attended, in whole percent rounded down (for display).
    pub fn percent(self) -> u32 {
        (u64::from(self.attended) * 100)
            .checked_div(u64::from(self.held))
            .map_or(0, |percent| u32::try_from(percent).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_required_share_is_compared_exactly() {
        let share = |attended, held| Attendance { attended, held };
        assert!(share(4, 5).meets(80));
        assert!(!share(3, 4).meets(80));
        assert!(!share(79, 100).meets(80));
        assert!(share(2, 3).meets(66));
        assert!(!share(2, 3).meets(67));
        assert!(!share(0, 0).meets(1));
        assert_eq!(share(2, 3).percent(), 66);
    }
}
