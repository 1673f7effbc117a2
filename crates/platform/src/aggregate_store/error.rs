//! Why a command failed, in the application's own terms: only the tonic edge turns it
//! into a gRPC status (see [`crate::grpc_error::command_status`]).

use berdaya_domain::DomainError;
use berdaya_eventstore::StoreError;

use crate::codec::CodecError;

/// Why a command failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A rule refused it, or the aggregate is not there for this caller.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The store failed or the version guard tripped.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The idempotency key was used before for a different request.
    #[error("idempotency key {key:?} was already used for a different request ({operation})")]
    IdempotencyKeyReused {
        /// The key.
        key: String,
        /// The operation it was first used with.
        operation: String,
    },
    /// A stored event could not be decoded.
    #[error(transparent)]
    Codec(#[from] CodecError),
}
