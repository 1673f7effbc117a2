//! The API view of a savings account, a statement and a streak.

use berdaya_domain::Rupiah;
use berdaya_proto::berdaya::households::v1 as pb;
use chrono::NaiveDate;

use crate::codec::text_date;
use crate::savings::convert;
use crate::savings::domain::{Goal, GoalStatus, Month, SavingsAccount, Statement, Streak};

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn goal(goal: &Goal, balance: Rupiah, today: NaiveDate) -> pb::SavingsGoal {
    let target = goal.target.amount().max(1);
    let progress = match goal.status {
        GoalStatus::Reached { .. } => target,
        _ => balance.amount().clamp(0, target),
    };
    let (reached_on, on_time, cancel_reason) = match &goal.status {
        GoalStatus::Active => (String::new(), false, String::new()),
        GoalStatus::Reached { on, on_time } => (text_date(*on), *on_time, String::new()),
        GoalStatus::Cancelled { reason } => (String::new(), false, reason.clone()),
    };
    let status = match goal.status {
        GoalStatus::Active => pb::SavingsGoalStatus::Active,
        GoalStatus::Reached { .. } => pb::SavingsGoalStatus::Reached,
        GoalStatus::Cancelled { .. } => pb::SavingsGoalStatus::Cancelled,
    };
    pb::SavingsGoal {
        goal_id: goal.goal_id.to_string(),
        purpose: convert::purpose_pb(goal.purpose) as i32,
        description: goal.description.clone(),
        target_amount: goal.target.amount(),
        target_date: text_date(goal.target_date),
        set_on: text_date(goal.set_on),
        status: status as i32,
        progress_amount: progress,
        progress_percent: i32::try_from(i128::from(progress) * 100 / i128::from(target))
            .unwrap_or(100),
        reached_on,
        reached_on_time: on_time,
        overdue: goal.status == GoalStatus::Active && today > goal.target_date,
        cancel_reason,
    }
}

/// The API view of an account at `version`, with goals judged as of `today`.
pub(super) fn account(
    state: &SavingsAccount,
    version: i64,
    today: NaiveDate,
) -> pb::SavingsAccount {
    let institution = state.institution.as_ref();
    pb::SavingsAccount {
        account_id: state.id.map(|id| id.to_string()).unwrap_or_default(),
        version,
        status: convert::status_pb(state.status) as i32,
        household_id: state
            .household_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        member_id: state.member_id.map(|id| id.to_string()).unwrap_or_default(),
        village_code: state
            .village
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        institution_kind: institution.map_or(pb::InstitutionKind::Unspecified, |i| {
            convert::institution_pb(i.kind)
        }) as i32,
        institution_name: institution.map(|i| i.name.clone()).unwrap_or_default(),
        opened_on: state.opened_on.map(text_date).unwrap_or_default(),
        balance: state.balance.amount(),
        deposits_total: state.deposits_total.amount(),
        withdrawals_total: state.withdrawals_total.amount(),
        incentives_total: state.incentives_total.amount(),
        deposit_count: count(state.deposit_count),
        last_transaction_on: state.last_transaction_on.map(text_date).unwrap_or_default(),
        goals: state
            .goals
            .iter()
            .map(|g| goal(g, state.balance, today))
            .collect(),
        closed_on: state
            .closed
            .as_ref()
            .map(|c| text_date(c.0))
            .unwrap_or_default(),
        close_reason: state
            .closed
            .as_ref()
            .map(|c| c.1.clone())
            .unwrap_or_default(),
    }
}

/// The API view of a statement.
pub(super) fn statement(
    account_id: String,
    (from, to): (NaiveDate, NaiveDate),
    statement: &Statement,
) -> pb::SavingsStatement {
    pb::SavingsStatement {
        account_id,
        from: text_date(from),
        to: text_date(to),
        opening_balance: statement.opening.amount(),
        closing_balance: statement.closing.amount(),
        deposits_total: statement.deposits.amount(),
        withdrawals_total: statement.withdrawals.amount(),
        incentives_total: statement.incentives.amount(),
        entries: statement
            .lines
            .iter()
            .map(|line| pb::SavingsEntry {
                kind: convert::entry_pb(line.kind) as i32,
                date: text_date(line.date),
                amount: line.amount.amount(),
                channel: convert::channel_pb(line.channel) as i32,
                reference: line.reference.clone(),
                balance_after: line.balance_after.amount(),
                version: line.version,
            })
            .collect(),
    }
}

/// The API view of a streak.
pub(super) fn streak(
    household_id: String,
    as_of: Month,
    streak: &Streak,
    accounts: usize,
) -> pb::SavingsStreak {
    pb::SavingsStreak {
        household_id,
        as_of_month: as_of.to_string(),
        current_streak_months: count(streak.current),
        longest_streak_months: count(streak.longest),
        months_with_deposits: count(streak.months_with_deposits),
        last_deposit_month: streak.last.map(|m| m.to_string()).unwrap_or_default(),
        accounts: i32::try_from(accounts).unwrap_or(i32::MAX),
    }
}
