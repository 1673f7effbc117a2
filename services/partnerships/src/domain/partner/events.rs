//! What happened to a partner: the facts its history is made of.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Email, PartnerKind};

/// Personal data of one contact person. `None` where it is held means it was erased.
#[derive(Clone, PartialEq, Eq)]
pub struct ContactData {
    /// Full name.
    pub full_name: String,
    /// Phone, if given (validated at the edge).
    pub phone: Option<String>,
    /// E-mail, if given.
    pub email: Option<Email>,
}

// Personal data: keep it out of logs and panic messages; say only what is present.
impl std::fmt::Debug for ContactData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactData")
            .field("full_name", &"..")
            .field("phone", &self.phone.as_ref().map(|_| ".."))
            .field("email", &self.email)
            .finish()
    }
}

/// A contact person of a partner as events record them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPerson {
    /// Stable id of the contact within the partner.
    pub contact_id: Uuid,
    /// The data subject whose key seals `data`.
    pub subject_id: Uuid,
    /// Position in the partner's organisation (jabatan), e.g. `Kepala Unit Mikro`: a
    /// role, not personal data.
    pub position: String,
    /// Name, phone and e-mail; `None` once erased.
    pub data: Option<ContactData>,
}

/// The events of a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerEvent {
    /// Entered in the partner registry.
    Registered {
        /// Stable id.
        partner_id: Uuid,
        /// What kind of organisation it is.
        kind: PartnerKind,
        /// Legal name (nama badan hukum).
        legal_name: String,
        /// Registration number where one exists (NIB, AHU, cooperative register).
        registration_number: Option<String>,
        /// Kemendagri prefixes of the regions it serves.
        regions_served: Vec<RegionCode>,
        /// Contact people at registration.
        contacts: Vec<ContactPerson>,
        /// Date of registration.
        registered_on: NaiveDate,
    },
    /// Legal name, registration number or regions served changed; every field holds the
    /// value after the change.
    ProfileUpdated {
        /// Legal name.
        legal_name: String,
        /// Registration number.
        registration_number: Option<String>,
        /// Regions served.
        regions_served: Vec<RegionCode>,
        /// Date the change took effect.
        updated_on: NaiveDate,
    },
    /// A contact person was added.
    ContactAdded {
        /// The contact.
        contact: ContactPerson,
        /// When.
        added_on: NaiveDate,
    },
    /// A contact person's position or personal data changed.
    ContactUpdated {
        /// The contact, as it stands after the change (same id and subject).
        contact: ContactPerson,
        /// When.
        updated_on: NaiveDate,
    },
    /// A contact person no longer represents the partner.
    ContactRemoved {
        /// Who.
        contact_id: Uuid,
        /// When.
        removed_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// The partnership was suspended: no new agreements, network memberships or
    /// referrals until it is reinstated.
    Suspended {
        /// Why.
        reason: String,
        /// From when.
        suspended_on: NaiveDate,
    },
    /// A suspension ended.
    Reinstated {
        /// From when.
        reinstated_on: NaiveDate,
        /// Why.
        note: String,
    },
    /// No longer a partner; kept for history.
    Retired {
        /// Why.
        reason: String,
        /// From when.
        retired_on: NaiveDate,
    },
    /// Personal data erased by destroying the contacts' keys.
    PersonalDataErased {
        /// Whose keys.
        subject_ids: Vec<Uuid>,
        /// Why.
        reason: String,
    },
}
