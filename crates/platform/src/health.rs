//! gRPC health (`grpc.health.v1`) that lets a process stop promptly: on shutdown the
//! statuses turn `NOT_SERVING` (load balancers stop sending calls), and then every open
//! `Watch` stream ends, so a watcher cannot hold the graceful drain for its whole
//! deadline.

use std::pin::Pin;

use futures::{Stream, StreamExt};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};
use tonic_health::pb::health_server::{Health, HealthServer};
use tonic_health::pb::{HealthCheckRequest, HealthCheckResponse};
use tonic_health::server::{HealthReporter, HealthService};

/// The health service of a process, and the reporter that sets its statuses.
pub fn draining_health(stop: CancellationToken) -> (HealthReporter, HealthServer<DrainingHealth>) {
    let reporter = HealthReporter::new();
    let inner = HealthService::from_health_reporter(reporter.clone());
    (reporter, HealthServer::new(DrainingHealth { inner, stop }))
}

/// `grpc.health.v1.Health` whose `Watch` streams end when `stop` is cancelled.
#[derive(Debug)]
pub struct DrainingHealth {
    inner: HealthService,
    stop: CancellationToken,
}

/// A `Watch` stream that ends on shutdown.
pub type WatchStream = Pin<Box<dyn Stream<Item = Result<HealthCheckResponse, Status>> + Send>>;

#[tonic::async_trait]
impl Health for DrainingHealth {
    async fn check(
        &self,
        request: Request<HealthCheckRequest>,
    ) -> Result<Response<HealthCheckResponse>, Status> {
        self.inner.check(request).await
    }

    type WatchStream = WatchStream;

    async fn watch(
        &self,
        request: Request<HealthCheckRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        let updates = self.inner.watch(request).await?.into_inner();
        let stop = self.stop.clone();
        let until_stopped = updates.take_until(async move { stop.cancelled().await });
        Ok(Response::new(Box::pin(until_stopped)))
    }
}
