//! Forming a network.

use std::collections::HashSet;

use berdaya_domain::DomainError;

use crate::domain::network::{FormNetwork, Network, NetworkEvent, NetworkRules};

/// Forms a network from its founding partners: enough of them (configured), distinct,
/// every one known and active.
pub(super) fn decide(
    state: &Network,
    command: &FormNetwork,
    rules: &NetworkRules,
) -> Result<Vec<NetworkEvent>, DomainError> {
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "network_id",
            "a network with this id already exists",
        ));
    }
    let members = &command.founding_members;
    if members.len() < rules.min_founding_members {
        return Err(DomainError::invalid(
            "founding_partner_ids",
            format!(
                "a network is formed by at least {} partners (configured), got {}",
                rules.min_founding_members,
                members.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (index, facts) in members.iter().enumerate() {
        let field = format!("founding_partner_ids[{index}]");
        if !seen.insert(facts.partner_id) {
            return Err(DomainError::invalid(field, "the partner is listed twice"));
        }
        facts.require_active(&field)?;
    }
    Ok(vec![NetworkEvent::Formed {
        network_id: command.network_id,
        kind: command.kind,
        name: command.name.clone(),
        region: command.region.clone(),
        purpose: command.purpose.clone(),
        formed_on: command.formed_on,
        founding_partner_ids: members.iter().map(|f| f.partner_id).collect(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::PartnerStanding;
    use crate::domain::fixtures::*;
    use crate::domain::network::fixtures::*;
    use crate::domain::network::*;

    #[test]
    fn founding_members_join_on_the_formation_day() {
        let network = Given::<Network>::nothing()
            .when(&form_with(vec![active_partner(100), active_partner(101)]))
            .then(vec![formed()]);
        assert_eq!(
            network.current_members().collect::<Vec<_>>(),
            [id(100), id(101)]
        );
        assert!(network.member_on(id(101), date("2026-02-01")));
        assert!(!network.member_on(id(101), date("2026-01-31")));
    }

    #[test]
    fn a_network_has_the_configured_number_of_founders() {
        let error = Given::<Network>::nothing()
            .when(&form_with(vec![active_partner(100)]))
            .then_error();
        assert_eq!(invalid_fields(&error), ["founding_partner_ids"]);

        Given::<Network>::nothing()
            .with_rules(NetworkRules {
                min_founding_members: 1,
            })
            .when(&form_with(vec![active_partner(100)]))
            .events();
    }

    #[test]
    fn founders_are_distinct_known_and_active() {
        let error = Given::<Network>::nothing()
            .when(&form_with(vec![active_partner(100), active_partner(100)]))
            .then_error();
        assert_eq!(invalid_fields(&error), ["founding_partner_ids[1]"]);

        let error = Given::<Network>::nothing()
            .when(&form_with(vec![
                active_partner(100),
                partner_in(101, PartnerStanding::Unknown),
            ]))
            .then_error();
        assert!(not_found(&error, "partner"));

        let error = Given::<Network>::nothing()
            .when(&form_with(vec![
                active_partner(100),
                partner_in(101, PartnerStanding::Retired),
            ]))
            .then_error();
        assert_eq!(rule(&error).0, "founding_partner_ids[1]");
    }

    #[test]
    fn an_id_is_formed_once() {
        let error = Given::<Network>::new(vec![formed()])
            .when(&form_with(vec![active_partner(100), active_partner(101)]))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { .. }));
    }
}
