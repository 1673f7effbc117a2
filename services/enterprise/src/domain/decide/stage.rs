//! Stage changes: an assessment proposed by one person, decided by another
//! (maker-checker), one stage at a time.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use uuid::Uuid;

use super::{not_before, not_before_formation};
use crate::domain::commands::GroupCommand;
use crate::domain::events::{Assessment, GroupEvent};
use crate::domain::policy::GroupPolicy;
use crate::domain::state::{KubeGroup, Proposal};
use crate::domain::{Criterion, Stage};

/// Decides the stage commands of a formed, active group.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    use GroupCommand as C;
    match command {
        C::ProposeStageChange {
            proposal_id,
            to,
            assessment,
            proposed_by,
            proposed_on,
            policy,
        } => {
            if let Some(pending) = state.pending_proposal() {
                return Err(DomainError::rule(
                    "group_id",
                    format!(
                        "stage proposal {} is still pending: a supervisor must approve or reject it first",
                        pending.proposal_id
                    ),
                ));
            }
            match state.stage.next() {
                None => {
                    return Err(DomainError::rule(
                        "to_stage",
                        format!(
                            "the group is already in the last stage, {}",
                            state.stage.name()
                        ),
                    ));
                }
                Some(next) if next != *to => {
                    return Err(DomainError::rule(
                        "to_stage",
                        format!(
                            "the group is in {}; it can only move to {}",
                            state.stage.name(),
                            next.name()
                        ),
                    ));
                }
                Some(_) => {}
            }
            check_assessment(state, *to, assessment, policy)?;
            not_before_formation(state, "assessment.assessed_on", assessment.assessed_on)?;
            not_before(
                "proposed_on",
                *proposed_on,
                Some(assessment.assessed_on),
                "the assessment",
            )?;
            Ok(vec![GroupEvent::StageChangeProposed {
                proposal_id: *proposal_id,
                from: state.stage,
                to: *to,
                assessment: assessment.clone(),
                proposed_by: proposed_by.clone(),
                proposed_on: *proposed_on,
            }])
        }
        C::ApproveStageChange {
            proposal_id,
            approved_by,
            approved_on,
            note,
        } => {
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
        C::RejectStageChange {
            proposal_id,
            rejected_by,
            rejected_on,
            reason,
        } => {
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
        _ => Err(DomainError::rule("", "not a stage command")),
    }
}

/// The pending proposal `id`, which `decider` may decide: maker-checker means the
/// proposer never decides their own proposal.
fn pending<'a>(state: &'a KubeGroup, id: Uuid, decider: &str) -> Result<&'a Proposal, DomainError> {
    let pending = state
        .pending_proposal()
        .ok_or_else(|| DomainError::rule("proposal_id", "no stage change is pending"))?;
    if pending.proposal_id != id {
        return Err(DomainError::rule(
            "proposal_id",
            format!("{id} is not the pending proposal ({})", pending.proposal_id),
        ));
    }
    if pending.proposed_by == decider {
        return Err(DomainError::rule(
            "proposal_id",
            "the proposer cannot decide their own proposal (maker-checker): another supervisor must",
        ));
    }
    Ok(pending)
}

/// Every criterion of the target stage scored once, none other; each at least the pass
/// score; none claiming what the group's history contradicts.
fn check_assessment(
    state: &KubeGroup,
    to: Stage,
    assessment: &Assessment,
    policy: &GroupPolicy,
) -> Result<(), DomainError> {
    let wanted = to.criteria();
    let mut seen = HashSet::new();
    for (index, score) in assessment.scores.iter().enumerate() {
        let field = format!("assessment.scores[{index}]");
        if !wanted.contains(&score.criterion) {
            return Err(DomainError::invalid(
                format!("{field}.criterion"),
                format!(
                    "criterion {} is not assessed for {}",
                    score.criterion.name(),
                    to.name()
                ),
            ));
        }
        if !seen.insert(score.criterion) {
            return Err(DomainError::invalid(
                format!("{field}.criterion"),
                format!("criterion {} is scored twice", score.criterion.name()),
            ));
        }
        if score.score > 100 {
            return Err(DomainError::invalid(
                format!("{field}.score"),
                format!("must be 0 to 100, got {}", score.score),
            ));
        }
    }
    if let Some(missing) = wanted.iter().find(|c| !seen.contains(c)) {
        return Err(DomainError::invalid(
            "assessment.scores",
            format!(
                "a score for {} is required to move to {}",
                missing.name(),
                to.name()
            ),
        ));
    }
    for (index, score) in assessment.scores.iter().enumerate() {
        let field = format!("assessment.scores[{index}]");
        if score.score < policy.pass_score {
            return Err(DomainError::rule(
                format!("{field}.score"),
                format!(
                    "criterion {} scored {}, below the pass score of {}",
                    score.criterion.name(),
                    score.score,
                    policy.pass_score
                ),
            ));
        }
        if let Some(why) = contradicted(state, score.criterion) {
            return Err(DomainError::rule(
                format!("{field}.criterion"),
                format!(
                    "the group's history does not show {}: {why}",
                    score.criterion.name()
                ),
            ));
        }
    }
    Ok(())
}

/// Why the group's own history contradicts `criterion`, if it does. Business ties are
/// the assessor's judgement alone.
pub(crate) fn contradicted(state: &KubeGroup, criterion: Criterion) -> Option<&'static str> {
    let first = state.reports.first();
    let last = state.reports.last();
    let rising = |value: fn(&crate::domain::ProgressReport) -> i64| {
        state.reports.len() >= 2
            && matches!((first, last), (Some(a), Some(b)) if value(b) > value(a))
    };
    let shown = match criterion {
        Criterion::FacilitatorAssigned => state.facilitator.is_some(),
        Criterion::BoardFormed => state.board.complete(),
        Criterion::GrantReceived => state.grants.iter().any(|g| !g.tranches.is_empty()),
        Criterion::ActivityStarted => !state.reports.is_empty(),
        Criterion::ProfitShared => state
            .reports
            .iter()
            .any(|r| r.split.capital.0 > 0 && r.split.member_welfare.0 > 0 && r.split.iks.0 > 0),
        Criterion::RisingProfit => rising(|r| r.profit.0),
        Criterion::RisingCapital => rising(|r| r.capital.0),
        Criterion::IksShared => state.iks_shared.0 > 0,
        Criterion::BusinessTies => true,
    };
    if shown {
        return None;
    }
    Some(match criterion {
        Criterion::FacilitatorAssigned => "no facilitator is assigned",
        Criterion::BoardFormed => "chair, secretary and treasurer are not all seated",
        Criterion::GrantReceived => "no grant tranche reached the group account",
        Criterion::ActivityStarted => "no progress report was made",
        Criterion::ProfitShared => {
            "no month's profit was split into capital, member welfare and IKS"
        }
        Criterion::RisingProfit => "the latest reported profit is not above the first",
        Criterion::RisingCapital => "the latest reported capital is not above the first",
        Criterion::IksShared => "no IKS was shared with families outside the group",
        Criterion::BusinessTies => "",
    })
}
