//! What happened to a person: the facts their history is made of.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::roles::Placement;

/// A person's personal data, sealed with their own key. `None` where it is held means it
/// was erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonData {
    /// Full name.
    pub full_name: String,
    /// NIK, 16 digits (validated at the edge), when given.
    pub nik: Option<String>,
    /// Phone number, when given.
    pub phone: Option<String>,
    /// Email address, when given.
    pub email: Option<String>,
}

/// Why a person left the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeactivationReason {
    /// Resigned.
    Resigned,
    /// The contract (e.g. a facilitator's yearly contract) ended.
    ContractEnded,
    /// Moved to a post outside this deployment.
    Transferred,
    /// Retired (pensiun).
    Retired,
    /// Died.
    Deceased,
    /// Dismissed.
    Dismissed,
    /// Anything else (the note says what).
    Other,
    /// Their personal data was erased: Berdaya no longer serves someone it cannot name.
    PersonalDataErased,
}

/// The events of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonEvent {
    /// Entered in the registry of people who run the programme.
    Registered {
        /// Stable id: what other contexts call `facilitator_id`.
        person_id: Uuid,
        /// Role, organisation and region.
        placement: Placement,
        /// When.
        registered_on: NaiveDate,
        /// The data subject whose key seals `data`.
        subject_id: Uuid,
        /// Personal data; `None` once erased.
        data: Option<PersonData>,
    },
    /// Moved to another role, organisation or region.
    Reassigned {
        /// The data subject whose key seals `note`.
        subject_id: Uuid,
        /// The new placement.
        placement: Placement,
        /// The placement it replaces.
        previous: Placement,
        /// When it took effect.
        effective_on: NaiveDate,
        /// Why, or the decree's reference: free text about the person, so sealed with
        /// their key; `None` once erased.
        note: Option<String>,
    },
    /// Personal data corrected or updated.
    PersonalDataUpdated {
        /// The data subject whose key seals `data`.
        subject_id: Uuid,
        /// The new personal data; `None` once erased.
        data: Option<PersonData>,
    },
    /// Left the programme.
    Deactivated {
        /// The data subject whose key seals `note`.
        subject_id: Uuid,
        /// Why.
        reason: DeactivationReason,
        /// When.
        deactivated_on: NaiveDate,
        /// Note (it may tell of illness or death): sealed with the person's key; `None`
        /// once erased.
        note: Option<String>,
    },
    /// Came back to the programme in their last placement.
    Reactivated {
        /// The data subject whose key seals `note`.
        subject_id: Uuid,
        /// When.
        reactivated_on: NaiveDate,
        /// Note, sealed with the person's key; `None` once erased.
        note: Option<String>,
    },
    /// Personal data erased by destroying the subject's key.
    PersonalDataErased {
        /// Whose keys.
        subject_ids: Vec<Uuid>,
        /// Why.
        reason: String,
    },
}
