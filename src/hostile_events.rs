//! Hostile stored events (issue: a corrupted stored payload must give a clear error,
//! never a panic): every event codec of every context is fed, for every event type of
//! its package, payloads that are random bytes or random protobuf fields (valid wire
//! format, wrong content: missing fields, unknown numbers, bad lengths, stray nested
//! bytes), with any schema version. Decoding and finding the sealed subjects must
//! return, `Ok` or an error, for every one. Bounded: a fixed number of cases per codec,
//! a fixed seed per run of the suite (proptest's default).

use berdaya_eventstore::{EventMetadata, LogCursor, RecordedEvent};
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::keyring::KeyRing;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use prost_reflect::DescriptorPool;

/// Cases per codec.
const CASES: u32 = 512;

/// The event messages of `package` (those of its `*events.proto` files).
fn event_types(package: &str) -> Vec<String> {
    let pool = DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET).expect("descriptors");
    let types: Vec<String> = pool
        .files()
        .filter(|f| f.package_name() == package && f.name().ends_with("events.proto"))
        .flat_map(|f| {
            f.messages()
                .map(|m| m.full_name().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!types.is_empty(), "no event types in {package}");
    types
}

/// A protobuf field with a random number and a random (wire-type-correct) value.
fn field() -> impl Strategy<Value = Vec<u8>> {
    (
        1u32..24,
        prop_oneof![Just(0u32), Just(2u32), Just(5u32)],
        any::<u64>(),
        prop::collection::vec(any::<u8>(), 0..48),
    )
        .prop_map(|(number, wire, varint, bytes)| {
            let mut out = Vec::new();
            prost::encoding::encode_varint(u64::from(number << 3 | wire), &mut out);
            match wire {
                0 => prost::encoding::encode_varint(varint, &mut out),
                5 => out.extend_from_slice(&varint.to_le_bytes()[..4]),
                _ => {
                    prost::encoding::encode_varint(bytes.len() as u64, &mut out);
                    out.extend_from_slice(&bytes);
                }
            }
            out
        })
}

fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        prop::collection::vec(field(), 0..12).prop_map(|fields| fields.concat()),
    ]
}

fn recorded(event_type: &str, schema_version: i32, payload: Vec<u8>) -> RecordedEvent {
    RecordedEvent {
        cursor: LogCursor::default(),
        stream_id: "hostile-00000000-0000-7000-8000-000000000001".to_owned(),
        category: "hostile".to_owned(),
        version: 1,
        event_id: uuid::Uuid::nil(),
        event_type: event_type.to_owned(),
        schema_version,
        payload,
        metadata: EventMetadata::default(),
        recorded_at: chrono::Utc::now(),
        prev_hash: [0; 32],
        hash: [0; 32],
    }
}

/// Feeds `codec` hostile events of `package`; returns how many it decoded without error.
fn never_panics<C: EventCodec>(codec: &C, package: &str) -> (u32, u32) {
    let types = event_types(package);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let decoded = std::cell::Cell::new(0u32);
    runner
        .run(
            &(0..types.len(), payload(), -1i32..4),
            |(index, payload, schema)| {
                let event = recorded(&types[index], schema, payload);
                if codec.decode(&event, &KeyRing::default()).is_ok() {
                    decoded.set(decoded.get() + 1);
                }
                let _ = codec.sealed_subjects(&event);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{package}: {e}"));
    (CASES, decoded.get())
}

#[test]
fn no_stored_payload_makes_any_codec_panic() {
    let started = std::time::Instant::now();
    let runs = [
        never_panics(
            &berdaya_households::codec::HouseholdCodec,
            "berdaya.households.v1",
        ),
        never_panics(
            &berdaya_households::participation::codec::ActivityCodec,
            "berdaya.households.v1",
        ),
        never_panics(
            &berdaya_households::savings::codec::SavingsCodec,
            "berdaya.households.v1",
        ),
        never_panics(
            &berdaya_enterprise::codec::GroupCodec,
            "berdaya.enterprise.v1",
        ),
        never_panics(
            &berdaya_enterprise::codec::SupportCodec,
            "berdaya.enterprise.v1",
        ),
        never_panics(
            &berdaya_partnerships::codec::PartnerCodec,
            "berdaya.partnerships.v1",
        ),
        never_panics(
            &berdaya_partnerships::codec::AgreementCodec,
            "berdaya.partnerships.v1",
        ),
        never_panics(
            &berdaya_partnerships::codec::ReferralCodec,
            "berdaya.partnerships.v1",
        ),
        never_panics(
            &berdaya_partnerships::codec::NetworkCodec,
            "berdaya.partnerships.v1",
        ),
        never_panics(&berdaya_advocacy::codec::CaseCodec, "berdaya.advocacy.v1"),
        never_panics(&berdaya_capacity::codec::PersonCodec, "berdaya.capacity.v1"),
        never_panics(
            &berdaya_capacity::codec::CertificateCodec,
            "berdaya.capacity.v1",
        ),
        never_panics(
            &berdaya_capacity::codec::ActivityCodec::default(),
            "berdaya.capacity.v1",
        ),
        never_panics(
            &berdaya_capacity::codec::VocabularyCodec::default(),
            "berdaya.capacity.v1",
        ),
        never_panics(
            &berdaya_capacity::codec::CohortCodec::default(),
            "berdaya.capacity.v1",
        ),
        never_panics(
            &berdaya_capacity::codec::ProgrammeCodec::default(),
            "berdaya.capacity.v1",
        ),
    ];
    let cases: u32 = runs.iter().map(|(c, _)| c).sum();
    let decoded: u32 = runs.iter().map(|(_, d)| d).sum();
    println!(
        "hostile stored events: {} codecs, {cases} payloads, {decoded} decoded, 0 panics, {:.1} s",
        runs.len(),
        started.elapsed().as_secs_f64()
    );
}
