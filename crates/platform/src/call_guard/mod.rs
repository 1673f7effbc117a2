//! Limits every call meets before any handler runs: request size per method, how many
//! calls run at once, the caller's deadline, the writing role, and a rate per token.
//!
//! - [`CallGuardLayer`] (a tower layer around the routes) sheds load, refuses oversized
//!   requests from their gRPC frame header, enforces `grpc-timeout` as
//!   `DEADLINE_EXCEEDED`, and tells the interceptor what the method is ([`MethodInfo`]);
//! - [`guarded_interceptor`] authenticates the bearer token, refuses a write from a
//!   principal that may not write (an auditor) before the body is decoded, and limits
//!   each token's subject to `grpc.calls_per_second` with a burst of
//!   `grpc.call_burst` (`RESOURCE_EXHAUSTED` beyond).
//!
//! Every refusal is one of the codes gRPC defines for it, so clients retry what is
//! worth retrying.

mod layer;
mod methods;

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tonic::{Request, Status};
use tonic_types::StatusExt;

pub use layer::{CallGuardLayer, Guarded};
pub use methods::{DEFAULT_METHOD_BYTES, MethodInfo, MethodTable};

use crate::auth::{JwtKeys, authenticate};

/// The `[grpc]` settings: limits of the gRPC server (see the README's configuration
/// reference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallLimits {
    /// The largest request any method accepts, in bytes; most methods accept less (see
    /// [`DEFAULT_METHOD_BYTES`]).
    pub max_request_bytes: usize,
    /// Calls served at once by the whole server; beyond, new calls are shed with
    /// `RESOURCE_EXHAUSTED` (health checks never are).
    pub max_concurrent_calls: usize,
    /// Concurrent streams (calls) one HTTP/2 connection may open.
    pub max_concurrent_streams: u32,
    /// Calls per second one token's subject may make, on average; 0 turns the limit off.
    pub calls_per_second: u32,
    /// Calls one subject may make in a burst above the average.
    pub call_burst: u32,
}

impl Default for CallLimits {
    fn default() -> Self {
        Self {
            max_request_bytes: 1024 * 1024,
            max_concurrent_calls: 256,
            max_concurrent_streams: 64,
            calls_per_second: 200,
            call_burst: 1000,
        }
    }
}

impl CallLimits {
    /// Checks the settings.
    ///
    /// # Errors
    /// A message naming the setting that is out of range.
    pub fn validate(&self) -> Result<(), String> {
        if !(1024..=64 * 1024 * 1024).contains(&self.max_request_bytes) {
            return Err(format!(
                "grpc.max_request_bytes must be 1024 to 67108864, got {}",
                self.max_request_bytes
            ));
        }
        if self.max_concurrent_calls == 0 {
            return Err("grpc.max_concurrent_calls must be at least 1".to_owned());
        }
        if self.max_concurrent_streams == 0 {
            return Err("grpc.max_concurrent_streams must be at least 1".to_owned());
        }
        if self.calls_per_second > 0 && self.call_burst == 0 {
            return Err(
                "grpc.call_burst must be at least 1 when calls_per_second is set".to_owned(),
            );
        }
        Ok(())
    }
}

/// The limits of one server, shared by its layer and its interceptor.
pub struct CallGuard {
    methods: MethodTable,
    busy: Arc<Semaphore>,
    rate: Option<DefaultKeyedRateLimiter<String>>,
    limits: CallLimits,
}

impl std::fmt::Debug for CallGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallGuard")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl CallGuard {
    /// The guard of a server serving the protos of `descriptor_set` under `limits`.
    ///
    /// # Errors
    /// When `limits` are out of range or `descriptor_set` does not decode.
    pub fn new(descriptor_set: &[u8], limits: &CallLimits) -> Result<Self, String> {
        limits.validate()?;
        let methods = MethodTable::new(descriptor_set, limits.max_request_bytes)
            .map_err(|e| format!("the file descriptor set does not decode: {e}"))?;
        let rate = NonZeroU32::new(limits.calls_per_second).map(|per_second| {
            let burst = NonZeroU32::new(limits.call_burst).unwrap_or(per_second);
            RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst))
        });
        Ok(Self {
            methods,
            busy: Arc::new(Semaphore::new(limits.max_concurrent_calls)),
            rate,
            limits: limits.clone(),
        })
    }

    /// The limits in force.
    pub fn limits(&self) -> &CallLimits {
        &self.limits
    }

    /// `RESOURCE_EXHAUSTED` when `subject` has used up its rate, with a
    /// `google.rpc.RetryInfo` saying when its next call is allowed (HTTP/JSON turns it
    /// into `Retry-After`).
    fn check_rate(&self, subject: &str) -> Result<(), Status> {
        let Some(rate) = &self.rate else {
            return Ok(());
        };
        rate.check_key(&subject.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(rate.clock().now());
            Status::with_error_details(
                tonic::Code::ResourceExhausted,
                format!(
                    "too many calls for this token: at most {} per second (burst {}); retry shortly",
                    self.limits.calls_per_second, self.limits.call_burst
                ),
                tonic_types::ErrorDetails::with_retry_info(Some(wait)),
            )
        })
    }
}

/// The interceptor of every business service behind a [`CallGuardLayer`]: the bearer
/// token (see [`crate::auth::auth_interceptor`]), then the writing role for a method
/// that writes, then the subject's rate. All before the request body is decoded.
pub fn guarded_interceptor(
    keys: Arc<JwtKeys>,
    guard: Arc<CallGuard>,
) -> impl Fn(Request<()>) -> Result<Request<()>, Status> + Clone + Send + Sync + 'static {
    move |mut request: Request<()>| {
        let principal = authenticate(&keys, request.metadata())?;
        if request
            .extensions()
            .get::<MethodInfo>()
            .is_some_and(|method| method.writes)
        {
            principal.require_writer()?;
        }
        guard.check_rate(&principal.subject)?;
        request.extensions_mut().insert(principal);
        Ok(request)
    }
}
