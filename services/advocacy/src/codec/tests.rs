//! Every case event survives the round trip through its stored form; personal data is
//! sealed in the stored bytes and reads as erased once the key is destroyed.

use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{EventMetadata, LogCursor, RecordedEvent};
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::keyring::KeyRing;
use uuid::Uuid;

use super::CaseCodec;
use crate::domain::case::tests::fixtures::*;
use crate::domain::*;

fn recorded(event_type: String, payload: Vec<u8>) -> RecordedEvent {
    RecordedEvent {
        cursor: LogCursor::START,
        stream_id: format!("case-{}", case_id()),
        category: "case".into(),
        version: 1,
        event_id: Uuid::now_v7(),
        event_type,
        schema_version: 1,
        payload,
        metadata: EventMetadata::default(),
        recorded_at: chrono::Utc::now(),
        prev_hash: [0; 32],
        hash: [0; 32],
    }
}

/// A history with every kind of event.
fn every_event() -> Vec<CaseEvent> {
    let mut history = run(
        in_action(),
        vec![
            CaseCommand::Escalate(Escalate {
                to: EscalationLevel::Ombudsman,
                reason: "tidak ada tanggapan".to_owned(),
                escalated_on: date("2026-03-05"),
            }),
            await_reporter("2026-03-05"),
            reporter_responded("2026-03-06"),
            note(1, caller("pendamping-ani", ActorRole::Caseworker), true),
            resolve("2026-03-10"),
            reopen("2026-03-11"),
            close("2026-03-12"),
        ],
    );
    history.extend([
        CaseEvent::EvidenceAdded {
            evidence: evidence(9),
        },
        CaseEvent::HouseholdsAdded {
            households: vec![affected(3)],
            added_on: date("2026-03-04"),
        },
        CaseEvent::CaseworkerAssigned {
            caseworker_id: "pendamping-budi".to_owned(),
            assigned_on: date("2026-03-04"),
        },
        CaseEvent::CaseworkerUnassigned {
            caseworker_id: "pendamping-budi".to_owned(),
            unassigned_on: date("2026-03-05"),
            reason: "pindah tugas".to_owned(),
        },
        CaseEvent::UrgencyChanged {
            from: Urgency::Urgent,
            to: Urgency::High,
            service_level: ServiceLevel {
                first_action_days: 7,
                resolution_days: 60,
            },
            reason: "risiko menurun".to_owned(),
            changed_on: date("2026-03-05"),
        },
        CaseEvent::ConfidentialNoteRead {
            note_id: id(901),
            reader: "supervisor-sri".to_owned(),
            reader_role: ActorRole::Supervisor,
            read_at: at("2026-03-06T10:00:00Z"),
        },
        CaseEvent::PersonalDataErased {
            subject_ids: vec![subject_id()],
            reason: "permintaan subjek data".to_owned(),
        },
    ]);
    history
}

#[test]
fn every_case_event_survives_the_round_trip() {
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    let events = every_event();
    let mut names = std::collections::BTreeSet::new();
    for event in &events {
        let stored = CaseCodec.encode(event, &mut keys, &vault).unwrap();
        assert!(stored.event_type.starts_with("berdaya.advocacy.v1."));
        names.insert(stored.event_type.clone());
        let back = CaseCodec
            .decode(&recorded(stored.event_type, stored.payload), &keys)
            .unwrap();
        assert_eq!(&back, event);
    }
    assert_eq!(names.len(), 18, "every event type is covered: {names:?}");
}

#[test]
fn personal_data_is_sealed_and_reads_as_erased_once_the_key_is_gone() {
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    let reported = reported().remove(0);
    let stored = CaseCodec.encode(&reported, &mut keys, &vault).unwrap();
    let text = String::from_utf8_lossy(&stored.payload);
    assert!(!text.contains("Siti Aminah"), "the reporter is sealed");
    assert!(!text.contains("Kartu KIS"), "the account is sealed");
    let recorded = recorded(stored.event_type, stored.payload);
    assert_eq!(
        CaseCodec.sealed_subjects(&recorded).unwrap(),
        vec![subject_id()]
    );
    keys.mark_erased(&[subject_id()]);
    let CaseEvent::Reported {
        details, summary, ..
    } = CaseCodec.decode(&recorded, &keys).unwrap()
    else {
        panic!("not a report")
    };
    assert_eq!(details, None);
    assert_eq!(summary, "PBI-JK dinonaktifkan untuk dua keluarga");
}
