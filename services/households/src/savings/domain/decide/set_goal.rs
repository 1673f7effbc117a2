//! Setting a savings goal: a target amount by a date, for a purpose.

use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use super::not_before_opening;
use crate::savings::domain::{GoalPurpose, MAX_ACTIVE_GOALS, SavingsAccount, SavingsEvent};

/// Decides `SetGoal`: a positive target, a date after the day it is set, a description
/// for a goal of purpose OTHER, and room among the active goals. A balance that already
/// meets the target reaches the goal at once.
pub(super) fn decide(
    state: &SavingsAccount,
    goal_id: Uuid,
    purpose: GoalPurpose,
    description: &str,
    target: Rupiah,
    target_date: NaiveDate,
    set_on: NaiveDate,
) -> Result<Vec<SavingsEvent>, DomainError> {
    super::positive("target_amount", target)?;
    if purpose == GoalPurpose::Other && description.is_empty() {
        return Err(DomainError::invalid(
            "description",
            "is required for a goal of purpose OTHER",
        ));
    }
    if target_date <= set_on {
        return Err(DomainError::invalid(
            "target_date",
            format!("must be after set_on ({set_on})"),
        ));
    }
    not_before_opening(state, "set_on", set_on)?;
    if state.active_goals().count() >= MAX_ACTIVE_GOALS {
        return Err(DomainError::rule(
            "",
            format!("the account already has {MAX_ACTIVE_GOALS} active goals"),
        ));
    }
    let mut events = vec![SavingsEvent::GoalSet {
        goal_id,
        purpose,
        description: description.to_owned(),
        target,
        target_date,
        set_on,
    }];
    if state.balance >= target {
        events.push(SavingsEvent::GoalReached {
            goal_id,
            reached_on: set_on,
            balance: state.balance,
            on_time: true,
        });
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn a_goal_reached_after_its_date_is_late_and_one_already_met_is_reached_at_once() {
        let history = after(
            opened(),
            &[goal(7, 50_000, "2026-01-31"), deposit(60_000, "2026-02-10")],
        );
        assert_eq!(
            state(&history).goal(id(7)).unwrap().status,
            GoalStatus::Reached {
                on: date("2026-02-10"),
                on_time: false
            }
        );
        let events = Given::<SavingsAccount>::new(history)
            .when(&goal(8, 10_000, "2026-12-31"))
            .events();
        assert!(matches!(
            events[1],
            SavingsEvent::GoalReached { on_time: true, .. }
        ));
    }

    #[test]
    fn goals_need_a_target_a_later_date_a_description_for_other_and_room() {
        let error = Given::<SavingsAccount>::new(opened())
            .when(&goal(7, 0, "2026-06-30"))
            .then_error();
        assert_eq!(invalid_field(&error), "target_amount");
        let error = Given::<SavingsAccount>::new(opened())
            .when(&goal(7, 10_000, "2026-01-03"))
            .then_error();
        assert_eq!(invalid_field(&error), "target_date");
        let other = SavingsCommand::SetGoal {
            goal_id: id(7),
            purpose: GoalPurpose::Other,
            description: String::new(),
            target: Rupiah(10_000),
            target_date: date("2026-06-30"),
            set_on: date("2026-01-03"),
        };
        let error = Given::<SavingsAccount>::new(opened())
            .when(&other)
            .then_error();
        assert_eq!(invalid_field(&error), "description");
        let five: Vec<SavingsCommand> = (0..5)
            .map(|n| goal(20 + n, 1_000_000, "2027-01-01"))
            .collect();
        let error = Given::<SavingsAccount>::new(after(opened(), &five))
            .when(&goal(30, 1_000_000, "2027-01-01"))
            .then_error();
        assert!(error.to_string().contains("5 active goals"), "{error}");
    }
}
