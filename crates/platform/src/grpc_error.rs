//! The one table from Berdaya errors to gRPC status codes.
//!
//! | error | code | details |
//! |---|---|---|
//! | [`DomainError::Invalid`] | `INVALID_ARGUMENT` | `BadRequest` with every field violation |
//! | [`DomainError::NotFound`] | `NOT_FOUND` | |
//! | [`DomainError::AlreadyExists`] | `ALREADY_EXISTS` | `BadRequest` naming the field |
//! | [`DomainError::Rule`] | `FAILED_PRECONDITION` | `PreconditionFailure` of type `RULE` |
//! | [`StoreError::VersionConflict`] | `ABORTED` | |
//! | [`StoreError::IdempotencyKeyUsed`] | `ALREADY_EXISTS` | `BadRequest` on `idempotency_key` |
//! | [`StoreError::UniqueTaken`] | `ALREADY_EXISTS` | `BadRequest` on the unique scope |
//! | [`StoreError::Unavailable`] | `UNAVAILABLE` | detail logged |
//! | [`StoreError::Internal`], [`internal`] | `INTERNAL` | opaque message with a trace id; detail logged |
//! | [`CommandError::IdempotencyKeyReused`] | `ALREADY_EXISTS` | `BadRequest` on `context.idempotency_key` |
//! | [`CodecError::SubjectErased`] | `FAILED_PRECONDITION` | |
//!
//! Refused before any handler runs, by the [`crate::call_guard`] and the proto codec:
//!
//! | refusal | code |
//! |---|---|
//! | a request over its method's size limit; load shed; a token over its rate | `RESOURCE_EXHAUSTED` (the limit named) |
//! | a body that does not decode; a varint too large for its 32-bit field | `INVALID_ARGUMENT` |
//! | the caller's `grpc-timeout` passed | `DEADLINE_EXCEEDED` |
//! | an auditor (or a role that may not write) calling a write | `PERMISSION_DENIED` |
//! | a missing or invalid token | `UNAUTHENTICATED`, one generic reason |
//!
//! Messages are for people and stay lowercase without a trailing period; details are for
//! programs (grpcurl and the `tonic-types` `StatusExt` decode them).

use std::fmt::Display;

use berdaya_domain::DomainError;
use berdaya_domain::error::{FieldViolation, bounded, echo};
use berdaya_eventstore::StoreError;

use crate::aggregate_store::{CodecError, CommandError};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// The `PreconditionFailure` violation type for a refused business rule.
pub const RULE_VIOLATION_TYPE: &str = "RULE";

/// The request field every mutating RPC carries its idempotency key in.
pub const IDEMPOTENCY_KEY_FIELD: &str = "idempotency_key";

/// The gRPC status for a domain error.
pub fn domain_status(error: &DomainError) -> Status {
    match error {
        DomainError::Invalid(violations) => invalid_argument(violations),
        DomainError::NotFound { .. } => Status::not_found(error.to_string()),
        DomainError::AlreadyExists { field, reason } => Status::with_error_details(
            Code::AlreadyExists,
            field_message(field, reason),
            ErrorDetails::with_bad_request_violation(field, reason),
        ),
        DomainError::Rule { field, reason } => Status::with_error_details(
            Code::FailedPrecondition,
            field_message(field, reason),
            ErrorDetails::with_precondition_failure_violation(RULE_VIOLATION_TYPE, field, reason),
        ),
    }
}

/// `INVALID_ARGUMENT` listing `violations` in the message (`field: description; ...`) and
/// as `BadRequest` field violations. Use it for request decoding errors too, so every bad
/// request looks the same to a caller.
pub fn invalid_argument(violations: &[FieldViolation]) -> Status {
    // Bounded however the list was built: a refusal never grows with the request.
    let violations = bounded(violations);
    let message = violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    let details = ErrorDetails::with_bad_request(
        violations
            .iter()
            .map(|v| tonic_types::FieldViolation::new(&v.field, &v.description))
            .collect::<Vec<_>>(),
    );
    Status::with_error_details(Code::InvalidArgument, message, details)
}

