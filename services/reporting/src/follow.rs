//! The embedded mode's feed: follow each service's own event store (`read_all` from the
//! checkpoint kept in the read model) and apply in batches. Distributed mode feeds the
//! same [`ReadModel::apply`] from NATS instead.

use std::sync::Arc;
use std::time::Duration;

use berdaya_eventstore::EventStore;
use berdaya_messaging::EventEnvelope;

use crate::store::{ReadModel, ReadModelError, SourceBatch};

/// Events read and applied per transaction.
pub const BATCH: i64 = 500;

/// A named event log the projection follows.
#[derive(Debug, Clone)]
pub struct Source {
    /// The source's name (its context, e.g. `households`), the checkpoint's key.
    pub name: String,
    /// Its event store.
    pub store: Arc<dyn EventStore>,
}

/// Applies every source's events not yet applied; returns how many were applied.
///
/// # Errors
/// A store error (`Database`) or a poison event (`Projection`): the checkpoint stays
/// before the failing batch.
pub async fn catch_up(
    model: &ReadModel,
    sources: &[Source],
    mut progress: impl FnMut(usize),
) -> Result<usize, ReadModelError> {
    let mut total = 0;
    for source in sources {
        loop {
            let after = model.checkpoint(&source.name).await?;
            let batch = source
                .store
                .read_all(after, BATCH)
                .await
                .map_err(|e| ReadModelError::Source(e.to_string()))?;
            let Some(last) = batch.last().map(|e| e.cursor) else {
                break;
            };
            let envelopes: Vec<EventEnvelope> = batch
                .iter()
                .map(|e| EventEnvelope::from_recorded(&source.name, e))
                .collect();
            let position = SourceBatch {
                name: &source.name,
                after,
                last,
            };
            match model.apply(&envelopes, Some(&position)).await {
                Ok(applied) => {
                    total += batch.len();
                    progress(batch.len());
                    tracing::debug!(source = %source.name, applied = applied.applied, "projected");
                }
                // A rebuild swapped the tables under us: read again from their checkpoint.
                Err(ReadModelError::Stale(_)) => continue,
                // One event can never apply: apply the batch one by one, parking it.
                Err(ReadModelError::Projection(_)) => {
                    one_by_one(model, &source.name, after, &batch, &envelopes).await?;
                    total += batch.len();
                    progress(batch.len());
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(total)
}

/// Applies a batch that holds an event the projection can never apply, one event per
/// transaction, parking that event (see [`crate::poison`]) so its neighbours still count.
async fn one_by_one(
    model: &ReadModel,
    name: &str,
    mut after: berdaya_eventstore::LogCursor,
    batch: &[berdaya_eventstore::RecordedEvent],
    envelopes: &[EventEnvelope],
) -> Result<(), ReadModelError> {
    for (recorded, envelope) in batch.iter().zip(envelopes) {
        let position = SourceBatch {
            name,
            after,
            last: recorded.cursor,
        };
        match model
            .apply(std::slice::from_ref(envelope), Some(&position))
            .await
        {
            Ok(_) => {}
            Err(ReadModelError::Projection(e)) => {
                model
                    .pass_poisoned(envelope, &e.to_string(), &position)
                    .await?;
            }
            Err(e) => return Err(e),
        }
        after = recorded.cursor;
    }
    Ok(())
}

/// Follows the sources until `shutdown` resolves, polling every `interval` when idle.
/// Failures are logged and retried: the projection lags, it never skips.
pub async fn run(
    model: ReadModel,
    sources: Vec<Source>,
    interval: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        if let Err(error) = catch_up(&model, &sources, |_| {}).await {
            tracing::warn!(%error, "reporting projection failed; retrying");
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(interval) => {}
        }
    }
}
