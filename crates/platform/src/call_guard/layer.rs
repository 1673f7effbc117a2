//! The tower layer in front of every gRPC service: it refuses what must never reach a
//! handler before the request body is decoded, and tells the auth interceptor what the
//! method is.
//!
//! For each call it
//! 1. sheds load: beyond `grpc.max_concurrent_calls` calls at once, a new call gets
//!    `RESOURCE_EXHAUSTED` at once (health checks are never shed, so probes keep
//!    answering while the server is busy);
//! 2. reads the 5-byte gRPC frame header of a Berdaya request and refuses a message
//!    longer than the method's limit with `RESOURCE_EXHAUSTED`, naming the limit, before
//!    the body is read further (a million empty repeated entries are never decoded);
//! 3. leaves the method's [`MethodInfo`] in the request extensions, so the interceptor
//!    refuses an auditor's write before its body is decoded;
//! 4. answers `DEADLINE_EXCEEDED` when the caller's `grpc-timeout` runs out (tonic's own
//!    timer would answer `CANCELLED`; this one runs a few milliseconds shorter, so it
//!    wins), counting the time the body takes to arrive, and starts no work for a call
//!    whose deadline has already passed.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use bytes::{Bytes, BytesMut};
use http_body::Frame;
use http_body_util::BodyExt;
use tonic::Status;
use tonic::body::Body;
use tonic::codegen::http;
use tower::{Layer, Service};

use super::CallGuard;

/// How much earlier than tonic's timer this one fires.
const DEADLINE_MARGIN: Duration = Duration::from_millis(5);

/// The gRPC frame header: a compression flag and a 4-byte big-endian length.
const FRAME_HEADER: usize = 5;

/// The layer: `Server::builder().layer(CallGuardLayer::new(guard))`.
#[derive(Debug, Clone)]
pub struct CallGuardLayer {
    guard: Arc<CallGuard>,
}

impl CallGuardLayer {
    /// A layer enforcing `guard`.
    pub fn new(guard: Arc<CallGuard>) -> Self {
        Self { guard }
    }
}

impl<S> Layer<S> for CallGuardLayer {
    type Service = Guarded<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guarded {
            inner,
            guard: self.guard.clone(),
        }
    }
}

/// The service [`CallGuardLayer`] wraps around the routes.
#[derive(Debug, Clone)]
pub struct Guarded<S> {
    inner: S,
    guard: Arc<CallGuard>,
}

impl<S> Service<http::Request<Body>> for Guarded<S>
where
    S: Service<http::Request<Body>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        // The ready service serves this call; a fresh clone waits for the next one.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let guard = self.guard.clone();
        // The deadline counts from now, before tonic's own timer has been polled once.
        let deadline = deadline(request.headers()).map(|left| Instant::now() + left);
        Box::pin(async move {
            let path = request.uri().path().to_owned();
            let _permit = if path.starts_with("/grpc.health.") {
                None
            } else {
                match guard.busy.clone().try_acquire_owned() {
                    Ok(permit) => Some(permit),
                    Err(_) => {
                        return Ok(refusal(Status::resource_exhausted(
                            "the server is busy: retry later (sunting: server sibuk, coba lagi)",
                        )));
                    }
                }
            };
            let call = async move {
                let request = match guard.methods.get(&path) {
                    Some(info) => {
                        let (mut parts, body) = request.into_parts();
                        let body = match first_frame_within(body, info.max_request_bytes).await {
                            Ok(body) => body,
                            Err(status) => return Ok(refusal(status)),
                        };
                        parts.extensions.insert(info);
                        http::Request::from_parts(parts, body)
                    }
                    None => request,
                };
                inner.call(request).await
            };
            match deadline {
                // Already passed: no work starts (and none races the timer).
                Some(deadline) if deadline <= Instant::now() => Ok(deadline_passed()),
                // Reading the body counts too: a client that withholds it is cut off.
                Some(deadline) => tokio::time::timeout_at(deadline, call)
                    .await
                    .unwrap_or_else(|_| Ok(deadline_passed())),
                None => call.await,
            }
        })
    }
}

