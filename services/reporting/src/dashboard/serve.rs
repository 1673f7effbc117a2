//! The dashboard's HTTP server: hyper directly, so a client that never finishes its
//! request headers is cut off, and the number of connections is bounded.

use std::sync::Arc;
use std::time::Duration;

use berdaya_platform::JwtKeys;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::settings::DashboardSettings;
use crate::store::ReadModel;

/// Serves the dashboard on `listener` until `stop` is cancelled, then lets requests in
/// flight finish. A client gets `header_timeout` to send its request headers (a slow or
/// silent connection is closed instead of held open), and at most
/// [`DASHBOARD_MAX_CONNECTIONS`] connections are served at once.
pub async fn serve_dashboard(
    listener: TcpListener,
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    header_timeout: Duration,
    settings: DashboardSettings,
    stop: CancellationToken,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let app = super::router(model, jwt, settings);
    let service = hyper_util::service::TowerToHyperService::new(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(DASHBOARD_MAX_CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stop.cancelled() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "dashboard accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Full: close at once rather than queue unboundedly.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection =
            graceful.watch(http.serve_connection(TokioIo::new(stream), service.clone()));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "dashboard connection ended");
            }
            drop(slot);
        });
    }
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("dashboard connections did not finish in time");
    }
}

/// Most dashboard connections served at once.
pub const DASHBOARD_MAX_CONNECTIONS: usize = 256;
