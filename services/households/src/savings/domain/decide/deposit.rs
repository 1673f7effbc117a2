//! Depositing the family's own money, with the programme's matching incentive and the
//! goals the new balance reaches.

use berdaya_domain::{DomainError, Month, Rupiah};
use chrono::NaiveDate;

use super::{in_date_order, positive};
use crate::savings::domain::{Channel, IncentiveRule, SavingsAccount, SavingsEvent};

/// Decides `Deposit` under the incentive `rule` in force: the deposit, its incentive as
/// an event of its own (within the month's cap), then every goal the balance now meets.
pub(super) fn decide(
    state: &SavingsAccount,
    amount: Rupiah,
    channel: Channel,
    reference: &str,
    deposited_on: NaiveDate,
    rule: &IncentiveRule,
) -> Result<Vec<SavingsEvent>, DomainError> {
    positive("amount", amount)?;
    in_date_order(state, "deposited_on", deposited_on)?;
    let overflow = || DomainError::invalid("amount", "would overflow the balance");
    let mut balance = state.balance.checked_add(amount).ok_or_else(overflow)?;
    let mut events = vec![SavingsEvent::Deposited {
        amount,
        channel,
        reference: reference.to_owned(),
        deposited_on,
        balance_after: balance,
    }];
    let month = Month::of(deposited_on);
    let credited = state
        .months
        .get(&month)
        .map_or(Rupiah::ZERO, |m| m.incentives);
    let incentive = rule.incentive(amount, credited);
    if incentive > Rupiah::ZERO {
        balance = balance.checked_add(incentive).ok_or_else(overflow)?;
        events.push(SavingsEvent::IncentiveCredited {
            amount: incentive,
            deposit: amount,
            month,
            rule: *rule,
            credited_on: deposited_on,
            balance_after: balance,
        });
    }
    events.extend(goals_reached(state, balance, deposited_on));
    Ok(events)
}

/// Goals the balance reaches now.
fn goals_reached(state: &SavingsAccount, balance: Rupiah, on: NaiveDate) -> Vec<SavingsEvent> {
    state
        .active_goals()
        .filter(|goal| balance >= goal.target)
        .map(|goal| SavingsEvent::GoalReached {
            goal_id: goal.goal_id,
            reached_on: on,
            balance,
            on_time: on <= goal.target_date,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

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
            .with_rules(off)
            .when(&deposit(100_000, "2026-01-05"))
            .events();
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn a_deposit_earns_under_the_rule_in_force_and_records_it() {
        let province = IncentiveRule {
            match_percent: 25,
            monthly_cap: Rupiah(20_000),
        };
        let events = Given::<SavingsAccount>::new(opened())
            .with_rules(province)
            .when(&deposit(100_000, "2026-01-05"))
            .events();
        assert!(matches!(
            events[1],
            SavingsEvent::IncentiveCredited {
                amount: Rupiah(20_000),
                rule,
                ..
            } if rule == province
        ));
    }

    #[test]
    fn a_goal_is_reached_by_the_deposit_that_meets_it() {
        let history = after(opened(), &[goal(7, 200_000, "2026-06-30")]);
        let events = Given::<SavingsAccount>::new(history.clone())
            .when(&deposit(150_000, "2026-02-01"))
            .events();
        assert_eq!(events.len(), 2, "deposit and incentive: 165 000 is short");
        let history = after(
            history,
            &[
                deposit(150_000, "2026-02-01"),
                deposit(50_000, "2026-03-01"),
            ],
        );
        let account = state(&history);
        assert_eq!(
            account.goal(id(7)).unwrap().status,
            GoalStatus::Reached {
                on: date("2026-03-01"),
                on_time: true
            }
        );
        assert!(matches!(
            history.last(),
            Some(SavingsEvent::GoalReached {
                balance: Rupiah(220_000),
                ..
            })
        ));
        let spent = state(&after(history, &[withdraw(220_000, "2026-03-02")]));
        assert!(
            matches!(
                spent.goal(id(7)).unwrap().status,
                GoalStatus::Reached { .. }
            ),
            "spending the savings does not undo a reached goal"
        );
    }
}
