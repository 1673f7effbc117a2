//! Individual entrepreneurship support for households outside a group.

use berdaya_domain::aggregate::Given;

use super::fixtures::*;
use crate::domain::*;

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
