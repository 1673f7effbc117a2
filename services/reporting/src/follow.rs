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
                Err(e) => return Err(e),
            }
        }
    }
    Ok(total)
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
