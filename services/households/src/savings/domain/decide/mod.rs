//! The savings account's rules: one file per command, each with its given/when/then
//! tests. This file routes a command to its rule and holds the status gate every command
//! but Open passes, and the checks several commands share.

mod cancel_goal;
mod close;
mod deposit;
mod open;
mod set_goal;
mod withdraw;

use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;

use super::IncentiveRule;
use super::commands::SavingsCommand;
use super::events::SavingsEvent;
use super::state::{AccountStatus, SavingsAccount};

/// Decides a command against an account's state under the incentive rule in force.
pub(super) fn decide(
    state: &SavingsAccount,
    command: &SavingsCommand,
    rule: &IncentiveRule,
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
        return open::decide(
            state,
            *account_id,
            household,
            *member_id,
            institution,
            *opened_on,
        );
    }
    status_gate(state)?;
    match command {
        C::Open { .. } => Err(DomainError::not_found("savings account")),
        C::Deposit {
            amount,
            channel,
            reference,
            deposited_on,
        } => deposit::decide(state, *amount, *channel, reference, *deposited_on, rule),
        C::Withdraw {
            amount,
            channel,
            reference,
            withdrawn_on,
            purpose,
        } => withdraw::decide(state, *amount, *channel, reference, *withdrawn_on, purpose),
        C::SetGoal {
            goal_id,
            purpose,
            description,
            target,
            target_date,
            set_on,
        } => set_goal::decide(
            state,
            *goal_id,
            *purpose,
            description,
            *target,
            *target_date,
            *set_on,
        ),
        C::CancelGoal { goal_id, reason } => cancel_goal::decide(state, *goal_id, reason),
        C::Close { reason, closed_on } => close::decide(state, reason, *closed_on),
    }
}

/// Every command but Open needs an open account.
fn status_gate(state: &SavingsAccount) -> Result<(), DomainError> {
    match state.status {
        AccountStatus::Unopened => Err(DomainError::not_found("savings account")),
        AccountStatus::Closed => Err(DomainError::rule("account_id", "the account is closed")),
        AccountStatus::Open => Ok(()),
    }
}

/// Refuses an amount unless it is 1 to [`Rupiah::MAX`], whoever sends the command.
fn positive(field: &str, amount: Rupiah) -> Result<(), DomainError> {
    Rupiah::bounded(amount.0, 1)
        .map(drop)
        .map_err(|violation| DomainError::Invalid(vec![violation.under(field)]))
}

/// Refuses a date before the account was opened.
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

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn amounts_must_be_positive() {
        for amount in [0, -5_000] {
            let error = Given::<SavingsAccount>::new(opened())
                .when(&deposit(amount, "2026-01-05"))
                .then_error();
            assert_eq!(invalid_field(&error), "amount");
            let error = Given::<SavingsAccount>::new(opened())
                .when(&withdraw(amount, "2026-01-05"))
                .then_error();
            assert_eq!(invalid_field(&error), "amount");
        }
    }

    #[test]
    fn transactions_are_recorded_in_date_order_from_the_opening() {
        let error = Given::<SavingsAccount>::new(opened())
            .when(&deposit(10_000, "2026-01-01"))
            .then_error();
        assert_eq!(rule_field(&error), "deposited_on");
        let history = after(opened(), &[deposit(10_000, "2026-01-10")]);
        let error = Given::<SavingsAccount>::new(history.clone())
            .when(&withdraw(1_000, "2026-01-09"))
            .then_error();
        assert_eq!(rule_field(&error), "withdrawn_on");
        assert_eq!(
            Given::<SavingsAccount>::new(history)
                .when(&deposit(10_000, "2026-01-10"))
                .events()
                .len(),
            2,
            "the same day is in order"
        );
    }
}
