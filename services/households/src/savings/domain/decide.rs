//! The savings account's rules: what each command may do in the current state.

use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;

use super::commands::SavingsCommand;
use super::events::SavingsEvent;
use super::state::{AccountStatus, GoalStatus, SavingsAccount};
use super::{GoalPurpose, MAX_ACTIVE_GOALS};
use berdaya_domain::Month;

/// Decides a command against an account's state.
pub(super) fn decide(
    state: &SavingsAccount,
    command: &SavingsCommand,
) -> Result<Vec<SavingsEvent>, DomainError> {
    use SavingsCommand as C;
    if let C::Open {
        account_id,
        household,
        member_id,
        institution,
        opened_on,
    } = command
    {
        if state.status != AccountStatus::Unopened {
            return Err(DomainError::already_exists(
                "account_id",
                "a savings account with this id already exists",
            ));
        }
        let members = household.active_members("household_id")?;
        if let Some(member) = member_id
            && !members.contains(member)
        {
            return Err(DomainError::rule(
                "member_id",
                "is not an active member of the household",
            ));
        }
        let village = household
            .standing
            .village()
            .cloned()
            .ok_or_else(|| DomainError::not_found("household"))?;
        return Ok(vec![SavingsEvent::Opened {
            account_id: *account_id,
            household_id: household.household_id,
            member_id: *member_id,
            village,
            institution: institution.clone(),
            opened_on: *opened_on,
        }]);
    }
    match state.status {
        AccountStatus::Unopened => return Err(DomainError::not_found("savings account")),
        AccountStatus::Closed => {
            return Err(DomainError::rule("account_id", "the account is closed"));
        }
        AccountStatus::Open => {}
    }
    match command {
        C::Open { .. } => Err(DomainError::not_found("savings account")),
        C::Deposit {
            amount,
            channel,
            reference,
            deposited_on,
            rule,
        } => {
            positive("amount", *amount)?;
            in_date_order(state, "deposited_on", *deposited_on)?;
            let mut balance = state
                .balance
                .checked_add(*amount)
                .ok_or_else(|| DomainError::invalid("amount", "would overflow the balance"))?;
            let mut events = vec![SavingsEvent::Deposited {
                amount: *amount,
                channel: *channel,
                reference: reference.clone(),
                deposited_on: *deposited_on,
                balance_after: balance,
            }];
            let month = Month::of(*deposited_on);
            let credited = state
                .months
                .get(&month)
                .map_or(Rupiah::ZERO, |m| m.incentives);
            let incentive = rule.incentive(*amount, credited);
            if incentive > Rupiah::ZERO {
                balance = balance
                    .checked_add(incentive)
                    .ok_or_else(|| DomainError::invalid("amount", "would overflow the balance"))?;
                events.push(SavingsEvent::IncentiveCredited {
                    amount: incentive,
                    deposit: *amount,
                    month,
                    rule: *rule,
                    credited_on: *deposited_on,
                    balance_after: balance,
                });
            }
            events.extend(goals_reached(state, balance, *deposited_on));
            Ok(events)
        }
        C::Withdraw {
            amount,
            channel,
            reference,
            withdrawn_on,
            purpose,
        } => {
            positive("amount", *amount)?;
            if *amount > state.balance {
                return Err(DomainError::rule(
                    "amount",
                    format!(
                        "a withdrawal of {amount} exceeds the balance of {}",
                        state.balance
                    ),
                ));
            }
            in_date_order(state, "withdrawn_on", *withdrawn_on)?;
            Ok(vec![SavingsEvent::Withdrawn {
                amount: *amount,
                channel: *channel,
                reference: reference.clone(),
                withdrawn_on: *withdrawn_on,
                purpose: purpose.clone(),
                // The amount is at most the balance, so this cannot go below zero.
                balance_after: state.balance.saturating_sub(*amount),
            }])
        }
        C::SetGoal {
            goal_id,
            purpose,
            description,
            target,
            target_date,
            set_on,
        } => {
            positive("target_amount", *target)?;
            if *purpose == GoalPurpose::Other && description.is_empty() {
                return Err(DomainError::invalid(
                    "description",
                    "is required for a goal of purpose OTHER",
                ));
            }
            if target_date <= set_on {
                return Err(DomainError::invalid(
                    "target_date",
                    format!("must be after set_on ({set_on})"),
                ));
            }
            not_before_opening(state, "set_on", *set_on)?;
            if state.active_goals().count() >= MAX_ACTIVE_GOALS {
                return Err(DomainError::rule(
                    "",
                    format!("the account already has {MAX_ACTIVE_GOALS} active goals"),
                ));
            }
            let mut events = vec![SavingsEvent::GoalSet {
                goal_id: *goal_id,
                purpose: *purpose,
                description: description.clone(),
                target: *target,
                target_date: *target_date,
                set_on: *set_on,
            }];
            if state.balance >= *target {
                events.push(SavingsEvent::GoalReached {
                    goal_id: *goal_id,
                    reached_on: *set_on,
                    balance: state.balance,
                    on_time: true,
                });
            }
            Ok(events)
        }
        C::CancelGoal { goal_id, reason } => {
            let goal = state
                .goal(*goal_id)
                .ok_or_else(|| DomainError::not_found(format!("savings goal {goal_id}")))?;
            match &goal.status {
                GoalStatus::Active => Ok(vec![SavingsEvent::GoalCancelled {
                    goal_id: *goal_id,
                    reason: reason.clone(),
                }]),
                GoalStatus::Reached { on, .. } => Err(DomainError::rule(
                    "goal_id",
                    format!("the goal was already reached on {on}"),
                )),
                GoalStatus::Cancelled { .. } => Err(DomainError::rule(
                    "goal_id",
                    "the goal was already cancelled",
                )),
            }
        }
        C::Close { reason, closed_on } => {
            if state.balance != Rupiah::ZERO {
                return Err(DomainError::rule(
                    "",
                    format!(
                        "withdraw the balance of {} before closing the account",
                        state.balance
                    ),
                ));
            }
            in_date_order(state, "closed_on", *closed_on)?;
            Ok(vec![SavingsEvent::Closed {
                reason: reason.clone(),
                closed_on: *closed_on,
            }])
        }
    }
}

