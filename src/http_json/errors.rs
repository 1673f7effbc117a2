//! A refused call as HTTP: the gRPC code becomes the status a plain HTTP client expects,
//! and the body keeps what a gRPC client would see — the code's name, the message, and
//! the status details (`google.rpc.BadRequest` field violations and the like) in proto3
//! JSON, decoded through the `google.rpc` descriptors rather than by hand.

use std::sync::LazyLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prost_reflect::{DescriptorPool, DynamicMessage};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// Seconds a refused client is told to wait when the refusal says nothing more precise
/// (load shed): the limits are per second.
const DEFAULT_RETRY_AFTER_SECS: &str = "1";

/// The `google.rpc` messages (`Status`, `BadRequest`, ...) the details are made of.
static RPC_TYPES: LazyLock<Option<DescriptorPool>> =
    LazyLock::new(|| DescriptorPool::decode(tonic_types::pb::FILE_DESCRIPTOR_SET).ok());

/// The HTTP status for a gRPC code.
pub(super) fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::InvalidArgument | Code::OutOfRange => StatusCode::BAD_REQUEST,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted | Code::FailedPrecondition => StatusCode::CONFLICT,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code as gRPC spells it: `INVALID_ARGUMENT`.
pub(super) fn code_name(code: Code) -> String {
    let mut name = String::new();
    for (i, c) in format!("{code:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// The status details as proto3 JSON (`[{"@type": ..., "fieldViolations": [...]}]`).
fn details(status: &Status) -> serde_json::Value {
    let empty = serde_json::Value::Array(Vec::new());
    if status.details().is_empty() {
        return empty;
    }
    let decoded = RPC_TYPES
        .as_ref()
        .and_then(|pool| pool.get_message_by_name("google.rpc.Status"))
        .and_then(|rpc| DynamicMessage::decode(rpc, status.details()).ok())
        .and_then(|rpc| serde_json::to_value(&rpc).ok());
    match decoded {
        Some(serde_json::Value::Object(mut rpc)) => rpc.remove("details").unwrap_or(empty),
        _ => empty,
    }
}

/// The answer for a refused call.
pub(super) fn response(status: &Status) -> Response {
    let http = http_status(status.code());
    let body = serde_json::json!({
        "code": code_name(status.code()),
        "message": status.message(),
        "details": details(status),
    });
    let mut response = (
        http,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    if http == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, retry_after(status));
    }
    response
}

/// Whole seconds until a retry may succeed: the `RetryInfo` delay rounded up, else 1.
fn retry_after(status: &Status) -> HeaderValue {
    let delay = status
        .get_details_retry_info()
        .and_then(|info| info.retry_delay)
        .filter(|delay| !delay.is_zero());
    match delay {
        Some(delay) => {
            let secs = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
            HeaderValue::from(secs.max(1))
        }
        None => HeaderValue::from_static(DEFAULT_RETRY_AFTER_SECS),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use berdaya_domain::error::FieldViolation;

    #[test]
    fn codes_are_named_as_grpc_spells_them() {
        assert_eq!(code_name(Code::InvalidArgument), "INVALID_ARGUMENT");
        assert_eq!(code_name(Code::NotFound), "NOT_FOUND");
        assert_eq!(code_name(Code::Unauthenticated), "UNAUTHENTICATED");
    }

    #[test]
    fn each_refusal_gets_the_status_an_http_client_expects() {
        for (code, http) in [
            (Code::InvalidArgument, 400),
            (Code::Unauthenticated, 401),
            (Code::PermissionDenied, 403),
            (Code::NotFound, 404),
            (Code::AlreadyExists, 409),
            (Code::Aborted, 409),
            (Code::FailedPrecondition, 409),
            (Code::ResourceExhausted, 429),
            (Code::Unavailable, 503),
            (Code::DeadlineExceeded, 504),
            (Code::Internal, 500),
            (Code::Unknown, 500),
        ] {
            assert_eq!(http_status(code).as_u16(), http, "{code:?}");
        }
    }

    #[test]
    fn field_violations_come_back_as_proto3_json() {
        let status = berdaya_platform::grpc_error::invalid_argument(&[FieldViolation::new(
            "head.nik",
            "must be 16 digits",
        )]);
        let details = details(&status);
        assert_eq!(
            details[0]["@type"],
            "type.googleapis.com/google.rpc.BadRequest"
        );
        assert_eq!(details[0]["fieldViolations"][0]["field"], "head.nik");
        assert_eq!(
            details[0]["fieldViolations"][0]["description"],
            "must be 16 digits"
        );
    }

    #[test]
    fn over_the_rate_says_when_to_retry() {
        let shed = response(&Status::resource_exhausted("the server is busy"));
        assert_eq!(shed.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(shed.headers()[header::RETRY_AFTER], "1");
        let limited = Status::with_error_details(
            Code::ResourceExhausted,
            "too many calls",
            tonic_types::ErrorDetails::with_retry_info(Some(std::time::Duration::from_millis(
                2200,
            ))),
        );
        assert_eq!(response(&limited).headers()[header::RETRY_AFTER], "3");
    }
}
