//! A person who runs the programme, as their events make them: government staff,
//! facilitators (pendamping PKH and KUBE, TKSK, PSM, social workers), representatives of
//! social and community organisations and businesses, recipients acting as cadres, and
//! the religious and customary leaders local-wisdom activities involve. One aggregate per
//! person; their id is the `facilitator_id` other contexts record.

mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;
mod placement;

pub use commands::*;
pub use events::*;

use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::facts::{PersonFacts, PersonStanding};
use crate::domain::roles::Placement;

/// Lifecycle of a person's record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PersonStatus {
    /// No `Registered` event yet.
    #[default]
    Unregistered,
    /// Working in the programme.
    Active,
    /// Left the programme; kept for history, may come back.
    Inactive,
}

/// The person aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Stable id (set by `Registered`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: PersonStatus,
    /// Current role, organisation and region.
    pub placement: Option<Placement>,
    /// Date of registration.
    pub registered_on: Option<NaiveDate>,
    /// The date of the latest registration, reassignment, deactivation or reactivation:
    /// no later change may be dated before it.
    pub last_changed_on: Option<NaiveDate>,
    /// The data subject whose key seals the personal data.
    pub subject_id: Option<Uuid>,
    /// Personal data; `None` when erased.
    pub data: Option<PersonData>,
    /// Why and when they left, while inactive.
    pub deactivation: Option<(DeactivationReason, NaiveDate)>,
}

impl Person {
    /// True when the person's personal data was erased.
    pub fn data_erased(&self) -> bool {
        self.status != PersonStatus::Unregistered && self.data.is_none()
    }

    /// What other aggregates need to know of this person.
    pub fn facts(&self, person_id: Uuid) -> PersonFacts {
        let standing = match (self.status, &self.placement) {
            (PersonStatus::Active, Some(placement)) => PersonStanding::Active {
                role: placement.role,
                region: placement.region.clone(),
            },
            (PersonStatus::Inactive, _) => PersonStanding::Inactive,
            _ => PersonStanding::Unknown,
        };
        PersonFacts {
            person_id,
            standing,
        }
    }
}

impl Aggregate for Person {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::PERSON;
    type Command = PersonCommand;
    type Event = PersonEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &PersonCommand,
        _rules: &(),
    ) -> Result<Vec<PersonEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &PersonEvent) {
        match event {
            PersonEvent::Registered {
                person_id,
                placement,
                registered_on,
                subject_id,
                data,
            } => {
                self.id = Some(*person_id);
                self.status = PersonStatus::Active;
                self.placement = Some(placement.clone());
                self.registered_on = Some(*registered_on);
                self.last_changed_on = Some(*registered_on);
                self.subject_id = Some(*subject_id);
                self.data = data.clone();
            }
            PersonEvent::Reassigned {
                placement,
                effective_on,
                ..
            } => {
                self.placement = Some(placement.clone());
                self.last_changed_on = Some(*effective_on);
            }
            PersonEvent::PersonalDataUpdated { data, .. } => self.data = data.clone(),
            PersonEvent::Deactivated {
                reason,
                deactivated_on,
                ..
            } => {
                self.status = PersonStatus::Inactive;
                self.deactivation = Some((*reason, *deactivated_on));
                self.last_changed_on = Some(*deactivated_on);
            }
            PersonEvent::Reactivated { reactivated_on, .. } => {
                self.status = PersonStatus::Active;
                self.deactivation = None;
                self.last_changed_on = Some(*reactivated_on);
            }
            PersonEvent::PersonalDataErased { subject_ids, .. } => {
                if self.subject_id.is_some_and(|s| subject_ids.contains(&s)) {
                    self.data = None;
                }
            }
        }
    }
}
