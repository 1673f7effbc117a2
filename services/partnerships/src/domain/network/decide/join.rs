//! A partner joins a network.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::network::{JoinNetwork, Network, NetworkEvent};

/// Records a known, active partner joining, not before the network was formed nor
/// before it last left.
pub(super) fn decide(
    state: &Network,
    command: &JoinNetwork,
) -> Result<Vec<NetworkEvent>, DomainError> {
    let partner_id = command.partner.partner_id;
    if state.current_membership(partner_id).is_some() {
        return Err(DomainError::already_exists(
            "partner_id",
            format!("partner {partner_id} is already a member"),
        ));
    }
    command.partner.require_active("partner_id")?;
    not_before(
        "joined_on",
        command.joined_on,
        state.formed_on,
        "the network was formed",
    )?;
    let last_left = state
        .memberships
        .iter()
        .filter(|m| m.partner_id == partner_id)
        .filter_map(|m| m.left_on)
        .max();
    not_before(
        "joined_on",
        command.joined_on,
        last_left,
        "the partner last left",
    )?;
    Ok(vec![NetworkEvent::MemberJoined {
        partner_id,
        joined_on: command.joined_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;
    use crate::domain::{PartnerFacts, PartnerStanding};

    fn join(partner: PartnerFacts, on: &str) -> NetworkCommand {
        NetworkCommand::Join(JoinNetwork {
            partner,
            joined_on: date(on),
        })
    }

    #[test]
    fn a_partner_joins_and_may_rejoin_after_leaving() {
        let network = Given::<Network>::new(vec![formed()])
            .when(&join(active_partner(102), "2026-03-01"))
            .then(vec![NetworkEvent::MemberJoined {
                partner_id: id(102),
                joined_on: date("2026-03-01"),
            }]);
        assert!(network.current_membership(id(102)).is_some());

        let network = Given::<Network>::new(vec![formed(), left(101, "2026-03-01")])
            .when(&join(active_partner(101), "2026-05-01"))
            .events();
        assert_eq!(network.len(), 1);
    }

    #[test]
    fn members_suspended_partners_and_early_dates_are_refused() {
        let error = Given::<Network>::new(vec![formed()])
            .when(&join(active_partner(100), "2026-03-01"))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { field, .. } if field == "partner_id"));

        let suspended = partner_in(
            102,
            PartnerStanding::Suspended {
                reason: "audit".into(),
            },
        );
        let error = Given::<Network>::new(vec![formed()])
            .when(&join(suspended, "2026-03-01"))
            .then_error();
        assert!(rule(&error).1.contains("suspended"));

        let error = Given::<Network>::new(vec![formed()])
            .when(&join(active_partner(102), "2026-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "joined_on");

        let error = Given::<Network>::new(vec![formed(), left(101, "2026-03-01")])
            .when(&join(active_partner(101), "2026-02-15"))
            .then_error();
        assert!(rule(&error).1.contains("last left"));
    }

    #[test]
    fn nobody_joins_an_unknown_or_dissolved_network() {
        let error = Given::<Network>::nothing()
            .when(&join(active_partner(102), "2026-03-01"))
            .then_error();
        assert!(not_found(&error, "network"));

        let dissolved = NetworkEvent::Dissolved {
            dissolved_on: date("2026-02-20"),
            reason: "tujuan tercapai".into(),
        };
        let error = Given::<Network>::new(vec![formed(), dissolved])
            .when(&join(active_partner(102), "2026-03-01"))
            .then_error();
        assert_eq!(rule(&error), ("network_id", "the network is dissolved"));
    }
}