/// The gRPC status for an event-store error.
///
/// Services answer idempotent retries and unique-value clashes themselves; the mappings
/// for [`StoreError::IdempotencyKeyUsed`] and [`StoreError::UniqueTaken`] are a fallback
/// that reveals neither the first request nor the stream holding the value.
pub fn store_status(error: &StoreError) -> Status {
    match error {
        StoreError::VersionConflict { .. } => Status::aborted(error.to_string()),
        StoreError::IdempotencyKeyUsed(_) => Status::with_error_details(
            Code::AlreadyExists,
            field_message(IDEMPOTENCY_KEY_FIELD, "already used for another request"),
            ErrorDetails::with_bad_request_violation(
                IDEMPOTENCY_KEY_FIELD,
                "already used for another request",
            ),
        ),
        StoreError::UniqueTaken { scope, .. } => {
            tracing::debug!(error = %error, "unique value taken");
            let reason = "already registered";
            Status::with_error_details(
                Code::AlreadyExists,
                field_message(scope, reason),
                ErrorDetails::with_bad_request_violation(scope, reason),
            )
        }
        StoreError::Unavailable(detail) => {
            tracing::warn!(error = %detail, "event store unavailable");
            Status::unavailable("event store unavailable, retry later")
        }
        StoreError::Internal(detail) => internal(detail),
    }
}

/// The gRPC status of a failed command (see [`CommandError`]).
pub fn command_status(error: CommandError) -> Status {
    match error {
        CommandError::Domain(e) => domain_status(&e),
        CommandError::Store(e) => store_status(&e),
        CommandError::IdempotencyKeyReused { key, operation } => {
            let field = format!("context.{IDEMPOTENCY_KEY_FIELD}");
            let reason = format!(
                "{} was already used for a different request ({operation}); use a new key for a new command",
                echo(&key)
            );
            Status::with_error_details(
                Code::AlreadyExists,
                field_message(&field, &reason),
                ErrorDetails::with_bad_request_violation(&field, &reason),
            )
        }
        CommandError::Codec(CodecError::SubjectErased { field }) => {
            domain_status(&DomainError::rule(
                field,
                "the personal data of this subject was erased and cannot be recorded again",
            ))
        }
        CommandError::Codec(e) => internal(e),
    }
}

/// `INTERNAL` with an opaque message `internal error (trace <id>)`: the detail goes to the
/// log under the same id (the current trace id, or a fresh UUID when there is none), never
/// to the caller.
pub fn internal(detail: impl Display) -> Status {
    let trace_id = crate::telemetry::current_trace_id()
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    tracing::error!(trace_id = %trace_id, error = %detail, "internal error");
    Status::internal(format!("internal error (trace {trace_id})"))
}

