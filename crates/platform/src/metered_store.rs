//! An [`EventStore`] decorator that counts appended events, times appends and gives
//! each append a span. `berdaya serve` wraps its store in it; the engines stay free of
//! metrics.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use berdaya_eventstore::{
    AppendBatch, AppendResult, ChainReport, EventStore, IdempotencyRecord, IndexHit, LogCursor,
    RecordedEvent, StoreError, StreamInfo, SubjectKeyState, UniqueKey,
};
use tracing::Instrument;
use uuid::Uuid;

use crate::metrics::{APPEND_DURATION, EVENTS_APPENDED};

/// Delegates to the wrapped store, recording append metrics.
#[derive(Debug, Clone)]
pub struct MeteredStore {
    inner: Arc<dyn EventStore>,
}

impl MeteredStore {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn EventStore>) -> Self {
        Self { inner }
    }
}

#[async_trait]
impl EventStore for MeteredStore {
    async fn append(&self, batch: AppendBatch) -> Result<AppendResult, StoreError> {
        let category = batch.category.clone();
        // A span of its own only when spans are exported: otherwise it would only cost
        // the command path (the metrics below are kept either way).
        let span = if crate::telemetry::exporting() {
            tracing::info_span!("eventstore.append", stream_id = %batch.stream_id,
                events = batch.events.len())
        } else {
            tracing::Span::none()
        };
        let started = Instant::now();
        let result = self.inner.append(batch).instrument(span).await;
        let outcome = match &result {
            Ok(appended) => {
                EVENTS_APPENDED
                    .with_label_values(&[&category])
                    .inc_by(appended.events.len() as u64);
                "ok"
            }
            Err(StoreError::VersionConflict { .. }) => "conflict",
            Err(StoreError::Unavailable(_)) => "unavailable",
            Err(_) => "error",
        };
        APPEND_DURATION
            .with_label_values(&[outcome])
            .observe(started.elapsed().as_secs_f64());
        result
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        after_version: i64,
        limit: Option<i64>,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner
            .read_stream(stream_id, after_version, limit)
            .await
    }

    async fn read_all(
        &self,
        after: LogCursor,
        limit: i64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_all(after, limit).await
    }

    async fn idempotency_record(
        &self,
        actor: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.inner.idempotency_record(actor, key).await
    }

    async fn unique_owner(&self, key: &UniqueKey) -> Result<Option<String>, StoreError> {
        self.inner.unique_owner(key).await
    }

    async fn list_streams(
        &self,
        category: &str,
        region_prefix: &str,
        after_stream_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<StreamInfo>, StoreError> {
        self.inner
            .list_streams(category, region_prefix, after_stream_id, limit)
            .await
    }

    async fn stream_info(&self, stream_id: &str) -> Result<Option<StreamInfo>, StoreError> {
        self.inner.stream_info(stream_id).await
    }

    async fn find_streams(
        &self,
        index: &str,
        from_key: &str,
        to_key: &str,
        after: Option<&IndexHit>,
        limit: i64,
    ) -> Result<Vec<IndexHit>, StoreError> {
        self.inner
            .find_streams(index, from_key, to_key, after, limit)
            .await
    }

    async fn subject_keys(
        &self,
        subjects: &[Uuid],
    ) -> Result<Vec<(Uuid, SubjectKeyState)>, StoreError> {
        self.inner.subject_keys(subjects).await
    }

    async fn event_count(&self) -> Result<i64, StoreError> {
        self.inner.event_count().await
    }

    async fn verify_stream(&self, stream_id: &str) -> Result<ChainReport, StoreError> {
        self.inner.verify_stream(stream_id).await
    }

    async fn relay_checkpoint(&self, name: &str) -> Result<LogCursor, StoreError> {
        self.inner.relay_checkpoint(name).await
    }

    async fn save_relay_checkpoint(&self, name: &str, cursor: LogCursor) -> Result<(), StoreError> {
        self.inner.save_relay_checkpoint(name, cursor).await
    }
}
