//! The relay: publishes a service's committed log to JetStream.
//!
//! The event log is the outbox. The relay reads it with [`EventStore::read_all`] from a
//! checkpoint kept in the service's own database, publishes each event to
//! `<prefix>.<context>.<EventType>` with `Nats-Msg-Id` = event id, keeps at most
//! `max_in_flight` acknowledgements outstanding, and advances the checkpoint only over
//! events whose acknowledgements came back, in log order. After any failure it drops its
//! connection, backs off, and starts again from the checkpoint: what was published but
//! not checkpointed is published again and JetStream drops it as a duplicate (within the
//! stream's duplicate window), so nothing is lost and nothing is stored twice.
//!
//! With several replicas, [`run_with_leadership`] makes sure only the holder of the
//! service's advisory lock relays.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::Context;
use berdaya_eventstore::{EventStore, LogCursor, RecordedEvent};
use futures::StreamExt;
use futures::stream::FuturesOrdered;
use sqlx::postgres::PgConnectOptions;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::backoff::Backoff;
use crate::envelope::EventEnvelope;
use crate::error::MessagingError;
use crate::leader::LeaderLock;
use crate::metrics;
use crate::settings::NatsSettings;
use crate::subject::event_subject;

/// Publishes one service's log.
#[derive(Debug, Clone)]
pub struct Relay {
    store: Arc<dyn EventStore>,
    settings: NatsSettings,
    context: String,
}

impl Relay {
    /// The relay of `context` (e.g. `households`) over that service's store.
    pub fn new(store: Arc<dyn EventStore>, settings: NatsSettings, context: &str) -> Self {
        Self {
            store,
            settings,
            context: context.to_owned(),
        }
    }

    /// The name of this relay's checkpoint in the service's store: one per stream, so
    /// pointing a service at a new stream republishes its whole history there.
    pub fn checkpoint_name(&self) -> String {
        format!("nats:{}", self.settings.stream)
    }

    /// Relays until `stop` is cancelled, then publishes what is left (for at most the
    /// relay's flush deadline) and returns. Failures are retried with backoff; this
    /// only returns early if the stream cannot be made to match the settings.
    ///
    /// # Errors
    /// [`MessagingError::StreamMismatch`].
    pub async fn run(&self, stop: &CancellationToken) -> Result<(), MessagingError> {
        let mut backoff = Backoff::new(Duration::from_millis(self.settings.relay.max_backoff_ms));
        let flush_deadline = Duration::from_millis(self.settings.relay.flush_deadline_ms);
        // Once stopping, failed flushes are retried until the flush deadline: a publish
        // that timed out under load should not leave the last events for the next start.
        let mut flush_until: Option<tokio::time::Instant> = None;
        loop {
            match self.session(stop, &mut backoff).await {
                Ok(()) => return Ok(()),
                Err(error @ MessagingError::StreamMismatch { .. }) => return Err(error),
                Err(error) => {
                    metrics::RELAY_ERRORS
                        .with_label_values(&[&self.context])
                        .inc();
                    let delay = backoff.next_delay();
                    tracing::warn!(context = %self.context, error = %error, retry_in = ?delay, "relay failed, retrying");
                    if stop.is_cancelled() {
                        let until = *flush_until
                            .get_or_insert_with(|| tokio::time::Instant::now() + flush_deadline);
                        let now = tokio::time::Instant::now();
                        if now >= until {
                            return Ok(());
                        }
                        tokio::time::sleep(delay.min(until - now)).await;
                        continue;
                    }
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        () = stop.cancelled() => {}
                    }
                }
            }
        }
    }

    /// One connection's worth of relaying: ends on stop (after flushing) or on the first
    /// failure.
    async fn session(
        &self,
        stop: &CancellationToken,
        backoff: &mut Backoff,
    ) -> Result<(), MessagingError> {
        let name = format!("berdaya-relay-{}", self.context);
        let client = crate::jetstream::connect(&self.settings, &name, false).await?;
        let js = crate::jetstream::context(client);
        crate::jetstream::ensure_stream(&js, &self.settings, crate::jetstream::StreamChange::Align)
            .await?;
        tracing::info!(context = %self.context, stream = %self.settings.stream, "relay connected");
        let poll = Duration::from_millis(self.settings.relay.poll_interval_ms);
        while !stop.is_cancelled() {
            let relayed = self.round(&js).await?;
            backoff.reset();
            if relayed == 0 {
                tokio::select! {
                    () = tokio::time::sleep(poll) => {}
                    () = stop.cancelled() => {}
                }
            }
        }
        let deadline = Duration::from_millis(self.settings.relay.flush_deadline_ms);
        let flush = async {
            while self.round(&js).await? > 0 {}
            Ok::<(), MessagingError>(())
        };
        match tokio::time::timeout(deadline, flush).await {
            Ok(result) => {
                result?;
                tracing::info!(context = %self.context, "relay flushed");
            }
            Err(_) => {
                tracing::warn!(context = %self.context, ?deadline, "relay flush deadline passed")
            }
        }
        Ok(())
    }

    /// Reads one batch after the checkpoint, publishes it and checkpoints what was
    /// acknowledged. Returns how many events were relayed.
    async fn round(&self, js: &Context) -> Result<usize, MessagingError> {
        let checkpoint_name = self.checkpoint_name();
        let from = self.store.relay_checkpoint(&checkpoint_name).await?;
        let events = self.store.read_all(from, self.settings.relay.batch).await?;
        let lag = metrics::RELAY_LAG_SECONDS.with_label_values(&[&self.context]);
        let Some(first) = events.first() else {
            lag.set(0);
            return Ok(0);
        };
        lag.set(metrics::age_seconds(first.recorded_at));
        let count = events.len();
        let span = tracing::info_span!("relay.publish", context = %self.context, events = count);
        let (acked, outcome) = self.publish(js, events).instrument(span).await;
        if let Some(cursor) = acked {
            self.store
                .save_relay_checkpoint(&checkpoint_name, cursor)
                .await?;
        }
        outcome.map(|()| count)
    }

    /// Publishes `events` pipelined; returns the cursor of the last event of the
    /// unbroken acknowledged prefix, and the first failure if any.
    async fn publish(
        &self,
        js: &Context,
        events: Vec<RecordedEvent>,
    ) -> (Option<LogCursor>, Result<(), MessagingError>) {
        let max_in_flight = self.settings.relay.max_in_flight;
        let published = metrics::RELAY_PUBLISHED.with_label_values(&[&self.context]);
        let duplicates = metrics::RELAY_DUPLICATES.with_label_values(&[&self.context]);
        let mut in_flight = FuturesOrdered::new();
        let mut acked = None;
        let mut events = events.into_iter();
        loop {
            // Keep the pipe full, then settle the oldest acknowledgement.
            while in_flight.len() < max_in_flight {
                let Some(event) = events.next() else { break };
                let envelope = EventEnvelope::from_recorded(&self.context, &event);
                let subject = event_subject(
                    &self.settings.subject_prefix,
                    &self.context,
                    &event.event_type,
                );
                let sent = js
                    .publish_with_headers(subject, envelope.to_headers(), event.payload.into())
                    .await;
                let cursor = event.cursor;
                in_flight.push_back(async move {
                    match sent {
                        Ok(ack) => (cursor, ack.await.map_err(|e| e.to_string())),
                        Err(e) => (cursor, Err(e.to_string())),
                    }
                });
            }
            let Some((cursor, result)) = in_flight.next().await else {
                return (acked, Ok(()));
            };
            match result {
                Ok(ack) => {
                    published.inc();
                    if ack.duplicate {
                        duplicates.inc();
                    }
                    acked = Some(cursor);
                }
                Err(error) => {
                    return (
                        acked,
                        Err(MessagingError::Nats(format!("publish: {error}"))),
                    );
                }
            }
        }
    }
}

