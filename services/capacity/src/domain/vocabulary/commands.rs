//! What users ask of the values vocabulary.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::TermKind;

/// The commands the values vocabulary accepts.
#[derive(Debug, Clone)]
pub enum VocabularyCommand {
    /// Add a term.
    AddTerm(AddTerm),
    /// Rename a term.
    RenameTerm(RenameTerm),
    /// Retire a term.
    RetireTerm(RetireTerm),
}

/// Adds a value, norm or practice.
#[derive(Debug, Clone)]
pub struct AddTerm {
    /// Id chosen for it.
    pub term_id: Uuid,
    /// Its name; unique among active terms, ignoring case and spacing.
    pub name: String,
    /// Value, norm or practice.
    pub kind: TermKind,
    /// What it means (may be empty).
    pub description: String,
    /// Where it is local; `None` for the whole country.
    pub region: Option<RegionCode>,
    /// When.
    pub added_on: NaiveDate,
}

/// Renames a term.
#[derive(Debug, Clone)]
pub struct RenameTerm {
    /// The term.
    pub term_id: Uuid,
    /// The new name.
    pub name: String,
    /// When.
    pub renamed_on: NaiveDate,
}

/// Retires a term.
#[derive(Debug, Clone)]
pub struct RetireTerm {
    /// The term.
    pub term_id: Uuid,
    /// Why.
    pub reason: String,
    /// The active term to use instead, if any.
    pub replaced_by_term_id: Option<Uuid>,
    /// When.
    pub retired_on: NaiveDate,
}
