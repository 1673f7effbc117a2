//! The embedded mode's transport: follows another service's store directly.
//!
//! In `berdaya up` every service runs in one process and there is no NATS. A
//! [`LocalSource`] reads the source store's committed log in batches with
//! [`EventStore::read_all`] and applies each batch through the same [`Inbox`] and
//! [`EventHandler`](crate::inbox::EventHandler) a JetStream consumer would use. Its
//! checkpoint (`consumer_checkpoints`, source `local:<context>`) moves in the same
//! transaction as the events it passes, so a restart resumes exactly after the last
//! applied event. Retries and parking follow the same rules as over NATS:
//! `max_deliver` tries for [`HandlerError::Retry`], at once for
//! [`HandlerError::Reject`], never for [`HandlerError::Unavailable`]. The log is read in
//! order, so an event is early only when an earlier one of its stream was parked; it is
//! parked too, with that reason.

use std::sync::Arc;
use std::time::Duration;

use berdaya_eventstore::{EventStore, LogCursor};
use tokio_util::sync::CancellationToken;

use crate::backoff::Backoff;
use crate::envelope::EventEnvelope;
use crate::error::MessagingError;
use crate::inbox::{Checkpoint, HandlerError, Inbox, InboxDatabase, ParkedMessage, Parking};
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
    /// Follows `store`, the log of `context` (e.g. `households`), into `inbox`, reading
    /// `settings.batch` events per transaction.
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
        self.catch_up_with(|_| {}).await
    }

    /// As [`LocalSource::catch_up`], telling `progress` how many events each batch
    /// went through (for a progress bar).
    ///
    /// # Errors
    /// As [`LocalSource::catch_up`].
    pub async fn catch_up_with(
        &self,
        mut progress: impl FnMut(usize),
    ) -> Result<usize, MessagingError> {
        let mut total = 0;
        loop {
            let done = self.round(&CancellationToken::new()).await?;
            if done == 0 {
                return Ok(total);
            }
            progress(done);
            total += done;
        }
    }

    /// Follows the log until `stop` is cancelled, retrying failures with backoff.
    ///
    /// # Errors
    /// None today; the result leaves room for fatal conditions.
    pub async fn run(&self, stop: CancellationToken) -> Result<(), MessagingError> {
        let mut backoff = Backoff::new(Duration::from_secs(5));
        while !stop.is_cancelled() {
            let wait = match self.round(&stop).await {
                Ok(0) => self.poll_interval,
                Ok(_) => {
                    backoff.reset();
                    continue;
                }
                Err(error) => {
                    let delay = backoff.next_delay();
                    tracing::warn!(source = %self.source_name(), error = %error, retry_in = ?delay, "local source failed, retrying");
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

    fn inbox_name(&self) -> &str {
        self.inbox.consumer()
    }

    /// Reads one batch after the checkpoint and applies it; returns how many events it
    /// went through (0: caught up).
    async fn round(&self, stop: &CancellationToken) -> Result<usize, MessagingError> {
        let source = self.source_name();
        let from = self.inbox.checkpoint(&source).await?;
        let batch = i64::try_from(self.settings.batch).unwrap_or(256);
        let events = self.store.read_all(from, batch).await?;
        let lag = metrics::CONSUMER_LAG_SECONDS.with_label_values(&[self.inbox_name()]);
        let Some(first) = events.first() else {
            lag.set(0);
            return Ok(0);
        };
        lag.set(metrics::age_seconds(first.recorded_at));
        let envelopes: Vec<EventEnvelope> = events
            .iter()
            .map(|e| EventEnvelope::from_recorded(&self.context, e))
            .collect();
        let cursors: Vec<LogCursor> = events.iter().map(|e| e.cursor).collect();
        let mut done = 0;
        while done < envelopes.len() && !stop.is_cancelled() {
            let checkpoint = Checkpoint {
                source: &source,
                cursors: &cursors[done..],
            };
            let outcomes = self
                .inbox
                .apply_batch(&envelopes[done..], Some(checkpoint))
                .await;
            if outcomes.is_empty() {
                break;
            }
            let passed = outcomes.iter().take_while(|o| o.is_ok()).count();
            done += passed;
            if let Some(Err(error)) = outcomes.into_iter().nth(passed) {
                let event = &envelopes[done];
                if !self
                    .settle(&source, event, cursors[done], error, stop)
                    .await?
                {
                    // Stopping: leave the event for the next run (no checkpoint moved).
                    break;
                }
                done += 1;
            }
        }
        Ok(done)
    }

    /// Deals with an event that failed: retries it as the rules say, parks it when they
    /// say so. Returns false when stopped before it was settled.
    async fn settle(
        &self,
        source: &str,
        event: &EventEnvelope,
        cursor: LogCursor,
        mut error: HandlerError,
        stop: &CancellationToken,
    ) -> Result<bool, MessagingError> {
        let mut attempts: i64 = 1;
        loop {
            match error {
                // Not the event's fault: the round fails and is retried from the checkpoint.
                HandlerError::Unavailable(reason) => return Err(MessagingError::Database(reason)),
                HandlerError::Retry(ref reason) if attempts < self.settings.max_deliver => {
                    tracing::info!(%source, event_id = %event.event_id, %reason, attempts,
                        "apply failed, will retry");
                    metrics::CONSUMER_RETRIES
                        .with_label_values(&[self.inbox_name()])
                        .inc();
                    tokio::select! {
                        () = tokio::time::sleep(self.settings.retry_delay(attempts)) => {}
                        () = stop.cancelled() => return Ok(false),
                    }
                    attempts += 1;
                    let checkpoint = Checkpoint {
                        source,
                        cursors: std::slice::from_ref(&cursor),
                    };
                    let again = self
                        .inbox
                        .apply_batch(std::slice::from_ref(event), Some(checkpoint))
                        .await;
                    match again.into_iter().next() {
                        Some(Err(next)) => error = next,
                        _ => return Ok(true),
                    }
                }
                // Rejected, out of retries, or behind a parked predecessor (the log is
                // read in order, so nothing else is early here).
                other => {
                    let parked =
                        ParkedMessage::for_event(event, source, attempts, &other.to_string());
                    let parking = Parking::for_error(&other);
                    self.inbox
                        .park_at(&parked, parking, Some((source, cursor)))
                        .await?;
                    return Ok(true);
                }
            }
        }
    }
}
