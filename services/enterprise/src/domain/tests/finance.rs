//! Grants and tranches, monthly progress with its profit split, IKS, the business plan.

use berdaya_domain::aggregate::Given;
use berdaya_domain::{DomainError, Rupiah};

use super::fixtures::*;
use crate::domain::*;

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
