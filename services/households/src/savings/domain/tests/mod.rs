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

fn rule() -> IncentiveRule {
    IncentiveRule::default()
}

fn deposit(amount: i64, on: &str) -> SavingsCommand {
    SavingsCommand::Deposit {
        amount: Rupiah(amount),
        channel: Channel::Cash,
        reference: "KW-1".to_owned(),
        deposited_on: date(on),
        rule: rule(),
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

#[test]
fn opening_records_the_account_in_the_households_village() {
    let account = state(&opened());
    assert_eq!(account.status, AccountStatus::Open);
    assert_eq!(account.household_id, Some(id(1)));
    assert_eq!(account.village, Some(village()));
    assert_eq!(account.balance, Rupiah::ZERO);
}

#[test]
fn only_an_active_household_or_its_active_member_opens_an_account() {
    let error = Given::<SavingsAccount>::nothing()
        .when(&open_with(HouseholdRef::unresolved(id(1)), None))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }), "{error:?}");
    let closed = HouseholdRef {
        household_id: id(1),
        standing: Standing::Closed { village: village() },
    };
    let error = Given::<SavingsAccount>::nothing()
        .when(&open_with(closed, None))
        .then_error();
    assert_eq!(rule_field(&error), "household_id");
    let error = Given::<SavingsAccount>::nothing()
        .when(&open_with(active_household(), Some(id(99))))
        .then_error();
    assert_eq!(rule_field(&error), "member_id");
    let member = state(
        &Given::<SavingsAccount>::nothing()
            .when(&open_with(active_household(), Some(id(12))))
            .events(),
    );
    assert_eq!(member.member_id, Some(id(12)));
}

#[test]
fn an_account_opens_once_and_exists_before_anything_else() {
    let error = Given::<SavingsAccount>::new(opened())
        .when(&open_with(active_household(), None))
        .then_error();
    assert!(matches!(error, DomainError::AlreadyExists { .. }));
    let error = Given::<SavingsAccount>::nothing()
        .when(&deposit(10_000, "2026-01-05"))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
}

#[test]
fn a_deposit_earns_a_matching_incentive_recorded_as_its_own_event() {
    let account = Given::<SavingsAccount>::new(opened())
        .when(&deposit(100_000, "2026-01-05"))
        .then(vec![
            SavingsEvent::Deposited {
                amount: Rupiah(100_000),
                channel: Channel::Cash,
                reference: "KW-1".to_owned(),
                deposited_on: date("2026-01-05"),
                balance_after: Rupiah(100_000),
            },
            SavingsEvent::IncentiveCredited {
                amount: Rupiah(10_000),
                deposit: Rupiah(100_000),
                month: Month::parse("2026-01").unwrap(),
                rule: rule(),
                credited_on: date("2026-01-05"),
                balance_after: Rupiah(110_000),
            },
        ]);
    assert_eq!(account.balance, Rupiah(110_000));
    assert_eq!(account.deposits_total, Rupiah(100_000), "own money apart");
    assert_eq!(account.incentives_total, Rupiah(10_000));
}

#[test]
fn incentives_stop_at_the_monthly_cap_and_start_again_next_month() {
    let history = after(
        opened(),
        &[
            deposit(400_000, "2026-01-05"),
            deposit(200_000, "2026-01-20"),
        ],
    );
    let account = state(&history);
    assert_eq!(
        account.incentives_total,
        Rupiah(50_000),
        "40 000 then only 10 000"
    );
    let capped = Given::<SavingsAccount>::new(history.clone())
        .when(&deposit(100_000, "2026-01-25"))
        .events();
    assert_eq!(
        capped.len(),
        1,
        "no incentive once the cap is used: {capped:?}"
    );
    let next_month = Given::<SavingsAccount>::new(history)
        .when(&deposit(100_000, "2026-02-01"))
        .events();
    assert!(matches!(
        next_month[1],
        SavingsEvent::IncentiveCredited {
            amount: Rupiah(10_000),
            ..
        }
    ));
}

#[test]
fn the_incentive_rule_rounds_down_and_can_be_turned_off() {
    let rule = IncentiveRule::default();
    assert_eq!(rule.incentive(Rupiah(15), Rupiah::ZERO), Rupiah(1));
    assert_eq!(rule.incentive(Rupiah(9), Rupiah::ZERO), Rupiah::ZERO);
    assert_eq!(
        rule.incentive(Rupiah(100_000), Rupiah(45_000)),
        Rupiah(5_000)
    );
    assert_eq!(
        rule.incentive(Rupiah(100_000), Rupiah(60_000)),
        Rupiah::ZERO
    );
    let off = IncentiveRule {
        match_percent: 0,
        ..rule
    };
    let events = Given::<SavingsAccount>::new(opened())
        .when(&SavingsCommand::Deposit {
            amount: Rupiah(100_000),
            channel: Channel::BankTransfer,
            reference: String::new(),
            deposited_on: date("2026-01-05"),
            rule: off,
        })
        .events();
    assert_eq!(events.len(), 1);
}

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

fn close(on: &str) -> SavingsCommand {
    SavingsCommand::Close {
        reason: "pindah ke koperasi".to_owned(),
        closed_on: date(on),
    }
}

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
