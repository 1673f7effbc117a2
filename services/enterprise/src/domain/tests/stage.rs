//! Stages: assessments against the criteria, one stage at a time, maker-checker.

use berdaya_domain::aggregate::Given;
use berdaya_domain::{DomainError, Rupiah};

use super::fixtures::*;
use crate::domain::*;

fn proposed(who: &str) -> Vec<GroupEvent> {
    let mut history = ready_for_berkembang();
    history.extend(
        Given::<KubeGroup>::new(history.clone())
            .when(&propose(Stage::Berkembang, 80, who))
            .events(),
    );
    history
}

fn approve(who: &str) -> GroupCommand {
    GroupCommand::ApproveStageChange {
        proposal_id: id(700),
        approved_by: who.into(),
        approved_on: date("2026-03-05"),
        note: "verified on site".into(),
    }
}

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
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("maker-checker")));
}

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

#[test]
fn one_proposal_is_pending_at_a_time() {
    let error = Given::<KubeGroup>::new(proposed("pendamping-7"))
        .when(&propose(Stage::Berkembang, 80, "pendamping-8"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("still pending")));
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
        policy,
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
        policy: policy.clone(),
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
        policy,
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
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("rising profit")));

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

/// Household 5 left: the group of five now has four members, one below the minimum.
fn below_minimum(mut history: Vec<GroupEvent>) -> Vec<GroupEvent> {
    history.push(GroupEvent::MemberLeft {
        household_id: id(5),
        left_on: date("2026-02-20"),
        reason: LeaveReason::Resigned,
        note: String::new(),
        handovers: vec![],
    });
    history
}

#[test]
fn a_group_below_the_minimum_gets_no_tranche_and_no_stage_change() {
    let refused = |history: Vec<GroupEvent>, command: GroupCommand| {
        let error = Given::<KubeGroup>::new(below_minimum(history))
            .when(&command)
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason }
                if field == "group_id" && reason.contains("4 active members, fewer than the minimum of 5")),
            "{error:?}"
        );
    };
    let mut awarded = formed();
    awarded.extend([account_recorded(), grant_awarded()]);
    refused(
        awarded,
        GroupCommand::DisburseTranche {
            grant_id: id(500),
            amount: Rupiah(1_000_000),
            disbursed_on: date("2026-03-01"),
            reference: "TRF-9".into(),
        },
    );
    refused(
        ready_for_berkembang(),
        propose(Stage::Berkembang, 80, "pendamping-7"),
    );
    refused(
        proposed("pendamping-7"),
        GroupCommand::ApproveStageChange {
            proposal_id: id(700),
            approved_by: "supervisor-1".into(),
            approved_on: date("2026-03-03"),
            note: String::new(),
        },
    );

    // A province with a lower minimum lets the same group go on.
    let lenient = GroupPolicy {
        min_members: 4,
        ..GroupPolicy::default()
    };
    let events = Given::<KubeGroup>::new(below_minimum(ready_for_berkembang()))
        .with_rules(lenient)
        .when(&propose(Stage::Berkembang, 80, "pendamping-7"))
        .events();
    assert_eq!(events.len(), 1);

    // Back at the minimum, it may again.
    let mut history = below_minimum(ready_for_berkembang());
    history.push(GroupEvent::MemberJoined {
        household_id: id(6),
        joined_on: date("2026-02-25"),
    });
    let events = Given::<KubeGroup>::new(history)
        .when(&propose(Stage::Berkembang, 80, "pendamping-7"))
        .events();
    assert_eq!(events.len(), 1);
}
