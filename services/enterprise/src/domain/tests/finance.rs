//! Grants and tranches, monthly progress with its profit split, IKS, the business plan.

use berdaya_domain::aggregate::Given;
use berdaya_domain::{DomainError, Rupiah};

use super::fixtures::*;
use crate::domain::*;

fn disburse(amount: i64) -> GroupCommand {
    GroupCommand::DisburseTranche {
        grant_id: id(500),
        amount: Rupiah(amount),
        disbursed_on: date("2026-02-01"),
        reference: "TRF-2".into(),
    }
}

fn awarded_with_account() -> Vec<GroupEvent> {
    let mut history = formed();
    history.extend([account_recorded(), grant_awarded()]);
    history
}

#[test]
fn tranches_go_into_the_group_account_and_never_exceed_the_award() {
    let group = Given::<KubeGroup>::new(awarded_with_account())
        .when(&disburse(12_000_000))
        .then(vec![GroupEvent::TrancheDisbursed {
            grant_id: id(500),
            number: 1,
            amount: Rupiah(12_000_000),
            disbursed_on: date("2026-02-01"),
            reference: "TRF-2".into(),
            remaining: Rupiah(8_000_000),
            account_number: "0123456789".into(),
        }]);
    assert_eq!(group.grant(id(500)).unwrap().remaining(), Rupiah(8_000_000));

    let mut history = awarded_with_account();
    history.push(tranche(12_000_000, 8_000_000));
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&disburse(8_000_001))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, reason }
        if field == "amount" && reason.contains("exceeds what remains of the award (Rp 8.000.000")));
    // Exactly what remains is fine, and the second tranche is numbered 2.
    let events = Given::<KubeGroup>::new(history)
        .when(&disburse(8_000_000))
        .events();
    assert!(
        matches!(&events[0], GroupEvent::TrancheDisbursed { number: 2, remaining, .. }
        if *remaining == Rupiah::ZERO)
    );
}

#[test]
fn a_tranche_needs_an_award_an_account_and_a_positive_amount() {
    let error = Given::<KubeGroup>::new(formed())
        .when(&disburse(1_000))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));

    let mut history = formed();
    history.push(grant_awarded());
    let error = Given::<KubeGroup>::new(history)
        .when(&disburse(1_000))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("bank account")));

    let error = Given::<KubeGroup>::new(awarded_with_account())
        .when(&disburse(0))
        .then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "amount"));
}

#[test]
fn grants_are_positive_and_other_schemes_are_named() {
    let award = |scheme, name: &str, amount| GroupCommand::AwardGrant {
        grant_id: id(501),
        scheme,
        scheme_name: name.into(),
        amount: Rupiah(amount),
        awarded_on: date("2026-02-01"),
        conditions: vec![],
        reference: String::new(),
    };
    Given::<KubeGroup>::new(formed())
        .when(&award(GrantScheme::Other, "CSR Bank Jatim", 5_000_000))
        .events();
    for (command, field) in [
        (award(GrantScheme::Blps, "", -5), "amount"),
        (award(GrantScheme::Other, "", 5), "scheme_name"),
        (award(GrantScheme::Blps, "BLPS", 5), "scheme_name"),
    ] {
        let error = Given::<KubeGroup>::new(formed())
            .when(&command)
            .then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].field == field),
            "{error:?}"
        );
    }
}

fn report_command(revenue: i64, costs: i64, split: (i64, i64, i64)) -> GroupCommand {
    GroupCommand::ReportProgress {
        month: Month::parse("2026-02").unwrap(),
        revenue: Rupiah(revenue),
        costs: Rupiah(costs),
        capital: Rupiah(10_000_000),
        split: ProfitSplit {
            capital: Rupiah(split.0),
            member_welfare: Rupiah(split.1),
            iks: Rupiah(split.2),
        },
        reported_on: date("2026-03-01"),
        note: String::new(),
    }
}

#[test]
fn a_report_computes_profit_and_its_split_adds_up() {
    let events = Given::<KubeGroup>::new(formed())
        .when(&report_command(
            3_000_000,
            2_000_000,
            (700_000, 200_000, 100_000),
        ))
        .events();
    let GroupEvent::ProgressReported(report) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(report.profit, Rupiah(1_000_000));

    let error = Given::<KubeGroup>::new(formed())
        .when(&report_command(3_000_000, 2_000_000, (700_000, 200_000, 0)))
        .then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "split"));

    // A loss is recorded, and splits nothing.
    let events = Given::<KubeGroup>::new(formed())
        .when(&report_command(1_000_000, 1_500_000, (0, 0, 0)))
        .events();
    assert!(matches!(&events[0], GroupEvent::ProgressReported(r) if r.profit == Rupiah(-500_000)));
    let error = Given::<KubeGroup>::new(formed())
        .when(&report_command(1_000_000, 1_500_000, (0, 0, 10)))
        .then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "split"));
}

