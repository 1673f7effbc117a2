//! Forming a KUBE group from eligible households of its village.

use std::collections::HashSet;

use berdaya_domain::DomainError;

use super::{eligible, not_this};
use crate::domain::commands::GroupCommand;
use crate::domain::events::GroupEvent;
use crate::domain::policy::GroupPolicy;
use crate::domain::state::KubeGroup;

/// Forms a new group.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
    policy: &GroupPolicy,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::Form {
        group_id,
        name,
        village,
        business_type,
        sector,
        formed_on,
        members,
        facilitator,
    } = command
    else {
        return Err(not_this(command));
    };
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "group_id",
            "a KUBE group with this id already exists",
        ));
    }
    if members.len() < policy.min_members || members.len() > policy.max_members {
        return Err(DomainError::invalid(
            "member_household_ids",
            format!(
                "a KUBE group is formed with {} to {} member households (configured), got {}",
                policy.min_members,
                policy.max_members,
                members.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (index, facts) in members.iter().enumerate() {
        if !seen.insert(facts.household_id) {
            return Err(DomainError::invalid(
                format!("member_household_ids[{index}]"),
                format!("household {} is listed twice", facts.household_id),
            ));
        }
    }
    for (index, facts) in members.iter().enumerate() {
        eligible(
            facts,
            &format!("member_household_ids[{index}]"),
            village,
            *group_id,
            policy,
        )?;
    }
    Ok(vec![GroupEvent::Formed {
        group_id: *group_id,
        name: name.clone(),
        village: village.clone(),
        business_type: *business_type,
        sector: sector.clone(),
        formed_on: *formed_on,
        members: members.iter().map(|f| f.household_id).collect(),
        facilitator: facilitator.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::RegionCode;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn forming_records_the_founding_members() {
        let group = Given::<KubeGroup>::nothing().when(&form(5)).then(formed());
        assert_eq!(group.member_count(), 5);
        assert_eq!(group.stage, Stage::Tumbuh);
        assert!(
            group
                .members
                .iter()
                .all(|m| m.joined_on == date("2026-01-10"))
        );
    }

    #[test]
    fn a_group_has_the_configured_number_of_members() {
        let error = Given::<KubeGroup>::nothing().when(&form(4)).then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].field == "member_household_ids"
            && v[0].description.contains("5 to 20"))
        );
        let error = Given::<KubeGroup>::nothing().when(&form(21)).then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].description.contains("got 21")));
        Given::<KubeGroup>::nothing().when(&form(20)).events();

        // The limits come from configuration.
        let small = GroupPolicy {
            min_members: 3,
            ..GroupPolicy::default()
        };
        Given::<KubeGroup>::nothing()
            .with_rules(small)
            .when(&form_with((1..=3).map(active).collect()))
            .events();
    }

    #[test]
    fn members_are_known_active_households_of_the_village() {
        let unknown = HouseholdFacts {
            household_id: id(3),
            standing: Standing::Unknown,
        };
        let closed = HouseholdFacts {
            household_id: id(3),
            standing: Standing::Closed,
        };
        let elsewhere = HouseholdFacts {
            household_id: id(3),
            standing: Standing::Active {
                village: RegionCode::parse_village("35.78.01.1002").unwrap(),
                group: None,
            },
        };
        for (facts, says) in [
            (unknown, "not known to the enterprise service"),
            (closed, "closed in the registry"),
            (elsewhere, "lives in village 35.78.01.1002"),
        ] {
            let mut members: Vec<_> = (1..=5).map(active).collect();
            members[2] = facts;
            let error = Given::<KubeGroup>::nothing()
                .when(&form_with(members))
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { field, reason }
                    if field == "member_household_ids[2]" && reason.contains(says)),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_household_is_in_one_active_group_at_a_time() {
        let mut members: Vec<_> = (1..=5).map(active).collect();
        members[4].standing = Standing::Active {
            village: village(),
            group: Some(id(901)),
        };
        let error = Given::<KubeGroup>::nothing()
            .when(&form_with(members.clone()))
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { field, reason }
            if field == "member_household_ids[4]" && reason.contains("active KUBE group"))
        );

        // Configurable: a deployment may allow several groups.
        let relaxed = GroupPolicy {
            one_active_group_per_household: false,
            ..GroupPolicy::default()
        };
        Given::<KubeGroup>::nothing()
            .with_rules(relaxed)
            .when(&form_with(members))
            .events();
    }
}
