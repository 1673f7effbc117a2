//! A durable JetStream pull consumer that feeds a [`Sink`] (usually an
//! [`crate::inbox::Inbox`]): batch fetches applied as one batch, explicit acks,
//! redelivery with backoff, and parking after `max_deliver` failed applies.
//!
//! Not every redelivery is a failure. An event that arrived before an earlier one of
//! its stream ([`HandlerError::Early`]: the earlier one is held by a consumer that
//! crashed until `ack_wait` passes, or was handed back during an outage) is handed back
//! with a delay that grows to just over `ack_wait` and is never counted; nor is a
//! delivery that met the database down. Only [`HandlerError::Retry`] uses up the
//! budget, counted by the consumer itself.
//!
//! The consumer is created or checked at start-up with explicit settings: deliver all,
//! explicit ack, `ack_wait`, `max_ack_pending`, one filter subject (NATS 2.9 has no
//! multi-filter consumers: a projection of several contexts runs one consumer per
//! context, or filters on `<prefix>.>`). JetStream's own `MaxDeliver` is left unlimited
//! on purpose: the consumer parks a message in its database once the delivery count
//! reaches `max_deliver`; a server-side limit would strand a message unacknowledged if
//! the database happened to be down at its last delivery, and would count deliveries
//! that were nobody's fault.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::AckKind;
use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, PullConsumer, ReplayPolicy, pull};
use async_nats::jetstream::{Context, Message};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use uuid::Uuid;

use crate::envelope::{EventEnvelope, headers};
use crate::error::MessagingError;
use crate::inbox::{HandlerError, Outcome, ParkedMessage, Sink};
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
        })
    }

    /// The consumer configuration created or checked on the server.
    pub fn config(&self) -> pull::Config {
        let consumer = &self.settings.consumer;
        pull::Config {
            durable_name: Some(self.durable.clone()),
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
        let mut delay = Duration::from_millis(100);
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
                    tracing::warn!(consumer = %self.durable, error = %error, retry_in = ?delay, "consumer failed, retrying");
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        () = stop.cancelled() => {}
                    }
                    delay = (delay * 2).min(Duration::from_secs(5));
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
        while !stop.is_cancelled() {
            let messages = self.fetch(&consumer).await?;
            if messages.is_empty() {
                // Nothing waiting: caught up (an empty fetch has waited fetch_wait_ms).
                lag_seconds.set(0);
                self.observe(&mut consumer, &mut state, true).await;
                continue;
            }
            if let Some(pause) = self.handle(&messages, &mut state).await {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = stop.cancelled() => {}
                }
            }
            self.observe(&mut consumer, &mut state, false).await;
        }
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

    /// Applies one fetched batch and settles every message of it; returns a pause when
    /// the sink's database is down (or a park could not be recorded), so the consumer
    /// does not spin.
    async fn handle(&self, messages: &[Message], state: &mut Deliveries) -> Option<Duration> {
        let mut events = Vec::with_capacity(messages.len());
        let mut carried = Vec::with_capacity(messages.len());
        let mut pause = None;
        for message in messages {
            let delivered = message.info().map_or(1, |info| info.delivered);
            match EventEnvelope::from_message(message.headers.as_ref(), &message.payload) {
                Ok(envelope) => {
                    events.push(envelope);
                    carried.push((message, delivered));
                }
                Err(error) => {
                    let parked = foreign_parked(message, delivered, &error.to_string());
                    pause = pause.or(self.park(message, &parked, delivered).await);
                }
            }
        }
        let Some(oldest) = events.iter().map(|e| e.recorded_at).min() else {
            return pause;
        };
        metrics::CONSUMER_LAG_SECONDS
            .with_label_values(&[self.sink.name()])
            .set(metrics::age_seconds(oldest));
        let span = tracing::info_span!("consume", consumer = %self.sink.name(),
            events = events.len());
        let outcomes = self.sink.deliver(&events).instrument(span.clone()).await;
        if let Some(Err(HandlerError::Unavailable(reason))) = outcomes
            .iter()
            .find(|o| matches!(o, Err(HandlerError::Unavailable(_))))
        {
            state.unavailable += 1;
            let delay = self.settings.consumer.retry_delay(state.unavailable);
            tracing::warn!(consumer = %self.sink.name(), %reason, retry_in = ?delay,
                "cannot apply the batch now (database unavailable); handed back");
            pause = Some(delay);
        } else {
            state.unavailable = 0;
        }
        let mut acks = Vec::new();
        for (((message, delivered), event), outcome) in
            carried.into_iter().zip(&events).zip(outcomes)
        {
            let settled = self
                .settle(message, delivered, event, outcome, state)
                .instrument(span.clone())
                .await;
            match settled {
                Settled::Ack(kind) => acks.push(ack(message, kind)),
                Settled::Pause(delay) => {
                    pause = Some(pause.map_or(delay, |p: Duration| p.max(delay)))
                }
                Settled::Done => {}
            }
        }
        futures::future::join_all(acks).await;
        pause
    }

    /// What to do with one message after its event was applied, or not.
    async fn settle(
        &self,
        message: &Message,
        delivered: i64,
        event: &EventEnvelope,
        outcome: Outcome,
        state: &mut Deliveries,
    ) -> Settled {
        let settings = &self.settings.consumer;
        let name = [self.sink.name()];
        match outcome {
            Ok(_) => {
                state.failures.remove(&event.event_id);
                Settled::Ack(AckKind::Ack)
            }
            Err(HandlerError::Early { .. }) => {
                // Its predecessor is on its way (perhaps held by a consumer that died,
                // until ack_wait): not a failure, so not counted.
                metrics::CONSUMER_EARLY.with_label_values(&name).inc();
                Settled::Ack(AckKind::Nak(Some(settings.early_delay(delivered))))
            }
            // The whole batch met the database down: handed back, the backoff and the
            // pause are the batch's (see `handle`).
            Err(HandlerError::Unavailable(_)) => {
                Settled::Ack(AckKind::Nak(Some(settings.retry_delay(state.unavailable))))
            }
            Err(HandlerError::Retry(reason)) => {
                let failures = state.fail(event.event_id);
                if failures < settings.max_deliver {
                    metrics::CONSUMER_RETRIES.with_label_values(&name).inc();
                    let delay = settings.retry_delay(failures);
                    tracing::info!(event_id = %event.event_id, %reason, failures, retry_in = ?delay,
                        "apply failed, will retry");
                    Settled::Ack(AckKind::Nak(Some(delay)))
                } else {
                    state.failures.remove(&event.event_id);
                    self.park_event(message, event, delivered, &reason).await
                }
            }
            Err(error @ HandlerError::Reject(_)) => {
                state.failures.remove(&event.event_id);
                self.park_event(message, event, delivered, &error.to_string())
                    .await
            }
        }
    }

    async fn park_event(
        &self,
        message: &Message,
        event: &EventEnvelope,
        delivered: i64,
        reason: &str,
    ) -> Settled {
        let parked = ParkedMessage::for_event(event, &message.subject, delivered, reason);
        match self.park(message, &parked, delivered).await {
            Some(delay) => Settled::Pause(delay),
            None => Settled::Done,
        }
    }

    async fn park(
        &self,
        message: &Message,
        parked: &ParkedMessage,
        delivered: i64,
    ) -> Option<Duration> {
        match self.sink.park(parked).await {
            Ok(()) => {
                ack(message, AckKind::Term).await;
                None
            }
            Err(error) => {
                let delay = self.settings.consumer.retry_delay(delivered);
                tracing::warn!(error = %error, "cannot park message, will retry");
                ack(message, AckKind::Nak(Some(delay))).await;
                Some(delay)
            }
        }
    }
}

