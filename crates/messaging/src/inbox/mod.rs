//! Idempotent, transactional application of events: the part of a projection that is
//! the same in both modes.
//!
//! # The pieces
//!
//! - An [`EventHandler`] is the projection's own logic: given one [`EventEnvelope`] and
//!   a connection inside an open transaction, it writes its read model. It never
//!   commits, never acknowledges, never deduplicates: the [`Inbox`] does that.
//! - An [`Inbox`] owns the consumer's database pool (PostgreSQL in the distributed mode,
//!   SQLite in the embedded one; see [`InboxDatabase`]) and applies each event in one
//!   transaction: it first records `(consumer, event_id)` in `consumer_applied` (a
//!   redelivered event finds its record and is skipped as
//!   [`Applied::Duplicate`]), then runs the handler, then commits. The handler's writes
//!   and the applied record therefore commit together or not at all.
//! - A transport feeds the inbox: [`crate::consumer::JetStreamConsumer`] (a durable pull
//!   consumer, distributed mode) or [`crate::local::LocalSource`] (follows another
//!   store's log directly, embedded mode). Both call the same [`Sink`] methods, so a
//!   projection is written once and runs unchanged in `berdaya up` and
//!   `berdaya serve`.
//!
//! # Failures
//!
//! A handler reports [`HandlerError::Retry`] for what may pass (the transport redelivers
//! with backoff and parks the message after `max_deliver` deliveries),
//! [`HandlerError::Reject`] for what never will (parked at once; a handler that panics
//! is treated the same way, so one bad event cannot crash-loop a consumer), and
//! [`HandlerError::Unavailable`] when its database is down (retried without limit,
//! never parked). Parked messages are rows of `consumer_parked` with the reason, the
//! headers and the payload, counted in the `berdaya_consumer_parked` metric.
//!
//! # Ordering
//!
//! Events arrive in each service's log order, except that a retried event comes back
//! after later ones. A handler that needs per-aggregate order compares
//! [`EventEnvelope::version`] with what its read model holds and returns
//! [`HandlerError::Retry`] on a gap.

mod engines;

use std::sync::Arc;

use async_trait::async_trait;
use berdaya_eventstore::{LogCursor, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Pool;
use tracing::Instrument;
use uuid::Uuid;

use crate::envelope::EventEnvelope;
use crate::error::MessagingError;
use crate::metrics;

/// A projection's logic: applies one event within the inbox's transaction.
///
/// Implement it for `sqlx::Postgres` (distributed mode) and `sqlx::Sqlite` (embedded
/// mode); SQL that both engines accept can be one generic implementation.
///
/// ```text
/// struct HouseholdCount;
///
/// #[async_trait]
/// impl EventHandler<Postgres> for HouseholdCount {
///     async fn handle(&self, conn: &mut PgConnection, event: &EventEnvelope)
///         -> Result<(), HandlerError>
///     {
///         if event.event_type == "berdaya.households.v1.HouseholdRegistered" {
///             sqlx::query("UPDATE counts SET n = n + 1 WHERE region = $1")
///                 .bind(&event.metadata.region)
///                 .execute(conn)
///                 .await?;
///         }
///         Ok(())
///     }
/// }
/// ```
#[async_trait]
pub trait EventHandler<DB: InboxDatabase>: Send + Sync + 'static {
    /// Applies `event`. Every write goes through `conn`, which is inside the
    /// transaction that also records the event as applied: do not commit it.
    ///
    /// # Errors
    /// [`HandlerError`]: `?` on a `sqlx::Error` classifies it (connection failures are
    /// [`HandlerError::Unavailable`], the rest [`HandlerError::Retry`]).
    async fn handle(
        &self,
        conn: &mut DB::Connection,
        event: &EventEnvelope,
    ) -> Result<(), HandlerError>;
}

/// Why an event could not be applied, which decides what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    /// May succeed later: redelivered with backoff, parked after `max_deliver` tries.
    #[error("{0}")]
    Retry(String),
    /// Can never succeed (undecodable payload, unknown schema): parked at once.
    #[error("rejected: {0}")]
    Reject(String),
    /// The consumer's database is unreachable: retried until it returns, never parked.
    #[error("database unavailable: {0}")]
    Unavailable(String),
}