fn field_message(field: &str, reason: &str) -> String {
    if field.is_empty() {
        reason.to_owned()
    } else {
        format!("{field}: {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_request_fields(status: &Status) -> Vec<(String, String)> {
        status
            .get_error_details()
            .bad_request()
            .expect("bad request details")
            .field_violations
            .iter()
            .map(|v| (v.field.clone(), v.description.clone()))
            .collect()
    }

    #[test]
    fn invalid_requests_list_every_field_violation() {
        let error = DomainError::Invalid(vec![
            FieldViolation::new("head.nik", "must be 16 digits"),
            FieldViolation::new("village_code", "unknown village code 35.78.99.9999"),
        ]);
        let status = domain_status(&error);
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(
            status.message(),
            "head.nik: must be 16 digits; village_code: unknown village code 35.78.99.9999"
        );
        assert_eq!(
            bad_request_fields(&status),
            vec![
                ("head.nik".to_owned(), "must be 16 digits".to_owned()),
                (
                    "village_code".to_owned(),
                    "unknown village code 35.78.99.9999".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn missing_things_are_not_found() {
        let status = domain_status(&DomainError::not_found("household 0190abcd"));
        assert_eq!(status.code(), Code::NotFound);
        assert_eq!(status.message(), "household 0190abcd not found");
    }

    #[test]
    fn duplicates_name_their_field() {
        let status = domain_status(&DomainError::already_exists(
            "head.nik",
            "a household with this nik is already registered",
        ));
        assert_eq!(status.code(), Code::AlreadyExists);
        assert_eq!(
            status.message(),
            "head.nik: a household with this nik is already registered"
        );
        assert_eq!(bad_request_fields(&status)[0].0, "head.nik");
    }

    #[test]
    fn business_rules_are_failed_preconditions_with_details() {
        let status = domain_status(&DomainError::rule(
            "amount",
            "withdrawal exceeds the savings balance",
        ));
        assert_eq!(status.code(), Code::FailedPrecondition);
        assert_eq!(
            status.message(),
            "amount: withdrawal exceeds the savings balance"
        );
        let details = status.get_error_details();
        let violation = &details
            .precondition_failure()
            .expect("precondition failure details")
            .violations[0];
        assert_eq!(violation.r#type, RULE_VIOLATION_TYPE);
        assert_eq!(violation.subject, "amount");
        assert_eq!(
            violation.description,
            "withdrawal exceeds the savings balance"
        );
    }

    #[test]
    fn a_rule_about_the_whole_state_has_a_bare_message() {
        let status = domain_status(&DomainError::rule("", "household is closed"));
        assert_eq!(status.message(), "household is closed");
    }

    #[test]
    fn version_conflicts_abort() {
        let error = StoreError::VersionConflict {
            stream_id: "household-1".into(),
            expected: "3".into(),
            actual: 4,
        };
        let status = store_status(&error);
        assert_eq!(status.code(), Code::Aborted);
        assert_eq!(status.message(), error.to_string());
    }

    #[test]
    fn an_unreachable_store_is_unavailable_without_detail() {
        let status = store_status(&StoreError::Unavailable(
            "connection refused at 10.0.0.5:5432".into(),
        ));
        assert_eq!(status.code(), Code::Unavailable);
        assert_eq!(status.message(), "event store unavailable, retry later");
    }

    #[test]
    fn internal_errors_are_opaque_with_a_trace_id() {
        let status = store_status(&StoreError::Internal(
            "duplicate key value violates unique constraint events_pkey".into(),
        ));
        assert_eq!(status.code(), Code::Internal);
        let message = status.message();
        let id = message
            .strip_prefix("internal error (trace ")
            .and_then(|rest| rest.strip_suffix(')'))
            .expect("opaque message with trace id");
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!message.contains("events_pkey"));
    }

    #[test]
    fn a_reused_idempotency_key_points_at_the_key_field() {
        let record = berdaya_eventstore::IdempotencyRecord {
            command: berdaya_eventstore::IdempotencyKey {
                actor: "pendamping-7".into(),
                key: "key-1".into(),
                operation: "berdaya.households.v1.HouseholdsService/RegisterHousehold".into(),
                request_hash: [0; 32],
            },
            first_version: 1,
            last_version: 1,
            stream_id: "household-42".into(),
        };
        let status = store_status(&StoreError::IdempotencyKeyUsed(Box::new(record)));
        assert_eq!(status.code(), Code::AlreadyExists);
        assert_eq!(
            status.message(),
            "idempotency_key: already used for another request"
        );
        assert_eq!(bad_request_fields(&status)[0].0, IDEMPOTENCY_KEY_FIELD);
    }

    #[test]
    fn unique_clashes_name_the_scope_but_not_the_holder() {
        let status = store_status(&StoreError::UniqueTaken {
            scope: "nik".into(),
            key: "blind-key".into(),
            owner: "household-42".into(),
        });
        assert_eq!(status.code(), Code::AlreadyExists);
        assert_eq!(status.message(), "nik: already registered");
        assert!(!status.message().contains("household-42"));
        assert_eq!(bad_request_fields(&status)[0].0, "nik");
    }
}
