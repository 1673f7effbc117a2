//! Prometheus metrics: the process-wide registry, the metrics every service shares, and
//! the `GET /metrics` endpoint (Prometheus text format).
//!
//! Metrics live in the `prometheus` crate's default registry, so any crate (the relay
//! and consumers in `berdaya-messaging`, say) registers its own and they all appear on
//! the one endpoint.

#![allow(
    clippy::expect_used,
    reason = "a metric that cannot register is a programming error, and the first test to gather metrics finds it"
)]

use std::future::Future;
use std::sync::LazyLock;

use prometheus::{
    Encoder, HistogramVec, IntCounterVec, IntGaugeVec, TextEncoder, register_histogram_vec,
    register_int_counter_vec, register_int_gauge_vec,
};
use tokio::net::TcpListener;

/// Latency buckets in seconds, from a cached read to a slow group commit.
const LATENCY_BUCKETS: &[f64] = &[
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// gRPC calls by method path and status code (`OK`, `NOT_FOUND`, ...).
pub static GRPC_REQUESTS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "berdaya_grpc_requests_total",
        "gRPC calls handled, by method and status code",
        &["method", "code"]
    )
    .expect("metric berdaya_grpc_requests_total")
});

/// gRPC call latency by method path, until the response headers.
pub static GRPC_DURATION: LazyLock<HistogramVec> = LazyLock::new(|| {
    register_histogram_vec!(
        "berdaya_grpc_request_duration_seconds",
        "gRPC call latency until the response headers, by method",
        &["method"],
        LATENCY_BUCKETS.to_vec()
    )
    .expect("metric berdaya_grpc_request_duration_seconds")
});

/// Events appended to the service's log, by stream category.
pub static EVENTS_APPENDED: LazyLock<IntCounterVec> = LazyLock::new(|| {
    register_int_counter_vec!(
        "berdaya_events_appended_total",
        "Events appended to the event store, by stream category",
        &["category"]
    )
    .expect("metric berdaya_events_appended_total")
});

/// Append latency by outcome (`ok`, `conflict`, `error`).
pub static APPEND_DURATION: LazyLock<HistogramVec> = LazyLock::new(|| {
    register_histogram_vec!(
        "berdaya_append_duration_seconds",
        "Event store append latency, by outcome",
        &["outcome"],
        LATENCY_BUCKETS.to_vec()
    )
    .expect("metric berdaya_append_duration_seconds")
});

/// `berdaya_build_info{version}`: always 1, so dashboards can show (and alert on) which
/// release each process runs.
pub static BUILD_INFO: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    let gauge = register_int_gauge_vec!(
        "berdaya_build_info",
        "The running Berdaya release (always 1)",
        &["version"]
    )
    .expect("metric berdaya_build_info");
    gauge.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
    gauge
});

/// Connections of the process's event-store pool, by state (`in_use`, `idle`) and the
/// pool's `max`: a pool that stays at its maximum is where calls wait.
pub static DB_POOL_CONNECTIONS: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    register_int_gauge_vec!(
        "berdaya_db_pool_connections",
        "Event store database connections, by state (in_use, idle, max)",
        &["state"]
    )
    .expect("metric berdaya_db_pool_connections")
});

/// Every registered metric in the Prometheus text format.
pub fn render() -> String {
    let mut buffer = Vec::new();
    let families = prometheus::gather();
    if let Err(error) = TextEncoder::new().encode(&families, &mut buffer) {
        tracing::error!(error = %error, "cannot encode metrics");
    }
    String::from_utf8(buffer).unwrap_or_default()
}

/// Serves, on `listener` until `shutdown` resolves, for operators and load balancers
/// that cannot speak gRPC:
/// - `GET /metrics`: every metric in the Prometheus text format (with the `process_*`
///   series of this process);
/// - `GET /healthz`: 200 while the process runs (liveness);
/// - `GET /readyz`: 200 while it serves calls, 503 while it starts or drains
///   (readiness, from [`crate::health::is_ready`]).
///
/// # Errors
/// The I/O error that stopped the server.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Register the shared metrics now (each series appears once first used).
    LazyLock::force(&GRPC_REQUESTS);
    LazyLock::force(&GRPC_DURATION);
    LazyLock::force(&EVENTS_APPENDED);
    LazyLock::force(&APPEND_DURATION);
    LazyLock::force(&BUILD_INFO);
    let app = axum::Router::new()
        .route("/healthz", axum::routing::get(|| async { "ok\n" }))
        .route(
            "/readyz",
            axum::routing::get(|| async {
                if crate::health::is_ready() {
                    (axum::http::StatusCode::OK, "ready\n")
                } else {
                    (
                        axum::http::StatusCode::SERVICE_UNAVAILABLE,
                        "not ready: starting or draining\n",
                    )
                }
            }),
        )
        .route(
            "/metrics",
            axum::routing::get(|| async {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    render(),
                )
            }),
        );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_endpoint_serves_prometheus_text() {
        EVENTS_APPENDED.with_label_values(&["test-category"]).inc();
        GRPC_DURATION
            .with_label_values(&["/test/Method"])
            .observe(0.003);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, async move {
            let _ = stopped.await;
        }));
        let body = http_get(addr, "/metrics").await;
        assert!(body.starts_with("HTTP/1.1 200"), "{body}");
        assert!(body.contains("berdaya_events_appended_total{category=\"test-category\"} 1"));
        assert!(body.contains("# TYPE berdaya_grpc_request_duration_seconds histogram"));
        assert!(body.contains(
            "berdaya_grpc_request_duration_seconds_bucket{method=\"/test/Method\",le=\"0.005\"} 1"
        ));
        assert!(body.contains("berdaya_build_info{version=\""), "{body}");
        assert!(body.contains("process_resident_memory_bytes"), "{body}");

        let live = http_get(addr, "/healthz").await;
        assert!(live.starts_with("HTTP/1.1 200"), "{live}");
        crate::health::set_ready(false);
        let starting = http_get(addr, "/readyz").await;
        assert!(starting.starts_with("HTTP/1.1 503"), "{starting}");
        crate::health::set_ready(true);
        let ready = http_get(addr, "/readyz").await;
        assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }

    async fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }
}
