//! Evaluating a held joint action together (evaluasi bersama).

use berdaya_domain::DomainError;

use super::action;
use crate::domain::dates::not_before;
use crate::domain::network::{EvaluateJointAction, JointActionStatus, Network, NetworkEvent};

/// Records the evaluation of a held action, not before it was held.
pub(super) fn decide(
    state: &Network,
    command: &EvaluateJointAction,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let held = action(state, command.action_id)?;
    let held_on = match (&held.status, &held.held) {
        (JointActionStatus::Held, Some(held)) => held.held_on,
        (JointActionStatus::Evaluated, _) => {
            return Err(DomainError::rule(
                "action_id",
                "the joint action is already evaluated",
            ));
        }
        _ => {
            return Err(DomainError::rule(
                "action_id",
                "a joint action is evaluated once it has been held",
            ));
        }
    };
    not_before(
        "evaluated_on",
        command.evaluated_on,
        Some(held_on),
        "the action was held",
    )?;
    Ok(vec![NetworkEvent::ActionEvaluated {
        action_id: command.action_id,
        evaluated_on: command.evaluated_on,
        result: command.result,
        findings: command.findings.clone(),
        follow_up: command.follow_up.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn evaluate(on: &str) -> NetworkCommand {
        NetworkCommand::EvaluateAction(EvaluateJointAction {
            action_id: action_id(),
            evaluated_on: date(on),
            result: EvaluationResult::PartlyAchieved,
            findings: "pembeli tetap kurang dari target".into(),
            follow_up: "bazar berikutnya di Sidoarjo".into(),
        })
    }

    #[test]
    fn a_held_action_is_evaluated() {
        let network = Given::<Network>::new(vec![formed(), planned(), held()])
            .when(&evaluate("2026-04-20"))
            .then(vec![NetworkEvent::ActionEvaluated {
                action_id: action_id(),
                evaluated_on: date("2026-04-20"),
                result: EvaluationResult::PartlyAchieved,
                findings: "pembeli tetap kurang dari target".into(),
                follow_up: "bazar berikutnya di Sidoarjo".into(),
            }]);
        let action = network.action(action_id()).unwrap();
        assert_eq!(action.status, JointActionStatus::Evaluated);
        assert_eq!(
            action.evaluation.as_ref().unwrap().result,
            EvaluationResult::PartlyAchieved
        );
    }

    #[test]
    fn no_evaluation_before_the_action_is_held_or_twice() {
        let error = Given::<Network>::new(vec![formed(), planned()])
            .when(&evaluate("2026-04-20"))
            .then_error();
        assert!(rule(&error).1.contains("once it has been held"));

        let error = Given::<Network>::new(vec![formed(), planned(), held()])
            .when(&evaluate("2026-04-09"))
            .then_error();
        assert_eq!(rule(&error).0, "evaluated_on");

        let mut history = vec![formed(), planned(), held()];
        history.extend(
            Given::<Network>::new(history.clone())
                .when(&evaluate("2026-04-20"))
                .events(),
        );
        let error = Given::<Network>::new(history)
            .when(&evaluate("2026-04-21"))
            .then_error();
        assert!(rule(&error).1.contains("already evaluated"));
    }
}
