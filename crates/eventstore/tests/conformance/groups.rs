//! Group commit: commands committed in one transaction stay atomic and fail alone.

use async_trait::async_trait;
use berdaya_eventstore::{AppendBatch, AppendResult, ExpectedVersion, StoreError, UniqueKey};

use super::{Store, batch, conflict_actual, read_all_until, record, with_key};

/// An engine's `append_group`: batches committed as one group.
#[async_trait]
pub(crate) trait Grouping: Send + Sync {
    /// Commits `batches` in one transaction, each atomic and failing alone.
    async fn group(&self, batches: Vec<AppendBatch>) -> Vec<Result<AppendResult, StoreError>>;
}

/// Implements [`Grouping`] for an engine's store (by its `append_group`) and runs
/// [`group_commit_fails_alone`] on the test file's `TestDb`.
macro_rules! group_check {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl conformance::Grouping for $store {
            async fn group(
                &self,
                batches: Vec<berdaya_eventstore::AppendBatch>,
            ) -> Vec<Result<berdaya_eventstore::AppendResult, berdaya_eventstore::StoreError>> {
                self.append_group(batches).await
            }
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn group_commit_fails_alone() {
            let db = TestDb::new().await;
            conformance::group_commit_fails_alone(db.store(), db.store.as_ref()).await;
        }
    };
}
pub(crate) use group_check;

/// A group with a version conflict, a claim taken by another stream and a used key:
/// those three are refused and write nothing; the others commit, each whole.
pub(crate) async fn group_commit_fails_alone(store: Store, grouping: &dyn Grouping) {
    let nik = UniqueKey {
        scope: "nik".into(),
        key: "blind-g".into(),
    };
    store
        .append(batch("household-g-old", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    store
        .append(AppendBatch {
            claims: vec![nik.clone()],
            ..batch("household-g-owner", ExpectedVersion::NoStream, 1)
        })
        .await
        .unwrap();
    store
        .append(with_key(
            batch("household-g-keyed", ExpectedVersion::NoStream, 1),
            record("integrator-1", "g-key", 1),
        ))
        .await
        .unwrap();

    let results = grouping
        .group(vec![
            batch("household-g-1", ExpectedVersion::NoStream, 2),
            // Stale: the stream is at 1.
            batch("household-g-old", ExpectedVersion::Exact(3), 1),
            with_key(
                batch("household-g-2", ExpectedVersion::NoStream, 1),
                record("integrator-1", "g-fresh", 1),
            ),
            AppendBatch {
                claims: vec![nik.clone()],
                ..batch("household-g-thief", ExpectedVersion::NoStream, 1)
            },
            with_key(
                batch("household-g-reuse", ExpectedVersion::NoStream, 1),
                record("integrator-1", "g-key", 2),
            ),
            batch("household-g-old", ExpectedVersion::Exact(1), 1),
        ])
        .await;
    assert_eq!(results.len(), 6);
    let mut results = results.into_iter();
    let first = results.next().unwrap().unwrap();
    assert_eq!(first.version, 2);
    assert_eq!(conflict_actual(results.next().unwrap()), 1);
    assert_eq!(results.next().unwrap().unwrap().version, 1);
    match results.next().unwrap() {
        Err(StoreError::UniqueTaken { owner, .. }) => assert_eq!(owner, "household-g-owner"),
        other => panic!("expected UniqueTaken, got {other:?}"),
    }
    match results.next().unwrap() {
        Err(StoreError::IdempotencyKeyUsed(stored)) => {
            assert_eq!(stored.stream_id, "household-g-keyed");
        }
        other => panic!("expected IdempotencyKeyUsed, got {other:?}"),
    }
    let moved = results.next().unwrap().unwrap();
    assert_eq!(moved.version, 2);

    // Written: 3 before the group, then 2 + 1 + 1 by it; nothing of the refused ones.
    let all = read_all_until(&store, 7).await;
    for refused in ["household-g-thief", "household-g-reuse"] {
        assert!(
            all.iter().all(|e| e.stream_id != refused),
            "{refused} wrote"
        );
        assert!(store.stream_info(refused).await.unwrap().is_none());
    }
    assert_eq!(
        store.unique_owner(&nik).await.unwrap().as_deref(),
        Some("household-g-owner")
    );
    assert!(
        store
            .idempotency_record("integrator-1", "g-fresh")
            .await
            .unwrap()
            .is_some()
    );
    for stream in ["household-g-1", "household-g-2", "household-g-old"] {
        assert!(store.verify_stream(stream).await.unwrap().is_intact());
    }
    assert_eq!(
        store
            .stream_info("household-g-old")
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
}

/// Many concurrent appends on different streams (which the store groups as they come)
/// all commit, each with its own versions and an intact chain.
pub(crate) async fn concurrent_appends_all_commit(store: Store) {
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let stream = format!("household-c-{n}");
                store
                    .append(batch(&stream, ExpectedVersion::NoStream, 1))
                    .await
                    .unwrap();
                store
                    .append(batch(&stream, ExpectedVersion::Exact(1), 2))
                    .await
                    .unwrap()
                    .version
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 3);
    }
    read_all_until(&store, 64 * 3).await;
    for n in 0..64 {
        let stream = format!("household-c-{n}");
        assert!(store.verify_stream(&stream).await.unwrap().is_intact());
    }
}
