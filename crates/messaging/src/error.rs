//! What can go wrong between a service's log, NATS and a consumer's database.

use berdaya_eventstore::StoreError;

/// Errors of the relay, the stream set-up and the consumers.
#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    /// NATS could not be reached, timed out, or refused a request.
    #[error("nats: {0}")]
    Nats(String),
    /// The stream exists with a configuration the settings cannot be applied to.
    #[error("stream {stream} does not match the settings: {problem}")]
    StreamMismatch {
        /// The stream name.
        stream: String,
        /// What differs.
        problem: String,
    },
    /// The service's event store failed (reading the log or the checkpoint).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A consumer's own database failed.
    #[error("consumer database: {0}")]
    Database(String),
}

impl From<sqlx::Error> for MessagingError {
    fn from(error: sqlx::Error) -> Self {
        MessagingError::Database(error.to_string())
    }
}
