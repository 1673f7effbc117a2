//! The lifecycle as one table: every command in every status, allowed or refused.
//!
//! Each command below is well formed and dated after everything in every history, so the
//! status alone decides. Reading a confidential note and erasing personal data do not
//! depend on the status (both are allowed on closed cases) and are tested in their own
//! files, as is the wait on the reporter's response.

use berdaya_domain::{Aggregate, DomainError};

use super::fixtures::*;
use crate::domain::*;

/// What a command may meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Allowed.
    Yes,
    /// Refused as a business rule about `case_id` (FAILED_PRECONDITION).
    Rule,
    /// Refused: the case does not exist (NOT_FOUND).
    Missing,
    /// Refused: the case exists already (ALREADY_EXISTS).
    Exists,
}

use Expect::{Exists as E, Missing as M, Rule as R, Yes as Y};

fn statuses() -> Vec<(&'static str, Vec<CaseEvent>)> {
    vec![
        ("unreported", Vec::new()),
        ("reported", reported()),
        ("assessed", assessed()),
        ("planned", planned()),
        ("in action", in_action()),
        ("resolved", resolved()),
        ("closed unresolved", closed_unresolved()),
    ]
}

/// One row per command; the columns follow [`statuses`].
fn table() -> Vec<(&'static str, CaseCommand, [Expect; 7])> {
    let later = || date("2026-03-25");
    vec![
        (
            "report",
            CaseCommand::Report(report()),
            [Y, E, E, E, E, E, E],
        ),
        ("assess", reassess(), [M, Y, R, R, R, R, R]),
        (
            "add evidence",
            CaseCommand::AddEvidence(AddEvidence {
                evidence: evidence(5),
            }),
            [M, Y, Y, Y, Y, R, R],
        ),
        (
            "add households",
            CaseCommand::AddHouseholds(AddHouseholds {
                households: vec![household(3)],
                added_on: later(),
            }),
            [M, Y, Y, Y, Y, R, R],
        ),
        (
            "assign caseworker",
            CaseCommand::AssignCaseworker(AssignCaseworker {
                caseworker_id: "pendamping-budi".to_owned(),
                assigned_on: later(),
            }),
            [M, Y, Y, Y, Y, R, R],
        ),
        (
            "unassign caseworker",
            CaseCommand::UnassignCaseworker(UnassignCaseworker {
                caseworker_id: "pendamping-ani".to_owned(),
                unassigned_on: later(),
                reason: "cuti panjang".to_owned(),
            }),
            [M, Y, Y, Y, Y, R, R],
        ),
        ("adopt plan", later_plan(), [M, R, Y, Y, Y, R, R]),
        ("take action", act(9, "2026-03-25"), [M, R, R, Y, Y, R, R]),
        (
            "escalate",
            CaseCommand::Escalate(Escalate {
                to: EscalationLevel::Regency,
                reason: "di luar kewenangan desa".to_owned(),
                escalated_on: later(),
            }),
            [M, R, Y, Y, Y, R, R],
        ),
        (
            "change urgency",
            CaseCommand::ChangeUrgency(ChangeUrgency {
                urgency: Urgency::High,
                reason: "risiko menurun".to_owned(),
                changed_on: later(),
            }),
            [M, Y, Y, Y, Y, R, R],
        ),
        (
            "await reporter",
            await_reporter("2026-03-25"),
            [M, Y, Y, Y, Y, R, R],
        ),
        ("resolve", resolve("2026-03-25"), [M, R, R, R, Y, R, R]),
        (
            "close unresolved",
            close("2026-03-25"),
            [M, Y, Y, Y, Y, R, R],
        ),
        ("reopen", reopen("2026-03-25"), [M, R, R, R, R, Y, Y]),
        (
            "add note",
            note(5, caller("pendamping-ani", ActorRole::Caseworker), false),
            [M, Y, Y, Y, Y, R, R],
        ),
    ]
}

fn reassess() -> CaseCommand {
    let CaseCommand::Assess(mut command) = assess() else {
        unreachable!()
    };
    command.evidence = vec![evidence(6)];
    CaseCommand::Assess(command)
}

fn later_plan() -> CaseCommand {
    let CaseCommand::AdoptActionPlan(mut command) = plan() else {
        unreachable!()
    };
    command.adopted_on = date("2026-03-25");
    command.steps[0].due_on = None;
    CaseCommand::AdoptActionPlan(command)
}

fn outcome(result: &Result<Vec<CaseEvent>, DomainError>) -> Expect {
    match result {
        Ok(_) => Y,
        Err(DomainError::Rule { field, .. }) if field == "case_id" => R,
        Err(DomainError::NotFound { .. }) => M,
        Err(DomainError::AlreadyExists { field, .. }) if field == "case_id" => E,
        Err(other) => panic!("unexpected refusal {other:?}"),
    }
}

#[test]
fn every_command_in_every_status_is_allowed_or_refused_as_the_lifecycle_says() {
    let mut wrong = Vec::new();
    for (command_name, command, expected) in table() {
        for ((status_name, history), expected) in statuses().into_iter().zip(expected) {
            let state = AdvocacyCase::from_events(history.iter());
            let result = state.decide(&command, &CaseRules::default());
            let got = outcome(&result);
            if got != expected {
                wrong.push(format!(
                    "{command_name} when {status_name}: expected {expected:?}, got {result:?}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_happy_path_walks_every_status_in_order() {
    let mut history = Vec::new();
    let steps = [
        (CaseCommand::Report(report()), CaseStatus::Reported),
        (assess(), CaseStatus::Assessed),
        (plan(), CaseStatus::Planned),
        (act(0, "2026-03-04"), CaseStatus::InAction),
        (resolve("2026-03-20"), CaseStatus::Resolved),
        (reopen("2026-04-10"), CaseStatus::Planned),
        (act(1, "2026-04-11"), CaseStatus::InAction),
        (close("2026-04-30"), CaseStatus::ClosedUnresolved),
    ];
    for (command, status) in steps {
        let name = format!("{command:?}");
        history = run(history, vec![command]);
        assert_eq!(state(&history).status, status, "after {name}");
    }
    let case = state(&history);
    assert_eq!(case.periods.len(), 2);
    assert_eq!(case.resolutions.len(), 1);
    assert_eq!(case.reopenings[0].reason, "KIS dinonaktifkan lagi");
}
