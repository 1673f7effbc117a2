//! Approving the pending stage proposal (the checker, never the proposer).

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `ApproveStageChange`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::ApproveStageChange {
        proposal_id,
        approved_by,
        approved_on,
        note,
    } = command
    else {
        return Err(not_this(command));
    };
    let pending = pending(state, *proposal_id, approved_by)?;
    not_before(
        "approved_on",
        *approved_on,
        Some(pending.proposed_on),
        "the proposal was made",
    )?;
    Ok(vec![GroupEvent::StageChangeApproved {
        proposal_id: *proposal_id,
        to: pending.to,
        approved_by: approved_by.clone(),
        approved_on: *approved_on,
        note: note.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_supervisor_other_than_the_proposer_approves_the_next_stage() {
        let group = Given::<KubeGroup>::new(proposed("pendamping-7"))
            .when(&approve("supervisor-1"))
            .then(vec![GroupEvent::StageChangeApproved {
                proposal_id: id(700),
                to: Stage::Berkembang,
                approved_by: "supervisor-1".into(),
                approved_on: date("2026-03-05"),
                note: "verified on site".into(),
            }]);
        assert_eq!(group.stage, Stage::Berkembang);
        assert!(group.pending_proposal().is_none());
    }

    #[test]
    fn the_proposer_cannot_approve_or_reject_their_own_proposal() {
        let error = Given::<KubeGroup>::new(proposed("supervisor-1"))
            .when(&approve("supervisor-1"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "proposal_id" && reason.contains("maker-checker")));
        let error = Given::<KubeGroup>::new(proposed("supervisor-1"))
            .when(&GroupCommand::RejectStageChange {
                proposal_id: id(700),
                rejected_by: "supervisor-1".into(),
                rejected_on: date("2026-03-05"),
                reason: "not yet".into(),
            })
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("maker-checker"))
        );
    }
}
