//! Reading an account's money: statements for any period and the savings streak. Both
//! are pure functions of events and of the account's monthly ledger.

use std::collections::BTreeSet;

use berdaya_domain::Rupiah;
use chrono::NaiveDate;

use super::Channel;
use super::events::SavingsEvent;
use super::state::SavingsAccount;
use berdaya_domain::Month;

/// A line's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// The family's own deposit.
    Deposit,
    /// A withdrawal.
    Withdrawal,
    /// A programme incentive.
    Incentive,
}

/// One transaction on a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The event's stream version.
    pub version: i64,
    /// Deposit, withdrawal or incentive.
    pub kind: EntryKind,
    /// The date.
    pub date: NaiveDate,
    /// The amount (positive).
    pub amount: Rupiah,
    /// The channel (deposits and withdrawals).
    pub channel: Option<Channel>,
    /// The reference.
    pub reference: String,
    /// The balance after.
    pub balance_after: Rupiah,
}

/// An account's transactions in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The balance before the period.
    pub opening: Rupiah,
    /// The balance after it.
    pub closing: Rupiah,
    /// Own deposits in the period.
    pub deposits: Rupiah,
    /// Withdrawals in the period.
    pub withdrawals: Rupiah,
    /// Incentives in the period.
    pub incentives: Rupiah,
    /// The transactions.
    pub lines: Vec<StatementLine>,
}

impl SavingsAccount {
    /// What a statement for `from..=to` needs: the balance before the first month the
    /// period touches, and the stream versions of that month's first transaction to the
    /// last month's last one (`None` when the period has no transaction).
    pub fn statement_span(&self, from: NaiveDate, to: NaiveDate) -> (Rupiah, Option<(i64, i64)>) {
        let (first, last) = (Month::of(from), Month::of(to));
        let before = self
            .months
            .range(..first)
            .next_back()
            .map_or(Rupiah::ZERO, |(_, m)| m.closing_balance);
        let mut inside = self.months.range(first..=last);
        let span = match (inside.next(), inside.next_back()) {
            (Some((_, a)), Some((_, b))) => Some((a.first_version, b.last_version)),
            (Some((_, a)), None) => Some((a.first_version, a.last_version)),
            _ => None,
        };
        (before, span)
    }
}

/// The statement for `from..=to` from the events of its span (see
/// [`SavingsAccount::statement_span`]) in version order, starting at `opening`.
/// Transactions are in date order, so those before `from` only move the opening balance.
pub fn statement(
    opening: Rupiah,
    events: &[(i64, SavingsEvent)],
    from: NaiveDate,
    to: NaiveDate,
) -> Statement {
    let mut s = Statement {
        opening,
        closing: opening,
        deposits: Rupiah::ZERO,
        withdrawals: Rupiah::ZERO,
        incentives: Rupiah::ZERO,
        lines: Vec::new(),
    };
    for (version, event) in events {
        let Some((date, _, balance_after)) = event.transaction() else {
            continue;
        };
        if date < from {
            s.opening = balance_after;
            s.closing = balance_after;
            continue;
        }
        if date > to {
            break;
        }
        let (kind, amount, channel, reference) = match event {
            SavingsEvent::Deposited {
                amount,
                channel,
                reference,
                ..
            } => (
                EntryKind::Deposit,
                *amount,
                Some(*channel),
                reference.clone(),
            ),
            SavingsEvent::Withdrawn {
                amount,
                channel,
                reference,
                ..
            } => (
                EntryKind::Withdrawal,
                *amount,
                Some(*channel),
                reference.clone(),
            ),
            SavingsEvent::IncentiveCredited { amount, .. } => {
                (EntryKind::Incentive, *amount, None, String::new())
            }
            _ => continue,
        };
        let total = match kind {
            EntryKind::Deposit => &mut s.deposits,
            EntryKind::Withdrawal => &mut s.withdrawals,
            EntryKind::Incentive => &mut s.incentives,
        };
        *total = total.saturating_add(amount);
        s.closing = balance_after;
        s.lines.push(StatementLine {
            version: *version,
            kind,
            date,
            amount,
            channel,
            reference,
            balance_after,
        });
    }
    s
}

/// A savings habit: consecutive months with a deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    /// Consecutive months with a deposit counting back from the month asked about (from
    /// the month before, when that month has none yet).
    pub current: u32,
    /// The longest run up to the month asked about.
    pub longest: u32,
    /// Months with a deposit up to the month asked about.
    pub months_with_deposits: u32,
    /// The latest month with a deposit up to the month asked about.
    pub last: Option<Month>,
}

/// The streak of the months with a deposit, as of `as_of`.
pub fn streak(months: &BTreeSet<Month>, as_of: Month) -> Streak {
    let counted: Vec<Month> = months.range(..=as_of).copied().collect();
    let mut current = 0;
    let mut month = if months.contains(&as_of) {
        as_of
    } else {
        as_of.prev()
    };
    while months.contains(&month) {
        current += 1;
        month = month.prev();
    }
    let (mut longest, mut run, mut previous) = (0, 0, None::<Month>);
    for month in &counted {
        run = if previous.is_some_and(|p| p.next() == *month) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(*month);
    }
    Streak {
        current,
        longest,
        months_with_deposits: u32::try_from(counted.len()).unwrap_or(u32::MAX),
        last: counted.last().copied(),
    }
}
