//! The gRPC server of a Berdaya process: business services behind bearer-token auth,
//! health and reflection open, a span per call, graceful drain.

use std::future::Future;
use std::sync::Arc;

use berdaya_enterprise::EnterpriseApi;
use berdaya_households::{HouseholdsApi, ParticipationApi, SavingsApi};
use berdaya_platform::JwtKeys;
use berdaya_platform::call_guard::{CallGuard, CallGuardLayer, CallLimits, guarded_interceptor};
use berdaya_platform::server::{
    DEFAULT_DRAIN_DEADLINE, mark_not_serving, reflection, serve_with_drain_deadline,
};
use berdaya_proto::berdaya::enterprise::v1::enterprise_service_server::EnterpriseServiceServer;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsServiceServer;
use berdaya_proto::berdaya::households::v1::participation_service_server::ParticipationServiceServer;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsServiceServer;
use berdaya_proto::berdaya::reporting::v1::reporting_service_server::ReportingServiceServer;
use berdaya_reporting::grpc::ReportingApi;
use tokio::net::TcpListener;
use tonic::codegen::InterceptedService;
use tonic::transport::Server;

/// The services one process hosts: all of them under `berdaya up`, one under
/// `berdaya serve`.
#[derive(Debug, Clone, Default)]
pub struct Services {
    /// The households registry.
    pub households: Option<HouseholdsApi>,
    /// Social participation: activities and attendance (households context).
    pub participation: Option<ParticipationApi>,
    /// Savings culture: accounts, goals and incentives (households context).
    pub savings: Option<SavingsApi>,
    /// Reporting: indicators by region and month.
    pub reporting: Option<ReportingApi>,
    /// Enterprise: KUBE groups, grants, individual entrepreneurship support.
    pub enterprise: Option<EnterpriseApi>,
}

impl Services {
    /// gRPC names of the hosted services, for health.
    fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.households.is_some() {
            names.push(berdaya_households::grpc::SERVICE_NAME);
        }
        if self.participation.is_some() {
            names.push(berdaya_households::participation::grpc::SERVICE_NAME);
        }
        if self.savings.is_some() {
            names.push(berdaya_households::savings::grpc::SERVICE_NAME);
        }
        if self.reporting.is_some() {
            names.push(berdaya_reporting::grpc::SERVICE_NAME);
        }
        if self.enterprise.is_some() {
            names.push(berdaya_enterprise::grpc::SERVICE_NAME);
        }
        names
    }
}

/// Serves `services` on `listener` until `shutdown` resolves, then drains.
///
/// # Errors
/// When the server fails to start or its transport fails.
pub async fn serve(
    listener: TcpListener,
    services: Services,
    jwt: Arc<JwtKeys>,
    limits: &CallLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let (health, health_service) = tonic_health::server::health_reporter();
    let names = services.names();
    for name in &names {
        health
            .set_service_status(*name, tonic_health::ServingStatus::Serving)
            .await;
    }
    let (reflection_v1, reflection_v1alpha) = reflection(berdaya_proto::FILE_DESCRIPTOR_SET)?;
    let guard = Arc::new(
        CallGuard::new(berdaya_proto::FILE_DESCRIPTOR_SET, limits).map_err(anyhow::Error::msg)?,
    );
    let auth = guarded_interceptor(jwt, guard.clone());
    // The guard refuses oversized requests first, naming the limit; tonic's own limit
    // (answered OUT_OF_RANGE) is set to the same ceiling so it never bites first.
    let size = limits.max_request_bytes;
    let households = services.households.map(|api| {
        InterceptedService::new(
            HouseholdsServiceServer::new(api).max_decoding_message_size(size),
            auth.clone(),
        )
    });
    let participation = services.participation.map(|api| {
        InterceptedService::new(
            ParticipationServiceServer::new(api).max_decoding_message_size(size),
            auth.clone(),
        )
    });
    let savings = services.savings.map(|api| {
        InterceptedService::new(
            SavingsServiceServer::new(api).max_decoding_message_size(size),
            auth.clone(),
        )
    });
    let reporting = services.reporting.map(|api| {
        InterceptedService::new(
            ReportingServiceServer::new(api).max_decoding_message_size(size),
            auth.clone(),
        )
    });
    let enterprise = services.enterprise.map(|api| {
        InterceptedService::new(
            EnterpriseServiceServer::new(api).max_decoding_message_size(size),
            auth.clone(),
        )
    });
    let router = Server::builder()
        .max_concurrent_streams(limits.max_concurrent_streams)
        .layer(berdaya_platform::grpc_metrics::GrpcMetricsLayer)
        .layer(CallGuardLayer::new(guard))
        .trace_fn(berdaya_platform::telemetry::grpc_request_span)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_optional_service(households)
        .add_optional_service(participation)
        .add_optional_service(savings)
        .add_optional_service(reporting)
        .add_optional_service(enterprise);
    let shutdown = async move {
        shutdown.await;
        // Tell load balancers first, then stop taking calls and drain the ones in flight.
        mark_not_serving(&health, &names).await;
    };
    serve_with_drain_deadline(listener, router, shutdown, DEFAULT_DRAIN_DEADLINE).await?;
    Ok(())
}
