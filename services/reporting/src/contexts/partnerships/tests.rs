//! The strategy-4 facts of an agreement's and a referral's life.

use berdaya_eventstore::EventMetadata;
use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use prost::{Message, Name};

use super::*;

fn envelope<M: Message + Name>(stream: &str, version: i64, message: &M) -> EventEnvelope {
    EventEnvelope {
        context: "partnerships".into(),
        event_id: uuid::Uuid::now_v7(),
        event_type: M::full_name(),
        schema_version: 1,
        stream_id: stream.into(),
        category: berdaya_eventstore::category_of(stream).to_owned(),
        version,
        recorded_at: chrono::DateTime::parse_from_rfc3339("2026-03-10T03:00:00Z")
            .unwrap()
            .to_utc(),
        position: version,
        metadata: EventMetadata::default(),
        payload: message.encode_to_vec(),
    }
}

/// Runs `events` through the module; every fact as (indicator, month, dimension, delta).
fn facts(events: &[EventEnvelope]) -> Vec<(&'static str, String, String, i64)> {
    let mut state: Option<String> = None;
    let mut all = Vec::new();
    for event in events {
        assert!(Partnerships.handles(event));
        let (next, out) = Partnerships.project(state.as_deref(), event).unwrap();
        state = next;
        all.extend(
            out.facts
                .into_iter()
                .map(|f| (f.indicator, f.month, f.dimension, f.delta)),
        );
    }
    all
}

fn drafted(end: &str) -> pb::AgreementDrafted {
    pb::AgreementDrafted {
        agreement_id: "a".into(),
        kind: pb::AgreementKind::Pks as i32,
        region_code: "35.78".into(),
        terms: Some(pb::Terms {
            start_date: "2025-01-01".into(),
            end_date: end.into(),
            commitments: vec![pb::Commitment {
                commitment_id: "c".into(),
                target: Some(pb::Quantity {
                    value: Some(pb::quantity::Value::Amount(10_000_000)),
                }),
                ..Default::default()
            }],
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn signed() -> pb::AgreementSigned {
    pb::AgreementSigned {
        signed_on: "2025-01-15".into(),
        ..Default::default()
    }
}

#[test]
fn an_agreement_expires_in_the_month_after_its_last_day_unrecorded() {
    let facts = facts(&[
        envelope("agreement-a", 1, &drafted("2026-04-30")),
        envelope("agreement-a", 2, &signed()),
    ]);
    let has = |ind: &str, month: &str, delta: i64| {
        facts
            .iter()
            .any(|f| f.0 == ind && f.1 == month && f.3 == delta && f.2 == "PKS")
    };
    assert!(has(SIGNED, "2025-01", 1));
    assert!(has(IN_FORCE, "2025-01", 1));
    assert!(has(IN_FORCE, "2026-05", -1), "{facts:?}");
    assert!(has(EXPIRED, "2026-05", 1));
    assert!(
        facts
            .iter()
            .any(|f| f.0 == TARGETS && f.2 == "AMOUNT" && f.3 == 10_000_000)
    );
}

#[test]
fn a_termination_withdraws_the_expiry_and_ends_the_time_in_force_early() {
    let terminated = pb::AgreementTerminated {
        terminated_on: "2025-09-10".into(),
        ..Default::default()
    };
    let facts = facts(&[
        envelope("agreement-a", 1, &drafted("2026-04-30")),
        envelope("agreement-a", 2, &signed()),
        envelope("agreement-a", 3, &terminated),
    ]);
    let sum = |ind: &str, month: &str| -> i64 {
        facts
            .iter()
            .filter(|f| f.0 == ind && f.1 == month)
            .map(|f| f.3)
            .sum()
    };
    assert_eq!(sum(EXPIRED, "2026-05"), 0, "the expiry is withdrawn");
    assert_eq!(sum(IN_FORCE, "2026-05"), 0);
    assert_eq!(sum(IN_FORCE, "2025-09"), -1);
    assert_eq!(sum(TERMINATED, "2025-09"), 1);
    assert_eq!(sum(IN_FORCE, "2025-01"), 1);
}

#[test]
fn a_completed_credit_referral_counts_the_loan_and_the_household() {
    let made = pb::ReferralMade {
        referral_id: "r".into(),
        referee: Some(pb::referral_made::Referee::HouseholdId("h".into())),
        village_code: "35.78.01.1001".into(),
        purpose: pb::ReferralPurpose::Credit as i32,
        commitment_id: "c".into(),
        ..Default::default()
    };
    let completed = pb::ReferralCompleted {
        outcome: Some(pb::ReferralOutcome {
            outcome: Some(pb::referral_outcome::Outcome::LoanGranted(
                pb::LoanGranted {
                    amount: 12_000_000,
                    scheme: "KUR Mikro".into(),
                },
            )),
        }),
        ..Default::default()
    };
    let events = [
        envelope("referral-r", 1, &made),
        envelope("referral-r", 2, &pb::ReferralAccepted::default()),
        envelope("referral-r", 3, &completed),
    ];
    let facts = facts(&events);
    for ind in [MADE, ACCEPTED, COMPLETED] {
        assert!(
            facts.contains(&(ind, "2026-03".into(), "CREDIT".into(), 1)),
            "{ind}"
        );
    }
    assert!(facts.contains(&(CREDIT, "2026-03".into(), String::new(), 12_000_000)));
    assert!(facts.contains(&(ACHIEVED, "2026-03".into(), "AMOUNT".into(), 12_000_000)));
    let (_, out) = Partnerships
        .project(
            Some(
                &serde_json::to_string(&State {
                    region: "35.78.01.1001".into(),
                    dimension: "CREDIT".into(),
                    household: Some("h".into()),
                    ..State::default()
                })
                .unwrap(),
            ),
            &events[2],
        )
        .unwrap();
    assert_eq!(out.reach[0].indicator, REACHED);
    assert_eq!(out.reach[0].entity, "h");
}
