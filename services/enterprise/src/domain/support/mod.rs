//! Individual entrepreneurship support: the record of one household outside any KUBE
//! group, with its guidance, motivation and training sessions, apprenticeships (magang)
//! and business-mentoring visits. One aggregate per household.

mod decide;

use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{ApprenticeshipOutcome, HouseholdFacts, SupportKind};

/// A guidance, motivation or training session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Stable id.
    pub session_id: Uuid,
    /// Kind.
    pub kind: SupportKind,
    /// When.
    pub held_on: NaiveDate,
    /// Who gave it.
    pub provider: String,
    /// Topic.
    pub topic: String,
    /// Length in hours.
    pub hours: u32,
    /// Notes.
    pub notes: String,
}

/// An apprenticeship with a host business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apprenticeship {
    /// Stable id.
    pub apprenticeship_id: Uuid,
    /// Host business.
    pub host_business: String,
    /// Trade learnt.
    pub trade: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Planned last day.
    pub ends_on: NaiveDate,
    /// Actual end, outcome and notes, once ended.
    pub ended: Option<(NaiveDate, ApprenticeshipOutcome, String)>,
}

/// A business-mentoring visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentoringVisit {
    /// Stable id.
    pub visit_id: Uuid,
    /// The facilitator.
    pub facilitator_id: String,
    /// When.
    pub visited_on: NaiveDate,
    /// What was seen and advised.
    pub notes: String,
    /// Agreed next steps.
    pub next_steps: String,
}

/// The commands a household's support record accepts.
#[derive(Debug, Clone)]
pub enum SupportCommand {
    /// Record a session.
    RecordSession {
        /// The household, as the local view knows it.
        household: HouseholdFacts,
        /// The session.
        session: Session,
    },
    /// Start an apprenticeship.
    StartApprenticeship {
        /// The household, as the local view knows it.
        household: HouseholdFacts,
        /// The apprenticeship (not yet ended).
        apprenticeship: Apprenticeship,
    },
    /// End an apprenticeship.
    EndApprenticeship {
        /// Which.
        apprenticeship_id: Uuid,
        /// Last day.
        ended_on: NaiveDate,
        /// Outcome.
        outcome: ApprenticeshipOutcome,
        /// Notes.
        notes: String,
    },
    /// Record a mentoring visit.
    RecordVisit {
        /// The household, as the local view knows it.
        household: HouseholdFacts,
        /// The visit.
        visit: MentoringVisit,
    },
}

/// The events of a household's support record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupportEvent {
    /// A session took place.
    SessionRecorded(Session),
    /// An apprenticeship began.
    ApprenticeshipStarted(Apprenticeship),
    /// An apprenticeship ended.
    ApprenticeshipEnded {
        /// Which.
        apprenticeship_id: Uuid,
        /// Last day.
        ended_on: NaiveDate,
        /// Outcome.
        outcome: ApprenticeshipOutcome,
        /// Notes.
        notes: String,
    },
    /// A facilitator visited.
    VisitRecorded(MentoringVisit),
}

/// A household's individual support record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Support {
    /// Sessions, oldest first.
    pub sessions: Vec<Session>,
    /// Apprenticeships, in start order.
    pub apprenticeships: Vec<Apprenticeship>,
    /// Mentoring visits, oldest first.
    pub visits: Vec<MentoringVisit>,
}

impl Support {
    /// True when nothing was recorded yet.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty() && self.apprenticeships.is_empty() && self.visits.is_empty()
    }
}

/// The refusal of a household this service does not know: never registered, not yet
/// arrived, or (at the edge) outside the caller's regions, which must read the same.
pub fn unknown_household(id: uuid::Uuid) -> DomainError {
    DomainError::rule(
        "household_id",
        format!(
            "household {id} is not known to the enterprise service: it is not registered, or its registration has not arrived yet"
        ),
    )
}

impl Aggregate for Support {
    const CATEGORY: &'static str = berdaya_proto::category::enterprise::SUPPORT;
    type Command = SupportCommand;
    type Event = SupportEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &SupportCommand,
        _rules: &(),
    ) -> Result<Vec<SupportEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &SupportEvent) {
        match event {
            SupportEvent::SessionRecorded(session) => self.sessions.push(session.clone()),
            SupportEvent::ApprenticeshipStarted(a) => self.apprenticeships.push(a.clone()),
            SupportEvent::ApprenticeshipEnded {
                apprenticeship_id,
                ended_on,
                outcome,
                notes,
            } => {
                if let Some(a) = self
                    .apprenticeships
                    .iter_mut()
                    .find(|a| a.apprenticeship_id == *apprenticeship_id)
                {
                    a.ended = Some((*ended_on, *outcome, notes.clone()));
                }
            }
            SupportEvent::VisitRecorded(visit) => self.visits.push(visit.clone()),
        }
    }
}
