//! Every event survives the round trip through its stored form, and personal data is
//! sealed: it is not in the stored bytes, and reads as erased once its key is gone.

use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{EventMetadata, LogCursor, RecordedEvent};
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::keyring::KeyRing;

use super::*;
use crate::domain::agreement::fixtures as af;
use crate::domain::fixtures::{date, id};
use crate::domain::network::fixtures as nf;
use crate::domain::partner::fixtures as pf;
use crate::domain::referral::fixtures as rf;
use crate::domain::{AgreementEvent, NetworkEvent, PartnerEvent, Quantity, ReferralEvent};

fn recorded(encoded: EncodedEvent) -> RecordedEvent {
    RecordedEvent {
        cursor: LogCursor::START,
        stream_id: "s-1".into(),
        category: "s".into(),
        version: 1,
        event_id: uuid::Uuid::now_v7(),
        event_type: encoded.event_type,
        schema_version: encoded.schema_version,
        payload: encoded.payload,
        metadata: EventMetadata::default(),
        recorded_at: chrono::Utc::now(),
        prev_hash: [0; 32],
        hash: [0; 32],
    }
}

fn round_trip<C: EventCodec>(codec: &C, events: &[C::Event]) -> Vec<(RecordedEvent, C::Event)>
where
    C::Event: Clone + PartialEq + std::fmt::Debug,
{
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    events
        .iter()
        .map(|event| {
            let stored = recorded(codec.encode(event, &mut keys, &vault).unwrap());
            assert!(stored.event_type.starts_with("berdaya.partnerships.v1."));
            let back = codec.decode(&stored, &keys).unwrap();
            assert_eq!(&back, event, "{}", stored.event_type);
            (stored, back)
        })
        .collect()
}

#[test]
fn partner_events_round_trip_with_contacts_sealed() {
    let registered = pf::registered();
    let stored = round_trip(
        &PartnerCodec,
        &[
            registered.clone(),
            PartnerEvent::ContactAdded {
                contact: pf::contact(7),
                added_on: date("2026-03-01"),
            },
            pf::suspended(),
            pf::retired(),
            PartnerEvent::PersonalDataErased {
                subject_ids: vec![id(1007)],
                reason: "permintaan".into(),
            },
        ],
    );
    let PartnerEvent::Registered { contacts, .. } = &registered else {
        unreachable!()
    };
    let name = contacts[0].data.as_ref().unwrap().full_name.clone();
    let bytes = &stored[0].0.payload;
    assert!(
        !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
        "a contact's name is sealed"
    );
    assert_eq!(
        PartnerCodec.sealed_subjects(&stored[0].0).unwrap(),
        contacts.iter().map(|c| c.subject_id).collect::<Vec<_>>()
    );
}

#[test]
fn agreement_events_round_trip() {
    let mut events = af::signed_history();
    events.push(af::contributed(
        af::training_id(),
        Quantity::Count(3),
        "2026-04-01",
    ));
    events.push(af::terminated("2026-06-15"));
    events.push(AgreementEvent::PersonalDataErased {
        subject_ids: vec![id(1)],
        reason: "permintaan".into(),
    });
    round_trip(&AgreementCodec, &events);
}

#[test]
fn network_and_referral_events_round_trip() {
    round_trip(
        &NetworkCodec,
        &[
            nf::formed(),
            nf::planned(),
            nf::held(),
            nf::left(2, "2026-05-01"),
            NetworkEvent::Dissolved {
                dissolved_on: date("2026-06-01"),
                reason: "program selesai".into(),
            },
        ],
    );
    round_trip(
        &ReferralCodec,
        &[
            rf::made(),
            rf::accepted(),
            ReferralEvent::Completed {
                completed_on: date("2026-03-20"),
                outcome: rf::loan(5_000_000),
                note: "cair".into(),
            },
            rf::declined(),
        ],
    );
}
