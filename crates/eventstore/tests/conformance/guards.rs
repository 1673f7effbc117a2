//! What guards a write: idempotency keys, unique claims, subject keys.

use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{
    AppendBatch, ExpectedVersion, StoreError, SubjectKeyState, UniqueKey, WrappedSubjectKey,
};
use uuid::Uuid;

use super::{Store, batch, metadata, new_event, race, read_all_until, record, stored, with_key};

/// A used idempotency key returns the stored record and appends nothing.
pub(crate) async fn idempotency(store: Store) {
    let command = record("integrator-1", "key-1", 1);
    let original = stored(&command, "household-idem-1", 1, 1);
    let first = with_key(
        batch("household-idem-1", ExpectedVersion::NoStream, 1),
        command.clone(),
    );
    store.append(first.clone()).await.unwrap();
    assert_eq!(
        store
            .idempotency_record("integrator-1", "key-1")
            .await
            .unwrap(),
        Some(original.clone())
    );

    // A later command's record says which versions its events took: there is no stored
    // answer to go stale or to keep personal data after an erasure.
    let later = record("integrator-1", "key-later", 3);
    store
        .append(with_key(
            batch("household-idem-1", ExpectedVersion::Exact(1), 3),
            later.clone(),
        ))
        .await
        .unwrap();
    assert_eq!(
        store
            .idempotency_record("integrator-1", "key-later")
            .await
            .unwrap(),
        Some(stored(&later, "household-idem-1", 2, 4))
    );

    // A retry (same request, even with its stale expected version) gets the first answer.
    let retry = with_key(
        batch("household-idem-1", ExpectedVersion::NoStream, 1),
        command.clone(),
    );
    match store.append(retry).await {
        Err(StoreError::IdempotencyKeyUsed(stored)) => assert_eq!(*stored, original),
        other => panic!("expected IdempotencyKeyUsed, got {other:?}"),
    }
    // A reuse (different request, another stream) gets the stored record to compare.
    let reuse = with_key(
        batch("household-idem-2", ExpectedVersion::NoStream, 1),
        record("integrator-1", "key-1", 2),
    );
    match store.append(reuse).await {
        Err(StoreError::IdempotencyKeyUsed(stored)) => {
            assert_eq!(*stored, original);
            assert_ne!(stored.command.request_hash, [2; 32]);
        }
        other => panic!("expected IdempotencyKeyUsed, got {other:?}"),
    }
    assert_eq!(
        store
            .read_stream("household-idem-1", 0, None)
            .await
            .unwrap()
            .len(),
        4
    );
    assert!(
        store
            .stream_info("household-idem-2")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .read_stream("household-idem-2", 0, None)
            .await
            .unwrap()
            .is_empty()
    );

    // Keys are scoped per actor.
    let other_actor = with_key(
        batch("household-idem-3", ExpectedVersion::NoStream, 1),
        record("integrator-2", "key-1", 1),
    );
    store.append(other_actor).await.unwrap();
    assert!(
        store
            .idempotency_record("integrator-1", "nope")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(read_all_until(&store, 5).await.len(), 5);
}

/// Concurrent commands with one key write once, on different streams or the same one.
pub(crate) async fn concurrent_idempotency(store: Store) {
    let batches = (0..6)
        .map(|i| {
            let stream = format!("household-cidem-{i}");
            with_key(
                batch(&stream, ExpectedVersion::NoStream, 1),
                record("integrator-1", "shared", 1),
            )
        })
        .collect();
    let results = race(&store, batches).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let stored = store
        .idempotency_record("integrator-1", "shared")
        .await
        .unwrap()
        .unwrap();
    for result in results {
        match result {
            Ok(_) => {}
            Err(StoreError::IdempotencyKeyUsed(record)) => assert_eq!(*record, stored),
            Err(other) => panic!("expected IdempotencyKeyUsed, got {other:?}"),
        }
    }
    let mut written = 0;
    for i in 0..6 {
        let stream = format!("household-cidem-{i}");
        if store.stream_info(&stream).await.unwrap().is_some() {
            written += 1;
            assert_eq!(stream, stored.stream_id);
        }
    }
    assert_eq!(written, 1);

    let batches = (0..4)
        .map(|_| {
            with_key(
                batch("household-cidem-same", ExpectedVersion::NoStream, 1),
                record("integrator-1", "same-stream", 1),
            )
        })
        .collect();
    let results = race(&store, batches).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| matches!(e, StoreError::IdempotencyKeyUsed(_))),
        "{results:?}"
    );
    assert_eq!(
        store
            .read_stream("household-cidem-same", 0, None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(read_all_until(&store, 2).await.len(), 2);
}

fn claiming(
    stream: &str,
    expected: ExpectedVersion,
    claims: Vec<UniqueKey>,
    releases: Vec<UniqueKey>,
) -> AppendBatch {
    AppendBatch {
        claims,
        releases,
        ..batch(stream, expected, 1)
    }
}

/// A value held by another stream cannot be claimed, and the whole batch is refused;
/// once released it can be claimed again.
pub(crate) async fn unique_claims(store: Store) {
    let nik = UniqueKey {
        scope: "nik".into(),
        key: "blind-1".into(),
    };
    let kk = UniqueKey {
        scope: "kk".into(),
        key: "blind-1".into(),
    };
    let (a, b, c) = ("household-ua", "household-ub", "household-uc");
    store
        .append(claiming(
            a,
            ExpectedVersion::NoStream,
            vec![nik.clone()],
            vec![],
        ))
        .await
        .unwrap();
    assert_eq!(store.unique_owner(&nik).await.unwrap().as_deref(), Some(a));
    assert!(store.unique_owner(&kk).await.unwrap().is_none());

    let taken = store
        .append(claiming(
            b,
            ExpectedVersion::NoStream,
            vec![kk.clone(), nik.clone()],
            vec![],
        ))
        .await;
    match taken {
        Err(StoreError::UniqueTaken { scope, key, owner }) => {
            assert_eq!(
                (scope.as_str(), key.as_str(), owner.as_str()),
                ("nik", "blind-1", a)
            );
        }
        other => panic!("expected UniqueTaken, got {other:?}"),
    }
    assert!(store.stream_info(b).await.unwrap().is_none());
    assert!(store.read_stream(b, 0, None).await.unwrap().is_empty());
    assert!(
        store.unique_owner(&kk).await.unwrap().is_none(),
        "the refused batch took kk"
    );

    // The owner may claim again; a stranger's release does nothing.
    store
        .append(claiming(
            a,
            ExpectedVersion::Exact(1),
            vec![nik.clone()],
            vec![],
        ))
        .await
        .unwrap();
    store
        .append(claiming(
            c,
            ExpectedVersion::NoStream,
            vec![],
            vec![nik.clone()],
        ))
        .await
        .unwrap();
    assert_eq!(store.unique_owner(&nik).await.unwrap().as_deref(), Some(a));

    store
        .append(claiming(
            a,
            ExpectedVersion::Exact(2),
            vec![],
            vec![nik.clone()],
        ))
        .await
        .unwrap();
    assert!(store.unique_owner(&nik).await.unwrap().is_none());
    store
        .append(claiming(
            b,
            ExpectedVersion::NoStream,
            vec![kk.clone(), nik.clone()],
            vec![],
        ))
        .await
        .unwrap();
    assert_eq!(store.unique_owner(&nik).await.unwrap().as_deref(), Some(b));
    assert_eq!(store.unique_owner(&kk).await.unwrap().as_deref(), Some(b));
}

/// Erasing a subject destroys its key and leaves the events and the chain intact.
pub(crate) async fn erasure(store: Store) {
    let vault = Vault::new([7; 32], [8; 32]);
    let subject = Uuid::now_v7();
    let unknown = Uuid::now_v7();
    let (key, wrapped) = vault.new_subject_key();
    let mut event = new_event("erasure", 1);
    event.payload = key.seal(subject, b"Siti Aminah, 3374015807900001");
    let first = AppendBatch {
        new_subject_keys: vec![WrappedSubjectKey {
            subject_id: subject,
            wrapped: wrapped.clone(),
        }],
        ..AppendBatch::new(
            "household-erase",
            "household",
            ExpectedVersion::NoStream,
            vec![event],
            metadata("caseworker-1", "33.73.04.1001"),
        )
    };
    store.append(first).await.unwrap();
    let states = store.subject_keys(&[subject, unknown]).await.unwrap();
    assert_eq!(
        states,
        vec![
            (subject, SubjectKeyState::Present(wrapped.clone())),
            (unknown, SubjectKeyState::Unknown)
        ]
    );
    let stored = store.read_stream("household-erase", 0, None).await.unwrap();
    let unwrapped = vault.unwrap_key(&wrapped).unwrap();
    assert_eq!(
        unwrapped.open(subject, &stored[0].payload).unwrap(),
        b"Siti Aminah, 3374015807900001"
    );

    let erase = AppendBatch {
        erase_subjects: vec![subject],
        ..batch("household-erase", ExpectedVersion::Exact(1), 1)
    };
    store.append(erase).await.unwrap();
    let states = store.subject_keys(&[subject]).await.unwrap();
    assert_eq!(states, vec![(subject, SubjectKeyState::Erased)]);
    let after = store.read_stream("household-erase", 0, None).await.unwrap();
    assert_eq!(after[0], stored[0], "erasure must not touch the log");
    assert!(
        store
            .verify_stream("household-erase")
            .await
            .unwrap()
            .is_intact()
    );

    // An erased subject's key cannot come back; the refused batch writes nothing.
    let (_, again) = vault.new_subject_key();
    let resurrect = AppendBatch {
        new_subject_keys: vec![WrappedSubjectKey {
            subject_id: subject,
            wrapped: again,
        }],
        ..batch("household-erase", ExpectedVersion::Exact(2), 1)
    };
    assert!(matches!(
        store.append(resurrect).await,
        Err(StoreError::Internal(_))
    ));
    assert_eq!(
        store
            .stream_info("household-erase")
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
    let states = store.subject_keys(&[subject]).await.unwrap();
    assert_eq!(states, vec![(subject, SubjectKeyState::Erased)]);
}
