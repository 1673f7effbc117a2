//! gRPC server plumbing every Berdaya service shares: reflection, binding, serving with
//! `TCP_NODELAY`, and a graceful drain on SIGTERM or SIGINT.
//!
//! A service's `main` path looks like this:
//!
//! ```text
//! let (health, health_service) = tonic_health::server::health_reporter();
//! let (reflection_v1, reflection_v1alpha) = server::reflection(berdaya_proto::FILE_DESCRIPTOR_SET, &names)?;
//! let listener = server::bind(settings.listen).await?;
//! let router = tonic::transport::Server::builder()
//!     .add_service(health_service)
//!     .add_service(reflection_v1)
//!     .add_service(reflection_v1alpha)
//!     .add_service(HouseholdsServer::with_interceptor(svc, auth_interceptor(keys)));
//! let shutdown = async move {
//!     server::shutdown_signal().await;
//!     server::mark_not_serving(&health, &[HOUSEHOLDS_SERVICE_NAME]).await;
//! };
//! server::serve(listener, router, shutdown).await?;
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::body::Body;
use tonic::codegen::{Body as HttpBody, Bytes, Service, StdError, http};
use tonic::service::Routes;
use tonic::transport::server::{Router, TcpIncoming};
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;
use tonic_reflection::pb::{v1, v1alpha};
use tower::Layer;

pub use tonic_reflection::server::Error as ReflectionError;

/// How long [`serve`] lets calls in flight finish after the shutdown signal before it
/// returns anyway: below the 30 s a Kubernetes pod gets between SIGTERM and SIGKILL.
pub const DEFAULT_DRAIN_DEADLINE: Duration = Duration::from_secs(25);

/// How long a drain with no call left in flight waits for the last responses to be
/// written before it closes the idle connections.
const FLUSH_GRACE: Duration = Duration::from_millis(300);

/// The gRPC reflection services, v1 and v1alpha (grpcurl still asks for v1alpha), for
/// the protos in `descriptor_set` (an encoded `FileDescriptorSet`) plus the health
/// service's, so grpcurl can describe everything the server offers.
///
/// # Errors
/// [`ReflectionError`] when `descriptor_set` is not a valid encoded `FileDescriptorSet`.
#[allow(clippy::type_complexity)]
pub fn reflection(
    descriptor_set: &'static [u8],
    services: &[&str],
) -> Result<
    (
        v1::server_reflection_server::ServerReflectionServer<
            impl v1::server_reflection_server::ServerReflection,
        >,
        v1alpha::server_reflection_server::ServerReflectionServer<
            impl v1alpha::server_reflection_server::ServerReflection,
        >,
    ),
    ReflectionError,
> {
    let builder = || {
        let mut builder = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(descriptor_set)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // google.rpc (BadRequest, PreconditionFailure): so a client decodes the
            // details of every refusal instead of "is not recognized".
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
            .with_service_name("grpc.health.v1.Health")
            .with_service_name("grpc.reflection.v1.ServerReflection")
            .with_service_name("grpc.reflection.v1alpha.ServerReflection");
        for service in services {
            builder = builder.with_service_name(*service);
        }
        builder
    };
    Ok((builder().build_v1()?, builder().build_v1alpha()?))
}

/// Binds a listener on `addr` (port 0 picks a free port; read it back with
/// `local_addr`), so the caller knows the address before serving.
///
/// # Errors
/// The I/O error when the address cannot be bound.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// Serves `router` on `listener` with `TCP_NODELAY` on every connection until `shutdown`
/// resolves, then stops accepting and drains calls in flight for at most
/// [`DEFAULT_DRAIN_DEADLINE`].
///
/// # Errors
/// The transport error that stopped the server.
pub async fn serve<L, ResBody>(
    listener: TcpListener,
    router: Router<L>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), tonic::transport::Error>
where
    L: Layer<Routes>,
    L::Service:
        Service<http::Request<Body>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    <L::Service as Service<http::Request<Body>>>::Future: Send,
    <L::Service as Service<http::Request<Body>>>::Error: Into<StdError> + Send,
    ResBody: HttpBody<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<StdError>,
{
    serve_with_drain_deadline(listener, router, shutdown, DEFAULT_DRAIN_DEADLINE, None).await
}

