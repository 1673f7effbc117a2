//! Planning a joint action.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::network::{Network, NetworkEvent, PlanJointAction};

/// Records a planned joint action, not dated before the network was formed.
pub(super) fn decide(
    state: &Network,
    command: &PlanJointAction,
) -> Result<Vec<NetworkEvent>, DomainError> {
    if state.action(command.action_id).is_some() {
        return Err(DomainError::already_exists(
            "action_id",
            "the network already has a joint action with this id",
        ));
    }
    not_before(
        "planned_on",
        command.planned_on,
        state.formed_on,
        "the network was formed",
    )?;
    Ok(vec![NetworkEvent::ActionPlanned {
        action_id: command.action_id,
        title: command.title.clone(),
        description: command.description.clone(),
        planned_on: command.planned_on,
        location: command.location.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn plan(on: &str) -> NetworkCommand {
        NetworkCommand::PlanAction(PlanJointAction {
            action_id: action_id(),
            title: "Bazar produk KUBE".into(),
            description: "pameran dan penjualan produk KUBE binaan".into(),
            planned_on: date(on),
            location: "Balai Kota Surabaya".into(),
        })
    }

    #[test]
    fn a_planned_action_waits_to_be_held() {
        let network = Given::<Network>::new(vec![formed()])
            .when(&plan("2026-04-10"))
            .then(vec![planned()]);
        assert_eq!(
            network.action(action_id()).unwrap().status,
            JointActionStatus::Planned
        );
    }

    #[test]
    fn an_action_id_is_used_once_and_not_before_formation() {
        let error = Given::<Network>::new(vec![formed(), planned()])
            .when(&plan("2026-04-10"))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { field, .. } if field == "action_id"));
        let error = Given::<Network>::new(vec![formed()])
            .when(&plan("2026-01-10"))
            .then_error();
        assert_eq!(rule(&error).0, "planned_on");
    }
}
