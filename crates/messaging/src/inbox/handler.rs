//! What a projection implements ([`EventHandler`]) and what it may answer: how an event
//! fared ([`Applied`]) or why it did not ([`HandlerError`]), which decides what the
//! transport does with it.

use async_trait::async_trait;
use berdaya_eventstore::StoreError;

use super::InboxDatabase;
use crate::envelope::EventEnvelope;

/// A projection's logic: applies events within the inbox's transaction.
///
/// Implement it for the engine(s) the projection runs on: `sqlx::Postgres` (distributed
/// mode), `sqlx::Sqlite` (embedded mode), or `sqlx::Any` (one SQL text for both). The
/// inbox has already put the events in stream order and dropped the ones applied
/// before, so a handler never sees a duplicate or an event whose predecessor is missing.
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

    /// Applies `events` (in order) in one go. The default applies them one by one; a
    /// projection that can write a batch with fewer statements overrides it. When it
    /// fails the inbox rolls the batch back and applies its events one per transaction,
    /// so the error is pinned on the event that caused it.
    ///
    /// # Errors
    /// As [`EventHandler::handle`].
    async fn handle_batch(
        &self,
        conn: &mut DB::Connection,
        events: &[&EventEnvelope],
    ) -> Result<(), HandlerError> {
        for event in events {
            self.handle(conn, event).await?;
        }
        Ok(())
    }
}

/// Why an event could not be applied, which decides what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    /// May succeed later: redelivered with backoff, parked after `max_deliver` failures.
    #[error("{0}")]
    Retry(String),
    /// Can never succeed (undecodable payload, unknown schema, a figure that does not
    /// fit; or an earlier event of its stream is held parked): parked at once.
    #[error("rejected: {0}")]
    Reject(String),
    /// The consumer's database is unreachable: retried until it returns, never parked.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// An earlier event of the same stream has not been applied yet (it is still on
    /// its way, for instance held for redelivery by a consumer that crashed). Not the
    /// event's fault: it is redelivered after a delay that covers `ack_wait`, never
    /// counted toward `max_deliver` and never parked for being early.
    #[error("{stream_id} v{version} arrived before v{expected}")]
    Early {
        /// The stream.
        stream_id: String,
        /// The version that arrived.
        version: i64,
        /// The version that must be applied first.
        expected: i64,
    },
}

impl From<sqlx::Error> for HandlerError {
    fn from(error: sqlx::Error) -> Self {
        match StoreError::from(error) {
            StoreError::Unavailable(message) => HandlerError::Unavailable(message),
            other => HandlerError::Retry(other.to_string()),
        }
    }
}

/// What parking an event does to its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parking {
    /// The event can never be applied (rejected: it does not decode, or holds a figure
    /// the read model cannot take): when it is its stream's next event, the stream
    /// moves past it with its state unchanged, so the stream's later events still
    /// count. Nothing applies it in order afterwards; a rebuild of the read model does,
    /// once the cause is fixed.
    MovePast,
    /// The event may apply later (it ran out of retries, or waits behind a parked one):
    /// its stream waits, its later events are parked behind it, and a re-drive applies
    /// them all in order.
    Hold,
}

impl Parking {
    /// How an event that failed with `error` is parked.
    pub fn for_error(error: &HandlerError) -> Parking {
        match error {
            HandlerError::Reject(_) => Parking::MovePast,
            _ => Parking::Hold,
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

/// How one event of a batch fared.
pub type Outcome = Result<Applied, HandlerError>;

/// Where an event stands against the last version applied of its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The next version: apply it.
    Apply,
    /// Applied before (a redelivery): nothing to do.
    Duplicate,
    /// An earlier version is missing: `expected` must come first.
    Early {
        /// The version to apply next.
        expected: i64,
    },
}

/// Where version `incoming` stands after version `applied` (0: nothing applied yet).
pub fn step(applied: i64, incoming: i64) -> Step {
    if incoming <= applied {
        Step::Duplicate
    } else if incoming == applied + 1 {
        Step::Apply
    } else {
        Step::Early {
            expected: applied + 1,
        }
    }
}

/// Runs an apply, turning a panic in the handler into [`HandlerError::Reject`]: a
/// message that crashes its handler is parked instead of taking the consumer down
/// (and, redelivered, taking it down again).
pub(crate) async fn unwinding<T>(
    apply: impl std::future::Future<Output = Result<T, HandlerError>>,
) -> Result<T, HandlerError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_applies_an_old_one_is_a_duplicate_a_later_one_waits() {
        assert_eq!(step(0, 1), Step::Apply);
        assert_eq!(step(4, 5), Step::Apply);
        assert_eq!(step(4, 4), Step::Duplicate);
        assert_eq!(step(4, 1), Step::Duplicate);
        assert_eq!(step(0, 2), Step::Early { expected: 1 });
        assert_eq!(step(4, 7), Step::Early { expected: 5 });
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_rejection_not_a_crash() {
        let outcome: Result<(), HandlerError> =
            unwinding(async { panic!("cannot cope with {}", "this") }).await;
        assert_eq!(
            outcome,
            Err(HandlerError::Reject(
                "handler panicked: cannot cope with this".into()
            ))
        );
    }
}
