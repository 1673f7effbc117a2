//! Cancelling a savings goal that is still active.

use berdaya_domain::DomainError;
use uuid::Uuid;

use crate::savings::domain::{GoalStatus, SavingsAccount, SavingsEvent};

/// Decides `CancelGoal`: only an active goal is cancelled; a reached or cancelled one
/// stays as it is.
pub(super) fn decide(
    state: &SavingsAccount,
    goal_id: Uuid,
    reason: &str,
) -> Result<Vec<SavingsEvent>, DomainError> {
    let goal = state
        .goal(goal_id)
        .ok_or_else(|| DomainError::not_found(format!("savings goal {goal_id}")))?;
    match &goal.status {
        GoalStatus::Active => Ok(vec![SavingsEvent::GoalCancelled {
            goal_id,
            reason: reason.to_owned(),
        }]),
        GoalStatus::Reached { on, .. } => Err(DomainError::rule(
            "goal_id",
            format!("the goal was already reached on {on}"),
        )),
        GoalStatus::Cancelled { .. } => Err(DomainError::rule(
            "goal_id",
            "the goal was already cancelled",
        )),
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn only_an_active_goal_is_cancelled() {
        let history = after(opened(), &[goal(7, 10_000, "2026-06-30")]);
        let cancel = SavingsCommand::CancelGoal {
            goal_id: id(7),
            reason: "pindah prioritas".to_owned(),
        };
        let cancelled = after(history.clone(), std::slice::from_ref(&cancel));
        assert!(matches!(
            state(&cancelled).goal(id(7)).unwrap().status,
            GoalStatus::Cancelled { .. }
        ));
        let error = Given::<SavingsAccount>::new(cancelled)
            .when(&cancel)
            .then_error();
        assert_eq!(rule_field(&error), "goal_id");
        let reached = after(history, &[deposit(10_000, "2026-01-05")]);
        let error = Given::<SavingsAccount>::new(reached)
            .when(&cancel)
            .then_error();
        assert!(error.to_string().contains("already reached"), "{error}");
        let error = Given::<SavingsAccount>::new(opened())
            .when(&SavingsCommand::CancelGoal {
                goal_id: id(9),
                reason: "x".to_owned(),
            })
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
