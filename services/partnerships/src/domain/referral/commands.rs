//! What users ask of a referral. Ids, dates, the acting subject, the referee's and the
//! partner's standing and the agreement it is made under are chosen or looked up at the
//! edge and passed in, so deciding stays pure.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Agreement, PartnerFacts, RefereeFacts, ReferralOutcome, ReferralPurpose};

/// The commands a referral accepts.
#[derive(Debug, Clone)]
pub enum ReferralCommand {
    /// Refer a household or group to a partner.
    Make(MakeReferral),
    /// The partner takes it on.
    Accept(AcceptReferral),
    /// The partner declines.
    Decline(DeclineReferral),
    /// The partner completes it with an outcome.
    Complete(CompleteReferral),
    /// The office withdraws it.
    Withdraw(WithdrawReferral),
}

/// The agreement (and commitment) a referral is made under, as loaded at the edge.
#[derive(Debug, Clone)]
pub struct UnderAgreement {
    /// The agreement's id.
    pub agreement_id: Uuid,
    /// Its state as loaded (the default state when no such agreement exists); boxed,
    /// as a whole agreement outweighs every other command.
    pub agreement: Box<Agreement>,
    /// The commitment it counts toward, if any.
    pub commitment_id: Option<Uuid>,
}

/// Refer a household or group to a partner.
#[derive(Debug, Clone)]
pub struct MakeReferral {
    /// Id chosen for it.
    pub referral_id: Uuid,
    /// Who is referred, and their standing from the local view.
    pub referee: RefereeFacts,
    /// The partner's standing.
    pub partner: PartnerFacts,
    /// What for.
    pub purpose: ReferralPurpose,
    /// The agreement it is made under, if any.
    pub under: Option<UnderAgreement>,
    /// What the referee needs, in words.
    pub need: String,
    /// When.
    pub referred_on: NaiveDate,
    /// The authenticated subject referring.
    pub referred_by: String,
}

/// The partner takes the referral on.
#[derive(Debug, Clone)]
pub struct AcceptReferral {
    /// When.
    pub accepted_on: NaiveDate,
    /// Note.
    pub note: String,
    /// The partner an integration client acts for, from its token; `None` for an
    /// officer recording on the partner's behalf.
    pub acting_for: Option<Uuid>,
}

/// The partner declines.
#[derive(Debug, Clone)]
pub struct DeclineReferral {
    /// When.
    pub declined_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// As in [`AcceptReferral::acting_for`].
    pub acting_for: Option<Uuid>,
}

/// The partner completes it.
#[derive(Debug, Clone)]
pub struct CompleteReferral {
    /// When.
    pub completed_on: NaiveDate,
    /// What came of it.
    pub outcome: ReferralOutcome,
    /// Note.
    pub note: String,
    /// As in [`AcceptReferral::acting_for`].
    pub acting_for: Option<Uuid>,
}

/// The office withdraws it.
#[derive(Debug, Clone)]
pub struct WithdrawReferral {
    /// When.
    pub withdrawn_on: NaiveDate,
    /// Why.
    pub reason: String,
}
