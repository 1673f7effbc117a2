//! The advocacy module's facts, event by event.

use berdaya_messaging::EventEnvelope;

use super::super::common::testing::recorded;
use super::*;

/// Event `version` of the test's case, recorded in November.
fn envelope<M: prost::Message + prost::Name>(version: i64, message: &M) -> EventEnvelope {
    recorded(
        "case-0190d0a0-0000-7000-a000-000000000001",
        version,
        "",
        message,
    )
}

fn facts(out: &Output) -> Vec<(&str, String, i64)> {
    out.facts
        .iter()
        .map(|f| (f.indicator, f.dimension.clone(), f.delta))
        .collect()
}

#[test]
fn a_case_counts_when_opened_and_resolved_with_its_days_and_households() {
    let reported = envelope(
        1,
        &pb::AdvocacyCaseReported {
            region_code: "35.78".into(),
            right_code: "health_insurance".into(),
            urgency: pb::Urgency::Urgent as i32,
            reported_on: "2026-03-02".into(),
            service_level: Some(pb::ServiceLevel {
                first_action_days: 3,
                resolution_days: 30,
            }),
            ..Default::default()
        },
    );
    let (state, out) = Advocacy.project(None, &reported).unwrap();
    assert_eq!(
        facts(&out),
        vec![
            (OPENED, "health_insurance".to_owned(), 1),
            (OPEN, "URGENT".to_owned(), 1),
            (OVERDUE, "health_insurance".to_owned(), 1),
        ]
    );
    let resolved = envelope(
        2,
        &pb::CaseResolved {
            resolved_on: "2026-03-14".into(),
            remedy: "aktif kembali".into(),
            restored: vec![pb::RestoredAccess {
                household_id: "h1".into(),
                regained_on: "2026-03-14".into(),
            }],
        },
    );
    let (_, out) = Advocacy.project(state.as_deref(), &resolved).unwrap();
    assert_eq!(
        facts(&out),
        vec![
            (RESOLVED, "health_insurance".to_owned(), 1),
            (OPEN, "URGENT".to_owned(), -1),
            (DAYS_TO_RESOLUTION, "0012".to_owned(), 1),
            (OVERDUE, "health_insurance".to_owned(), -1),
        ]
    );
    assert_eq!(out.reach.len(), 1);
    assert_eq!(out.reach[0].indicator, RESTORED);
}

#[test]
fn a_case_typed_in_late_counts_in_the_months_of_its_own_dates() {
    // Recorded in November; reported in January, escalated and resolved in February.
    let reported = envelope(
        1,
        &pb::AdvocacyCaseReported {
            region_code: "35.78".into(),
            right_code: "health_insurance".into(),
            urgency: pb::Urgency::Normal as i32,
            reported_on: "2026-01-28".into(),
            service_level: Some(pb::ServiceLevel {
                first_action_days: 7,
                resolution_days: 60,
            }),
            ..Default::default()
        },
    );
    let escalated = envelope(
        2,
        &pb::CaseEscalated {
            escalated_on: "2026-02-02".into(),
            ..Default::default()
        },
    );
    let resolved = envelope(
        3,
        &pb::CaseResolved {
            resolved_on: "2026-02-20".into(),
            ..Default::default()
        },
    );
    let (mut state, mut months, mut reach) = (None, Vec::new(), Vec::new());
    for event in [reported, escalated, resolved] {
        let (next, out) = Advocacy.project(state.as_deref(), &event).unwrap();
        state = next;
        months.extend(out.facts.into_iter().map(|f| (f.indicator, f.month)));
        reach.extend(out.reach.into_iter().map(|r| (r.indicator, r.month)));
    }
    let month = |m: &str| m.to_owned();
    assert_eq!(
        months,
        [
            (OPENED, month("2026-01")),
            (OPEN, month("2026-01")),
            (OVERDUE, month("2026-02")),
            (RESOLVED, month("2026-02")),
            (OPEN, month("2026-02")),
            (DAYS_TO_RESOLUTION, month("2026-02")),
            (OVERDUE, month("2026-02")),
        ]
    );
    assert_eq!(reach, [(ESCALATED, month("2026-02"))]);
}
