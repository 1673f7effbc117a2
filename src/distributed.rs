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
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_messaging::{MessagingError, Relay, run_with_leadership};
use berdaya_platform::metered_store::MeteredStore;
use berdaya_runtime::{Env, Mode, Module};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::RoutesBuilder;

use crate::settings::Settings;

/// Runs one context (`module`) on PostgreSQL with its relay until `shutdown`.
///
/// # Errors
/// Bad settings, an unreachable database, a port in use, a failed gRPC transport, or a
/// relay that cannot work with the configured stream.
pub(crate) async fn run(
    settings: &Settings,
    module: &'static dyn Module,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    settings.nats.validate()?;
    let context = module.context();
    let metrics_stop = CancellationToken::new();
    let metrics = serve_metrics(&settings.metrics_addr, metrics_stop.clone()).await?;
    // A context with a log holds personal data and relays; the projection needs only
    // the token key.
    let (jwt, vault, log) = if module.keeps_log() {
        let keys = settings.keys()?;
        let postgres = PostgresStore::connect(&settings.database_url.0)
            .await
            .with_context(|| {
                format!(
                    "connecting to PostgreSQL at {}",
                    crate::settings::database_target(&settings.database_url.0)
                )
            })?;
        let store: Arc<dyn EventStore> = Arc::new(MeteredStore::new(Arc::new(postgres.clone())));
        let vault = Arc::new(Vault::new(keys.master, keys.blind));
        (
            settings.jwt(&keys.signing)?,
            Some(vault),
            Some((postgres, store)),
        )
    } else {
        (settings.jwt(&settings.signing_key()?)?, None, None)
    };
    let jwt = Arc::new(jwt);
    let gateway = crate::grpc::Gateway::new(jwt.clone(), &settings.grpc)?;
    let stop = CancellationToken::new();
    let env = Env {
        sections: settings.context_sections(),
        vault,
        jwt,
        grpc: gateway.grpc.clone(),
        mode: Mode::Distributed {
            database_url: settings.database_url.0.clone(),
            log: log.clone(),
            nats: Box::new(settings.nats.clone()),
        },
        http: (
            settings.dashboard_addr()?,
            settings.dashboard_header_timeout(),
        ),
        stop: stop.clone(),
    };
    let mut routes = RoutesBuilder::default();
    let running = module.start(&env, &mut routes).await.with_context(|| {
        format!(
            "starting {context} on {}",
            crate::settings::database_target(&settings.database_url.0)
        )
    })?;
    let listener = berdaya_platform::server::bind(settings.grpc_addr()?).await?;
    let local = listener.local_addr()?;
    let http = crate::http_json::serve(&settings.http_addr, local, module.services(), stop.clone())
        .await?;
    tracing::info!(service = %context, addr = %local, "serving");
    let pages: Vec<String> = running.page.iter().map(|p| format!("http://{p}")).collect();
    crate::settings::announce_ready(
        settings,
        &serde_json::json!({
            "grpc": local.to_string(),
            "pages": pages,
            "metrics": metrics.map(|m| m.to_string()),
            "http": http.map(|h| h.to_string()),
            "service": context.as_str(),
        }),
    )?;

    if let Some((postgres, _)) = &log {
        tokio::spawn(sample_pool(
            postgres.pool().clone(),
            Duration::from_secs(5),
            metrics_stop.clone(),
        ));
    }
    let relay_stop = CancellationToken::new();
    let relayed = log.filter(|_| settings.nats.relay.enabled);
    let mut relay_task = relayed.map(|(postgres, store)| {
        let relay = Relay::new(store, settings.nats.clone(), context.as_str());
        let lock_options = (*postgres.pool().connect_options()).clone();
        tokio::spawn(run_with_leadership(relay, lock_options, relay_stop.clone()))
    });
    if module.keeps_log() && relay_task.is_none() {
        tracing::warn!("nats.relay.enabled is false: this process publishes no events");
    }

    let server = crate::grpc::serve(
        listener,
        &gateway,
        routes,
        module.services().to_vec(),
        shutdown,
    );
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

    // The gRPC server has drained: stop the context's own tasks (feeds, consumer,
    // dashboard), then let the relay publish what the last calls appended.
    stop.cancel();
    for task in running.tasks {
        let _ = task.await;
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

/// Serves `GET /metrics`, `/healthz` and `/readyz` on `addr` until `stop` (nothing when
/// `addr` is empty); returns the address it listens on.
///
/// # Errors
/// A malformed address, or one in use.
pub(crate) async fn serve_metrics(
    addr: &str,
    stop: CancellationToken,
) -> anyhow::Result<Option<std::net::SocketAddr>> {
    if addr.trim().is_empty() {
        return Ok(None);
    }
    let addr: std::net::SocketAddr = addr
        .parse()
        .with_context(|| format!("metrics_addr {addr:?} is not an address like 127.0.0.1:9464"))?;
    let listener = TcpListener::bind(addr).await.with_context(|| {
        format!("binding metrics_addr {addr} (set BERDAYA_METRICS_ADDR to another port, or to \"\" for none)")
    })?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "metrics on /metrics, liveness on /healthz, readiness on /readyz");
    tokio::spawn(async move {
        if let Err(error) = berdaya_platform::metrics::serve(listener, stop.cancelled_owned()).await
        {
            tracing::error!(error = %error, "metrics endpoint stopped");
        }
    });
    Ok(Some(addr))
}

/// Samples `pool` into `berdaya_db_pool_connections` every `every` until `stop`.
async fn sample_pool<DB: sqlx::Database>(
    pool: sqlx::Pool<DB>,
    every: std::time::Duration,
    stop: tokio_util::sync::CancellationToken,
) {
    let max = i64::from(pool.options().get_max_connections());
    loop {
        let size = i64::from(pool.size());
        let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
        berdaya_platform::metrics::DB_POOL_CONNECTIONS
            .with_label_values(&["in_use"])
            .set(size - idle);
        berdaya_platform::metrics::DB_POOL_CONNECTIONS
            .with_label_values(&["idle"])
            .set(idle);
        berdaya_platform::metrics::DB_POOL_CONNECTIONS
            .with_label_values(&["max"])
            .set(max);
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = stop.cancelled() => return,
        }
    }
}
