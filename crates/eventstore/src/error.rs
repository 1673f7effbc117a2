//! What can go wrong when reading or writing the log.

use crate::model::IdempotencyRecord;

/// Errors of the event store. Every write error means nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The stream's version is not what the writer expected (gRPC `ABORTED`).
    #[error("stream {stream_id} is at version {actual}, expected {expected}")]
    VersionConflict {
        /// The stream.
        stream_id: String,
        /// What the writer expected, as text (`no stream`, `7`).
        expected: String,
        /// The version found (0 when the stream does not exist).
        actual: i64,
    },
    /// The idempotency key was already used; the record holds the first request's hash
    /// and answer so the caller can tell a retry (same hash) from a reuse.
    #[error("idempotency key {} already used", .0.command.key)]
    IdempotencyKeyUsed(Box<IdempotencyRecord>),
    /// A unique value is held by another stream.
    #[error("{scope} is already held by {owner}")]
    UniqueTaken {
        /// The namespace, e.g. `nik`.
        scope: String,
        /// The blind key.
        key: String,
        /// The stream that holds it.
        owner: String,
    },
    /// The database cannot be reached or refused the connection (gRPC `UNAVAILABLE`).
    #[error("event store unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or a broken database (gRPC `INTERNAL`).
    #[error("event store failure: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Tls(_) => StoreError::Unavailable(error.to_string()),
            sqlx::Error::Database(db)
                if db.code().is_some_and(|code| is_unavailable_code(&code)) =>
            {
                StoreError::Unavailable(error.to_string())
            }
            _ => StoreError::Internal(error.to_string()),
        }
    }
}

/// PostgreSQL SQLSTATEs that mean "the server cannot serve now" rather than "bug":
/// connection exceptions (class 08), too many connections, and shutdown or recovery.
fn is_unavailable_code(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "53300" | "57P01" | "57P02" | "57P03")
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        match error {
            sqlx::migrate::MigrateError::Execute(inner) => inner.into(),
            other => StoreError::Internal(format!("migration failed: {other}")),
        }
    }
}
