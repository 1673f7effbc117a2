//! Events recorded before KK numbers and removal notes were sealed (schema version 1)
//! still decode: the stored history is never rewritten.

use berdaya_eventstore::{EventMetadata, LogCursor, RecordedEvent};
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::households::v1 as pb;
use prost::Message;
use uuid::Uuid;

use super::HouseholdCodec;
use crate::domain::HouseholdEvent;

fn recorded<M: Message>(name: &str, message: &M) -> RecordedEvent {
    RecordedEvent {
        cursor: LogCursor::START,
        stream_id: format!("household-{}", Uuid::nil()),
        category: "household".into(),
        version: 1,
        event_id: Uuid::now_v7(),
        event_type: format!("berdaya.households.v1.{name}"),
        schema_version: 1,
        payload: message.encode_to_vec(),
        metadata: EventMetadata::default(),
        recorded_at: chrono::Utc::now(),
        prev_hash: [0; 32],
        hash: [0; 32],
    }
}

fn decode(event: &RecordedEvent) -> HouseholdEvent {
    HouseholdCodec.decode(event, &KeyRing::default()).unwrap()
}

#[test]
fn a_version_1_registration_keeps_its_kk_number_in_clear() {
    let event = recorded(
        "HouseholdRegistered",
        &pb::HouseholdRegistered {
            household_id: Uuid::now_v7().to_string(),
            village_code: "35.78.01.1001".into(),
            kk_number: "3578010101230001".into(),
            kk_valid_from: "2023-01-01".into(),
            decile: 2,
            ranking_round: "2026-Q1".into(),
            subject_id: Uuid::now_v7().to_string(),
            ..pb::HouseholdRegistered::default()
        },
    );
    let HouseholdEvent::Registered { kk_number, .. } = decode(&event) else {
        panic!("not a registration")
    };
    assert_eq!(kk_number.unwrap().as_str(), "3578010101230001");
}

#[test]
fn version_1_kk_changes_and_removal_notes_read_as_they_were() {
    let event = recorded(
        "KkNumberChanged",
        &pb::KkNumberChanged {
            kk_number: "3578010202260009".into(),
            valid_from: "2026-02-02".into(),
            previous_kk_number: "3578010101230001".into(),
            reason: "head died".into(),
            ..pb::KkNumberChanged::default()
        },
    );
    let HouseholdEvent::KkNumberChanged {
        kk_number,
        previous,
        subject_id,
        ..
    } = decode(&event)
    else {
        panic!("not a KK change")
    };
    assert_eq!(kk_number.unwrap().as_str(), "3578010202260009");
    assert_eq!(previous.unwrap().as_str(), "3578010101230001");
    assert!(subject_id.is_nil());

    let event = recorded(
        "MemberRemoved",
        &pb::MemberRemoved {
            member_id: Uuid::now_v7().to_string(),
            reason: pb::RemovalReason::Moved as i32,
            effective_date: "2026-02-01".into(),
            note: "pindah ke Sidoarjo".into(),
            ..pb::MemberRemoved::default()
        },
    );
    let HouseholdEvent::MemberRemoved { note, .. } = decode(&event) else {
        panic!("not a removal")
    };
    assert_eq!(note.as_deref(), Some("pindah ke Sidoarjo"));
}

/// Decodes `event` with its subjects' keys erased (the fixture's master key is not kept):
/// every field but the sealed personal data.
fn decodes_erased<C: EventCodec>(codec: &C, event: &RecordedEvent) {
    let mut keys = KeyRing::default();
    keys.mark_erased(&codec.sealed_subjects(event).unwrap());
    if let Err(error) = codec.decode(event, &keys) {
        panic!("{} v{}: {error}", event.stream_id, event.version);
    }
}

/// A store file written by `berdaya up --demo` before the log kept each event's stream
/// category (the event store's fixture): once the store has upgraded it, every event
/// reads with its stream's category and decodes with today's codec of that category.
#[tokio::test]
async fn events_stored_before_categories_decode_after_the_upgrade() {
    use berdaya_eventstore::sqlite::SqliteStore;
    use berdaya_eventstore::{EventStore, category_of};

    use crate::participation::codec::ActivityCodec;
    use crate::savings::codec::SavingsCodec;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("households.db");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/eventstore/tests/fixtures/households-before-category.db"
    );
    std::fs::copy(fixture, &path).unwrap();
    let store = SqliteStore::open(&path).await.unwrap();
    let mut counts = [0; 3];
    for event in store.read_all(LogCursor::START, 100).await.unwrap() {
        assert_eq!(event.category, category_of(&event.stream_id));
        let kind = match event.category.as_str() {
            "household" => 0,
            "savings" => 1,
            "activity" => 2,
            other => panic!("an event of category {other}"),
        };
        match kind {
            0 => decodes_erased(&HouseholdCodec, &event),
            1 => decodes_erased(&SavingsCodec, &event),
            _ => decodes_erased(&ActivityCodec, &event),
        }
        counts[kind] += 1;
    }
    assert_eq!(counts, [8, 15, 4]);
}
