//! A household joining a formed group.

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `AddMember`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
    policy: &GroupPolicy,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::AddMember {
        household,
        joined_on,
    } = command
    else {
        return Err(not_this(command));
    };
    let village = state
        .village
        .clone()
        .ok_or_else(|| DomainError::not_found("kube group"))?;
    let group = state
        .id
        .ok_or_else(|| DomainError::not_found("kube group"))?;
    let id = household.household_id;
    if state.active_member(id).is_some() {
        return Err(DomainError::already_exists(
            "household_id",
            format!("household {id} is already a member of this group"),
        ));
    }
    if state.member_count() >= policy.max_members {
        return Err(DomainError::rule(
            "household_id",
            format!(
                "the group already has the most members allowed ({}, configured)",
                policy.max_members
            ),
        ));
    }
    eligible(household, "household_id", &village, group, policy)?;
    not_before_formation(state, "joined_on", *joined_on)?;
    let last_left = state
        .members
        .iter()
        .filter(|m| m.household_id == id)
        .filter_map(|m| m.left_on)
        .max();
    not_before(
        "joined_on",
        *joined_on,
        last_left,
        "the household last left",
    )?;
    Ok(vec![GroupEvent::MemberJoined {
        household_id: id,
        joined_on: *joined_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_full_group_takes_no_new_member() {
        let mut history = formed();
        history.extend((6..=20).map(|n| GroupEvent::MemberJoined {
            household_id: id(n),
            joined_on: date("2026-02-01"),
        }));
        let error = Given::<KubeGroup>::new(history)
            .when(&GroupCommand::AddMember {
                household: active(21),
                joined_on: date("2026-02-02"),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "household_id" && reason.contains("most members allowed (20")));
    }

    #[test]
    fn a_household_is_listed_once_and_joins_once() {
        let mut members: Vec<_> = (1..=5).map(active).collect();
        members[3] = active(1);
        let error = Given::<KubeGroup>::nothing()
            .when(&form_with(members))
            .then_error();
        assert_eq!(rule_field(error), "member_household_ids[3]");

        let error = Given::<KubeGroup>::new(formed())
            .when(&GroupCommand::AddMember {
                household: active(2),
                joined_on: date("2026-02-01"),
            })
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { .. }));
    }
}
