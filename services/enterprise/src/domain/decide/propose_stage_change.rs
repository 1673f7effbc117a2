//! Proposing the next stage, with an assessment against its criteria (the maker).

use std::collections::HashSet;

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `ProposeStageChange`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
    policy: &GroupPolicy,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::ProposeStageChange {
        proposal_id,
        to,
        assessment,
        proposed_by,
        proposed_on,
    } = command
    else {
        return Err(not_this(command));
    };
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

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn one_proposal_is_pending_at_a_time() {
        let error = Given::<KubeGroup>::new(proposed("pendamping-7"))
            .when(&propose(Stage::Berkembang, 80, "pendamping-8"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("still pending"))
        );
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&approve("supervisor-1"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("no stage change"))
        );
    }

    #[test]
    fn groups_move_one_stage_at_a_time() {
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&propose(Stage::MajuMandiri, 90, "pendamping-7"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "to_stage" && reason.contains("can only move to Berkembang")));
    }

    #[test]
    fn every_criterion_of_the_stage_is_scored_and_passes() {
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&propose(Stage::Berkembang, 59, "pendamping-7"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "assessment.scores[0].score" && reason.contains("below the pass score of 60")));

        let GroupCommand::ProposeStageChange {
            proposal_id,
            to,
            mut assessment,
            proposed_by,
            proposed_on,
        } = propose(Stage::Berkembang, 80, "pendamping-7")
        else {
            unreachable!()
        };
        assessment.scores.pop();
        let missing = GroupCommand::ProposeStageChange {
            proposal_id,
            to,
            assessment: assessment.clone(),
            proposed_by: proposed_by.clone(),
            proposed_on,
        };
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&missing)
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v)
            if v[0].field == "assessment.scores" && v[0].description.contains("profit shared")));

        assessment.scores.push(CriterionScore {
            criterion: Criterion::BusinessTies,
            score: 90,
            note: String::new(),
        });
        let foreign = GroupCommand::ProposeStageChange {
            proposal_id,
            to,
            assessment,
            proposed_by,
            proposed_on,
        };
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&foreign)
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v)
            if v[0].field == "assessment.scores[4].criterion"));
    }

    #[test]
    fn scores_cannot_claim_what_the_history_contradicts() {
        // Without a facilitator, "facilitator assigned" cannot pass, whatever its score.
        let history: Vec<GroupEvent> = ready_for_berkembang()
            .into_iter()
            .filter(|e| !matches!(e, GroupEvent::FacilitatorAssigned { .. }))
            .collect();
        let error = Given::<KubeGroup>::new(history)
            .when(&propose(Stage::Berkembang, 100, "pendamping-7"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "assessment.scores[0].criterion" && reason.contains("no facilitator")));

        // Maju/Mandiri needs rising profit and capital, and IKS shared.
        let mut history = proposed("pendamping-7");
        history.extend(
            Given::<KubeGroup>::new(history.clone())
                .when(&approve("supervisor-1"))
                .events(),
        );
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&propose(Stage::MajuMandiri, 90, "pendamping-7"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("rising profit"))
        );

        history.push(GroupEvent::ProgressReported(report(
            "2026-03", 5_000_000, 2_000_000, 13_000_000,
        )));
        history.push(GroupEvent::IksShared {
            amount: berdaya_domain::Rupiah(100_000),
            shared_on: date("2026-04-01"),
            recipients: "two widows".into(),
            recipient_household_ids: vec![],
        });
        let mut command = propose(Stage::MajuMandiri, 90, "pendamping-7");
        if let GroupCommand::ProposeStageChange { proposal_id, .. } = &mut command {
            *proposal_id = id(701);
        }
        let events = Given::<KubeGroup>::new(history).when(&command).events();
        assert!(matches!(
            &events[0],
            GroupEvent::StageChangeProposed {
                from: Stage::Berkembang,
                to: Stage::MajuMandiri,
                ..
            }
        ));
    }

    #[test]
    fn a_proposal_is_not_dated_before_its_assessment_nor_approved_before_it_was_made() {
        let mut command = propose(Stage::Berkembang, 80, "pendamping-7");
        if let GroupCommand::ProposeStageChange { proposed_on, .. } = &mut command {
            *proposed_on = date("2026-02-28");
        }
        let error = Given::<KubeGroup>::new(ready_for_berkembang())
            .when(&command)
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "proposed_on"));

        let early = GroupCommand::ApproveStageChange {
            proposal_id: id(700),
            approved_by: "supervisor-1".into(),
            approved_on: date("2026-03-01"),
            note: String::new(),
        };
        let error = Given::<KubeGroup>::new(proposed("pendamping-7"))
            .when(&early)
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "approved_on"));
    }
}