/// What became of one message.
enum Settled {
    /// Acknowledge it so (an ack, or a NAK with a delay).
    Ack(AckKind),
    /// Handed back (already acknowledged); pause before the next fetch.
    Pause(Duration),
    /// Parked and terminated.
    Done,
}

/// What the consumer remembers between batches.
#[derive(Debug, Default)]
struct Deliveries {
    /// Failed applies ([`HandlerError::Retry`]) per event: the retry budget. Counted
    /// here rather than from the server's delivery count, which also counts the
    /// redeliveries of early events and of outages, which are nobody's fault. Lost on a
    /// restart, which only ever grants more tries, never fewer.
    failures: HashMap<Uuid, i64>,
    /// Consecutive batches the database was down for, for the backoff.
    unavailable: i64,
    /// When the server was last asked how far behind the consumer is.
    observed: Option<std::time::Instant>,
}

impl Deliveries {
    /// Most events whose failures are remembered; beyond it the oldest are forgotten
    /// (they were settled by another replica, most likely).
    const REMEMBERED: usize = 10_000;

    /// Counts one more failure of `event_id`; returns the count.
    fn fail(&mut self, event_id: Uuid) -> i64 {
        if self.failures.len() >= Self::REMEMBERED {
            self.failures.clear();
        }
        let failures = self.failures.entry(event_id).or_insert(0);
        *failures += 1;
        *failures
    }
}

/// A parked record for a message that is not a Berdaya event.
fn foreign_parked(message: &Message, delivered: i64, reason: &str) -> ParkedMessage {
    let sequence = message.info().map_or(0, |info| info.stream_sequence);
    let headers: serde_json::Map<String, serde_json::Value> = message
        .headers
        .iter()
        .flat_map(|map| map.iter())
        .map(|(name, values)| {
            let value = values.first().map(|v| v.as_str()).unwrap_or_default();
            (name.to_string(), serde_json::Value::from(value))
        })
        .collect();
    let event_id = message
        .headers
        .as_ref()
        .and_then(|map| map.get(headers::EVENT_ID))
        .and_then(|v| v.as_str().parse().ok());
    ParkedMessage {
        key: format!("nats-seq-{sequence}"),
        subject: message.subject.to_string(),
        event_id,
        event_type: String::new(),
        stream_id: String::new(),
        version: None,
        deliveries: delivered,
        reason: reason.to_owned(),
        headers: serde_json::Value::Object(headers).to_string(),
        payload: message.payload.to_vec(),
        parked_at: chrono::Utc::now(),
    }
}

/// Acknowledges; a lost ack only means a redelivery, which the sink recognises.
async fn ack(message: &Message, kind: AckKind) {
    if let Err(error) = message.ack_with(kind).await {
        tracing::debug!(error = %error, "acknowledgement not sent; the message will come again");
    }
}
