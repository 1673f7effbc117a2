//! Dissolving a network.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::network::{DissolveNetwork, JointActionStatus, Network, NetworkEvent};

/// Dissolves the network: its planned actions are called off and its members leave on
/// the same day, so every membership period and action ends in the history.
pub(super) fn decide(
    state: &Network,
    command: &DissolveNetwork,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let on = command.dissolved_on;
    let latest_join = state.memberships.iter().map(|m| m.joined_on).max();
    not_before(
        "dissolved_on",
        on,
        state.formed_on,
        "the network was formed",
    )?;
    not_before("dissolved_on", on, latest_join, "the latest member joined")?;
    let mut events: Vec<NetworkEvent> = state
        .actions
        .iter()
        .filter(|a| a.status == JointActionStatus::Planned)
        .map(|a| NetworkEvent::ActionCancelled {
            action_id: a.action_id,
            cancelled_on: on,
            reason: "network dissolved".into(),
        })
        .collect();
    events.extend(
        state
            .current_members()
            .map(|partner_id| NetworkEvent::MemberLeft {
                partner_id,
                left_on: on,
                reason: "network dissolved".into(),
            }),
    );
    events.push(NetworkEvent::Dissolved {
        dissolved_on: on,
        reason: command.reason.clone(),
    });
    Ok(events)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn dissolve(on: &str) -> NetworkCommand {
        NetworkCommand::Dissolve(DissolveNetwork {
            dissolved_on: date(on),
            reason: "tujuan tercapai".into(),
        })
    }

    #[test]
    fn dissolving_calls_off_planned_actions_and_ends_memberships() {
        let network = Given::<Network>::new(vec![formed(), planned()])
            .when(&dissolve("2026-03-31"))
            .then(vec![
                NetworkEvent::ActionCancelled {
                    action_id: action_id(),
                    cancelled_on: date("2026-03-31"),
                    reason: "network dissolved".into(),
                },
                NetworkEvent::MemberLeft {
                    partner_id: id(100),
                    left_on: date("2026-03-31"),
                    reason: "network dissolved".into(),
                },
                NetworkEvent::MemberLeft {
                    partner_id: id(101),
                    left_on: date("2026-03-31"),
                    reason: "network dissolved".into(),
                },
                NetworkEvent::Dissolved {
                    dissolved_on: date("2026-03-31"),
                    reason: "tujuan tercapai".into(),
                },
            ]);
        assert_eq!(network.status, NetworkStatus::Dissolved);
        assert_eq!(network.current_members().count(), 0);
    }

    #[test]
    fn a_network_is_not_dissolved_before_its_last_join_or_twice() {
        let joined = NetworkEvent::MemberJoined {
            partner_id: id(102),
            joined_on: date("2026-05-01"),
        };
        let error = Given::<Network>::new(vec![formed(), joined])
            .when(&dissolve("2026-04-30"))
            .then_error();
        assert_eq!(rule(&error).0, "dissolved_on");

        let mut history = vec![formed()];
        history.extend(
            Given::<Network>::new(history.clone())
                .when(&dissolve("2026-03-31"))
                .events(),
        );
        let error = Given::<Network>::new(history)
            .when(&dissolve("2026-04-30"))
            .then_error();
        assert_eq!(rule(&error), ("network_id", "the network is dissolved"));
    }
}
