//! The command context every mutating RPC carries: validated into the idempotency key,
//! the concurrency guard and the metadata recorded on every event.

use berdaya_domain::error::Violations;
use berdaya_eventstore::EventMetadata;
use berdaya_proto::berdaya::common::v1::CommandContext;
use prost::Message;
use sha2::{Digest, Sha256};
use tonic::Status;

use crate::aggregate_store::Idempotency;
use crate::auth::Principal;
use crate::grpc_error::invalid_argument;

/// Longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;
/// Longest correlation or causation id accepted.
pub const MAX_ID_LEN: usize = 128;

/// A validated command context.
#[derive(Debug, Clone)]
pub struct Context {
    /// The idempotency key and request fingerprint.
    pub idempotency: Idempotency,
    /// The caller's optimistic-concurrency guard.
    pub expected_version: Option<i64>,
    /// Metadata for every event of the command; `region` is filled in by the service.
    pub metadata: EventMetadata,
}

/// Validates the request's context and fingerprints the request.
///
/// `request` is the whole request message; its fingerprint leaves out the correlation and
/// causation ids, which a retrying client may regenerate.
///
/// # Errors
/// `INVALID_ARGUMENT` naming `context.idempotency_key`, `context.expected_version`,
/// `context.correlation_id` or `context.causation_id`.
pub fn command_context<M: Message + Clone>(
    principal: &Principal,
    operation: &str,
    context: Option<&CommandContext>,
    request: &M,
    strip_context: impl FnOnce(&mut M),
    traceparent: Option<String>,
) -> Result<Context, Status> {
    let mut violations = Violations::new();
    let empty = CommandContext::default();
    let context = context.unwrap_or(&empty);
    let key = context.idempotency_key.trim();
    if key.is_empty() {
        violations.add(
            "context.idempotency_key",
            "is required: a unique key per command, e.g. a UUID",
        );
    } else if key.len() > MAX_IDEMPOTENCY_KEY_LEN {
        violations.add(
            "context.idempotency_key",
            format!("must be at most {MAX_IDEMPOTENCY_KEY_LEN} characters"),
        );
    } else if !key.chars().all(crate::validate::printable) {
        // A key is echoed in errors and logs and compared byte for byte: NUL, newlines
        // and invisible characters only make two keys that look alike differ.
        violations.add(
            "context.idempotency_key",
            "must not contain control, format or separator characters",
        );
    }
    if let Some(version) = context.expected_version
        && version < 0
    {
        violations.add("context.expected_version", "must not be negative");
    }
    if context.correlation_id.len() > MAX_ID_LEN {
        violations.add(
            "context.correlation_id",
            format!("must be at most {MAX_ID_LEN} characters"),
        );
    }
    if context.causation_id.len() > MAX_ID_LEN {
        violations.add(
            "context.causation_id",
            format!("must be at most {MAX_ID_LEN} characters"),
        );
    }
    violations.finish().map_err(|e| match e {
        berdaya_domain::DomainError::Invalid(v) => invalid_argument(&v),
        other => crate::grpc_error::domain_status(&other),
    })?;

    let mut stripped = request.clone();
    strip_context(&mut stripped);
    let mut hasher = Sha256::new();
    hasher.update(operation.as_bytes());
    hasher.update([0]);
    hasher.update(stripped.encode_to_vec());
    let request_hash: [u8; 32] = hasher.finalize().into();

    let correlation_id = if context.correlation_id.is_empty() {
        key.to_owned()
    } else {
        context.correlation_id.clone()
    };
    Ok(Context {
        idempotency: Idempotency {
            actor: principal.subject.clone(),
            key: key.to_owned(),
            operation: operation.to_owned(),
            request_hash,
        },
        expected_version: context.expected_version,
        metadata: EventMetadata {
            actor: principal.subject.clone(),
            role: principal.primary_role().as_str().to_owned(),
            region: String::new(),
            correlation_id,
            causation_id: context.causation_id.clone(),
            idempotency_key: key.to_owned(),
            traceparent: traceparent.unwrap_or_default(),
        },
    })
}

/// A mutating request taken apart: who sent it, the message, and its validated context.
#[derive(Debug)]
pub struct Incoming<M> {
    /// The caller.
    pub principal: Principal,
    /// The request message.
    pub message: M,
    /// The validated command context.
    pub context: Context,
}

/// Authenticates a mutating request and validates its context; `context_of` finds the
/// `CommandContext` field in the message. The idempotency operation is
/// `<service>/<method>`.
///
/// # Errors
/// `UNAUTHENTICATED` without a principal; `INVALID_ARGUMENT` for a bad context.
pub fn incoming<M: Message + Clone>(
    request: tonic::Request<M>,
    service: &str,
    method: &str,
    context_of: impl Fn(&mut M) -> &mut Option<CommandContext>,
) -> Result<Incoming<M>, Status> {
    let principal = Principal::from_request(&request)?;
    let trace = traceparent(&request);
    let mut message = request.into_inner();
    let operation = format!("{service}/{method}");
    let sent = context_of(&mut message).clone();
    let context = command_context(
        &principal,
        &operation,
        sent.as_ref(),
        &message,
        |m| retry_identity(context_of(m)),
        trace,
    )?;
    Ok(Incoming {
        principal,
        message,
        context,
    })
}

/// The W3C `traceparent` to record on the command's events: the current span's (the
/// call's span, a child of the caller's trace when it sent `traceparent`), or else, with
/// no OpenTelemetry layer installed, a new child within the caller's trace from gRPC
/// metadata.
pub fn traceparent<T>(request: &tonic::Request<T>) -> Option<String> {
    crate::telemetry::current_traceparent().or_else(|| {
        request
            .metadata()
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .and_then(crate::telemetry::child_traceparent)
    })
}

/// Keeps only the context fields that identify a retry (key and version guard).
pub fn retry_identity(context: &mut Option<CommandContext>) {
    if let Some(c) = context {
        *c = CommandContext {
            idempotency_key: c.idempotency_key.clone(),
            expected_version: c.expected_version,
            ..CommandContext::default()
        };
    }
}
