//! The embedded mode's feed: each service's own event store, followed by a
//! `berdaya-messaging` [`LocalSource`] into the read model's inbox (batches read from
//! the checkpoint and applied in one transaction with it). The distributed mode feeds
//! the same inbox from NATS instead.

use std::sync::Arc;
use std::time::Duration;

use berdaya_eventstore::EventStore;
use berdaya_messaging::{ConsumerSettings, LocalSource};
use sqlx::Any;
use tokio_util::sync::CancellationToken;

use crate::store::{ReadModel, ReadModelError};

/// Events read and applied per transaction.
pub const BATCH: usize = 500;

/// A named event log the projection follows.
#[derive(Debug, Clone)]
pub struct Source {
    /// The source's name (its context, e.g. `households`), the checkpoint's key.
    pub name: String,
    /// Its event store.
    pub store: Arc<dyn EventStore>,
}

fn follower(model: &ReadModel, source: &Source) -> LocalSource<Any> {
    let settings = ConsumerSettings {
        batch: BATCH,
        ..ConsumerSettings::default()
    };
    LocalSource::new(
        source.store.clone(),
        &source.name,
        model.inbox().clone(),
        settings,
    )
}

/// Applies every source's events not yet applied; `progress` hears of every batch.
/// Returns how many events were gone through. An event that cannot be applied is
/// parked, as in the live projection.
///
/// # Errors
/// A source log or the read model's database that fails: the checkpoint stays before
/// what was not applied.
pub async fn catch_up(
    model: &ReadModel,
    sources: &[Source],
    mut progress: impl FnMut(usize),
) -> Result<usize, ReadModelError> {
    let mut total = 0;
    for source in sources {
        total += follower(model, source)
            .catch_up_with(&mut progress)
            .await
            .map_err(|e| ReadModelError::Source(e.to_string()))?;
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
    let stop = CancellationToken::new();
    let followers: Vec<_> = sources
        .iter()
        .map(|source| {
            let follower = follower(&model, source).with_poll_interval(interval);
            let stop = stop.clone();
            tokio::spawn(async move {
                if let Err(error) = follower.run(stop).await {
                    tracing::error!(source = %follower.source_name(), %error, "reporting feed stopped");
                }
            })
        })
        .collect();
    shutdown.await;
    stop.cancel();
    for follower in followers {
        let _ = follower.await;
    }
}
