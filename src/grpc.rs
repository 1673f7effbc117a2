//! The gRPC server of a Berdaya process: business services behind bearer-token auth,
//! health and reflection open, a span per call, graceful drain.

use std::future::Future;
use std::sync::Arc;

use berdaya_households::HouseholdsApi;
use berdaya_platform::server::{
    DEFAULT_DRAIN_DEADLINE, mark_not_serving, reflection, serve_with_drain_deadline,
};
use berdaya_platform::{JwtKeys, auth_interceptor};
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsServiceServer;
use tokio::net::TcpListener;
use tonic::transport::Server;

/// The services one process hosts.
#[derive(Debug, Clone)]
pub struct Services {
    /// The households registry.
    pub households: HouseholdsApi,
}

/// gRPC names of the hosted services, for health.
const SERVICE_NAMES: &[&str] = &[berdaya_households::grpc::SERVICE_NAME];

/// Serves `services` on `listener` until `shutdown` resolves, then drains.
///
/// # Errors
/// When the server fails to start or its transport fails.
pub async fn serve(
    listener: TcpListener,
    services: Services,
    jwt: Arc<JwtKeys>,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_serving::<HouseholdsServiceServer<HouseholdsApi>>()
        .await;
    let (reflection_v1, reflection_v1alpha) = reflection(berdaya_proto::FILE_DESCRIPTOR_SET)?;
    let households =
        HouseholdsServiceServer::with_interceptor(services.households, auth_interceptor(jwt));
    let router = Server::builder()
        .trace_fn(|request| tracing::info_span!("grpc", path = %request.uri().path()))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(households);
    let shutdown = async move {
        shutdown.await;
        // Tell load balancers first, then stop taking calls and drain the ones in flight.
        mark_not_serving(&health, SERVICE_NAMES).await;
    };
    serve_with_drain_deadline(listener, router, shutdown, DEFAULT_DRAIN_DEADLINE).await?;
    Ok(())
}
