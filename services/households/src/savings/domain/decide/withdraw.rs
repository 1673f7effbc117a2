//! Withdrawing from the account, never more than its balance.

use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;

use super::{in_date_order, positive};
use crate::savings::domain::{Channel, SavingsAccount, SavingsEvent};

/// Decides `Withdraw`: a positive amount within the balance, in date order.
pub(super) fn decide(
    state: &SavingsAccount,
    amount: Rupiah,
    channel: Channel,
    reference: &str,
    withdrawn_on: NaiveDate,
    purpose: &str,
) -> Result<Vec<SavingsEvent>, DomainError> {
    positive("amount", amount)?;
    if amount > state.balance {
        return Err(DomainError::rule(
            "amount",
            format!(
                "a withdrawal of {amount} exceeds the balance of {}",
                state.balance
            ),
        ));
    }
    in_date_order(state, "withdrawn_on", withdrawn_on)?;
    Ok(vec![SavingsEvent::Withdrawn {
        amount,
        channel,
        reference: reference.to_owned(),
        withdrawn_on,
        purpose: purpose.to_owned(),
        // The amount is at most the balance, so this cannot go below zero.
        balance_after: state.balance.saturating_sub(amount),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn a_withdrawal_beyond_the_balance_is_refused_and_the_balance_can_reach_zero() {
        let history = after(opened(), &[deposit(50_000, "2026-01-05")]);
        let error = Given::<SavingsAccount>::new(history.clone())
            .when(&withdraw(55_001, "2026-01-06"))
            .then_error();
        assert_eq!(rule_field(&error), "amount");
        assert!(
            error
                .to_string()
                .contains("exceeds the balance of Rp 55.000"),
            "{error}"
        );
        let account = Given::<SavingsAccount>::new(history)
            .when(&withdraw(55_000, "2026-01-06"))
            .then(vec![SavingsEvent::Withdrawn {
                amount: Rupiah(55_000),
                channel: Channel::Cash,
                reference: "KW-2".to_owned(),
                withdrawn_on: date("2026-01-06"),
                purpose: "modal warung".to_owned(),
                balance_after: Rupiah::ZERO,
            }]);
        assert_eq!(account.balance, Rupiah::ZERO);
    }
}
