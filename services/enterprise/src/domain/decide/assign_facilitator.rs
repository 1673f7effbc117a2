//! Assigning the group's facilitator (pendamping).

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `AssignFacilitator`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::AssignFacilitator {
        facilitator_id,
        assigned_on,
    } = command
    else {
        return Err(not_this(command));
    };
    if state.facilitator.as_deref() == Some(facilitator_id.as_str()) {
        return Err(DomainError::rule(
            "facilitator_id",
            "is already the group's facilitator",
        ));
    }
    not_before_formation(state, "assigned_on", *assigned_on)?;
    Ok(vec![GroupEvent::FacilitatorAssigned {
        facilitator_id: facilitator_id.clone(),
        assigned_on: *assigned_on,
        previous: state.facilitator.clone(),
    }])
}
