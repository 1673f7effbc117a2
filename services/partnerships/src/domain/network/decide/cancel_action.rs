//! Calling off a planned joint action.

use berdaya_domain::DomainError;

use super::action;
use crate::domain::dates::not_before;
use crate::domain::network::{CancelJointAction, JointActionStatus, Network, NetworkEvent};

/// Cancels an action that has not been held.
pub(super) fn decide(
    state: &Network,
    command: &CancelJointAction,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let planned = action(state, command.action_id)?;
    if planned.status != JointActionStatus::Planned {
        return Err(DomainError::rule(
            "action_id",
            "only a planned joint action that has not been held can be cancelled",
        ));
    }
    not_before(
        "cancelled_on",
        command.cancelled_on,
        state.formed_on,
        "the network was formed",
    )?;
    Ok(vec![NetworkEvent::ActionCancelled {
        action_id: command.action_id,
        cancelled_on: command.cancelled_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn cancel() -> NetworkCommand {
        NetworkCommand::CancelAction(CancelJointAction {
            action_id: action_id(),
            cancelled_on: date("2026-04-01"),
            reason: "lokasi tidak tersedia".into(),
        })
    }

    #[test]
    fn a_planned_action_is_cancelled_with_its_reason() {
        let network = Given::<Network>::new(vec![formed(), planned()])
            .when(&cancel())
            .then(vec![NetworkEvent::ActionCancelled {
                action_id: action_id(),
                cancelled_on: date("2026-04-01"),
                reason: "lokasi tidak tersedia".into(),
            }]);
        assert_eq!(
            network.action(action_id()).unwrap().status,
            JointActionStatus::Cancelled
        );
    }

    #[test]
    fn a_held_action_is_not_cancelled() {
        let error = Given::<Network>::new(vec![formed(), planned(), held()])
            .when(&cancel())
            .then_error();
        assert_eq!(rule(&error).0, "action_id");
    }
}
