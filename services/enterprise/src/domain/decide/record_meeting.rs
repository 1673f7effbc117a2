//! Recording a group meeting attended by members.

use std::collections::HashSet;

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `RecordMeeting`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::RecordMeeting {
        held_on,
        attendees,
        notes,
    } = command
    else {
        return Err(not_this(command));
    };
    let mut seen = HashSet::new();
    for (index, id) in attendees.iter().enumerate() {
        let field = format!("attendee_household_ids[{index}]");
        if !seen.insert(*id) {
            return Err(DomainError::invalid(
                field,
                format!("household {id} is listed twice"),
            ));
        }
        active_member(state, &field, *id)?;
    }
    not_before_formation(state, "held_on", *held_on)?;
    Ok(vec![GroupEvent::MeetingRecorded {
        held_on: *held_on,
        attendees: attendees.clone(),
        notes: notes.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn meetings_are_attended_by_members_and_a_new_facilitator_replaces_the_old() {
        let meeting = |ids: Vec<u128>| GroupCommand::RecordMeeting {
            held_on: date("2026-02-05"),
            attendees: ids.into_iter().map(id).collect(),
            notes: "arisan and goat feed purchase".into(),
        };
        Given::<KubeGroup>::new(formed())
            .when(&meeting(vec![1, 2, 3]))
            .events();
        let error = Given::<KubeGroup>::new(formed())
            .when(&meeting(vec![1, 77]))
            .then_error();
        assert_eq!(rule_field(error), "attendee_household_ids[1]");

        let mut history = formed();
        history.push(facilitator_assigned());
        Given::<KubeGroup>::new(history.clone())
            .when(&GroupCommand::AssignFacilitator {
                facilitator_id: "pendamping-9".into(),
                assigned_on: date("2026-04-01"),
            })
            .then(vec![GroupEvent::FacilitatorAssigned {
                facilitator_id: "pendamping-9".into(),
                assigned_on: date("2026-04-01"),
                previous: Some("pendamping-7".into()),
            }]);
        let error = Given::<KubeGroup>::new(history)
            .when(&GroupCommand::AssignFacilitator {
                facilitator_id: "pendamping-7".into(),
                assigned_on: date("2026-04-01"),
            })
            .then_error();
        assert_eq!(rule_field(error), "facilitator_id");
    }
}
