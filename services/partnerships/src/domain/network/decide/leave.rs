//! A partner leaves a network.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::network::{LeaveNetwork, Network, NetworkEvent};

/// Records a current member leaving, not before it joined.
pub(super) fn decide(
    state: &Network,
    command: &LeaveNetwork,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let partner_id = command.partner_id;
    let membership = state.current_membership(partner_id).ok_or_else(|| {
        DomainError::rule(
            "partner_id",
            format!("partner {partner_id} is not a member"),
        )
    })?;
    not_before(
        "left_on",
        command.left_on,
        Some(membership.joined_on),
        "the partner joined",
    )?;
    Ok(vec![NetworkEvent::MemberLeft {
        partner_id,
        left_on: command.left_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    fn leave(n: u128, on: &str) -> NetworkCommand {
        NetworkCommand::Leave(LeaveNetwork {
            partner_id: id(n),
            left_on: date(on),
            reason: "fokus program lain".into(),
        })
    }

    #[test]
    fn a_member_leaves_and_its_period_is_kept() {
        let network = Given::<Network>::new(vec![formed()])
            .when(&leave(101, "2026-03-01"))
            .then(vec![left(101, "2026-03-01")]);
        assert!(network.member_on(id(101), date("2026-02-28")));
        assert!(!network.member_on(id(101), date("2026-03-01")));
        assert_eq!(network.current_members().collect::<Vec<_>>(), [id(100)]);
    }

    #[test]
    fn only_a_member_leaves_and_not_before_joining() {
        let error = Given::<Network>::new(vec![formed()])
            .when(&leave(102, "2026-03-01"))
            .then_error();
        assert_eq!(rule(&error).0, "partner_id");
        let error = Given::<Network>::new(vec![formed(), left(101, "2026-03-01")])
            .when(&leave(101, "2026-03-02"))
            .then_error();
        assert_eq!(rule(&error).0, "partner_id");
        let error = Given::<Network>::new(vec![formed()])
            .when(&leave(101, "2026-01-15"))
            .then_error();
        assert_eq!(rule(&error).0, "left_on");
    }
}
