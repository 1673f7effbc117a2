//! The savings account's rules, statements and streaks as given/when/then, with no I/O.

use berdaya_domain::aggregate::Given;
use berdaya_domain::{DomainError, Rupiah};

mod goals;
mod ledger;

use super::fixtures::*;
use super::*;
use crate::domain::HouseholdRef;

#[test]
fn money_moves_on_the_day_the_account_opens_but_not_the_day_before() {
    let history = after(
        opened(),
        &[deposit(10_000, "2026-01-02"), withdraw(4_000, "2026-01-02")],
    );
    assert_eq!(state(&history).balance, Rupiah(7_000));
    let error = Given::<SavingsAccount>::new(history)
        .when(&withdraw(1, "2026-01-01"))
        .then_error();
    assert!(
        matches!(&error, DomainError::Rule { field, reason }
            if field == "withdrawn_on" && reason.contains("opened (2026-01-02)")),
        "{error:?}"
    );
}

#[test]
fn an_empty_account_closes_on_its_opening_day_but_not_before() {
    let error = Given::<SavingsAccount>::new(opened())
        .when(&close("2026-01-01"))
        .then_error();
    assert_eq!(rule_field(&error), "closed_on");
    let closed = after(opened(), &[close("2026-01-02")]);
    assert_eq!(state(&closed).status, AccountStatus::Closed);
}

#[test]
fn only_opening_names_an_account_and_a_household_to_look_up() {
    let mut open = open_with(HouseholdRef::unresolved(id(1)), None);
    assert_eq!(open.account_id(), Some(id(100)));
    assert_eq!(open.household_mut().map(|h| h.household_id), Some(id(1)));
    let mut deposit = deposit(1_000, "2026-01-05");
    assert_eq!(deposit.account_id(), None);
    assert!(deposit.household_mut().is_none());
}

#[test]
fn deposits_are_counted_in_total_and_per_month() {
    let history = after(
        opened(),
        &[
            deposit(1_000, "2026-01-05"),
            deposit(2_000, "2026-01-20"),
            deposit(3_000, "2026-02-01"),
        ],
    );
    let account = state(&history);
    assert_eq!(account.deposit_count, 3);
    let january = &account.months[&Month::parse("2026-01").unwrap()];
    assert_eq!(
        (january.deposit_count, january.deposits),
        (2, Rupiah(3_000))
    );
}
