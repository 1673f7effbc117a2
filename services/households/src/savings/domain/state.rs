//! A savings account as its events make it. The state stays small whatever the length of
//! the history: running totals, one ledger line per calendar month (which versions it
//! spans and its balances, so a statement reads only its own months), and the goals.

use std::collections::BTreeMap;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError, Rupiah};
use chrono::NaiveDate;

use super::IncentiveRule;
use uuid::Uuid;

use super::commands::SavingsCommand;
use super::events::SavingsEvent;
use super::{GoalPurpose, Institution};
use berdaya_domain::Month;

/// Lifecycle of an account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountStatus {
    /// No `Opened` event yet.
    #[default]
    Unopened,
    /// Open.
    Open,
    /// Closed.
    Closed,
}

/// One calendar month of transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthLedger {
    /// The stream version of the month's first transaction.
    pub first_version: i64,
    /// The stream version of its last transaction.
    pub last_version: i64,
    /// The balance before the month's first transaction.
    pub opening_balance: Rupiah,
    /// The balance after its last transaction.
    pub closing_balance: Rupiah,
    /// The family's deposits.
    pub deposits: Rupiah,
    /// How many deposits.
    pub deposit_count: u32,
    /// Withdrawals.
    pub withdrawals: Rupiah,
    /// Incentives credited (what the monthly cap limits).
    pub incentives: Rupiah,
}

/// Where a goal stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalStatus {
    /// Being saved for.
    Active,
    /// Reached.
    Reached {
        /// When.
        on: NaiveDate,
        /// On or before the target date.
        on_time: bool,
    },
    /// Abandoned.
    Cancelled {
        /// Why.
        reason: String,
    },
}

/// A savings goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// Stable id.
    pub goal_id: Uuid,
    /// What for.
    pub purpose: GoalPurpose,
    /// Description.
    pub description: String,
    /// Target balance.
    pub target: Rupiah,
    /// The date aimed for.
    pub target_date: NaiveDate,
    /// When agreed.
    pub set_on: NaiveDate,
    /// Where it stands.
    pub status: GoalStatus,
}

/// The latest deposit and the incentive it earned (what a deposit's answer reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepositOutcome {
    /// The stream version of the deposit.
    pub version: i64,
    /// The deposit.
    pub amount: Rupiah,
    /// The incentive it earned.
    pub incentive: Rupiah,
}

/// The savings account aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavingsAccount {
    /// How many events were applied: the stream version.
    pub version: i64,
    /// Stable id (set by `Opened`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: AccountStatus,
    /// The household.
    pub household_id: Option<Uuid>,
    /// The member who holds it.
    pub member_id: Option<Uuid>,
    /// The household's village at opening.
    pub village: Option<RegionCode>,
    /// Where the savings are kept.
    pub institution: Option<Institution>,
    /// When it was opened.
    pub opened_on: Option<NaiveDate>,
    /// Own deposits plus incentives minus withdrawals.
    pub balance: Rupiah,
    /// Every own deposit.
    pub deposits_total: Rupiah,
    /// Every withdrawal.
    pub withdrawals_total: Rupiah,
    /// Every incentive.
    pub incentives_total: Rupiah,
    /// How many deposits.
    pub deposit_count: u32,
    /// The date of the latest transaction.
    pub last_transaction_on: Option<NaiveDate>,
    /// Transactions by calendar month.
    pub months: BTreeMap<Month, MonthLedger>,
    /// Goals, in the order they were set.
    pub goals: Vec<Goal>,
    /// The latest deposit and its incentive.
    pub latest_deposit: Option<DepositOutcome>,
    /// When and why it was closed.
    pub closed: Option<(NaiveDate, String)>,
}

impl SavingsAccount {
    /// A goal by id.
    pub fn goal(&self, goal_id: Uuid) -> Option<&Goal> {
        self.goals.iter().find(|g| g.goal_id == goal_id)
    }

    /// Goals still being saved for.
    pub fn active_goals(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(|g| g.status == GoalStatus::Active)
    }

