//! What becomes of each message of a fetched batch once its events were applied,
//! or not: acknowledged, handed back (with a delay), or parked.

use std::collections::HashMap;
use std::time::Duration;

use async_nats::jetstream::AckKind;
use async_nats::jetstream::Message;
use tracing::Instrument;
use uuid::Uuid;

use super::JetStreamConsumer;
use crate::envelope::{EventEnvelope, headers};
use crate::inbox::{HandlerError, Outcome, ParkedMessage, Parking, Sink};
use crate::metrics;

impl<S: Sink> JetStreamConsumer<S> {
    /// Applies one fetched batch and settles every message of it; returns a pause when
    /// the sink's database is down (or a park could not be recorded), so the consumer
    /// does not spin.
    pub(super) async fn handle(
        &self,
        messages: &[Message],
        state: &mut Deliveries,
    ) -> Option<Duration> {
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
                    pause = pause.or(self.park(message, &parked, Parking::Hold, delivered).await);
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
                    self.park_event(message, event, delivered, &reason, Parking::Hold)
                        .await
                }
            }
            Err(error @ HandlerError::Reject(_)) => {
                state.failures.remove(&event.event_id);
                self.park_event(
                    message,
                    event,
                    delivered,
                    &error.to_string(),
                    Parking::MovePast,
                )
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
        parking: Parking,
    ) -> Settled {
        let parked = ParkedMessage::for_event(event, &message.subject, delivered, reason);
        match self.park(message, &parked, parking, delivered).await {
            Some(delay) => Settled::Pause(delay),
            None => Settled::Done,
        }
    }

    async fn park(
        &self,
        message: &Message,
        parked: &ParkedMessage,
        parking: Parking,
        delivered: i64,
    ) -> Option<Duration> {
        match self.sink.park(parked, parking).await {
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
pub(super) struct Deliveries {
    /// Failed applies ([`HandlerError::Retry`]) per event: the retry budget. Counted
    /// here rather than from the server's delivery count, which also counts the
    /// redeliveries of early events and of outages, which are nobody's fault. Lost on a
    /// restart, which only ever grants more tries, never fewer.
    failures: HashMap<Uuid, i64>,
    /// Consecutive batches the database was down for, for the backoff.
    unavailable: i64,
    /// When the server was last asked how far behind the consumer is.
    pub(super) observed: Option<std::time::Instant>,
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

/// Hands messages back unapplied, for redelivery after `delay` (at once without).
pub(super) async fn hand_back(messages: &[Message], delay: Option<Duration>) {
    futures::future::join_all(messages.iter().map(|m| ack(m, AckKind::Nak(delay)))).await;
}

/// Acknowledges; a lost ack only means a redelivery, which the sink recognises.
async fn ack(message: &Message, kind: AckKind) {
    if let Err(error) = message.ack_with(kind).await {
        tracing::debug!(error = %error, "acknowledgement not sent; the message will come again");
    }
}
