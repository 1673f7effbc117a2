//! The savings account's rules, statements and streaks as given/when/then, with no I/O.

use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

mod goals;
mod ledger;

use super::*;
use crate::domain::{HouseholdRef, Standing};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn village() -> RegionCode {
    RegionCode::parse("35.78.01.1001").unwrap()
}

fn active_household() -> HouseholdRef {
    HouseholdRef {
        household_id: id(1),
        standing: Standing::Active {
            village: village(),
            members: vec![id(11), id(12)],
        },
    }
}

fn open_with(household: HouseholdRef, member_id: Option<Uuid>) -> SavingsCommand {
    SavingsCommand::Open {
        account_id: id(100),
        household,
        member_id,
        institution: Institution {
            kind: InstitutionKind::Bank,
            name: "BRI Unit Karang Pilang".to_owned(),
        },
        opened_on: date("2026-01-02"),
    }
}

fn opened() -> Vec<SavingsEvent> {
    Given::<SavingsAccount>::nothing()
        .when(&open_with(active_household(), None))
        .events()
}

fn deposit(amount: i64, on: &str) -> SavingsCommand {
    SavingsCommand::Deposit {
        amount: Rupiah(amount),
        channel: Channel::Cash,
        reference: "KW-1".to_owned(),
        deposited_on: date(on),
    }
}

fn withdraw(amount: i64, on: &str) -> SavingsCommand {
    SavingsCommand::Withdraw {
        amount: Rupiah(amount),
        channel: Channel::Cash,
        reference: "KW-2".to_owned(),
        withdrawn_on: date(on),
        purpose: "modal warung".to_owned(),
    }
}

/// Runs commands from `history`, returning the whole history after them.
fn after(mut history: Vec<SavingsEvent>, commands: &[SavingsCommand]) -> Vec<SavingsEvent> {
    for command in commands {
        history.extend(
            Given::<SavingsAccount>::new(history.clone())
                .when(command)
                .events(),
        );
    }
    history
}

fn state(history: &[SavingsEvent]) -> SavingsAccount {
    SavingsAccount::from_events(history.iter())
}

fn rule_field(error: &DomainError) -> &str {
    match error {
        DomainError::Rule { field, .. } => field,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

fn invalid_field(error: &DomainError) -> &str {
    match error {
        DomainError::Invalid(v) => &v[0].field,
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

fn close(on: &str) -> SavingsCommand {
    SavingsCommand::Close {
        reason: "pindah ke koperasi".to_owned(),
        closed_on: date(on),
    }
}

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