    fn book(&mut self, date: NaiveDate, signed: i64, book: impl FnOnce(&mut MonthLedger)) {
        let before = self.balance;
        // Saturating: decide refuses a deposit that would overflow; only an event recorded
        // before the bounds existed can reach the limit, and apply must not fail.
        self.balance = before.saturating_add(Rupiah(signed));
        self.last_transaction_on = Some(date);
        let version = self.version;
        let ledger = self.months.entry(Month::of(date)).or_insert(MonthLedger {
            first_version: version,
            last_version: version,
            opening_balance: before,
            closing_balance: before,
            deposits: Rupiah::ZERO,
            deposit_count: 0,
            withdrawals: Rupiah::ZERO,
            incentives: Rupiah::ZERO,
        });
        ledger.last_version = version;
        ledger.closing_balance = self.balance;
        book(ledger);
    }
}

fn add(a: Rupiah, b: Rupiah) -> Rupiah {
    a.saturating_add(b)
}

impl Aggregate for SavingsAccount {
    const CATEGORY: &'static str = berdaya_proto::category::households::SAVINGS;
    type Command = SavingsCommand;
    type Event = SavingsEvent;
    /// The incentive rule in force: configuration, so it reaches each deposit's decision
    /// beside the command.
    type Rules = IncentiveRule;

    fn decide(
        &self,
        command: &SavingsCommand,
        rule: &IncentiveRule,
    ) -> Result<Vec<SavingsEvent>, DomainError> {
        super::decide::decide(self, command, rule)
    }

    fn apply(&mut self, event: &SavingsEvent) {
        self.version += 1;
        match event {
            SavingsEvent::Opened {
                account_id,
                household_id,
                member_id,
                village,
                institution,
                opened_on,
            } => {
                self.id = Some(*account_id);
                self.status = AccountStatus::Open;
                self.household_id = Some(*household_id);
                self.member_id = *member_id;
                self.village = Some(village.clone());
                self.institution = Some(institution.clone());
                self.opened_on = Some(*opened_on);
            }
            SavingsEvent::Deposited {
                amount,
                deposited_on,
                ..
            } => {
                self.deposits_total = add(self.deposits_total, *amount);
                self.deposit_count += 1;
                self.latest_deposit = Some(DepositOutcome {
                    version: self.version,
                    amount: *amount,
                    incentive: Rupiah::ZERO,
                });
                self.book(*deposited_on, amount.amount(), |m| {
                    m.deposits = add(m.deposits, *amount);
                    m.deposit_count += 1;
                });
            }
            SavingsEvent::IncentiveCredited {
                amount,
                credited_on,
                ..
            } => {
                self.incentives_total = add(self.incentives_total, *amount);
                if let Some(latest) = &mut self.latest_deposit {
                    latest.incentive = add(latest.incentive, *amount);
                }
                self.book(*credited_on, amount.amount(), |m| {
                    m.incentives = add(m.incentives, *amount);
                });
            }
            SavingsEvent::Withdrawn {
                amount,
                withdrawn_on,
                ..
            } => {
                self.withdrawals_total = add(self.withdrawals_total, *amount);
                self.book(*withdrawn_on, -amount.amount(), |m| {
                    m.withdrawals = add(m.withdrawals, *amount);
                });
            }
            SavingsEvent::GoalSet {
                goal_id,
                purpose,
                description,
                target,
                target_date,
                set_on,
            } => self.goals.push(Goal {
                goal_id: *goal_id,
                purpose: *purpose,
                description: description.clone(),
                target: *target,
                target_date: *target_date,
                set_on: *set_on,
                status: GoalStatus::Active,
            }),
            SavingsEvent::GoalReached {
                goal_id,
                reached_on,
                on_time,
                ..
            } => {
                if let Some(goal) = self.goals.iter_mut().find(|g| g.goal_id == *goal_id) {
                    goal.status = GoalStatus::Reached {
                        on: *reached_on,
                        on_time: *on_time,
                    };
                }
            }
            SavingsEvent::GoalCancelled { goal_id, reason } => {
                if let Some(goal) = self.goals.iter_mut().find(|g| g.goal_id == *goal_id) {
                    goal.status = GoalStatus::Cancelled {
                        reason: reason.clone(),
                    };
                }
            }
            SavingsEvent::Closed { reason, closed_on } => {
                self.status = AccountStatus::Closed;
                self.closed = Some((*closed_on, reason.clone()));
            }
        }
    }
}
