//! The referral aggregate: a household or KUBE group sent to a partner for credit,
//! marketing, transport, training, employment or a basic service, and what came of it.

mod commands;
mod decide;
mod events;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Referee, ReferralOutcome, ReferralPurpose};

/// Referral rules that come from configuration, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRules {
    /// A household or group is referred only to a partner whose regions served cover
    /// its village (true).
    pub partner_must_serve_referee_region: bool,
}

impl Default for ReferralRules {
    fn default() -> Self {
        Self {
            partner_must_serve_referee_region: true,
        }
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ReferralStatus {
    /// No `Made` event yet.
    #[default]
    NotMade,
    /// Sent, awaiting the partner.
    Referred,
    /// The partner took it on.
    Accepted,
    /// The partner declined.
    Declined,
    /// The partner completed it with an outcome.
    Completed,
    /// The office withdrew it.
    Withdrawn,
}

impl ReferralStatus {
    /// The status as a word, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ReferralStatus::NotMade => "not made",
            ReferralStatus::Referred => "awaiting the partner",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Completed => "completed",
            ReferralStatus::Withdrawn => "withdrawn",
        }
    }
}

/// The referral aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Referral {
    /// Stable id (set by `Made`).
    pub id: Option<Uuid>,
    /// Where it stands.
    pub status: ReferralStatus,
    /// Since when.
    pub status_since: Option<NaiveDate>,
    /// Who was referred.
    pub referee: Option<Referee>,
    /// The referee's village when referred.
    pub village: Option<RegionCode>,
    /// The partner referred to.
    pub partner_id: Option<Uuid>,
    /// What for.
    pub purpose: Option<ReferralPurpose>,
    /// The agreement it was made under.
    pub agreement_id: Option<Uuid>,
    /// The commitment it counts toward.
    pub commitment_id: Option<Uuid>,
    /// What the referee needs.
    pub need: String,
    /// When it was made.
    pub referred_on: Option<NaiveDate>,
    /// Who made it.
    pub referred_by: String,
    /// When the partner accepted it.
    pub accepted_on: Option<NaiveDate>,
    /// Why it was declined or withdrawn.
    pub reason: Option<String>,
    /// What came of it, once completed.
    pub outcome: Option<ReferralOutcome>,
    /// Notes of acceptance and completion, in order.
    pub notes: Vec<String>,
}

impl Aggregate for Referral {
    const CATEGORY: &'static str = berdaya_proto::category::partnerships::REFERRAL;
    type Command = ReferralCommand;
    type Event = ReferralEvent;
    type Rules = ReferralRules;

    fn decide(
        &self,
        command: &ReferralCommand,
        rules: &ReferralRules,
    ) -> Result<Vec<ReferralEvent>, DomainError> {
        decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &ReferralEvent) {
        use ReferralEvent as E;
        match event {
            E::Made {
                referral_id,
                referee,
                village,
                partner_id,
                purpose,
                agreement_id,
                commitment_id,
                need,
                referred_on,
                referred_by,
            } => {
                self.id = Some(*referral_id);
                self.status = ReferralStatus::Referred;
                self.status_since = Some(*referred_on);
                self.referee = Some(*referee);
                self.village = Some(village.clone());
                self.partner_id = Some(*partner_id);
                self.purpose = Some(*purpose);
                self.agreement_id = *agreement_id;
                self.commitment_id = *commitment_id;
                self.need = need.clone();
                self.referred_on = Some(*referred_on);
                self.referred_by = referred_by.clone();
            }
            E::Accepted { accepted_on, note } => {
                self.status = ReferralStatus::Accepted;
                self.status_since = Some(*accepted_on);
                self.accepted_on = Some(*accepted_on);
                self.notes.push(note.clone());
            }
            E::Declined {
                declined_on,
                reason,
            } => {
                self.status = ReferralStatus::Declined;
                self.status_since = Some(*declined_on);
                self.reason = Some(reason.clone());
            }
            E::Completed {
                completed_on,
                outcome,
                note,
            } => {
                self.status = ReferralStatus::Completed;
                self.status_since = Some(*completed_on);
                self.outcome = Some(outcome.clone());
                self.notes.push(note.clone());
            }
            E::Withdrawn {
                withdrawn_on,
                reason,
            } => {
                self.status = ReferralStatus::Withdrawn;
                self.status_since = Some(*withdrawn_on);
                self.reason = Some(reason.clone());
            }
        }
    }
}
