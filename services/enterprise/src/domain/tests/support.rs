//! Individual entrepreneurship support for households outside a group.

use berdaya_domain::DomainError;
use berdaya_domain::aggregate::Given;

use super::fixtures::*;
use crate::domain::*;

fn session(facts: HouseholdFacts) -> SupportCommand {
    SupportCommand::RecordSession {
        household: facts,
        session: Session {
            session_id: id(800),
            kind: SupportKind::EntrepreneurshipTraining,
            held_on: date("2026-02-10"),
            provider: "Dinas Sosial Kota Surabaya".into(),
            topic: "pembukuan sederhana".into(),
            hours: 4,
            notes: String::new(),
        },
    }
}

fn apprenticeship(starts: &str, ends: &str) -> SupportCommand {
    SupportCommand::StartApprenticeship {
        household: active(1),
        apprenticeship: Apprenticeship {
            apprenticeship_id: id(810),
            host_business: "Bengkel Las Maju Jaya".into(),
            trade: "welding".into(),
            starts_on: date(starts),
            ends_on: date(ends),
            ended: None,
        },
    }
}

#[test]
fn support_is_for_active_households_outside_any_group() {
    let support = Given::<Support>::nothing()
        .when(&session(active(1)))
        .then(vec![SupportEvent::SessionRecorded(Session {
            session_id: id(800),
            kind: SupportKind::EntrepreneurshipTraining,
            held_on: date("2026-02-10"),
            provider: "Dinas Sosial Kota Surabaya".into(),
            topic: "pembukuan sederhana".into(),
            hours: 4,
            notes: String::new(),
        })]);
    assert_eq!(support.sessions.len(), 1);

    for (standing, says) in [
        (Standing::Unknown, "not known"),
        (Standing::Closed, "closed"),
        (
            Standing::Active {
                village: village(),
                group: Some(group_id()),
            },
            "member of KUBE group",
        ),
    ] {
        let facts = HouseholdFacts {
            household_id: id(1),
            standing,
        };
        let error = Given::<Support>::nothing()
            .when(&session(facts))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason }
                if field == "household_id" && reason.contains(says)),
            "{error:?}"
        );
    }
}

#[test]
fn an_apprenticeship_has_a_host_a_period_and_an_outcome() {
    let error = Given::<Support>::nothing()
        .when(&apprenticeship("2026-03-01", "2026-02-01"))
        .then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "ends_on"));

    let started = Given::<Support>::nothing()
        .when(&apprenticeship("2026-02-01", "2026-05-01"))
        .events();
    // One at a time.
    let error = Given::<Support>::new(started.clone())
        .when(&apprenticeship("2026-02-15", "2026-06-01"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not ended")));

    let end = |on: &str| SupportCommand::EndApprenticeship {
        apprenticeship_id: id(810),
        ended_on: date(on),
        outcome: ApprenticeshipOutcome::StartedBusiness,
        notes: "opened a welding stall".into(),
    };
    let error = Given::<Support>::new(started.clone())
        .when(&end("2026-01-31"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "ended_on"));
    let support = Given::<Support>::new(started.clone())
        .when(&end("2026-04-30"))
        .then(vec![SupportEvent::ApprenticeshipEnded {
            apprenticeship_id: id(810),
            ended_on: date("2026-04-30"),
            outcome: ApprenticeshipOutcome::StartedBusiness,
            notes: "opened a welding stall".into(),
        }]);
    assert!(support.apprenticeships[0].ended.is_some());
    let mut history = started;
    history.extend(
        Given::<Support>::new(history.clone())
            .when(&end("2026-04-30"))
            .events(),
    );
    let error = Given::<Support>::new(history)
        .when(&end("2026-05-01"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("already ended")));
}

#[test]
fn mentoring_visits_record_facilitator_notes_and_next_steps() {
    let visit = MentoringVisit {
        visit_id: id(820),
        facilitator_id: "pendamping-7".into(),
        visited_on: date("2026-02-20"),
        notes: "stall open daily, stock low".into(),
        next_steps: "buy stock weekly; keep a cash book".into(),
    };
    let support = Given::<Support>::nothing()
        .when(&SupportCommand::RecordVisit {
            household: active(1),
            visit: visit.clone(),
        })
        .then(vec![SupportEvent::VisitRecorded(visit)]);
    assert_eq!(
        support.visits[0].next_steps,
        "buy stock weekly; keep a cash book"
    );
}

#[test]
fn an_apprenticeship_may_end_on_the_day_it_started() {
    let started = Given::<Support>::nothing()
        .when(&apprenticeship("2026-02-01", "2026-05-01"))
        .events();
    Given::<Support>::new(started)
        .when(&SupportCommand::EndApprenticeship {
            apprenticeship_id: id(810),
            ended_on: date("2026-02-01"),
            outcome: ApprenticeshipOutcome::StartedBusiness,
            notes: "host closed".into(),
        })
        .events();
}

#[test]
fn a_record_is_empty_until_any_session_apprenticeship_or_visit() {
    assert!(Support::default().is_empty());
    let visit = MentoringVisit {
        visit_id: id(820),
        facilitator_id: "pendamping-7".into(),
        visited_on: date("2026-02-20"),
        notes: String::new(),
        next_steps: String::new(),
    };
    for command in [
        session(active(1)),
        apprenticeship("2026-02-01", "2026-05-01"),
        SupportCommand::RecordVisit {
            household: active(1),
            visit,
        },
    ] {
        let events = Given::<Support>::nothing().when(&command).events();
        let record = <Support as berdaya_domain::Aggregate>::from_events(events.iter());
        assert!(!record.is_empty(), "{events:?}");
    }
}
