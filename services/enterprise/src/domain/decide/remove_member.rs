//! A member leaving, handing over any board seat it holds.

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `RemoveMember`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::RemoveMember {
        household_id,
        reason,
        left_on,
        note,
        successor,
    } = command
    else {
        return Err(not_this(command));
    };
    let membership = state.active_member(*household_id).ok_or_else(|| {
        DomainError::rule(
            "household_id",
            format!("household {household_id} is not a member of this group"),
        )
    })?;
    not_before(
        "left_on",
        *left_on,
        Some(membership.joined_on),
        "the household joined",
    )?;
    let seats = state.board.seats_of(*household_id);
    let handovers = match (seats.as_slice(), successor) {
        ([], None) => Vec::new(),
        ([], Some(_)) => {
            return Err(DomainError::rule(
                "successor_household_id",
                "only given when the leaving member holds a board seat",
            ));
        }
        ([seat, ..], None) => {
            return Err(DomainError::rule(
                "successor_household_id",
                format!(
                    "the leaving member is the group's {}: name the active member who takes the seat over",
                    seat.name()
                ),
            ));
        }
        (seats, Some(successor)) => {
            successor_may_take(state, *household_id, *successor)?;
            seats.iter().map(|seat| (*seat, *successor)).collect()
        }
    };
    Ok(vec![GroupEvent::MemberLeft {
        household_id: *household_id,
        left_on: *left_on,
        reason: *reason,
        note: note.clone(),
        handovers,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn membership_changes_are_dated_and_checked() {
        let group = Given::<KubeGroup>::new(formed())
            .when(&GroupCommand::AddMember {
                household: active(6),
                joined_on: date("2026-02-01"),
            })
            .then(vec![GroupEvent::MemberJoined {
                household_id: id(6),
                joined_on: date("2026-02-01"),
            }]);
        assert_eq!(group.member_count(), 6);

        let error = Given::<KubeGroup>::new(formed())
            .when(&GroupCommand::AddMember {
                household: active(6),
                joined_on: date("2026-01-01"),
            })
            .then_error();
        assert_eq!(rule_field(error), "joined_on");

        let error = Given::<KubeGroup>::new(formed())
            .when(&leave(4, None, "2025-12-31"))
            .then_error();
        assert_eq!(rule_field(error), "left_on");
    }

    #[test]
    fn a_leaving_board_member_hands_over_the_seat() {
        let mut history = formed();
        history.push(board_elected());

        // The chair cannot just leave.
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&leave(1, None, "2026-03-01"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "successor_household_id" && reason.contains("chair")));

        // Nor hand the seat to someone who already holds one, or to a non-member.
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&leave(1, Some(2), "2026-03-01"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("secretary")));
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&leave(1, Some(42), "2026-03-01"))
            .then_error();
        assert_eq!(rule_field(error), "successor_household_id");

        // Handing the chair to household 4.
        let group = Given::<KubeGroup>::new(history.clone())
            .when(&leave(1, Some(4), "2026-03-01"))
            .then(vec![GroupEvent::MemberLeft {
                household_id: id(1),
                left_on: date("2026-03-01"),
                reason: LeaveReason::Moved,
                note: String::new(),
                handovers: vec![(BoardSeat::Chair, id(4))],
            }]);
        assert_eq!(group.board.chair, Some(id(4)));
        assert_eq!(group.member_count(), 4);
        assert!(group.active_member(id(1)).is_none());

        // A member without a seat leaves without a successor, and may not name one.
        Given::<KubeGroup>::new(history.clone())
            .when(&leave(5, None, "2026-03-01"))
            .events();
        let error = Given::<KubeGroup>::new(history)
            .when(&leave(5, Some(4), "2026-03-01"))
            .then_error();
        assert_eq!(rule_field(error), "successor_household_id");
    }
}
