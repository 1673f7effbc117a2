//! What happened to the values vocabulary.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::TermKind;

/// The events of the values vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VocabularyEvent {
    /// A value, norm or practice was added.
    TermAdded {
        /// Stable id: what activities are tagged with.
        term_id: Uuid,
        /// Its name, e.g. `gotong royong`, `jimpitan`, `awig-awig`.
        name: String,
        /// Value, norm or practice.
        kind: TermKind,
        /// What it means and how it is lived.
        description: String,
        /// Where it is local (e.g. `51` for subak in Bali); `None` when it is shared
        /// across the country.
        region: Option<RegionCode>,
        /// When.
        added_on: NaiveDate,
    },
    /// A term was renamed; activities tagged with it keep the tag.
    TermRenamed {
        /// The term.
        term_id: Uuid,
        /// The new name.
        name: String,
        /// The name it replaces.
        previous_name: String,
        /// When.
        renamed_on: NaiveDate,
    },
    /// A term was retired: it tags nothing new; activities tagged before keep the tag.
    TermRetired {
        /// The term.
        term_id: Uuid,
        /// When.
        retired_on: NaiveDate,
        /// Why.
        reason: String,
        /// The active term to use instead, if any.
        replaced_by_term_id: Option<Uuid>,
    },
}
