//! What happened to a local-wisdom activity.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{ActivityKind, Approach, Community};

/// The events of a local-wisdom activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityEvent {
    /// An activity that was held was recorded.
    Recorded {
        /// Stable id.
        activity_id: Uuid,
        /// What kind of activity.
        kind: ActivityKind,
        /// Study, guidance or practice.
        approach: Approach,
        /// What it was, e.g. `Pengajian bulanan: amanah dalam usaha`.
        title: String,
        /// The desa adat or community where it was held.
        community: Community,
        /// When.
        held_on: NaiveDate,
        /// The religious or customary leaders involved (people of the registry).
        leader_person_ids: Vec<Uuid>,
        /// The registry households reached.
        household_ids: Vec<Uuid>,
        /// Others taking part who are not registry households.
        other_participants: u32,
        /// The values, norms and practices applied (vocabulary terms).
        value_ids: Vec<Uuid>,
        /// Notes (may be empty).
        notes: String,
    },
    /// More registry households were found to have been reached (a late attendance list).
    HouseholdsAdded {
        /// The households added.
        household_ids: Vec<Uuid>,
    },
    /// More values, norms or practices were tagged.
    ValuesTagged {
        /// The terms added.
        value_ids: Vec<Uuid>,
    },
    /// The record was withdrawn as made in error; it counts in no indicator.
    Voided {
        /// When.
        voided_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
