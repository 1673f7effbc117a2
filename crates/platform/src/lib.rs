//! Platform plumbing shared by every Berdaya service.
//!
//! - [`aggregate_store`]: how a command runs against an event-sourced aggregate
//!   (idempotency, cached loading, deciding, sealing, appending, retrying races);
//! - [`codec`]: how domain events become stored bytes and back, personal data sealed;
//! - [`command`]: the one command path of every gRPC edge ([`command::Edge`],
//!   [`command::CommandMessage`], [`command::run`]);
//! - [`enums`]: the one mapping between a proto enum and a domain enum;
//! - [`command_context`]: the validated context of every mutating RPC;
//! - [`health`]: gRPC health whose `Watch` streams end on shutdown;
//! - [`history`]: aggregate histories for auditors, and hash-chain checks;
//! - [`keyring`]: per-subject data keys for sealing personal data;
//! - [`auth`]: bearer JWTs, the [`Principal`] behind a call, and its role and region checks;
//! - [`call_guard`]: limits every call meets before a handler runs (size per method,
//!   load shedding, deadlines, the writing role, a rate per token);
//! - [`grpc_error`]: the one table from domain and store errors to gRPC status codes;
//! - [`grpc_metrics`]: call counts and latency of every gRPC method;
//! - [`metered_store`]: an event store decorator counting and timing appends;
//! - [`metrics`]: the Prometheus registry's shared metrics and `GET /metrics`;
//! - [`regions`]: the embedded Kemendagri region reference data;
//! - [`server`]: reflection, listeners with `TCP_NODELAY`, serving and graceful drain;
//! - [`telemetry`]: the process's tracing subscriber, OTLP export and W3C trace context;
//! - [`validate`]: the request [`Validator`] every service checks fields with, and
//!   today's date in WIB.
//!
//! Services depend on this crate at their edges only; domain code never sees tonic.

pub mod aggregate_store;
pub mod auth;
pub mod call_guard;
pub mod codec;
pub mod command;
pub mod command_context;
pub mod demo;
pub mod enums;
pub mod grpc_error;
pub mod grpc_metrics;
pub mod health;
pub mod history;
pub mod http_server;
pub mod in_flight;
pub mod keyring;
pub mod metered_store;
pub mod metrics;
pub mod regions;
pub mod server;
pub mod telemetry;
pub mod validate;

pub use auth::{AuthError, JwtKeys, Principal, Role, auth_interceptor};
pub use grpc_error::{domain_status, internal, invalid_argument, store_status};
pub use regions::{Region, RegionDirectory, RegionLevel};
pub use validate::Validator;
