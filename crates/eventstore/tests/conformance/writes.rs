//! Appends: round trip, optimistic concurrency, empty batches.

use berdaya_eventstore::hash::{GENESIS, recompute};
use berdaya_eventstore::{
    AppendBatch, AppendResult, EventMetadata, ExpectedVersion, IdempotencyKey, StoreError,
    SubjectKeyState, UniqueKey, WrappedSubjectKey,
};
use chrono::Utc;
use uuid::Uuid;

use super::{Store, batch, conflict_actual, new_event, race, read_all_until, record, with_key};

/// Appended events read back exactly, with metadata, recorded-at, cursors and hashes.
pub(crate) async fn round_trip(store: Store) {
    let before = Utc::now() - chrono::Duration::seconds(1);
    let md = EventMetadata {
        actor: "caseworker-7".into(),
        role: "supervisor".into(),
        region: "33.73.04.1001".into(),
        correlation_id: "corr-1".into(),
        causation_id: "cause-1".into(),
        idempotency_key: "idem-1".into(),
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into(),
    };
    let events = vec![new_event("rt", 1), new_event("rt", 2)];
    let first = AppendBatch::new(
        "household-rt",
        "household",
        ExpectedVersion::NoStream,
        events.clone(),
        md.clone(),
    );
    let result = store.append(first).await.unwrap();
    let after = Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(result.version, 2);
    assert_eq!(result.events.len(), 2);
    let mut prev = GENESIS;
    for (i, (stored, sent)) in result.events.iter().zip(&events).enumerate() {
        assert_eq!(stored.stream_id, "household-rt");
        assert_eq!(stored.category, "household");
        assert_eq!(stored.version, i as i64 + 1);
        assert_eq!(stored.event_id, sent.event_id);
        assert_eq!(stored.event_type, sent.event_type);
        assert_eq!(stored.schema_version, sent.schema_version);
        assert_eq!(stored.payload, sent.payload);
        assert_eq!(stored.metadata, md);
        assert!(stored.recorded_at > before && stored.recorded_at < after);
        assert_eq!(stored.recorded_at.timestamp_subsec_nanos() % 1000, 0);
        assert_eq!(stored.prev_hash, prev);
        assert_eq!(stored.hash, recompute(&prev, stored));
        prev = stored.hash;
    }
    assert!(result.events[0].cursor < result.events[1].cursor);

    let read = store.read_stream("household-rt", 0, None).await.unwrap();
    assert_eq!(read, result.events);
    let tail = store.read_stream("household-rt", 1, None).await.unwrap();
    assert_eq!(tail, result.events[1..]);
    let head = store.read_stream("household-rt", 0, Some(1)).await.unwrap();
    assert_eq!(head, result.events[..1]);
    assert!(
        store
            .read_stream("nobody", 0, None)
            .await
            .unwrap()
            .is_empty()
    );

    let next = store
        .append(batch("household-rt", ExpectedVersion::Exact(2), 1))
        .await
        .unwrap();
    assert_eq!(next.version, 3);
    assert_eq!(next.events[0].prev_hash, prev);
    assert!(next.events[0].recorded_at >= result.events[1].recorded_at);

    let info = store.stream_info("household-rt").await.unwrap().unwrap();
    assert_eq!(info.stream_id, "household-rt");
    assert_eq!(info.category, "household");
    assert_eq!(info.version, 3);
    assert_eq!(info.region, "33.73.04.1001");
    assert_eq!(info.head_hash, next.events[0].hash);
    assert_eq!(info.updated_at, next.events[0].recorded_at);
    assert!(store.stream_info("nobody").await.unwrap().is_none());

    let mut all_events = result.events.clone();
    all_events.extend(next.events);
    assert_eq!(read_all_until(&store, 3).await, all_events);
    let rest = store.read_all(all_events[0].cursor, 10).await.unwrap();
    assert_eq!(rest, all_events[1..]);
}

