//! Recording that a joint action took place.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::action;
use crate::domain::dates::not_before;
use crate::domain::network::{JointActionStatus, Network, NetworkEvent, RecordJointActionHeld};

/// Records a planned action as held, with the member partners who took part on that
/// day, how many people came and what it produced.
pub(super) fn decide(
    state: &Network,
    command: &RecordJointActionHeld,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let planned = action(state, command.action_id)?;
    if planned.status != JointActionStatus::Planned {
        return Err(DomainError::rule(
            "action_id",
            "only a planned joint action can be recorded as held",
        ));
    }
    let mut violations = Violations::new();
    if command.participant_partner_ids.is_empty() {
        violations.add(
            "participant_partner_ids",
            "at least one member partner takes part",
        );
    }
    let mut seen = HashSet::new();
    for (index, partner) in command.participant_partner_ids.iter().enumerate() {
        if !seen.insert(partner) {
            violations.add(
                format!("participant_partner_ids[{index}]"),
                "the partner is listed twice",
            );
        }
    }
    if command.attendance == 0 {
        violations.add(
            "attendance",
            "a held action had at least one person attending",
        );
    }
    violations.finish()?;
    not_before(
        "held_on",
        command.held_on,
        state.formed_on,
        "the network was formed",
    )?;
    for (index, partner) in command.participant_partner_ids.iter().enumerate() {
        if !state.member_on(*partner, command.held_on) {
            return Err(DomainError::rule(
                format!("participant_partner_ids[{index}]"),
                format!("partner {partner} was not a member on {}", command.held_on),
            ));
        }
    }
    Ok(vec![NetworkEvent::ActionHeld {
        action_id: command.action_id,
        held_on: command.held_on,
        participant_partner_ids: command.participant_partner_ids.clone(),
        attendance: command.attendance,
        outcome: command.outcome.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn hold(participants: &[u128], attendance: u32, on: &str) -> NetworkCommand {
        NetworkCommand::RecordActionHeld(RecordJointActionHeld {
            action_id: action_id(),
            held_on: date(on),
            participant_partner_ids: participants.iter().map(|n| id(*n)).collect(),
            attendance,
            outcome: "Rp 15.000.000 terjual, 4 pembeli tetap".into(),
        })
    }

    #[test]
    fn a_held_action_records_participants_and_outcome() {
        let network = Given::<Network>::new(vec![formed(), planned()])
            .when(&hold(&[100, 101], 120, "2026-04-10"))
            .then(vec![held()]);
        let action = network.action(action_id()).unwrap();
        assert_eq!(action.status, JointActionStatus::Held);
        assert_eq!(action.held.as_ref().unwrap().attendance, 120);
    }

    #[test]
    fn participants_were_members_on_the_day() {
        let error = Given::<Network>::new(vec![formed(), planned(), left(101, "2026-04-01")])
            .when(&hold(&[100, 101], 120, "2026-04-10"))
            .then_error();
        assert_eq!(rule(&error).0, "participant_partner_ids[1]");

        let error = Given::<Network>::new(vec![formed(), planned()])
            .when(&hold(&[100, 100], 0, "2026-04-10"))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            ["participant_partner_ids[1]", "attendance"]
        );

        let error = Given::<Network>::new(vec![formed(), planned()])
            .when(&hold(&[], 10, "2026-04-10"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["participant_partner_ids"]);
    }

    #[test]
    fn only_a_planned_action_is_held_once() {
        let error = Given::<Network>::new(vec![formed(), planned(), held()])
            .when(&hold(&[100], 10, "2026-04-11"))
            .then_error();
        assert_eq!(rule(&error).0, "action_id");
        let error = Given::<Network>::new(vec![formed()])
            .when(&hold(&[100], 10, "2026-04-11"))
            .then_error();
        assert!(not_found(&error, "joint action"));
    }
}
