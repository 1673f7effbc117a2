//! What users ask of a programme.

use chrono::NaiveDate;
use uuid::Uuid;

use super::terms::{ProgrammeMethod, ProgrammeTerms};
use crate::domain::roles::PersonRole;

/// The commands a programme accepts.
#[derive(Debug, Clone)]
pub enum ProgrammeCommand {
    /// Define a programme.
    Define(DefineProgramme),
    /// Revise its terms.
    Revise(ReviseProgramme),
    /// Retire it.
    Retire(RetireProgramme),
}

/// Defines a programme.
#[derive(Debug, Clone)]
pub struct DefineProgramme {
    /// Id chosen for it.
    pub programme_id: Uuid,
    /// Title.
    pub title: String,
    /// What it is about (may be empty).
    pub description: String,
    /// Its method.
    pub method: ProgrammeMethod,
    /// The roles it is for; empty for every role.
    pub target_roles: Vec<PersonRole>,
    /// Curriculum, attendance share, pass mark, certificate.
    pub terms: ProgrammeTerms,
    /// When.
    pub defined_on: NaiveDate,
}

/// Revises a programme's terms.
#[derive(Debug, Clone)]
pub struct ReviseProgramme {
    /// The new terms in full.
    pub terms: ProgrammeTerms,
    /// When.
    pub revised_on: NaiveDate,
    /// What changed and why.
    pub note: String,
}

/// Retires a programme.
#[derive(Debug, Clone)]
pub struct RetireProgramme {
    /// When.
    pub retired_on: NaiveDate,
    /// Why.
    pub reason: String,
}
