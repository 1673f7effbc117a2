//! OTLP export: with an endpoint configured, spans reach a collector (a real OTLP/gRPC
//! server here) in the trace their remote parent started.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

use std::time::Duration;

use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use tokio::sync::mpsc;

/// A collector that hands every export to the test.
struct Collector(mpsc::UnboundedSender<ExportTraceServiceRequest>);

#[tonic::async_trait]
impl TraceService for Collector {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let _ = self.0.send(request.into_inner());
        Ok(tonic::Response::new(ExportTraceServiceResponse {
            partial_success: None,
        }))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_are_exported_over_otlp_in_the_callers_trace() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (sender, mut exports) = mpsc::unbounded_channel();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(Collector(sender)))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );

    berdaya_platform::telemetry::init_with_otlp("otlp-test", Some(&format!("http://{addr}")));
    let span = tracing::info_span!("consume", consumer = "test");
    berdaya_platform::telemetry::set_remote_parent(
        &span,
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    );
    span.in_scope(|| tracing::info!("applied"));
    drop(span);
    berdaya_platform::telemetry::shutdown();

    let export = tokio::time::timeout(Duration::from_secs(20), exports.recv())
        .await
        .expect("an export within 20 s")
        .unwrap();
    let spans: Vec<_> = export
        .resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .flat_map(|s| &s.spans)
        .collect();
    let consume = spans
        .iter()
        .find(|s| s.name == "consume")
        .expect("the span");
    assert_eq!(
        hex::encode(&consume.trace_id),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert_eq!(hex::encode(&consume.parent_span_id), "00f067aa0ba902b7");
    let service = export.resource_spans[0]
        .resource
        .as_ref()
        .unwrap()
        .attributes
        .iter()
        .find(|kv| kv.key == "service.name")
        .unwrap();
    assert!(format!("{:?}", service.value).contains("berdaya-otlp-test"));
}
