//! Idempotent, transactional application of events: the part of a projection that is
//! the same in both modes, and for every projection (reporting, the enterprise views).
//!
//! # The pieces
//!
//! - An [`EventHandler`] is the projection's own logic: given events and a connection
//!   inside an open transaction, it writes its read model. It never commits, never
//!   acknowledges, never deduplicates, never reorders: the [`Inbox`] does that.
//! - An [`Inbox`] owns the consumer's database pool (PostgreSQL, SQLite, or sqlx's
//!   `Any`; see [`InboxDatabase`]) and applies a batch of events in one transaction
//!   ([`Inbox::apply_batch`]): it reads the last version applied of every stream in
//!   the batch (and at the end moves it only if no other process did meanwhile), drops what was applied before ([`Applied::Duplicate`]), holds back
//!   what arrived before an earlier version of its stream ([`HandlerError::Early`]),
//!   runs the handler on the rest in order, and records the new versions, how far each
//!   source has got (`consumer_positions`) and, for a local source, its checkpoint,
//!   all in the same transaction. When the handler fails, the batch is rolled back and
//!   its events are applied one per transaction, so one bad event never blocks its
//!   neighbours.
//! - A transport feeds the inbox: [`crate::consumer::JetStreamConsumer`] (a durable pull
//!   consumer, distributed mode) or [`crate::local::LocalSource`] (follows another
//!   store's log directly, embedded mode). Both deliver batches through the same
//!   [`Sink`], so a projection is written once and runs unchanged in `berdaya up` and
//!   `berdaya serve`.
//!
//! # Failures
//!
//! A handler reports [`HandlerError::Retry`] for what may pass (the transport redelivers
//! with backoff and parks the message after `max_deliver` failures),
//! [`HandlerError::Reject`] for what never will (parked at once; a handler that panics
//! is treated the same way, so one bad event cannot crash-loop a consumer), and
//! [`HandlerError::Unavailable`] when its database is down (retried without limit,
//! never parked). Parked messages are rows of `consumer_parked` with the reason, the
//! headers and the payload, counted in the `berdaya_consumer_parked` metric and logged
//! as a warning. A rejected event, which can never apply, moves its stream past it
//! ([`Parking::MovePast`]: the stream's later events still count); one that ran out of
//! retries holds its stream ([`Parking::Hold`]) until [`Inbox::redrive`] applies it and
//! the events parked behind it, in stream order.
//!
//! # Ordering
//!
//! Events arrive in each service's log order, except that a redelivered event comes
//! back after later ones (a consumer crashed holding it, or its database was down). An
//! event whose predecessor has not been applied yet is [`HandlerError::Early`]: not its
//! fault, so it is redelivered later and never uses up the retry budget. Only when the
//! predecessor itself is parked and holds its stream is the later event parked too
//! (with that reason), since it cannot be applied in order; re-driving the stream
//! applies both.

mod batch;
mod database;
mod engines;
mod handler;
mod parked;

use std::sync::Arc;

use async_trait::async_trait;
use berdaya_eventstore::LogCursor;
use sqlx::Pool;

pub use batch::Checkpoint;
pub use database::{InboxDatabase, SourcePosition, VersionChange};
pub(crate) use handler::unwinding;
pub use handler::{Applied, EventHandler, HandlerError, Outcome, Parking, Step, step};
pub use parked::{ParkedMessage, Redriven};

use crate::envelope::EventEnvelope;
use crate::error::MessagingError;
use crate::metrics;

/// Where a transport delivers events: an [`Inbox`], or anything else that applies them
/// (such as `berdaya events tail`, which prints them).
#[async_trait]
pub trait Sink: Send + Sync + 'static {
    /// The consumer's name (metrics label, durable name).
    fn name(&self) -> &str;

    /// Applies a batch of events; returns one outcome per event, in order (a message
    /// without one is neither acknowledged nor handed back, and comes again after
    /// `ack_wait`).
    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome>;

    /// Parks a message that will not be applied, doing `parking` to its stream.
    ///
    /// # Errors
    /// When the park cannot be recorded; the transport then retries the message.
    async fn park(&self, parked: &ParkedMessage, parking: Parking) -> Result<(), MessagingError>;
}

/// Applies events to one consumer's read model exactly once, in stream order. Cheap
/// to clone.
#[derive(Debug)]
pub struct Inbox<DB: InboxDatabase> {
    pool: Pool<DB>,
    consumer: String,
    handler: Arc<dyn EventHandler<DB>>,
}

