//! Closing an account, once it is empty.

use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;

use super::in_date_order;
use crate::savings::domain::{SavingsAccount, SavingsEvent};

/// Decides `Close`: the balance must have been withdrawn first, and the closing is a
/// transaction in date order.
pub(super) fn decide(
    state: &SavingsAccount,
    reason: &str,
    closed_on: NaiveDate,
) -> Result<Vec<SavingsEvent>, DomainError> {
    if state.balance != Rupiah::ZERO {
        return Err(DomainError::rule(
            "",
            format!(
                "withdraw the balance of {} before closing the account",
                state.balance
            ),
        ));
    }
    in_date_order(state, "closed_on", closed_on)?;
    Ok(vec![SavingsEvent::Closed {
        reason: reason.to_owned(),
        closed_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn an_account_closes_empty_and_then_takes_nothing_more() {
        let history = after(opened(), &[deposit(10_000, "2026-01-05")]);
        let error = Given::<SavingsAccount>::new(history.clone())
            .when(&close("2026-01-06"))
            .then_error();
        assert!(
            error
                .to_string()
                .contains("withdraw the balance of Rp 11.000"),
            "{error}"
        );
        let closed = after(
            history,
            &[withdraw(11_000, "2026-01-06"), close("2026-01-06")],
        );
        assert_eq!(state(&closed).status, AccountStatus::Closed);
        let error = Given::<SavingsAccount>::new(closed)
            .when(&deposit(1_000, "2026-01-07"))
            .then_error();
        assert_eq!(rule_field(&error), "account_id");
    }
}
