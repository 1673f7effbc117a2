//! What users ask of a person's record. Ids, dates and the facts about a cadre's
//! household are chosen or looked up at the edge and passed in.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::{DeactivationReason, PersonData};
use crate::domain::facts::HouseholdFacts;
use crate::domain::roles::{Organisation, PersonRole};

/// The commands a person's record accepts.
#[derive(Debug, Clone)]
pub enum PersonCommand {
    /// Register a person.
    Register(RegisterPerson),
    /// Change their role, organisation or region.
    Reassign(ReassignPerson),
    /// Correct or update their personal data.
    UpdatePersonalData(UpdatePersonalData),
    /// They leave the programme.
    Deactivate(DeactivatePerson),
    /// They come back.
    Reactivate(ReactivatePerson),
    /// Erase their personal data (admin).
    ErasePersonalData(ErasePersonalData),
}

/// Role, organisation and region asked for, with the facts the edge found about a
/// cadre's household.
#[derive(Debug, Clone)]
pub struct PlacementRequest {
    /// The role.
    pub role: PersonRole,
    /// The organisation, if any.
    pub organisation: Option<Organisation>,
    /// The region served; `None` for the whole country.
    pub region: Option<RegionCode>,
    /// For a recipient cadre: their household, as the local view knows it.
    pub household: Option<HouseholdFacts>,
}

/// Registers a person.
#[derive(Debug, Clone)]
pub struct RegisterPerson {
    /// Id chosen for them.
    pub person_id: Uuid,
    /// Where they stand.
    pub placement: PlacementRequest,
    /// Date of registration.
    pub registered_on: NaiveDate,
    /// Data subject chosen for their personal data.
    pub subject_id: Uuid,
    /// Their personal data.
    pub data: PersonData,
}

/// Changes a person's placement.
#[derive(Debug, Clone)]
pub struct ReassignPerson {
    /// The new placement.
    pub placement: PlacementRequest,
    /// When it takes effect.
    pub effective_on: NaiveDate,
    /// Why, or the decree's reference.
    pub note: String,
}

/// Replaces a person's personal data.
#[derive(Debug, Clone)]
pub struct UpdatePersonalData {
    /// The full new personal data.
    pub data: PersonData,
}

/// Records that a person left the programme.
#[derive(Debug, Clone)]
pub struct DeactivatePerson {
    /// Why.
    pub reason: DeactivationReason,
    /// When.
    pub deactivated_on: NaiveDate,
    /// Note; required when the reason is `Other`.
    pub note: String,
}

/// Records that a person came back.
#[derive(Debug, Clone)]
pub struct ReactivatePerson {
    /// When.
    pub reactivated_on: NaiveDate,
    /// Note.
    pub note: String,
}

/// Erases a person's personal data. An active person is deactivated first: Berdaya no
/// longer serves someone it cannot name.
#[derive(Debug, Clone)]
pub struct ErasePersonalData {
    /// Why (e.g. the data subject's request under UU PDP 27/2022).
    pub reason: String,
    /// Today, at the edge: the date of the deactivation erasure causes.
    pub erased_on: NaiveDate,
}
