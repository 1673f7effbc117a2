//! The advocacy context's domain: pure rules, no I/O.
//!
//! - [`AdvocacyCase`]: one case of a right violated or access denied, affecting one
//!   household or many (a whole village denied clean water), from report through
//!   assessment, action plan, actions, escalation and resolution or closure;
//! - [`RightsCatalogue`]: the reference data of rights a case can be about, with
//!   Indonesian and English labels, which a province can extend;
//! - [`CaseRules`]: the configured service levels per urgency and whether waiting on the
//!   reporter pauses the clock;
//! - [`deadlines`]: how a case stands against its service-level targets on a date;
//! - [`note_access`]: who may read which note of a case (confidentiality).
//!
//! What the case needs to know of other contexts (a household's village and standing in
//! the registry, whether a partner is registered) is looked up at the edge and passed in
//! as [`HouseholdFacts`] and [`PartnerFacts`], so deciding stays pure.

pub(crate) mod case;
mod document_hash;
mod facts;
mod rights;
mod rules;
mod vocabulary;

pub use case::*;
pub use document_hash::DocumentHash;
pub use facts::{HouseholdFacts, HouseholdStanding, PartnerFacts, PartnerStanding, shared_region};
pub use rights::{CatalogueError, Right, RightsCatalogue};
pub use rules::{CaseRules, RulesError, ServiceLevel};
pub use vocabulary::*;
