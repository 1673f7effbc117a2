//! HTTP/JSON for systems that cannot speak gRPC: every unary and server-streaming RPC of
//! the process as `POST /v1/<package>.<Service>/<Method>` with a proto3 JSON body, and
//! an OpenAPI 3 document of them at `GET /openapi.json`.
//!
//! A call is transcoded, not reimplemented: the JSON becomes the request message through
//! the descriptor set (`prost-reflect`), and goes to the process's own gRPC server over
//! loopback, so bearer auth, the call guard (sizes, load, deadlines, the per-token rate
//! limit), metrics and tracing are the ones every gRPC caller meets. The answer, or the
//! refusal, comes back as proto3 JSON with an HTTP status (see [`errors`]).

mod errors;
mod openapi;
mod transcode;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use transcode::Transcoder;

/// How long a client has to send its request headers: other agencies' systems send them
/// at once; a connection that holds them back is closed, not kept open.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once; beyond, a new one is closed (each call also counts
/// against `grpc.max_concurrent_calls` on the gRPC side).
const MAX_CONNECTIONS: usize = 256;

/// Serves the HTTP/JSON API of the gRPC server at `grpc` (serving `services`) on `addr`
/// until `stop` (nothing when `addr` is empty); returns the address it listens on.
///
/// # Errors
/// A malformed address, one in use, or a descriptor set that does not decode.
pub(crate) async fn serve(
    addr: &str,
    grpc: SocketAddr,
    services: &[&str],
    stop: CancellationToken,
) -> anyhow::Result<Option<SocketAddr>> {
    if addr.trim().is_empty() {
        return Ok(None);
    }
    let addr: SocketAddr = addr
        .parse()
        .with_context(|| format!("http_addr {addr:?} is not an address like 127.0.0.1:8081"))?;
    let listener = TcpListener::bind(addr).await.with_context(|| {
        format!(
            "binding http_addr {addr} (set --http-addr or BERDAYA_HTTP_ADDR to another port, or to \"\" for none)"
        )
    })?;
    let local = listener.local_addr()?;
    let transcoder = Transcoder::new(grpc, services)?;
    let document = Bytes::from(serde_json::to_vec(&openapi::document(
        transcoder.services(),
    ))?);
    let app = axum::Router::new()
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let document = document.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], document) }
            }),
        )
        .route("/v1/{service}/{method}", axum::routing::post(call))
        .with_state(Arc::new(transcoder));
    tracing::info!(addr = %local, "HTTP/JSON on /v1/<service>/<method>, OpenAPI on /openapi.json");
    tokio::spawn(berdaya_platform::http_server::serve_bounded(
        listener,
        app,
        HEADER_TIMEOUT,
        MAX_CONNECTIONS,
        stop,
    ));
    Ok(Some(local))
}

/// `POST /v1/{service}/{method}`: one RPC, JSON in, JSON out.
async fn call(
    State(transcoder): State<Arc<Transcoder>>,
    Path((service, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match transcoder.call(&service, &method, &headers, &body).await {
        Ok(json) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(status) => errors::response(&status),
    }
}
