//! Savings goals: set, reached by the deposit that meets them, late or at once, cancelled.

use super::*;

#[test]
fn a_goal_is_reached_by_exactly_its_target_on_its_date_and_on_time() {
    // 10 000 deposited earns 1 000: exactly the 11 000 target, on the target date.
    let history = after(
        opened(),
        &[goal(7, 11_000, "2026-02-01"), deposit(10_000, "2026-02-01")],
    );
    assert_eq!(
        state(&history).goal(id(7)).unwrap().status,
        GoalStatus::Reached {
            on: date("2026-02-01"),
            on_time: true
        }
    );
}

#[test]
fn a_goal_the_balance_already_equals_is_reached_when_set() {
    let history = after(opened(), &[deposit(10_000, "2026-01-02")]);
    let events = Given::<SavingsAccount>::new(history)
        .when(&goal(7, 11_000, "2026-06-30"))
        .events();
    assert!(
        matches!(
            events[..],
            [
                SavingsEvent::GoalSet { .. },
                SavingsEvent::GoalReached { .. }
            ]
        ),
        "{events:?}"
    );
}

#[test]
fn a_goal_is_set_on_the_opening_day_but_not_before_and_for_a_day_later() {
    let set_on = |on: &str, by: &str| SavingsCommand::SetGoal {
        goal_id: id(7),
        purpose: GoalPurpose::BusinessCapital,
        description: "gerobak bakso".to_owned(),
        target: Rupiah(100_000),
        target_date: date(by),
        set_on: date(on),
    };
    Given::<SavingsAccount>::new(opened())
        .when(&set_on("2026-01-02", "2026-01-03"))
        .events();
    let error = Given::<SavingsAccount>::new(opened())
        .when(&set_on("2026-01-01", "2026-06-30"))
        .then_error();
    assert_eq!(rule_field(&error), "set_on");
    let error = Given::<SavingsAccount>::new(opened())
        .when(&set_on("2026-01-05", "2026-01-04"))
        .then_error();
    assert_eq!(invalid_field(&error), "target_date");
}

#[test]
fn four_active_goals_leave_room_for_a_fifth() {
    let four: Vec<SavingsCommand> = (0..4)
        .map(|n| goal(20 + n, 1_000_000, "2027-01-01"))
        .collect();
    Given::<SavingsAccount>::new(after(opened(), &four))
        .when(&goal(30, 1_000_000, "2027-01-01"))
        .events();
}

#[test]
fn a_goal_of_a_named_purpose_needs_no_description() {
    let plain = SavingsCommand::SetGoal {
        goal_id: id(7),
        purpose: GoalPurpose::BusinessCapital,
        description: String::new(),
        target: Rupiah(10_000),
        target_date: date("2026-06-30"),
        set_on: date("2026-01-03"),
    };
    Given::<SavingsAccount>::new(opened()).when(&plain).events();
}
