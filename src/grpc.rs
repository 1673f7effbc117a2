//! The gRPC server of a Berdaya process: the services of the contexts it runs behind
//! bearer-token auth and the call guard, health and reflection open, a span per call,
//! graceful drain.

use std::future::Future;
use std::sync::Arc;

use berdaya_platform::JwtKeys;
use berdaya_platform::call_guard::{CallGuard, CallGuardLayer, CallLimits, guarded_interceptor};
use berdaya_platform::in_flight::InFlight;
use berdaya_platform::server::{
    DEFAULT_DRAIN_DEADLINE, mark_not_serving, reflection, serve_with_drain_deadline,
};
use berdaya_runtime::{Auth, Grpc};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::RoutesBuilder;
use tonic::transport::Server;

/// The front door of a process's gRPC server: the call guard (sizes, deadlines, rates,
/// load) and the authentication every service is wrapped in.
#[derive(Debug)]
pub(crate) struct Gateway {
    guard: Arc<CallGuard>,
    limits: CallLimits,
    /// What modules wrap their services with.
    pub grpc: Grpc,
}

impl Gateway {
    /// The gateway for tokens signed with `jwt`, under `limits`.
    ///
    /// # Errors
    /// When the descriptor set does not give the per-method limits.
    pub(crate) fn new(jwt: Arc<JwtKeys>, limits: &CallLimits) -> anyhow::Result<Self> {
        let guard = Arc::new(
            CallGuard::new(berdaya_proto::FILE_DESCRIPTOR_SET, limits)
                .map_err(anyhow::Error::msg)?,
        );
        let interceptor = guarded_interceptor(jwt, guard.clone());
        Ok(Self {
            guard,
            limits: limits.clone(),
            // The guard refuses oversized requests first, naming the limit; tonic's own
            // limit (answered OUT_OF_RANGE) is set to the same ceiling so it never bites
            // first.
            grpc: Grpc {
                auth: Auth(Arc::new(interceptor)),
                max_request_bytes: limits.max_request_bytes,
            },
        })
    }
}

/// Serves `routes` (the services named `names`) on `listener` until `shutdown`
/// resolves, then drains.
///
/// # Errors
/// When the server fails to start or its transport fails.
pub(crate) async fn serve(
    listener: TcpListener,
    gateway: &Gateway,
    mut routes: RoutesBuilder,
    names: Vec<&'static str>,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let watchers = CancellationToken::new();
    let (health, health_service) = berdaya_platform::health::draining_health(watchers.clone());
    for name in &names {
        health
            .set_service_status(*name, tonic_health::ServingStatus::Serving)
            .await;
    }
    let (reflection_v1, reflection_v1alpha) =
        reflection(berdaya_proto::FILE_DESCRIPTOR_SET, &names)?;
    routes
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha);
    let in_flight = InFlight::new();
    let router = Server::builder()
        .max_concurrent_streams(gateway.limits.max_concurrent_streams)
        .layer(in_flight.layer())
        .layer(berdaya_platform::grpc_metrics::GrpcMetricsLayer)
        .layer(CallGuardLayer::new(gateway.guard.clone()))
        .trace_fn(berdaya_platform::telemetry::grpc_request_span)
        .add_routes(routes.routes());
    let shutdown = async move {
        shutdown.await;
        // Tell load balancers first, end the health watches (they would hold the drain),
        // then stop taking calls and drain the ones in flight.
        berdaya_platform::health::set_ready(false);
        mark_not_serving(&health, &names).await;
        watchers.cancel();
    };
    berdaya_platform::health::set_ready(true);
    serve_with_drain_deadline(
        listener,
        router,
        shutdown,
        DEFAULT_DRAIN_DEADLINE,
        Some(&in_flight),
    )
    .await?;
    Ok(())
}
