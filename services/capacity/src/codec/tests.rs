//! Every event of every aggregate reads back as written; personal data is sealed in the
//! stored bytes and reads as erased once its subject's key is destroyed.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{EncodedEvent, EventCodec};
use berdaya_platform::keyring::KeyRing;
use uuid::Uuid;

use super::*;
use crate::domain::activity::fixtures as activity;
use crate::domain::certificate::CertificateEvent;
use crate::domain::certificate::fixtures as certificate;
use crate::domain::cohort::fixtures as cohort;
use crate::domain::person::PersonEvent;
use crate::domain::person::fixtures as person;
use crate::domain::programme::fixtures as programme;
use crate::domain::vocabulary::{TermKind, VocabularyEvent};

fn recorded(stored: &EncodedEvent) -> RecordedEvent {
    RecordedEvent {
        cursor: Default::default(),
        stream_id: "test-1".into(),
        category: "test".into(),
        version: 1,
        event_id: Uuid::now_v7(),
        event_type: stored.event_type.clone(),
        schema_version: stored.schema_version,
        payload: stored.payload.clone(),
        metadata: Default::default(),
        recorded_at: chrono::Utc::now(),
        prev_hash: [0; 32],
        hash: [0; 32],
    }
}

fn round_trip<C: EventCodec>(codec: &C, events: &[C::Event])
where
    C::Event: PartialEq + std::fmt::Debug,
{
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    for event in events {
        let stored = codec.encode(event, &mut keys, &vault).unwrap();
        assert!(stored.event_type.starts_with("berdaya.capacity.v1."));
        let back = codec.decode(&recorded(&stored), &keys).unwrap();
        assert_eq!(&back, event, "{}", stored.event_type);
    }
}

#[test]
fn every_event_reads_back_as_written() {
    let mut people = person::erased();
    people.insert(
        1,
        PersonEvent::Reassigned {
            subject_id: person::subject_id(),
            placement: person::placement(),
            previous: person::placement(),
            effective_on: crate::domain::fixtures::date("2026-02-01"),
            note: Some("SK 12/2026".into()),
        },
    );
    round_trip(&PersonCodec, &people);
    round_trip(&ProgrammeCodec::default(), &programme::retired());
    round_trip(&CohortCodec::default(), &cohort::completed());
    round_trip(&CohortCodec::default(), &cohort::cancelled());
    round_trip(&CertificateCodec, &certificate::revoked());
    round_trip(&ActivityCodec::default(), &activity::voided());
    round_trip(
        &VocabularyCodec::default(),
        &[
            VocabularyEvent::TermAdded {
                term_id: Uuid::from_u128(1),
                name: "subak".into(),
                kind: TermKind::Practice,
                description: String::new(),
                region: Some(crate::domain::fixtures::region("51")),
                added_on: crate::domain::fixtures::date("2026-01-01"),
            },
            VocabularyEvent::TermRetired {
                term_id: Uuid::from_u128(1),
                retired_on: crate::domain::fixtures::date("2026-02-01"),
                reason: "merged".into(),
                replaced_by_term_id: Some(Uuid::from_u128(2)),
            },
        ],
    );
}

#[test]
fn personal_data_is_sealed_and_reads_as_erased_without_its_key() {
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    let registered = &person::registered()[0];
    let stored = PersonCodec.encode(registered, &mut keys, &vault).unwrap();
    let name = person::data().full_name;
    assert!(
        !stored
            .payload
            .windows(name.len())
            .any(|w| w == name.as_bytes()),
        "the name is stored in plain"
    );
    let issued = &certificate::issued()[0];
    let stored_certificate = CertificateCodec.encode(issued, &mut keys, &vault).unwrap();
    keys.mark_erased(&[person::subject_id(), certificate::holder_subject_id()]);
    let PersonEvent::Registered { data, .. } =
        PersonCodec.decode(&recorded(&stored), &keys).unwrap()
    else {
        panic!("not a registration");
    };
    assert_eq!(data, None);
    let CertificateEvent::Issued {
        certificate_number, ..
    } = CertificateCodec
        .decode(&recorded(&stored_certificate), &keys)
        .unwrap()
    else {
        panic!("not an issue");
    };
    assert_eq!(certificate_number, None);
}