/// A wrong expected version writes nothing: no events, claims, keys or idempotency record.
pub(crate) async fn version_conflict_writes_nothing(store: Store) {
    store
        .append(batch("household-vc", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    let claim = UniqueKey {
        scope: "nik".into(),
        key: "blind-vc".into(),
    };
    let subject = Uuid::now_v7();
    let loaded = AppendBatch {
        idempotency: Some(IdempotencyKey {
            actor: "caseworker-1".into(),
            key: "key-vc".into(),
            operation: "op".into(),
            request_hash: [3; 32],
        }),
        claims: vec![claim.clone()],
        new_subject_keys: vec![WrappedSubjectKey {
            subject_id: subject,
            wrapped: vec![1; 72],
        }],
        ..batch("household-vc", ExpectedVersion::NoStream, 2)
    };
    match store.append(loaded.clone()).await {
        Err(StoreError::VersionConflict {
            stream_id,
            expected,
            actual,
        }) => {
            assert_eq!(stream_id, "household-vc");
            assert_eq!(expected, "no stream");
            assert_eq!(actual, 1);
        }
        other => panic!("expected a version conflict, got {other:?}"),
    }
    let exact = AppendBatch {
        expected_version: ExpectedVersion::Exact(5),
        ..loaded.clone()
    };
    assert_eq!(conflict_actual(store.append(exact).await), 1);
    assert_eq!(
        store
            .read_stream("household-vc", 0, None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .stream_info("household-vc")
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    assert!(
        store
            .idempotency_record("caseworker-1", "key-vc")
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.unique_owner(&claim).await.unwrap().is_none());
    let keys = store.subject_keys(&[subject]).await.unwrap();
    assert_eq!(keys, vec![(subject, SubjectKeyState::Unknown)]);

    let fresh = batch("household-vc-new", ExpectedVersion::Exact(3), 1);
    assert_eq!(conflict_actual(store.append(fresh).await), 0);
    assert!(
        store
            .stream_info("household-vc-new")
            .await
            .unwrap()
            .is_none()
    );

    let ok = store
        .append(batch("household-vc", ExpectedVersion::Exact(1), 1))
        .await
        .unwrap();
    assert_eq!(ok.version, 2);
    let any = store
        .append(batch("household-vc", ExpectedVersion::Any, 2))
        .await
        .unwrap();
    assert_eq!(any.version, 4);
    assert!(
        store
            .verify_stream("household-vc")
            .await
            .unwrap()
            .is_intact()
    );
}

/// Concurrent appends with the same expected version: exactly one wins, the others get a
/// version conflict (never an internal error), on existing and on new streams alike.
pub(crate) async fn concurrent_same_expected_version(store: Store) {
    store
        .append(batch("household-race", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    for round in 1..=5_i64 {
        let batches = (0..4)
            .map(|_| batch("household-race", ExpectedVersion::Exact(round), 1))
            .collect();
        let results = race(&store, batches).await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        for result in results.into_iter().filter(Result::is_err) {
            assert_eq!(conflict_actual(result), round + 1);
        }
    }
    assert_eq!(
        store
            .read_stream("household-race", 0, None)
            .await
            .unwrap()
            .len(),
        6
    );
    assert!(
        store
            .verify_stream("household-race")
            .await
            .unwrap()
            .is_intact()
    );

    for round in 0..5 {
        let stream = format!("household-new-race-{round}");
        let batches = (0..4)
            .map(|_| batch(&stream, ExpectedVersion::NoStream, 2))
            .collect();
        let results = race(&store, batches).await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        for result in results.into_iter().filter(Result::is_err) {
            assert_eq!(conflict_actual(result), 2);
        }
        assert_eq!(store.read_stream(&stream, 0, None).await.unwrap().len(), 2);

        // `Any` never conflicts, even when several writers create the stream at once.
        let stream = format!("household-any-race-{round}");
        let batches = (0..4)
            .map(|_| batch(&stream, ExpectedVersion::Any, 1))
            .collect();
        let results = race(&store, batches).await;
        let mut versions: Vec<i64> = results.into_iter().map(Result::unwrap).collect();
        versions.sort_unstable();
        assert_eq!(versions, vec![1, 2, 3, 4]);
        assert!(store.verify_stream(&stream).await.unwrap().is_intact());
    }
}

/// A batch without events writes nothing and reports the current version; it may not
/// carry anything else.
pub(crate) async fn empty_batch(store: Store) {
    let empty = store
        .append(batch("household-empty", ExpectedVersion::NoStream, 0))
        .await;
    assert_eq!(empty.unwrap().version, 0);
    assert!(
        store
            .stream_info("household-empty")
            .await
            .unwrap()
            .is_none()
    );
    store
        .append(batch("household-empty", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    let result = store
        .append(batch("household-empty", ExpectedVersion::Exact(1), 0))
        .await;
    assert_eq!(result.unwrap().version, 1);
    let result = store
        .append(batch("household-empty", ExpectedVersion::Any, 0))
        .await;
    assert_eq!(
        result.unwrap(),
        AppendResult {
            version: 1,
            events: vec![]
        }
    );
    let stale = store
        .append(batch("household-empty", ExpectedVersion::Exact(3), 0))
        .await;
    assert_eq!(conflict_actual(stale), 1);
    let invalid = with_key(
        batch("household-empty", ExpectedVersion::Any, 0),
        record("integrator-1", "k", 1),
    );
    assert!(matches!(
        store.append(invalid).await,
        Err(StoreError::Internal(_))
    ));
    assert!(
        store
            .idempotency_record("integrator-1", "k")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(read_all_until(&store, 1).await.len(), 1);
}
