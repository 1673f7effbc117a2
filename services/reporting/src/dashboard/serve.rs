//! The dashboard's HTTP server: the platform's bounded HTTP/1 server (a client that never
//! finishes its request headers is cut off, and the number of connections is bounded).

use std::sync::Arc;
use std::time::Duration;

use berdaya_platform::JwtKeys;
use berdaya_platform::http_server::serve_bounded;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::settings::DashboardSettings;
use crate::store::ReadModel;

/// Serves the dashboard on `listener` until `stop` is cancelled, then lets requests in
/// flight finish. A client gets `header_timeout` to send its request headers, and at
/// most [`DASHBOARD_MAX_CONNECTIONS`] connections are served at once.
pub async fn serve_dashboard(
    listener: TcpListener,
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    header_timeout: Duration,
    settings: DashboardSettings,
    stop: CancellationToken,
) {
    let app = super::router(model, jwt, settings);
    serve_bounded(
        listener,
        app,
        header_timeout,
        DASHBOARD_MAX_CONNECTIONS,
        stop,
    )
    .await;
}

/// Most dashboard connections served at once.
pub const DASHBOARD_MAX_CONNECTIONS: usize = 256;
