//! The strategy-4 facts of an agreement's and a referral's life.

use berdaya_proto::berdaya::partnerships::v1 as pb;

use super::super::common::testing::{FactRow, recorded, run};
use super::*;

/// Event `version` of `stream`, recorded in November.
fn envelope<M: prost::Message + prost::Name>(
    stream: &str,
    version: i64,
    message: &M,
) -> EventEnvelope {
    recorded(stream, version, "", message)
}

/// Every fact `events` (one stream, in order) make.
fn facts(events: &[EventEnvelope]) -> Vec<FactRow> {
    run(&Partnerships, events).0
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
        referred_on: "2026-01-20".into(),
        ..Default::default()
    };
    let accepted = pb::ReferralAccepted {
        accepted_on: "2026-01-27".into(),
        ..Default::default()
    };
    let completed = pb::ReferralCompleted {
        completed_on: "2026-02-12".into(),
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
        envelope("referral-r", 2, &accepted),
        envelope("referral-r", 3, &completed),
    ];
    // Recorded in November, each counts in the month of its own date.
    let facts = facts(&events);
    for (ind, month) in [
        (MADE, "2026-01"),
        (ACCEPTED, "2026-01"),
        (COMPLETED, "2026-02"),
    ] {
        assert!(
            facts.contains(&(ind, month.into(), "CREDIT".into(), 1)),
            "{ind} {facts:?}"
        );
    }
    assert!(facts.contains(&(CREDIT, "2026-02".into(), String::new(), 12_000_000)));
    assert!(facts.contains(&(ACHIEVED, "2026-02".into(), "AMOUNT".into(), 12_000_000)));
    assert!(facts.iter().all(|f| f.1 != "2026-11"), "{facts:?}");
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
    assert_eq!(out.reach[0].month, "2026-02");
}

#[test]
fn a_partner_counts_from_its_registration_and_targets_from_the_signing() {
    let registered = pb::PartnerRegistered {
        kind: pb::PartnerKind::Bank as i32,
        regions_served: vec!["35.78".into()],
        registered_on: "2024-01-02".into(),
        ..Default::default()
    };
    let suspended = pb::PartnerSuspended {
        suspended_on: "2025-11-30".into(),
        ..Default::default()
    };
    let partner = facts(&[
        envelope("partner-p", 1, &registered),
        envelope("partner-p", 2, &suspended),
    ]);
    assert_eq!(
        partner,
        [
            (PARTNERS, "2024-01".into(), "BANK".into(), 1),
            (PARTNERS, "2025-11".into(), "BANK".into(), -1)
        ]
    );
    let agreement = facts(&[
        envelope("agreement-a", 1, &drafted("2026-04-30")),
        envelope("agreement-a", 2, &signed()),
    ]);
    assert!(agreement.contains(&(TARGETS, "2025-01".into(), "AMOUNT".into(), 10_000_000)));
}
