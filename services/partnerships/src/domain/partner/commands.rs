//! What users ask of a partner. Ids and dates are chosen at the edge (dates "not in the
//! future" are checked there) and passed in, so that deciding stays pure.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::ContactPerson;
use crate::domain::PartnerKind;

/// The commands a partner accepts.
#[derive(Debug, Clone)]
pub enum PartnerCommand {
    /// Enter a partner in the registry.
    Register(RegisterPartner),
    /// Change the legal name, registration number or regions served.
    UpdateProfile(UpdatePartnerProfile),
    /// Add a contact person.
    AddContact(AddContact),
    /// Change a contact person's position or personal data.
    UpdateContact(UpdateContact),
    /// A contact person no longer represents the partner.
    RemoveContact(RemoveContact),
    /// Suspend the partnership.
    Suspend(SuspendPartner),
    /// End a suspension.
    Reinstate(ReinstatePartner),
    /// End the partnership for good.
    Retire(RetirePartner),
    /// Erase contact people's personal data (admin).
    ErasePersonalData(ErasePartnerPersonalData),
}

/// Enter a partner in the registry.
#[derive(Debug, Clone)]
pub struct RegisterPartner {
    /// Id chosen for it.
    pub partner_id: Uuid,
    /// Its kind.
    pub kind: PartnerKind,
    /// Legal name.
    pub legal_name: String,
    /// Registration number, where one exists.
    pub registration_number: Option<String>,
    /// Kemendagri prefixes of the regions it serves (codes checked at the edge against
    /// the reference data).
    pub regions_served: Vec<RegionCode>,
    /// Contact people, ids and subjects chosen at the edge.
    pub contacts: Vec<ContactPerson>,
    /// Date of registration.
    pub registered_on: NaiveDate,
}

/// Change the profile; every field is the value wanted after the change.
#[derive(Debug, Clone)]
pub struct UpdatePartnerProfile {
    /// Legal name.
    pub legal_name: String,
    /// Registration number.
    pub registration_number: Option<String>,
    /// Regions served.
    pub regions_served: Vec<RegionCode>,
    /// Date the change takes effect.
    pub updated_on: NaiveDate,
}

/// Add a contact person.
#[derive(Debug, Clone)]
pub struct AddContact {
    /// The contact, id and subject chosen at the edge.
    pub contact: ContactPerson,
    /// When.
    pub added_on: NaiveDate,
}

/// Change a contact person.
#[derive(Debug, Clone)]
pub struct UpdateContact {
    /// The contact as wanted after the change; `contact_id` names it and `subject_id`
    /// is ignored (the contact keeps its data subject).
    pub contact: ContactPerson,
    /// When.
    pub updated_on: NaiveDate,
}

/// Remove a contact person.
#[derive(Debug, Clone)]
pub struct RemoveContact {
    /// Who.
    pub contact_id: Uuid,
    /// When.
    pub removed_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Suspend the partnership.
#[derive(Debug, Clone)]
pub struct SuspendPartner {
    /// Why.
    pub reason: String,
    /// From when.
    pub suspended_on: NaiveDate,
}

/// End a suspension.
#[derive(Debug, Clone)]
pub struct ReinstatePartner {
    /// From when.
    pub reinstated_on: NaiveDate,
    /// Why.
    pub note: String,
}

/// Retire the partner.
#[derive(Debug, Clone)]
pub struct RetirePartner {
    /// Why.
    pub reason: String,
    /// From when.
    pub retired_on: NaiveDate,
}

/// Erase personal data.
#[derive(Debug, Clone)]
pub struct ErasePartnerPersonalData {
    /// The contact whose data is erased; `None` erases every contact's.
    pub contact_id: Option<Uuid>,
    /// Why.
    pub reason: String,
}