/// `DEADLINE_EXCEEDED`, as a response.
fn deadline_passed() -> http::Response<Body> {
    refusal(Status::deadline_exceeded(
        "the call's deadline (grpc-timeout) passed",
    ))
}

/// A trailers-only answer carrying `status`.
fn refusal(status: Status) -> http::Response<Body> {
    status.into_http()
}

/// How long the caller's `grpc-timeout` leaves, a few milliseconds short so this timer
/// fires before tonic's own (which answers `CANCELLED`).
fn deadline(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get("grpc-timeout")?.to_str().ok()?;
    let (amount, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = amount.parse().ok()?;
    let timeout = match unit {
        "H" => Duration::from_secs(amount.saturating_mul(3600)),
        "M" => Duration::from_secs(amount.saturating_mul(60)),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    };
    Some(timeout.saturating_sub(DEADLINE_MARGIN))
}

/// Reads `body` until the first message's frame header is in, and refuses a message
/// longer than `limit`; otherwise gives back a body that replays what was read.
async fn first_frame_within(mut body: Body, limit: usize) -> Result<Body, Status> {
    let mut head = BytesMut::new();
    let mut trailers = None;
    while head.len() < FRAME_HEADER {
        match body.frame().await {
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => head.extend_from_slice(&data),
                Err(frame) => {
                    trailers = Some(frame);
                    break;
                }
            },
            // The transport failed; let tonic see the same failure.
            Some(Err(status)) => return Err(status),
            None => break,
        }
    }
    if head.len() >= FRAME_HEADER {
        let length = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        if usize::try_from(length).map_or(true, |length| length > limit) {
            return Err(Status::resource_exhausted(format!(
                "the request is {length} bytes, more than the {limit} bytes this method accepts"
            )));
        }
    }
    Ok(Body::new(Replayed {
        head: Some(head.freeze()).filter(|h| !h.is_empty()),
        trailers,
        rest: body,
    }))
}

/// A body that yields what was already read, then the rest.
struct Replayed {
    head: Option<Bytes>,
    trailers: Option<Frame<Bytes>>,
    rest: Body,
}

impl http_body::Body for Replayed {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        if let Some(trailers) = self.trailers.take() {
            return Poll::Ready(Some(Ok(trailers)));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_parse_a_millisecond_short() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(deadline(&headers), None);
        for (value, expected) in [
            ("2S", Duration::from_millis(1995)),
            ("100m", Duration::from_millis(95)),
            ("1M", Duration::from_millis(59_995)),
            ("500u", Duration::ZERO),
        ] {
            headers.insert("grpc-timeout", value.parse().unwrap());
            assert_eq!(deadline(&headers), Some(expected), "{value}");
        }
        headers.insert("grpc-timeout", "soon".parse().unwrap());
        assert_eq!(deadline(&headers), None);
    }

    #[tokio::test]
    async fn an_oversized_message_is_refused_from_its_header() {
        let mut frame = vec![0u8];
        frame.extend_from_slice(&2_000_000u32.to_be_bytes());
        let body = Body::new(
            http_body_util::Full::new(Bytes::from(frame)).map_err(|never| match never {}),
        );
        let status = first_frame_within(body, 65_536).await.err().unwrap();
        assert_eq!(status.code(), tonic::Code::ResourceExhausted);
        assert_eq!(
            status.message(),
            "the request is 2000000 bytes, more than the 65536 bytes this method accepts"
        );
    }

    #[tokio::test]
    async fn a_message_within_the_limit_is_replayed_whole() {
        let mut frame = vec![0u8];
        frame.extend_from_slice(&3u32.to_be_bytes());
        frame.extend_from_slice(b"abc");
        let body = Body::new(
            http_body_util::Full::new(Bytes::from(frame.clone())).map_err(|never| match never {}),
        );
        let body = first_frame_within(body, 10).await.unwrap();
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes.as_ref(), frame.as_slice());
    }
}
