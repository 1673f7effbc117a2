//! The capacity module's facts, event by event.

use super::super::common::testing::{FactRow, recorded, run};
use super::*;

/// Event `version` of `stream`, recorded by an actor of Surabaya.
fn envelope<M: prost::Message + prost::Name>(
    stream: &str,
    version: i64,
    message: &M,
) -> EventEnvelope {
    recorded(stream, version, "35.78", message)
}

/// Every fact `events` (one stream, in order) make.
fn project(events: &[EventEnvelope]) -> Vec<FactRow> {
    run(&Capacity, events).0
}

#[test]
fn completions_count_by_role_and_method_and_failures_in_the_rate() {
    // Recorded today, completed in March: the figures belong to March.
    let stream = "cohort-1";
    let march = "2026-03".to_owned();
    let facts = project(&[
        envelope(
            stream,
            1,
            &pb::CohortScheduled {
                region_code: "35.78".into(),
                method: pb::ProgrammeMethod::Training as i32,
                ..Default::default()
            },
        ),
        envelope(
            stream,
            2,
            &pb::ParticipantEnrolled {
                person_id: "a".into(),
                role: pb::PersonRole::PendampingKube as i32,
                enrolled_on: "2026-01-01".into(),
            },
        ),
        envelope(
            stream,
            3,
            &pb::ParticipantCompleted {
                person_id: "a".into(),
                completed_on: "2026-03-05".into(),
                ..Default::default()
            },
        ),
        envelope(stream, 4, &pb::ParticipantNotCompleted::default()),
        envelope(
            stream,
            5,
            &pb::CohortCompleted {
                completed_on: "2026-03-05".into(),
                completed_count: 1,
                not_completed_count: 1,
            },
        ),
    ]);
    assert_eq!(
        facts,
        [
            (TRAINED, march.clone(), "PENDAMPING_KUBE".to_owned(), 1),
            (TRAINED_BY_METHOD, march.clone(), "TRAINING".to_owned(), 1),
            (OUTCOMES, march.clone(), "COMPLETED".to_owned(), 1),
            (OUTCOMES, march, "NOT_COMPLETED".to_owned(), 1),
        ]
    );
}

#[test]
fn a_person_counts_from_the_month_registered_and_a_back_dated_exit_not_before() {
    let stream = "person-1";
    let placement = |region: &str| pb::Placement {
        region_code: region.into(),
        role: pb::PersonRole::PendampingPkh as i32,
        ..Default::default()
    };
    let facts = project(&[
        envelope(
            stream,
            1,
            &pb::PersonRegistered {
                placement: Some(placement("35.78")),
                registered_on: "2026-02-10".into(),
                ..Default::default()
            },
        ),
        envelope(
            stream,
            2,
            &pb::PersonReassigned {
                placement: Some(placement("35.07")),
                effective_on: "2026-06-01".into(),
                ..Default::default()
            },
        ),
        // Dated before the registration (no command would take it): never before it.
        envelope(
            stream,
            3,
            &pb::PersonDeactivated {
                deactivated_on: "2025-12-31".into(),
                ..Default::default()
            },
        ),
    ]);
    let months: Vec<(&str, i64)> = facts.iter().map(|f| (f.1.as_str(), f.3)).collect();
    assert_eq!(
        months,
        [
            ("2026-02", 1),
            ("2026-06", -1),
            ("2026-06", 1),
            ("2026-02", -1)
        ]
    );
}

#[test]
fn a_certificate_counts_in_its_expiry_month_until_renewed_or_revoked() {
    let stream = "certificate-1";
    let facts = project(&[
        envelope(
            stream,
            1,
            &pb::CertificateIssued {
                name: "Sertifikat".into(),
                valid_until: "2029-03-09".into(),
                ..Default::default()
            },
        ),
        envelope(
            stream,
            2,
            &pb::CertificateRenewed {
                valid_until: "2032-03-09".into(),
                ..Default::default()
            },
        ),
        envelope(stream, 3, &pb::CertificateRevoked::default()),
    ]);
    let expiring: Vec<(String, i64)> = facts
        .iter()
        .filter(|f| f.0 == EXPIRING)
        .map(|f| (f.1.clone(), f.3))
        .collect();
    assert_eq!(
        expiring,
        [
            ("2029-03".to_owned(), 1),
            ("2029-03".to_owned(), -1),
            ("2032-03".to_owned(), 1),
            ("2032-03".to_owned(), -1)
        ]
    );
}

#[test]
fn a_voided_activity_counts_in_no_indicator() {
    let stream = "activity-1";
    let facts = project(&[
        envelope(
            stream,
            1,
            &pb::LocalWisdomActivityRecorded {
                kind: pb::ActivityKind::Jimpitan as i32,
                place: Some(pb::local_wisdom_activity_recorded::Place::DesaAdatCode(
                    "51.03.05.3001".into(),
                )),
                held_on: "2026-05-02".into(),
                household_ids: vec!["h1".into(), "h2".into()],
                leader_person_ids: vec!["l1".into()],
                value_ids: vec!["v1".into()],
                ..Default::default()
            },
        ),
        envelope(
            stream,
            2,
            &pb::ActivityHouseholdsAdded {
                household_ids: vec!["h3".into()],
            },
        ),
        envelope(stream, 3, &pb::ActivityVoided::default()),
    ]);
    let mut totals = std::collections::BTreeMap::new();
    for (indicator, month, _, delta) in &facts {
        assert_eq!(month, "2026-05");
        *totals.entry(*indicator).or_insert(0) += delta;
    }
    assert_eq!(
        facts[0],
        (ACTIVITIES, "2026-05".to_owned(), "JIMPITAN".to_owned(), 1)
    );
    assert!(totals.values().all(|t| *t == 0), "{totals:?}");
    assert_eq!(facts.len(), 9);
}
