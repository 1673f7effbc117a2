//! What a group's history must show before an assessment may pass each criterion, at the
//! edges: equal figures are not rising, a split missing one part is no split, a score at
//! the pass mark passes.

use berdaya_domain::aggregate::Given;
use berdaya_domain::{DomainError, Rupiah};

use super::fixtures::*;
use crate::domain::*;

/// The reason of a refused proposal, asserting it names `criterion`'s score field.
fn refusal(history: Vec<GroupEvent>, command: &GroupCommand) -> String {
    match Given::<KubeGroup>::new(history).when(command).then_error() {
        DomainError::Rule { field, reason } if field.ends_with(".criterion") => reason,
        other => panic!("expected a refused criterion, got {other:?}"),
    }
}

/// A Berkembang group whose one report (February) made 1,000,000 profit on 10,500,000
/// capital.
fn berkembang() -> Vec<GroupEvent> {
    let mut history = ready_for_berkembang();
    for command in [
        propose(Stage::Berkembang, 80, "pendamping-7"),
        GroupCommand::ApproveStageChange {
            proposal_id: id(700),
            approved_by: "supervisor-1".into(),
            approved_on: date("2026-03-05"),
            note: String::new(),
        },
    ] {
        history.extend(
            Given::<KubeGroup>::new(history.clone())
                .when(&command)
                .events(),
        );
    }
    history
}

fn iks_shared() -> GroupEvent {
    GroupEvent::IksShared {
        amount: Rupiah(100_000),
        shared_on: date("2026-04-01"),
        recipients: "two widows".into(),
        recipient_household_ids: vec![],
    }
}

fn to_maju_mandiri() -> GroupCommand {
    let mut command = propose(Stage::MajuMandiri, 90, "pendamping-7");
    if let GroupCommand::ProposeStageChange {
        proposal_id,
        proposed_on,
        assessment,
        ..
    } = &mut command
    {
        *proposal_id = id(701);
        assessment.assessed_on = date("2026-05-01");
        *proposed_on = date("2026-05-02");
    }
    command
}

/// Berkembang with a March report of `revenue` less 2,000,000 costs on `capital`.
fn with_march(revenue: i64, capital: i64, iks: bool) -> Vec<GroupEvent> {
    let mut history = berkembang();
    history.push(GroupEvent::ProgressReported(report(
        "2026-03", revenue, 2_000_000, capital,
    )));
    if iks {
        history.push(iks_shared());
    }
    history
}

#[test]
fn a_score_exactly_at_the_pass_mark_passes() {
    let events = Given::<KubeGroup>::new(ready_for_berkembang())
        .when(&propose(Stage::Berkembang, 60, "pendamping-7"))
        .events();
    assert!(matches!(
        &events[..],
        [GroupEvent::StageChangeProposed {
            to: Stage::Berkembang,
            ..
        }]
    ));
    let strict = GroupPolicy {
        pass_score: 100,
        ..GroupPolicy::default()
    };
    Given::<KubeGroup>::new(ready_for_berkembang())
        .with_rules(strict)
        .when(&propose(Stage::Berkembang, 100, "pendamping-7"))
        .events();
}

#[test]
fn profit_equal_to_the_first_report_is_not_rising() {
    let reason = refusal(with_march(3_000_000, 13_000_000, true), &to_maju_mandiri());
    assert!(reason.contains("profit is not above the first"), "{reason}");
}

#[test]
fn capital_equal_to_the_first_report_is_not_rising() {
    let reason = refusal(with_march(4_000_000, 10_500_000, true), &to_maju_mandiri());
    assert!(
        reason.contains("capital is not above the first"),
        "{reason}"
    );
}

#[test]
fn no_iks_shared_fails_the_iks_criterion() {
    let reason = refusal(with_march(4_000_000, 13_000_000, false), &to_maju_mandiri());
    assert!(reason.contains("no IKS was shared"), "{reason}");
}

#[test]
fn the_latest_report_is_compared_with_the_first_not_the_one_before() {
    // March falls below February, April ends above it: rising.
    let mut history = with_march(2_500_000, 9_000_000, true);
    history.push(GroupEvent::ProgressReported(report(
        "2026-04", 3_500_000, 2_000_000, 11_000_000,
    )));
    let events = Given::<KubeGroup>::new(history)
        .when(&to_maju_mandiri())
        .events();
    assert_eq!(events.len(), 1);
    // April above March but below February: not rising.
    let mut history = with_march(2_500_000, 9_000_000, true);
    history.push(GroupEvent::ProgressReported(report(
        "2026-04", 2_900_000, 2_000_000, 10_000_000,
    )));
    let reason = refusal(history, &to_maju_mandiri());
    assert!(reason.contains("profit is not above the first"), "{reason}");
}

/// Ready for Berkembang, with its one report's split changed.
fn ready_with_split(capital: i64, welfare: i64, iks: i64) -> Vec<GroupEvent> {
    ready_for_berkembang()
        .into_iter()
        .map(|event| match event {
            GroupEvent::ProgressReported(mut report) => {
                report.split = ProfitSplit {
                    capital: Rupiah(capital),
                    member_welfare: Rupiah(welfare),
                    iks: Rupiah(iks),
                };
                GroupEvent::ProgressReported(report)
            }
            other => other,
        })
        .collect()
}

#[test]
fn a_profit_split_missing_any_of_its_three_parts_is_not_shared() {
    let command = propose(Stage::Berkembang, 80, "pendamping-7");
    for (capital, welfare, iks) in [
        (900_000, 100_000, 0),
        (900_000, 0, 100_000),
        (0, 900_000, 100_000),
    ] {
        let reason = refusal(ready_with_split(capital, welfare, iks), &command);
        assert!(reason.contains("no month's profit was split"), "{reason}");
    }
    Given::<KubeGroup>::new(ready_with_split(1, 1, 999_998))
        .when(&command)
        .events();
}

#[test]
fn an_awarded_grant_without_a_tranche_or_an_incomplete_board_fails() {
    let command = propose(Stage::Berkembang, 80, "pendamping-7");
    let no_tranche: Vec<GroupEvent> = ready_for_berkembang()
        .into_iter()
        .filter(|e| !matches!(e, GroupEvent::TrancheDisbursed { .. }))
        .collect();
    let reason = refusal(no_tranche, &command);
    assert!(reason.contains("no grant tranche"), "{reason}");
    let mut chair_left = ready_for_berkembang();
    chair_left.push(GroupEvent::MemberLeft {
        household_id: id(1),
        left_on: date("2026-02-25"),
        reason: LeaveReason::Moved,
        note: String::new(),
        handovers: vec![],
    });
    chair_left.push(GroupEvent::MemberJoined {
        household_id: id(6),
        joined_on: date("2026-02-26"),
    });
    let reason = refusal(chair_left, &command);
    assert!(reason.contains("not all seated"), "{reason}");
    let no_report: Vec<GroupEvent> = ready_for_berkembang()
        .into_iter()
        .filter(|e| !matches!(e, GroupEvent::ProgressReported(_)))
        .collect();
    let reason = refusal(no_report, &command);
    assert!(reason.contains("no progress report"), "{reason}");
}