/// [`serve`] with an explicit drain deadline: once `shutdown` has resolved, calls still
/// running after `drain_deadline` are abandoned (a long history stream must not hold a
/// rollout hostage). With `in_flight` (the counter of an [`InFlightLayer`] on the
/// router), the drain ends as soon as no call is in flight, even while idle clients keep
/// their connections open.
///
/// [`InFlightLayer`]: crate::in_flight::InFlightLayer
///
/// # Errors
/// The transport error that stopped the server.
pub async fn serve_with_drain_deadline<L, ResBody>(
    listener: TcpListener,
    router: Router<L>,
    shutdown: impl Future<Output = ()> + Send,
    drain_deadline: Duration,
    in_flight: Option<&crate::in_flight::InFlight>,
) -> Result<(), tonic::transport::Error>
where
    L: Layer<Routes>,
    L::Service:
        Service<http::Request<Body>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    <L::Service as Service<http::Request<Body>>>::Future: Send,
    <L::Service as Service<http::Request<Body>>>::Error: Into<StdError> + Send,
    ResBody: HttpBody<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<StdError>,
{
    // Without TCP_NODELAY a small response can wait 40 ms for the peer's delayed ACK.
    let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
    let (draining_tx, draining_rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        tracing::info!(deadline = ?drain_deadline, "shutting down: draining calls in flight");
        let _ = draining_tx.send(());
    };
    let server = router.serve_with_incoming_shutdown(incoming, signal);
    tokio::pin!(server);
    let draining = async move {
        match draining_rx.await {
            Ok(()) => {
                let deadline = tokio::time::sleep(drain_deadline);
                match in_flight {
                    Some(in_flight) => tokio::select! {
                        () = deadline => true,
                        () = in_flight.idle() => false,
                    },
                    None => {
                        deadline.await;
                        true
                    }
                }
            }
            // The server ended before any shutdown signal; let its result win.
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        result = &mut server => result,
        deadline_passed = draining => {
            if deadline_passed {
                tracing::warn!(
                    deadline = ?drain_deadline,
                    "drain deadline passed, abandoning calls in flight"
                );
            } else {
                // The last answers may still sit in the connections' buffers: a moment
                // for hyper to write them, then idle connections are closed.
                if let Ok(result) = tokio::time::timeout(FLUSH_GRACE, &mut server).await {
                    return result;
                }
                tracing::info!("drained: no call in flight");
            }
            Ok(())
        }
    }
}

/// Resolves when the process receives SIGTERM (Kubernetes, systemd) or SIGINT (Ctrl-C).
///
/// The handlers are installed when this is called, not when the future is first
/// polled: a server may answer its first call before it polls its shutdown future, and
/// a SIGTERM in between would otherwise kill the process without a drain. Call it
/// inside the Tokio runtime. If the handlers cannot be installed, it logs the failure
/// and never resolves, leaving the default termination behaviour in place.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};

    let handlers = match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(term), Ok(int)) => Some((term, int)),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot install signal handlers");
            None
        }
    };
    async move {
        let Some((mut term, mut int)) = handlers else {
            return std::future::pending().await;
        };
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!(signal = name, "shutdown signal received");
    }
}

