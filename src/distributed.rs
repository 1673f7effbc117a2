//! The process around one service in the distributed mode (`berdaya serve`): the
//! metrics endpoint, the relay of the service's log to NATS JetStream, and the order of
//! a graceful stop.
//!
//! On SIGTERM or SIGINT: health turns `NOT_SERVING`, the gRPC server stops accepting and
//! lets calls in flight finish (bounded by the drain deadline), then the relay publishes
//! what those calls appended (bounded by `nats.relay.flush_deadline_ms`), releases its
//! lock, and the process flushes its traces and exits.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_messaging::{MessagingError, Relay, run_with_leadership};
use berdaya_platform::JwtKeys;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::settings::Settings;

/// Runs `services` (one bounded context, `context`) with its relay until `shutdown`.
///
/// # Errors
/// Bad messaging or metrics settings, a port in use, a failed gRPC transport, or a
/// relay that cannot work with the configured stream.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    settings: &Settings,
    context: &str,
    store: Arc<dyn EventStore>,
    postgres: &PostgresStore,
    listener: TcpListener,
    services: crate::grpc::Services,
    jwt: Arc<JwtKeys>,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    settings.nats.validate()?;
    let metrics_stop = CancellationToken::new();
    if !settings.metrics_addr.is_empty() {
        let addr: std::net::SocketAddr = settings.metrics_addr.parse().with_context(|| {
            format!(
                "metrics_addr {:?} is not an address like 127.0.0.1:9464",
                settings.metrics_addr
            )
        })?;
        let metrics_listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding metrics_addr {addr}"))?;
        tracing::info!(%addr, "metrics on /metrics");
        let stop = metrics_stop.clone();
        tokio::spawn(async move {
            if let Err(error) =
                berdaya_platform::metrics::serve(metrics_listener, stop.cancelled_owned()).await
            {
                tracing::error!(error = %error, "metrics endpoint stopped");
            }
        });
    }

    let relay_stop = CancellationToken::new();
    let mut relay_task = settings.nats.relay.enabled.then(|| {
        let relay = Relay::new(store, settings.nats.clone(), context);
        let lock_options = (*postgres.pool().connect_options()).clone();
        tokio::spawn(run_with_leadership(relay, lock_options, relay_stop.clone()))
    });
    if relay_task.is_none() {
        tracing::warn!("nats.relay.enabled is false: this process publishes no events");
    }

    let server = crate::grpc::serve(listener, services, jwt, &settings.grpc, shutdown);
    // A relay that cannot work (the stream conflicts with the settings) stops the
    // process: better a crash loop someone sees than events that silently stay home.
    let relay_failed = async {
        match relay_task.as_mut() {
            Some(task) => match task.await {
                Ok(Err(error)) => error,
                Ok(Ok(())) => std::future::pending().await,
                Err(join) => MessagingError::Nats(format!("relay task ended: {join}")),
            },
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        result = server => result?,
        error = relay_failed => {
            metrics_stop.cancel();
            return Err(anyhow::Error::new(error).context("relay failed"));
        }
    }

    relay_stop.cancel();
    if let Some(task) = relay_task {
        let deadline =
            Duration::from_millis(settings.nats.relay.flush_deadline_ms) + Duration::from_secs(2);
        match tokio::time::timeout(deadline, task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(error))) => tracing::error!(error = %error, "relay failed while stopping"),
            Ok(Err(join)) => tracing::error!(error = %join, "relay task failed"),
            Err(_) => tracing::warn!("relay did not stop in time"),
        }
    }
    metrics_stop.cancel();
    tracing::info!("stopped");
    berdaya_platform::telemetry::shutdown();
    Ok(())
}
