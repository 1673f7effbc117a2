//! The conformance suite: every check here runs against each engine (`tests/postgres.rs`,
//! `tests/sqlite.rs`), each on a fresh, private database.

#![allow(dead_code)]

mod checkpoints;
mod groups;
mod guards;
mod index;
mod log;
mod writes;

pub(crate) use checkpoints::*;
pub(crate) use groups::*;
pub(crate) use guards::*;
pub(crate) use index::*;
pub(crate) use log::*;
pub(crate) use writes::*;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use berdaya_eventstore::{
    AppendBatch, EventMetadata, EventStore, ExpectedVersion, IdempotencyKey, IdempotencyRecord,
    LogCursor, NewEvent, RecordedEvent, StoreError,
};
use tokio::sync::Barrier;
use uuid::Uuid;

/// The store under test.
pub(crate) type Store = Arc<dyn EventStore>;

/// Raw, engine-specific tampering with the stored log, bypassing the store.
#[async_trait]
pub(crate) trait Tamper: Send + Sync {
    /// Tries an ordinary `UPDATE` of an event row; true when the database refused it.
    async fn plain_update_refused(&self, stream_id: &str, version: i64) -> bool;
    /// Flips one bit of the first payload byte of an event, bypassing the append-only guard.
    async fn flip_payload_byte(&self, stream_id: &str, version: i64);
    /// Deletes one event row, bypassing the append-only guard.
    async fn delete_event(&self, stream_id: &str, version: i64);
}

/// How long polling helpers wait for the log to show what was committed.
pub(crate) const VISIBILITY_TIMEOUT: Duration = Duration::from_secs(30);

/// Metadata with every field set.
pub(crate) fn metadata(actor: &str, region: &str) -> EventMetadata {
    EventMetadata {
        actor: actor.into(),
        role: "caseworker".into(),
        region: region.into(),
        correlation_id: format!("corr-{}", Uuid::now_v7()),
        causation_id: format!("cause-{}", Uuid::now_v7()),
        idempotency_key: format!("idem-{}", Uuid::now_v7()),
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
    }
}

/// One event with a recognisable payload.
pub(crate) fn new_event(tag: &str, n: usize) -> NewEvent {
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: "berdaya.test.v1.Tested".into(),
        schema_version: 1,
        payload: format!("{tag}-{n}").into_bytes(),
    }
}

/// A `household` batch of `n` events in region `33.73.04.1001`.
pub(crate) fn batch(stream_id: &str, expected: ExpectedVersion, n: usize) -> AppendBatch {
    AppendBatch::new(
        stream_id,
        "household",
        expected,
        (0..n).map(|i| new_event(stream_id, i)).collect(),
        metadata("caseworker-1", "33.73.04.1001"),
    )
}

/// Appends `n` single-event batches to a new stream.
pub(crate) async fn append_singles(store: &Store, stream_id: &str, n: i64) -> Vec<RecordedEvent> {
    let mut events = Vec::new();
    for version in 0..n {
        let expected = if version == 0 {
            ExpectedVersion::NoStream
        } else {
            ExpectedVersion::Exact(version)
        };
        let result = store.append(batch(stream_id, expected, 1)).await.unwrap();
        events.extend(result.events);
    }
    events
}

/// Reads the whole log from the start, polling until it holds `count` events.
pub(crate) async fn read_all_until(store: &Store, count: usize) -> Vec<RecordedEvent> {
    let deadline = Instant::now() + VISIBILITY_TIMEOUT;
    loop {
        let mut all = Vec::new();
        let mut cursor = LogCursor::START;
        loop {
            let page = store.read_all(cursor, 100).await.unwrap();
            let Some(last) = page.last() else { break };
            cursor = last.cursor;
            all.extend(page);
        }
        if all.len() >= count {
            assert_eq!(
                all.len(),
                count,
                "the log holds more events than were appended"
            );
            return all;
        }
        assert!(
            Instant::now() < deadline,
            "the log shows {} of {count} committed events",
            all.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Asserts a version conflict and returns its actual version.
pub(crate) fn conflict_actual(result: Result<impl std::fmt::Debug, StoreError>) -> i64 {
    match result {
        Err(StoreError::VersionConflict { actual, .. }) => actual,
        other => panic!("expected a version conflict, got {other:?}"),
    }
}

/// Runs `n` appends at once (released together by a barrier).
pub(crate) async fn race(store: &Store, batches: Vec<AppendBatch>) -> Vec<Result<i64, StoreError>> {
    let barrier = Arc::new(Barrier::new(batches.len()));
    let tasks: Vec<_> = batches
        .into_iter()
        .map(|batch| {
            let store = store.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                store.append(batch).await.map(|result| result.version)
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

/// The idempotency key `(actor, key)` of a command whose request hashes to `[hash; 32]`.
pub(crate) fn record(actor: &str, key: &str, hash: u8) -> IdempotencyKey {
    IdempotencyKey {
        actor: actor.into(),
        key: key.into(),
        operation: "berdaya.households.v1.HouseholdsService/RegisterHousehold".into(),
        request_hash: [hash; 32],
    }
}

/// The record the store keeps for `command` after it appended `first..=last` to `stream_id`.
pub(crate) fn stored(
    command: &IdempotencyKey,
    stream_id: &str,
    first: i64,
    last: i64,
) -> IdempotencyRecord {
    IdempotencyRecord {
        command: command.clone(),
        stream_id: stream_id.into(),
        first_version: first,
        last_version: last,
    }
}

/// `batch` carrying the idempotency key `command`.
pub(crate) fn with_key(batch: AppendBatch, command: IdempotencyKey) -> AppendBatch {
    AppendBatch {
        idempotency: Some(command),
        ..batch
    }
}