/// Marks the whole server (service `""`) and each of `service_names` `NOT_SERVING`, so
/// health checks and load balancers stop sending new calls while the server drains.
pub async fn mark_not_serving(health: &HealthReporter, service_names: &[&str]) {
    health
        .set_service_status("", ServingStatus::NotServing)
        .await;
    for name in service_names {
        health
            .set_service_status(name, ServingStatus::NotServing)
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::transport::{Channel, Server};
    use tonic_health::pb::health_check_response::ServingStatus as Wire;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

    struct Running {
        addr: SocketAddr,
        health: HealthReporter,
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<Result<(), tonic::transport::Error>>,
    }

    async fn start() -> Running {
        let (health, health_service) = tonic_health::server::health_reporter();
        let (v1, v1alpha) = reflection(tonic_health::pb::FILE_DESCRIPTOR_SET, &[]).unwrap();
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Server::builder()
            .add_service(health_service)
            .add_service(v1)
            .add_service(v1alpha);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, async move {
            let _ = stopped.await;
        }));
        Running {
            addr,
            health,
            stop,
            task,
        }
    }

    async fn channel(addr: SocketAddr) -> Channel {
        Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap()
    }

    async fn check(client: &mut HealthClient<Channel>, service: &str) -> Wire {
        let response = client
            .check(HealthCheckRequest {
                service: service.to_owned(),
            })
            .await
            .unwrap();
        response.into_inner().status()
    }

    #[tokio::test]
    async fn health_answers_over_a_real_connection_and_turns_not_serving() {
        let server = start().await;
        let mut client = HealthClient::new(channel(server.addr).await);
        assert_eq!(check(&mut client, "").await, Wire::Serving);

        mark_not_serving(&server.health, &["berdaya.households.v1.HouseholdsService"]).await;
        assert_eq!(check(&mut client, "").await, Wire::NotServing);
        assert_eq!(
            check(&mut client, "berdaya.households.v1.HouseholdsService").await,
            Wire::NotServing
        );

        server.stop.send(()).unwrap();
        server.task.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn reflection_lists_services_on_v1_and_v1alpha() {
        let server = start().await;
        let channel = channel(server.addr).await;

        let mut v1_client =
            v1::server_reflection_client::ServerReflectionClient::new(channel.clone());
        let request = v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
        };
        let mut responses = v1_client
            .server_reflection_info(tonic::codegen::tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        let response = responses.message().await.unwrap().unwrap();
        let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
            response.message_response
        else {
            panic!("expected a service list, got {response:?}");
        };
        let names: Vec<_> = list.service.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"grpc.health.v1.Health"), "{names:?}");
        assert!(
            names.contains(&"grpc.reflection.v1.ServerReflection"),
            "{names:?}"
        );

        let mut alpha_client =
            v1alpha::server_reflection_client::ServerReflectionClient::new(channel);
        let request = v1alpha::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(
                v1alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
            ),
        };
        let mut responses = alpha_client
            .server_reflection_info(tonic::codegen::tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        assert!(responses.message().await.unwrap().is_some());

        server.stop.send(()).unwrap();
        server.task.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_garbage_descriptor_set_is_refused() {
        assert!(reflection(b"\xff\xff\xff not a descriptor set", &[]).is_err());
    }

    #[tokio::test]
    async fn after_shutdown_new_connections_are_refused() {
        let server = start().await;
        server.stop.send(()).unwrap();
        server.task.await.unwrap().unwrap();
        let refused = Channel::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect()
            .await;
        assert!(refused.is_err());
    }

    #[tokio::test]
    async fn the_drain_deadline_ends_a_server_stuck_on_a_call() {
        let (_health, health_service) = tonic_health::server::health_reporter();
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Server::builder().add_service(health_service);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve_with_drain_deadline(
            listener,
            router,
            async move {
                let _ = stopped.await;
            },
            Duration::from_millis(200),
            None,
        ));
        // A Watch call streams forever: without the deadline the drain would never end.
        let mut client = HealthClient::new(channel(addr).await);
        let _watch = client
            .watch(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("server returned after the drain deadline")
            .unwrap()
            .unwrap();
    }

    #[tokio::test]
    async fn an_idle_client_does_not_hold_a_counted_drain() {
        let (_health, health_service) = tonic_health::server::health_reporter();
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let in_flight = crate::in_flight::InFlight::new();
        let router = Server::builder()
            .layer(in_flight.layer())
            .add_service(health_service);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let counted = in_flight.clone();
        let task = tokio::spawn(async move {
            serve_with_drain_deadline(
                listener,
                router,
                async move {
                    let _ = stopped.await;
                },
                Duration::from_secs(60),
                Some(&counted),
            )
            .await
        });
        // One finished call, and the client keeps its connection open, idle.
        let mut client = HealthClient::new(channel(addr).await);
        client
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .unwrap();
        assert_eq!(in_flight.count(), 0);
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the drain ended with no call in flight, not at its 60 s deadline")
            .unwrap()
            .unwrap();
        drop(client);
    }
}
