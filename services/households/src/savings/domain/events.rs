//! What happened to a savings account: the facts its balance and history are made of.

use berdaya_domain::Rupiah;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::incentive::IncentiveRule;
use super::{Channel, GoalPurpose, Institution};
use berdaya_domain::Month;

/// The events of a savings account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavingsEvent {
    /// Opened.
    Opened {
        /// Stable id.
        account_id: Uuid,
        /// The household.
        household_id: Uuid,
        /// The member who holds it, for a member's own account.
        member_id: Option<Uuid>,
        /// The household's village at opening.
        village: RegionCode,
        /// Where the savings are kept.
        institution: Institution,
        /// When.
        opened_on: NaiveDate,
    },
    /// The family deposited its own money.
    Deposited {
        /// How much.
        amount: Rupiah,
        /// How.
        channel: Channel,
        /// Reference.
        reference: String,
        /// When.
        deposited_on: NaiveDate,
        /// The balance after.
        balance_after: Rupiah,
    },
    /// The programme credited an incentive for a deposit.
    IncentiveCredited {
        /// How much.
        amount: Rupiah,
        /// The deposit that earned it.
        deposit: Rupiah,
        /// The month whose cap it counts against.
        month: Month,
        /// The rule applied.
        rule: IncentiveRule,
        /// When (the deposit's date).
        credited_on: NaiveDate,
        /// The balance after.
        balance_after: Rupiah,
    },
    /// Money was withdrawn.
    Withdrawn {
        /// How much.
        amount: Rupiah,
        /// How.
        channel: Channel,
        /// Reference.
        reference: String,
        /// When.
        withdrawn_on: NaiveDate,
        /// What for.
        purpose: String,
        /// The balance after (never negative).
        balance_after: Rupiah,
    },
    /// A goal was set.
    GoalSet {
        /// Stable id.
        goal_id: Uuid,
        /// What for.
        purpose: GoalPurpose,
        /// Description.
        description: String,
        /// Target balance.
        target: Rupiah,
        /// The date aimed for.
        target_date: NaiveDate,
        /// When agreed.
        set_on: NaiveDate,
    },
    /// The balance reached a goal's target.
    GoalReached {
        /// Which.
        goal_id: Uuid,
        /// When.
        reached_on: NaiveDate,
        /// The balance then.
        balance: Rupiah,
        /// On or before the target date.
        on_time: bool,
    },
    /// A goal was abandoned.
    GoalCancelled {
        /// Which.
        goal_id: Uuid,
        /// Why.
        reason: String,
    },
    /// Closed.
    Closed {
        /// Why.
        reason: String,
        /// When.
        closed_on: NaiveDate,
    },
}

impl SavingsEvent {
    /// For a transaction (deposit, incentive, withdrawal): its date, signed amount and
    /// the balance after it.
    pub fn transaction(&self) -> Option<(NaiveDate, i64, Rupiah)> {
        match self {
            SavingsEvent::Deposited {
                amount,
                deposited_on,
                balance_after,
                ..
            } => Some((*deposited_on, amount.amount(), *balance_after)),
            SavingsEvent::IncentiveCredited {
                amount,
                credited_on,
                balance_after,
                ..
            } => Some((*credited_on, amount.amount(), *balance_after)),
            SavingsEvent::Withdrawn {
                amount,
                withdrawn_on,
                balance_after,
                ..
            } => Some((*withdrawn_on, -amount.amount(), *balance_after)),
            _ => None,
        }
    }
}
