//! Rejecting the pending stage proposal (the checker, never the proposer).

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `RejectStageChange`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::RejectStageChange {
        proposal_id,
        rejected_by,
        rejected_on,
        reason,
    } = command
    else {
        return Err(not_this(command));
    };
    let pending = pending(state, *proposal_id, rejected_by)?;
    not_before(
        "rejected_on",
        *rejected_on,
        Some(pending.proposed_on),
        "the proposal was made",
    )?;
    Ok(vec![GroupEvent::StageChangeRejected {
        proposal_id: *proposal_id,
        rejected_by: rejected_by.clone(),
        rejected_on: *rejected_on,
        reason: reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_rejected_proposal_leaves_the_stage_and_frees_the_way_for_another() {
        let mut history = proposed("pendamping-7");
        let group = Given::<KubeGroup>::new(history.clone())
            .when(&GroupCommand::RejectStageChange {
                proposal_id: id(700),
                rejected_by: "supervisor-1".into(),
                rejected_on: date("2026-03-05"),
                reason: "profit split not yet regular".into(),
            })
            .events();
        history.extend(group);
        let state = Given::<KubeGroup>::new(history.clone())
            .when(&propose(Stage::Berkembang, 90, "pendamping-7"))
            .events();
        assert_eq!(state.len(), 1);
        let group = <KubeGroup as berdaya_domain::Aggregate>::from_events(history.iter());
        assert_eq!(group.stage, Stage::Tumbuh);
    }
}
