//! A durable JetStream pull consumer that feeds a [`Sink`] (usually an
//! [`crate::inbox::Inbox`]): explicit acks, batch fetches, redelivery with backoff, and
//! parking after `max_deliver` deliveries.
//!
//! The consumer is created or checked at start-up with explicit settings: deliver all,
//! explicit ack, `ack_wait`, `max_ack_pending`, one filter subject (NATS 2.9 has no
//! multi-filter consumers: a projection of several contexts runs one consumer per
//! context, or filters on `<prefix>.>`). JetStream's own `MaxDeliver` is left unlimited
//! on purpose: the consumer parks a message in its database once the delivery count
//! reaches `max_deliver`; a server-side limit would strand a message unacknowledged if
//! the database happened to be down at its last delivery.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::AckKind;
use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, PullConsumer, ReplayPolicy, pull};
use async_nats::jetstream::{Context, Message};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::envelope::{EventEnvelope, headers};
use crate::error::MessagingError;
use crate::inbox::{HandlerError, ParkedMessage, Sink};
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
        let settings = &self.settings.consumer;
        let lag = metrics::CONSUMER_LAG_MESSAGES.with_label_values(&[self.sink.name()]);
        let mut consumer = consumer.clone();
        while !stop.is_cancelled() {
            let mut batch = consumer
                .fetch()
                .max_messages(settings.batch)
                .expires(Duration::from_millis(settings.fetch_wait_ms))
                .messages()
                .await
                .map_err(|e| MessagingError::Nats(format!("fetch: {e}")))?;
            let mut pause = None;
            while let Some(message) = batch.next().await {
                let message = message.map_err(|e| MessagingError::Nats(format!("fetch: {e}")))?;
                if stop.is_cancelled() || pause.is_some() {
                    // Stopping, or the sink's database is down: hand the rest of the
                    // batch back at once rather than letting it wait for ack_wait.
                    ack(&message, AckKind::Nak(None)).await;
                    continue;
                }
                pause = self.handle(&message).await;
            }
            if let Some(pause) = pause {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = stop.cancelled() => {}
                }
            }
            if let Ok(info) = consumer.info().await {
                let behind = info.num_pending.saturating_add(info.num_ack_pending as u64);
                lag.set(i64::try_from(behind).unwrap_or(i64::MAX));
            }
        }
        Ok(())
    }

    /// Applies one message and acknowledges it; returns a pause when the sink's
    /// database is down (or a park could not be recorded), so the consumer does not
    /// spin through its batch.
    async fn handle(&self, message: &Message) -> Option<Duration> {
        let (delivered, sequence) = message
            .info()
            .map(|info| (info.delivered, info.stream_sequence))
            .unwrap_or((1, 0));
        let subject = message.subject.to_string();
        let envelope = match EventEnvelope::from_message(message.headers.as_ref(), &message.payload)
        {
            Ok(envelope) => envelope,
            Err(error) => {
                let parked =
                    foreign_parked(message, &subject, sequence, delivered, &error.to_string());
                return self.park(message, &parked, delivered).await;
            }
        };
        let span = tracing::info_span!("consume", consumer = %self.sink.name(), %subject,
            event_id = %envelope.event_id, stream_id = %envelope.stream_id,
            version = envelope.version, delivered);
        berdaya_platform::telemetry::set_remote_parent(&span, &envelope.metadata.traceparent);
        let max_deliver = self.settings.consumer.max_deliver;
        metrics::CONSUMER_LAG_SECONDS
            .with_label_values(&[self.sink.name()])
            .set(metrics::age_seconds(envelope.recorded_at));
        // A panicking handler counts as a rejection: parked, not a crash loop.
        let outcome = crate::inbox::unwinding(self.sink.deliver(&envelope))
            .instrument(span.clone())
            .await;
        async {
            match outcome {
                Ok(_) => {
                    ack(message, AckKind::Ack).await;
                    None
                }
                Err(HandlerError::Unavailable(reason)) => {
                    tracing::warn!(%reason, "consumer database unavailable");
                    let delay = self.settings.consumer.retry_delay(delivered);
                    ack(message, AckKind::Nak(Some(delay))).await;
                    Some(delay)
                }
                Err(HandlerError::Retry(reason)) if delivered < max_deliver => {
                    metrics::CONSUMER_RETRIES
                        .with_label_values(&[self.sink.name()])
                        .inc();
                    let delay = self.settings.consumer.retry_delay(delivered);
                    tracing::info!(%reason, retry_in = ?delay, "apply failed, will retry");
                    ack(message, AckKind::Nak(Some(delay))).await;
                    None
                }
                Err(error) => {
                    let parked = ParkedMessage::for_event(
                        &envelope,
                        &subject,
                        delivered,
                        &error.to_string(),
                    );
                    self.park(message, &parked, delivered).await
                }
            }
        }
        .instrument(span)
        .await
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

/// A parked record for a message that is not a Berdaya event.
fn foreign_parked(
    message: &Message,
    subject: &str,
    sequence: u64,
    delivered: i64,
    reason: &str,
) -> ParkedMessage {
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
        subject: subject.to_owned(),
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
