//! The partnerships context's aggregates: pure rules, no I/O.
//!
//! - [`Partner`]: an organisation the office cooperates with, its regions served and its
//!   contact people (personal data, sealed per contact);
//! - [`Agreement`]: a Nota Kesepahaman (MoU: intent, usually without money) or a
//!   Perjanjian Kerja Sama (PKS: who provides what, for how long) between the office and
//!   one or more partners, with its commitments, signature, amendments, renewals and
//!   contributions; whether it is in force is always a question asked on a date;
//! - [`Network`]: an association, consortium or forum of partners, its members over
//!   time and its joint actions;
//! - [`Referral`]: a household or KUBE group sent to a partner for credit, marketing,
//!   transport, training, employment or a basic service, and what came of it.
//!
//! Facts from other aggregates and other contexts (a partner's standing, a household's
//! or group's village and status, the agreement a referral is made under) are looked up
//! at the edge and passed in commands, so deciding stays pure.

pub mod agreement;
mod dates;
mod document;
mod email;
mod facts;
pub mod network;
mod outcome;
pub mod partner;
mod quantity;
pub mod referral;
mod vocabulary;

#[cfg(test)]
pub(crate) mod fixtures;

pub use agreement::{Agreement, AgreementCommand, AgreementEvent, AgreementStatus};
pub use document::{Document, DocumentHash};
pub use email::Email;
pub use facts::{PartnerFacts, PartnerStanding, RefereeFacts, RefereeStanding};
pub use network::{Network, NetworkCommand, NetworkEvent, NetworkRules};
pub use outcome::ReferralOutcome;
pub use partner::{Partner, PartnerCommand, PartnerEvent, PartnerStatus};
pub use quantity::Quantity;
pub use referral::{Referral, ReferralCommand, ReferralEvent, ReferralRules, ReferralStatus};
pub use vocabulary::*;