impl<DB: InboxDatabase> Clone for Inbox<DB> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            consumer: self.consumer.clone(),
            handler: self.handler.clone(),
        }
    }
}

impl<DB: InboxDatabase> std::fmt::Debug for dyn EventHandler<DB> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventHandler")
    }
}

impl<DB: InboxDatabase> Inbox<DB> {
    /// The inbox of `consumer` in `pool`'s database, creating its tables if missing.
    /// Its metrics appear at once (at zero), so an alert on them can be written before
    /// anything happens.
    ///
    /// # Errors
    /// [`MessagingError::Database`] when the tables cannot be created.
    pub async fn new(
        pool: Pool<DB>,
        consumer: &str,
        handler: Arc<dyn EventHandler<DB>>,
    ) -> Result<Self, MessagingError> {
        DB::ensure_schema(&pool).await?;
        let inbox = Self {
            pool,
            consumer: consumer.to_owned(),
            handler,
        };
        metrics::register_consumer(consumer);
        inbox.refresh_parked_gauge().await?;
        Ok(inbox)
    }

    /// The consumer's database.
    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// The consumer's name.
    pub fn consumer(&self) -> &str {
        &self.consumer
    }

    /// Parks a message, doing `parking` to its stream; with `checkpoint`, moves the
    /// local source past it in the same transaction. Logs a warning with the reason.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn park_at(
        &self,
        parked: &ParkedMessage,
        parking: Parking,
        checkpoint: Option<(&str, LogCursor)>,
    ) -> Result<(), MessagingError> {
        let mut tx = self.pool.begin().await?;
        DB::park(&mut tx, &self.consumer, parked).await?;
        if parking == Parking::MovePast
            && let Some(version) = parked.version
        {
            self.move_past(&mut tx, &parked.stream_id, version).await?;
        }
        if let Some((source, cursor)) = checkpoint {
            DB::save_checkpoint(&mut tx, &self.consumer, source, cursor).await?;
        }
        tx.commit().await?;
        tracing::warn!(consumer = %self.consumer, key = %parked.key,
            stream_id = %parked.stream_id, version = ?parked.version, reason = %parked.reason,
            deliveries = parked.deliveries, ?parking, "message parked");
        metrics::CONSUMER_PARKED_TOTAL
            .with_label_values(&[&self.consumer])
            .inc();
        self.refresh_parked_gauge().await
    }

    /// The consumer's parked messages, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn parked(&self, limit: i64) -> Result<Vec<ParkedMessage>, MessagingError> {
        Ok(DB::parked(&self.pool, &self.consumer, limit).await?)
    }

    /// How many messages the consumer has parked.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn parked_count(&self) -> Result<i64, MessagingError> {
        Ok(DB::parked_count(&self.pool, &self.consumer).await?)
    }

    /// The local-source checkpoint of this consumer in `source`'s log.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn checkpoint(&self, source: &str) -> Result<LogCursor, MessagingError> {
        Ok(DB::checkpoint(&self.pool, &self.consumer, source).await?)
    }

    /// How far the applied events reach in each source context's log.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn positions(&self) -> Result<Vec<SourcePosition>, MessagingError> {
        Ok(DB::positions(&self.pool, &self.consumer).await?)
    }

    /// Moves `stream_id` past `version` when that is its next version (a parked event
    /// that can never apply; see [`Parking::MovePast`]). A stream that moved meanwhile
    /// is left alone.
    pub(super) async fn move_past(
        &self,
        conn: &mut DB::Connection,
        stream_id: &str,
        version: i64,
    ) -> Result<(), MessagingError> {
        let versions = DB::versions(conn, &self.consumer, &[stream_id]).await?;
        let applied = versions.get(stream_id).copied().unwrap_or(0);
        if version == applied + 1 {
            let change = VersionChange {
                stream_id,
                expected: applied,
                applied: version,
            };
            DB::save_versions(conn, &self.consumer, &[change]).await?;
        }
        Ok(())
    }

    pub(crate) async fn refresh_parked_gauge(&self) -> Result<(), MessagingError> {
        let count = DB::parked_count(&self.pool, &self.consumer).await?;
        metrics::CONSUMER_PARKED
            .with_label_values(&[&self.consumer])
            .set(count);
        Ok(())
    }
}

#[async_trait]
impl<DB: InboxDatabase> Sink for Inbox<DB> {
    fn name(&self) -> &str {
        &self.consumer
    }

    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome> {
        self.apply_batch(events, None).await
    }

    async fn park(&self, parked: &ParkedMessage, parking: Parking) -> Result<(), MessagingError> {
        self.park_at(parked, parking, None).await
    }
}
