//! What auditors read: any aggregate's history as stored, and the check of its hash chain.
//! Every service's history RPCs answer through these, so the envelope is the same
//! everywhere (`berdaya.common.v1.RecordedEvent`).

use std::pin::Pin;
use std::sync::Arc;

use berdaya_eventstore::{EventStore, RecordedEvent};
use berdaya_proto::berdaya::common::v1 as common;
use futures::Stream;
use tonic::Status;

use crate::grpc_error::store_status;

/// A server stream of recorded events.
pub type HistoryStream = Pin<Box<dyn Stream<Item = Result<common::RecordedEvent, Status>> + Send>>;

/// Events per read while streaming, so a long history never sits in memory at once.
const BATCH: i64 = 500;

/// The API envelope of a stored event; `payload` is an `Any` holding the stored bytes.
pub fn recorded_event(event: RecordedEvent) -> common::RecordedEvent {
    common::RecordedEvent {
        stream_id: event.stream_id,
        version: event.version,
        event_id: event.event_id.to_string(),
        payload: Some(prost_types::Any {
            type_url: berdaya_proto::type_url(&event.event_type),
            value: event.payload,
        }),
        event_type: event.event_type,
        schema_version: event.schema_version,
        metadata: Some(common::EventMetadata {
            actor: event.metadata.actor,
            role: event.metadata.role,
            region: event.metadata.region,
            correlation_id: event.metadata.correlation_id,
            causation_id: event.metadata.causation_id,
            idempotency_key: event.metadata.idempotency_key,
            traceparent: event.metadata.traceparent,
        }),
        recorded_at: Some(timestamp(event.recorded_at)),
        prev_hash: hex::encode(event.prev_hash),
        hash: hex::encode(event.hash),
        position: event.cursor.position,
    }
}

/// The protobuf form of an instant.
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: at.timestamp(),
        nanos: i32::try_from(at.timestamp_subsec_nanos()).unwrap_or(0),
    }
}

/// Streams every event of `stream_id`, oldest first, reading in batches.
pub fn stream(store: Arc<dyn EventStore>, stream_id: String) -> HistoryStream {
    let output = async_stream::try_stream! {
        let mut after = 0;
        loop {
            let batch = store
                .read_stream(&stream_id, after, Some(BATCH))
                .await
                .map_err(|e| store_status(&e))?;
            let done = (batch.len() as i64) < BATCH;
            for event in batch {
                after = event.version;
                yield recorded_event(event);
            }
            if done {
                break;
            }
        }
    };
    Box::pin(output)
}

/// Recomputes a stream's hash chain.
///
/// # Errors
/// `UNAVAILABLE` or `INTERNAL` when the store fails.
pub async fn verify(
    store: &dyn EventStore,
    stream_id: &str,
) -> Result<common::ChainVerification, Status> {
    let report = store
        .verify_stream(stream_id)
        .await
        .map_err(|e| store_status(&e))?;
    Ok(common::ChainVerification {
        stream_id: report.stream_id.clone(),
        events: report.events,
        intact: report.is_intact(),
        first_broken_version: report.first_broken_version.unwrap_or_default(),
        head_hash: hex::encode(report.head_hash),
    })
}