#[test]
fn negative_figures_are_refused_naming_every_field() {
    let error = Given::<KubeGroup>::new(formed())
        .when(&report_command(-1, -2, (0, -3, 0)))
        .then_error();
    let DomainError::Invalid(violations) = error else {
        panic!("{error:?}")
    };
    let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["revenue", "costs", "split.member_welfare"]);
    assert_eq!(
        violations[0].description,
        "must be 0 to 10000000000 rupiah, got -1"
    );
}

/// The attack of issue 20: one report whose IKS is i64::MAX made the group's IKS total
/// wrap (and, through the projection, every figure of the province). Every money field
/// is now bounded, naming the field, and records nothing.
#[test]
fn amounts_beyond_the_bound_are_refused_naming_every_field() {
    let huge = i64::MAX;
    let error = Given::<KubeGroup>::new(formed())
        .when(&report_command(huge, 0, (0, 0, huge)))
        .then_error();
    let DomainError::Invalid(violations) = error else {
        panic!("{error:?}")
    };
    let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["revenue", "split.iks"]);
    assert_eq!(
        violations[1].description,
        format!("must be 0 to 10000000000 rupiah, got {huge}")
    );
    let at_bound = Rupiah::MAX.0;
    Given::<KubeGroup>::new(formed())
        .when(&report_command(at_bound, 0, (0, 0, at_bound)))
        .events();
    let award = GroupCommand::AwardGrant {
        grant_id: id(77),
        scheme: GrantScheme::Blps,
        scheme_name: String::new(),
        amount: Rupiah(at_bound + 1),
        awarded_on: date("2026-02-01"),
        conditions: Vec::new(),
        reference: String::new(),
    };
    let error = Given::<KubeGroup>::new(formed()).when(&award).then_error();
    assert!(
        matches!(&error, DomainError::Invalid(v) if v[0].field == "amount"),
        "{error:?}"
    );
}

/// A group whose log already holds a report recorded before the bounds existed cannot
/// wrap its IKS total: the state saturates, and a further report that would pass the
/// limit is refused naming `split.iks`.
#[test]
fn a_legacy_huge_report_saturates_and_blocks_further_iks() {
    let mut history = formed();
    let mut legacy = report("2026-01", 3_000_000, 2_000_000, 10_000_000);
    legacy.split.iks = Rupiah(i64::MAX);
    history.push(GroupEvent::ProgressReported(legacy));
    let group = KubeGroup::from_events_for_test(&history);
    assert_eq!(group.iks_collected(), Rupiah(i64::MAX));
    let error = Given::<KubeGroup>::new(history)
        .when(&report_command(1_000, 0, (0, 0, 1_000)))
        .then_error();
    assert!(
        matches!(&error, DomainError::Rule { field, .. } if field == "split.iks"),
        "{error:?}"
    );
}

#[test]
fn a_month_is_reported_once_and_not_before_formation() {
    let mut history = formed();
    history.push(GroupEvent::ProgressReported(report(
        "2026-02", 3_000_000, 2_000_000, 10_000_000,
    )));
    let error = Given::<KubeGroup>::new(history)
        .when(&report_command(1, 0, (1, 0, 0)))
        .then_error();
    assert!(matches!(&error, DomainError::AlreadyExists { field, .. } if field == "month"));

    let early = GroupCommand::ReportProgress {
        month: Month::parse("2025-12").unwrap(),
        revenue: Rupiah(0),
        costs: Rupiah(0),
        capital: Rupiah(0),
        split: ProfitSplit::default(),
        reported_on: date("2026-01-31"),
        note: String::new(),
    };
    let error = Given::<KubeGroup>::new(formed()).when(&early).then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "month"));
}