/// Runs `relay` whenever this process holds the service's relay lock, until `stop`.
///
/// A standby tries the lock every `standby_retry_ms`; the holder relays until it is
/// stopped (then flushes and releases) or loses its lock connection (then stops at
/// once and competes again).
///
/// # Errors
/// [`MessagingError::StreamMismatch`]; everything else is retried.
pub async fn run_with_leadership(
    relay: Relay,
    lock_options: PgConnectOptions,
    stop: CancellationToken,
) -> Result<(), MessagingError> {
    let context = relay.context.clone();
    let leader = metrics::RELAY_LEADER.with_label_values(&[&context]);
    let standby = Duration::from_millis(relay.settings.relay.standby_retry_ms);
    let mut backoff = Backoff::new(Duration::from_millis(relay.settings.relay.max_backoff_ms));
    while !stop.is_cancelled() {
        let wait = match LeaderLock::try_acquire(&lock_options, &context).await {
            Ok(Some(mut lock)) => {
                backoff.reset();
                leader.set(1);
                tracing::info!(context = %context, "active relay");
                let session = CancellationToken::new();
                let outcome = {
                    let run = relay.run(&session);
                    tokio::pin!(run);
                    tokio::select! {
                        result = &mut run => result,
                        () = stop.cancelled() => {
                            session.cancel();
                            run.await
                        }
                        error = lock.lost() => {
                            tracing::warn!(context = %context, error = %error, "relay lock lost, standing by");
                            session.cancel();
                            // Stop without flushing: another replica may be relaying.
                            Ok(())
                        }
                    }
                };
                leader.set(0);
                lock.release().await;
                outcome?;
                standby
            }
            Ok(None) => standby,
            Err(error) => {
                let delay = backoff.next_delay();
                tracing::warn!(context = %context, error = %error, retry_in = ?delay, "cannot reach PostgreSQL for the relay lock");
                delay
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = stop.cancelled() => {}
        }
    }
    Ok(())
}
