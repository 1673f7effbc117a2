//! What the savings account's given/when/then tests start from: a household, an
//! opened account, and the commands they send.

use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::domain::{HouseholdRef, Standing};

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) fn village() -> RegionCode {
    RegionCode::parse("35.78.01.1001").unwrap()
}

pub(crate) fn active_household() -> HouseholdRef {
    HouseholdRef {
        household_id: id(1),
        standing: Standing::Active {
            village: village(),
            members: vec![id(11), id(12)],
        },
    }
}

pub(crate) fn open_with(household: HouseholdRef, member_id: Option<Uuid>) -> SavingsCommand {
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

pub(crate) fn opened() -> Vec<SavingsEvent> {
    Given::<SavingsAccount>::nothing()
        .when(&open_with(active_household(), None))
        .events()
}

pub(crate) fn rule() -> IncentiveRule {
    IncentiveRule::default()
}

pub(crate) fn deposit(amount: i64, on: &str) -> SavingsCommand {
    SavingsCommand::Deposit {
        amount: Rupiah(amount),
        channel: Channel::Cash,
        reference: "KW-1".to_owned(),
        deposited_on: date(on),
    }
}

pub(crate) fn withdraw(amount: i64, on: &str) -> SavingsCommand {
    SavingsCommand::Withdraw {
        amount: Rupiah(amount),
        channel: Channel::Cash,
        reference: "KW-2".to_owned(),
        withdrawn_on: date(on),
        purpose: "modal warung".to_owned(),
    }
}

/// Runs commands from `history`, returning the whole history after them.
pub(crate) fn after(
    mut history: Vec<SavingsEvent>,
    commands: &[SavingsCommand],
) -> Vec<SavingsEvent> {
    for command in commands {
        history.extend(
            Given::<SavingsAccount>::new(history.clone())
                .when(command)
                .events(),
        );
    }
    history
}

pub(crate) fn state(history: &[SavingsEvent]) -> SavingsAccount {
    SavingsAccount::from_events(history.iter())
}

pub(crate) fn rule_field(error: &DomainError) -> &str {
    match error {
        DomainError::Rule { field, .. } => field,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

pub(crate) fn invalid_field(error: &DomainError) -> &str {
    match error {
        DomainError::Invalid(v) => &v[0].field,
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

pub(crate) fn goal(n: u128, target: i64, by: &str) -> SavingsCommand {
    SavingsCommand::SetGoal {
        goal_id: id(n),
        purpose: GoalPurpose::BusinessCapital,
        description: "gerobak bakso".to_owned(),
        target: Rupiah(target),
        target_date: date(by),
        set_on: date("2026-01-03"),
    }
}

pub(crate) fn close(on: &str) -> SavingsCommand {
    SavingsCommand::Close {
        reason: "pindah ke koperasi".to_owned(),
        closed_on: date(on),
    }
}
