//! A tower layer that counts every gRPC call and times it, by method and status code
//! (see [`crate::metrics::GRPC_REQUESTS`] and [`crate::metrics::GRPC_DURATION`]).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use tonic::codegen::http;
use tower::{Layer, Service};

use crate::metrics::{GRPC_DURATION, GRPC_REQUESTS};

/// Adds call metrics to a gRPC server: `Server::builder().layer(GrpcMetricsLayer)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrpcMetricsLayer;

impl<S> Layer<S> for GrpcMetricsLayer {
    type Service = GrpcMetrics<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcMetrics { inner }
    }
}

/// The service [`GrpcMetricsLayer`] wraps around a server.
#[derive(Debug, Clone)]
pub struct GrpcMetrics<S> {
    inner: S,
}

impl<S, ReqBody, ResBody> Service<http::Request<ReqBody>> for GrpcMetrics<S>
where
    S: Service<http::Request<ReqBody>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let method = request.uri().path().to_owned();
        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let result = response.await;
            // Unary errors come back "trailers only": the status is in the headers. A
            // status sent in trailers (success, or a stream failing midway) counts as OK.
            let code = match &result {
                Ok(response) => response
                    .headers()
                    .get("grpc-status")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<usize>().ok())
                    .map_or("OK", code_name),
                Err(_) => "UNAVAILABLE",
            };
            // A path no service serves is labelled as one: every random path a client
            // makes up would otherwise become a series of its own, without bound.
            let method = if code == "UNIMPLEMENTED" {
                UNKNOWN_METHOD
            } else {
                method.as_str()
            };
            GRPC_DURATION
                .with_label_values(&[method])
                .observe(started.elapsed().as_secs_f64());
            GRPC_REQUESTS.with_label_values(&[method, code]).inc();
            result
        })
    }
}

/// The `method` label of calls to paths no service serves.
pub const UNKNOWN_METHOD: &str = "unknown";

/// The canonical name of a gRPC status code.
fn code_name(code: usize) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    NAMES.get(code).copied().unwrap_or("UNKNOWN")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random paths are one series, not one each (hostile input must not grow the
    /// metrics registry without bound).
    #[tokio::test]
    async fn paths_no_service_serves_share_one_label() {
        let unimplemented = tower::service_fn(|_request: http::Request<()>| async {
            let response = http::Response::builder()
                .header("grpc-status", "12")
                .body(())
                .unwrap();
            Ok::<_, std::convert::Infallible>(response)
        });
        let mut service = GrpcMetricsLayer.layer(unimplemented);
        let before = GRPC_REQUESTS
            .with_label_values(&[UNKNOWN_METHOD, "UNIMPLEMENTED"])
            .get();
        for n in 0..3 {
            let request = http::Request::builder()
                .uri(format!("/made.up.Service{n}/Method"))
                .body(())
                .unwrap();
            service.call(request).await.unwrap();
        }
        assert_eq!(
            GRPC_REQUESTS
                .with_label_values(&[UNKNOWN_METHOD, "UNIMPLEMENTED"])
                .get(),
            before + 3
        );
        let text = crate::metrics::render();
        assert!(!text.contains("made.up.Service"), "{text}");
    }

    #[test]
    fn code_names() {
        assert_eq!(code_name(0), "OK");
        assert_eq!(code_name(5), "NOT_FOUND");
        assert_eq!(code_name(14), "UNAVAILABLE");
        assert_eq!(code_name(99), "UNKNOWN");
    }
}
