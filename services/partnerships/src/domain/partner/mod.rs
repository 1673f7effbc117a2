//! The partner aggregate: an organisation the office cooperates with, as its events make
//! it. `apply` folds one event in.

mod commands;
mod decide;
mod events;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{PartnerFacts, PartnerKind, PartnerStanding};

/// Lifecycle of a partner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PartnerStatus {
    /// No `Registered` event yet.
    #[default]
    Unregistered,
    /// Cooperating.
    Active,
    /// Suspended, with the reason.
    Suspended {
        /// Why.
        reason: String,
    },
    /// No longer a partner, with the reason.
    Retired {
        /// Why.
        reason: String,
    },
}

/// A contact person, current or former.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// What events recorded about them.
    pub person: ContactPerson,
    /// When they were added (registration, for the founding contacts).
    pub added_on: NaiveDate,
    /// When they stopped representing the partner; `None` while they do.
    pub removed_on: Option<NaiveDate>,
}

/// The partner aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partner {
    /// Stable id (set by `Registered`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: PartnerStatus,
    /// Since when the current status holds.
    pub status_since: Option<NaiveDate>,
    /// Kind of organisation.
    pub kind: Option<PartnerKind>,
    /// Legal name.
    pub legal_name: String,
    /// Registration number, where one exists.
    pub registration_number: Option<String>,
    /// Kemendagri prefixes of the regions served.
    pub regions_served: Vec<RegionCode>,
    /// Contact people, current and former, in the order they were added.
    pub contacts: Vec<Contact>,
    /// Date of registration.
    pub registered_on: Option<NaiveDate>,
    /// Date of the last profile change (or of registration).
    pub profile_updated_on: Option<NaiveDate>,
}

impl Partner {
    /// What other aggregates need to know of this partner (`partner_id` is the id it
    /// was loaded under: an unregistered partner is unknown).
    pub fn facts(&self, partner_id: Uuid) -> PartnerFacts {
        let standing = match (&self.status, self.kind) {
            (PartnerStatus::Active, Some(kind)) => PartnerStanding::Active {
                kind,
                regions_served: self.regions_served.clone(),
            },
            (PartnerStatus::Suspended { reason }, _) => PartnerStanding::Suspended {
                reason: reason.clone(),
            },
            (PartnerStatus::Retired { .. }, _) => PartnerStanding::Retired,
            _ => PartnerStanding::Unknown,
        };
        PartnerFacts {
            partner_id,
            standing,
        }
    }

    /// True when one of the regions served is `region` or contains it.
    pub fn serves(&self, region: &RegionCode) -> bool {
        serves(&self.regions_served, region)
    }

    /// A contact by id, current or former.
    pub fn contact(&self, contact_id: Uuid) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|c| c.person.contact_id == contact_id)
    }

    /// Contacts who still represent the partner.
    pub fn current_contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.iter().filter(|c| c.removed_on.is_none())
    }

    fn contact_mut(&mut self, contact_id: Uuid) -> Option<&mut Contact> {
        self.contacts
            .iter_mut()
            .find(|c| c.person.contact_id == contact_id)
    }
}

/// True when one of `regions_served` is `region` or contains it.
pub(crate) fn serves(regions_served: &[RegionCode], region: &RegionCode) -> bool {
    regions_served
        .iter()
        .any(|served| region.is_within(served.as_str()))
}

impl Aggregate for Partner {
    const CATEGORY: &'static str = berdaya_proto::category::partnerships::PARTNER;
    type Command = PartnerCommand;
    type Event = PartnerEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &PartnerCommand,
        _rules: &(),
    ) -> Result<Vec<PartnerEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &PartnerEvent) {
        use PartnerEvent as E;
        match event {
            E::ContactAdded { .. } | E::ContactUpdated { .. } | E::ContactRemoved { .. } => {
                self.apply_contact(event);
            }
            E::Registered {
                partner_id,
                kind,
                legal_name,
                registration_number,
                regions_served,
                contacts,
                registered_on,
            } => {
                self.id = Some(*partner_id);
                self.status = PartnerStatus::Active;
                self.status_since = Some(*registered_on);
                self.kind = Some(*kind);
                self.legal_name = legal_name.clone();
                self.registration_number = registration_number.clone();
                self.regions_served = regions_served.clone();
                self.contacts = contacts
                    .iter()
                    .map(|person| Contact {
                        person: person.clone(),
                        added_on: *registered_on,
                        removed_on: None,
                    })
                    .collect();
                self.registered_on = Some(*registered_on);
                self.profile_updated_on = Some(*registered_on);
            }
            E::ProfileUpdated {
                legal_name,
                registration_number,
                regions_served,
                updated_on,
            } => {
                self.legal_name = legal_name.clone();
                self.registration_number = registration_number.clone();
                self.regions_served = regions_served.clone();
                self.profile_updated_on = Some(*updated_on);
            }
            E::Suspended {
                reason,
                suspended_on,
            } => {
                self.status = PartnerStatus::Suspended {
                    reason: reason.clone(),
                };
                self.status_since = Some(*suspended_on);
            }
            E::Reinstated { reinstated_on, .. } => {
                self.status = PartnerStatus::Active;
                self.status_since = Some(*reinstated_on);
            }
            E::Retired { reason, retired_on } => {
                self.status = PartnerStatus::Retired {
                    reason: reason.clone(),
                };
                self.status_since = Some(*retired_on);
            }
            E::PersonalDataErased { subject_ids, .. } => {
                for contact in &mut self.contacts {
                    if subject_ids.contains(&contact.person.subject_id) {
                        contact.person.data = None;
                    }
                }
            }
        }
    }
}

impl Partner {
    /// Folds in an event of a contact person's life.
    fn apply_contact(&mut self, event: &PartnerEvent) {
        use PartnerEvent as E;
        match event {
            E::ContactAdded { contact, added_on } => self.contacts.push(Contact {
                person: contact.clone(),
                added_on: *added_on,
                removed_on: None,
            }),
            E::ContactUpdated { contact, .. } => {
                if let Some(current) = self.contact_mut(contact.contact_id) {
                    current.person.position = contact.position.clone();
                    current.person.data = contact.data.clone();
                }
            }
            E::ContactRemoved {
                contact_id,
                removed_on,
                ..
            } => {
                if let Some(contact) = self.contact_mut(*contact_id) {
                    contact.removed_on = Some(*removed_on);
                }
            }
            _ => {}
        }
    }
}