/// Goals the balance reaches now.
fn goals_reached(state: &SavingsAccount, balance: Rupiah, on: NaiveDate) -> Vec<SavingsEvent> {
    state
        .active_goals()
        .filter(|goal| balance >= goal.target)
        .map(|goal| SavingsEvent::GoalReached {
            goal_id: goal.goal_id,
            reached_on: on,
            balance,
            on_time: on <= goal.target_date,
        })
        .collect()
}

/// Refuses an amount unless it is 1 to [`Rupiah::MAX`], whoever sends the command.
fn positive(field: &str, amount: Rupiah) -> Result<(), DomainError> {
    Rupiah::bounded(amount.0, 1)
        .map(drop)
        .map_err(|violation| DomainError::Invalid(vec![violation.under(field)]))
}

fn not_before_opening(
    state: &SavingsAccount,
    field: &str,
    on: NaiveDate,
) -> Result<(), DomainError> {
    berdaya_domain::not_before(field, on, state.opened_on, "the account was opened")
}

/// Transactions are recorded in date order, so that a statement for any period reads
/// only the months it covers.
fn in_date_order(state: &SavingsAccount, field: &str, on: NaiveDate) -> Result<(), DomainError> {
    not_before_opening(state, field, on)?;
    match state.last_transaction_on {
        Some(last) if on < last => Err(DomainError::rule(
            field,
            format!(
                "must not be before the account's latest transaction ({last}): transactions are recorded in date order"
            ),
        )),
        _ => Ok(()),
    }
}
