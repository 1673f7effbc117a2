//! A durable JetStream pull consumer that feeds a [`Sink`] (usually an
//! [`crate::inbox::Inbox`]): batch fetches applied as one batch, explicit acks,
//! redelivery with backoff, and parking after `max_deliver` failed applies.
//!
//! Not every redelivery is a failure. An event that arrived before an earlier one of
//! its stream ([`crate::inbox::HandlerError::Early`]: the earlier one is held by a consumer that
//! crashed until `ack_wait` passes, or was handed back during an outage) is handed back
//! with a delay that grows to just over `ack_wait` and is never counted; nor is a
//! delivery that met the database down. Only [`crate::inbox::HandlerError::Retry`]
//! uses up the budget, counted by the consumer itself.
//!
//! The consumer is created or checked at start-up with explicit settings: deliver all,
//! explicit ack, `ack_wait`, `max_ack_pending`, one filter subject (NATS 2.9 has no
//! multi-filter consumers: a projection of several contexts runs one consumer per
//! context, or filters on `<prefix>.>`). JetStream's own `MaxDeliver` is left unlimited
//! on purpose: the consumer parks a message in its database once `max_deliver` applies
//! of it failed; a server-side limit would strand a message unacknowledged if
//! the database happened to be down at its last delivery, and would count deliveries
//! that were nobody's fault.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, PullConsumer, ReplayPolicy, pull};
use async_nats::jetstream::{Context, Message};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

mod settle;

use settle::{Deliveries, hand_back};

use crate::backoff::Backoff;
use crate::error::MessagingError;
use crate::inbox::Sink;
use crate::metrics;
use crate::settings::NatsSettings;
use crate::subject::{is_filter_subject, stream_subjects};

/// A durable pull consumer of the deployment's stream.
#[derive(Debug)]
pub struct JetStreamConsumer<S: Sink> {
    settings: NatsSettings,
    durable: String,
    filter: String,
    sink: Arc<S>,
    /// For a tool's consumer: the server deletes it this long after its client is gone,
    /// instead of keeping its position for good.
    ephemeral: Option<Duration>,
}

