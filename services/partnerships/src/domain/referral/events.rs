//! What happened to a referral: the facts its history is made of.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Referee, ReferralOutcome, ReferralPurpose};

/// The events of a referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralEvent {
    /// A household or KUBE group was referred to a partner.
    Made {
        /// Stable id.
        referral_id: Uuid,
        /// Who was referred.
        referee: Referee,
        /// The referee's village when referred (for region scope and reports).
        village: RegionCode,
        /// The partner referred to.
        partner_id: Uuid,
        /// What for.
        purpose: ReferralPurpose,
        /// The agreement it was made under, if any.
        agreement_id: Option<Uuid>,
        /// The commitment of that agreement it counts toward, if any.
        commitment_id: Option<Uuid>,
        /// What the referee needs, in words.
        need: String,
        /// When.
        referred_on: NaiveDate,
        /// Who referred (authenticated subject).
        referred_by: String,
    },
    /// The partner took the referral on.
    Accepted {
        /// When.
        accepted_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// The partner declined.
    Declined {
        /// When.
        declined_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// The partner completed the referral.
    Completed {
        /// When.
        completed_on: NaiveDate,
        /// What came of it.
        outcome: ReferralOutcome,
        /// Note.
        note: String,
    },
    /// The office withdrew the referral before the partner completed it.
    Withdrawn {
        /// When.
        withdrawn_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
