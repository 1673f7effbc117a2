//! The enterprise context's aggregates: pure rules, no I/O.
//!
//! - [`KubeGroup`]: a KUBE (Kelompok Usaha Bersama, joint business group) of poor
//!   households of one village, with its board, facilitator (pendamping), business plan,
//!   grants (BLPS: Bantuan Langsung Pemberdayaan Sosial, and others), monthly progress,
//!   IKS (Iuran Kesetiakawanan Sosial, the social-solidarity contribution set aside from
//!   profit) and stage (Tumbuh, Berkembang, Maju/Mandiri);
//! - [`Support`]: the individual entrepreneurship support of one household outside any
//!   group (guidance, motivation, training, apprenticeships, mentoring visits).
//!
//! What the aggregates need to know of member households (registered? active? which
//! village? in which group?) is looked up at the edge and passed in as
//! [`HouseholdFacts`], so deciding stays pure.

mod commands;
mod decide;
mod events;
mod health;
mod policy;
mod records;
mod state;
mod support;
mod vocabulary;

#[cfg(test)]
pub(crate) mod tests;

pub use berdaya_domain::Month;
pub use commands::*;
pub use events::*;
pub use health::{GroupHealth, health};
pub use policy::GroupPolicy;
pub use state::{Board, GroupStatus, KubeGroup, Membership, Proposal, ProposalStatus};
pub use support::{
    Apprenticeship, MentoringVisit, Session, Support, SupportCommand, SupportEvent,
    unknown_household,
};
pub use vocabulary::*;

use berdaya_domain::id::RegionCode;
use uuid::Uuid;

/// What the enterprise service knows of a registry household, from the households
/// registry's events (a local view, not a call to the registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// The household.
    pub household_id: Uuid,
    /// Its standing.
    pub standing: Standing,
}

/// A household's standing as last heard from the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Never heard of: not registered, or its registration has not arrived yet.
    Unknown,
    /// Closed in the registry.
    Closed,
    /// Open in the registry.
    Active {
        /// Where it lives.
        village: RegionCode,
        /// The active KUBE group it belongs to, if any.
        group: Option<Uuid>,
    },
}