#[test]
fn iks_is_tracked_and_never_shared_beyond_its_balance() {
    let mut history = formed();
    history.push(GroupEvent::ProgressReported(report(
        "2026-02", 3_000_000, 2_000_000, 10_000_000,
    )));
    history.push(GroupEvent::ProgressReported(report(
        "2026-03", 4_000_000, 2_000_000, 11_000_000,
    )));
    let group = KubeGroup::from_events_for_test(&history);
    assert_eq!(group.iks_collected(), Rupiah(100_000 + 200_000));

    let share = |amount| GroupCommand::ShareIks {
        amount: Rupiah(amount),
        shared_on: date("2026-04-02"),
        recipients: "sembako for four elderly neighbours".into(),
        recipient_household_ids: vec![],
    };
    let group = Given::<KubeGroup>::new(history.clone())
        .when(&share(250_000))
        .then(vec![GroupEvent::IksShared {
            amount: Rupiah(250_000),
            shared_on: date("2026-04-02"),
            recipients: "sembako for four elderly neighbours".into(),
            recipient_household_ids: vec![],
        }]);
    assert_eq!(group.iks_balance(), Rupiah(50_000));
    let all = Given::<KubeGroup>::new(history.clone())
        .when(&share(300_000))
        .events();
    let group = KubeGroup::from_events_for_test(&[history.clone(), all].concat());
    assert_eq!(
        group.iks_balance(),
        Rupiah::ZERO,
        "the whole balance may be shared"
    );
    let error = Given::<KubeGroup>::new(history)
        .when(&share(300_001))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, reason }
        if field == "amount" && reason.contains("IKS balance (Rp 300.000)")));
}

#[test]
fn business_plans_are_versioned() {
    let adopt = |on: &str| GroupCommand::AdoptBusinessPlan {
        adopted_on: date(on),
        summary: "goat fattening for Idul Adha".into(),
        products: "goats".into(),
        capital_required: Rupiah(20_000_000),
        target_monthly_revenue: Rupiah(4_000_000),
    };
    let events = Given::<KubeGroup>::new(formed())
        .when(&adopt("2026-01-15"))
        .events();
    let mut history = formed();
    history.extend(events);
    let events = Given::<KubeGroup>::new(history.clone())
        .when(&adopt("2026-06-01"))
        .events();
    assert!(matches!(&events[0], GroupEvent::BusinessPlanAdopted(p) if p.version == 2));
    let error = Given::<KubeGroup>::new(history)
        .when(&adopt("2026-01-14"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "adopted_on"));
}

impl KubeGroup {
    fn from_events_for_test(events: &[GroupEvent]) -> KubeGroup {
        <KubeGroup as berdaya_domain::Aggregate>::from_events(events.iter())
    }
}

#[test]
fn the_group_account_is_recorded_and_replaced_but_not_recorded_twice() {
    let group = Given::<KubeGroup>::new(formed())
        .when(&GroupCommand::RecordAccount(GroupAccount {
            bank_name: "BRI".to_owned(),
            account_number: "0123456789".to_owned(),
            opened_on: date("2026-01-15"),
        }))
        .then(vec![account_recorded()]);
    assert_eq!(
        group.account.as_ref().map(|a| a.account_number.as_str()),
        Some("0123456789")
    );
    let mut history = formed();
    history.push(account_recorded());
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&GroupCommand::RecordAccount(GroupAccount {
            bank_name: "BRI Unit Jember".to_owned(),
            account_number: "0123456789".to_owned(),
            opened_on: date("2026-02-01"),
        }))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "account_number"));
    let moved = GroupAccount {
        bank_name: "Bank Jatim".to_owned(),
        account_number: "9876543210".to_owned(),
        opened_on: date("2026-02-01"),
    };
    let group = Given::<KubeGroup>::new(history)
        .when(&GroupCommand::RecordAccount(moved.clone()))
        .then(vec![GroupEvent::AccountRecorded(moved)]);
    assert_eq!(
        group.account.map(|a| a.account_number),
        Some("9876543210".to_owned())
    );
}

#[test]
fn a_report_is_dated_in_its_month_or_later_not_before() {
    let dated = |on: &str| {
        let mut command = report_command(3_000_000, 2_000_000, (700_000, 200_000, 100_000));
        if let GroupCommand::ReportProgress { reported_on, .. } = &mut command {
            *reported_on = date(on);
        }
        command
    };
    let error = Given::<KubeGroup>::new(formed())
        .when(&dated("2026-01-31"))
        .then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reported_on"));
    for on in ["2026-02-01", "2026-02-28"] {
        Given::<KubeGroup>::new(formed()).when(&dated(on)).events();
    }
}

#[test]
fn the_month_the_group_was_formed_in_may_be_reported() {
    let january = GroupCommand::ReportProgress {
        month: Month::parse("2026-01").unwrap(),
        revenue: Rupiah(0),
        costs: Rupiah(0),
        capital: Rupiah(0),
        split: ProfitSplit::default(),
        reported_on: date("2026-01-31"),
        note: String::new(),
    };
    Given::<KubeGroup>::new(formed()).when(&january).events();
}
