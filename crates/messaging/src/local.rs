//! The embedded mode's transport: follows another service's store directly.
//!
//! In `berdaya up` every service runs in one process and there is no NATS. A
//! [`LocalSource`] reads the source store's committed log with
//! [`EventStore::read_all`] and applies each event through the same [`Inbox`] and
//! [`EventHandler`](crate::inbox::EventHandler) a JetStream consumer would use. Its checkpoint (`consumer_checkpoints`, source
//! `local:<context>`) is written in the same transaction as each apply, so a restart
//! resumes exactly after the last applied event. Retries and parking follow the same
//! rules as over NATS: `max_deliver` tries for [`HandlerError::Retry`], at once for
//! [`HandlerError::Reject`], never for [`HandlerError::Unavailable`].

use std::sync::Arc;
use std::time::Duration;

use berdaya_eventstore::{EventStore, RecordedEvent};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::envelope::EventEnvelope;
use crate::error::MessagingError;
use crate::inbox::{HandlerError, Inbox, InboxDatabase, ParkedMessage};
use crate::metrics;
use crate::settings::ConsumerSettings;

/// Follows one store's log into one inbox.
#[derive(Debug)]
pub struct LocalSource<DB: InboxDatabase> {
    store: Arc<dyn EventStore>,
    context: String,
    inbox: Inbox<DB>,
    settings: ConsumerSettings,
    poll_interval: Duration,
}

impl<DB: InboxDatabase> LocalSource<DB> {
    /// Follows `store`, the log of `context` (e.g. `households`), into `inbox`.
    pub fn new(
        store: Arc<dyn EventStore>,
        context: &str,
        inbox: Inbox<DB>,
        settings: ConsumerSettings,
    ) -> Self {
        Self {
            store,
            context: context.to_owned(),
            inbox,
            settings,
            poll_interval: Duration::from_millis(100),
        }
    }

    /// How often an idle source looks for new events (default 100 ms).
    #[must_use]
    pub fn with_poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// The checkpoint's source name: `local:<context>`.
    pub fn source_name(&self) -> String {
        format!("local:{}", self.context)
    }

    /// Applies every event committed so far; returns how many it went through.
    ///
    /// # Errors
    /// When the source store or the inbox database fails (nothing is skipped: the
    /// next call resumes at the checkpoint).
    pub async fn catch_up(&self) -> Result<usize, MessagingError> {
        let mut total = 0;
        loop {
            let done = self.round(&CancellationToken::new()).await?;
            if done == 0 {
                return Ok(total);
            }
            total += done;
        }
    }

    /// Follows the log until `stop` is cancelled, retrying failures with backoff.
    ///
    /// # Errors
    /// None today; the result leaves room for fatal conditions.
    pub async fn run(&self, stop: CancellationToken) -> Result<(), MessagingError> {
        let mut delay = Duration::from_millis(100);
        while !stop.is_cancelled() {
            let wait = match self.round(&stop).await {
                Ok(0) => self.poll_interval,
                Ok(_) => {
                    delay = Duration::from_millis(100);
                    continue;
                }
                Err(error) => {
                    tracing::warn!(source = %self.source_name(), error = %error, retry_in = ?delay, "local source failed, retrying");
                    let wait = delay;
                    delay = (delay * 2).min(Duration::from_secs(5));
                    wait
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = stop.cancelled() => {}
            }
        }
        Ok(())
    }

    async fn round(&self, stop: &CancellationToken) -> Result<usize, MessagingError> {
        let source = self.source_name();
        let from = self.inbox.checkpoint(&source).await?;
        let events = self
            .store
            .read_all(from, i64::try_from(self.settings.batch).unwrap_or(64))
            .await?;
        let lag = metrics::CONSUMER_LAG_SECONDS.with_label_values(&[self.inbox_name()]);
        for event in &events {
            if stop.is_cancelled() {
                break;
            }
            lag.set(metrics::age_seconds(event.recorded_at));
            self.apply(&source, event, stop).await?;
        }
        lag.set(0);
        Ok(events.len())
    }

    fn inbox_name(&self) -> &str {
        crate::inbox::Sink::name(&self.inbox)
    }

    /// Applies one event, retrying as the rules say; parks it when they say so.
    async fn apply(
        &self,
        source: &str,
        event: &RecordedEvent,
        stop: &CancellationToken,
    ) -> Result<(), MessagingError> {
        let envelope = EventEnvelope::from_recorded(&self.context, event);
        let span = tracing::info_span!("consume", consumer = %self.inbox_name(), %source,
            event_id = %envelope.event_id, stream_id = %envelope.stream_id, version = envelope.version);
        berdaya_platform::telemetry::set_remote_parent(&span, &envelope.metadata.traceparent);
        let checkpoint = Some((source, event.cursor));
        let mut attempts: i64 = 0;
        loop {
            attempts += 1;
            let outcome = crate::inbox::unwinding(self.inbox.apply(&envelope, checkpoint))
                .instrument(span.clone())
                .await;
            let reason = match outcome {
                Ok(_) => return Ok(()),
                // Not the event's fault: the round fails and is retried from the checkpoint.
                Err(HandlerError::Unavailable(reason)) => {
                    return Err(MessagingError::Database(reason));
                }
                Err(HandlerError::Retry(reason)) if attempts < self.settings.max_deliver => {
                    tracing::info!(parent: &span, %reason, attempts, "apply failed, will retry");
                    metrics::CONSUMER_RETRIES
                        .with_label_values(&[self.inbox_name()])
                        .inc();
                    tokio::select! {
                        () = tokio::time::sleep(self.settings.retry_delay(attempts)) => {}
                        // Stopping: leave the event for the next run (no checkpoint moved).
                        () = stop.cancelled() => return Ok(()),
                    }
                    continue;
                }
                Err(error) => error.to_string(),
            };
            let subject = format!("local:{}", self.context);
            let parked = ParkedMessage::for_event(&envelope, &subject, attempts, &reason);
            return self.inbox.park_at(&parked, checkpoint).await;
        }
    }
}
