//! Electing the board: chair, secretary and treasurer, three distinct active members.

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `ElectBoard`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::ElectBoard {
        chair,
        secretary,
        treasurer,
        elected_on,
        note,
    } = command
    else {
        return Err(not_this(command));
    };
    if chair == secretary || chair == treasurer {
        let field = if chair == secretary {
            "secretary_household_id"
        } else {
            "treasurer_household_id"
        };
        return Err(DomainError::invalid(
            field,
            "must be a different member from the chair",
        ));
    }
    if secretary == treasurer {
        return Err(DomainError::invalid(
            "treasurer_household_id",
            "must be a different member from the secretary",
        ));
    }
    for (field, id) in [
        ("chair_household_id", chair),
        ("secretary_household_id", secretary),
        ("treasurer_household_id", treasurer),
    ] {
        active_member(state, field, *id)?;
    }
    not_before_formation(state, "elected_on", *elected_on)?;
    Ok(vec![GroupEvent::BoardElected {
        chair: *chair,
        secretary: *secretary,
        treasurer: *treasurer,
        elected_on: *elected_on,
        note: note.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn the_board_is_chosen_from_distinct_active_members() {
        let elect = |chair, secretary, treasurer| GroupCommand::ElectBoard {
            chair: id(chair),
            secretary: id(secretary),
            treasurer: id(treasurer),
            elected_on: date("2026-01-10"),
            note: String::new(),
        };
        let group = Given::<KubeGroup>::new(formed())
            .when(&elect(1, 2, 3))
            .then(vec![board_elected()]);
        assert!(group.board.complete());

        let error = Given::<KubeGroup>::new(formed())
            .when(&elect(1, 2, 99))
            .then_error();
        assert_eq!(rule_field(error), "treasurer_household_id");
        let error = Given::<KubeGroup>::new(formed())
            .when(&elect(1, 1, 3))
            .then_error();
        assert_eq!(rule_field(error), "secretary_household_id");
    }
}
