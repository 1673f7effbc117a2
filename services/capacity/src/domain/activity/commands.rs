//! What users ask of a local-wisdom activity. Ids and the facts about leaders,
//! households and vocabulary terms are chosen or looked up at the edge.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{ActivityKind, Approach, Community};
use crate::domain::facts::{HouseholdFacts, PersonFacts, TermFacts};

/// The commands a local-wisdom activity accepts.
#[derive(Debug, Clone)]
pub enum ActivityCommand {
    /// Record an activity that was held.
    Record(RecordActivity),
    /// Add households reached.
    AddHouseholds(AddHouseholdsReached),
    /// Tag more values.
    TagValues(TagActivityValues),
    /// Void the record.
    Void(VoidActivity),
}

/// Records an activity that was held.
#[derive(Debug, Clone)]
pub struct RecordActivity {
    /// Id chosen for it.
    pub activity_id: Uuid,
    /// What kind of activity.
    pub kind: ActivityKind,
    /// Study, guidance or practice.
    pub approach: Approach,
    /// What it was.
    pub title: String,
    /// The desa adat or community.
    pub community: Community,
    /// When.
    pub held_on: NaiveDate,
    /// The leaders involved, as the registry holds them.
    pub leaders: Vec<PersonFacts>,
    /// The households reached, as the local view of the registry holds them.
    pub households: Vec<HouseholdFacts>,
    /// Others taking part.
    pub other_participants: u32,
    /// The values applied, as the vocabulary holds them.
    pub values: Vec<TermFacts>,
    /// Notes.
    pub notes: String,
}

/// Adds households reached.
#[derive(Debug, Clone)]
pub struct AddHouseholdsReached {
    /// The households, as the local view of the registry holds them.
    pub households: Vec<HouseholdFacts>,
}

/// Tags more values.
#[derive(Debug, Clone)]
pub struct TagActivityValues {
    /// The terms, as the vocabulary holds them.
    pub values: Vec<TermFacts>,
}

/// Voids the record.
#[derive(Debug, Clone)]
pub struct VoidActivity {
    /// When.
    pub voided_on: NaiveDate,
    /// Why.
    pub reason: String,
}