impl From<sqlx::Error> for HandlerError {
    fn from(error: sqlx::Error) -> Self {
        match StoreError::from(error) {
            StoreError::Unavailable(message) => HandlerError::Unavailable(message),
            other => HandlerError::Retry(other.to_string()),
        }
    }
}

/// What applying a delivery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The handler ran and its writes committed.
    Applied,
    /// The event was applied before; nothing was written.
    Duplicate,
}

/// A message that will not be applied, kept with the reason for people to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedMessage {
    /// The event id, or `nats-seq-<n>` for a message that is not a Berdaya event.
    pub key: String,
    /// The subject it came on (`local:<context>` from a local source).
    pub subject: String,
    /// The event id, when the message had one.
    pub event_id: Option<Uuid>,
    /// The event type (empty when unknown).
    pub event_type: String,
    /// The aggregate stream (empty when unknown).
    pub stream_id: String,
    /// The stream version, when known.
    pub version: Option<i64>,
    /// How many times it was delivered.
    pub deliveries: i64,
    /// Why it was parked: the handler's last error.
    pub reason: String,
    /// The message headers as a JSON object.
    pub headers: String,
    /// The payload as received.
    pub payload: Vec<u8>,
    /// When it was (last) parked.
    pub parked_at: DateTime<Utc>,
}

impl ParkedMessage {
    /// A parked record for an event that failed `deliveries` times with `reason`.
    pub fn for_event(event: &EventEnvelope, subject: &str, deliveries: i64, reason: &str) -> Self {
        let headers: serde_json::Map<String, serde_json::Value> = event
            .to_headers()
            .iter()
            .map(|(name, values)| {
                let value = values.first().map(|v| v.as_str()).unwrap_or_default();
                (name.to_string(), serde_json::Value::from(value))
            })
            .collect();
        Self {
            key: event.event_id.to_string(),
            subject: subject.to_owned(),
            event_id: Some(event.event_id),
            event_type: event.event_type.clone(),
            stream_id: event.stream_id.clone(),
            version: Some(event.version),
            deliveries,
            reason: reason.to_owned(),
            headers: serde_json::Value::Object(headers).to_string(),
            payload: event.payload.clone(),
            parked_at: Utc::now(),
        }
    }
}

/// Runs an apply, turning a panic in the handler into [`HandlerError::Reject`]: a
/// message that crashes its handler is parked instead of taking the consumer down
/// (and, redelivered, taking it down again).
pub(crate) async fn unwinding(
    apply: impl std::future::Future<Output = Result<Applied, HandlerError>>,
) -> Result<Applied, HandlerError> {
    use futures::FutureExt;
    match std::panic::AssertUnwindSafe(apply).catch_unwind().await {
        Ok(outcome) => outcome,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(HandlerError::Reject(format!("handler panicked: {message}")))
        }
    }
}

/// The engine-specific SQL of an inbox: implemented for PostgreSQL and SQLite.
#[async_trait]
pub trait InboxDatabase: sqlx::Database {
    /// Creates the inbox tables if missing (idempotent, safe from several processes).
    async fn ensure_schema(pool: &Pool<Self>) -> Result<(), sqlx::Error>;
    /// Records `event` as applied by `consumer`; false when it already was.
    async fn claim(
        conn: &mut Self::Connection,
        consumer: &str,
        event: &EventEnvelope,
    ) -> Result<bool, sqlx::Error>;
    /// The checkpoint of `consumer` in the log of `source` ([`LogCursor::START`] if none).
    async fn checkpoint(
        pool: &Pool<Self>,
        consumer: &str,
        source: &str,
    ) -> Result<LogCursor, sqlx::Error>;
    /// Stores the checkpoint of `consumer` in the log of `source`.
    async fn save_checkpoint(
        conn: &mut Self::Connection,
        consumer: &str,
        source: &str,
        cursor: LogCursor,
    ) -> Result<(), sqlx::Error>;
    /// Parks a message (a second park of the same key updates it).
    async fn park(
        conn: &mut Self::Connection,
        consumer: &str,
        parked: &ParkedMessage,
    ) -> Result<(), sqlx::Error>;
    /// The consumer's parked messages, oldest first.
    async fn parked(
        pool: &Pool<Self>,
        consumer: &str,
        limit: i64,
    ) -> Result<Vec<ParkedMessage>, sqlx::Error>;
    /// How many messages the consumer has parked.
    async fn parked_count(pool: &Pool<Self>, consumer: &str) -> Result<i64, sqlx::Error>;
}