impl<S: Sink> JetStreamConsumer<S> {
    /// The consumer `durable` (its name on the server, and so its position in the
    /// stream), receiving the subjects matching `filter` (default: every subject of the
    /// stream), delivering to `sink`.
    ///
    /// # Errors
    /// [`MessagingError::Nats`] for an invalid durable name or filter.
    pub fn new(
        settings: NatsSettings,
        durable: &str,
        filter: Option<&str>,
        sink: Arc<S>,
    ) -> Result<Self, MessagingError> {
        if durable.is_empty()
            || durable
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '.' | '*' | '>' | '/' | '\\'))
        {
            return Err(MessagingError::Nats(format!(
                "durable name {durable:?} must be a name without spaces, '.', '*', '>' or slashes"
            )));
        }
        let filter =
            filter.map_or_else(|| stream_subjects(&settings.subject_prefix), str::to_owned);
        if !is_filter_subject(&filter) {
            return Err(MessagingError::Nats(format!(
                "invalid subject filter {filter:?}"
            )));
        }
        Ok(Self {
            settings,
            durable: durable.to_owned(),
            filter,
            sink,
            ephemeral: None,
        })
    }

    /// Makes this an ephemeral consumer (for a tool such as `berdaya events tail`):
    /// JetStream removes it `inactive` after its client stops fetching, so nothing is
    /// left behind on the server.
    #[must_use]
    pub fn ephemeral(mut self, inactive: Duration) -> Self {
        self.ephemeral = Some(inactive);
        self
    }

    /// The consumer configuration created or checked on the server.
    pub fn config(&self) -> pull::Config {
        let consumer = &self.settings.consumer;
        let (name, durable_name, inactive_threshold) = match self.ephemeral {
            Some(inactive) => (Some(self.durable.clone()), None, inactive),
            None => (None, Some(self.durable.clone()), Duration::ZERO),
        };
        pull::Config {
            name,
            durable_name,
            inactive_threshold,
            description: Some(format!("berdaya consumer {}", self.sink.name())),
            deliver_policy: DeliverPolicy::All,
            ack_policy: AckPolicy::Explicit,
            ack_wait: Duration::from_secs(consumer.ack_wait_secs),
            max_deliver: -1,
            filter_subject: self.filter.clone(),
            replay_policy: ReplayPolicy::Instant,
            max_ack_pending: consumer.max_ack_pending,
            ..pull::Config::default()
        }
    }

    /// Consumes until `stop` is cancelled. NATS outages are waited out: the client
    /// reconnects and the consumer fetches again.
    ///
    /// # Errors
    /// [`MessagingError::StreamMismatch`] when the stream cannot match the settings.
    pub async fn run(&self, stop: CancellationToken) -> Result<(), MessagingError> {
        let client_name = format!("berdaya-consumer-{}", self.durable);
        let client = crate::jetstream::connect(&self.settings, &client_name, true).await?;
        let js = crate::jetstream::context(client);
        let mut backoff = Backoff::new(Duration::from_secs(5));
        while !stop.is_cancelled() {
            let outcome = async {
                let consumer = self.setup(&js).await?;
                self.consume(&consumer, &stop).await
            }
            .await;
            match outcome {
                Ok(()) => return Ok(()),
                Err(error @ MessagingError::StreamMismatch { .. }) => return Err(error),
                Err(error) => {
                    let delay = backoff.next_delay();
                    tracing::warn!(consumer = %self.durable, error = %error, retry_in = ?delay, "consumer failed, retrying");
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        () = stop.cancelled() => {}
                    }
                }
            }
        }
        Ok(())
    }

    async fn setup(&self, js: &Context) -> Result<PullConsumer, MessagingError> {
        crate::jetstream::ensure_stream(
            js,
            &self.settings,
            crate::jetstream::StreamChange::CheckOnly,
        )
        .await?;
        let stream = js
            .get_stream(&self.settings.stream)
            .await
            .map_err(|e| MessagingError::Nats(format!("getting stream: {e}")))?;
        stream
            .create_consumer(self.config())
            .await
            .map_err(|e| MessagingError::Nats(format!("creating consumer {}: {e}", self.durable)))
    }

    async fn consume(
        &self,
        consumer: &PullConsumer,
        stop: &CancellationToken,
    ) -> Result<(), MessagingError> {
        let name = [self.sink.name()];
        let lag_seconds = metrics::CONSUMER_LAG_SECONDS.with_label_values(&name);
        let mut state = Deliveries::default();
        let mut consumer = consumer.clone();
        let mut ready = self.fetch(&consumer).await?;
        while !stop.is_cancelled() {
            if ready.is_empty() {
                // Nothing waiting: caught up (an empty fetch has waited fetch_wait_ms).
                lag_seconds.set(0);
                self.observe(&mut consumer, &mut state, true).await;
                ready = self.fetch(&consumer).await?;
                continue;
            }
            // The next batch is fetched while this one is applied.
            let (pause, next) =
                tokio::join!(self.handle(&ready, &mut state), self.fetch(&consumer));
            let next = next?;
            ready = match pause {
                Some(pause) => {
                    // The database is down: the prefetched batch goes back too.
                    hand_back(&next, Some(pause)).await;
                    tokio::select! {
                        () = tokio::time::sleep(pause) => self.fetch(&consumer).await?,
                        () = stop.cancelled() => Vec::new(),
                    }
                }
                None => next,
            };
            self.observe(&mut consumer, &mut state, false).await;
        }
        // Stopping: what was fetched but not applied goes back at once, for the next
        // process rather than after ack_wait.
        hand_back(&ready, None).await;
        Ok(())
    }

    /// One fetch: whatever is waiting, up to `batch` messages (waiting up to
    /// `fetch_wait_ms` when nothing is).
    async fn fetch(&self, consumer: &PullConsumer) -> Result<Vec<Message>, MessagingError> {
        let settings = &self.settings.consumer;
        let mut batch = consumer
            .fetch()
            .max_messages(settings.batch)
            .expires(Duration::from_millis(settings.fetch_wait_ms))
            .messages()
            .await
            .map_err(|e| MessagingError::Nats(format!("fetch: {e}")))?;
        let mut messages = Vec::with_capacity(settings.batch);
        while let Some(message) = batch.next().await {
            messages.push(message.map_err(|e| MessagingError::Nats(format!("fetch: {e}")))?);
        }
        Ok(messages)
    }

    /// Updates the messages-behind gauge from the server, at most once a second while
    /// busy (and after every empty fetch).
    async fn observe(&self, consumer: &mut PullConsumer, state: &mut Deliveries, idle: bool) {
        if !idle
            && state
                .observed
                .is_some_and(|at| at.elapsed() < Duration::from_secs(1))
        {
            return;
        }
        state.observed = Some(std::time::Instant::now());
        if let Ok(info) = consumer.info().await {
            let behind = info.num_pending.saturating_add(info.num_ack_pending as u64);
            metrics::CONSUMER_LAG_MESSAGES
                .with_label_values(&[self.sink.name()])
                .set(i64::try_from(behind).unwrap_or(i64::MAX));
        }
    }
}
