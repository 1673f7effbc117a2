//! The network's rules: one decision per command, each in its own file with its tests.

mod cancel_action;
mod dissolve;
mod evaluate_action;
mod form;
mod join;
mod leave;
mod plan_action;
mod record_action_held;

use berdaya_domain::DomainError;
use uuid::Uuid;

use super::{JointAction, Network, NetworkCommand, NetworkEvent, NetworkRules, NetworkStatus};

/// Decides a command against a network's state.
pub(super) fn decide(
    state: &Network,
    command: &NetworkCommand,
    rules: &NetworkRules,
) -> Result<Vec<NetworkEvent>, DomainError> {
    use NetworkCommand as C;
    if let C::Form(command) = command {
        return form::decide(state, command, rules);
    }
    match state.status {
        NetworkStatus::NotFormed => return Err(DomainError::not_found("network")),
        NetworkStatus::Dissolved => {
            return Err(DomainError::rule("network_id", "the network is dissolved"));
        }
        NetworkStatus::Active => {}
    }
    match command {
        C::Form(command) => form::decide(state, command, rules),
        C::Join(command) => join::decide(state, command),
        C::Leave(command) => leave::decide(state, command),
        C::PlanAction(command) => plan_action::decide(state, command),
        C::RecordActionHeld(command) => record_action_held::decide(state, command),
        C::EvaluateAction(command) => evaluate_action::decide(state, command),
        C::CancelAction(command) => cancel_action::decide(state, command),
        C::Dissolve(command) => dissolve::decide(state, command),
    }
}

/// The joint action named by a command.
fn action(state: &Network, action_id: Uuid) -> Result<&JointAction, DomainError> {
    state
        .action(action_id)
        .ok_or_else(|| DomainError::not_found(format!("joint action {action_id}")))
}
