//! Statements for any period and the savings streak.

use std::collections::BTreeSet;

use super::*;

/// Versioned events, as a statement reads them from the store.
fn versioned(history: &[SavingsEvent]) -> Vec<(i64, SavingsEvent)> {
    history
        .iter()
        .enumerate()
        .map(|(i, e)| (i as i64 + 1, e.clone()))
        .collect()
}

fn months(list: &[&str]) -> BTreeSet<Month> {
    list.iter().map(|m| Month::parse(m).unwrap()).collect()
}

/// The statement for `from..=to` read the way the service reads it: the span's events.
fn statement_of(history: &[SavingsEvent], from: &str, to: &str) -> Statement {
    let (from, to) = (date(from), date(to));
    let (before, span) = state(history).statement_span(from, to);
    let read: Vec<_> = match span {
        Some((first, last)) => versioned(history)
            .into_iter()
            .filter(|(v, _)| (first..=last).contains(v))
            .collect(),
        None => Vec::new(),
    };
    statement(before, &read, from, to)
}

#[test]
fn a_statement_of_a_month_with_all_its_transactions_in_that_month_lists_them() {
    let history = after(
        opened(),
        &[deposit(10_000, "2026-02-01"), withdraw(3_000, "2026-02-28")],
    );
    let s = statement_of(&history, "2026-02-01", "2026-02-28");
    assert_eq!(
        s.lines.iter().map(|l| l.kind).collect::<Vec<_>>(),
        [
            EntryKind::Deposit,
            EntryKind::Incentive,
            EntryKind::Withdrawal
        ],
        "the first and the last day of the period are in it"
    );
    assert_eq!((s.opening, s.closing), (Rupiah::ZERO, Rupiah(8_000)));
    assert_eq!(
        (s.deposits, s.incentives, s.withdrawals),
        (Rupiah(10_000), Rupiah(1_000), Rupiah(3_000))
    );
    assert_eq!(s.lines[0].date, date("2026-02-01"));
    assert_eq!(s.lines[2].balance_after, Rupiah(8_000));
}

#[test]
fn a_statement_inside_a_month_keeps_the_days_before_and_after_out() {
    let history = after(
        opened(),
        &[
            deposit(10_000, "2026-03-04"),
            deposit(20_000, "2026-03-05"),
            withdraw(5_000, "2026-03-20"),
            withdraw(1_000, "2026-03-21"),
        ],
    );
    let s = statement_of(&history, "2026-03-05", "2026-03-20");
    assert_eq!(
        s.opening,
        Rupiah(11_000),
        "the 4 March deposit and incentive"
    );
    assert_eq!(
        s.lines.iter().map(|l| l.date).collect::<Vec<_>>(),
        [date("2026-03-05"), date("2026-03-05"), date("2026-03-20")]
    );
    assert_eq!(s.closing, Rupiah(11_000 + 22_000 - 5_000));
    assert_eq!(
        s.withdrawals,
        Rupiah(5_000),
        "the 21 March one is after the period"
    );
}

#[test]
fn a_statement_over_three_months_reads_from_the_first_to_the_last() {
    let history = after(
        opened(),
        &[
            deposit(10_000, "2026-01-31"),
            deposit(10_000, "2026-02-01"),
            withdraw(2_000, "2026-03-31"),
            deposit(10_000, "2026-04-01"),
        ],
    );
    let (before, span) = state(&history).statement_span(date("2026-02-01"), date("2026-03-31"));
    assert_eq!(before, Rupiah(11_000));
    assert_eq!(
        span,
        Some((4, 6)),
        "February's deposit to March's withdrawal"
    );
    let s = statement_of(&history, "2026-02-01", "2026-03-31");
    assert_eq!((s.opening, s.closing), (Rupiah(11_000), Rupiah(20_000)));
    assert_eq!(s.lines.len(), 3);
}

#[test]
fn a_streak_of_one_month_and_a_break_in_the_longest_run() {
    let history = months(&["2026-01", "2026-03", "2026-04"]);
    let april = streak(&history, Month::parse("2026-04").unwrap());
    assert_eq!((april.current, april.longest), (2, 2));
    assert_eq!(april.last, Some(Month::parse("2026-04").unwrap()));
    let january = streak(&history, Month::parse("2026-01").unwrap());
    assert_eq!(
        (
            january.current,
            january.longest,
            january.months_with_deposits
        ),
        (1, 1, 1)
    );
}

#[test]
fn a_transaction_reads_as_its_date_signed_amount_and_balance() {
    let history = after(
        opened(),
        &[deposit(10_000, "2026-01-05"), withdraw(4_000, "2026-01-06")],
    );
    let read: Vec<_> = history
        .iter()
        .filter_map(SavingsEvent::transaction)
        .collect();
    assert_eq!(
        read,
        [
            (date("2026-01-05"), 10_000, Rupiah(10_000)),
            (date("2026-01-05"), 1_000, Rupiah(11_000)),
            (date("2026-01-06"), -4_000, Rupiah(7_000)),
        ]
    );
}
