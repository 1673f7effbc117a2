//! A capacity-building programme, as its events make it: its method (education,
//! training, field study, comparative study, apprenticeship, mentoring, assessment,
//! research and development), curriculum modules, required attendance share, pass mark
//! and the certificate it leads to. One aggregate per programme.

mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;
mod terms;

pub use commands::*;
pub use events::*;
pub use terms::*;

use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::facts::{ProgrammeFacts, ProgrammeOffer, ProgrammeStanding};
use crate::domain::roles::PersonRole;

/// Lifecycle of a programme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProgrammeStatus {
    /// No `Defined` event yet.
    #[default]
    Undefined,
    /// Takes new cohorts.
    Open,
    /// Takes no new cohorts; kept for history and for certificates already issued.
    Retired,
}

/// The programme aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Programme {
    /// Stable id (set by `Defined`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: ProgrammeStatus,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Method.
    pub method: Option<ProgrammeMethod>,
    /// The roles it is for; empty for every role.
    pub target_roles: Vec<PersonRole>,
    /// Current version: 1 at definition, one more per revision.
    pub terms_version: u32,
    /// Current terms.
    pub terms: Option<ProgrammeTerms>,
    /// Date it was defined.
    pub defined_on: Option<NaiveDate>,
    /// Date it was retired.
    pub retired_on: Option<NaiveDate>,
    /// Date of the latest definition, revision or retirement.
    pub last_changed_on: Option<NaiveDate>,
}

impl Programme {
    /// What cohorts and certificates need to know of this programme.
    pub fn facts(&self, programme_id: Uuid) -> ProgrammeFacts {
        let standing = match (self.status, self.method, &self.terms) {
            (ProgrammeStatus::Open, Some(method), Some(terms)) => {
                ProgrammeStanding::Open(ProgrammeOffer {
                    terms_version: self.terms_version,
                    method,
                    target_roles: self.target_roles.clone(),
                    terms: terms.clone(),
                })
            }
            (ProgrammeStatus::Retired, ..) => ProgrammeStanding::Retired,
            _ => ProgrammeStanding::Unknown,
        };
        ProgrammeFacts {
            programme_id,
            standing,
        }
    }
}

impl Aggregate for Programme {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::PROGRAMME;
    type Command = ProgrammeCommand;
    type Event = ProgrammeEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &ProgrammeCommand,
        _rules: &(),
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &ProgrammeEvent) {
        match event {
            ProgrammeEvent::Defined {
                programme_id,
                title,
                description,
                method,
                target_roles,
                terms,
                defined_on,
            } => {
                self.id = Some(*programme_id);
                self.status = ProgrammeStatus::Open;
                self.title = title.clone();
                self.description = description.clone();
                self.method = Some(*method);
                self.target_roles = target_roles.clone();
                self.terms_version = 1;
                self.terms = Some(terms.clone());
                self.defined_on = Some(*defined_on);
                self.last_changed_on = Some(*defined_on);
            }
            ProgrammeEvent::Revised {
                terms_version,
                terms,
                revised_on,
                ..
            } => {
                self.terms_version = *terms_version;
                self.terms = Some(terms.clone());
                self.last_changed_on = Some(*revised_on);
            }
            ProgrammeEvent::Retired { retired_on, .. } => {
                self.status = ProgrammeStatus::Retired;
                self.retired_on = Some(*retired_on);
                self.last_changed_on = Some(*retired_on);
            }
        }
    }
}
