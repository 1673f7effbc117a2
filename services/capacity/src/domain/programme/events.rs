//! What happened to a programme.

use chrono::NaiveDate;
use uuid::Uuid;

use super::terms::{ProgrammeMethod, ProgrammeTerms};
use crate::domain::roles::PersonRole;

/// The events of a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgrammeEvent {
    /// The programme was defined (version 1).
    Defined {
        /// Stable id.
        programme_id: Uuid,
        /// Title, e.g. `Diklat Pendamping KUBE`.
        title: String,
        /// What it is about.
        description: String,
        /// Its method.
        method: ProgrammeMethod,
        /// The roles it is for; empty for every role.
        target_roles: Vec<PersonRole>,
        /// Curriculum, attendance share, pass mark, certificate.
        terms: ProgrammeTerms,
        /// When.
        defined_on: NaiveDate,
    },
    /// Its terms were revised; cohorts scheduled later follow the new version.
    Revised {
        /// The new version: 2, 3, ...
        terms_version: u32,
        /// The new terms in full.
        terms: ProgrammeTerms,
        /// When.
        revised_on: NaiveDate,
        /// What changed and why.
        note: String,
    },
    /// Retired: no new cohorts. Cohorts already scheduled run to their end.
    Retired {
        /// When.
        retired_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
