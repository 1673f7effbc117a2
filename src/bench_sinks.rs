//! The sinks `berdaya bench --scenario projection` measures with: one that counts what
//! another settled, one that applies nothing (the transport alone), and the reporting
//! inbox one event per transaction (the shape before batches).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use berdaya_messaging::{
    Applied, EventEnvelope, Inbox, MessagingError, Outcome, ParkedMessage, Parking, Sink,
};
use sqlx::Any;
use tokio_util::sync::CancellationToken;

/// Counts the events a sink settled; `done` fires once all are.
pub(crate) struct Counting<S> {
    pub(crate) inner: Arc<S>,
    pub(crate) settled: AtomicUsize,
    pub(crate) target: usize,
    pub(crate) done: CancellationToken,
}

#[async_trait]
impl<S: Sink> Sink for Counting<S> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome> {
        let outcomes = self.inner.deliver(events).await;
        let settled = outcomes.iter().filter(|o| o.is_ok()).count();
        if self.settled.fetch_add(settled, Ordering::SeqCst) + settled >= self.target {
            self.done.cancel();
        }
        outcomes
    }

    async fn park(&self, parked: &ParkedMessage, parking: Parking) -> Result<(), MessagingError> {
        self.inner.park(parked, parking).await
    }
}

/// Applies nothing: the transport alone.
pub(crate) struct NoApply;

#[async_trait]
impl Sink for NoApply {
    fn name(&self) -> &str {
        "bench-consume"
    }

    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome> {
        vec![Ok(Applied::Applied); events.len()]
    }

    async fn park(&self, _parked: &ParkedMessage, _parking: Parking) -> Result<(), MessagingError> {
        Ok(())
    }
}

/// The reporting inbox, one event per transaction.
pub(crate) struct OneByOne(pub(crate) Inbox<Any>);

#[async_trait]
impl Sink for OneByOne {
    fn name(&self) -> &str {
        self.0.consumer()
    }

    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(events.len());
        for event in events {
            outcomes.extend(self.0.apply_batch(std::slice::from_ref(event), None).await);
        }
        outcomes
    }

    async fn park(&self, parked: &ParkedMessage, parking: Parking) -> Result<(), MessagingError> {
        self.0.park_at(parked, parking, None).await
    }
}