/// Where a transport delivers events: an [`Inbox`], or anything else that applies them
/// (such as `berdaya events tail`, which prints them).
#[async_trait]
pub trait Sink: Send + Sync + 'static {
    /// The consumer's name (metrics label, durable name).
    fn name(&self) -> &str;

    /// Applies one event.
    ///
    /// # Errors
    /// [`HandlerError`], which decides between redelivery and parking.
    async fn deliver(&self, event: &EventEnvelope) -> Result<Applied, HandlerError>;

    /// Parks a message that will not be applied.
    ///
    /// # Errors
    /// When the park cannot be recorded; the transport then retries the message.
    async fn park(&self, parked: &ParkedMessage) -> Result<(), MessagingError>;
}

/// Applies events to one consumer's read model exactly once. Cheap to clone.
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
        inbox.refresh_parked_gauge().await?;
        Ok(inbox)
    }

    /// The consumer's database.
    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// Applies `event` once; with `checkpoint`, also stores `(source, cursor)` in the
    /// same transaction (local sources).
    ///
    /// # Errors
    /// The handler's [`HandlerError`], or the database's, classified the same way.
    pub async fn apply(
        &self,
        event: &EventEnvelope,
        checkpoint: Option<(&str, LogCursor)>,
    ) -> Result<Applied, HandlerError> {
        let span = tracing::info_span!("inbox.apply", consumer = %self.consumer,
            event_id = %event.event_id, event_type = %event.event_type);
        async {
            let mut tx = self.pool.begin().await?;
            let fresh = DB::claim(&mut tx, &self.consumer, event).await?;
            if fresh {
                self.handler.handle(&mut tx, event).await?;
            }
            if let Some((source, cursor)) = checkpoint {
                DB::save_checkpoint(&mut tx, &self.consumer, source, cursor).await?;
            }
            tx.commit().await?;
            let counter = if fresh {
                &metrics::CONSUMER_APPLIED
            } else {
                &metrics::CONSUMER_DUPLICATES
            };
            counter.with_label_values(&[&self.consumer]).inc();
            Ok(if fresh {
                Applied::Applied
            } else {
                Applied::Duplicate
            })
        }
        .instrument(span)
        .await
    }

    /// Parks a message; with `checkpoint`, moves the local source past it in the same
    /// transaction.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn park_at(
        &self,
        parked: &ParkedMessage,
        checkpoint: Option<(&str, LogCursor)>,
    ) -> Result<(), MessagingError> {
        let mut tx = self.pool.begin().await?;
        DB::park(&mut tx, &self.consumer, parked).await?;
        if let Some((source, cursor)) = checkpoint {
            DB::save_checkpoint(&mut tx, &self.consumer, source, cursor).await?;
        }
        tx.commit().await?;
        tracing::warn!(consumer = %self.consumer, key = %parked.key, reason = %parked.reason,
            deliveries = parked.deliveries, "message parked");
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

    /// The local-source checkpoint of this consumer in `source`'s log.
    ///
    /// # Errors
    /// [`MessagingError::Database`].
    pub async fn checkpoint(&self, source: &str) -> Result<LogCursor, MessagingError> {
        Ok(DB::checkpoint(&self.pool, &self.consumer, source).await?)
    }

    async fn refresh_parked_gauge(&self) -> Result<(), MessagingError> {
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

    async fn deliver(&self, event: &EventEnvelope) -> Result<Applied, HandlerError> {
        self.apply(event, None).await
    }

    async fn park(&self, parked: &ParkedMessage) -> Result<(), MessagingError> {
        self.park_at(parked, None).await
    }
}
