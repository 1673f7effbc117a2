//! What users ask of a savings account. Ids, dates, the incentive rule and the
//! household's standing are settled at the edge and passed in, so deciding stays pure.

use berdaya_domain::Rupiah;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Channel, GoalPurpose, Institution};
use crate::domain::HouseholdRef;

/// The commands a savings account accepts.
#[derive(Debug, Clone)]
pub enum SavingsCommand {
    /// Open the account.
    Open {
        /// Id chosen for it.
        account_id: Uuid,
        /// The household, with its standing.
        household: HouseholdRef,
        /// The member who holds it, for a member's own account.
        member_id: Option<Uuid>,
        /// Where the savings are kept.
        institution: Institution,
        /// When.
        opened_on: NaiveDate,
    },
    /// Deposit the family's own money.
    Deposit {
        /// How much (positive).
        amount: Rupiah,
        /// How.
        channel: Channel,
        /// Receipt or transfer reference.
        reference: String,
        /// When.
        deposited_on: NaiveDate,
    },
    /// Withdraw.
    Withdraw {
        /// How much (positive, at most the balance).
        amount: Rupiah,
        /// How.
        channel: Channel,
        /// Receipt or transfer reference.
        reference: String,
        /// When.
        withdrawn_on: NaiveDate,
        /// What for.
        purpose: String,
    },
    /// Set a goal.
    SetGoal {
        /// Id chosen for it.
        goal_id: Uuid,
        /// What for.
        purpose: GoalPurpose,
        /// Description.
        description: String,
        /// Target balance (positive).
        target: Rupiah,
        /// The date aimed for.
        target_date: NaiveDate,
        /// When agreed.
        set_on: NaiveDate,
    },
    /// Abandon a goal.
    CancelGoal {
        /// Which.
        goal_id: Uuid,
        /// Why.
        reason: String,
    },
    /// Close the account.
    Close {
        /// Why.
        reason: String,
        /// When.
        closed_on: NaiveDate,
    },
}

impl SavingsCommand {
    /// The command for the account `id` (sets the id of an opening).
    #[must_use]
    pub fn for_account(self, id: Uuid) -> Self {
        match self {
            SavingsCommand::Open {
                household,
                member_id,
                institution,
                opened_on,
                ..
            } => SavingsCommand::Open {
                account_id: id,
                household,
                member_id,
                institution,
                opened_on,
            },
            other => other,
        }
    }

    /// The account a command opens, when it opens one.
    pub fn account_id(&self) -> Option<Uuid> {
        match self {
            SavingsCommand::Open { account_id, .. } => Some(*account_id),
            _ => None,
        }
    }

    /// The household the command names, for the service to look up.
    pub fn household_mut(&mut self) -> Option<&mut HouseholdRef> {
        match self {
            SavingsCommand::Open { household, .. } => Some(household),
            _ => None,
        }
    }
}
